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

    /** Given a Gaussian cloud, when a forest is grown on it, then a far point is isolated in fewer cuts than the centre. */
    @Test
    void aFarPointIsIsolatedSooner() {
        IsolationForest f = IsolationForest.grow(cloud(), new int[] {0, 1}, 100, 256, new SplittableRandom(5));
        double centre = f.anomalyScore(f.pathLength(new double[] {0, 0}));
        double far = f.anomalyScore(f.pathLength(new double[] {6, -6}));
        assertTrue(centre < 0.5 && far > 0.7, "centre " + centre + ", far " + far);
    }

    /** Given the same memory and seed, when two forests are grown, then they score every point the same. */
    @Test
    void theSameSeedGrowsTheSameForest() {
        Memory m = cloud();
        IsolationForest a = IsolationForest.grow(m, new int[] {0, 1}, 50, 256, new SplittableRandom(9));
        IsolationForest b = IsolationForest.grow(m, new int[] {0, 1}, 50, 256, new SplittableRandom(9));
        for (double x = -4; x <= 4; x += 0.37) {
            assertEquals(a.pathLength(new double[] {x, -x}), b.pathLength(new double[] {x, -x}));
        }
    }
}
