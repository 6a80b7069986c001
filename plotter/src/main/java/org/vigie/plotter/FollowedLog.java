package org.vigie.plotter;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
    private final RecordColumns columns = new RecordColumns();
    private final ClockLines clock = new ClockLines();
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
        int before = columns.size();
        if (warning != null) {
            return 0; // stopped at a corrupt record: what came before it is drawn
        }
        try {
            for (LogRecord r; (r = cursor.poll(Duration.ZERO)) != null; ) {
                columns.append(r.timeMicros(), r.value(), r.state(), r.score());
                clock.observe(r);
            }
        } catch (RecordLogException e) {
            warning = e.getMessage() + "; drawing the " + columns.size() + " valid records before it";
            System.err.println("warning: " + warning);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return columns.size() - before;
    }

    /** The records read so far. */
    RecordColumns columns() {
        return columns;
    }

    /** What the clock of the records read so far did: its steps back and gaps, a line each (none while in order). */
    List<String> clockLines() {
        return clock.lines("");
    }

    /** Whether the records read so far came from several partitions, whose times interleave. */
    boolean interleaved() {
        return clock.partitions() > 1;
    }

    /** Why reading stopped (a corrupt record), or null. */
    String warning() {
        return warning;
    }

    /** What has been read so far, as a loaded log. */
    LoadedLog snapshot() {
        int n = columns.size();
        return new LoadedLog(reader.file(), reader.metadata(), Arrays.copyOf(columns.times(), n), Arrays.copyOf(columns.values(), n),
                Arrays.copyOf(columns.states(), n), warning);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
