package org.vigie.common.recordlog;

import java.time.Instant;
import org.vigie.common.State;

/** One entry of a record log: a value, the event time it was read at, and what was said of it. */
public record LogRecord(long timeMicros, double value, State state) {

    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(timeMicros, 1_000_000L), Math.floorMod(timeMicros, 1_000_000L) * 1000L);
    }

    public static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000L);
    }
}
