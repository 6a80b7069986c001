package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogWriter;
import org.vigie.tools.Await;

/** {@code --follow}: the plotter as a child process, drawing a log another writer is still appending to. */
class PlotterFollowTest {

    private static final long T0 = LogRecord.micros(Instant.parse("2026-11-23T10:00:00Z"));

    @TempDir
    Path dir;

    private static void append(RecordLogWriter w, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            w.append(T0 + i * 1_000_000L, 50 + 5 * Math.sin(i / 50.0), i < 20 ? State.INITIALISING : i % 300 == 150 ? State.ANOMALY : State.NORMAL);
        }
        w.flush();
    }

    private static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }

    /**
     * Given a detector log that grows while the plotter follows it headless, when records are appended,
     * then the image changes between refreshes; and when the plotter gets SIGTERM (after a torn last record
     * was left at the end), it draws once more with every complete record and exits 0.
     */
    @Test
    void followRedrawsAsTheLogGrowsAndDrawsEveryRecordOnSigterm() throws Exception {
        Path log = dir.resolve("humidite.dbscan.vlog");
        Path png = dir.resolve("live.png");
        Path said = dir.resolve("said.txt");
        try (RecordLogWriter w = RecordLogWriter.open(log, LogMetadata.detector("humidite", "dbscan", 20, Map.of()))) {
            append(w, 0, 100);
            List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "-Djava.awt.headless=true",
                    "-cp", System.getProperty("java.class.path"), PlotterCommand.class.getName(),
                    "--follow", "--refresh", "200ms", log.toString(), "--out", png.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(said.toFile()).start();
            try {
                Await.until(Duration.ofSeconds(30), "the first image", () -> Files.exists(png));
                byte[] first = bytes(png);
                append(w, 100, 600);
                Await.until(Duration.ofSeconds(30), "the image to change", () -> bytes(png).length > 0 && !Arrays.equals(first, bytes(png)));
                append(w, 600, 1000);
            } catch (AssertionError e) {
                p.destroyForcibly();
                throw new AssertionError(e.getMessage() + "; it said:\n" + Files.readString(said), e);
            }
            w.close();
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.APPEND)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7})); // a writer killed mid-record
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "it ends after SIGTERM");
            String out = Files.readString(said);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("humidite/dbscan: 1000 records"), "the last image holds every record:\n" + out);
            assertNotNull(ImageIO.read(png.toFile()), "a whole image");
            assertTrue(Files.list(dir).noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no image left half-written aside");
        }
    }
}
