package org.vigie.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectionTest {

    /** Every rank of {@code a} as a sort puts it, by the bracketed selection; {@code a} left as it was. */
    private static void assertSelectsAsASort(double[] a) {
        double[] before = a.clone();
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        double[] scratch = new double[a.length];
        for (int k = 0; k < a.length; k += Math.max(1, a.length / 97)) {
            assertEquals(sorted[k], Selection.selectBracketed(a, a.length, k, scratch), "rank " + k);
        }
        assertEquals(sorted[a.length - 1], Selection.selectBracketed(a, a.length, a.length - 1, scratch));
        assertArrayEquals(before, a);
    }

    @Test
    void theBracketedSelectionGivesWhatASortPutsAtEveryRank() {
        SplittableRandom random = new SplittableRandom(3);
        for (int n : new int[] {1, 7, 1023, 1024, 2000, 5000}) {
            assertSelectsAsASort(random.doubles(n).map(x -> x * 1e3 - 500).toArray()); // spread
            assertSelectsAsASort(random.ints(n, 0, 4).asDoubleStream().toArray()); // a quantised sensor: ties everywhere
            double[] trend = new double[n]; // sorted in age order, as a drifting level is
            Arrays.setAll(trend, i -> i * 0.5);
            assertSelectsAsASort(trend);
        }
        double[] infinite = random.doubles(2000).toArray();
        infinite[10] = Double.POSITIVE_INFINITY;
        infinite[1500] = Double.NEGATIVE_INFINITY;
        assertSelectsAsASort(infinite);
    }

    @Test
    void aSampleBlindToTheRestStillGivesTheExactRank() {
        // The values the sample reads (at even steps) are all 0, every other is 1 or -1: the bracket [0, 0] misses.
        int n = 2048;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i % (n / Selection.SAMPLE) == 0 ? 0 : (i % 2 == 0 ? 1 : -1);
        }
        assertSelectsAsASort(a);
    }

    @Test
    void wholeNumbersAreSelectedAsASortPutsThem() {
        long[] a = new SplittableRandom(5).longs(999, -1_000, 1_000).toArray();
        long[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < a.length; k += 37) {
            assertEquals(sorted[k], Selection.select(a.clone(), 0, a.length, k));
        }
    }
}
