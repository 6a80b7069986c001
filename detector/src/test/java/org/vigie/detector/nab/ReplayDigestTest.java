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
 * purpose changes it in the same commit, which says so and gives the figures it moved.
 */
class ReplayDigestTest {

    private static final Path DATA = Path.of("..", "src-test-data");

    @ParameterizedTest
    @CsvSource({
        "DBSCAN, nab, debca64111bc3bea340ba0b0103ed6a1bab24c88c34d60ceddccdeed1d2e6afa",
        "DBSCAN, sensors, 12f864c1485d64ac7f0e39b929256c6815d57276bd417207597dce67a01193d8",
        "IFOREST, nab, 5ca807eb68683971e71748e9120df96a299e83f28d2cec959765d3b5014e3cc8",
        "IFOREST, sensors, 89f2f357a87c511afcb34ac42821600094dae35945d5e309f950f491422e58ba"
    })
    void decisionsAreTheOnesOnRecord(Algorithm a, String corpus, String digest) throws Exception {
        NabCorpus c = corpus.equals("nab")
                ? NabCorpus.load(DATA.resolve("nab/data"), DATA.resolve("nab/labels/combined_windows.json"))
                : NabCorpus.load(
                        List.of(DATA.resolve("sensors/seed-1/data"), DATA.resolve("sensors/seed-2/data")),
                        List.of(DATA.resolve("sensors/seed-1/labels/combined_windows.json"), DATA.resolve("sensors/seed-2/labels/combined_windows.json")));
        assertEquals(digest, digest(c.judge(DetectorSettings.defaults(a), null)), a + " on " + corpus);
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
