package org.vigie.engine.model;

import java.util.SplittableRandom;

/** Sampling without replacement, from the generator a fit is given. */
final class Sampling {

    private Sampling() {}

    /** {@code k} distinct indices of {@code [0, n)}: the first {@code k} of a partial Fisher-Yates shuffle. */
    static int[] distinct(int n, int k, SplittableRandom random) {
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
}
