package org.vigie.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.cli.Cli;

class WanderingSensorsTest {

    @TempDir
    Path dir;

    /**
     * Given a seed, 8 series of 12,000 readings are written with their faults listed (each one's window in the labels),
     * the same bytes for the same seed; a glitch is one reading off the series' course, a step 300.
     */
    @Test
    void writesTheSeriesAndTheirFaultsTheSameForTheSameSeed() throws Exception {
        assertEquals(0, Cli.commandLine(new WanderingSensors()).execute("--seed", "5", "--out", dir.resolve("a").toString()));
        assertEquals(0, Cli.commandLine(new WanderingSensors()).execute("--seed", "5", "--out", dir.resolve("b").toString()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/faults.json")), Files.readAllBytes(dir.resolve("b/faults.json")));
        String labels = Files.readString(dir.resolve("a/labels/combined_windows.json"));
        Matcher m = Pattern.compile("\\{\"file\": \"([^\"]+)\", \"kind\": \"(spike|shift)\", \"row\": (\\d+), \"rows\": (\\d+), \"window\": (\\[[^]]+])}")
                .matcher(Files.readString(dir.resolve("a/faults.json")));
        int faults = 0;
        while (m.find()) {
            faults++;
            Path series = dir.resolve("a/data").resolve(m.group(1));
            assertArrayEquals(Files.readAllBytes(series), Files.readAllBytes(dir.resolve("b/data").resolve(m.group(1))), m.group(1));
            List<String> rows = Files.readAllLines(series);
            assertEquals(WanderingSensors.READINGS + 1, rows.size(), m.group(1));
            int row = Integer.parseInt(m.group(3));
            assertEquals(m.group(2).equals("spike") ? 1 : WanderingSensors.STEP_READINGS, Integer.parseInt(m.group(4)), m.group(0));
            assertTrue(row >= 1_500 && row + Integer.parseInt(m.group(4)) <= WanderingSensors.READINGS, m.group(0));
            assertTrue(labels.contains(m.group(5)), "the labels hold the window of " + m.group(0));
        }
        assertTrue(faults >= 8 * 8, "faults listed: " + faults);
    }
}
