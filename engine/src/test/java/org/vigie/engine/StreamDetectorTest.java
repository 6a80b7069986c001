package org.vigie.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine loop: reproducible, rebuilt exactly on restart, sees shape, each algorithm by its own model. */
class StreamDetectorTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final long FIVE_MINUTES = 300_000_000L;
    private static final int DAY = 288;

    /** 14 days of a daily beat sampled every 5 minutes: high from 9:00 to 17:00, low at night, a little noise. */
    private static double[] dailyBeat(int skippedDay) {
        return dailyBeat(skippedDay, 14);
    }

    private static double[] dailyBeat(int skippedDay, int days) {
        Random r = new Random(3);
        double[] v = new double[days * DAY];
        for (int i = 0; i < v.length; i++) {
            int minute = i % DAY * 5;
            boolean high = minute >= 9 * 60 && minute < 17 * 60 && i / DAY != skippedDay;
            v[i] = (high ? 80 : 20) + r.nextGaussian();
        }
        return v;
    }

    private static long[] times(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 - Math.floorMod(T0, 86_400_000_000L) + i * FIVE_MINUTES; // from midnight
        }
        return t;
    }

    /** Given a series and a seed, when two detectors judge it, then every decision is the same, score and evidence included. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void theSameSeedGivesTheSameDecisions(Algorithm a) {
        double[] v = dailyBeat(10);
        Decision[] one = Detector.create(DetectorSettings.defaults(a), 42).judgeAll(times(v.length), v);
        Decision[] two = Detector.create(DetectorSettings.defaults(a), 42).judgeAll(times(v.length), v);
        for (int i = 0; i < v.length; i++) {
            assertEquals(one[i], two[i], "value " + i);
        }
    }

    /**
     * Given a series judged from its start, then once a value is judged no later one is initialising again, also
     * where the memory's growth retires the calibration's earlier scores (at values 319 and 579 here); and the
     * detector says it is fully initialised from then on.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aJudgedSeriesNeverInitialisesAgain(Algorithm a) {
        double[] v = dailyBeat(10);
        long[] t = times(v.length);
        Detector d = Detector.create(DetectorSettings.defaults(a), 42);
        int first = -1;
        for (int i = 0; i < v.length; i++) {
            Decision decision = d.judge(i, t[i], v[i]);
            if (first < 0 && decision.state() != Verdict.INITIALISING) {
                first = i;
            }
            if (first >= 0) {
                assertTrue(decision.state() != Verdict.INITIALISING, a + ": value " + i + " initialises again (first judged: " + first + ")");
                assertEquals(1.0, d.initialised(), a + ": value " + i);
            }
        }
        assertTrue(first > 0 && first < 300, "judged from value " + first);
    }

    /**
     * Given a detector that judged a series from its start, when another is rebuilt from only the horizon's
     * values before a position (as a restarted Kafka detector is), then from that position on their decisions
     * are identical.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aDetectorRebuiltFromTheHorizonDecidesAsAnUninterruptedOne(Algorithm a) {
        DetectorSettings s = DetectorSettings.defaults(a);
        // A restart after the horizon (157,044 values for the forest, 156,310 for DBSCAN); a series every 5 minutes, whose
        // blocks of the day's maxima never lie within a day: aFastSensorRebuilt... below holds those
        double[] v = dailyBeat(10, s.horizon() / DAY + 3);
        long[] t = times(v.length);
        Decision[] uninterrupted = Detector.create(s, 5).judgeAll(t, v);
        assertRebuiltDecideAsUninterrupted(s, t, v, uninterrupted, v.length - 383);
    }

    /**
     * As above, for a sensor read about every 2 s (jittered, with an unplugged hour), whose threshold per reading
     * comes from the memory's reading interval, and a frozen run and a noise burst before and after the restart:
     * the rebuilt detector decides as the uninterrupted one, episodes included.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aFastSensorRebuiltFromTheHorizonDecidesAsAnUninterruptedOne(Algorithm a) {
        DetectorSettings s = DetectorSettings.defaults(a);
        Random r = new Random(12);
        int o = Math.max(0, s.horizon() - 4_000); // the events below lie after the horizon
        double[] v = new double[o + 9_000];
        long[] t = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20 + Math.sin(i / 300.0) + 0.2 * r.nextGaussian();
            t[i] = T0 + i * 2_000_000L + r.nextInt(400_000) + (i >= o + 4_000 ? 3_600_000_000L : 0);
        }
        java.util.Arrays.fill(v, o + 5_000, o + 5_300, 20.4); // frozen
        for (int i = o + 6_000; i < o + 6_040; i++) {
            v[i] += 3 * r.nextGaussian(); // a burst of noise
        }
        v[o + 7_000] += 10;
        Decision[] uninterrupted = Detector.create(s, 5).judgeAll(t, v);
        assertRebuiltDecideAsUninterrupted(s, t, v, uninterrupted, o + 5_100, o + 6_020, o + 7_001);
    }

    /**
     * As above, for an on/off device read every second (a fridge's current: runs of 150 to 899 readings on or off), whose
     * switches DBSCAN learns as lasting changes it has seen before: restarted just before a switch past the horizon, on
     * it and 30 readings after it, the rebuilt detector decides as the uninterrupted one.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void anOnOffDeviceRebuiltFromTheHorizonDecidesAsAnUninterruptedOne(Algorithm a) {
        DetectorSettings s = DetectorSettings.defaults(a);
        Random r = new Random(21);
        double[] v = new double[s.horizon() + 6_000];
        boolean on = false;
        int switchAfterHorizon = -1; // the first switch at least 1,000 readings past the horizon
        for (int i = 0, next = 0; i < v.length; i++) {
            if (i == next) {
                on = !on;
                if (switchAfterHorizon < 0 && i >= s.horizon() + 1_000) {
                    switchAfterHorizon = i;
                }
                next = i + 150 + r.nextInt(750);
            }
            v[i] = Math.round((on ? 1.2 + 0.02 * r.nextGaussian() : 0.05 + 0.01 * r.nextGaussian()) * 100) / 100.0;
        }
        long[] t = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            t[i] = T0 + i * 1_000_000L;
        }
        Decision[] uninterrupted = Detector.create(s, 5).judgeAll(t, v);
        int flagged = 0;
        for (Decision d : uninterrupted) {
            flagged += d.anomaly() ? 1 : 0;
        }
        assertTrue(flagged <= 4, "its first switches flagged, then learnt (DBSCAN 4, the forest 1): " + flagged + " flags in " + v.length + " readings");
        assertTrue(switchAfterHorizon > 0 && switchAfterHorizon + 1_000 < v.length, "a switch after the horizon: " + switchAfterHorizon);
        assertRebuiltDecideAsUninterrupted(s, t, v, uninterrupted, switchAfterHorizon - 1, switchAfterHorizon, switchAfterHorizon + 30);
    }

    /**
     * As above, for a sensor read every 0.1 s, whose recent range spans its last 50,000 readings (83 minutes), not 10,000:
     * the forest without its lasting outliers or the day's maxima, so that the range is the longest chain of the horizon
     * (54,045 values). The sensor sits at 25 for 300 readings, then 45,000 readings later reads 24.5 once: within the
     * range, as the uninterrupted detector judges it, so too a detector rebuilt from the horizon; one rebuilt from fewer
     * values than the range spans finds 24.5 beyond it and decides otherwise.
     */
    @org.junit.jupiter.api.Test
    void aFastSensorsRecentRangeIsRebuiltFromTheHorizon() {
        DetectorSettings d = DetectorSettings.defaults(Algorithm.IFOREST);
        org.vigie.engine.model.IsolationForestModel.Options f = (org.vigie.engine.model.IsolationForestModel.Options) d.model();
        DetectorSettings s = new DetectorSettings(d.algorithm(), d.features(), d.memory(),
                new org.vigie.engine.model.IsolationForestModel.Options(f.trees(), f.sample(), f.maxDepth(), f.parts(), f.contamination(), f.minScore(), 0),
                d.calibration().withDailyMaxima(false), d.decision(), d.range());
        int high = 10_000;
        int echo = high + 300 + 45_000;
        assertTrue(echo - high > org.vigie.engine.decision.RecentRange.SPAN && echo - 10 - s.horizon() < high,
                "the horizon reaches back past the high level: " + s.horizon());
        Random r = new Random(9);
        double[] v = new double[echo + 1_000];
        long[] t = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round((i >= high && i < high + 300 ? 25 : i == echo ? 24.5 : 20) * 10 + r.nextGaussian()) / 10.0;
            t[i] = T0 + i * 100_000L;
        }
        Decision[] uninterrupted = Detector.create(s, 5).judgeAll(t, v);
        assertFalse(uninterrupted[echo].evidence() instanceof Evidence.Beyond, "24.5 lies within the range of the last 83 minutes: " + uninterrupted[echo]);
        assertRebuiltDecideAsUninterrupted(s, t, v, uninterrupted, echo - 10);
        Detector shortSighted = Detector.create(s, 5);
        int from = echo - 10 - (s.horizon() - 40_000);
        int differ = 0;
        for (int i = from; i < v.length; i++) {
            Decision decision = shortSighted.judge(i, t[i], v[i]);
            differ += i >= echo - 10 && !decision.equals(uninterrupted[i]) ? 1 : 0;
        }
        assertTrue(differ > 0, "a detector that forgot the high level decides as one that remembers it");
    }

    /**
     * As above, for the forest without the day's maxima or the recent range (a horizon of 55,044 values, its lasting
     * outliers' 50,000 among them), on a sensor read every second whose level steps up for 300 readings and back, then
     * again 45,000 readings later: the first step is remembered, so the second repeats it. A detector rebuilt just before
     * the second step from the horizon, which reaches back past the first, decides as the uninterrupted one.
     */
    @org.junit.jupiter.api.Test
    void theForestsLastingOutliersAreRebuiltFromTheHorizon() {
        DetectorSettings d = DetectorSettings.defaults(Algorithm.IFOREST);
        DetectorSettings s = new DetectorSettings(d.algorithm(), d.features(), d.memory(), d.model(),
                d.calibration().withDailyMaxima(false), d.decision(),
                org.vigie.engine.decision.RecentRange.Options.off());
        int first = 25_000;
        int second = first + 45_000;
        assertTrue(second - 10 > s.horizon() && second - 10 - s.horizon() < first, "the horizon reaches back past the first step: " + s.horizon());
        Random r = new Random(8);
        double[] v = new double[second + 2_000];
        long[] t = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            boolean up = i >= first && i < first + 300 || i >= second && i < second + 300;
            v[i] = Math.round((up ? 23 : 20) * 10 + 2 * r.nextGaussian()) / 10.0;
            t[i] = T0 + i * 1_000_000L;
        }
        Decision[] uninterrupted = Detector.create(s, 5).judgeAll(t, v);
        assertRebuiltDecideAsUninterrupted(s, t, v, uninterrupted, second - 10);
        // The scenario needs the reach: rebuilt from the horizon less the lasting outliers' 50,000 values, the first step is
        // not remembered, and the detector decides otherwise.
        Detector shortSighted = Detector.create(s, 5);
        int from = second - 10 - (s.horizon() - org.vigie.engine.model.IsolationForestModel.Options.DEFAULT_REPEAT_REACH);
        int differ = 0;
        for (int i = from; i < v.length; i++) {
            Decision decision = shortSighted.judge(i, t[i], v[i]);
            differ += i >= second - 10 && !decision.equals(uninterrupted[i]) ? 1 : 0;
        }
        assertTrue(differ > 0, "a detector that forgot the first step decides as one that remembers it");
    }

    /**
     * Given a daily beat that skips day 10 (every value of that day lies within the range the sensor showed
     * every day before), when DBSCAN judges it, then it flags values of the skipped beat and almost nothing
     * else: the time of day tells what no single value can.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN"})
    @org.junit.jupiter.api.Disabled("known failure, issue 28 (a regression since issue 17, docs/quality.md): since the spread feature and the robust lags, the "
            + "transitions of the beat widen DBSCAN's eps and the skipped beat goes unseen; it still is with --lags 1 or 0")
    void aSkippedDailyBeatIsCaught(Algorithm a) {
        double[] v = dailyBeat(10);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 10 * DAY; i++) {
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        for (int i = 10 * DAY; i < 11 * DAY; i++) {
            assertTrue(v[i] > lo && v[i] < hi, "value " + i + " is within the usual range");
        }
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 1).judgeAll(times(v.length), v);
        int inSkippedBeat = 0;
        int elsewhere = 0;
        for (int i = 0; i < v.length; i++) {
            if (d[i].anomaly()) {
                if (i >= 10 * DAY + 9 * 12 && i < 10 * DAY + 17 * 12) {
                    inSkippedBeat++;
                } else {
                    elsewhere++;
                }
            }
        }
        assertTrue(inSkippedBeat >= 5, "flags in the skipped beat: " + inSkippedBeat);
        assertTrue(elsewhere <= 2, "flags elsewhere in 14 days: " + elsewhere);
    }

    /**
     * Given a noisy series with spikes, when each algorithm judges it with its model alone (the recent range, which
     * both share, off), then every anomaly is one its own model called an outlier (DBSCAN: noise; the forest: past
     * its offset) with a calibrated score past the threshold, and the evidence is that model's.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void eachAlgorithmFlagsThroughItsOwnModel(Algorithm a) {
        Random r = new Random(8);
        double[] v = new double[5000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 + r.nextGaussian() + (i % 1500 == 500 ? 12 : 0);
        }
        DetectorSettings defaults = DetectorSettings.defaults(a);
        DetectorSettings s = new DetectorSettings(defaults.algorithm(), defaults.features(), defaults.memory(), defaults.model(),
                defaults.calibration(), defaults.decision(), org.vigie.engine.decision.RecentRange.Options.off());
        Decision[] d = Detector.create(s, 2).judgeAll(times(v.length), v);
        int anomalies = 0;
        for (int i = 0; i < v.length; i++) {
            if (d[i].state() == Verdict.INITIALISING) {
                continue;
            }
            Evidence e = d[i].evidence();
            assertTrue(a == Algorithm.DBSCAN ? e instanceof Evidence.Density : e instanceof Evidence.Isolation, "evidence " + e);
            boolean past = e.outlier() && d[i].score() > s.decision().threshold();
            if (d[i].anomaly()) {
                anomalies++;
                assertTrue(past, "value " + i + ": " + d[i]);
            } else if (past) {
                // Not flagged again only as the continuation of an episode: an outlier a few values back.
                boolean episode = false;
                for (int b = 1; b <= 5; b++) {
                    Evidence before = d[i - b].evidence();
                    episode |= before != null && before.outlier();
                }
                assertTrue(episode, "value " + i + " continues no episode: " + d[i]);
            }
        }
        for (int spike = 500; spike < v.length; spike += 1500) {
            assertTrue(d[spike].anomaly(), a + " flags the spike at " + spike + ": " + d[spike]);
        }
        assertTrue(anomalies <= 10, a + " flags " + anomalies);
    }

    /**
     * Given the same noise with two 30σ spikes, read every 5 minutes and every 2 seconds, then the sensor read
     * every 2 s raises no more false alarms than the one read every 5 minutes (its threshold holds per 5
     * minutes, not per reading: 150 readings share it), where per reading it raises more, and both spikes are
     * flagged at either interval.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void theThresholdHoldsPerFiveMinutesNotPerReading(Algorithm a) {
        Random r = new Random(11);
        double[] v = new double[20_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20 + r.nextGaussian();
        }
        v[8_000] += 30;
        v[15_000] -= 30;
        DetectorSettings s = DetectorSettings.defaults(a);
        DetectorSettings perReading = new DetectorSettings(s.algorithm(), s.features(), s.memory(), s.model(), s.calibration(),
                new org.vigie.engine.decision.DecisionRule(s.decision().threshold()), s.range());
        int slow = falseAlarms(Detector.create(s, 5).judgeAll(every(v.length, FIVE_MINUTES), v));
        int fast = falseAlarms(Detector.create(s, 5).judgeAll(every(v.length, 2_000_000L), v));
        int fastPerReading = falseAlarms(Detector.create(perReading, 5).judgeAll(every(v.length, 2_000_000L), v));
        assertTrue(fast <= slow && fast < fastPerReading, a + ": false alarms every 5 min " + slow + ", every 2 s " + fast
                + ", every 2 s with a threshold per reading " + fastPerReading);
        for (long interval : new long[] {FIVE_MINUTES, 2_000_000L}) {
            Decision[] d = Detector.create(s, 5).judgeAll(every(v.length, interval), v);
            assertTrue(d[8_000].anomaly() && d[15_000].anomaly(), a + ": both spikes, every " + interval + " µs");
        }
    }

    /**
     * One alarm per incident: a contact that bounces (readings that jump to +12 and back every 10 readings, 10 times)
     * is flagged once, at its first jump (with episodes of 5 readings, each jump was an alarm: DBSCAN 8, the forest
     * 10). For DBSCAN, a drop 70 quiet readings after it is a new incident, flagged; and, its raw score growing
     * with the distance, a spike of +52 ten readings into the bouncing is flagged again (clearly stronger evidence;
     * the forest's case is HostileSeriesTest's +40 then +30).
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void anIncidentIsFlaggedOnceUnlessTheEvidenceGetsClearlyStronger(Algorithm a) {
        double[] v = bouncing(false);
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(times(v.length), v);
        assertEquals(java.util.List.of(4_000), flagsFrom(d, 3_990, 4_150), a + ": flags around the bouncing");
        if (a == Algorithm.DBSCAN) {
            // The forest ranks the drop 0.996, with or without incidents: the bouncing's ten high scores widen its
            // calibration's normal tail for a while.
            assertEquals(java.util.List.of(4_160), flagsFrom(d, 4_150, 4_400), a + ": the drop after a quiet spell");
            double[] w = bouncing(true);
            Decision[] e = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(times(w.length), w);
            assertEquals(java.util.List.of(4_000, 4_010, 4_160), flagsFrom(e, 3_990, 4_400), a + ": with a stronger spike in the bouncing");
        }
    }

    /**
     * DBSCAN learns what a sensor repeats more rarely than its memory holds it: a fridge's current at 1 s, off for
     * 300 to 900 readings and on for 150 to 450 (66 switches in 30,000 readings), leaves one or two switches in a
     * memory of 2,000. Its switches are remembered among the past outliers, so after the first 10,000 readings at
     * most one is flagged (was 38 before the past outliers).
     */
    @org.junit.jupiter.api.Test
    void dbscanLearnsAnOnOffDevicesSwitches() {
        Random r = new Random(3);
        double[] v = new double[30_000];
        int i = 0;
        while (i < v.length) {
            int off = 300 + r.nextInt(600);
            int on = 150 + r.nextInt(300);
            for (int k = 0; k < off && i < v.length; k++) {
                v[i++] = Math.round((0.05 + 0.02 * r.nextGaussian()) * 100) / 100.0;
            }
            for (int k = 0; k < on && i < v.length; k++) {
                v[i++] = Math.round((1.2 + 0.02 * r.nextGaussian()) * 100) / 100.0;
            }
        }
        Decision[] d = Detector.create(DetectorSettings.defaults(Algorithm.DBSCAN), 7).judgeAll(every(v.length, 1_000_000L), v);
        assertTrue(flagsFrom(d, 10_000, v.length).size() <= 1, "switches flagged after the first 10,000 readings: " + flagsFrom(d, 10_000, v.length));
    }

    private static double[] bouncing(boolean strongerSpike) {
        Random r = new Random(21);
        double[] v = new double[6_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20 + r.nextGaussian();
        }
        for (int i = 4_000; i < 4_100; i += 10) {
            v[i] += 12;
        }
        if (strongerSpike) {
            v[4_010] += 40;
        }
        v[4_160] -= 15;
        return v;
    }

    /**
     * Given a DS18B20 read every 0.1 s (a slow swing, noise, its 1/16 degree steps), when it reads its power-on value
     * (85.0) and its error value (-127) once each, then each is flagged, as beyond the recent range, by both algorithms,
     * however strict the threshold per reading is at that rate; and nothing else is.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void anErrorValueBeyondTheRecentRangeIsFlagged(Algorithm a) {
        Random r = new Random(21);
        double[] v = new double[40_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round((21 + 2 * Math.sin(i / 5_000.0) + 0.1 * r.nextGaussian()) * 16) / 16.0;
        }
        v[25_000] = 85.0;
        v[35_000] = -127;
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(every(v.length, 100_000L), v);
        assertEquals(java.util.List.of(25_000, 35_000), flagsFrom(d, 12_000, v.length));
        assertTrue(d[25_000].evidence() instanceof Evidence.Beyond && d[35_000].evidence() instanceof Evidence.Beyond);
    }

    /**
     * Issue 29: given a temperature read every minute through its daily cycle, unplugged for two hours at reading 20,000
     * (the sensor moved meanwhile), then the value after the silence is not flagged: it and the readings whose window
     * reaches back across the gap are initialising, and from then on values are judged again.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aGapIsNotAnAnomaly(Algorithm a) {
        double[][] series = unpluggedTwoHours();
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(times(series), series[1]);
        for (int i = 20_000; i < 20_020; i++) {
            assertEquals(Verdict.INITIALISING, d[i].state(), "reading " + i + ", its window across the gap");
        }
        assertEquals(Verdict.NORMAL, d[20_020].state());
        assertEquals(java.util.List.of(), flagsFrom(d, 19_000, 20_150), "nothing from 1,000 readings before the gap to 150 after");
    }

    /** As above, with a glitch of 30 standard deviations 30 readings after the gap: it is judged on its own merits. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN"})
    void aGlitchJustAfterAGapIsFlagged(Algorithm a) {
        double[][] series = unpluggedTwoHours();
        series[1][20_030] += 3;
        assertTrue(Detector.create(DetectorSettings.defaults(a), 5).judgeAll(times(series), series[1])[20_030].anomaly());
    }

    @org.junit.jupiter.api.Test
    void theForestFlagsAGlitchJustAfterAGap() {
        aGlitchJustAfterAGapIsFlagged(Algorithm.IFOREST);
    }

    /** A temperature read every minute through its daily cycle for 22,000 readings, silent two hours before reading 20,000: times, values. */
    private static double[][] unpluggedTwoHours() {
        Random r = new Random(8);
        int n = 22_000;
        double[] v = new double[n];
        double[] t = new double[n];
        long at = T0;
        for (int i = 0; i < n; i++) {
            at += i == 20_000 ? 120 * 60_000_000L : 60_000_000L;
            t[i] = at;
            double day = (at / 60_000_000L % 1440) / 1440.0;
            v[i] = Math.round((20 + 4 * Math.sin(2 * Math.PI * day) + 0.1 * r.nextGaussian()) * 10) / 10.0;
        }
        return new double[][] {t, v};
    }

    private static long[] times(double[][] series) {
        long[] t = new long[series[0].length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (long) series[0][i];
        }
        return t;
    }

    /**
     * Given a sensor read every second that is read every 2 minutes from reading 12,000 on, for good, then its first
     * slow readings are gaps, but within 40 readings the slow pace is the usual one and its values are judged again.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aSensorThatSlowsForGoodIsJudgedAgainSoon(Algorithm a) {
        Random r = new Random(9);
        int n = 13_000;
        double[] v = new double[n];
        long[] t = new long[n];
        long at = T0;
        for (int i = 0; i < n; i++) {
            at += i >= 12_000 ? 120_000_000L : 1_000_000L;
            t[i] = at;
            v[i] = 20 + Math.sin(i / 300.0) + 0.1 * r.nextGaussian();
        }
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(t, v);
        for (int i = 12_040; i < n; i++) {
            assertTrue(d[i].state() != Verdict.INITIALISING, "reading " + i + " is judged");
        }
    }

    /**
     * Given a board that wakes every 10 minutes and sends 25 readings a second apart (its rhythm, not an unplug), then
     * its sleeps are not gaps: after the first few, its readings are judged.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aBoardThatSleepsBetweenBurstsIsJudged(Algorithm a) {
        Random r = new Random(10);
        int n = 12_000;
        double[] v = new double[n];
        long[] t = new long[n];
        long at = T0;
        for (int i = 0; i < n; i++) {
            at += i % 25 == 0 ? 600_000_000L : 1_000_000L;
            t[i] = at;
            v[i] = 20 + Math.sin(i / 500.0) + 0.1 * r.nextGaussian();
        }
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(t, v);
        for (int i = 2_020; i < n; i++) { // from its memory's filling (the 2,000 after the window's 20): its hour of readings is later
            assertTrue(d[i].state() != Verdict.INITIALISING, "reading " + i + " is judged");
        }
    }

    /**
     * A motion sensor read every second: 0 for {@code quiet} readings, then a motion (1 for 12 readings) every 700 to
     * 1,299 readings after it.
     */
    private static double[] motionSensor(int quiet, int n) {
        Random r = new Random(8);
        double[] v = new double[n];
        for (int next = quiet; next < n; next += 700 + r.nextInt(600)) {
            java.util.Arrays.fill(v, next, Math.min(next + 12, n), 1.0);
        }
        return v;
    }

    /**
     * Given a motion sensor that reads 0 for its first 5,000 readings (judged from its 2,021st, once its memory is full),
     * then its first motion and each reading whose window holds it are initialising, not anomalies: the detector had never
     * seen the sensor move, and learns what a move is from it. The motions after them are judged.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aSensorsFirstMoveIsLearntNotFlagged(Algorithm a) {
        double[] v = motionSensor(5_000, 12_000);
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(every(v.length, 1_000_000L), v);
        assertEquals(Verdict.NORMAL, d[4_999].state(), "judged before the first move");
        int window = DetectorSettings.defaults(a).features().window();
        for (int i = 5_000; i <= 5_000 + window; i++) {
            assertEquals(Verdict.INITIALISING, d[i].state(), "reading " + i + ", the first move or a window holding it");
        }
        for (int i = 5_001 + window; i < v.length; i++) {
            assertTrue(d[i].state() != Verdict.INITIALISING, "reading " + i + " judged");
        }
        assertEquals(java.util.List.of(), flagsFrom(d, 0, 5_001 + window), "nothing flagged up to the first motion's end");
    }

    /**
     * Given a flat sensor whose first move is followed, within the window, by an error value beyond it, then the error value
     * is flagged: the move is learnt, and opens no incident that would hide it.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aValueBeyondAFirstMoveIsStillFlagged(Algorithm a) {
        double[] v = motionSensor(5_000, 6_000);
        v[5_005] = -127;
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(every(v.length, 1_000_000L), v);
        assertEquals(Verdict.INITIALISING, d[5_000].state());
        assertEquals(java.util.List.of(5_005), flagsFrom(d, 0, 5_030), "the error value, and nothing else up to the motion's end");
    }

    /**
     * Given noisy sensors read every second and every 2 s, then nothing is judged until the detector has learnt the
     * sensor: until its memory is full (2,000 readings after the window's 20, at 1 s) or holds an hour of readings (1,800
     * at 2 s); and an unplugged hour early on does not end the learning (the memory's readings count, not its span).
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aNewDetectorLearnsItsSensorForAnHourOrAFullMemory(Algorithm a) {
        Random r = new Random(6);
        double[] v = new double[3_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20 + Math.sin(i / 200.0) + 0.1 * r.nextGaussian();
        }
        DetectorSettings s = DetectorSettings.defaults(a);
        Decision[] everySecond = Detector.create(s, 5).judgeAll(every(v.length, 1_000_000L), v);
        assertEquals(Verdict.INITIALISING, everySecond[2_019].state());
        assertTrue(everySecond[2_020].state() != Verdict.INITIALISING, "judged once the memory is full: " + everySecond[2_020]);
        Decision[] everyTwo = Detector.create(s, 5).judgeAll(every(v.length, 2_000_000L), v);
        assertEquals(Verdict.INITIALISING, everyTwo[1_819].state());
        assertTrue(everyTwo[1_820].state() != Verdict.INITIALISING, "judged once the memory holds an hour: " + everyTwo[1_820]);
        long[] unplugged = every(v.length, 1_000_000L);
        for (int i = 300; i < v.length; i++) {
            unplugged[i] += 7_200_000_000L;
        }
        Decision[] afterGap = Detector.create(s, 5).judgeAll(unplugged, v);
        assertEquals(Verdict.INITIALISING, afterGap[1_000].state(), "the gap's two hours are not learnt");
        assertTrue(afterGap[2_020].state() != Verdict.INITIALISING);
    }

    /**
     * Given a sensor with noise in its readings (it has moved all along), then a step is judged as before: the first
     * move is a sensor's first change of reading, not any first large change.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aMovingSensorsFirstLargeChangeIsStillJudged(Algorithm a) {
        Random r = new Random(4);
        double[] v = new double[8_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.round((20 + 0.1 * r.nextGaussian() + (i >= 6_000 ? 5 : 0)) * 100) / 100.0;
        }
        Decision[] d = Detector.create(DetectorSettings.defaults(a), 5).judgeAll(every(v.length, 1_000_000L), v);
        assertTrue(d[6_000].anomaly(), a + ": the step, " + d[6_000]);
    }

    /**
     * As the rebuilt detectors above, for a motion sensor quiet past the horizon: restarted before its first move, on it
     * and 10 readings after it, the rebuilt detector decides as the uninterrupted one. (Not held: a sensor that moved
     * before the horizon, then stayed quiet through it. The uninterrupted detector keeps the step it last saw (its
     * resolution, in its features' spread and its scale) however long ago, where the rebuilt one never saw it, so their
     * first decisions after the move differ; the first move's run is counted up to the memory's size, so that part of it
     * at least is the same.)
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"DBSCAN", "IFOREST"})
    void aQuietSensorRebuiltFromTheHorizonDecidesAsAnUninterruptedOne(Algorithm a) {
        DetectorSettings s = DetectorSettings.defaults(a);
        int move = s.horizon() + 3_000;
        double[] v = motionSensor(move, move + 5_000);
        long[] t = every(v.length, 1_000_000L);
        Decision[] uninterrupted = Detector.create(s, 5).judgeAll(t, v);
        assertEquals(Verdict.INITIALISING, uninterrupted[move].state());
        assertRebuiltDecideAsUninterrupted(s, t, v, uninterrupted, move - 1, move, move + 10);
    }

    /**
     * Detectors rebuilt from only the horizon's values before each restart (as a restarted Kafka detector is) decide from
     * there on exactly as {@code uninterrupted}, which judged the series from its start with seed 5.
     */
    private static void assertRebuiltDecideAsUninterrupted(DetectorSettings s, long[] t, double[] v, Decision[] uninterrupted, int... restarts) {
        for (int restart : restarts) {
            assertTrue(restart > s.horizon(), "a restart past the horizon: " + restart);
            Detector rebuilt = Detector.create(s, 5);
            for (int i = restart - s.horizon(); i < restart; i++) {
                rebuilt.judge(i, t[i], v[i]);
            }
            for (int i = restart; i < v.length; i++) {
                assertEquals(uninterrupted[i], rebuilt.judge(i, t[i], v[i]), "restart at " + restart + ", value " + i);
            }
        }
    }

    private static java.util.List<Integer> flagsFrom(Decision[] d, int from, int to) {
        java.util.List<Integer> flags = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            if (d[i].anomaly()) {
                flags.add(i);
            }
        }
        return flags;
    }

    private static long[] every(int n, long micros) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * micros;
        }
        return t;
    }

    /** Flags other than the two spikes at 8,000 and 15,000. */
    private static int falseAlarms(Decision[] d) {
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            n += d[i].anomaly() && i != 8_000 && i != 15_000 ? 1 : 0;
        }
        return n;
    }
}
