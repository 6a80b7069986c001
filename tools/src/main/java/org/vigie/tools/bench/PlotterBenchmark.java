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
    }
}
