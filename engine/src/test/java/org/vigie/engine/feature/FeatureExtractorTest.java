package org.vigie.engine.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureExtractorTest {

    private static final FeatureOptions SPREAD_ONLY = new FeatureOptions(20, 0, false, true, false, false);

    /** The spread coordinate (the log of how much the window moves) of {@code value} after {@code window}, read to 0.1. */
    private static double spreadAfter(double[] window, double value) {
        FeatureExtractor f = new FeatureExtractor(SPREAD_ONLY);
        f.push(20.0); // a step of 0.1 seen once: the sensor's resolution
        f.push(20.1);
        for (double v : window) {
            f.push(v);
        }
        double[] out = new double[SPREAD_ONLY.dimension()];
        f.extract(value, 0, out);
        return out[1];
    }

    private static double[] repeated(double reading, int times, double other, int others) {
        double[] w = new double[times + others];
        java.util.Arrays.fill(w, reading);
        for (int i = 0; i < others; i++) {
            w[times + i] = other;
        }
        return w;
    }

    @Test
    void aQuantisedWindowThatMostlyRepeatsOneReadingIsNotFrozen() {
        double frozen = spreadAfter(repeated(18.2, 20, 0, 0), 18.2);
        double fiveOff = spreadAfter(repeated(18.2, 15, 18.3, 5), 18.2); // no trimmed deviation: its largest quarter is left out
        double noisy = spreadAfter(new double[] {18.1, 18.3, 18.2, 18.0, 18.4, 18.2, 18.1, 18.3, 18.2, 18.0, 18.4, 18.2, 18.1, 18.3,
                18.2, 18.0, 18.4, 18.2, 18.1, 18.3}, 18.2);
        // A quarter of the window off its median moves a quarter of a step: 1.4 log units below a step, not 28.
        assertEquals(Math.log(0.25 * 0.1), fiveOff, 1e-9);
        assertTrue(noisy > fiveOff, "more moving, more spread: " + noisy + " vs " + fiveOff);
        assertTrue(fiveOff - frozen > 25, "a frozen window lies far below: " + frozen + " vs " + fiveOff);
    }

    @Test
    void aStuckReadingWithAGlitchOrALastChangeInItIsStillFrozen() {
        double frozen = spreadAfter(repeated(18.2, 20, 0, 0), 18.2);
        double glitch = spreadAfter(repeated(18.2, 19, 85.0, 1), 18.2);
        double twoOff = spreadAfter(repeated(18.2, 18, 18.3, 2), 18.2);
        double threeOff = spreadAfter(repeated(18.2, 17, 18.3, 3), 18.2);
        assertEquals(frozen, glitch, 1e-9);
        assertEquals(frozen, twoOff, 1e-9);
        assertTrue(threeOff - frozen > 25, "three of twenty off the median move: " + threeOff);
    }
}
