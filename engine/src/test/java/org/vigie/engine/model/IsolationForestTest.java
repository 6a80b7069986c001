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

    /**
     * Given a memory, when its forest is grown whole and then in part (a sample of it, and the whole memory) on one,
     * two and three threads, then every memory vector's mean path length and every value's path length are the same to
     * the bit: each tree grows from its own generator, and the lengths are summed in the trees' order.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {300, 1000})
    void aForestGrowsTheSameOnAnyNumberOfThreads(int sample) {
        Memory m = cloud();
        IsolationForest[] forests = new IsolationForest[3];
        double[][] wholeLengths = new double[3][];
        double[][] partLengths = new double[3][];
        for (int g = 0; g < 3; g++) {
            forests[g] = new IsolationForest(50, sample, 9);
            wholeLengths[g] = forests[g].grow(m, new int[] {0, 1}, 0, 1, new SplittableRandom(11), g + 1);
            partLengths[g] = forests[g].grow(m, new int[] {0, 1}, 3, 4, new SplittableRandom(12), g + 1);
        }
        for (int g = 1; g < 3; g++) {
            assertTrue(java.util.Arrays.equals(wholeLengths[0], wholeLengths[g]), "the whole forest's lengths on " + (g + 1) + " threads");
            assertTrue(java.util.Arrays.equals(partLengths[0], partLengths[g]), "a part's lengths on " + (g + 1) + " threads");
            for (double x = -4; x <= 4; x += 0.37) {
                assertEquals(forests[0].pathLength(new double[] {x, -x}), forests[g].pathLength(new double[] {x, -x}), 0.0, "x " + x);
            }
        }
        long inSample = java.util.Arrays.stream(partLengths[0]).filter(l -> !Double.isNaN(l)).count();
        assertTrue(sample == 1000 ? inSample == 1000 : inSample < 1000, "vectors in the part's samples: " + inSample);
    }
}
