package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.RecordLogWriter;
import org.vigie.tools.Await;

/** The live view's server, real, on a free port, asked by a real HTTP client (and a raw socket, for what clients clean up). */
class LiveServerTest {

    static final long T0 = 1_790_000_000_000_000L; // 2026-09-21, in µs
    static final int N = 500;
    static final int INIT = 50;
    static final int ANOMALY = 300;

    @TempDir
    Path dir;

    Path reference;
    Path dbscan;
    RecordLogWriter ref;
    RecordLogWriter det;
    LiveSession session;
    LiveServer server;
    ByteArrayOutputStream told = new ByteArrayOutputStream();
    HttpClient http = HttpClient.newHttpClient();

    /** Appends values {@code from} to {@code to} to both logs: the reference and DBSCAN's judgement of it. */
    void append(int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            long t = T0 + i * 1_000_000L;
            double v = i == ANOMALY ? 90 : 50 + Math.sin(i / 20.0);
            ref.append(t, v, State.REFERENCE);
            State s = i < INIT ? State.INITIALISING : i == ANOMALY || i == to - 1 && from > 0 ? State.ANOMALY : State.NORMAL;
            det.append(t, v, s, 0, i, s == State.INITIALISING ? Float.NaN : s == State.ANOMALY ? 0.9995f : 0.5f);
        }
        ref.flush();
        det.flush();
    }

    @BeforeEach
    void serve() throws IOException {
        reference = dir.resolve("humidite.ref.vlog");
        dbscan = dir.resolve("humidite.dbscan.vlog");
        ref = RecordLogWriter.open(reference, LogMetadata.reference("humidite"));
        det = RecordLogWriter.open(dbscan, LogMetadata.detector("humidite", "dbscan", 20, Map.of()));
        append(0, N);
        session = LiveSession.open(List.of(dbscan, reference));
        server = LiveServer.start(session, "127.0.0.1", 0, Duration.ofMillis(50), new PrintStream(told, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        session.close();
        ref.close();
        det.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.address().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> view() throws Exception {
        HttpResponse<String> r = get("api/view?panel=0&columns=200");
        assertEquals(200, r.statusCode(), r.body());
        return JSON.std.mapFrom(r.body());
    }

    /** The status line a raw request gets: what a browser or curl would not even send. */
    String rawStatus(String requestLine) throws IOException {
        try (Socket s = new Socket(server.address().getHost(), server.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(!reply.contains("root:"), "no file served: " + reply);
            return reply.lines().findFirst().orElse("");
        }
    }

    @Test
    void thePageAndItsScriptsComeFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("uplot.js") && page.body().contains("app.js"), page.body());
        HttpResponse<String> uplot = get("/uplot.js");
        assertEquals(200, uplot.statusCode());
        assertTrue(uplot.body().length() > 20_000 && uplot.body().contains("uPlot"), "uPlot, from its WebJar");
        assertEquals("text/javascript; charset=utf-8", uplot.headers().firstValue("Content-Type").orElse(""));
        assertEquals(200, get("/app.js").statusCode());
        assertEquals(200, get("/uplot.css").statusCode());
    }

    /**
     * Given {@code vigie-plotter serve} running as a program, when a page is loaded and the program is stopped with
     * SIGTERM (kill), then it ends cleanly with its summary, as every program does.
     */
    @Test
    void serveStoppedByKillPrintsItsSummary() throws Exception {
        Path out = dir.resolve("serve.out");
        Path clock = dir.resolve("clock.ref.vlog"); // readings every 10 s, the clock set back an hour, then two hours unplugged
        try (RecordLogWriter w = RecordLogWriter.open(clock, LogMetadata.reference("clock"))) {
            for (int i = 0; i < 300; i++) {
                long second = 10L * i - (i >= 100 ? 3_600 : 0) + (i >= 200 ? 7_200 : 0);
                w.append(T0 + second * 1_000_000L, 20, State.REFERENCE);
            }
        }
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp", System.getProperty("java.class.path"),
                PlotterCommand.class.getName(), "serve", "--port", "0", reference.toString(), dbscan.toString(), clock.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Await.until(Duration.ofMinutes(1), "the address", () -> readQuietly(out).contains("open http"));
            String line = Files.readString(out).lines().filter(l -> l.startsWith("open ")).findFirst().orElseThrow();
            URI page = URI.create(line.substring("open ".length()).split("\\s+")[0]);
            assertEquals(200, http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "serve ends");
            String said = Files.readString(out);
            assertEquals(0, p.exitValue(), said);
            assertTrue(said.contains("stopped: served 1 page load, 0 views and 0 live streams in "), said);
            assertEquals(1, said.lines().filter(l -> l.startsWith(clock + ": the clock steps back 1 time (first at record 101, ")).count(), said);
            assertEquals(1, said.lines().filter(l -> l.startsWith(clock + ": 1 gap in the readings")).count(), said);
            assertTrue(said.lines().noneMatch(l -> l.startsWith(reference + ":")), "an ordered clock says nothing: " + said);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Opens the server's event stream, each of its lines put in {@code lines} as it comes. */
    CompletableFuture<HttpResponse<Void>> openEvents(LinkedBlockingQueue<String> lines) {
        return http.sendAsync(HttpRequest.newBuilder(server.address().resolve("api/events")).build(),
                HttpResponse.BodyHandlers.ofLines()).thenApply(r -> {
                    r.body().forEach(lines::add);
                    return null;
                });
    }

    /** The first line equal to {@code wanted}, or null when none comes within 30 s of the one before. */
    static String nextLine(LinkedBlockingQueue<String> lines, String wanted) throws InterruptedException {
        String line;
        do {
            line = lines.poll(30, TimeUnit.SECONDS);
        } while (line != null && !line.equals(wanted));
        return line;
    }

    /** Given an open event stream, when the server stops, then the stream is told the session has ended. */
    @Test
    void aStopTellsEachOpenPageTheSessionHasEnded() throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Void>> stream = openEvents(lines);
        try {
            assertEquals(": connected", lines.poll(30, TimeUnit.SECONDS), "the stream opened");
            server.close();
            assertEquals("event: ended", nextLine(lines, "event: ended"));
        } finally {
            stream.cancel(true);
        }
    }

    /** The page's icon, and the one a browser asks for on its own: served, so that no load writes a 404 line. */
    @ParameterizedTest
    @ValueSource(strings = {"/favicon.svg", "/favicon.ico"})
    void theIconIsServed(String path) throws Exception {
        HttpResponse<String> icon = get(path);
        assertEquals(200, icon.statusCode());
        assertEquals("image/svg+xml", icon.headers().firstValue("Content-Type").orElse(""));
        assertTrue(icon.body().startsWith("<svg"), icon.body());
        assertTrue(!told.toString(StandardCharsets.UTF_8).contains("404"), told.toString(StandardCharsets.UTF_8));
        assertTrue(get("/").body().contains("favicon.svg"), "the page names its icon");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theLayoutNamesEachPanelAndDetectorInThePngsColours() throws Exception {
        Map<String, Object> layout = JSON.std.mapFrom(get("api/layout").body());
        List<Map<String, Object>> panels = (List<Map<String, Object>>) layout.get("panels");
        assertEquals(1, panels.size(), "one topic: one panel");
        assertEquals("humidite", panels.get(0).get("topic"));
        assertEquals("humidite (reference)", panels.get(0).get("series"), "the reference log draws the series");
        List<Map<String, Object>> detectors = (List<Map<String, Object>>) panels.get(0).get("detectors");
        assertEquals("#ff0000", detectors.get(0).get("colour"), "DBSCAN red");
    }

    /** Several sensors: a panel per topic, in the order of their reference logs, each with its own detectors. */
    @Test
    @SuppressWarnings("unchecked")
    void eachTopicHasItsPanel() throws Exception {
        Path temperature = dir.resolve("temperature.ref.vlog");
        Path temperatureIforest = dir.resolve("temperature.iforest.vlog");
        try (RecordLogWriter t = RecordLogWriter.open(temperature, LogMetadata.reference("temperature"));
                RecordLogWriter f = RecordLogWriter.open(temperatureIforest, LogMetadata.detector("temperature", "iforest", 20, Map.of()))) {
            for (int i = 0; i < 10; i++) {
                t.append(T0 + i * 1_000_000L, 20 + i, State.REFERENCE);
                f.append(T0 + i * 1_000_000L, 20 + i, State.NORMAL, 0, i, 0.5f);
            }
        }
        try (LiveSession two = LiveSession.open(List.of(temperatureIforest, dbscan, temperature, reference))) {
            List<Map<String, Object>> panels = (List<Map<String, Object>>) two.layout().get("panels");
            assertEquals(List.of("temperature", "humidite"), panels.stream().map(p -> p.get("topic")).toList());
            List<Map<String, Object>> tempDetectors = (List<Map<String, Object>>) panels.get(0).get("detectors");
            assertEquals(1, tempDetectors.size());
            assertEquals("#00a000", tempDetectors.get(0).get("colour"), "IsolationForest green");
            assertEquals(10, ((Number) two.view(0, null, null, 100).get("records")).intValue());
            assertEquals(N, ((Number) two.view(1, null, null, 100).get("records")).intValue());
        }
    }

    /** A gap in the data (the producer stopped a minute) breaks the page's line: one null value there, none elsewhere. */
    @Test
    @SuppressWarnings("unchecked")
    void aGapInTheDataIsAGapOnThePage() throws Exception {
        Path gappy = dir.resolve("gappy.ref.vlog");
        try (RecordLogWriter g = RecordLogWriter.open(gappy, LogMetadata.reference("gappy"))) {
            for (int i = 0; i < 200; i++) {
                g.append(T0 + i * 1_000_000L + (i >= 100 ? 60_000_000L : 0), 20, State.REFERENCE);
            }
        }
        try (LiveSession one = LiveSession.open(List.of(gappy))) {
            Map<String, Object> v = one.view(0, null, null, 100);
            List<Object> values = new java.util.ArrayList<>(java.util.Arrays.asList((Object[]) v.get("v")));
            assertEquals(201, values.size(), "every point, and the gap");
            assertEquals(100, values.indexOf(null), "the gap between the two sessions");
            assertEquals(1, values.stream().filter(java.util.Objects::isNull).count());
        }
    }

    /**
     * A detector's log whose clock steps back 100.5 s (200 readings, then 100 over a span already drawn, then on): the
     * view's points are in time order, those of the repeated span marked behind, and neither line runs back: the first
     * breaks once where the repeat cut it, the second never. The repeated span's anomaly is its own. Above the chart,
     * one line says the clock stepped back (and none a gap: there is none).
     */
    @Test
    @SuppressWarnings("unchecked")
    void aClockThatStepsBackIsDrawnAsASecondLineThatNeverRunsBack() throws Exception {
        Path stepped = dir.resolve("stepped.dbscan.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(stepped, LogMetadata.detector("stepped", "dbscan", 20, Map.of()))) {
            for (int i = 0; i < 400; i++) {
                // Back 100.5 s at reading 200: the repeat reads half a second off the first pass, then the clock goes on.
                long micros = i < 200 ? i * 1_000_000L : i < 300 ? (i - 100) * 1_000_000L - 500_000L : (i - 100) * 1_000_000L;
                State state = i == 230 ? State.ANOMALY : State.NORMAL;
                w.append(T0 + micros, i < 300 && i >= 200 ? 70 : 20, state, 0, i, state == State.ANOMALY ? 0.9995f : 0.5f);
            }
        }
        try (LiveSession one = LiveSession.open(List.of(stepped))) {
            Map<String, Object> v = one.view(0, null, null, 1_000);
            assertEquals(400, ((Number) v.get("records")).intValue());
            double[] t = java.util.Arrays.stream((double[]) v.get("t")).toArray();
            Object[] values = (Object[]) v.get("v");
            int[] behind = (int[]) v.get("behind");
            int[] states = (int[]) ((List<Map<String, Object>>) v.get("detectors")).get(0).get("states");
            for (int k = 1; k < t.length; k++) {
                assertTrue(t[k] >= t[k - 1], "in time order at " + k);
            }
            int[] points = new int[2];
            int[] breaks = new int[2];
            int anomalyAt = -1;
            for (int k = 0; k < t.length; k++) {
                if (values[k] == null) {
                    breaks[behind[k]]++;
                    continue;
                }
                points[behind[k]]++;
                assertEquals(behind[k] == 1 ? 70.0 : 20.0, ((Number) values[k]).doubleValue(), "each point in its own line, at " + k);
                if (states[k] == State.ANOMALY.code()) {
                    assertEquals(1, behind[k], "the anomaly is the repeat's");
                    assertEquals((T0 + 130_000_000L - 500_000L) / 1e6, t[k], "at its own time");
                    anomalyAt = k;
                }
            }
            assertEquals(300, points[0], "the readings ahead of the clock");
            assertEquals(100, points[1], "the span the clock went back over");
            assertEquals(1, breaks[0], "the first line breaks where the repeat cut it");
            assertEquals(0, breaks[1], "the repeat is one stretch");
            assertTrue(anomalyAt >= 0, "the repeat's anomaly is drawn");
            List<String> clock = (List<String>) v.get("clock");
            assertEquals(1, clock.size(), "one line for the step back: " + clock);
            assertTrue(clock.get(0).startsWith("partition 0: the clock steps back 1 time (first at offset 200, "), clock.get(0));
        }
    }

    /**
     * A detector's log of a topic of two partitions, written batch by batch (ten of one, ten of the other): their times
     * interleave, which is no clock stepping back. The view is one line in time order, with no break and nothing behind.
     */
    @Test
    void twoPartitionsThatInterleaveTheirTimesAreOneLineInTimeOrder() throws Exception {
        Path both = dir.resolve("both.dbscan.vlog");
        try (RecordLogWriter w = RecordLogWriter.open(both, LogMetadata.detector("both", "dbscan", 20, Map.of()))) {
            for (int batch = 0; batch < 20; batch++) {
                for (int p = 0; p < 2; p++) {
                    for (int k = 0; k < 10; k++) {
                        long offset = batch * 10L + k;
                        w.append(T0 + offset * 1_000_000L + p * 500_000L, 20 + p, State.NORMAL, p, offset, 0.5f);
                    }
                }
            }
        }
        try (LiveSession one = LiveSession.open(List.of(both))) {
            Map<String, Object> v = one.view(0, null, null, 1_000);
            double[] t = (double[]) v.get("t");
            assertEquals(400, t.length, "every reading, no break");
            for (int k = 1; k < t.length; k++) {
                assertTrue(t[k] > t[k - 1], "in time order at " + k);
            }
            assertTrue(!v.containsKey("behind"), "nothing drawn as behind");
            assertEquals(List.of(), v.get("clock"), "no clock line: each partition's clock went forward");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aViewIsDecimatedKeepsEveryAnomalyAndJoinsEachDetectorsStateAndScore() throws Exception {
        Map<String, Object> v = view();
        assertEquals(N, ((Number) v.get("records")).intValue());
        List<Number> t = (List<Number>) v.get("t");
        assertTrue(t.size() <= 4 * 200 + 8, "decimated: " + t.size());
        Map<String, Object> d = ((List<Map<String, Object>>) v.get("detectors")).get(0);
        List<Number> states = (List<Number>) d.get("states");
        List<Object> scores = (List<Object>) d.get("scores");
        double anomalyTime = (T0 + ANOMALY * 1_000_000L) / 1e6;
        int at = -1;
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).doubleValue() == anomalyTime) {
                at = i;
            }
        }
        assertTrue(at >= 0, "the anomaly's point is drawn");
        assertEquals(-1, states.get(at).intValue());
        assertEquals(0.9995, ((Number) scores.get(at)).doubleValue(), 1e-6);
        assertEquals(null, scores.get(0), "no score while initialising: null, JSON has no NaN");
        List<List<Number>> init = (List<List<Number>>) d.get("initialising");
        assertEquals(1, init.size());
        assertEquals(T0 / 1e6, init.get(0).get(0).doubleValue());
        assertEquals((T0 + (INIT - 1) * 1_000_000L) / 1e6, init.get(0).get(1).doubleValue());
        List<Map<String, Object>> anomalies = (List<Map<String, Object>>) v.get("anomalies");
        assertEquals(1, anomalies.size());
        assertEquals(anomalyTime, ((Number) anomalies.get(0).get("t")).doubleValue());

        Map<String, Object> zoomed = JSON.std.mapFrom(get("api/view?panel=0&columns=200&from=" + (T0 / 1e6 + 100) + "&to=" + (T0 / 1e6 + 149)).body());
        assertEquals(50, ((List<?>) zoomed.get("t")).size(), "a zoomed view: every point of its range");
    }

    /** Live: a record appended to the logs is told on the event stream, and the next view has it, within a second's ticks. */
    @Test
    @SuppressWarnings("unchecked")
    void anAppendedValueIsPushedAndThenInTheView() throws Exception {
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Void>> stream = openEvents(lines);
        try {
            assertEquals(": connected", lines.poll(30, TimeUnit.SECONDS), "the stream opened");
            append(N, N + 10);
            assertEquals("event: grew", nextLine(lines, "event: grew"));
            assertEquals("data: {\"panel\":0}", lines.poll(5, TimeUnit.SECONDS));
            Await.until(Duration.ofSeconds(30), "the view to have the new values", () -> {
                try {
                    return ((Number) view().get("records")).intValue() == N + 10;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Map<String, Object>> anomalies = (List<Map<String, Object>>) view().get("anomalies");
            assertEquals((T0 + (N + 9) * 1_000_000L) / 1e6, ((Number) anomalies.get(0).get("t")).doubleValue(), "the newest anomaly first");
        } finally {
            stream.cancel(true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/api/nope", "/index.html", "/app.js/x", "/org/vigie/plotter/web/app.js", "/META-INF/MANIFEST.MF"})
    void anUnknownRouteIs404AndOneLine(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(404, r.statusCode());
        assertTrue(told.toString(StandardCharsets.UTF_8).contains("GET " + path + " from 127.0.0.1: 404 not found"), told.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /../../../../etc/passwd HTTP/1.1", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1", "GET /..%2f..%2fetc%2fpasswd HTTP/1.1",
        "GET //etc/passwd HTTP/1.1", "GET /app.js/../../../../etc/passwd HTTP/1.1", "GET /api/view?panel=0/../../etc/passwd HTTP/1.1"})
    void aTraversalAttemptGetsNothing(String requestLine) throws IOException {
        String status = rawStatus(requestLine);
        assertTrue(status.contains(" 404 ") || status.contains(" 400 "), requestLine + " -> " + status);
    }

    @Test
    void aWriteOrAMalformedRequestIsRefusedInOneLineWithoutAStackTrace() throws Exception {
        assertEquals(405, http.send(HttpRequest.newBuilder(server.address()).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(400, get("api/view?panel=7").statusCode());
        assertEquals(400, get("api/view?panel=0&from=yesterday").statusCode());
        assertTrue(rawStatus("GET /api/view?panel=%zz HTTP/1.1").contains(" 400 ")); // not a URI: the JDK's server answers it
        String log = told.toString(StandardCharsets.UTF_8);
        assertEquals(3, log.lines().count(), "one line per refusal of ours: " + log);
        assertTrue(!log.contains("\tat ") && !log.contains("Exception"), log);
    }

    /** A detector log torn mid-record, then the reference deleted: the page is told, and the server keeps answering. */
    @Test
    @SuppressWarnings("unchecked")
    void aTornOrDeletedLogIsToldAndTheServerKeepsRunning() throws Exception {
        det.close();
        byte[] garbage = new byte[200]; // more than a record: a garbled one, not one still being written
        java.util.Arrays.fill(garbage, (byte) 0x5A);
        Files.write(dbscan, garbage, StandardOpenOption.APPEND);
        Await.until(Duration.ofSeconds(30), "the garbled record to be told", () -> {
            try {
                return !((List<String>) view().get("problems")).isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(((List<String>) view().get("problems")).get(0).contains("humidite.dbscan.vlog"), view().get("problems").toString());
        Files.delete(reference);
        Await.until(Duration.ofSeconds(30), "the deletion to be told", () -> {
            try {
                return view().get("problems").toString().contains("deleted");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(N, ((Number) view().get("records")).intValue(), "what was read before is still shown");
        assertEquals(200, get("/").statusCode(), "the server keeps running");
        det = RecordLogWriter.open(dir.resolve("other.vlog"), LogMetadata.detector("humidite", "dbscan", 20, Map.of())); // for @AfterEach
    }
}
