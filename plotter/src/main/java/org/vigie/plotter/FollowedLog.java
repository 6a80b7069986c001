package org.vigie.plotter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.vigie.common.State;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogException;
import org.vigie.common.recordlog.RecordLogReader;

/**
 * A log that is still being written, read a little at a time: each {@link #readNew} reads only the records
 * appended since the last one, and a last record its writer is still writing waits for the next call
 * instead of failing.
 */
final class FollowedLog implements Closeable {

    private final RecordLogReader reader;
    private final RecordLogReader.Cursor cursor;
    private long[] times = new long[1024];
    private double[] values = new double[1024];
    private State[] states = new State[1024];
    private float[] scores = new float[1024];
    private int n;
    private String warning;

    private FollowedLog(RecordLogReader reader) {
        this.reader = reader;
        this.cursor = reader.cursor(0);
    }

    static FollowedLog open(Path file) {
        return new FollowedLog(LoadedLog.open(file));
    }

    /** The kind a log's header says it is (reference or detector). */
    static LogMetadata.Kind kindOf(Path file) {
        try (FollowedLog f = open(file)) {
            return f.metadata().kind();
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    LogMetadata metadata() {
        return reader.metadata();
    }

    /** Reads the complete records appended since the last call; how many. */
    int readNew() throws IOException {
        int before = n;
        if (warning != null) {
            return 0; // stopped at a corrupt record: what came before it is drawn
        }
        try {
            for (LogRecord r; (r = cursor.poll(Duration.ZERO)) != null; n++) {
                if (n == values.length) {
                    times = Arrays.copyOf(times, 2 * n);
                    values = Arrays.copyOf(values, 2 * n);
                    states = Arrays.copyOf(states, 2 * n);
                    scores = Arrays.copyOf(scores, 2 * n);
                }
                times[n] = r.timeMicros();
                values[n] = r.value();
                states[n] = r.state();
                scores[n] = r.score();
            }
        } catch (RecordLogException e) {
            warning = e.getMessage() + "; drawing the " + n + " valid records before it";
            System.err.println("warning: " + warning);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return n - before;
    }

    /** Records read so far. */
    int size() {
        return n;
    }

    // The columns read so far, valid up to size(): shared, not copied (a live view reads them under its lock).
    long[] times() {
        return times;
    }

    double[] values() {
        return values;
    }

    State[] states() {
        return states;
    }

    /** The calibrated scores (NaN where the log has none: a reference log, a value still initialising). */
    float[] scores() {
        return scores;
    }

    /** Why reading stopped (a corrupt record), or null. */
    String warning() {
        return warning;
    }

    /** What has been read so far, as a loaded log. */
    LoadedLog snapshot() {
        return new LoadedLog(reader.file(), reader.metadata(), Arrays.copyOf(times, n), Arrays.copyOf(values, n), Arrays.copyOf(states, n), warning);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
