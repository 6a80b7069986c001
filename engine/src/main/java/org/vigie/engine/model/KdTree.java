package org.vigie.engine.model;

/**
 * A k-d tree over the memory's vectors as they were at a fit, in weighted coordinates (each coordinate
 * times its weight, so distances are plain Euclidean). Leaves hold up to {@link #LEAF} points; each node
 * splits its points at the median of their widest coordinate, and a search skips every cell that lies
 * beyond the bound it is given.
 * Built once per fit; the memory's slots may be overwritten afterwards, so each point keeps the serial of
 * the vector it copied, and a search passes only points still held.
 */
final class KdTree {

    static final int LEAF = 12;

    /** What a search reports: each point still held, with its squared distance; and the bound it may prune beyond. */
    interface Visitor {
        /** Squared distance beyond which nothing is wanted any more (it may shrink as points are visited). */
        double bound();

        void visit(int slot, double d2);

        /** Whether the vector of {@code serial} is left out (the query's own window). */
        boolean excluded(long serial);
    }

    private final int d;
    private final double[] points; // in tree order
    private final int[] slots;
    private final long[] serials;
    private final Memory memory;
    private int[] active; // the memory's coordinates the tree keeps
    // nodes
    private int nodes;
    private int[] from;
    private int[] to;
    private int[] low; // left child, or -1 for a leaf
    private int[] high;
    private int[] splitDim;
    private double[] splitValue; // points of the low child are at most this on splitDim, of the high child at least
    private final double[] offsets; // a search's per-coordinate distance from the query to the current cell

    private KdTree(Memory memory, int n, int d) {
        this.memory = memory;
        this.d = d;
        this.points = new double[n * d];
        this.slots = new int[n];
        this.serials = new long[n];
        int cap = Math.max(1, 4 * n / LEAF + 2);
        from = new int[cap];
        to = new int[cap];
        low = new int[cap];
        high = new int[cap];
        splitDim = new int[cap];
        splitValue = new double[cap];
        offsets = new double[d];
    }

    /** A tree over every vector {@code memory} holds, weighed by {@code weights}, points taken by age. */
    static KdTree build(Memory memory, double[] weights) {
        int n = memory.size();
        int[] active = Sampling.weighing(weights);
        int d = active.length; // a coordinate weighing 0 adds nothing to any distance: the tree leaves it out
        KdTree t = new KdTree(memory, n, d);
        t.active = active;
        for (int age = 0; age < n; age++) {
            int slot = memory.slot(age);
            t.slots[age] = slot;
            t.serials[age] = memory.serial(slot);
            for (int j = 0; j < d; j++) {
                t.points[age * d + j] = weights[active[j]] * memory.get(age, active[j]);
            }
        }
        if (n > 0) {
            double[] cellLow = new double[d];
            double[] cellHigh = new double[d];
            java.util.Arrays.fill(cellLow, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(cellHigh, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    double v = t.points[i * d + j];
                    if (v < cellLow[j]) {
                        cellLow[j] = v;
                    }
                    if (v > cellHigh[j]) {
                        cellHigh[j] = v;
                    }
                }
            }
            t.node(0, n, cellLow, cellHigh);
        }
        return t;
    }

    /**
     * Builds the node of points[start, end), whose cell is [cellLow, cellHigh] (the points' bounding box at
     * the root, then cut at each split): it splits the cell's widest side at the points' median there. The
     * cell, not the points' own box, chooses the side, so no node rescans its points; a search is exact
     * whatever the sides chosen, only its speed depends on them.
     */
    private int node(int start, int end, double[] cellLow, double[] cellHigh) {
        int id = nodes++;
        if (id == from.length) {
            grow();
        }
        from[id] = start;
        to[id] = end;
        int widest = -1;
        double width = 0;
        for (int j = 0; j < d; j++) {
            double w = cellHigh[j] - cellLow[j];
            if (w > width) {
                width = w;
                widest = j;
            }
        }
        if (end - start <= LEAF || widest < 0) {
            low[id] = -1;
            return id;
        }
        int mid = (start + end) >>> 1;
        select(start, end, mid, widest);
        double cut = points[mid * d + widest];
        splitDim[id] = widest;
        splitValue[id] = cut;
        double oldHigh = cellHigh[widest];
        cellHigh[widest] = cut;
        int l = node(start, mid, cellLow, cellHigh);
        cellHigh[widest] = oldHigh;
        double oldLow = cellLow[widest];
        cellLow[widest] = cut;
        int h = node(mid, end, cellLow, cellHigh);
        cellLow[widest] = oldLow;
        low[id] = l;
        high[id] = h;
        return id;
    }

    /** Reorders points[start, end) so that the one at {@code k} is where a sort on coordinate {@code j} would put it (quickselect). */
    private void select(int start, int end, int k, int j) {
        int lo = start;
        int hi = end - 1;
        while (lo < hi) {
            double pivot = points[((lo + hi) >>> 1) * d + j];
            int i = lo;
            int g = hi;
            while (i <= g) {
                while (points[i * d + j] < pivot) {
                    i++;
                }
                while (points[g * d + j] > pivot) {
                    g--;
                }
                if (i <= g) {
                    swap(i++, g--);
                }
            }
            if (k <= g) {
                hi = g;
            } else if (k >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }

    private void swap(int a, int b) {
        for (int j = 0; j < d; j++) {
            double t = points[a * d + j];
            points[a * d + j] = points[b * d + j];
            points[b * d + j] = t;
        }
        int s = slots[a];
        slots[a] = slots[b];
        slots[b] = s;
        long r = serials[a];
        serials[a] = serials[b];
        serials[b] = r;
    }

    private void grow() {
        int cap = from.length * 2;
        from = java.util.Arrays.copyOf(from, cap);
        to = java.util.Arrays.copyOf(to, cap);
        low = java.util.Arrays.copyOf(low, cap);
        high = java.util.Arrays.copyOf(high, cap);
        splitDim = java.util.Arrays.copyOf(splitDim, cap);
        splitValue = java.util.Arrays.copyOf(splitValue, cap);
    }

    /** The coordinates of {@code x} the tree keeps, weighted, into {@code out}. */
    void project(double[] x, double[] weights, double[] out) {
        for (int j = 0; j < d; j++) {
            out[j] = weights[active[j]] * x[active[j]];
        }
    }

    /**
     * Visits every point still held within the visitor's bound of {@code q} (as {@link #project} gives it)
     * that it does not exclude. A cell is entered only when its distance from {@code q} (kept incrementally,
     * Arya and Mount's way: one coordinate changes per split) is within the bound.
     */
    void search(double[] q, Visitor v) {
        if (nodes > 0) {
            java.util.Arrays.fill(offsets, 0);
            oldestHeld = memory.added() - memory.size();
            search(0, 0, q, v);
        }
    }

    private long oldestHeld; // during a search: the serial of the memory's oldest vector; older points were overwritten

    private void search(int id, double cell, double[] q, Visitor v) {
        double bound = v.bound();
        if (cell > bound) {
            return;
        }
        if (low[id] < 0) {
            for (int i = from[id]; i < to[id]; i++) {
                long serial = serials[i];
                if (serial < oldestHeld || v.excluded(serial)) {
                    continue; // overwritten since the fit (the caller scans those), or in the query's window
                }
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = q[j] - points[i * d + j];
                    s += t * t;
                }
                if (s <= bound) { // past the bound, the visitor wants nothing of it
                    v.visit(slots[i], s);
                    bound = v.bound();
                }
            }
            return;
        }
        int j = splitDim[id];
        double diff = q[j] - splitValue[id];
        int near = diff < 0 ? low[id] : high[id];
        int far = diff < 0 ? high[id] : low[id];
        search(near, cell, q, v);
        double old = offsets[j];
        double farCell = cell - old * old + diff * diff;
        if (farCell <= v.bound()) {
            offsets[j] = diff;
            search(far, farCell, q, v);
            offsets[j] = old;
        }
    }
}
