package org.vigie.engine.model;

import java.util.Arrays;

/** The k-th smallest of a range, as a sort would place it, in linear time on average (Hoare's quickselect). */
public final class Selection {

    private Selection() {}

    /**
     * Reorders {@code a[from, to)} so that {@code a[k]} holds what an ascending sort would put there, the values
     * left of it no greater and those right of it no smaller, and returns it. The values must not be NaN.
     */
    public static double select(double[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int g = hi;
            while (i <= g) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[g] > pivot) {
                    g--;
                }
                if (i <= g) {
                    double t = a[i];
                    a[i++] = a[g];
                    a[g--] = t;
                }
            }
            if (k <= g) {
                hi = g;
            } else if (k >= i) {
                lo = i;
            } else {
                break; // a[g + 1, i) all equal the pivot, and k lies among them
            }
        }
        return a[k];
    }

    /** {@link #select(double[], int, int, int)} for whole numbers. */
    public static long select(long[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        while (lo < hi) {
            long pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int g = hi;
            while (i <= g) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[g] > pivot) {
                    g--;
                }
                if (i <= g) {
                    long t = a[i];
                    a[i++] = a[g];
                    a[g--] = t;
                }
            }
            if (k <= g) {
                hi = g;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return a[k];
    }

    /** Values a bracket is read from, at even steps through the range: its rank among them is known within a few. */
    static final int SAMPLE = 256;
    /** Sample ranks either side of the k-th's expected one: about 3 standard deviations of where it falls. */
    static final int MARGIN = 20;

    /**
     * The k-th smallest of {@code a[0, n)}, the value {@link #select} gives, with {@code a} left as it is and
     * {@code scratch} (at least n long) used. Quickselect spends most of its time on comparisons the processor
     * cannot guess; here a sorted sample brackets the k-th, one pass without such branches counts the values
     * below the bracket and gathers those within it (about a sixth of them), and quickselect runs on those alone.
     * Should the bracket miss it, quickselect runs on them all: the answer is exact either way.
     */
    public static double selectBracketed(double[] a, int n, int k, double[] scratch) {
        if (n < 4 * SAMPLE) {
            System.arraycopy(a, 0, scratch, 0, n);
            return select(scratch, 0, n, k);
        }
        double[] sample = new double[SAMPLE];
        for (int s = 0; s < SAMPLE; s++) {
            sample[s] = a[(int) ((long) s * n / SAMPLE)];
        }
        Arrays.sort(sample);
        int expected = (int) ((long) k * SAMPLE / n);
        double low = sample[Math.max(0, expected - MARGIN)];
        double high = sample[Math.min(SAMPLE - 1, expected + MARGIN)];
        int below = 0;
        int within = 0;
        for (int i = 0; i < n; i++) {
            double x = a[i];
            scratch[within] = x;
            within += (x >= low & x <= high) ? 1 : 0;
            below += x < low ? 1 : 0;
        }
        if (k >= below && k < below + within) {
            return select(scratch, 0, within, k - below);
        }
        System.arraycopy(a, 0, scratch, 0, n);
        return select(scratch, 0, n, k);
    }
}
