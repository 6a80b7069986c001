package org.vigie.engine.decision;

import org.vigie.engine.model.Memory;

/**
 * Tells a gap as it ends: a silence longer than {@link #GAP_INTERVALS} of the sensor's usual intervals, than
 * {@link #GAP_MIN_MICROS}, and than twice the longest of the last {@link #INTERVALS} (a board unplugged, a producer
 * stopped; not the sleep of a board that wakes every 10 minutes to send a burst of readings, its rhythm). The usual
 * interval is the median of the last {@code INTERVALS} intervals before the reading, so it follows a sensor whose rate
 * changes for good within a few readings, and it depends on the last {@code INTERVALS + 1} times alone: a detector
 * rebuilt from its horizon tells the same gaps.
 */
public final class GapWatch {

    /** A silence longer than this many of the sensor's usual intervals, and than {@link #GAP_MIN_MICROS}, is a gap. */
    public static final int GAP_INTERVALS = 10;
    /**
     * ... and at least a minute: a board unplugged and plugged back takes that long, where a shorter silence in a fast
     * stream is a hiccup of the producer, the port or the machine (the demo at 50 readings a second has stalls of
     * 0.2 to 2 s).
     */
    public static final long GAP_MIN_MICROS = 60_000_000L;
    /** Intervals the usual one is the median of: 32 (a sensor read every 2 minutes from now on is usual after 16). */
    public static final int INTERVALS = 32;

    private final long[] times = new long[INTERVALS + 1];
    private long seen;

    /**
     * Takes the reading at {@code micros}; says whether the silence before it was a gap. Clock steps back are not gaps.
     * The usual interval is worked out only for a silence of over a minute, the least a gap lasts.
     */
    public boolean observe(long micros) {
        boolean gap = false;
        if (seen > INTERVALS) {
            long last = times[(int) ((seen - 1) % times.length)];
            if (micros - last > GAP_MIN_MICROS) {
                long[] inOrder = new long[times.length];
                for (int i = 0; i < times.length; i++) {
                    inOrder[i] = times[(int) ((seen - times.length + i) % times.length)];
                }
                long longest = 0;
                for (int i = 1; i < inOrder.length; i++) {
                    longest = Math.max(longest, inOrder[i] - inOrder[i - 1]);
                }
                long silence = micros - last;
                gap = silence > GAP_INTERVALS * Memory.medianIntervalMicros(inOrder) && silence > 2 * longest;
            }
        }
        times[(int) (seen % times.length)] = micros;
        seen++;
        return gap;
    }
}
