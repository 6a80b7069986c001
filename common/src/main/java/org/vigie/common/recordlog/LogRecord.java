package org.vigie.common.recordlog;

import java.time.Instant;
import org.vigie.common.State;

/**
 * One entry of a record log: a value, the event time it was read at, and what was said of it; for a
 * detector's value, also where it came from (its Kafka partition and offset) and its calibrated score.
 *
 * @param partition the Kafka partition the value was consumed from, or {@link #NO_PARTITION}
 * @param offset its offset in that partition, or {@link #NO_OFFSET}
 * @param score the calibrated score in [0, 1], NaN when there is none (initialising, reference, format 1)
 */
public record LogRecord(long timeMicros, double value, State state, int partition, long offset, float score) {

    public static final int NO_PARTITION = -1;
    public static final long NO_OFFSET = -1;

    /** A record that names no Kafka source and carries no score (a reference log's, or a replay's). */
    public LogRecord(long timeMicros, double value, State state) {
        this(timeMicros, value, state, NO_PARTITION, NO_OFFSET, Float.NaN);
    }

    /** Whether the record names the Kafka partition and offset of its value. */
    public boolean hasSource() {
        return partition != NO_PARTITION;
    }

    public Instant time() {
        return instant(timeMicros);
    }

    /** The instant of {@code micros} since the epoch. */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000L);
    }
}
