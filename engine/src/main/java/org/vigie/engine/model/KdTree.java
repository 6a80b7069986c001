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

    private final Memory memory;
    private int d; // the coordinates kept: those that weigh
    private int[] active; // which of the memory's coordinates they are
    private double[] points; // in tree order, d coordinates each
    private int[] slots;
    private long[] serials;
    // nodes
    private int nodes;
    private int[] from;
    private int[] to;
    private int[] low; // left child, or -1 for a leaf
    private int[] high;
    private int[] splitDim;
    private double[] splitValue; // points of the low child are at most this on splitDim, of the high child at least
    private double[] boxLow; // a leaf's points' bounding box, d coordinates per node (leaves only)
    private double[] boxHigh;
    private double[] offsets; // a search's per-coordinate distance from the query to the current cell
    private double[] cellLow; // the build's current cell
    private double[] cellHigh;

    private KdTree(Memory memory) {
        this.memory = memory;
    }

    /** Sizes the arrays for {@code n} points of {@code d} coordinates, keeping those that are large enough. */
    private void reserve(int n, int d) {
        this.d = d;
        if (slots == null || slots.length < n || offsets.length < d) {
            points = new double[n * d];
            slots = new int[n];
            serials = new long[n];
            int cap = Math.max(1, 4 * n / LEAF + 2);
            from = new int[cap];
            to = new int[cap];
            low = new int[cap];
            high = new int[cap];
            splitDim = new int[cap];
            splitValue = new double[cap];
            boxLow = new double[cap * d];
            boxHigh = new double[cap * d];
            offsets = new double[d];
            cellLow = new double[d];
            cellHigh = new double[d];
        }
        nodes = 0;
    }

    /**
     * A tree over every vector {@code memory} holds, in the coordinates {@code active} (those whose weight is
     * not 0: a coordinate weighing 0 adds nothing to any distance), weighed by {@code weights}, points taken by
     * age. It reuses {@code previous}'s arrays when they are large enough (null: none): a fit every few hundred
     * values would otherwise allocate the memory's size again each time.
     */
    static KdTree build(Memory memory, double[] weights, int[] active, KdTree previous) {
        int n = memory.size();
        int d = active.length;
        KdTree t = previous != null && previous.memory == memory ? previous : new KdTree(memory);
        t.reserve(n, d);
        t.active = active;
        double[] data = memory.data();
        int dim = memory.dimension();
        int slot = memory.oldestSlot();
        for (int age = 0; age < n; age++) {
            t.slots[age] = slot;
            t.serials[age] = memory.serial(slot);
            for (int j = 0; j < d; j++) {
                t.points[age * d + j] = weights[active[j]] * data[slot * dim + active[j]];
            }
            slot = slot + 1 == memory.capacity() ? 0 : slot + 1;
        }
        if (n > 0) {
            double[] cellLow = t.cellLow;
            double[] cellHigh = t.cellHigh;
            java.util.Arrays.fill(cellLow, 0, d, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(cellHigh, 0, d, Double.NEGATIVE_INFINITY);
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
            leafBox(id, start, end);
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

    /** The bounding box of a leaf's points: tighter than its cell, it lets a search skip the leaf whole. */
    private void leafBox(int id, int start, int end) {
        for (int j = 0; j < d; j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = start; i < end; i++) {
                double v = points[i * d + j];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            boxLow[id * d + j] = lo;
            boxHigh[id * d + j] = hi;
        }
    }

    private void grow() {
        int cap = from.length * 2;
        boxLow = java.util.Arrays.copyOf(boxLow, 2 * boxLow.length);
        boxHigh = java.util.Arrays.copyOf(boxHigh, 2 * boxHigh.length);
        from = java.util.Arrays.copyOf(from, cap);
        to = java.util.Arrays.copyOf(to, cap);
        low = java.util.Arrays.copyOf(low, cap);
        high = java.util.Arrays.copyOf(high, cap);
        splitDim = java.util.Arrays.copyOf(splitDim, cap);
        splitValue = java.util.Arrays.copyOf(splitValue, cap);
    }

    /** The coordinates of {@code x} the tree keeps, weighted, into {@code out}. */
    void project(double[] x, double[] weights, double[] out) {
        int[] active = this.active;
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
            java.util.Arrays.fill(offsets, 0, d, 0);
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
            // The leaf's box: in floating point too, no point in it lies nearer q than the box (a rounded
            // difference grows with the exact one), so a box past the bound holds nothing wanted.
            double box = 0;
            for (int j = 0, o = id * d; j < d; j++) {
                double t = Math.max(0, Math.max(boxLow[o + j] - q[j], q[j] - boxHigh[o + j]));
                box += t * t;
            }
            if (box > bound) {
                return;
            }
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
