package org.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.detector.DetectorCommand;
import org.vigie.producer.ProducerCommand;
import org.vigie.tools.Await;
import org.vigie.tools.KafkaBroker;
import org.vigie.tools.Probe;
import org.vigie.tools.VirtualSerialPort;

/**
 * A real Prometheus scrapes a producer and a detector during a real session (a virtual serial port, a
 * broker, both programs as processes), and its HTTP API returns what the programs' summaries say. The
 * Grafana dashboard's queries name only metrics that Prometheus holds.
 */
class PrometheusScrapeTest {

    // Debian's package; elsewhere -Dvigie.prometheus names the binary.
    static final Path PROMETHEUS = Path.of(System.getProperty("vigie.prometheus", "/usr/bin/prometheus"));
    static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json").toAbsolutePath().normalize();
    private static final Pattern METRICS_AT = Pattern.compile("metrics for Prometheus on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void prometheusHoldsTheFiguresTheProgramsReport() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), () -> {
            String why = "skipped: the Prometheus test needs Debian's prometheus (" + PROMETHEUS + "): apt-get install prometheus";
            System.err.println(why);
            return why;
        });
        int values = 2_600; // the glitches after the 2,000 a detector learns
        List<Process> started = new ArrayList<>();
        try (KafkaBroker broker = KafkaBroker.startForTest(dir.resolve("kafka"));
                VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("tty"))) {
            Process producer = start(started, "producer", ProducerCommand.class.getName(), "--port", port.path().toString(),
                    "--bootstrap-server", broker.bootstrapServers(), "--metrics-port", "0", "--stats-interval", "PT1S");
            Process detector = start(started, "detector", DetectorCommand.class.getName(), "--topic", "humidite", "--algorithm", "dbscan", "--wait-for-topic",
                    "--bootstrap-server", broker.bootstrapServers(), "--from", "earliest", "--log", dir.resolve("h.dbscan.vlog").toString(),
                    "--metrics-port", "0");
            int producerPort = metricsPort("producer");
            int detectorPort = metricsPort("detector");
            int prometheusPort = freePort();
            Process prometheus = startPrometheus(started, prometheusPort, producerPort, detectorPort);

            Await.until(Duration.ofSeconds(60), "the producer to open the port", () -> Probe.text(dir.resolve("producer.err")).contains("open (9600 8N1)"));
            for (int i = 0; i < values; i++) {
                // a slow wave with two glitches, and one line that is not topic!value
                double v = 50 + 5 * Math.sin(i / 40.0) + (i == 2_400 || i == 2_500 ? 30 : 0);
                port.writeLine(String.format(java.util.Locale.ROOT, "humidite!%.2f", v));
            }
            port.writeLine("no separator here");
            Await.until(Duration.ofSeconds(120), "the detector to judge every value",
                    () -> scrape(detectorPort).contains("vigie_detector_values_judged_total{algorithm=\"dbscan\",topic=\"humidite\"} " + values + ".0"));
            Await.until(Duration.ofSeconds(120), "Prometheus to scrape the last figures",
                    () -> query(prometheusPort, "vigie_detector_values_judged_total") == values
                            && query(prometheusPort, "vigie_producer_values_acknowledged_total") == values
                            && query(prometheusPort, "vigie_producer_lines_read_total") == values + 1
                            && query(prometheusPort, "vigie_producer_lines_rejected_total{reason=\"no_separator\"}") == 1);
            double anomalies = query(prometheusPort, "vigie_detector_anomalies_total{topic=\"humidite\",algorithm=\"dbscan\"}");
            double read = query(prometheusPort, "vigie_producer_lines_read_total");
            double rejected = query(prometheusPort, "vigie_producer_lines_rejected_total{reason=\"no_separator\"}");
            assertEquals(1, query(prometheusPort, "vigie_detector_kafka_up"), "the detector's Kafka is up");
            assertEquals(1, query(prometheusPort, "vigie_producer_port_open"), "the producer's port is open");
            assertEquals(2, query(prometheusPort, "count(count by (job) (jvm_memory_used_bytes))"), "both JVMs' own metrics");
            assertDashboardNamesOnlyMetricsPrometheusHolds(prometheusPort);

            detector.destroy();
            producer.destroy();
            assertTrue(detector.waitFor(60, TimeUnit.SECONDS) && producer.waitFor(60, TimeUnit.SECONDS), "both programs stop");
            String detectorSummary = Probe.text(dir.resolve("detector.out"));
            assertTrue(detectorSummary.contains("judged " + values + " values, " + (long) anomalies + " anomalies"),
                    "Prometheus's anomalies (" + anomalies + ") are the detector's summary's: " + detectorSummary);
            assertTrue(anomalies >= 1, "the glitches made anomalies: " + detectorSummary);
            String producerSummary = Probe.text(dir.resolve("producer.out"));
            assertTrue(producerSummary.contains("lines read " + (long) read + ", sent " + values + ", acknowledged " + values),
                    "Prometheus's lines read (" + read + ") are the producer's summary's: " + producerSummary);
            assertTrue(producerSummary.contains("rejected " + (long) rejected + " (no separator " + (long) rejected + ")") && rejected == 1,
                    "Prometheus's rejected lines (" + rejected + ") are the producer's summary's: " + producerSummary);
            prometheus.destroy();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + outputs(), e);
        } finally {
            for (Process p : started) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Every metric name in the dashboard's queries has a series in Prometheus. */
    private void assertDashboardNamesOnlyMetricsPrometheusHolds(int prometheusPort) throws Exception {
        String dashboard = Files.readString(DASHBOARD);
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:vigie|jvm)_[a-z_]+)").matcher(dashboard);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertTrue(names.size() >= 5, "the dashboard queries Vigie's metrics: " + names);
        for (String name : names) {
            assertTrue(query(prometheusPort, "count({__name__=\"" + name + "\"})") > 0, "the dashboard names " + name + ", which Prometheus does not hold");
        }
    }

    private Process start(List<Process> started, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve(name + ".err").toFile()).redirectOutput(dir.resolve(name + ".out").toFile()).start();
        started.add(p);
        return p;
    }

    /** The port a program says its metrics are on (it was given port 0: any free one). */
    private int metricsPort(String name) {
        int[] port = new int[1];
        Await.until(Duration.ofSeconds(60), "the " + name + " to serve its metrics", () -> {
            Matcher m = METRICS_AT.matcher(Probe.text(dir.resolve(name + ".err")));
            if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
            }
            return port[0] > 0;
        });
        return port[0];
    }

    private Process startPrometheus(List<Process> started, int port, int producerPort, int detectorPort) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: vigie-producer
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: vigie-detector
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(producerPort, detectorPort));
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.out").toFile()).start();
        started.add(p);
        Await.until(Duration.ofSeconds(60), "Prometheus to answer", () -> {
            try {
                return get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return p;
    }

    /** The value of a PromQL query that returns one sample; NaN when it returns none. */
    private static double query(int port, String promql) {
        try {
            HttpResponse<String> r = get("http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
            Map<String, Object> body = JSON.std.mapFrom(r.body());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> result = (List<Map<String, Object>>) ((Map<String, Object>) body.get("data")).get("result");
            if (result.isEmpty()) {
                return Double.NaN;
            }
            assertEquals(1, result.size(), promql + " returns one sample: " + r.body());
            return Double.parseDouble((String) ((List<?>) result.get(0).get("value")).get(1));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static String scrape(int port) {
        try {
            return get("http://127.0.0.1:" + port + "/metrics").body();
        } catch (IOException e) {
            return "";
        }
    }

    private static HttpResponse<String> get(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String outputs() {
        StringBuilder sb = new StringBuilder();
        for (String f : List.of("producer.err", "producer.out", "detector.err", "detector.out", "prometheus.out")) {
            sb.append("--- ").append(f).append(":\n").append(Probe.text(dir.resolve(f))).append('\n');
        }
        return sb.toString();
    }
}
