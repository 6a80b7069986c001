package org.vigie.engine.model;

/**
 * The memory's vectors as they were at a fit, one array per coordinate that weighs (a coordinate weighing 0 adds
 * nothing to any distance), each times its weight, so distances are plain Euclidean, and ordered by one of them,
 * the key (the level). A search starts where the query's key falls among the vectors' and goes outwards both
 * ways, a chunk at a time: a vector's squared distance is at least the square of its key's difference from the
 * query's, so a side whose next key lies beyond the visitor's bound holds nothing more it wants. Within a chunk
 * the distances are computed two coordinates at a time, a loop the JIT turns into vector instructions, over data
 * that stays in the cache. At the memory's 2,000 vectors this beats a k-d tree (measured in docs/benchmarks.md):
 * the tree visited about 220 points and 110 nodes per search, each a branch the processor could not predict, and
 * its build cost as much as a fifth of the engine's time; and it beats computing every distance, which took a
 * third of the engine's time with the blocks' comparisons.
 *
 * <p>The memory's slots may be overwritten after the fit: a search passes only vectors still held (the
 * caller scans those added since).
 */
final class FittedColumns {

    /** What a search reports: each vector still held, with its squared distance; and the bound it may skip beyond. */
    interface Visitor {
        /** Squared distance beyond which nothing is wanted any more (it may shrink as vectors are visited). */
        double bound();

        void visit(int slot, double d2);

        /** Whether the visitor has learnt what it needs, though more vectors could still come within its bound: the search may stop. */
        default boolean done() {
            return false;
        }
    }

    private final Memory memory;
    private int d; // the coordinates kept: those that weigh
    private int[] active; // which of the memory's coordinates they are
    private int n;
    private long firstSerial; // the serial of the oldest vector at the fit: vector `age` has firstSerial + age
    /**
     * The column the vectors are ordered by: the first that weighs, the level but where its weight is 0 (its unit is
     * its standard deviation, so it spreads as much as the others).
     */
    private static final int KEY = 0;
    private double[][] columns = new double[0][]; // columns[j][p]: the p-th vector in key order
    private int[] ages = new int[0]; // ages[p]: its age at the fit, 0 the oldest
    private double[] distances = new double[0]; // a search's squared distances, by position in key order
    private double[] byAge = new double[0]; // scratch: a column by age, before it is put in key order
    // The memory's vectors in the order of the key's coordinate, unweighted, kept from fit to fit: a weight does not
    // change their order, so a fit merges in the vectors added since the last one instead of sorting them all.
    private int orderedCoordinate = -1;
    private long orderedTo; // the serial of the first vector added after the last fit
    private int ordered;
    private double[] orderedValues = new double[0];
    private long[] orderedSerials = new long[0];
    private double[] mergedValues = new double[0]; // scratch for the merge, swapped with the above
    private long[] mergedSerials = new long[0];
    private double[] freshValues = new double[0];
    private int[] freshIndices = new int[0];

    FittedColumns(Memory memory) {
        this.memory = memory;
    }

    /** Copies every vector the memory holds, in the coordinates {@code active}, weighed by {@code weights}. */
    void fit(double[] weights, int[] active) {
        int n = memory.size();
        int d = active.length;
        if (columns.length < d || distances.length < n) {
            int capacity = Math.max(n, distances.length);
            double[][] grown = new double[Math.max(d, columns.length)][];
            for (int j = 0; j < grown.length; j++) {
                grown[j] = new double[capacity];
            }
            columns = grown;
            distances = new double[capacity];
            byAge = new double[capacity];
            ages = new int[capacity];
        }
        this.n = n;
        this.d = d;
        this.active = active;
        this.firstSerial = memory.added() - n;
        if (d == 0) { // no order to keep: every distance is 0
            for (int age = 0; age < n; age++) {
                ages[age] = age;
            }
            return;
        }
        order(active[KEY]);
        double[] keys = columns[KEY];
        double w = weights[active[KEY]];
        for (int p = 0; p < n; p++) {
            keys[p] = orderedValues[p] * w; // a positive weight keeps the order
            ages[p] = (int) (orderedSerials[p] - firstSerial);
        }
        for (int j = 0; j < d; j++) {
            if (j == KEY) {
                continue;
            }
            memory.column(active[j], byAge);
            double wj = weights[active[j]];
            double[] c = columns[j];
            for (int p = 0; p < n; p++) {
                c[p] = byAge[ages[p]] * wj;
            }
        }
    }

    /**
     * Puts the memory's vectors in the order of their {@code coordinate}: those of the last fit still held, then the
     * ones added since, sorted, merged in.
     */
    private void order(int coordinate) {
        int n = memory.size();
        if (orderedValues.length < n) {
            orderedValues = java.util.Arrays.copyOf(orderedValues, n);
            orderedSerials = java.util.Arrays.copyOf(orderedSerials, n);
            mergedValues = new double[n];
            mergedSerials = new long[n];
            freshValues = new double[n];
            freshIndices = new int[n];
        }
        if (coordinate != orderedCoordinate) {
            orderedCoordinate = coordinate;
            ordered = 0;
        }
        int kept = 0;
        for (int p = 0; p < ordered; p++) {
            if (orderedSerials[p] >= firstSerial) {
                orderedValues[kept] = orderedValues[p];
                orderedSerials[kept] = orderedSerials[p];
                kept++;
            }
        }
        long since = kept == 0 ? firstSerial : orderedTo; // those kept lie in [firstSerial, orderedTo)
        int fresh = (int) (memory.added() - since);
        double[] data = memory.data();
        int dim = memory.dimension();
        for (int i = 0; i < fresh; i++) {
            freshValues[i] = data[memory.slotOf(since + i) * dim + coordinate];
            freshIndices[i] = i;
        }
        sortByKey(freshValues, freshIndices, 0, fresh - 1);
        int a = 0;
        int b = 0;
        for (int p = 0; p < kept + fresh; p++) {
            if (b == fresh || (a < kept && orderedValues[a] <= freshValues[b])) {
                mergedValues[p] = orderedValues[a];
                mergedSerials[p] = orderedSerials[a++];
            } else {
                mergedValues[p] = freshValues[b];
                mergedSerials[p] = since + freshIndices[b++];
            }
        }
        double[] values = orderedValues;
        orderedValues = mergedValues;
        mergedValues = values;
        long[] serials = orderedSerials;
        orderedSerials = mergedSerials;
        mergedSerials = serials;
        ordered = kept + fresh;
        orderedTo = memory.added();
    }

    /**
     * Sorts {@code keys[lo, hi]} ascending, and {@code indices} along with it (Hoare's quicksort: equal keys split evenly).
     * Quadratic at worst, on orders a median of three does not break; a fit sorts only the vectors added since the last,
     * and the whole memory at its first.
     */
    private static void sortByKey(double[] keys, int[] indices, int lo, int hi) {
        while (hi - lo > 16) {
            double pivot = median(keys[lo], keys[(lo + hi) >>> 1], keys[hi]);
            int i = lo - 1;
            int j = hi + 1;
            while (true) {
                do {
                    i++;
                } while (keys[i] < pivot);
                do {
                    j--;
                } while (keys[j] > pivot);
                if (i >= j) {
                    break;
                }
                swap(keys, indices, i, j);
            }
            if (j - lo < hi - j) { // the smaller side by recursion, the larger by the loop: a depth of log n at most
                sortByKey(keys, indices, lo, j);
                lo = j + 1;
            } else {
                sortByKey(keys, indices, j + 1, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && keys[j - 1] > keys[j]; j--) {
                swap(keys, indices, j - 1, j);
            }
        }
    }

    private static double median(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(double[] keys, int[] indices, int i, int j) {
        double k = keys[i];
        keys[i] = keys[j];
        keys[j] = k;
        int a = indices[i];
        indices[i] = indices[j];
        indices[j] = a;
    }

    /** The coordinates of {@code x} the columns keep, weighted, into {@code out}. */
    void project(double[] x, double[] weights, double[] out) {
        for (int j = 0; j < d; j++) {
            out[j] = weights[active[j]] * x[active[j]];
        }
    }

    /**
     * Visits every vector still held within the visitor's bound of {@code q} (as {@link #project} gives it), but those
     * of serials {@code [excludedFrom, excludedTo]}, a chunk at a time outwards from the query's key, until the visitor is
     * {@linkplain Visitor#done() done} or no vector left can be within its bound.
     */
    void search(double[] q, long excludedFrom, long excludedTo, Visitor v) {
        int from = firstHeld(memory, firstSerial, n);
        if (from == n) {
            return;
        }
        int skipFrom = (int) Math.clamp(excludedFrom - firstSerial, from, n);
        int skipTo = (int) Math.clamp(excludedTo - firstSerial + 1, skipFrom, n);
        if (d == 0) { // every distance is 0
            distances(q, 0, n);
            visit(0, n, from, skipFrom, skipTo, v);
            return;
        }
        double qk = q[KEY];
        double[] keys = columns[KEY];
        int up = place(keys, n, qk);
        int down = up;
        while (true) {
            boolean upward = up < n && keyWithin(qk, keys[up], v.bound());
            boolean downward = down > 0 && keyWithin(qk, keys[down - 1], v.bound());
            if (!upward && !downward) {
                return;
            }
            if (upward) {
                int end = Math.min(up + CHUNK, n);
                distances(q, up, end);
                visit(up, end, from, skipFrom, skipTo, v);
                up = end;
                if (v.done()) {
                    return;
                }
            }
            if (downward) {
                int start = Math.max(down - CHUNK, 0);
                distances(q, start, down);
                visit(start, down, from, skipFrom, skipTo, v);
                down = start;
                if (v.done()) {
                    return;
                }
            }
        }
    }

    /**
     * Whether a vector whose key is {@code k} can lie within {@code bound} of a query whose key is {@code qk}: the
     * square of their difference, as {@link #distances} computes it, is a term of its squared distance, and a sum
     * of terms that are not negative is at least each of them, rounding and all. In key order it grows away from the
     * query's place, so the first vector past the bound on a side says none beyond it is within.
     */
    private static boolean keyWithin(double qk, double k, double bound) {
        double t = qk - k;
        return !(t * t > bound); // the same infinity on both sides (a NaN) bounds nothing
    }

    /** The first of the {@code n} keys that is not below {@code qk}. */
    private static int place(double[] keys, int n, double qk) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < qk) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Visits the vectors at positions [lo, hi) within the visitor's bound, but those the memory no longer holds (ages
     * before {@code from}) and those of ages [skipFrom, skipTo).
     */
    private void visit(int lo, int hi, int from, int skipFrom, int skipTo, Visitor v) {
        double[] s = distances;
        for (int block = lo; block < hi; block += BLOCK) {
            int end = Math.min(block + BLOCK, hi);
            double bound = v.bound();
            if (anyWithin(s, block, end, bound)) {
                for (int p = block; p < end; p++) {
                    int age = ages[p];
                    if (s[p] <= bound && age >= from && (age < skipFrom || age >= skipTo)) { // past the bound, the visitor wants nothing of it
                        v.visit(memory.slotOf(firstSerial + age), s[p]);
                        bound = v.bound();
                    }
                }
            }
        }
    }

    /**
     * Vectors a search computes the distances of at a time, on each side, between two looks at its bound and whether
     * its visitor is done. The engine alone, on the benchmark's series: 64, 128 and 256 within its noise (233,000 to
     * 244,000 values/s); all at once, 172,000 (the bound falls late, and more vectors are visited).
     */
    private static final int CHUNK = 128;

    /** The age of the first of {@code n} vectors, the oldest of serial {@code firstSerial}, that the memory still holds (n: none). */
    static int firstHeld(Memory memory, long firstSerial, int n) {
        return (int) Math.clamp(memory.added() - memory.size() - firstSerial, 0, n); // older ones were overwritten
    }

    /**
     * Distances compared with the bound at once, without a branch: once the bound has fallen, most blocks hold none
     * within it and are passed over in a few instructions (the engine alone 5 to 7 % faster than with a branch per vector; 8 and 32
     * measured no better).
     */
    static final int BLOCK = 16;

    static boolean anyWithin(double[] s, int from, int to, double bound) {
        int within = 0;
        for (int i = from; i < to; i++) {
            within |= s[i] <= bound ? 1 : 0;
        }
        return within != 0;
    }

    /** The squared distances from {@code q} of the vectors at positions [start, end) in key order, into {@link #distances}. */
    private void distances(double[] q, int start, int end) {
        double[] s = distances;
        if (d == 0) {
            java.util.Arrays.fill(s, start, end, 0);
            return;
        }
        // Two coordinates a pass (a loop the JIT vectorises), in ascending order as a vector-at-a-time sum would:
        // the same sums to the last bit. Two a pass read and write the distances half as often: the engine alone 3 %
        // faster than one a pass (four measured no better).
        for (int j = 0; j < d; j += 2) {
            if (j + 1 < d) {
                add2(s, columns[j], columns[j + 1], q[j], q[j + 1], start, end, j == 0);
            } else {
                add1(s, columns[j], q[j], start, end, j == 0);
            }
        }
    }

    // Each adds to s the squared differences of the columns' values from q's coordinates, in the columns' order
    // (first: s starts from them). Java sums left to right, ((s + a²) + b²), as one column a pass does.

    private static void add2(double[] s, double[] a, double[] b, double qa, double qb, int start, int end, boolean first) {
        if (first) {
            for (int i = start; i < end; i++) {
                double ta = qa - a[i], tb = qb - b[i];
                s[i] = ta * ta + tb * tb;
            }
        } else {
            for (int i = start; i < end; i++) {
                double ta = qa - a[i], tb = qb - b[i];
                s[i] = s[i] + ta * ta + tb * tb;
            }
        }
    }

    private static void add1(double[] s, double[] a, double qa, int start, int end, boolean first) {
        if (first) {
            for (int i = start; i < end; i++) {
                double ta = qa - a[i];
                s[i] = ta * ta;
            }
        } else {
            for (int i = start; i < end; i++) {
                double ta = qa - a[i];
                s[i] += ta * ta;
            }
        }
    }
}
