package org.vigie.engine.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.vigie.engine.model.Memory;

/** With the gate (`--lag-gate`, off by default), the lags weigh where the noise wanders (AR(1)), not under white noise, a smooth cycle's included. */
class LagGateTest {

    private static final FeatureOptions GATED = new FeatureOptions(20, 1, true, true, false, true);
    private static final FeatureOptions ALWAYS = new FeatureOptions(20, 1, true, true, false, false);

    /** The memory of 2,000 readings after {@code series}' first 20 fill the window, as the detector builds it. */
    private static Memory memoryOf(FeatureOptions options, IntToDoubleFunction series) {
        FeatureExtractor features = new FeatureExtractor(options);
        Memory memory = new Memory(2_000, options.dimension());
        double[] x = new double[options.dimension()];
        for (int i = 0; i < 2_020; i++) {
            double v = series.applyAsDouble(i);
            if (features.ready()) {
                features.extract(v, 10_000_000L * i, x);
                memory.add(x, 10_000_000L * i);
            }
            features.push(v);
        }
        return memory;
    }

    private static double lagWeight(FeatureOptions options, IntToDoubleFunction series) {
        return lagWeight(options, series, 0.01);
    }

    private static double lagWeight(FeatureOptions options, IntToDoubleFunction series, double resolution) {
        return FeatureScale.weights(options, memoryOf(options, series), resolution)[1];
    }

    /** A daily cycle of amplitude 2 read every 10 s, plus AR(1) noise of coefficient {@code phi}, rounded to 0.01. */
    private static IntToDoubleFunction wandering(double phi, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] noise = new double[2_020];
        double x = 0;
        for (int i = 0; i < noise.length; i++) {
            x = phi * x + 0.05 * random.nextGaussian();
            noise[i] = x;
        }
        return i -> Math.round(100 * (20 + 2 * Math.sin(2 * Math.PI * i * 10 / 86_400.0) + noise[i])) / 100.0;
    }

    /** The same cycle, faster (a day in 2,000 readings), under white noise of 0.1. */
    private static IntToDoubleFunction white(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] noise = new double[2_020];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 0.1 * random.nextGaussian();
        }
        return i -> Math.round(100 * (20 + 2 * Math.sin(2 * Math.PI * i / 2_000.0) + noise[i])) / 100.0;
    }

    @Test
    void theLagWeighsWhereTheNoiseWanders() {
        for (double phi : new double[] {0.9, 0.95, 0.97, 0.99}) {
            for (long seed = 1; seed <= 3; seed++) {
                assertTrue(lagWeight(GATED, wandering(phi, seed)) > 0, "AR(1) of " + phi + ", seed " + seed);
            }
        }
    }

    @Test
    void notUnderWhiteNoiseNorAlongASmoothCycle() {
        for (long seed = 1; seed <= 3; seed++) {
            assertEquals(0, lagWeight(GATED, white(seed)), "seed " + seed);
        }
        assertEquals(0, lagWeight(GATED, i -> 20), "a constant reading");
        assertEquals(0, lagWeight(GATED, i -> 20 + 0.01 * i), "a straight line");
    }

    /** White noise of {@code sigma} steps of 0.0625 (a DS18B20's), read to its step: the lags take whole steps only. */
    private static IntToDoubleFunction quantisedWhite(double sigma, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[2_020];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round(20 / 0.0625 + Math.sin(2 * Math.PI * i / 2_000.0) + sigma * random.nextGaussian()) * 0.0625;
        }
        return i -> v[i];
    }

    @Test
    void notUnderQuantisedWhiteNoise() {
        // A review found the interquartile ranges of a few steps' noise opened the gate (lags 0.90 to 0.98 times the
        // departures at 1.4 steps, on 10 seeds of 10): quartiles of whole steps jump where a mean deviation does not.
        for (double sigma : new double[] {0.8, 1.4, 1.6, 2.6}) {
            for (long seed = 1; seed <= 10; seed++) {
                assertEquals(0, lagWeight(GATED, quantisedWhite(sigma, seed), 0.0625), sigma + " steps, seed " + seed);
            }
        }
    }

    @Test
    void nearTheTopOfTheDoubles() {
        IntToDoubleFunction ar = wandering(0.97, 1);
        assertTrue(lagWeight(GATED, i -> 1e306 * ar.applyAsDouble(i), 1e304) > 0, "the line's sums overflowed here");
    }

    @Test
    void ungatedLagsAlwaysWeigh() {
        assertTrue(lagWeight(ALWAYS, white(1)) > 0);
    }

    @Test
    void theGateDoesNotHangOnTheSensorsUnits() {
        for (long seed = 1; seed <= 3; seed++) {
            IntToDoubleFunction ar = wandering(0.95, seed);
            IntToDoubleFunction wn = white(seed);
            assertTrue(lagWeight(GATED, i -> 1e6 + 1000 * ar.applyAsDouble(i), 10) > 0, "AR(1), seed " + seed);
            assertEquals(0, lagWeight(GATED, i -> 1e6 + 1000 * wn.applyAsDouble(i), 10), "white noise, seed " + seed);
        }
    }

    @Test
    void aShortMemoryIsNotJudgedAutocorrelated() {
        FeatureExtractor features = new FeatureExtractor(GATED);
        Memory memory = new Memory(2_000, GATED.dimension());
        double[] x = new double[GATED.dimension()];
        IntToDoubleFunction ar = wandering(0.99, 1);
        for (int i = 0; i < 99; i++) {
            if (features.ready()) {
                features.extract(ar.applyAsDouble(i), 10_000_000L * i, x);
                memory.add(x, 10_000_000L * i);
            }
            features.push(ar.applyAsDouble(i));
        }
        assertFalse(FeatureScale.autocorrelated(memory, 20, 0.01, 0.05, new double[memory.size()], new double[memory.size()]));
    }
}
