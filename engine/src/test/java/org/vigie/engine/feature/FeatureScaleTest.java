package org.vigie.engine.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.vigie.engine.model.Memory;

/** The weights of a memory that holds every coordinate constant: a motion sensor's night, a frozen reading. */
class FeatureScaleTest {

    private static final FeatureOptions OPTIONS = new FeatureOptions(20, 3, true, true, false, false); // level, 3 lags, context, spread

    private static Memory constant(double level, double spread, int n) {
        Memory m = new Memory(n, OPTIONS.dimension());
        for (int i = 0; i < n; i++) {
            m.add(new double[] {level, 0, 0, 0, 0, spread}, 1_000_000L * i);
        }
        return m;
    }

    @Test
    void aConstantCoordinateIsScaledAsIfItHadMovedOneUnitOnce() {
        double frozen = Math.log(0.5 * FeatureExtractor.FROZEN_STEPS); // a frozen window of a sensor read in halves
        double[] w = FeatureScale.weights(OPTIONS, constant(1_000, frozen, 400), 0.5);
        for (int j = 0; j < 5; j++) {
            assertEquals(Math.sqrt(400) / 0.5, w[j], 1e-9, "level, lags, context: coordinate " + j);
        }
        assertEquals(Math.sqrt(400) / -Math.log(FeatureExtractor.FROZEN_STEPS), w[5], 1e-9, "the spread: frozen to a step is one unit");
    }

    @Test
    void theSameAtAnyLevel() {
        double frozen = Math.log(0.5 * FeatureExtractor.FROZEN_STEPS);
        assertEquals(FeatureScale.weights(OPTIONS, constant(0, frozen, 400), 0.5)[0], FeatureScale.weights(OPTIONS, constant(1e6, frozen, 400), 0.5)[0]);
    }

    @Test
    void withNoStepSeenTheLevelFallsToItsLastBits() {
        double[] w = FeatureScale.weights(OPTIONS, constant(0, -30, 400), 0);
        assertEquals(1 / FeatureScale.MIN_SCALE, w[0]);
        assertEquals(1 / (64 * Math.ulp(1_000.0)), FeatureScale.weights(OPTIONS, constant(1_000, -30, 400), 0)[0]);
    }
}
