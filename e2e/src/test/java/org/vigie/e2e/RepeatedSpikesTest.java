package org.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.State;
import org.vigie.common.recordlog.RecordLogReader;

/**
 * What a plotter user checks by eye: 5,000 Gaussian values with five identical 30σ spikes, replayed through
 * both detectors with {@code bin/vigie-detector replay --log}, then drawn by {@code bin/vigie-plotter}. Every
 * spike is an anomaly in both logs the plot is drawn from (a spike that recurs is not hidden by its earlier
 * self), and the plotter counts them.
 */
class RepeatedSpikesTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final int[] SPIKES = {2200, 2800, 3400, 4000, 4600}; // after the 2,000 readings a detector learns

    @TempDir
    Path dir;

    @Test
    void fiveIdenticalSpikesAreAllMarkedByBothDetectors() throws Exception {
        Path csv = dir.resolve("spikes.csv");
        Random r = new Random(5);
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        LocalDateTime t0 = LocalDateTime.of(2026, 11, 1, 0, 0);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (int i = 0; i < 5000; i++) {
            int row = i;
            boolean spike = java.util.Arrays.stream(SPIKES).anyMatch(s -> s == row);
            lines.add(f.format(t0.plusSeconds(i)) + "," + (20 + r.nextGaussian() + (spike ? 30 : 0)));
        }
        Files.write(csv, lines);
        for (String algorithm : List.of("dbscan", "iforest")) {
            Path log = dir.resolve("spikes." + algorithm + ".vlog");
            assertEquals(0, run("bin/vigie-detector", "replay", "-a", algorithm, "--input", csv.toString(), "--log", log.toString()), algorithm);
            try (RecordLogReader reader = RecordLogReader.open(log)) {
                for (int s : SPIKES) {
                    assertEquals(State.ANOMALY, reader.get(s).state(), algorithm + ": the spike at " + s);
                }
            }
        }
        Path png = dir.resolve("spikes.png");
        assertEquals(0, run("bin/vigie-plotter", dir.resolve("spikes.dbscan.vlog").toString(), dir.resolve("spikes.iforest.vlog").toString(),
                "--out", png.toString()));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() == 1600, "the plot is drawn");
        String said = Files.readString(dir.resolve("out.txt"));
        for (String algorithm : List.of("dbscan", "iforest")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("spikes/" + algorithm + ": 5000 records, .*?(\\d+) anomalies").matcher(said);
            assertTrue(m.find() && Integer.parseInt(m.group(1)) >= SPIKES.length, algorithm + ": the plotter counts the spikes among the anomalies:\n" + said);
        }
    }

    private int run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, HOME.resolve(command[0]).toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), String.join(" ", command) + " ends");
        return p.exitValue();
    }
}
