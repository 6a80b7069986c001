package org.vigie.tools;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sensor streams with nothing wrong in them, in NAB's layout (one folder per regime, labels with no window),
 * to measure false alarms per day of sensor time across reading rates and sensor shapes (issue 28):
 * {@code vigie-detector evaluate --data DIR/data --labels DIR/labels/combined_windows.json}.
 */
@Command(name = "normal-streams", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class, sortOptions = false,
        description = {"Writes sensor streams with nothing wrong in them, one folder per regime (reading rate or sensor shape), in NAB's layout:",
            "DIR/data/<regime>/<regime>-<seed>.csv and DIR/labels/combined_windows.json (no window). `vigie-detector evaluate` scores",
            "them as false alarms per day of sensor time, by regime."})
public final class NormalStreams implements Callable<Integer> {

    @Option(names = "--seed", defaultValue = "1", description = "Seed: the same seed writes the same streams.")
    long seed;

    @Option(names = "--out", required = true, description = "Folder to write into (made if missing).")
    Path out;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final LocalDateTime START = LocalDateTime.of(2026, 3, 2, 0, 0);
    private static final long DAY_MS = 86_400_000L;

    /** A regime: its name, its reading interval, how long it runs, and its values. */
    record Regime(String name, long intervalMs, long durationMs, Shape shape) {
        int readings() {
            return (int) (durationMs / intervalMs);
        }
    }

    /** The value of reading {@code i}, taken at {@code t} days since the start. */
    interface Shape {
        double value(int i, double days, SplittableRandom r, double[] state);
    }

    /** Days (6 hours) over which a temperature's drift forgets itself, whatever the reading rate. */
    private static final double DRIFT_DAYS = 0.25;

    /**
     * A temperature read to 0.1 every {@code intervalMs}: a daily cycle of 3 degrees, a drift of 0.3 degrees that
     * forgets itself over 6 hours of sensor time (the same weather at any reading rate), noise of 0.1.
     */
    private static Shape temperature(long intervalMs) {
        double decay = Math.exp(-(double) intervalMs / DAY_MS / DRIFT_DAYS);
        double step = 0.3 * Math.sqrt(1 - decay * decay);
        return (i, days, r, state) -> {
            state[0] = state[0] * decay + step * r.nextGaussian();
            double v = 21 + 3 * Math.sin(2 * Math.PI * (days - 0.3)) + state[0] + r.nextGaussian() * 0.1;
            return Math.round(v * 10) / 10.0;
        };
    }

    static List<Regime> regimes() {
        return List.of(
                new Regime("every-100ms", 100, DAY_MS / 8, temperature(100)),
                new Regime("every-1s", 1_000, DAY_MS, temperature(1_000)),
                new Regime("every-2s", 2_000, 2 * DAY_MS, temperature(2_000)),
                new Regime("every-1min", 60_000, 30 * DAY_MS, temperature(60_000)),
                new Regime("every-5min", 300_000, 60 * DAY_MS, temperature(300_000)),
                new Regime("every-1h", 3_600_000, 730 * DAY_MS, temperature(3_600_000)),
                // A rain gauge: tips counted per minute, showers of an hour or two a few times a week.
                new Regime("counts", 60_000, 30 * DAY_MS, (i, days, r, s) -> {
                    if (s[1] <= 0 && r.nextInt(2_000) == 0) {
                        s[1] = 60 + r.nextInt(120);
                        s[2] = 1 + 4 * r.nextDouble();
                    }
                    s[1]--;
                    return s[1] > 0 ? poisson(s[2], r) : 0;
                }),
                // A fridge's current at 1 s: the compressor on for 150 to 450 readings (1.2 A), off twice as long (0.05 A).
                new Regime("on-off", 1_000, DAY_MS, (i, days, r, s) -> {
                    if (--s[1] <= 0) {
                        s[2] = s[2] > 0 ? 0 : 1;
                        s[1] = s[2] > 0 ? 150 + r.nextInt(300) : 300 + r.nextInt(600);
                    }
                    return Math.round(((s[2] > 0 ? 1.2 : 0.05) + r.nextGaussian() * 0.02) * 100) / 100.0;
                }),
                // A motion sensor read every second: 0, with bursts of 1 a few times an hour by day.
                new Regime("motion", 1_000, DAY_MS, (i, days, r, s) -> {
                    double hour = (days % 1) * 24;
                    boolean day = hour > 7 && hour < 23;
                    if (s[1] <= 0 && r.nextInt(day ? 600 : 6_000) == 0) {
                        s[1] = 5 + r.nextInt(60);
                    }
                    s[1]--;
                    return s[1] > 0 ? 1 : 0;
                }),
                // A differential pressure read to 0.01 around 0: a slow wave and noise.
                new Regime("around-0", 10_000, 7 * DAY_MS,
                        (i, days, r, s) -> Math.round((0.3 * Math.sin(2 * Math.PI * days * 3) + r.nextGaussian() * 0.04) * 100) / 100.0));
    }

    private static int poisson(double mean, SplittableRandom r) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    @Override
    public Integer call() throws IOException {
        List<String> names = new ArrayList<>();
        for (Regime g : regimes()) {
            String name = g.name() + "-" + seed;
            Path file = out.resolve("data").resolve(g.name()).resolve(name + ".csv");
            Files.createDirectories(file.getParent());
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + g.name().hashCode());
            double[] state = new double[3];
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("timestamp,value\n");
                for (int i = 0; i < g.readings(); i++) {
                    long ms = i * g.intervalMs();
                    double v = g.shape().value(i, (double) ms / DAY_MS, r, state);
                    w.write(START.plusNanos(ms * 1_000_000L).format(TIME) + "," + v + "\n");
                }
            }
            names.add(g.name() + "/" + name + ".csv");
        }
        Path labels = out.resolve("labels").resolve("combined_windows.json");
        Files.createDirectories(labels.getParent());
        StringBuilder json = new StringBuilder("{\n");
        for (int i = 0; i < names.size(); i++) {
            json.append("  \"").append(names.get(i)).append("\": []").append(i + 1 < names.size() ? ",\n" : "\n");
        }
        Files.writeString(labels, json.append("}\n"));
        System.out.printf("%d streams with nothing wrong in them in %s%n", names.size(), out.toAbsolutePath());
        return Cli.ExitCode.OK;
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new NormalStreams(), args));
    }
}
