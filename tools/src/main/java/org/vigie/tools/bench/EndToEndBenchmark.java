package org.vigie.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vigie.tools.Probe;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;
import org.vigie.tools.Await;
import org.vigie.tools.KafkaBroker;
import org.vigie.tools.VirtualSerialPort;

/**
 * From a line written on the (virtual) serial port to its state in the detector's log, through the real
 * producer and detector processes and a local broker, at 100 lines/s: p50 and p99. Also the peak memory
 * (RSS) of each program.
 */
public final class EndToEndBenchmark {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path home = Path.of(System.getProperty("vigie.home", "."));
        Path tmp = BenchFolder.create("vigie-e2e-bench");
        try (KafkaBroker broker = KafkaBroker.startForTest(tmp.resolve("kafka"));
                VirtualSerialPort port = VirtualSerialPort.create(tmp.resolve("tty"))) {
            broker.createTopic("e2e", 1);
            Path log = tmp.resolve("e2e.dbscan.vlog");
            Process detector = start(home, tmp, "detector", "-Xmx128m", "--topic", "e2e", "--algorithm", "dbscan",
                    "--bootstrap-server", broker.bootstrapServers(), "--from", "latest", "--log", log.toString());
            Process producer = start(home, tmp, "producer", "-Xmx64m", "--port", port.path().toString(),
                    "--bootstrap-server", broker.bootstrapServers());
            try {
                Await.until(Duration.ofMinutes(2), "the detector to join", () -> Probe.text(tmp.resolve("detector.err")).contains("judging from"));
                Await.until(Duration.ofMinutes(2), "the producer to open the port", () -> Probe.text(tmp.resolve("producer.err")).contains(" open ("));
                // Warm-up: one line through the whole path before timing.
                port.writeLine("e2e!-1");
                Await.until(Duration.ofMinutes(2), "the warm-up line in the detector's log", () -> Files.exists(log) && Probe.logSize(log) > 0);
                long[] written = new long[lines];
                Thread writer = Thread.ofPlatform().start(() -> {
                    long next = System.nanoTime();
                    for (int i = 0; i < lines; i++) {
                        next += 10_000_000L;
                        while (System.nanoTime() < next) {
                            Thread.onSpinWait(); // pacing at 100 lines/s
                        }
                        written[i] = System.nanoTime();
                        try {
                            port.writeLine("e2e!" + i);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
                Await.until(Duration.ofMinutes(2), "the detector's log", () -> Files.exists(log));
                long[] latency = new long[lines];
                Arrays.fill(latency, Long.MAX_VALUE);
                int seen = 0;
                try (RecordLogReader r = RecordLogReader.open(log)) {
                    RecordLogReader.Cursor c = r.cursor(0);
                    while (seen < lines) {
                        LogRecord rec = c.poll(Duration.ofSeconds(30));
                        if (rec == null) {
                            break;
                        }
                        long now = System.nanoTime();
                        int i = (int) rec.value();
                        if (i >= 0 && i < lines && latency[i] == Long.MAX_VALUE) {
                            latency[i] = now - written[i];
                            seen++;
                        }
                    }
                }
                writer.join();
                Arrays.sort(latency);
                System.out.printf("| end to end, serial line to its state in the detector log, at 100 lines/s | p50 **%.1f ms**, p99 **%.1f ms** (%d of %d lines) | dbscan |%n",
                        latency[lines / 2] / 1e6, latency[(int) (lines * 0.99)] / 1e6, seen, lines);
                for (var e : List.of(List.of("producer", producer), List.of("detector", detector))) {
                    Process p = (Process) e.get(1);
                    System.out.printf("| %s memory during the run | peak RSS %,d KiB | |%n", e.get(0), Probe.peakRssKb(p.pid()));
                }
            } finally {
                for (Process p : List.of(producer, detector)) {
                    p.destroy();
                    p.waitFor(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Process start(Path home, Path tmp, String program, String heap, String... args) throws java.io.IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(home.resolve("bin/vigie-" + program).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(tmp.resolve(program + ".out").toFile())
                .redirectError(tmp.resolve(program + ".err").toFile());
        pb.environment().put("VIGIE_JAVA_OPTS", heap);
        return pb.start();
    }



}
