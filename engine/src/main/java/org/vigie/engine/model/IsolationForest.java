package org.vigie.engine.model;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * An isolation forest (Liu, Ting and Zhou, 2008) grown on samples of the memory, from the generator it is
 * given: the same memory and generator grow the same trees. Smile's {@code IsolationForest.fit} grows its
 * trees on parallel threads from a global generator, so no seed makes it repeat itself; this one is the
 * same algorithm, each tree from a generator of its own (so grown on any thread, or on several, it is the same
 * tree), with its trees in flat arrays.
 *
 * <p>Each tree: {@code sample} vectors drawn without replacement (all of them when the sample is the whole
 * memory), split on a random coordinate at a uniform random point between the node's smallest and largest
 * values on it, down to {@code maxDepth}. A vector's path length is the depth of its leaf plus c(leaf size),
 * the average depth still to go in a tree grown on that many points.
 *
 * <p>A vector outside a node's range on the node's coordinate is judged as the tree would have judged it
 * had it been among the points the tree was grown on: the cut at that node, drawn over the range
 * including it, would have isolated it with probability (distance outside) / (range including it), and
 * otherwise falls where the stored cut is (uniform over the points' range). The path length is the
 * expectation over those chances, so a level far beyond anything the memory holds is isolated near the
 * root instead of following the memory's most extreme points down to their leaf (Liu et al.'s own code
 * penalises such values too; isotree's {@code penalize_range}).
 */
final class IsolationForest {

    private static final double EULER = 0.5772156649015329;

    /**
     * The threads that grow a fit's trees beside the one fitting: one fewer than the processors, in a pool of Vigie's own
     * (the common pool set to no threads would leave a forked share waiting). The growth was half a forest's time; a
     * fork costs tens of microseconds here, a fit's trees half a millisecond.
     */
    private static final int HELPERS = Runtime.getRuntime().availableProcessors() - 1;
    private static final ForkJoinPool HELPER_POOL = HELPERS < 1 ? null : new ForkJoinPool(HELPERS, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("vigie-forest-" + t.getPoolIndex());
        return t; // a daemon, as every pool worker: it holds no program open
    }, null, false);
    /**
     * Path lengths the other threads' trees may keep until they are summed (a length and a point each): beyond it (a
     * forest far larger than the defaults', whose fit keeps about 14,000), one thread grows them all, in the memory
     * it always took.
     */
    static final int MAX_KEPT_LENGTHS = 1 << 18;

    private final int trees;
    private final int sample; // the points each tree is grown on
    private final int height; // the trees' depth limit
    private final int splitsPerTree; // the nodes above the last level: the only ones a cut can split
    // Per node above the last level (tree * splitsPerTree + node): the coordinate it splits on, -1 for a leaf, FLAT for
    // a leaf whose points are one vector. The last level's nodes are all leaves: a walk knows them by their number.
    private final short[] coordinate;
    /** A leaf whose points are all one vector on the coordinates that weigh: no cut could split them. */
    private static final short FLAT = -2;
    // Such a leaf's vector (NaN where a coordinate does not weigh), by its index in coordinate: rare, so kept aside.
    private final java.util.Map<Integer, double[]> flatLeaves = new java.util.concurrent.ConcurrentHashMap<>(); // trees grow on several threads
    // Per node above the last level (tree * splitsPerTree + node), side by side so that a path reads one cache line
    // for all three: at 2 * index, a split node's cut (a leaf's c(points), the depth still to go below it), as its
    // bits; at 2 * index + 1, the split node's points' smallest value on its coordinate (rounded down to a float) in
    // the high half and their largest (rounded up) in the low half.
    private final long[] cutAndRange;
    // The last level's nodes are leaves, which need no cut and no range: their points' count alone, by tree *
    // (splitsPerTree + 1) + node - splitsPerTree, its c(points) read from toGo. Half a tree's nodes are there: stored
    // as split nodes, they took a quarter of the forest's arrays (50 partitions' live heap 74 MB, 53 MB without); as
    // their c(points), a double each, a sixth of what is left.
    private final int[] lastLevel;
    private final double[] toGo; // c(n) for n from 0 to sample: the depth still to go below a leaf of n points
    // The exact range of a split node whose bounds do not fit a float (past 3.4e38), by its index in cutAndRange,
    // NaN in range there: rare, so kept aside, and a path reads it only where the float says NaN.
    private final java.util.Map<Integer, double[]> wideRanges = new java.util.concurrent.ConcurrentHashMap<>();
    private final double normaliser; // c(sample)
    private double[][] columns = new double[0][]; // the memory by coordinate at the last growth (null where none is split on)

    /** A forest of {@code trees} trees yet to grow, each on {@code sample} points, at most {@code maxDepth} deep. */
    IsolationForest(int trees, int sample, int maxDepth) {
        this.trees = trees;
        this.sample = sample;
        this.height = Math.min(maxDepth, (int) Math.ceil(Math.log(sample) / Math.log(2)));
        // A full binary tree of that height, children of node i at 2i+1 and 2i+2: 2^height - 1 nodes above its last level.
        this.splitsPerTree = (1 << height) - 1;
        this.coordinate = new short[trees * splitsPerTree];
        this.cutAndRange = new long[2 * trees * splitsPerTree];
        this.lastLevel = new int[trees * (splitsPerTree + 1)];
        this.toGo = new double[sample + 1];
        for (int n = 0; n <= sample; n++) {
            toGo[n] = c(n);
        }
        this.normaliser = c(sample);
    }

    /** The points each tree is grown on. */
    int sample() {
        return sample;
    }

    /**
     * Grows (again) the trees {@code first}, {@code first + step}, ... on {@code memory}, each on
     * {@link #sample()} of its vectors (the same count the forest was made for), splitting only on the
     * coordinates of {@code active}. Returns the mean path length of each memory vector (by age) in those
     * trees, NaN for one in none of their samples.
     */
    double[] grow(Memory memory, int[] active, int first, int step, SplittableRandom random) {
        return grow(memory, active, first, step, random, 1 + HELPERS);
    }

    /** {@link #grow(Memory, int[], int, int, SplittableRandom)} on at most {@code growers} threads: the same forest on any number. */
    double[] grow(Memory memory, int[] active, int first, int step, SplittableRandom random, int growers) {
        int n = memory.size();
        if (sample > n) {
            throw new IllegalArgumentException("a sample of " + sample + " from a memory of " + n);
        }
        // The memory by coordinate, oldest first: a build reads one coordinate of many points at a time, and
        // the memory's ring would cost a division per read.
        // Only the coordinates split on: a detector's calendar often weighs nothing, and 50 detectors' columns are megabytes.
        if (columns.length != memory.dimension()) {
            columns = new double[memory.dimension()][];
        }
        for (int q : active) {
            if (columns[q] == null || columns[q].length != n) {
                columns[q] = new double[n]; // once the memory is full, the same arrays at every fit
            }
            memory.column(q, columns[q]);
        }
        // Each tree draws from its own generator, seeded by the fit's and its number: a tree grows the same
        // whether the whole forest or only its part is grown, so a rebuilt detector's forest, grown whole at
        // its first fit, holds the trees an uninterrupted one grew in part at that fit; and the same on any thread.
        long seed = random.nextLong();
        int count = (trees - first + step - 1) / step; // the trees first, first + step, ... below trees
        growers = HELPER_POOL == null ? 1 : Math.clamp(growers, 1, count);
        if ((long) (count - count / growers) * sample > MAX_KEPT_LENGTHS) {
            growers = 1;
        }
        int mine = count / growers; // this thread's share: the first trees, summed as they grow
        double[] sums = new double[n]; // per memory vector, its path lengths summed over the trees, in their order
        int[] inTrees = new int[n];
        if (growers == 1) {
            growTrees(0, count, first, step, seed, active, n, new Builder(this, active, sums, inTrees));
        } else {
            // The trees are independent: the other threads grow a share each while this one grows the first share, and
            // keep their trees' lengths until this one's are summed: the sums then take them in the trees' order, as one
            // thread growing them one after another would, to the bit.
            java.util.List<ForkJoinTask<Builder>> others = new java.util.ArrayList<>(growers - 1);
            for (int g = 1; g < growers; g++) {
                int from = g * count / growers;
                int to = (g + 1) * count / growers;
                others.add(HELPER_POOL.submit(() -> growTrees(from, to, first, step, seed, active, n, new Builder(this, active, to - from))));
            }
            RuntimeException failure = null;
            try {
                growTrees(0, mine, first, step, seed, active, n, new Builder(this, active, sums, inTrees));
            } catch (RuntimeException e) {
                failure = e;
            }
            // Every share joined, even after a failure: none still writes into the forest once this returns or throws.
            java.util.List<Builder> kept = new java.util.ArrayList<>(others.size());
            for (ForkJoinTask<Builder> other : others) {
                try {
                    kept.add(other.join());
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            for (Builder b : kept) {
                b.addKept(sums, inTrees);
            }
        }
        for (int i = 0; i < n; i++) {
            sums[i] = inTrees[i] == 0 ? Double.NaN : sums[i] / inTrees[i];
        }
        return sums;
    }

    /** Grows the trees {@code first + k * step} for k in [from, to) with {@code b}; returns it. */
    private Builder growTrees(int from, int to, int first, int step, long seed, int[] active, int n, Builder b) {
        int[] points = b.points;
        for (int k = from; k < to; k++) {
            int t = first + k * step;
            SplittableRandom treeRandom = new SplittableRandom(seed + t * 0x9E3779B97F4A7C15L);
            b.random = treeRandom;
            if (sample == n) {
                for (int i = 0; i < n; i++) {
                    points[i] = i; // the whole memory: the order of the points does not change the tree
                }
            } else {
                System.arraycopy(Sampling.distinct(n, sample, treeRandom), 0, points, 0, sample);
            }
            b.tree = t;
            b.base = t * splitsPerTree;
            b.node(0, sample, 0, 0);
            b.keep(k - from);
        }
        return b;
    }

    /**
     * One thread's share of a fit's growing: the columns it reads, where the tree being grown goes, and its trees' path
     * lengths: added to the sums as each tree grows (the first share), or kept, a length for each of a tree's points,
     * until the shares before it are summed.
     */
    private static final class Builder {
        final IsolationForest f;
        final double[][] columns;
        final int[] active;
        final int height;
        SplittableRandom random; // the tree's
        final double[] sums; // per memory vector, its path lengths summed over the trees (the first share), or null
        final int[] inTrees;
        final int[] points; // the tree's points (indices into the columns), each node's in its range
        final int[] spare; // the points at or above a cut, while a partition runs
        final double[] lengths; // the tree being grown: the path length of the point at each place of points
        final int[][] keptPoints; // per tree of the share (kept, not summed): its points, and their path lengths
        final double[][] keptLengths;
        int tree;
        int base; // the tree's first node in coordinate, and its first split node in cutAndRange

        /** The first share: its lengths added to {@code sums} and {@code inTrees} as each tree grows. */
        Builder(IsolationForest f, int[] active, double[] sums, int[] inTrees) {
            this(f, active, sums, inTrees, 0);
        }

        /** Another share, of {@code trees} trees: their lengths kept. */
        Builder(IsolationForest f, int[] active, int trees) {
            this(f, active, null, null, trees);
        }

        private Builder(IsolationForest f, int[] active, double[] sums, int[] inTrees, int kept) {
            this.f = f;
            this.columns = f.columns;
            this.active = active;
            this.height = f.height;
            this.sums = sums;
            this.inTrees = inTrees;
            this.points = new int[f.sample];
            this.spare = new int[f.sample];
            this.lengths = new double[f.sample];
            this.keptPoints = new int[kept][];
            this.keptLengths = new double[kept][];
        }

        /** The tree just grown, number {@code k} of the share: its lengths summed, or kept. */
        void keep(int k) {
            if (sums != null) {
                add(points, lengths, sums, inTrees);
            } else {
                keptPoints[k] = points.clone();
                keptLengths[k] = lengths.clone();
            }
        }

        /** Adds the kept trees' lengths to the sums, in the trees' order. */
        void addKept(double[] sums, int[] inTrees) {
            for (int k = 0; k < keptPoints.length; k++) {
                add(keptPoints[k], keptLengths[k], sums, inTrees);
            }
        }

        private static void add(int[] points, double[] lengths, double[] sums, int[] inTrees) {
            for (int i = 0; i < points.length; i++) {
                sums[points[i]] += lengths[i];
                inTrees[points[i]]++;
            }
        }

        void node(int from, int to, int node, int depth) {
            int n = to - from;
            if (n > 1 && depth < height) {
                // A random coordinate on which these points differ (a constant one cannot split them).
                int start = active.length == 0 ? 0 : random.nextInt(active.length);
                for (int tried = 0; tried < active.length; tried++) {
                    int q = active[(start + tried) % active.length];
                    double[] column = columns[q];
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    for (int i = from; i < to; i++) {
                        double v = column[points[i]];
                        // Plain comparisons, rarely true after the first points: cheaper than Math.min/max's chain.
                        if (v < lo) {
                            lo = v;
                        }
                        if (v > hi) {
                            hi = v;
                        }
                    }
                    if (lo < hi) {
                        double u = random.nextDouble();
                        double p = lo + u * (hi - lo);
                        if (!Double.isFinite(p)) { // hi - lo past the doubles: a weighted mean does not overflow
                            p = (1 - u) * lo + u * hi;
                        }
                        int mid = partition(column, from, to, p);
                        int split = base + node;
                        f.coordinate[split] = (short) q;
                        f.flatLeaves.remove(split);
                        f.setCut(split, p);
                        f.setRange(split, lo, hi);
                        node(from, mid, 2 * node + 1, depth + 1);
                        node(mid, to, 2 * node + 2, depth + 1);
                        return;
                    }
                }
            }
            if (node < f.splitsPerTree) {
                int split = base + node;
                f.coordinate[split] = -1;
                f.flatLeaves.remove(split);
                f.setCut(split, f.toGo[n]);
                f.wideRanges.remove(split);
                if (n > 1) {
                    // No coordinate splits these points: they are one vector. A value that differs from it would
                    // be cut off here by any cut drawn over the range including it.
                    f.coordinate[split] = FLAT;
                    double[] vector = new double[columns.length];
                    java.util.Arrays.fill(vector, Double.NaN);
                    for (int q : active) {
                        vector[q] = columns[q][points[from]];
                    }
                    f.flatLeaves.put(split, vector);
                }
            } else {
                f.lastLevel[tree * (f.splitsPerTree + 1) + node - f.splitsPerTree] = n;
            }
            double length = depth + f.toGo[n];
            java.util.Arrays.fill(lengths, from, to, length); // the points at those places of points
        }

        /**
         * Moves the points below {@code p} to the front, keeping their order; returns where the others start.
         * Without branches: which side a point goes is a coin toss the processor cannot predict, and a
         * mispredicted branch per point per level was most of the time a fit took.
         */
        private int partition(double[] column, int from, int to, double p) {
            int below = from;
            int above = 0;
            for (int j = from; j < to; j++) {
                int pj = points[j];
                int isBelow = column[pj] < p ? 1 : 0;
                points[below] = pj; // points[below] is already read (below <= j)
                spare[above] = pj;
                below += isBelow;
                above += 1 - isBelow;
            }
            System.arraycopy(spare, 0, points, below, above);
            return below;
        }
    }

    /** Keeps a split node's range (by its index in cutAndRange): as two floats, or aside where a bound does not fit one. */
    private void setRange(int split, double lo, double hi) {
        float low = floatAtMost(lo);
        float high = floatAtLeast(hi);
        if (Float.isInfinite(low) || Float.isInfinite(high)) {
            cutAndRange[2 * split + 1] = range(Float.NaN, Float.NaN);
            wideRanges.put(split, new double[] {lo, hi});
        } else {
            cutAndRange[2 * split + 1] = range(low, high);
            wideRanges.remove(split);
        }
    }

    private void setCut(int split, double cut) {
        cutAndRange[2 * split] = Double.doubleToRawLongBits(cut);
    }

    private static long range(float low, float high) {
        return (long) Float.floatToRawIntBits(low) << 32 | Float.floatToRawIntBits(high) & 0xFFFF_FFFFL;
    }

    private static float floatAtMost(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }

    private static float floatAtLeast(double x) {
        float f = (float) x;
        return f < x ? Math.nextUp(f) : f;
    }

    /**
     * The mean path length of {@code x} over the trees, a value outside a node's range isolated by chance there.
     * Two trees are walked at once: a walk is a chain of loads each waiting on the comparison before it, and two
     * independent chains keep the processor busy while each waits. The lengths are summed in the trees' order, as
     * one tree at a time would.
     */
    double pathLength(double[] x) {
        double total = 0;
        int splits = splitsPerTree;
        for (int t = 0; t < trees; t += 2) {
            boolean pair = t + 1 < trees; // an odd count walks its last tree alone
            int splitsA = t * splitsPerTree;
            int splitsB = splitsA + splitsPerTree;
            int nodeA = 0;
            int nodeB = 0;
            int depthA = 0;
            int depthB = 0;
            double isolatedA = 0; // the expected length over the nodes where the value may have been cut off
            double isolatedB = 0;
            double staysA = 1; // the chance it was cut off at none of them
            double staysB = 1;
            int qA = coordinate[splitsA];
            int qB = pair ? coordinate[splitsB] : -1;
            while (qA >= 0 | qB >= 0) {
                if (qA >= 0) {
                    int at = splitsA + nodeA;
                    double v = x[qA];
                    double cut = cutChance(at, v);
                    if (cut != 0) { // NaN too (an infinite feature): the path is NaN, as it always was
                        isolatedA += staysA * cut * (depthA + 1);
                        staysA *= 1 - cut;
                    }
                    nodeA = v < Double.longBitsToDouble(cutAndRange[2 * at]) ? 2 * nodeA + 1 : 2 * nodeA + 2;
                    depthA++;
                    qA = nodeA < splits ? coordinate[splitsA + nodeA] : -1;
                }
                if (qB >= 0) {
                    int at = splitsB + nodeB;
                    double v = x[qB];
                    double cut = cutChance(at, v);
                    if (cut != 0) {
                        isolatedB += staysB * cut * (depthB + 1);
                        staysB *= 1 - cut;
                    }
                    nodeB = v < Double.longBitsToDouble(cutAndRange[2 * at]) ? 2 * nodeB + 1 : 2 * nodeB + 2;
                    depthB++;
                    qB = nodeB < splits ? coordinate[splitsB + nodeB] : -1;
                }
            }
            total += isolatedA + staysA * leafLength(t, nodeA, qA, depthA, x);
            if (pair) {
                total += isolatedB + staysB * leafLength(t + 1, nodeB, qB, depthB, x);
            }
        }
        return total / trees;
    }

    /**
     * The chance that the cut at split node {@code at} (its index in cutAndRange), drawn over its points' range including {@code v}, would have
     * cut {@code v} off: its distance outside the range over the range including it (0 inside).
     */
    private double cutChance(int at, double v) {
        long r = cutAndRange[2 * at + 1];
        double lo = Float.intBitsToFloat((int) (r >>> 32));
        double hi = Float.intBitsToFloat((int) r);
        if (lo != lo) { // NaN: a range too wide for floats
            double[] wide = wideRanges.get(at);
            lo = wide[0];
            hi = wide[1];
        }
        // In halves, exact and the same ratio, so that no difference overflows near the top of the doubles.
        double out = v < lo ? 0.5 * lo - 0.5 * v : v > hi ? 0.5 * v - 0.5 * hi : 0;
        return out > 0 ? out / (0.5 * hi - 0.5 * lo + out) : 0; // NaN for an infinite v
    }

    /** The path length at leaf {@code node} of tree {@code tree} (of kind {@code q}), reached at {@code depth}. */
    private double leafLength(int tree, int node, int q, int depth, double[] x) {
        if (q == FLAT && differs(x, flatLeaves.get(tree * splitsPerTree + node))) {
            return depth + 1;
        }
        double below = node < splitsPerTree ? Double.longBitsToDouble(cutAndRange[2 * (tree * splitsPerTree + node)])
                : toGo[lastLevel[tree * (splitsPerTree + 1) + node - splitsPerTree]];
        return depth + below;
    }

    private static boolean differs(double[] x, double[] vector) {
        for (int q = 0; q < vector.length; q++) {
            if (!Double.isNaN(vector[q]) && x[q] != vector[q]) {
                return true;
            }
        }
        return false;
    }

    /** The anomaly score of a mean path length: 2^(-length / c(sample)), near 1 for the easily isolated. */
    double anomalyScore(double pathLength) {
        return Math.pow(2, -pathLength / normaliser);
    }

    /** The average path length of an unsuccessful search in a binary search tree of {@code n} points. */
    static double c(int n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        return 2 * (Math.log(n - 1) + EULER) - 2.0 * (n - 1) / n;
    }
}
