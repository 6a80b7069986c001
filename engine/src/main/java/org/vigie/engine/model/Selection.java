package org.vigie.engine.model;

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
}
