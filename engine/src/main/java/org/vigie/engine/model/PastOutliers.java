package org.vigie.engine.model;

/**
 * The last feature vectors a model judged outliers and chose to remember, in the memory's units, with their serials and
 * whether the sensor stayed at each (the reading after it nearer it than the level before it: the start of a change it
 * made, not a glitch it left at once): a ring, the oldest forgotten first. Both models keep one, so that a change the
 * sensor makes again is not an outlier again ({@link #repeats}).
 */
final class PastOutliers {

    private final int dimension;
    private final double[] vectors; // vector i from i * dimension
    private final long[] serials;
    private final boolean[] lasting;
    private int head;
    private int count;

    PastOutliers(int capacity, int dimension) {
        this.dimension = dimension;
        this.vectors = new double[capacity * dimension];
        this.serials = new long[capacity];
        this.lasting = new boolean[capacity];
    }

    void add(double[] x, long serial, boolean lasted) {
        System.arraycopy(x, 0, vectors, head * dimension, dimension);
        serials[head] = serial;
        lasting[head] = lasted;
        head = head + 1 == serials.length ? 0 : head + 1;
        count = Math.min(count + 1, serials.length);
    }

    int count() {
        return count;
    }

    long serial(int i) {
        return serials[i];
    }

    /** The weighted squared distance from {@code x} to past outlier {@code i}. */
    double distance2(double[] x, int i, int[] weighing, double[] weights) {
        return distance2(x, 0, vectors, i * dimension, weighing, weights);
    }

    /**
     * Whether one that lasted, before the window of the vector of {@code serial} and within {@code reach} values of it,
     * lies within {@code radius2} (squared, by {@code weights} over the coordinates {@code weighing}) of {@code x}: a
     * change the sensor has made before and stayed with.
     */
    boolean repeats(double[] x, long serial, int window, int reach, int[] weighing, double[] weights, double radius2) {
        for (int i = 0; i < count; i++) {
            long s = serials[i];
            if (lasting[i] && s < serial - window && s >= serial - reach && distance2(x, i, weighing, weights) <= radius2) {
                return true;
            }
        }
        return false;
    }

    /**
     * Weighted squared distance between the vectors at {@code ao} in {@code a} and {@code bo} in {@code b}, over the
     * coordinates that weigh (ascending, as over every coordinate: the same sum to the last bit; and 0 times an infinite
     * difference would be NaN).
     */
    static double distance2(double[] a, int ao, double[] b, int bo, int[] weighing, double[] weights) {
        double s = 0;
        for (int j : weighing) {
            double t = weights[j] * (a[ao + j] - b[bo + j]);
            s += t * t;
        }
        return s;
    }
}
