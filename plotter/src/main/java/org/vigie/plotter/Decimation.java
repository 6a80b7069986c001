package org.vigie.plotter;

import java.util.Arrays;

/**
 * Keeps a series drawable at any size: per pixel column, the first, minimum, maximum and last points, in
 * time order, so that every spike still shows and the line looks as it would with every point.
 */
final class Decimation {

    private Decimation() {}

    /** Indices of the points to draw; all of them when there are few. */
    static int[] minMax(long[] times, double[] values, long from, long to, int columns) {
        int n = values.length;
        if (n <= 4L * columns || to <= from) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] keep = new int[4 * columns + 4];
        int k = 0;
        double perColumn = (double) (to - from) / columns;
        int i = 0;
        while (i < n) {
            long column = (long) ((times[i] - from) / perColumn);
            int first = i;
            int min = i;
            int max = i;
            while (i < n && (long) ((times[i] - from) / perColumn) == column) {
                if (values[i] < values[min]) {
                    min = i;
                }
                if (values[i] > values[max]) {
                    max = i;
                }
                i++;
            }
            int last = i - 1;
            int[] four = {first, Math.min(min, max), Math.max(min, max), last};
            for (int idx : four) {
                if (k == 0 || keep[k - 1] != idx) {
                    if (k == keep.length) {
                        keep = Arrays.copyOf(keep, keep.length * 2);
                    }
                    keep[k++] = idx;
                }
            }
        }
        return Arrays.copyOf(keep, k);
    }

    /** The pixel column of time {@code t}, {@code columns} columns spanning {@code from} to {@code to}. */
    static long column(long t, long from, long to, int columns) {
        return to <= from ? 0 : (long) ((t - from) / ((double) (to - from) / columns));
    }

    /** Marker times merged so that no two fall in the same pixel column. */
    static long[] mergeMarkers(long[] times, long from, long to, int columns) {
        if (times.length == 0 || to <= from) {
            return times;
        }
        long[] out = new long[times.length];
        int k = 0;
        long lastColumn = Long.MIN_VALUE;
        for (long t : times) {
            long column = column(t, from, to, columns);
            if (column != lastColumn) {
                out[k++] = t;
                lastColumn = column;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * Whether the line should break between kept points {@code i} and {@code j} (consecutive records):
     * the time between them is over ten times the series' usual step and over a second, so that a gap in
     * the data (the producer stopped, the port unplugged) shows as a gap, not as a straight line across it.
     */
    static boolean breaksBetween(long[] times, int i, int j, long usualStep) {
        return j == i + 1 && breaksBetween(times[i], times[j], usualStep);
    }

    /** Whether the time between two consecutive records, at {@code before} and {@code after}, is a gap in the data. */
    static boolean breaksBetween(long before, long after, long usualStep) {
        return after - before > Math.max(10 * usualStep, 1_000_000L);
    }

    /** The median step between consecutive times, from up to 10,000 of them spread over the series. */
    static long usualStep(long[] times) {
        int n = times.length;
        if (n < 2) {
            return 0;
        }
        int samples = Math.min(n - 1, 10_000);
        long[] steps = new long[samples];
        for (int k = 0; k < samples; k++) {
            int at = (int) ((long) k * (n - 1) / samples);
            steps[k] = times[at + 1] - times[at];
        }
        Arrays.sort(steps);
        return steps[samples / 2];
    }
}
