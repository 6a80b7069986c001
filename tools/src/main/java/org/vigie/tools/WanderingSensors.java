package org.vigie.tools;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sensors whose noise wanders (AR(1)), which {@code shared/sensors} does not make (its noise is white), with faults
 * planted inside the noise's range, in the sensor suite's layout: {@code DIR/data/wandering/*.csv},
 * {@code DIR/labels/combined_windows.json} and {@code DIR/faults.json}, which {@code vigie-detector evaluate} scores by
 * kind (issue 28: a jump inside autocorrelated noise is invisible to a forest with no lag).
 */
@Command(name = "wandering-sensors", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class, sortOptions = false,
        description = {"Writes 8 sensor series whose noise wanders (AR(1) of coefficient 0.9 to 0.99, on a daily cycle, every 10 s, to 0.01),",
            "each with a fault 700 to 1,199 readings after the last one ended, a glitch (one reading) and a step (150 readings) in turn, up or down,",
            "inside the noise's range, in the sensor suite's layout: DIR/data/wandering/, DIR/labels/combined_windows.json and",
            "DIR/faults.json. `vigie-detector evaluate` scores the faults found by kind (spike, shift)."})
public final class WanderingSensors implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Seed: the same seed writes the same series.")
    long seed;

    @Option(names = "--out", required = true, description = "Folder to write into (made if missing).")
    Path out;

    @Option(names = "--size", defaultValue = "3", description = "A fault's size, in the noise's marginal standard deviations.")
    double size;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter WINDOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final LocalDateTime START = LocalDateTime.of(2026, 3, 1, 0, 0);
    private static final double[] PHI = {0.9, 0.95, 0.97, 0.99, 0.9, 0.95, 0.97, 0.99};
    static final int READINGS = 12_000;
    private static final int INTERVAL_S = 10;
    private static final double INNOVATION = 0.05;
    /** A step's length: within the 200 readings the scorer leaves a shift, so its return is not counted a false alarm. */
    static final int STEP_READINGS = 150;

    /** One planted fault: its series (as the labels name it), kind, first row and length in rows. */
    record Fault(String file, String kind, int row, int rows) {}

    @Override
    public Integer call() throws IOException {
        Map<String, List<Fault>> bySeries = new LinkedHashMap<>();
        for (int f = 0; f < PHI.length; f++) {
            double phi = PHI[f];
            String name = String.format(Locale.ROOT, "wandering/%d-%02d-ar%d-10s.csv", seed, f, Math.round(phi * 100));
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + f);
            double marginal = INNOVATION / Math.sqrt(1 - phi * phi);
            double[] v = new double[READINGS];
            double x = 0;
            for (int i = 0; i < READINGS; i++) {
                x = phi * x + INNOVATION * r.nextGaussian();
                v[i] = 20 + 2 * Math.sin(2 * Math.PI * i * INTERVAL_S / 86_400.0) + x;
            }
            List<Fault> faults = new ArrayList<>();
            boolean glitch = r.nextBoolean();
            for (int at = 1_500 + r.nextInt(500); at < READINGS - 400; glitch = !glitch) {
                double jump = (r.nextBoolean() ? 1 : -1) * size * marginal;
                int rows = glitch ? 1 : STEP_READINGS;
                for (int i = at; i < at + rows; i++) {
                    v[i] += jump;
                }
                faults.add(new Fault(name, glitch ? "spike" : "shift", at, rows));
                at += rows + 700 + r.nextInt(500);
            }
            Path file = out.resolve("data").resolve(name);
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("timestamp,value\n");
                for (int i = 0; i < READINGS; i++) {
                    w.write(time(i).format(TIME) + "," + String.format(Locale.ROOT, "%.2f", v[i]) + "\n");
                }
            }
            bySeries.put(name, faults);
        }
        StringBuilder labels = new StringBuilder("{\n");
        StringBuilder list = new StringBuilder("[\n");
        int s = 0;
        int n = 0;
        int total = bySeries.values().stream().mapToInt(List::size).sum();
        for (var e : bySeries.entrySet()) {
            labels.append("  \"").append(e.getKey()).append("\": [");
            for (int k = 0; k < e.getValue().size(); k++) {
                Fault fault = e.getValue().get(k);
                // A fault's window, as the sensor suite's: two readings before it to fifty after.
                String window = "[\"" + time(Math.max(0, fault.row() - 2)).format(WINDOW) + "\", \"" + time(Math.min(READINGS - 1, fault.row() + 50)).format(WINDOW) + "\"]";
                labels.append(k == 0 ? "\n    " : ",\n    ").append(window);
                list.append(String.format(Locale.ROOT, "  {\"file\": \"%s\", \"kind\": \"%s\", \"row\": %d, \"rows\": %d, \"window\": %s}%s%n",
                        fault.file(), fault.kind(), fault.row(), fault.rows(), window, ++n < total ? "," : ""));
            }
            labels.append(e.getValue().isEmpty() ? "]" : "\n  ]").append(++s < bySeries.size() ? ",\n" : "\n");
        }
        Path labelsFile = out.resolve("labels").resolve("combined_windows.json");
        Files.createDirectories(labelsFile.getParent());
        Files.writeString(labelsFile, labels.append("}\n"));
        Files.writeString(out.resolve("faults.json"), list.append("]\n"));
        System.out.printf("%d series, %d faults of %s marginal deviations, in %s%n", bySeries.size(), total, size, out.toAbsolutePath());
        return Cli.ExitCode.OK;
    }

    private static LocalDateTime time(int i) {
        return START.plusSeconds((long) i * INTERVAL_S);
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new WanderingSensors(), args));
    }
}
