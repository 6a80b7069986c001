package org.vigie.detector.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.engine.Algorithm;
import org.vigie.engine.Decision;
import org.vigie.engine.Detector;
import org.vigie.engine.DetectorSettings;

class NabScorerTest {

    private static final Path NAB = Path.of("..", "src-test-data", "nab");

    /**
     * NAB's own scorer gives the calibration detector -76.8 / -243.3 / -19.7 on the 15 files of the first
     * development subset (their windows: test resource nab-15-files-windows.json): so does ours.
     */
    @Test
    void calibrationDetectorScoresAsNabSays() throws Exception {
        NabCorpus corpus = NabCorpus.load(NAB.resolve("data"), Path.of(NabScorerTest.class.getResource("/nab-15-files-windows.json").toURI()));
        DetectorSettings zscore = DetectorSettings.defaults(Algorithm.ZSCORE);
        List<NabCorpus.ProfileScore> scores = corpus.score(corpus.judge(zscore, null).stream().map(NabCorpus::flags).toList());
        assertEquals(-76.8, scores.get(0).score(), 0.05);
        assertEquals(-243.3, scores.get(1).score(), 0.05);
        assertEquals(-19.7, scores.get(2).score(), 0.05);
    }

    /**
     * The quality figures of docs/quality.md on the 29 NAB files of src-test-data/nab (every category), at the
     * defaults, as one-sided bounds at the figures claimed there, so that a regression fails and an improvement
     * passes: DBSCAN at each series' own seed, standard at least 71.2 and low FP 59.1, and, since its seed moves it
     * too (the memory vectors ε is read from), over four seeds at least 69.6 on average, 69.1 at its lowest, low FP
     * 57.5 (71.3, 59.4, 69.8, 69.2 and 57.7 before its calibration read a tail heavier than exponential where its raw
     * scores have one, 2026-12-06, thirteenth session: the price of 1.6 fewer false alarms a day on a fast sensor);
     * IsolationForest, whose figures move with its seed, over four seeds (each series' partitions 0 to 3),
     * standard at least 65.5 on average and 64.4 at its lowest, low FP at least 50.8 on average (65.5, 64.5 and 46.8
     * before it learnt the changes a sensor repeats and its lag weighed always, 2026-12-06, eleventh session; 67.4, 65.5 and 50.3
     * before its lag weighed where the noise wanders, 2026-12-05, ninth session: docs/quality.md; 65.7, 62.8 and 49.1
     * before a mean of five raw scores was ranked beside each value's own, the same session). Before the
     * series read more slowly than every 5 minutes were judged at a looser threshold per reading (2026-12-05, seventh
     * session: their false alarms a day as a 5-minute series'), DBSCAN scored 68.7 and 58.3 at its own seed, 67.1, 66.5 and 56.5 over four; the forest 64.8,
     * 57.7 and 51.1: it traded 2 points of low FP for 0.9 of standard on average and 5.1 at its lowest seed (the
     * earlier figures: docs/quality.md). And at most 0.5 % of values flagged on any series without anomalies.
     */
    @ParameterizedTest
    @CsvSource({"DBSCAN, 1, 71.2, 71.2, 59.1", "DBSCAN, 4, 69.6, 69.1, 57.5", "IFOREST, 4, 65.5, 64.4, 50.8"})
    void defaultsScoreAtLeastWhatQualityMdSays(Algorithm a, int seeds, double standardMean, double standardLowest, double lowFpMean) {
        NabCorpus corpus = NabCorpus.load(NAB.resolve("data"), NAB.resolve("labels/combined_windows.json"));
        double standard = 0;
        double lowest = Double.POSITIVE_INFINITY;
        double lowFp = 0;
        for (int k = 0; k < seeds; k++) {
            List<NabCorpus.ProfileScore> scores = corpus.score(corpus.judgeReplica(DetectorSettings.defaults(a), k).stream().map(NabCorpus::flags).toList());
            standard += scores.get(0).score() / seeds;
            lowest = Math.min(lowest, scores.get(0).score());
            lowFp += scores.get(1).score() / seeds;
            for (int i = 0; i < corpus.series().size(); i++) {
                NabScorer.FileScore f = scores.get(0).files().get(i);
                if (f.windows() == 0) {
                    assertTrue(f.flagged() <= corpus.series().get(i).values().length * 0.005, corpus.series().get(i).name() + " with seed " + k);
                }
            }
        }
        // The figures are claimed to one decimal: a bound half a unit of it below each.
        assertTrue(standard >= standardMean - 0.05, a + " standard over " + seeds + " seeds: " + standard);
        assertTrue(lowest >= standardLowest - 0.05, a + " standard at its lowest seed: " + lowest);
        assertTrue(lowFp >= lowFpMean - 0.05, a + " low FP over " + seeds + " seeds: " + lowFp);
    }

    @Test
    void windowScoresFollowNabsSigmoid() {
        List<NabScorer.Window> w = List.of(new NabScorer.Window(1000, 1099));
        NabScorer.Profile standard = NabScorer.Profile.ALL.get(0);
        boolean[] none = new boolean[2000];
        assertEquals(-1.0, NabScorer.raw(none, w, standard), 1e-12, "a missed window costs fnWeight");
        boolean[] early = new boolean[2000];
        early[1000] = true;
        early[1050] = true; // later detections in the same window are free
        assertEquals(1.0, NabScorer.raw(early, w, standard), 1e-12, "the earliest detection scores tpWeight");
        boolean[] before = new boolean[2000];
        before[500] = true;
        assertEquals(-1.0 - 0.11, NabScorer.raw(before, w, standard), 1e-12, "a false positive before any window costs fpWeight");
        boolean[] probation = new boolean[2000];
        probation[10] = true;
        assertEquals(-1.0, NabScorer.raw(probation, w, standard), 1e-12, "the probationary period is not scored");
    }

    /**
     * Given NAB's art_daily_nojump (a daily beat whose jump does not come one day: every value of the labelled
     * window lies within the range of the days before), when the forest with its lag gated ({@code --lag-gate})
     * judges it with seeds 1 to 8, then it flags values in the window with at least {@link #FOREST_SEEDS} of them.
     * The time of day tells what no single value can. At the defaults, whose lag always weighs (2026-12-06, eleventh
     * session), the forest catches it with none: a random cut picks the lag as often as the time of day, and the day
     * without its jump is no longer isolated (a loss docs/quality.md states). Gated, 6 of 8 before the forest learnt
     * the changes a sensor repeats, 4 since (a day's values at the hour of its usual jump, outliers the sensor stays at).
     */
    @Test
    void theGatedForestCatchesASkippedDailyJump() {
        int[] caught = caughtSkippedJump();
        assertTrue(caught[0] >= FOREST_SEEDS, "the gated forest caught the window with " + caught[0] + " of 8 seeds");
    }

    /** What is wanted of both algorithms: the skipped daily jump caught with every seed (the forest's counted gated, as above). */
    @Test
    @org.junit.jupiter.api.Disabled("known failure, issue 28: at the defaults the forest catches it with 0 of 8 seeds (its lag always weighs; gated, 4), DBSCAN with none")
    void bothAlgorithmsCatchASkippedDailyJumpWithEverySeed() {
        int[] caught = caughtSkippedJump();
        assertEquals(8, caught[0], "the forest's seeds");
        assertEquals(8, caught[1], "DBSCAN's seeds");
    }

    private static final int FOREST_SEEDS = 4; // gated, 2026-12-06 (6 before the repeats; 5 at the defaults of 2026-12-04)

    /** Of seeds 1 to 8, with how many the gated forest (0) and DBSCAN (1) flag a value in art_daily_nojump's window. */
    private static int[] caughtSkippedJump() {
        NabCorpus corpus = NabCorpus.load(NAB.resolve("data"), NAB.resolve("labels/combined_windows.json"));
        NabCorpus.Series s = corpus.series().stream().filter(x -> x.name().endsWith("art_daily_nojump.csv")).findFirst().orElseThrow();
        NabScorer.Window w = s.windows().get(0);
        double[] v = s.values();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < w.first(); i++) {
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        for (int i = w.first(); i <= w.last(); i++) {
            assertTrue(v[i] >= lo && v[i] <= hi, "value " + i + " is within the range before the window");
        }
        DetectorSettings d = DetectorSettings.defaults(Algorithm.IFOREST);
        org.vigie.engine.feature.FeatureOptions f = d.features();
        DetectorSettings gated = new DetectorSettings(d.algorithm(), new org.vigie.engine.feature.FeatureOptions(f.window(), f.lags(), f.context(),
                f.spread(), f.calendar(), true), d.memory(), d.model(), d.calibration(), d.decision(), d.range());
        int forest = 0;
        int density = 0;
        for (long seed = 1; seed <= 8; seed++) {
            forest += flagsIn(w, Detector.create(gated, seed).judgeAll(s.csv().micros(), v)) > 0 ? 1 : 0;
            density += flagsIn(w, Detector.create(DetectorSettings.defaults(Algorithm.DBSCAN), seed).judgeAll(s.csv().micros(), v)) > 0 ? 1 : 0;
        }
        return new int[] {forest, density};
    }

    private static int flagsIn(NabScorer.Window w, Decision[] d) {
        int n = 0;
        for (int i = w.first(); i <= w.last(); i++) {
            n += d[i].anomaly() ? 1 : 0;
        }
        return n;
    }
}
