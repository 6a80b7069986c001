package org.vigie.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsolationForestTest {

    private static Memory cloud() {
        SplittableRandom r = new SplittableRandom(1);
        Memory m = new Memory(1000, 2);
        for (int i = 0; i < 1000; i++) {
            m.add(new double[] {r.nextGaussian(), r.nextGaussian()}, i);
        }
        return m;
    }

    private static IsolationForest grown(Memory m, int trees, int sample, int maxDepth, long seed) {
        IsolationForest f = new IsolationForest(trees, sample, maxDepth);
        f.grow(m, new int[] {0, 1}, 0, 1, new SplittableRandom(seed));
        return f;
    }

    /** Given a Gaussian cloud, when a forest is grown on it, then a far point is isolated in fewer cuts than the centre. */
    @Test
    void aFarPointIsIsolatedSooner() {
        IsolationForest f = grown(cloud(), 100, 256, 8, 5);
        double centre = f.anomalyScore(f.pathLength(new double[] {0, 0}));
        double far = f.anomalyScore(f.pathLength(new double[] {6, -6}));
        assertTrue(centre < 0.5 && far > 0.7, "centre " + centre + ", far " + far);
    }

    /** Given the same memory and seed, when two forests are grown, then they score every point the same. */
    @Test
    void theSameSeedGrowsTheSameForest() {
        Memory m = cloud();
        IsolationForest a = grown(m, 50, 1000, 9, 9);
        IsolationForest b = grown(m, 50, 1000, 9, 9);
        for (double x = -4; x <= 4; x += 0.37) {
            assertEquals(a.pathLength(new double[] {x, -x}), b.pathLength(new double[] {x, -x}));
        }
    }

    /**
     * Given a Gaussian cloud, when a value lies far beyond every point on one coordinate, then it is isolated
     * nearer the root than a value just past the cloud's edge (it would have been cut off at the first split on
     * that coordinate), instead of following the edge's points down to their leaf.
     */
    @Test
    void aValueFarOutOfRangeIsIsolatedNearTheRoot() {
        Memory m = cloud();
        double edge = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m.size(); i++) {
            edge = Math.max(edge, m.get(i, 0));
        }
        IsolationForest f = grown(m, 100, 1000, 9, 3);
        double justPast = f.pathLength(new double[] {edge + 0.01, 0});
        double farPast = f.pathLength(new double[] {edge + 100, 0});
        assertTrue(farPast < 3 && justPast > farPast + 2, "just past the edge " + justPast + ", far past " + farPast);
    }

    /** Given a forest grown on the whole memory, then every memory vector's in-tree path length is known. */
    @Test
    void growingOnTheWholeMemoryGivesEveryVectorsPathLength() {
        Memory m = cloud();
        double[] lengths = new IsolationForest(20, 1000, 9).grow(m, new int[] {0, 1}, 0, 1, new SplittableRandom(4));
        assertEquals(1000, lengths.length);
        for (double l : lengths) {
            assertTrue(l > 0 && l < 9 + IsolationForest.c(1000), "path length " + l);
        }
    }

    /**
     * Given forests of an odd and an even number of trees grown on the whole memory, then every memory vector's path
     * length is, to the bit, the mean of its path lengths in the trees as they were grown (its trees are walked two
     * at a time, and the last alone when their number is odd); and an infinite feature's path is NaN, in every lane.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 7, 8})
    void aMemoryVectorsPathLengthIsItsMeanLengthAsGrown(int trees) {
        Memory m = cloud();
        IsolationForest f = new IsolationForest(trees, 1000, 9);
        double[] lengths = f.grow(m, new int[] {0, 1}, 0, 1, new SplittableRandom(trees));
        for (int age = 0; age < m.size(); age++) {
            assertEquals(lengths[age], f.pathLength(new double[] {m.get(age, 0), m.get(age, 1)}), 0.0, "vector " + age);
        }
        assertTrue(Double.isNaN(f.pathLength(new double[] {Double.POSITIVE_INFINITY, 0})), "an infinite feature");
    }
}
