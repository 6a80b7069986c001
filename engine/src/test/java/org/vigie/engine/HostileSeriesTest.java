package org.vigie.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vigie.engine.feature.FeatureOptions;
import org.vigie.engine.model.Memory;

/**
 * The smallest series that showed each engine case of the hostile-input review (issue 19, cases 11 to 17),
 * for both algorithms at their defaults.
 */
class HostileSeriesTest {

    private static final long T0 = 1_780_000_000_000_000L;

    private static Decision[] judge(Algorithm a, double[] v) {
        long[] t = new long[v.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = T0 + i * 1_000_000L;
        }
        return Detector.create(DetectorSettings.defaults(a), 7).judgeAll(t, v);
    }

    /**
     * A detector that flags everything would pass each check below: each also bounds the flags away from what was
     * planted (a flag within 5 values after a planted row or inside a planted range counts as its own), at what
     * the defaults give on 2026-12-04: none for DBSCAN, at most 2 for the forest.
     */
    private static void fewOtherFlags(Algorithm a, Decision[] d, int most, int... plantedFromTo) {
        java.util.List<Integer> others = new java.util.ArrayList<>();
        for (int i = 0; i < d.length; i++) {
            boolean planted = false;
            for (int k = 0; k < plantedFromTo.length; k += 2) {
                planted |= i >= plantedFromTo[k] && i <= plantedFromTo[k + 1] + 5;
            }
            if (d[i].anomaly() && !planted) {
                others.add(i);
            }
        }
        assertTrue(others.size() <= most, a + ": flags away from what was planted: " + others);
    }

    private static double[] gaussian(int n, double mean, double sd, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + sd * r.nextGaussian();
        }
        return v;
    }

    /**
     * Case 11: a flat 0 series with one reading of 1000, and a flat 20 stepping to 25: both flagged once the sensor has
     * been seen to move (one reading a step off at 1,000). On a sensor that never moved, the first move is learnt, not
     * flagged (StreamDetector's first move: a motion sensor's first motion); a reading farther off than that move, later, is.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aJumpAfterAFlatStretchIsSeen(Algorithm a) {
        double[] spike = new double[3000];
        spike[1000] = 1;
        spike[2500] = 1000;
        assertTrue(judge(a, spike)[2500].anomaly(), a + ": the reading of 1000 on a flat 0: " + judge(a, spike)[2500]);
        fewOtherFlags(a, judge(a, spike), 0, 1000, 1000, 2500, 2500);
        double[] step = new double[3000];
        java.util.Arrays.fill(step, 20);
        step[1000] = 20.1;
        java.util.Arrays.fill(step, 2500, 3000, 25);
        Decision[] d = judge(a, step);
        assertTrue(d[2500].anomaly() || d[2501].anomaly() || d[2502].anomaly(), a + ": the step from 20 to 25: " + d[2500]);
        fewOtherFlags(a, d, 0, 1000, 1000, 2500, 2520);

        double[] never = new double[3000];
        never[2500] = 1000;
        never[2800] = -5000;
        Decision[] n = judge(a, never);
        assertEquals(Verdict.INITIALISING, n[2500].state(), a + ": the first move of a sensor that never moved");
        assertTrue(n[2800].anomaly(), a + ": a reading farther off than that move, later: " + n[2800]);
        fewOtherFlags(a, n, 0, 2500, 2500, 2800, 2800);
    }

    /** Case 12: N(20,1) with +30 at rows 2600 and 2900 (a refit between them): both flagged. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aRepeatedSpikeAfterARefitIsFlaggedAgain(Algorithm a) {
        double[] v = gaussian(3500, 20, 1, 12);
        v[2600] += 30;
        v[2900] += 30;
        Decision[] d = judge(a, v);
        assertTrue(d[2600].anomaly() && d[2900].anomaly(), a + ": " + d[2600] + " / " + d[2900]);
        fewOtherFlags(a, d, a == Algorithm.IFOREST ? 1 : 0, 2600, 2600, 2900, 2900); // the forest: 1 (value 1765)
    }

    /** Case 13: three identical spikes 50 apart are all flagged; +40 then +30 a hundred values later, both. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void severalOutliersOfOneSizeAreAllFlagged(Algorithm a) {
        double[] v = gaussian(3500, 20, 1, 13);
        for (int k = 0; k < 3; k++) {
            v[2500 + 50 * k] += 30;
        }
        Decision[] d = judge(a, v);
        for (int k = 0; k < 3; k++) {
            assertTrue(d[2500 + 50 * k].anomaly(), a + ": spike " + (k + 1) + " of 3: " + d[2500 + 50 * k]);
        }
        double[] w = gaussian(3500, 20, 1, 14);
        w[2500] += 40;
        w[2600] += 30;
        Decision[] e = judge(a, w);
        assertTrue(e[2500].anomaly() && e[2600].anomaly(), a + ": +40 then +30: " + e[2500] + " / " + e[2600]);
        fewOtherFlags(a, d, a == Algorithm.IFOREST ? 2 : 0, 2500, 2500, 2550, 2550, 2600, 2600);
        fewOtherFlags(a, e, a == Algorithm.IFOREST ? 2 : 0, 2500, 2500, 2600, 2600); // the forest: 2
    }

    /** Case 14: N(20,1) stuck at 20.3 for 100 rows: flagged. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN"})
    void aStuckSensorIsSeen(Algorithm a) {
        stuckSensorIsSeen(a);
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"IFOREST"})
    @org.junit.jupiter.api.Disabled("known failure, issue 28 (since a window is frozen at 2 of 20 readings off its median, not 5): the forest's "
            + "scores climb as the reading freezes, 0.999996 at their highest against a threshold of 0.9999967 per reading at 1 s, and "
            + "the climb's own scores then raise the calibration's normal tail; over sensor seeds 1 to 20 the forest finds 83 % of the "
            + "stuck readings, was 85 % (docs/quality.md)")
    void aStuckSensorIsSeenByTheForest(Algorithm a) {
        stuckSensorIsSeen(a);
    }

    private static void stuckSensorIsSeen(Algorithm a) {
        double[] v = gaussian(3500, 20, 1, 15);
        java.util.Arrays.fill(v, 2500, 2600, 20.3);
        Decision[] d = judge(a, v);
        boolean flagged = false;
        for (int i = 2500; i < 2600; i++) {
            flagged |= d[i].anomaly();
        }
        assertTrue(flagged, a + ": nothing flagged while stuck");
        fewOtherFlags(a, d, a == Algorithm.IFOREST ? 1 : 0, 2500, 2600); // the forest: 1 (2234)
    }

    /** Case 15: a 30σ spike on 1e12 + N(0,1) and on 5e-10 + N(0,1e-12): flagged, whatever the level's magnitude. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aSpikeFarFromZeroIsFlagged(Algorithm a) {
        double[] big = gaussian(3000, 1e12, 1, 16);
        big[2500] += 30;
        assertTrue(judge(a, big)[2500].anomaly(), a + ": on 1e12: " + judge(a, big)[2500]);
        double[] small = gaussian(3000, 5e-10, 1e-12, 17);
        small[2500] += 30e-12;
        assertTrue(judge(a, small)[2500].anomaly(), a + ": on 5e-10: " + judge(a, small)[2500]);
        fewOtherFlags(a, judge(a, big), 0, 2500, 2500);
        fewOtherFlags(a, judge(a, small), 0, 2500, 2500);
    }

    /**
     * Case 16: near 5e307 nothing overflows: a x1.5 spike is flagged and every score is finite, for both (the
     * forest keeps a range past the floats' 3.4e38 aside).
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void valuesNearTheTopOfTheDoublesDoNotOverflow(Algorithm a) {
        double[] v = gaussian(3000, 5e307, 1e306, 18);
        v[2500] = 7.5e307;
        Decision[] d = judge(a, v);
        for (int i = 0; i < v.length; i++) {
            assertTrue(d[i].evidence() == null || Double.isFinite(d[i].score()), a + ": value " + i + ": " + d[i]);
        }
        assertTrue(d[2500].anomaly(), a + ": the x1.5 spike: " + d[2500]);
        fewOtherFlags(a, d, 0, 2500, 2500);
    }

    /** Case 17: a window that leaves the memory nothing to compare with is refused with a clear message. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void settingsThatCannotWorkAreRefused(Algorithm a) {
        DetectorSettings d = DetectorSettings.defaults(a);
        for (int[] wm : new int[][] {{100, 100}, {60, 100}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DetectorSettings(a,
                    new FeatureOptions(wm[0], 0, true, true, true, false), new Memory.Options(wm[1], 250), d.model(),
                    d.calibration(), d.decision(), d.range()));
            assertTrue(e.getMessage().contains("memory"), e.getMessage());
        }
    }
}
