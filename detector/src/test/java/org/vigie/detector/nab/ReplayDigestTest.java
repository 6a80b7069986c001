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
        "DBSCAN, nab, 9471256678efabdb3a5f64352bf967ad853a2fb8283e21ae262baa4a40a347df",
        "DBSCAN, sensors, 6f32a656540c02429ba8b1bf8cf303f615fed556ed1a2cd17aae48f25ae14cf0",
        "IFOREST, nab, 7750926d5f3afc5a9bcd430774f19e2d66321dd823032bf84afab45f7b4b799a",
        "IFOREST, sensors, c7df56d148eeef4f3395f7ae70ec69a82f12df6859b30777a58ef0cce2025f19"
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
