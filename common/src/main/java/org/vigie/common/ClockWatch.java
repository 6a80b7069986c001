package org.vigie.common;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.vigie.engine.decision.GapWatch;

/**
 * What a sensor's clock did, in the order its readings came: the steps back (daylight saving's end in local time, an
 * NTP correction, a board's clock reset, two producers on one topic) and the gaps (the engine's {@link GapWatch}:
 * silences longer than 10 of the sensor's usual intervals and a minute, a board unplugged, a producer stopped).
 * Readings are judged in the order they came and their times kept as they are; the readings whose window reaches
 * back across a gap are initialising. This counts them, for the one line each that every program says at its end
 * (replay, the detector, the plotter): told as they end, from the past only, the same way in a file and in a stream.
 */
public final class ClockWatch {

    /** A silence longer than this many of the sensor's usual intervals, and than a minute, is a gap: the engine's. */
    public static final int GAP_INTERVALS = GapWatch.GAP_INTERVALS;

    private final GapWatch gapWatch = new GapWatch();
    private long seen;
    private long last;
    private boolean away; // the readings since the last were another's to watch: the next is compared with none

    private long stepsBack;
    private long largestStepBack;
    private long firstStepBackAt = -1;
    private long firstStepBackMicros;

    private long gaps;
    private long firstGapAt = -1;
    private long firstGapMicros;
    private long longestGap;
    private long longestGapAt = -1;
    private long longestGapMicros;

    /** Takes the reading at {@code position} (a row, an offset) of time {@code micros}; says whether it ends a gap. */
    public boolean observe(long position, long micros) {
        boolean gap = gapWatch.observe(micros) && !away;
        if (seen > 0 && !away && micros < last) {
            stepsBack++;
            largestStepBack = Math.max(largestStepBack, last - micros);
            if (firstStepBackAt < 0) {
                firstStepBackAt = position;
                firstStepBackMicros = micros;
            }
        }
        if (gap) {
            gaps++;
            if (firstGapAt < 0) {
                firstGapAt = position;
                firstGapMicros = micros;
            }
            if (micros - last > longestGap) {
                longestGap = micros - last;
                longestGapAt = position;
                longestGapMicros = micros;
            }
        }
        away = false;
        last = micros;
        seen++;
        return gap;
    }

    /**
     * The readings from now until the next one observed are not this watch's (another member of the group judged the
     * partition): the next reading is compared with none, so the time they took is neither a gap nor a step back.
     */
    public void lookAway() {
        away = true;
    }

    public long stepsBack() {
        return stepsBack;
    }

    /** The largest step back, in microseconds. */
    public long largestStepBack() {
        return largestStepBack;
    }

    /** The position of the first reading whose time lay before the one before it; -1 if none. */
    public long firstStepBackAt() {
        return firstStepBackAt;
    }

    public long firstStepBackMicros() {
        return firstStepBackMicros;
    }

    public long gaps() {
        return gaps;
    }

    /** The position of the reading after the first gap; -1 if none. */
    public long firstGapAt() {
        return firstGapAt;
    }

    public long firstGapMicros() {
        return firstGapMicros;
    }

    /** The longest gap, in microseconds. */
    public long longestGap() {
        return longestGap;
    }

    /** The position of the reading after the longest gap; -1 if none. */
    public long longestGapAt() {
        return longestGapAt;
    }

    public long longestGapMicros() {
        return longestGapMicros;
    }

    /** What a judging program adds to the steps-back line: nothing was lost or reordered. */
    public static final String JUDGED_AS_THEY_CAME = ": values judged in the order they came, times kept as they are";

    /** The steps-back line, for {@code count} steps, the first at {@code first}, the largest {@code largest} µs. */
    public static String stepsBackLine(long count, String first, long largest) {
        return String.format("the clock steps back %d time%s (first at %s; by %s at most)", count, count == 1 ? "" : "s", first, duration(largest));
    }

    /** The gaps line, for {@code count} gaps, the first at {@code first}, the longest {@code longest} µs at {@code longestAt}. */
    public static String gapsLine(long count, String first, long longest, String longestAt) {
        return String.format("%d gap%s in the readings (silences longer than %d usual intervals and a minute): first before %s; the longest %s, before %s",
                count, count == 1 ? "" : "s", GAP_INTERVALS, first, duration(longest), longestAt);
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A reading's place in a line: {@code position} names it ("partition 0 offset 12"), then its time (UTC). */
    public static String at(String position, long micros) {
        return position + ", " + time(micros);
    }

    /** A time in microseconds since the epoch as the lines write it (UTC). */
    private static String time(long micros) {
        return TIME.format(LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC)) + " UTC";
    }

    /** A duration as the lines write it: 55m, 2h1s, 1.5s. */
    public static String duration(long micros) {
        return java.time.Duration.of(micros, java.time.temporal.ChronoUnit.MICROS).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
