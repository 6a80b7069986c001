package org.vigie.plotter;

import java.util.Arrays;

/**
 * A series whose clock steps back, as the live page draws it without folding its line back over itself: the records
 * at or past every earlier time (<em>ahead</em>: in arrival order, their times in order too) and those behind an
 * earlier time (a span the clock went back over, drawn over the first pass of it). Each record belongs to a
 * <em>stretch</em>, which the line never leaves: the ahead records between two steps back, or a run of behind
 * records whose times go forward. A series in order is one stretch of ahead records.
 */
final class ClockLayers {

    /** The records ahead, in arrival (and time) order; in time order for records of several partitions ({@link #byTime}). */
    final int[] ahead;
    /** The records behind an earlier time, by time, then arrival. */
    final int[] behind;
    private final int[] stretch;

    private ClockLayers(int[] ahead, int[] behind, int[] stretch) {
        this.ahead = ahead;
        this.behind = behind;
        this.stretch = stretch;
    }

    /** The layers of the first {@code n} of {@code times}. */
    static ClockLayers of(long[] times, int n) {
        int[] stretch = new int[n];
        int[] ahead = new int[n];
        int[] behind = new int[n];
        int a = 0;
        int b = 0;
        int stretches = 0; // each a new one: ahead after behind, behind after ahead, behind stepping back again
        boolean wasBehind = false;
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            long t = times[i];
            boolean isBehind = t < latest;
            if (i > 0 && (isBehind != wasBehind || (isBehind && t < times[i - 1]))) {
                stretches++;
            }
            stretch[i] = stretches;
            if (isBehind) {
                behind[b++] = i;
            } else {
                ahead[a++] = i;
                latest = t;
            }
            wasBehind = isBehind;
        }
        return new ClockLayers(Arrays.copyOf(ahead, a), inTimeOrder(times, Arrays.copyOf(behind, b)), stretch);
    }

    /** {@code records} by their time, then in arrival order. */
    static int[] inTimeOrder(long[] times, int[] records) {
        Integer[] order = Arrays.stream(records).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (x, y) -> times[x] != times[y] ? Long.compare(times[x], times[y]) : Integer.compare(x, y));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** The first {@code n} records, in arrival order. */
    static int[] all(int n) {
        int[] records = new int[n];
        Arrays.setAll(records, i -> i);
        return records;
    }

    /** The records it was worked out over. */
    int size() {
        return stretch.length;
    }

    /** Whether a line may join records {@code i} and {@code j}: both of one stretch. */
    boolean joined(int i, int j) {
        return stretch[i] == stretch[j];
    }

    /** Every record ahead, in time order (then arrival): one line, for records of several partitions. */
    static ClockLayers byTime(long[] times, int n) {
        return new ClockLayers(inTimeOrder(times, all(n)), new int[0], new int[n]);
    }

    /** The earliest time of all. */
    long earliest(long[] times) {
        long first = times[ahead[0]];
        return behind.length == 0 ? first : Math.min(first, times[behind[0]]);
    }

    /** The first position in {@code layer} (ahead or behind) whose record's time is at least {@code t}. */
    static int lowerBound(long[] times, int[] layer, long t) {
        int lo = 0;
        int hi = layer.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[layer[mid]] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Where {@code record} stands in {@code layer} (ahead or behind: by time, then arrival), or -1 when not there. */
    static int positionIn(long[] times, int[] layer, int record) {
        for (int k = lowerBound(times, layer, times[record]); k < layer.length && times[layer[k]] == times[record]; k++) {
            if (layer[k] == record) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the clock never stepped back: one layer, the records as they came. */
    boolean inOrder() {
        return behind.length == 0;
    }
}
