package org.vigie.detector.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.engine.Algorithm;
import org.vigie.engine.Decision;
import org.vigie.engine.DetectorSettings;

/**
 * The sensor-fault figures on seeds 1 and 2 (src-test-data/sensors: 20 series, 106 faults), at the defaults, as
 * one-sided bounds at what they are (2026-12-04): faults found within their window (DBSCAN 98 since its
 * calibration reads a tail heavier than exponential where its raw scores have one, 2026-12-06, thirteenth session;
 * 99 before; IsolationForest 93), every kind found at least 75 % of the time, no-cycle included (both find 4 of 4 here; over seeds 1 to 20
 * it is their weakest kind, docs/quality.md), and false alarms per 10,000 judged values (DBSCAN 1.22 since its tail
 * reads heavier where its raw scores' is, 1.03 before; 1.03 and 1.31 since a new
 * detector learns its sensor for an hour or a full memory first, 2026-12-05: 1.21 and 1.35 before; the forest's
 * was 1.66 before the raw scores of readings just after a gap were left out of its calibration, which lets it flag a
 * glitch there, and 1.67 before a mean of five raw scores was ranked beside each value's own, 2026-12-05:
 * docs/quality.md).
 */
class SensorSuiteTest {

    private static final Path SENSORS = Path.of("..", "src-test-data", "sensors");

    @ParameterizedTest
    @CsvSource({"DBSCAN, 98, 1.22, 0.75", "IFOREST, 93, 1.31, 0.75"})
    void defaultsFindAtLeastTheSensorFaultsClaimed(Algorithm a, int found, double falseAlarms, double everyKind) {
        NabCorpus corpus = NabCorpus.load(
                List.of(SENSORS.resolve("seed-1/data"), SENSORS.resolve("seed-2/data")),
                List.of(SENSORS.resolve("seed-1/labels/combined_windows.json"), SENSORS.resolve("seed-2/labels/combined_windows.json")));
        List<Decision[]> decisions = corpus.judge(DetectorSettings.defaults(a), null);
        FaultList.Score s = corpus.faultScore(decisions);
        assertTrue(s.total() == 106, "faults listed: " + s.total());
        assertTrue(s.found() >= found, a + ": faults found " + s.found() + " of " + s.total());
        for (Map.Entry<String, int[]> kind : s.byKind().entrySet()) {
            int[] c = kind.getValue();
            assertTrue(c[0] >= everyKind * c[1], a + ": " + kind.getKey() + " found " + c[0] + " of " + c[1]);
        }
        // Claimed to two decimals: a bound half a unit of the last one above.
        assertTrue(s.perTenThousand() <= falseAlarms + 0.005, a + ": false alarms per 10,000: " + s.perTenThousand());
    }

    /**
     * Sensors whose noise wanders (tools' WanderingSensors, seed 1: 8 series, AR(1) of 0.9 to 0.99, 84 faults of 3 marginal
     * deviations inside the noise's range): what the defaults find there, as one-sided bounds at what they are
     * (2026-12-06, eleventh session): the forest 34 (41 before it learnt the changes a sensor repeats: in noise that
     * wanders, a fault near an outlier the noise stayed at repeats it; 11 without its lag), DBSCAN 44 (46 before its
     * calibration read a tail heavier than exponential where its raw scores have one, thirteenth session); false alarms per
     * 10,000 judged values at most 0.22 for the forest, 0.33 for DBSCAN (0.22 before its shaped tail) (docs/quality.md).
     */
    @ParameterizedTest
    @CsvSource({"DBSCAN, 44, 0.33", "IFOREST, 34, 0.22"})
    void defaultsFindTheFaultsClaimedInNoiseThatWanders(Algorithm a, int found, double falseAlarms, @TempDir Path tmp) {
        assertEquals(0, org.vigie.common.cli.Cli.execute(new org.vigie.tools.WanderingSensors(), "--seed", "1", "--out", tmp.toString()));
        NabCorpus corpus = NabCorpus.load(List.of(tmp.resolve("data")), List.of(tmp.resolve("labels/combined_windows.json")));
        FaultList.Score s = corpus.faultScore(corpus.judge(DetectorSettings.defaults(a), null));
        assertTrue(s.total() == 84, "faults listed: " + s.total());
        assertTrue(s.found() >= found, a + ": faults found " + s.found() + " of " + s.total());
        assertTrue(s.perTenThousand() <= falseAlarms + 0.005, a + ": false alarms per 10,000: " + s.perTenThousand());
    }

    /**
     * Given the sensors judged beside a NAB series that lists no faults, then the faults and false alarms are
     * those of the sensors alone: the NAB series' values and flags are not a sensor's.
     */
    @Test
    void aCorpusWithoutFaultsDoesNotCountInTheFaultScore(@TempDir Path tmp) throws Exception {
        // In a folder of its own: a faults.json is looked for beside the labels' folder, here tmp itself.
        Path labels = Files.writeString(Files.createDirectories(tmp.resolve("labels")).resolve("windows.json"),
                "{\"artificialNoAnomaly/art_daily_no_noise.csv\": []}");
        Path nab = Path.of("..", "src-test-data", "nab", "data");
        List<Path> data = List.of(SENSORS.resolve("seed-1/data"));
        List<Path> windows = List.of(SENSORS.resolve("seed-1/labels/combined_windows.json"));
        NabCorpus alone = NabCorpus.load(data, windows);
        NabCorpus beside = NabCorpus.load(List.of(data.get(0), nab), List.of(windows.get(0), labels));
        DetectorSettings settings = DetectorSettings.defaults(Algorithm.DBSCAN);
        FaultList.Score a = alone.faultScore(alone.judge(settings, null));
        FaultList.Score b = beside.faultScore(beside.judge(settings, null));
        assertEquals(a.judged(), b.judged());
        assertEquals(a.falseAlarms(), b.falseAlarms());
        assertEquals(a.found(), b.found());
    }

    /**
     * Given the forest, when a corpus is judged with each series' replica seeds, then replica k is the seed
     * partition k of a topic named as the series would get (so --seeds runs what it says), and replica 1 differs
     * from replica 0.
     */
    @Test
    void replicaSeedsAreThePartitionSeedsOfEachSeries() {
        NabCorpus corpus = NabCorpus.load(List.of(SENSORS.resolve("seed-1/data")), List.of(SENSORS.resolve("seed-1/labels/combined_windows.json")));
        DetectorSettings settings = DetectorSettings.defaults(Algorithm.IFOREST);
        List<Decision[]> replica1 = corpus.judgeReplica(settings, 1);
        List<Decision[]> replica0 = corpus.judgeReplica(settings, 0);
        NabCorpus.Series first = corpus.series().get(0);
        Decision[] expected = org.vigie.engine.Detector.create(settings, org.vigie.engine.Detector.seedOf(first.name(), 1))
                .judgeAll(first.csv().micros(), first.values());
        assertEquals(java.util.Arrays.asList(expected), java.util.Arrays.asList(replica1.get(0)));
        boolean differ = false;
        for (int i = 0; i < replica0.size(); i++) {
            differ |= !java.util.Arrays.asList(replica0.get(i)).equals(java.util.Arrays.asList(replica1.get(i)));
        }
        assertTrue(differ, "the forest's decisions depend on its seed");
    }
}
