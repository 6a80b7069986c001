package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.RecordLogWriter;
import org.vigie.testkit.CommandRun;

/** Crafted logs and user typos from the hostile-input review (issue 19, items 1, 2, 3 and 5): one line and exit 2, never a stack trace. */
class HostileLogTest {

    @TempDir
    Path dir;

    private Path log(String name) throws IOException {
        Path p = dir.resolve(name);
        try (RecordLogWriter w = RecordLogWriter.open(p, LogMetadata.reference("humidite"))) {
            for (int i = 0; i < 100; i++) {
                w.append(1_780_000_000_000_000L + i * 1_000_000L, 50 + i % 7, State.REFERENCE);
            }
        }
        return p;
    }

    /** The same log with its metadata text replaced (header rebuilt, checksum right), its records kept. */
    private Path withMetadata(Path src, String name, String metadata) throws IOException {
        byte[] b = Files.readAllBytes(src);
        int length = ByteBuffer.wrap(b).getInt(12);
        byte[] meta = metadata.getBytes(StandardCharsets.UTF_8);
        ByteBuffer h = ByteBuffer.allocate(20 + meta.length + 4);
        h.put(b, 0, 12).putInt(20 + meta.length + 4).putInt(meta.length).put(meta);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, h.position());
        h.putInt((int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.array());
        out.write(b, length, b.length - length);
        Path p = dir.resolve(name);
        Files.write(p, out.toByteArray());
        return p;
    }

    private static void clearFailure(CommandRun r) {
        assertEquals(2, r.exit(), r.out() + r.err());
        // One line of error (after at most one warning line): "vigie-plotter: ..." or "dump: ...".
        assertTrue(r.err().strip().lines().count() <= 2 && r.err().strip().lines().reduce((a, b) -> b).orElse("").matches("(vigie-plotter|dump): .*"), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    /** Item 1: a header-only log stretched to 100 GB (sparse) claims billions of records: read as it is, not sized from its length. */
    @Test
    void aLogStretchedByTruncateIsReadAsItIs() throws IOException {
        Path p = log("sparse.vlog");
        int header = ByteBuffer.wrap(Files.readAllBytes(p)).getInt(12);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(header);
            f.setLength(100L << 30);
        }
        Path png = dir.resolve("sparse.png");
        clearFailure(CommandRun.of(new PlotterCommand(), p.toString(), "--out", png.toString()));
        assertTrue(!Files.exists(png));
    }

    /** Item 2: a kind the programs do not know, in any case, or twice: a corrupt header, for the plot and for dump. */
    @ParameterizedTest
    @ValueSource(strings = {"kind=foo\n", "kind=DETECTOR\n", "kind=detector\nkind=reference\n"})
    void anUnknownKindIsACorruptHeader(String kind) throws IOException {
        Path p = withMetadata(log("k.vlog"), "crafted.vlog", "created=2026-12-01T00:00:00Z\n" + kind + "topic=humidite\n");
        clearFailure(CommandRun.of(new PlotterCommand(), p.toString(), "--out", dir.resolve("k.png").toString()));
        clearFailure(CommandRun.of(new PlotterCommand(), "dump", p.toString()));
    }

    /** Item 3: the image's default name comes from the log's topic, made safe: never a path, never hidden, never empty. */
    @Test
    void aTopicIsMadeASafeFileName() {
        assertEquals("_.._somewhere_x", PlotterCommand.safeName("../../somewhere/x"));
        assertEquals("_abs_dir_x", PlotterCommand.safeName("/abs/dir/x"));
        assertEquals("a_b", PlotterCommand.safeName("a\u0000b"));
        assertEquals("series", PlotterCommand.safeName(""));
        assertEquals("x", PlotterCommand.safeName("..x"));
        assertEquals("humidite.salle-1_b", PlotterCommand.safeName("humidite.salle-1_b"), "a Kafka topic stays as it is");
    }

    /**
     * Item 5: --out naming the log to draw, or a folder (also with --follow), and (issue 20, item 9) an image
     * the plotter does not write (a .jpg, a .png with --svg): refused, the log intact, nothing left behind.
     */
    @ParameterizedTest
    @ValueSource(strings = {"the-log", "a-folder", "a-folder-follow", "a-jpeg", "a-png-as-svg"})
    void anOutThatIsNotANewImageIsRefused(String kind) throws IOException {
        Path p = log("victim.vlog");
        byte[] before = Files.readAllBytes(p);
        Path folder = Files.createDirectories(dir.resolve("pictures"));
        CommandRun r = switch (kind) {
            case "the-log" -> CommandRun.of(new PlotterCommand(), p.toString(), "--out", p.toString());
            case "a-folder" -> CommandRun.of(new PlotterCommand(), p.toString(), "--out", folder.toString());
            case "a-jpeg" -> CommandRun.of(new PlotterCommand(), p.toString(), "--out", folder.resolve("h.jpg").toString());
            case "a-png-as-svg" -> CommandRun.of(new PlotterCommand(), "--svg", p.toString(), "--out", folder.resolve("h.png").toString());
            default -> CommandRun.of(new PlotterCommand(), "--follow", p.toString(), "--out", folder.toString());
        };
        clearFailure(r);
        assertArrayEquals(before, Files.readAllBytes(p), "the log is intact");
        try (var listing = Files.list(folder)) {
            assertEquals(0, listing.count(), "nothing left in the folder");
        }
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no .tmp left");
        }
    }

    /** Item 9: --from and --to with far-off years: one line, exit 2. */
    @ParameterizedTest
    @ValueSource(strings = {"+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "+300000-01-01T00:00"})
    void aFarOffTimeIsOneLine(String time) throws IOException {
        Path p = log("far.vlog");
        clearFailure(CommandRun.of(new PlotterCommand(), p.toString(), "--from", time, "--out", dir.resolve("far.png").toString()));
        clearFailure(CommandRun.of(new PlotterCommand(), p.toString(), "--to", time, "--out", dir.resolve("far.png").toString()));
    }

    /** Item 4: values of +-1.7e308, and times near the ends of the range: one line, exit 2, no image. */
    @ParameterizedTest
    @ValueSource(strings = {"values", "late-times", "early-times"})
    void whatTheAxesCannotDrawIsOneLine(String kind) throws IOException {
        Path p = dir.resolve(kind + ".vlog");
        try (RecordLogWriter w = RecordLogWriter.open(p, LogMetadata.reference("humidite"))) {
            long t0 = switch (kind) {
                case "late-times" -> Long.MAX_VALUE - 10_000_000L;
                case "early-times" -> Long.MIN_VALUE + 1;
                default -> 1_780_000_000_000_000L;
            };
            for (int i = 0; i < 4; i++) {
                double v = kind.equals("values") && i == 1 ? 1.7e308 : kind.equals("values") && i == 2 ? -1.7e308 : 50 + i;
                w.append(t0 + i * 1_000_000L, v, State.REFERENCE);
            }
        }
        Path png = dir.resolve(kind + ".png");
        clearFailure(CommandRun.of(new PlotterCommand(), p.toString(), "--out", png.toString()));
        assertTrue(!Files.exists(png));
    }

    /** Issue 20, item 2: a detector log with a hole in a partition's offsets is drawn, with a warning that says how many values. */
    @Test
    void aHoleInAPartitionsOffsetsIsTold() throws IOException {
        Path p = dir.resolve("holed.dbscan.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(p, LogMetadata.detector("humidite", "dbscan", 20, java.util.Map.of()))) {
            for (int i = 0; i < 200; i++) {
                if (i < 84 || i > 138) {
                    w.append(1_780_000_000_000_000L + i * 1_000_000L, 50 + i % 7, State.NORMAL, 0, 4000 + i, 0.5f);
                }
            }
        }
        CommandRun r = CommandRun.of(new PlotterCommand(), p.toString(), "--out", dir.resolve("holed.png").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("partition 0 misses 55 of offsets 4000 to 4199"), r.err());
    }
}
