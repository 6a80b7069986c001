package org.vigie.engine.model;

import java.util.SplittableRandom;

/**
 * An isolation forest (Liu, Ting and Zhou, 2008) grown on samples of the memory, from the generator it is
 * given: the same memory and generator grow the same trees. Smile's {@code IsolationForest.fit} grows its
 * trees on parallel threads from a global generator, so no seed makes it repeat itself; this one is the
 * same algorithm, seeded and single-threaded, with its trees in flat arrays.
 *
 * <p>Each tree: {@code sample} vectors drawn without replacement, split on a random coordinate at a
 * uniform random point between the node's smallest and largest values on it, down to a height of
 * ceil(log2 sample). A vector's path length is the depth of its leaf plus c(leaf size), the average depth
 * still to go in a tree grown on that many points.
 */
final class IsolationForest {

    private static final double EULER = 0.5772156649015329;

    private final int trees;
    private final int nodesPerTree;
    private final int[] coordinate; // -1 for a leaf
    private final double[] split;
    private final double[] rest; // a leaf's c(points): the depth still to go below it
    private final double normaliser; // c(sample)

    private IsolationForest(int trees, int nodesPerTree, double normaliser) {
        this.trees = trees;
        this.nodesPerTree = nodesPerTree;
        this.coordinate = new int[trees * nodesPerTree];
        this.split = new double[trees * nodesPerTree];
        this.rest = new double[trees * nodesPerTree];
        this.normaliser = normaliser;
    }

    /** Grows {@code trees} trees on {@code memory}, splitting only on the coordinates of {@code active}. */
    static IsolationForest grow(Memory memory, int[] active, int trees, int sample, SplittableRandom random) {
        int psi = Math.min(sample, memory.size());
        int height = (int) Math.ceil(Math.log(psi) / Math.log(2));
        int nodes = (1 << (height + 1)) - 1; // a full binary tree of that height, children of node i at 2i+1, 2i+2
        IsolationForest f = new IsolationForest(trees, nodes, c(psi));
        // Each tree's points, copied side by side (point i's coordinate q at i * d + q): the build reads them
        // level after level, and the memory's ring would cost a division per read.
        int d = memory.dimension();
        double[] copied = new double[psi * d];
        int[] points = new int[psi];
        for (int t = 0; t < trees; t++) {
            int[] ages = Sampling.distinct(memory.size(), psi, random);
            for (int i = 0; i < psi; i++) {
                for (int q = 0; q < d; q++) {
                    copied[i * d + q] = memory.get(ages[i], q);
                }
                points[i] = i;
            }
            f.build(copied, d, active, points, 0, psi, t * nodes, 0, 0, height, random);
        }
        return f;
    }

    private void build(double[] m, int d, int[] active, int[] points, int from, int to, int base, int node, int depth, int height,
            SplittableRandom random) {
        int at = base + node;
        int n = to - from;
        if (n <= 1 || depth >= height || active.length == 0) {
            leaf(at, n);
            return;
        }
        // A random coordinate on which these points differ (a constant one cannot split them).
        int start = random.nextInt(active.length);
        for (int tried = 0; tried < active.length; tried++) {
            int q = active[(start + tried) % active.length];
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                double v = m[points[i] * d + q];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (lo < hi) {
                double p = lo + random.nextDouble() * (hi - lo);
                int mid = partition(m, d, points, from, to, q, p);
                coordinate[at] = q;
                split[at] = p;
                build(m, d, active, points, from, mid, base, 2 * node + 1, depth + 1, height, random);
                build(m, d, active, points, mid, to, base, 2 * node + 2, depth + 1, height, random);
                return;
            }
        }
        leaf(at, n);
    }

    private void leaf(int at, int n) {
        coordinate[at] = -1;
        rest[at] = c(n);
    }

    /** Moves the points below {@code p} on {@code q} to the front; returns where the others start. */
    private static int partition(double[] m, int d, int[] points, int from, int to, int q, double p) {
        int i = from;
        for (int j = from; j < to; j++) {
            if (m[points[j] * d + q] < p) {
                int t = points[i];
                points[i] = points[j];
                points[j] = t;
                i++;
            }
        }
        return i;
    }

    /** The mean path length of {@code x} over the trees. */
    double pathLength(double[] x) {
        double total = 0;
        for (int t = 0; t < trees; t++) {
            int base = t * nodesPerTree;
            int node = 0;
            int depth = 0;
            while (coordinate[base + node] >= 0) {
                node = x[coordinate[base + node]] < split[base + node] ? 2 * node + 1 : 2 * node + 2;
                depth++;
            }
            total += depth + rest[base + node];
        }
        return total / trees;
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
