package org.vigie.detector.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.engine.Algorithm;
import org.vigie.engine.Decision;
import org.vigie.engine.DetectorSettings;

/**
 * Every decision of both algorithms at their defaults on the NAB files and the sensor series of src-test-data,
 * each series at the seed of its name, down to the last bit of every score and of the model's evidence: a
 * SHA-256 of them all, held here. A change meant to make the engine faster, not different (a selection for a
 * sort, an array reused, a window kept sorted), must leave it as it is; a change that moves decisions on
 * purpose changes it in the same commit, which says so and gives the figures it moved. Without the day's maxima the
 * decisions are those before them (2026-12-05): the option turns them off and nothing else.
 */
class ReplayDigestTest {

    private static final Path DATA = Path.of("..", "src-test-data");

    @ParameterizedTest
    @CsvSource({
        "DBSCAN, nab, true, 07324ee24bc7a30d4387e8d364b35874c65da7142f1d588eb6c40c2772379dc0",
        "DBSCAN, sensors, true, 984d495d72e298d7b90d7bd786850d18c3e09182cefa3fb5960ccafa71d9de93",
        "DBSCAN, sensors, false, 1dad9f6fad49181230d68d7cdffda75ef9e931333032e85dbe196b4a614a64bc",
        "IFOREST, nab, true, 1ca6c1ac20afe18ec94f7d945a2ab06aab3735436e12f13b54260a86c091cda8",
        "IFOREST, sensors, true, 2b580beaf4cdafda02a7504aeafcae328c3a52240b5d34a27a3366c11220dff3",
        "IFOREST, sensors, false, ebcbca73af0eb4dde1c6aefffd37c73a23706ddf02dc60019c2be6d274cf84e1"
    })
    void decisionsAreTheOnesOnRecord(Algorithm a, String corpus, boolean dailyMaxima, String digest) throws Exception {
        NabCorpus c = corpus.equals("nab")
                ? NabCorpus.load(DATA.resolve("nab/data"), DATA.resolve("nab/labels/combined_windows.json"))
                : NabCorpus.load(
                        List.of(DATA.resolve("sensors/seed-1/data"), DATA.resolve("sensors/seed-2/data")),
                        List.of(DATA.resolve("sensors/seed-1/labels/combined_windows.json"), DATA.resolve("sensors/seed-2/labels/combined_windows.json")));
        DetectorSettings d = DetectorSettings.defaults(a);
        DetectorSettings s = new DetectorSettings(a, d.features(), d.memory(), d.model(),
                d.calibration().withDailyMaxima(dailyMaxima), d.decision(), d.range());
        assertEquals(digest, digest(c.judge(s, null)), a + " on " + corpus + (dailyMaxima ? "" : " without the day's maxima"));
    }

    /** A SHA-256 of every decision, series after series: its state, and its score and evidence as exact decimal text. */
    static String digest(List<Decision[]> series) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Decision[] decisions : series) {
            for (Decision d : decisions) {
                // A record's text gives each double as Double.toString, which tells every two doubles apart.
                sha.update(d.toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            sha.update((byte) 0);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
