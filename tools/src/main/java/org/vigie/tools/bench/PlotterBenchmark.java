package org.vigie.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogWriter;

/**
 * {@code bin/vigie-plotter} (the real program, {@code -Xmx512m}) drawing a 1,000,000-point series with
 * 10,000 anomaly markers to PNG; wall time of the whole command, JVM start included, best and median of 5.
 */
public final class PlotterBenchmark {

    public static void main(String[] args) throws Exception {
        int points = 1_000_000;
        int markers = 10_000;
        Path home = Path.of(System.getProperty("vigie.home", "."));
        Path tmp = BenchFolder.create("vigie-plot-bench");
        Path ref = tmp.resolve("bench.ref.vlog");
        Path det = tmp.resolve("bench.dbscan.vlog");
        long t0 = LogRecord.micros(Instant.parse("2026-11-01T00:00:00Z"));
        java.util.Random random = new java.util.Random(42);
        try (RecordLogWriter r = RecordLogWriter.open(ref, LogMetadata.reference("bench"));
                RecordLogWriter d = RecordLogWriter.open(det, LogMetadata.detector("bench", "dbscan", 20, Map.of()))) {
            for (int i = 0; i < points; i++) {
                long t = t0 + i * 100_000L; // 10 values/s for a bit more than a day
                double v = 50 + 10 * Math.sin(i / 5000.0) + random.nextGaussian();
                r.append(t, v, State.REFERENCE);
                State s = i < 20 ? State.INITIALISING : i % (points / markers) == 0 ? State.ANOMALY : State.NORMAL;
                d.append(t, v, s);
            }
        }
        long[] nanos = new long[5];
        Path png = tmp.resolve("bench.png");
        for (int run = 0; run < nanos.length; run++) {
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/vigie-plotter").toString(), "--reference", ref.toString(),
                    "--detector", det.toString(), "--out", png.toString())
                    .redirectOutput(tmp.resolve("plot.out").toFile()).redirectError(tmp.resolve("plot.err").toFile());
            pb.environment().put("VIGIE_JAVA_OPTS", "-Xmx512m -Djava.awt.headless=true");
            long start = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("vigie-plotter failed: " + Files.readString(tmp.resolve("plot.err")));
            }
            nanos[run] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("| plotter, 1,000,000 points + 10,000 markers to PNG (1600x600), whole command | best **%.2f s**, median %.2f s (5 runs) | -Xmx512m |%n",
                nanos[0] / 1e9, nanos[2] / 1e9);
        System.err.println("plot written to " + png);
        serve(home, tmp, ref, det, t0, points);
    }

    /**
     * {@code vigie-plotter serve} on the same logs (its default --refresh, 500 ms), each page as a browser asks (gzip accepted): the time a page waits for a view of the million points
     * (decimated on the server) and of a zoomed hour, and the server's CPU while a hundred pages are open and
     * the logs grow by 50 values a second (what it takes from the detectors on a small board).
     */
    private static void serve(Path home, Path tmp, Path ref, Path det, long t0, int points) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/vigie-plotter").toString(), "serve", "--port", "0", ref.toString(), det.toString())
                .redirectOutput(tmp.resolve("serve.out").toFile()).redirectError(tmp.resolve("serve.err").toFile());
        pb.environment().put("VIGIE_JAVA_OPTS", "-Xmx256m");
        Process server = pb.start();
        try {
            String address = null;
            for (int i = 0; i < 600 && address == null; i++) {
                String out = Files.readString(tmp.resolve("serve.out"));
                if (out.startsWith("open ")) {
                    address = out.substring(5, out.indexOf(' ', 5));
                } else {
                    Thread.sleep(100); // polling the server's first line; not a benchmark figure
                }
            }
            if (address == null) {
                throw new IllegalStateException("vigie-plotter serve did not start: " + Files.readString(tmp.resolve("serve.err")));
            }
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.URI whole = java.net.URI.create(address + "api/view?panel=0&columns=1600");
            double hourFrom = (t0 + 500_000 * 100_000L) / 1e6;
            java.net.URI hour = java.net.URI.create(address + "api/view?panel=0&columns=1600&from=" + hourFrom + "&to=" + (hourFrom + 3600));
            long[] wholeNanos = new long[20];
            long[] hourNanos = new long[20];
            int bytes = 0;
            for (int run = 0; run < 20; run++) {
                long start = System.nanoTime();
                bytes = http.send(java.net.http.HttpRequest.newBuilder(whole).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body().length;
                wholeNanos[run] = System.nanoTime() - start;
                start = System.nanoTime();
                http.send(java.net.http.HttpRequest.newBuilder(hour).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                hourNanos[run] = System.nanoTime() - start;
            }
            Arrays.sort(wholeNanos);
            Arrays.sort(hourNanos);
            System.out.printf("| plotter serve, a view of 1,000,000 points (1600 columns, 10,000 anomalies) | median **%.0f ms** (%,d bytes); an hour zoomed: median %.0f ms (20 runs each) | -Xmx256m |%n",
                    wholeNanos[10] / 1e6, bytes, hourNanos[10] / 1e6);

            // A hundred open pages, each on the event stream and asking for its view when told, while the logs grow.
            java.util.List<java.util.concurrent.CompletableFuture<?>> pages = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicLong views = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong told = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.ExecutorService viewers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            // The views on a client of their own: one client's hundred endless streams hold up its other answers.
            java.net.http.HttpClient viewClient = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 100; i++) {
                // As app.js: one view in flight per page; news that comes meanwhile asks for one more after it.
                java.util.concurrent.atomic.AtomicInteger wanted = new java.util.concurrent.atomic.AtomicInteger();
                pages.add(http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(address + "api/events")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(line -> {
                            if (line.equals("event: grew")) {
                                told.incrementAndGet();
                            }
                            if (line.equals("event: grew") && wanted.getAndIncrement() == 0) {
                                viewers.submit(() -> {
                                    do {
                                        wanted.set(1);
                                        try {
                                            viewClient.send(java.net.http.HttpRequest.newBuilder(whole).header("Accept-Encoding", "gzip").build(), java.net.http.HttpResponse.BodyHandlers.discarding());
                                            views.incrementAndGet();
                                        } catch (Exception e) {
                                            if (failed.getAndIncrement() == 0) {
                                                System.err.println("vigie-bench: a page's view failed: " + e);
                                            }
                                            wanted.set(0);
                                            return; // a page that could not get its view: not counted
                                        }
                                    } while (wanted.decrementAndGet() > 0);
                                });
                            }
                        })));
            }
            long cpuBefore = server.info().totalCpuDuration().orElse(java.time.Duration.ZERO).toNanos();
            long wallStart = System.nanoTime();
            try (RecordLogWriter r = RecordLogWriter.open(ref, LogMetadata.reference("bench"));
                    RecordLogWriter d = RecordLogWriter.open(det, LogMetadata.detector("bench", "dbscan", 20, Map.of()))) {
                for (int i = points; i < points + 1500; i++) { // 30 s at 50 values/s
                    long t = t0 + i * 100_000L;
                    r.append(t, 50, State.REFERENCE);
                    d.append(t, 50, State.NORMAL);
                    r.flush();
                    d.flush();
                    Thread.sleep(20); // pacing the source at 50 values/s, as a sensor does
                }
            }
            double wall = (System.nanoTime() - wallStart) / 1e9;
            double cpu = (server.info().totalCpuDuration().orElse(java.time.Duration.ZERO).toNanos() - cpuBefore) / 1e9;
            pages.forEach(f -> f.cancel(true));
            viewers.shutdownNow();
            System.out.printf("| plotter serve, 100 open pages while the logs grow by 50 values/s (1,000,000 already) | server CPU **%.0f %%** of one core "
                    + "(%.1f s in %.0f s); %,d events told, %,d views sent, %,d failed | -Xmx256m |%n", 100 * cpu / wall, cpu, wall, told.get(), views.get(), failed.get());
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
