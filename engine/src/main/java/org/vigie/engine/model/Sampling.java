package org.vigie.engine.model;

import java.util.SplittableRandom;

/** Sampling without replacement, from the generator a fit is given, and the quantiles of what was sampled. */
final class Sampling {

    private Sampling() {}

    /** {@code k} distinct indices of {@code [0, n)}, in the order drawn. */
    static int[] distinct(int n, int k, SplittableRandom random) {
        if (k <= n / 4) {
            return byRejection(n, k, random);
        }
        return byShuffle(n, k, random);
    }

    /** Draws again on a repeat: for few of many, cheaper than shuffling all {@code n}. */
    private static int[] byRejection(int n, int k, SplittableRandom random) {
        int[] out = new int[k];
        java.util.BitSet taken = new java.util.BitSet(n);
        for (int i = 0; i < k; ) {
            int j = random.nextInt(n);
            if (!taken.get(j)) {
                taken.set(j);
                out[i++] = j;
            }
        }
        return out;
    }

    /** The first {@code k} of a partial Fisher-Yates shuffle. */
    private static int[] byShuffle(int n, int k, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, k);
    }

    /**
     * The value {@code contamination} of {@code values} lie above: their {@code 1 - contamination} quantile
     * (reorders {@code values}, by selection: what a sort would put there). How each model places its outlier
     * cut in the memory it was fitted on.
     */
    static double upperQuantile(double[] values, double contamination) {
        return Selection.select(values, 0, values.length, upperQuantileIndex(values.length, contamination));
    }

    /** Where the {@code 1 - contamination} quantile of {@code n} values lies once they are in ascending order. */
    static int upperQuantileIndex(int n, double contamination) {
        int q = (int) Math.ceil((1 - contamination) * n) - 1;
        return Math.clamp(q, 0, n - 1);
    }

    /** The coordinates that weigh (a weight of 0: the coordinate does not count yet). */
    static int[] weighing(double[] weights) {
        return java.util.stream.IntStream.range(0, weights.length).filter(j -> weights[j] > 0).toArray();
    }
}
