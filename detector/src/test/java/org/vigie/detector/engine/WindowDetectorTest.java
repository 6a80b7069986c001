package org.vigie.detector.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigie.common.State;

class WindowDetectorTest {

    private static State[] run(Algorithm a, double[] values) {
        WindowDetector d = new WindowDetector(DetectorSettings.defaults(a, 20));
        State[] out = new State[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = d.judge(values[i]).state();
        }
        return out;
    }

    private static long count(State[] states, State s) {
        return java.util.Arrays.stream(states).filter(x -> x == s).count();
    }

    private static double[] noise(int n, double level, double sd, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = level + sd * r.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void firstWindowInitialisesThenAPlantedSpikeIsFlagged(Algorithm a) {
        for (double scale : new double[] {1, 0.01, 1000}) { // humidity, a tiny signal, counts in thousands
            double[] v = noise(1500, 50 * scale, scale, 7);
            v[1200] = 50 * scale + 15 * scale;
            State[] s = run(a, v);
            for (int i = 0; i < 20; i++) {
                assertEquals(State.INITIALISING, s[i]);
            }
            assertEquals(State.ANOMALY, s[1200], a + " at scale " + scale);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void constantDriftAndNoiseDoNotFlood(Algorithm a) {
        double[] constant = new double[2000];
        java.util.Arrays.fill(constant, 21.5);
        assertEquals(0, count(run(a, constant), State.ANOMALY), "constant");

        double[] drift = noise(3000, 0, 0.2, 3);
        for (int i = 0; i < drift.length; i++) {
            drift[i] += 40 + i * 0.01;
        }
        assertTrue(count(run(a, drift), State.ANOMALY) <= 30, "slow drift flags at most 1%");
        assertTrue(count(run(a, noise(3000, 45, 2, 5)), State.ANOMALY) <= 30, "noise flags at most 1%");
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aStepIsLearntNotFlaggedForEver(Algorithm a) {
        double[] v = noise(3000, 40, 0.5, 11);
        for (int i = 2000; i < v.length; i++) {
            v[i] += 30;
        }
        State[] s = run(a, v);
        long after = 0;
        for (int i = 2050; i < v.length; i++) {
            after += s[i] == State.ANOMALY ? 1 : 0;
        }
        assertTrue(after <= 10, "the new level is normal once learnt: " + after + " flags after it");
    }

    @Test
    void dbscanShortcutAgreesWithSmile() {
        DbscanModel model = new DbscanModel(3, 2.0);
        Random r = new Random(1);
        for (int trial = 0; trial < 2000; trial++) {
            double[] w = new double[20];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextGaussian() * (1 + r.nextInt(3));
            }
            double value = r.nextGaussian() * 4;
            boolean shortcut = model.judge(w, value, 0, 1.0, 0.5).state() == State.ANOMALY;
            assertEquals(model.isNoise(w, value, 2.0), shortcut, "trial " + trial);
        }
    }
}
