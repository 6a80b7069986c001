package org.vigie.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.cli.Cli;

class NormalStreamsTest {

    @TempDir
    Path dir;

    /**
     * Given a seed, the streams are written in NAB's layout, one folder per regime, every reading at its regime's
     * interval, the labels listing every file with no window; the same seed writes the same bytes.
     */
    @Test
    void writesEveryRegimeAtItsIntervalTheSameForTheSameSeed() throws Exception {
        assertEquals(0, Cli.commandLine(new NormalStreams()).execute("--seed", "7", "--out", dir.resolve("a").toString()));
        assertEquals(0, Cli.commandLine(new NormalStreams()).execute("--seed", "7", "--out", dir.resolve("b").toString()));
        String labels = Files.readString(dir.resolve("a/labels/combined_windows.json"));
        for (NormalStreams.Regime g : NormalStreams.regimes()) {
            Path a = dir.resolve("a/data/" + g.name() + "/" + g.name() + "-7.csv");
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(dir.resolve("b/data/" + g.name() + "/" + g.name() + "-7.csv")), g.name());
            List<String> rows = Files.readAllLines(a);
            assertEquals(g.readings() + 1, rows.size(), g.name());
            java.time.LocalDateTime previous = null;
            for (String row : rows.subList(1, rows.size())) {
                java.time.LocalDateTime t = java.time.LocalDateTime.parse(row.split(",")[0].replace(' ', 'T'));
                if (previous != null && java.time.Duration.between(previous, t).toMillis() != g.intervalMs()) {
                    throw new AssertionError(g.name() + ": " + previous + " then " + t);
                }
                previous = t;
            }
            assertTrue(labels.contains("\"" + g.name() + "/" + g.name() + "-7.csv\": []"), labels);
        }
    }
}
