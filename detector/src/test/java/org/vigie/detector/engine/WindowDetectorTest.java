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

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aDailyPatternIsRoutineAfterItsFirstDayButANewLevelIsNot(Algorithm a) {
        int day = 288; // 5-minute samples
        double[] v = noise(day * 5, 0, 1, 13);
        for (int i = 0; i < v.length; i++) {
            v[i] += i % day < day / 2 ? 20 : 80; // a jump up and a jump down every day
        }
        v[day * 4 + 20] = 50; // once, half way up: the sensor has never been there
        State[] s = run(a, v);
        long afterFirstDay = 0;
        for (int i = day + 20; i < v.length; i++) {
            afterFirstDay += s[i] == State.ANOMALY && i != day * 4 + 20 ? 1 : 0;
        }
        assertEquals(0, afterFirstDay, "the daily jumps are routine once seen");
        assertEquals(State.ANOMALY, s[day * 4 + 20], "a level never visited lately");
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void oneGarbageReadingDoesNotBlindTheDetector(Algorithm a) {
        double[] v = noise(1500, 50, 1, 17);
        v[500] = 99999; // a sensor printing garbage once
        v[1000] = 65;
        State[] s = run(a, v);
        assertEquals(State.ANOMALY, s[500]);
        assertEquals(State.ANOMALY, s[1000], "a spike 500 values after the garbage");
    }

    @Test
    void aFixedEpsIsInTheSensorsUnits() {
        DetectorSettings s = new DetectorSettings(Algorithm.DBSCAN, 20, 1.0, 5.0, 0.1, 0, 1, 100, 0.6, null);
        WindowDetector d = new WindowDetector(s);
        for (int i = 0; i < 20; i++) {
            d.judge(10 + (i % 2)); // 10, 11, 10...
        }
        assertEquals(State.NORMAL, d.judge(15.9).state(), "4.9 from 11: within eps 5");
        assertEquals(State.ANOMALY, d.judge(30).state(), "19 from 11");
    }

    @Test
    void dbscanShortcutAgreesWithSmile() {
        DbscanModel model = new DbscanModel(3);
        Random r = new Random(1);
        for (int trial = 0; trial < 2000; trial++) {
            double[] w = new double[20];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextGaussian() * (1 + r.nextInt(3));
            }
            double value = r.nextGaussian() * 4;
            boolean shortcut = model.judge(w, value, 2.0).state() == State.ANOMALY;
            assertEquals(model.isNoise(w, value, 2.0), shortcut, "trial " + trial);
        }
    }
}
