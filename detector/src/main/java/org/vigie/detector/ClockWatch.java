package org.vigie.detector;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * What a partition's clock did, in the order its values came: the steps back (an NTP correction, a board's clock
 * reset, two producers on one topic) and the gaps (silences longer than {@link SeriesCsv#GAP_INTERVALS} of the
 * sensor's usual intervals: a board unplugged, a producer stopped). Neither changes a decision: values are judged in
 * the order they came and their times logged as they are. This only counts them, to be said on the status line and
 * once at the end.
 *
 * <p>The usual interval is the median of the intervals between the last {@link #RECENT} readings, as known before
 * the reading it is compared with (a gap is told as it ends, from the past only).
 */
final class ClockWatch {

    /** Readings whose intervals give the usual one (1,024: 17 minutes at 1 Hz, 3.5 days at 5 minutes). */
    static final int RECENT = 1024;
    /** How often, in readings, the usual interval is taken again: a sort of the recent times, spread over as many values. */
    private static final int RETAKE = 256;
    /** Intervals needed before a silence can be called a gap. */
    private static final int MIN_INTERVALS = 16;

    private final long[] times = new long[RECENT];
    private long seen;
    private long usual; // 0 until known

    long stepsBack;
    long largestStepBack;
    long firstStepBackOffset = -1;
    long firstStepBackMicros;

    long gaps;
    long firstGapOffset = -1;
    long firstGapMicros;
    long longestGap;
    long longestGapOffset = -1;
    long longestGapMicros;

    /** Takes the reading at {@code offset} of time {@code micros}; says whether it ends a gap. */
    boolean observe(long offset, long micros) {
        boolean gap = false;
        if (seen > 0) {
            long last = times[(int) ((seen - 1) % RECENT)];
            if (micros < last) {
                stepsBack++;
                largestStepBack = Math.max(largestStepBack, last - micros);
                if (firstStepBackOffset < 0) {
                    firstStepBackOffset = offset;
                    firstStepBackMicros = micros;
                }
            } else if (usual > 0 && micros - last > SeriesCsv.GAP_INTERVALS * usual) {
                gap = true;
                gaps++;
                if (firstGapOffset < 0) {
                    firstGapOffset = offset;
                    firstGapMicros = micros;
                }
                if (micros - last > longestGap) {
                    longestGap = micros - last;
                    longestGapOffset = offset;
                    longestGapMicros = micros;
                }
            }
        }
        times[(int) (seen % RECENT)] = micros;
        seen++;
        if (seen > MIN_INTERVALS && (seen % RETAKE == 0 || usual == 0)) {
            usual = usualInterval();
        }
        return gap;
    }

    /** The median interval between the recent readings, in the order they came. */
    private long usualInterval() {
        int n = (int) Math.min(seen, RECENT);
        long[] inOrder = new long[n];
        for (int i = 0; i < n; i++) {
            inOrder[i] = times[(int) ((seen - n + i) % RECENT)];
        }
        return org.vigie.engine.model.Memory.medianIntervalMicros(inOrder);
    }

    /** The usual interval as last taken, in microseconds (0 until known). */
    long usualMicros() {
        return usual;
    }

    /** A time in microseconds as the summary writes it (UTC). */
    static String time(long micros) {
        return SeriesCsv.formatTime(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC)) + " UTC";
    }
}
