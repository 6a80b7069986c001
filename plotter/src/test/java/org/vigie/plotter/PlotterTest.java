package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;
import org.vigie.common.recordlog.RecordLogWriter;
import org.vigie.testkit.CommandRun;

class PlotterTest {

    private static final int W = 1000;
    private static final int H = 500;
    private static final long T0 = LogRecord.micros(Instant.parse("2026-11-23T10:00:00Z"));
    private static final int N = 1000;
    private static final int DBSCAN_ANOMALY = 500;
    private static final int IFOREST_ANOMALY = 750;
    private static final int BOTH_ANOMALY = 880;
    private static final int INIT = 20;

    @TempDir
    static Path dir;

    static Path ref;
    static Path dbscan;
    static Path iforest;

    @BeforeAll
    static void writeLogs() throws IOException {
        System.setProperty("java.awt.headless", "true");
        ref = dir.resolve("humidite.ref.vlog");
        dbscan = dir.resolve("humidite.dbscan.vlog");
        iforest = dir.resolve("humidite.iforest.vlog");
        try (RecordLogWriter r = RecordLogWriter.open(ref, LogMetadata.reference("humidite"));
                RecordLogWriter d = RecordLogWriter.open(dbscan, LogMetadata.detector("humidite", "dbscan", INIT, Map.of()));
                RecordLogWriter f = RecordLogWriter.open(iforest, LogMetadata.detector("humidite", "iforest", INIT, Map.of()))) {
            for (int i = 0; i < N; i++) {
                long t = T0 + i * 1_000_000L;
                double v = 50 + 5 * Math.sin(i / 50.0);
                r.append(t, v, State.REFERENCE);
                d.append(t, v, i < INIT ? State.INITIALISING : i == DBSCAN_ANOMALY || i == BOTH_ANOMALY ? State.ANOMALY : State.NORMAL,
                        0, 1000 + i, i < INIT ? Float.NaN : 0.5f);
                f.append(t, v, i < INIT ? State.INITIALISING : i == IFOREST_ANOMALY || i == BOTH_ANOMALY ? State.ANOMALY : State.NORMAL);
            }
        }
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(new PlotterCommand(), args);
    }

    /** Where time {@code i} lands, and the plot's data area, for a chart laid out as the command's. */
    private static double[] layout(int i) {
        List<LoadedLog> dets = List.of(LoadedLog.read(dbscan), LoadedLog.read(iforest));
        JFreeChart chart = ChartRenderer.chart("t", LoadedLog.read(ref), dets, W);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(W, H, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        double x = ((XYPlot) chart.getPlot()).getDomainAxis().valueToJava2D((T0 + i * 1_000_000L) / 1000.0, area, RectangleEdge.BOTTOM);
        return new double[] {x, area.getMinY(), area.getMaxY()};
    }

    /** Share of the plot's height, in column x (or a neighbour), painted exactly {@code c}. */
    /** {@code c} drawn with its alpha over {@code under}. */
    private static Color blend(Color c, Color under) {
        double a = c.getAlpha() / 255.0;
        return new Color((int) Math.round(c.getRed() * a + under.getRed() * (1 - a)), (int) Math.round(c.getGreen() * a + under.getGreen() * (1 - a)),
                (int) Math.round(c.getBlue() * a + under.getBlue() * (1 - a)));
    }

    private static double columnShare(BufferedImage img, double[] at, Color c) {
        double best = 0;
        for (int x = (int) at[0] - 1; x <= (int) at[0] + 1; x++) {
            int hits = 0;
            for (int y = (int) at[1] + 1; y < (int) at[2]; y++) {
                if (img.getRGB(x, y) == c.getRGB()) {
                    hits++;
                }
            }
            best = Math.max(best, hits / (at[2] - at[1]));
        }
        return best;
    }

    /** The same plot whether the logs come with --reference/--detector or as arguments in any order (told apart by their headers). */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void markersStandWhereTheDetectorsSaidAndTheLineIsDrawn(boolean asArguments) throws IOException {
        Path png = dir.resolve("out/humidite.png");
        List<String> logs = asArguments ? List.of(dbscan.toString(), ref.toString(), iforest.toString())
                : List.of("--reference", ref.toString(), "--detector", dbscan.toString(), "--detector", iforest.toString());
        List<String> args = new java.util.ArrayList<>(logs);
        args.addAll(List.of("--out", png.toString(), "--title", "t", "--width", "" + W, "--height", "" + H));
        CommandRun r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(W, img.getWidth());
        assertEquals(H, img.getHeight());

        assertTrue(columnShare(img, layout(DBSCAN_ANOMALY), ChartRenderer.DBSCAN) > 0.5, "a red column at the DBSCAN anomaly");
        assertTrue(columnShare(img, layout(IFOREST_ANOMALY), ChartRenderer.IFOREST) > 0.5, "a green column at the IsolationForest anomaly");
        // Initialisation: a light grey band (the black band blended on white), no black column (issue 18).
        Color band = blend(ChartRenderer.INITIALISING_BAND, Color.WHITE);
        assertTrue(columnShare(img, layout(5), band) > 0.3, "a shaded band during initialisation");
        assertTrue(columnShare(img, layout(5), ChartRenderer.INITIALISING) < 0.05, "no black column: the series shows through");
        assertTrue(columnShare(img, layout(300), ChartRenderer.DBSCAN) < 0.05, "no red column where nothing was flagged");
        double red = columnShare(img, layout(BOTH_ANOMALY), ChartRenderer.DBSCAN);
        double green = columnShare(img, layout(BOTH_ANOMALY), ChartRenderer.IFOREST);
        assertTrue(red > 0.3 && green > 0.3, "where both flagged, the column shows both colours: red " + red + ", green " + green);

        long blue = 0;
        for (int x = 0; x < W; x++) {
            for (int y = 0; y < H; y++) {
                blue += img.getRGB(x, y) == ChartRenderer.SERIES.getRGB() ? 1 : 0;
            }
        }
        assertTrue(blue > W / 2, "the series line is drawn in blue");
        assertTrue(r.out().contains("humidite/dbscan: 1000 records, 20 initialising, 978 normal, 2 anomalies"), r.out());
        assertTrue(r.out().contains("wrote " + png), r.out());
    }

    /**
     * Issue 30: a temperature of 18 to 25 with glitches at -140 and 180 (outliers ten times its range): the values
     * axis fits the signal, so it is not a flat line, and names the extremes; --full-range fits them all.
     */
    @Test
    void glitchesTenTimesTheSignalsRangeLeaveItReadable() {
        int n = 3000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_790_000_000_000_000L + i * 1_000_000L;
            v[i] = 21.5 + 3.5 * Math.sin(i / 300.0);
        }
        v[1000] = 180;
        v[2000] = -140;
        LoadedLog series = referenceLog("temperature", t, v);
        org.jfree.data.Range readable = ((XYPlot) ChartRenderer.chart("t", series, List.of(), W).getPlot()).getRangeAxis().getRange();
        assertTrue(readable.getLowerBound() > 15 && readable.getUpperBound() < 28 && readable.getLength() > 7, "fitted to the signal: " + readable);
        org.jfree.data.Range full = ((XYPlot) ChartRenderer.chart("t", series, List.of(), W, true).getPlot()).getRangeAxis().getRange();
        assertTrue(full.getLowerBound() <= -140 && full.getUpperBound() >= 180, "every value: " + full);
        List<?> named = ((XYPlot) ChartRenderer.chart("t", series, List.of(), W).getPlot()).getAnnotations();
        assertEquals(2, named.size(), "the two extremes named at the edge");
        for (int i = 0; i < n; i++) {
            v[i] = 21.5 + 3.5 * Math.sin(i / 300.0); // no glitch: the axis is JFreeChart's own
        }
        assertTrue(ChartRenderer.readableRange(v, n, false) == null);
        java.util.Random r = new java.util.Random(3);
        double[] noise = new double[22_000];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 20 + r.nextGaussian();
        }
        assertTrue(ChartRenderer.readableRange(noise, noise.length, false) == null, "a noise's own tail is no glitch");
        double[] flat = new double[3000];
        flat[1500] = 1000;
        assertTrue(ChartRenderer.readableRange(flat, flat.length, false) == null, "a flat signal is a line whatever the axis");
    }

    /**
     * Issue 29: a clock that steps back an hour: the line is broken there, so it does not run back over the hour
     * already drawn; the repeated hour is drawn over the first one.
     */
    @Test
    void aClockThatStepsBackBreaksTheLineInsteadOfFoldingIt() {
        int n = 200;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_790_000_000_000_000L + (i < 150 ? i : i - 12) * 300_000_000L; // 5 minutes apart; at row 150, an hour back
            v[i] = 20 + Math.sin(i / 10.0);
        }
        LoadedLog series = referenceLog("t", t, v);
        org.jfree.data.xy.XYDataset line = ((XYPlot) ChartRenderer.chart("t", series, List.of(), W).getPlot()).getDataset();
        int breaks = 0;
        for (int i = 1; i < line.getItemCount(0); i++) {
            if (line.getY(0, i) == null) {
                breaks++;
                continue;
            }
            int before = i - 1;
            if (line.getY(0, before) != null) {
                assertTrue(line.getXValue(0, i) >= line.getXValue(0, before), "no segment drawn back in time, at item " + i);
            }
        }
        assertEquals(1, breaks, "one break, where the clock stepped back");
    }

    /** The help prints whole, without picocli's warning for a lone '%' in a description (it showed "99 % when"). */
    @Test
    void theHelpPrintsWithoutAFormatWarning() {
        CommandRun r = run("--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("middle 99 % when values lie far beyond it"), r.out());
        assertTrue(!r.err().contains("Could not format") && !r.out().contains("Could not format"), r.err());
    }

    /** A reference log of {@code topic}, in memory: these times and values. */
    private static LoadedLog referenceLog(String topic, long[] t, double[] v) {
        State[] states = new State[t.length];
        java.util.Arrays.fill(states, State.REFERENCE);
        return new LoadedLog(Path.of(topic + ".ref.vlog"), LogMetadata.reference(topic), t, v, states, null);
    }

    /** Two detector logs with the same label (two replays of one algorithm, to compare) draw side by side. */
    @Test
    void twoLogsOfOneLabelAreBothDrawn() {
        int n = 100;
        long[] t = new long[n];
        double[] v = new double[n];
        State[] det = new State[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_790_000_000_000_000L + i * 1_000_000L;
            v[i] = i == 50 ? 90 : 20;
            det[i] = i == 50 ? State.ANOMALY : State.NORMAL;
        }
        LoadedLog series = referenceLog("t", t, v);
        LoadedLog one = new LoadedLog(Path.of("a/t.dbscan.vlog"), LogMetadata.detector("t", "dbscan", 20, Map.of()), t, v, det, null);
        LoadedLog two = new LoadedLog(Path.of("b/t.dbscan.vlog"), LogMetadata.detector("t", "dbscan", 20, Map.of()), t, v, det, null);
        XYPlot plot = (XYPlot) ChartRenderer.chart("t", series, List.of(one, two), W).getPlot();
        assertEquals(3, plot.getDataset().getSeriesCount(), "the line and each log's anomaly points");
    }

    @Test
    void svgIsWrittenForAnSvgName() throws IOException {
        Path svg = dir.resolve("humidite.svg");
        assertEquals(0, run("--detector", dbscan.toString(), "--out", svg.toString()).exit());
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), text.substring(0, 80));
        assertTrue(text.contains("rgb(255,0,0)") || text.toLowerCase().contains("#ff0000") || text.contains("red"), "the red marker is in the SVG");
    }

    @Test
    void dumpRoundTrips() throws IOException {
        CommandRun r = run("dump", "--header", dbscan.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("# algorithm=dbscan"), lines.subList(0, 8).toString());
        List<String> rows = lines.stream().dropWhile(l -> l.startsWith("#")).toList();
        assertEquals("time,value,state,partition,offset,score", rows.get(0), "a detector's log names each value's Kafka source");
        try (RecordLogReader log = RecordLogReader.open(dbscan)) {
            assertEquals(log.size(), rows.size() - 1);
            for (int i = 0; i < log.size(); i++) {
                String[] f = rows.get(i + 1).split(",");
                LogRecord rec = log.get(i);
                assertEquals(rec.timeMicros(), LogRecord.micros(Instant.parse(f[0])));
                assertEquals(rec.value(), Double.parseDouble(f[1]));
                assertEquals(rec.state().code(), Byte.parseByte(f[2]));
                assertEquals(0, Integer.parseInt(f[3]));
                assertEquals(1000 + i, Long.parseLong(f[4]));
                assertEquals(i < INIT ? "" : "0.5", f.length > 5 ? f[5] : "", "no score while initialising");
            }
        }
    }

    /**
     * Given a log of format 1 (written before records named their Kafka source), built byte by byte from
     * docs/record-log.md, when it is dumped and plotted, then both read it.
     */
    @Test
    void aFormatOneLogStillDumpsAndPlots() throws IOException {
        byte[] meta = "algorithm=dbscan\nkind=detector\ntopic=humidite\nwindow=20\n".getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 + meta.length + 4 + 3 * 24);
        b.put("VIGIELOG".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putShort((short) 24).putInt(20 + meta.length + 4).putInt(meta.length).put(meta);
        b.putInt(crc32c(b.array(), 0, b.position()));
        byte[] states = {2, 1, -1};
        for (int i = 0; i < 3; i++) {
            int at = b.position();
            b.putLong(T0 + i * 1_000_000L).putDouble(40 + i).put(states[i]).put((byte) 0).putShort((short) 0);
            b.putInt(crc32c(b.array(), at, 20));
        }
        Path old = dir.resolve("old.dbscan.vlog");
        Files.write(old, b.array());
        CommandRun dump = run("dump", old.toString());
        assertEquals(0, dump.exit(), dump.err());
        assertEquals(List.of("time,value,state", Instant.ofEpochSecond(T0 / 1_000_000) + ",40.0,2", Instant.ofEpochSecond(T0 / 1_000_000 + 1) + ",41.0,1",
                Instant.ofEpochSecond(T0 / 1_000_000 + 2) + ",42.0,-1"), dump.out().lines().toList());
        Path png = dir.resolve("old.png");
        CommandRun plot = run(ref.toString(), old.toString(), "--out", png.toString());
        assertEquals(0, plot.exit(), plot.err());
        assertTrue(Files.size(png) > 0);
    }

    private static int crc32c(byte[] bytes, int off, int len) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, off, len);
        return (int) crc.getValue();
    }

    @Test
    void aCorruptLogIsDrawnUpToTheCorruptionWithAWarning() throws IOException {
        Path copy = dir.resolve("corrupt.vlog");
        Files.copy(dbscan, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        long offset;
        try (RecordLogReader log = RecordLogReader.open(copy)) {
            offset = log.offsetOf(600);
        }
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.seek(offset + 3);
            f.write(0x55);
        }
        CommandRun r = run("--detector", copy.toString(), "--out", dir.resolve("c.png").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains(copy.toString()) && r.err().contains("byte offset " + offset), r.err());
        assertTrue(r.out().contains("600 records"), r.out());
    }

    /**
     * Issue 29: given a detector log of two partitions whose times overlap (each in order), one of which steps its clock
     * back an hour and later goes silent for two hours, when it is plotted, then the summary says so in one line each,
     * with the partition and offset, and the other partition, although its times lie before the first's, steps back
     * nowhere.
     */
    @Test
    void aClockThatStepsBackAndAGapAreSaidInOneLineEachPerPartition() throws IOException {
        Path log = dir.resolve("clock.dbscan.vlog");
        long minute = 60_000_000L;
        try (RecordLogWriter w = RecordLogWriter.open(log, LogMetadata.detector("clock", "dbscan", 20, Map.of()))) {
            long t0 = T0;
            long t1 = T0;
            for (int i = 0; i < 600; i++) {
                long step = i == 300 ? -60 * minute : i == 450 ? 120 * minute : minute;
                t0 += step;
                t1 += minute;
                w.append(t0, 20 + Math.sin(i / 30.0), State.NORMAL, 0, i, 0.5f); // partitions interleaved, as polled
                w.append(t1, 20 + Math.cos(i / 30.0), State.NORMAL, 1, i, 0.5f);
            }
        }
        CommandRun r = run("--detector", log.toString(), "--out", dir.resolve("clock.png").toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().filter(l -> l.startsWith(log.toString())).toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).contains("partition 0: the clock steps back 1 time (first at offset 300") && lines.get(0).contains("by 1h"), lines.get(0));
        assertTrue(lines.get(1).contains("partition 0: 1 gap in the readings") && lines.get(1).contains("the longest 2h,") && lines.get(1).contains("offset 450"),
                lines.get(1));
    }

    @Test
    void logsOfDifferentTopicsGetAWarning() throws IOException {
        Path other = dir.resolve("temp.dbscan.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(other, LogMetadata.detector("temperature", "dbscan", 20, Map.of()))) {
            w.append(T0, 21, State.NORMAL);
        }
        CommandRun r = run("--reference", ref.toString(), "--detector", other.toString(), "--out", dir.resolve("m.png").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("is of topic temperature"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "csv", "empty-log", "no-data-in-range", "nothing-given", "bad-time"})
    void badInputIsAClearMessageAndExitCodeTwo(String kind) throws IOException {
        Path png = dir.resolve(kind + ".png");
        CommandRun r = switch (kind) {
            case "missing" -> run("--reference", dir.resolve("nope.vlog").toString(), "--out", png.toString());
            case "csv" -> run("--reference", Files.writeString(dir.resolve("x.csv"), "timestamp,value\n").toString(), "--out", png.toString());
            case "empty-log" -> {
                Path empty = dir.resolve("empty.vlog");
                RecordLogWriter.open(empty, LogMetadata.reference("humidite")).close();
                yield run("--reference", empty.toString(), "--out", png.toString());
            }
            case "no-data-in-range" -> run("--reference", ref.toString(), "--from", "2030-01-01T00:00:00Z", "--out", png.toString());
            case "nothing-given" -> run("--out", png.toString());
            default -> run("--reference", ref.toString(), "--from", "yesterday", "--out", png.toString());
        };
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("vigie-plotter: "), r.err());
        assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(!Files.exists(png), "no image for bad input");
    }
}
