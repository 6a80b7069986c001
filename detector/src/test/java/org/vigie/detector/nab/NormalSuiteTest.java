package org.vigie.detector.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.common.cli.Cli;
import org.vigie.engine.Algorithm;
import org.vigie.engine.DetectorSettings;
import org.vigie.tools.NormalStreams;

/**
 * False alarms per day of sensor time on the normal-only streams of seed 1 (tools' NormalStreams: nothing wrong in
 * them), at the defaults, as one-sided bounds at what they are (2026-12-04, docs/quality.md), regime by regime, so
 * that a change that raises the false alarms of one kind of sensor fails here even when NAB and the faults hold.
 * Issue 28's target is 1 a day everywhere: the regimes above it are bounded where they stand, to come down. The
 * counts' bounds rose from 0.57 and 0.73 with the recent range (2026-12-05): one alarm more in 30 days, a week's
 * largest count passed by a fifth of its range. The day's maxima (2026-12-05, fourth session) brought the motion sensor
 * from 24 and 21 to 4 and 2, and every 1 s and 2 s down to 1.5 at most. A memory of zeros scaled by the sensor's
 * resolution, not by 1e-150 (2026-12-05, fifth session), took DBSCAN's motion sensor from 4 to 2; a Gumbel law of the
 * day's maxima past the largest of them, DBSCAN's every 1 s from 1 to 0 and the forest's every 2 s from 1 to 0.5. A
 * lasting change DBSCAN flagged once, not flagged when it repeats (2026-12-05, sixth session), took its fridge from 7 to
 * 3 and its every 5 minutes from 0.15 to 0.1. A sensor read more slowly than every 5 minutes judged at a looser
 * threshold per reading, as one read faster is at a stricter one (2026-12-05, seventh session), raised seed 1's hourly
 * stream from 0.01 to 0.02 (DBSCAN) and from 0.02 to 0.04 (the forest; 0.02 and 0.03 over seeds 1 to 3): towards the 0.29 a day the threshold promises. The forest's mean of
 * five raw scores ranked beside each value's own (the same session) moved its seed 1: every 1 min 0.47 to 0.4, every 5
 * min 0.18 to 0.25, around 0 1.71 to 1.86 (over seeds 1 to 3: 0.43 to 0.34, 0.22 to 0.26, 1.24 unchanged). A new detector
 * that learns its sensor for an hour or a full memory first, and a sensor's first move learnt, not flagged (eighth
 * session), took seed 1's fridge from 3 and 2 to 1 and 0, its motion sensor from 2 to 1, its counts from 0.6 and 0.77 to
 * 0.17 and 0.4. The forest's lag weighing where the noise wanders (ninth session) took seed 1's every 5 min from 0.25 to 0.27.
 * The forest learning the changes a sensor repeats, its lag always weighing (eleventh session), took seed 1's every 1 min
 * from 0.4 to 0, every 5 min from 0.27 to 0, every 1 h from 0.04 to 0.01, counts from 0.4 to 0.1, around 0 from 1.86 to 0.
 * DBSCAN's calibration reading a tail heavier than exponential where its raw scores have one (thirteenth session) took
 * seed 1's fridge from 1 to 0, its counts from 0.17 to 0.13, and its every 1 s from 0 to 1 (over seeds 1 to 10: 1.30
 * to 1.00).
 */
class NormalSuiteTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DBSCAN  | every-100ms=0, every-1s=1, every-2s=1.5, every-1min=0.17, every-5min=0.1, every-1h=0.02, counts=0.13, on-off=0, motion=1, around-0=0.14",
        "IFOREST | every-100ms=0, every-1s=0, every-2s=0.5, every-1min=0, every-5min=0, every-1h=0.01, counts=0.1, on-off=0, motion=1, around-0=0",
    })
    void falseAlarmsPerDayAreAtMostWhatQualityMdSays(Algorithm a, String claimed, @TempDir Path tmp) {
        assertEquals(0, Cli.execute(new NormalStreams(), "--seed", "1", "--out", tmp.toString()));
        NabCorpus corpus = NabCorpus.load(List.of(tmp.resolve("data")), List.of(tmp.resolve("labels/combined_windows.json")));
        List<NabCorpus.ProfileScore> scores = corpus.score(corpus.judge(DetectorSettings.defaults(a), null).stream().map(NabCorpus::flags).toList());
        Map<String, Double> perDay = corpus.falseAlarmsPerDay(scores.get(0));
        for (String pair : claimed.split(",")) {
            String regime = pair.split("=")[0].strip();
            double bound = Double.parseDouble(pair.split("=")[1]);
            assertTrue(perDay.containsKey(regime), "no stream " + regime + " in " + perDay.keySet());
            // Claimed to two digits at most: a bound half a unit of the last one above.
            assertTrue(perDay.get(regime) <= bound + 0.005, a + " " + regime + ": " + perDay.get(regime) + " false alarms a day, claimed " + bound);
        }
    }
}
