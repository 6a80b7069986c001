package org.vigie.plotter;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.vigie.common.State;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogException;
import org.vigie.common.recordlog.RecordLogReader;

/**
 * A record log read into columns. A corrupt record ends the read: the valid records before it are kept
 * and {@link #warning()} names the file and byte offset.
 */
record LoadedLog(Path file, LogMetadata metadata, long[] timesMicros, double[] values, State[] states, String warning) {

    int size() {
        return values.length;
    }

    /**
     * The values a detector log is missing between its first and last offset of each partition (another
     * member of its group judged them, say), or null when it misses none.
     */
    static String gaps(Path file, java.util.Map<Integer, long[]> offsets) {
        StringBuilder sb = new StringBuilder();
        offsets.forEach((partition, span) -> {
            long missing = span[1] - span[0] + 1 - span[2];
            if (missing > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(String.format("partition %d misses %d of offsets %d to %d", partition, missing, span[0], span[1]));
            }
        });
        return sb.isEmpty() ? null : file + ": " + sb + " (judged by another member of its group? its markers there are missing)";
    }

    /** Opens a log, a missing or unreadable file told to the user in one line. */
    static RecordLogReader open(Path file) {
        try {
            return RecordLogReader.open(file);
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file);
        } catch (RecordLogException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The most records an array holds. */
    private static final int MAX_RECORDS = Integer.MAX_VALUE - 8;

    static LoadedLog read(Path file) {
        try (RecordLogReader r = open(file)) {
            // Arrays grown as records are read, not sized from the file's length: a sparse or corrupt file
            // may claim billions of records and hold none.
            int capacity = (int) Math.min(MAX_RECORDS, Math.max(16, Math.min(r.size(), 1 << 16)));
            long[] times = new long[capacity];
            double[] values = new double[capacity];
            State[] states = new State[capacity];
            int n = 0;
            String warning = null;
            RecordLogReader.Cursor c = r.cursor(0);
            java.util.Map<Integer, long[]> offsets = new java.util.TreeMap<>(); // per partition: lowest, highest offset, records
            try {
                for (LogRecord rec; n < MAX_RECORDS && (rec = c.next()) != null; n++) {
                    if (n == times.length) {
                        int grown = (int) Math.min(MAX_RECORDS, 2L * n);
                        times = Arrays.copyOf(times, grown);
                        values = Arrays.copyOf(values, grown);
                        states = Arrays.copyOf(states, grown);
                    }
                    times[n] = rec.timeMicros();
                    values[n] = rec.value();
                    states[n] = rec.state();
                    if (rec.hasSource() && rec.partition() >= 0) {
                        long[] span = offsets.computeIfAbsent(rec.partition(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
                        span[0] = Math.min(span[0], rec.offset());
                        span[1] = Math.max(span[1], rec.offset());
                        span[2]++;
                    }
                }
            } catch (RecordLogException e) {
                warning = e.getMessage() + "; drawing the " + n + " valid records before it";
            }
            if (warning == null && r.partialTailBytes() > 0) {
                warning = file + ": " + r.partialTailBytes() + " bytes of a torn last record ignored";
            }
            String gaps = gaps(file, offsets);
            if (gaps != null) {
                warning = warning == null ? gaps : warning + "\nwarning: " + gaps;
            }
            return new LoadedLog(file, r.metadata(), Arrays.copyOf(times, n), Arrays.copyOf(values, n), Arrays.copyOf(states, n), warning);
        } catch (RecordLogException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The records whose time lies in [fromMicros, toMicros]. */
    LoadedLog between(long fromMicros, long toMicros) {
        int lo = 0;
        while (lo < size() && timesMicros[lo] < fromMicros) {
            lo++;
        }
        int hi = lo;
        while (hi < size() && timesMicros[hi] <= toMicros) {
            hi++;
        }
        return new LoadedLog(file, metadata, Arrays.copyOfRange(timesMicros, lo, hi), Arrays.copyOfRange(values, lo, hi),
                Arrays.copyOfRange(states, lo, hi), warning);
    }

    long count(State s) {
        return Arrays.stream(states).filter(x -> x == s).count();
    }
}
