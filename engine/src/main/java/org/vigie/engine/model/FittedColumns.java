package org.vigie.engine.model;

/**
 * The memory's vectors as they were at a fit, oldest first, one array per coordinate that weighs (a
 * coordinate weighing 0 adds nothing to any distance), each times its weight, so distances are plain
 * Euclidean. A search computes the vectors' distances from the query two coordinates at a time: a loop over
 * two arrays that the JIT turns into vector instructions, over data that stays in the cache. At the memory's
 * 2,000 vectors this beats a k-d tree (measured in docs/benchmarks.md): the tree visited about 220 points
 * and 110 nodes per search, each a branch the processor could not predict, and its build cost as much as
 * a fifth of the engine's time.
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
    private double[][] columns = new double[0][]; // columns[j][age]
    private double[] distances = new double[0]; // a search's squared distances, by age

    FittedColumns(Memory memory) {
        this.memory = memory;
    }

    /** Copies every vector the memory holds, in the coordinates {@code active}, weighed by {@code weights}. */
    void fit(double[] weights, int[] active) {
        int n = memory.size();
        int d = active.length;
        if (columns.length < d || distances.length < n) {
            double[][] grown = new double[Math.max(d, columns.length)][];
            for (int j = 0; j < grown.length; j++) {
                grown[j] = new double[Math.max(n, distances.length)];
            }
            columns = grown;
            distances = new double[Math.max(n, distances.length)];
        }
        this.n = n;
        this.d = d;
        this.active = active;
        this.firstSerial = memory.added() - n;
        for (int j = 0; j < d; j++) {
            memory.column(active[j], columns[j]);
            double w = weights[active[j]];
            double[] c = columns[j];
            for (int age = 0; age < n; age++) {
                c[age] *= w;
            }
        }
    }

    /** The coordinates of {@code x} the columns keep, weighted, into {@code out}. */
    void project(double[] x, double[] weights, double[] out) {
        for (int j = 0; j < d; j++) {
            out[j] = weights[active[j]] * x[active[j]];
        }
    }

    /**
     * Visits every vector still held within the visitor's bound of {@code q} (as {@link #project} gives it),
     * but those of serials {@code [excludedFrom, excludedTo]}, those nearest that range in time first.
     */
    void search(double[] q, long excludedFrom, long excludedTo, Visitor v) {
        int from = firstHeld(memory, firstSerial, n);
        if (from == n) {
            return;
        }
        distances(q, from, n);
        visitNearestInTimeFirst(memory, distances, firstSerial, from, n, excludedFrom, excludedTo, v);
    }

    /**
     * {@link #search}, until the visitor is {@linkplain Visitor#done() done}. The distances are computed a chunk at a
     * time, after the excluded range and before it in turn, so a search that is done early has not computed the rest
     * (a search that visits them all is faster with {@link #search}: with the judged values' searches chunked too, the
     * engine alone ran 10 % slower, short loops costing their set-up).
     */
    void searchUntilDone(double[] q, long excludedFrom, long excludedTo, Visitor v) {
        int from = firstHeld(memory, firstSerial, n);
        if (from == n) {
            return;
        }
        int up = (int) Math.clamp(excludedTo - firstSerial + 1, from, n);
        int down = (int) Math.clamp(excludedFrom - firstSerial, from, up);
        while (up < n || down > from) {
            if (up < n) {
                int end = Math.min(up + CHUNK, n);
                distances(q, up, end);
                visitUpward(memory, distances, firstSerial, up, end, v);
                up = end;
                if (v.done()) {
                    return;
                }
            }
            if (down > from) {
                int start = Math.max(down - CHUNK, from);
                distances(q, start, down);
                visitDownward(memory, distances, firstSerial, start, down, v);
                down = start;
                if (v.done()) {
                    return;
                }
            }
        }
    }

    /** Ages a search computes the distances of at a time, between two looks at whether its visitor is done. */
    private static final int CHUNK = 256;

    /** The age of the first of {@code n} vectors, the oldest of serial {@code firstSerial}, that the memory still holds (n: none). */
    static int firstHeld(Memory memory, long firstSerial, int n) {
        return (int) Math.clamp(memory.added() - memory.size() - firstSerial, 0, n); // older ones were overwritten
    }

    /**
     * Visits the vectors of ages [from, n) whose squared distances {@code s} holds (age a has serial {@code firstSerial
     * + a}) and that lie within the visitor's bound, but those of serials [excludedFrom, excludedTo]: those after that
     * range upwards, then those before it downwards. Nearest in time first, the likeliest to be near: the bound
     * falls sooner, and fewer vectors are visited.
     */
    static void visitNearestInTimeFirst(Memory memory, double[] s, long firstSerial, int from, int n, long excludedFrom, long excludedTo,
            Visitor v) {
        int skipFrom = (int) Math.clamp(excludedFrom - firstSerial, from, n);
        int skipTo = (int) Math.clamp(excludedTo - firstSerial + 1, skipFrom, n);
        visitUpward(memory, s, firstSerial, skipTo, n, v);
        visitDownward(memory, s, firstSerial, from, skipFrom, v);
    }

    /** Visits the vectors of ages [lo, hi) within the visitor's bound, oldest first. */
    private static void visitUpward(Memory memory, double[] s, long firstSerial, int lo, int hi, Visitor v) {
        for (int block = lo; block < hi; block += BLOCK) {
            int end = Math.min(block + BLOCK, hi);
            double bound = v.bound();
            if (anyWithin(s, block, end, bound)) {
                for (int age = block; age < end; age++) {
                    if (s[age] <= bound) { // past the bound, the visitor wants nothing of it
                        v.visit(memory.slotOf(firstSerial + age), s[age]);
                        bound = v.bound();
                    }
                }
            }
        }
    }

    /** Visits the vectors of ages [lo, hi) within the visitor's bound, newest first. */
    private static void visitDownward(Memory memory, double[] s, long firstSerial, int lo, int hi, Visitor v) {
        for (int block = hi; block > lo; block -= BLOCK) {
            int start = Math.max(block - BLOCK, lo);
            double bound = v.bound();
            if (anyWithin(s, start, block, bound)) {
                for (int age = block - 1; age >= start; age--) {
                    if (s[age] <= bound) {
                        v.visit(memory.slotOf(firstSerial + age), s[age]);
                        bound = v.bound();
                    }
                }
            }
        }
    }

    /**
     * Distances compared with the bound at once, without a branch: once the bound has fallen, most blocks hold none
     * within it and are passed over in a few instructions (the engine alone 5 to 7 % faster than with a branch per vector; 8 and 32
     * measured no better).
     */
    private static final int BLOCK = 16;

    private static boolean anyWithin(double[] s, int from, int to, double bound) {
        int within = 0;
        for (int age = from; age < to; age++) {
            within |= s[age] <= bound ? 1 : 0;
        }
        return within != 0;
    }

    /** The squared distances from {@code q} of the vectors of ages [start, end), into {@link #distances}. */
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
