package org.vigie.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.Samples;
import org.vigie.common.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A simulated Arduino on a virtual serial port: two sensors (humidite, temperature) replayed from recorded
 * series at a steady rate, with anomalies planted at known places, a few malformed lines, and optionally
 * one unplug and replug. {@code bin/vigie-simulate}; the demo and the end-to-end test use it.
 */
@Command(name = "vigie-simulate", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class, sortOptions = false, usageHelpWidth = 110,
        showDefaultValues = true, description = {
            "Plays an Arduino on a virtual serial port (a pseudo-terminal: no hardware needed), printing humidite!<value> and "
                    + "temperature!<value> lines. Point vigie-producer --port at the path it prints.", ""})
public final class ArduinoSimulator implements Callable<Integer> {

    /**
     * One simulated sensor: a topic, its recorded values, the value its chip sends when a read fails (a DS18B20's
     * -127 °C), and its noise (the standard deviation of a reading about the last, over the square root of 2).
     */
    record Sensor(String topic, double[] values, double errorValue, double noise) {
        Sensor(String topic, double[] values, double errorValue) {
            this(topic, values, errorValue, noiseOf(values));
        }
    }

    /** What goes wrong with a sensor, planted in turn: what real sensors do, not what is easy to see. */
    enum Fault {
        /** The chip's error value, once (a failed read). */
        ERROR_VALUE,
        /** One reading {@link #GLITCH_NOISES} times the sensor's noise above the next (a contact, a spike on the supply). */
        SMALL_GLITCH_UP,
        /** The reading stuck for {@link #FROZEN_READINGS} readings (a sensor that stopped converting). */
        FROZEN,
        /** One reading {@link #GLITCH_NOISES} times the noise below. */
        SMALL_GLITCH_DOWN;

        /** Readings it spans. */
        int length() {
            return this == FROZEN ? FROZEN_READINGS : 1;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A small glitch's size, in the sensor's noise: plain to see on the plot, well inside the sensor's range. */
    static final double GLITCH_NOISES = 8;
    /** A frozen reading's length: 4 s at the demo's 25 readings a second a sensor. */
    static final int FROZEN_READINGS = 100;

    @Option(names = "--port", defaultValue = "data/ttyVIGIE", description = "Path of the virtual port (a symlink, made here).")
    Path port;

    @Option(names = "--rate", defaultValue = "50", description = "Lines per second, both sensors together.")
    double rate;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this long (0: until Ctrl-C).")
    double seconds;

    @Option(names = "--plant-every", defaultValue = "250", description = "Plant a fault every N values of each sensor, in turn: "
            + "its error value (-127 °C, 0 %%), a small glitch up (8 times its noise), a frozen reading (100 readings), a small glitch down.")
    int plantEvery;

    @Option(names = "--plant-from", defaultValue = "2050", description = "The first fault at this value of each sensor: a detector "
            + "learns a sensor read this fast for a memory's length of readings (2,000) before it flags anything.")
    int plantFrom;

    @Option(names = "--bad-every", defaultValue = "97", description = "Write a malformed line every N lines (0: never).")
    int badEvery;

    @Option(names = "--unplug-at", defaultValue = "-1", description = "Unplug after this many seconds, for 2 s (negative: never).")
    double unplugAt;

    @Option(names = "--manifest", description = "Write the planted faults here, as CSV: topic,index,value,fault,readings (the index of its first reading, its first value).")
    Path manifest;

    @Option(names = "--data", description = "Folder of the recorded series (NAB's layout). Default: the NAB sample shipped with Vigie (samples/nab/data of a release, src-test-data/nab/data of a clone).")
    Path data;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    /**
     * Ctrl-C or SIGTERM: the loop stops at its next line. A write blocks when nobody has read the port for a
     * while (its buffer full, as a real board's would be), and the loop with it: then, after a few seconds,
     * the simulator removes its port and ends without that line.
     */
    private void stopSoon() {
        stop.countDown();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!finished.await(3, TimeUnit.SECONDS)) {
                    System.err.println("vigie-simulate: nobody reads " + port + " and its last line waits for a reader: stopping without it");
                    Files.deleteIfExists(port.toAbsolutePath());
                    System.exit(0);
                }
            } catch (InterruptedException | IOException e) {
                System.exit(0);
            }
        });
    }

    /** The k-th fault planted (from 0): the kinds in turn. */
    static Fault fault(int k) {
        return Fault.values()[k % Fault.values().length];
    }

    /** The standard deviation of a reading about the one before, over the square root of 2: the sensor's own noise. */
    static double noiseOf(double[] values) {
        double sum = 0;
        double squares = 0;
        int n = values.length - 1;
        for (int i = 1; i < values.length; i++) {
            double d = values[i] - values[i - 1];
            sum += d;
            squares += d * d;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(0, squares / n - mean * mean) / 2);
    }

    /** Readings between two faults at least: a frozen reading's 100, then the 50 after it its flags are counted in, and more. */
    static final int MIN_PLANT_EVERY = 200;

    @Override
    public Integer call() throws Exception {
        if (plantEvery != 0 && plantEvery < MIN_PLANT_EVERY) {
            throw new UserError("--plant-every must be 0 (no faults) or at least " + MIN_PLANT_EVERY + ": a frozen reading lasts "
                    + FROZEN_READINGS + " readings, and a fault's flags are counted up to 50 after it");
        }
        if (data == null) {
            data = Samples.nabData();
        }
        if (!Files.isDirectory(data)) {
            System.err.println("vigie-simulate: no recorded series in " + data + " (give --data FOLDER, NAB's layout)");
            return 2;
        }
        List<Sensor> sensors = List.of(
                // A daily humidity-like curve, 40-60 %; its chip reads 0 % when a read fails.
                new Sensor("humidite", rescale(read(data.resolve("artificialNoAnomaly/art_daily_small_noise.csv")), 18, 88, 40, 60), 0),
                // A room's temperature, Fahrenheit to Celsius, 14-30 °C.
                new Sensor("temperature", celsius(read(data.resolve("realKnownCause/ambient_temperature_system_failure.csv"))), -127));
        Cli.onStopSignal(this::stopSoon);
        Files.createDirectories(port.toAbsolutePath().getParent());
        try (VirtualSerialPort vp = open(port);
                PrintWriter planted = manifest == null ? null : new PrintWriter(Files.newBufferedWriter(manifest, StandardCharsets.UTF_8), true)) {
            if (planted != null) {
                planted.println("topic,index,value,fault,readings");
            }
            System.out.println("simulated Arduino on " + vp.path() + " (" + vp.device() + "), " + rate + " lines/s");
            System.out.flush();
            long periodNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            long next = start;
            boolean unplugged = false;
            int[] index = new int[sensors.size()];
            int[] frozenUntil = new int[sensors.size()]; // a frozen reading: its value repeated up to this index
            double[] frozenAt = new double[sensors.size()];
            for (long line = 0; ; line++) {
                long elapsed = System.nanoTime() - start;
                if (seconds > 0 && elapsed > seconds * 1e9) {
                    break;
                }
                if (!unplugged && unplugAt >= 0 && elapsed > unplugAt * 1e9) {
                    unplugged = true;
                    vp.unplug();
                    System.out.println("unplugged for 2 s");
                    if (stop.await(2, TimeUnit.SECONDS)) {
                        break;
                    }
                    vp.plug();
                    System.out.println("plugged back in");
                    next = System.nanoTime();
                }
                if (badEvery > 0 && line % badEvery == badEvery - 1) {
                    vp.writeLine(BAD[(int) (line / badEvery) % BAD.length]);
                } else {
                    int s = (int) (line % sensors.size());
                    Sensor sensor = sensors.get(s);
                    int i = index[s]++;
                    double v = sensor.values()[i % sensor.values().length];
                    if (plantEvery > 0 && i >= plantFrom && (i - plantFrom) % plantEvery == 0) {
                        Fault f = fault((i - plantFrom) / plantEvery);
                        v = switch (f) {
                            case ERROR_VALUE -> sensor.errorValue();
                            case SMALL_GLITCH_UP -> v + GLITCH_NOISES * sensor.noise();
                            case SMALL_GLITCH_DOWN -> v - GLITCH_NOISES * sensor.noise();
                            case FROZEN -> v;
                        };
                        if (f == Fault.FROZEN) {
                            frozenUntil[s] = i + f.length();
                            frozenAt[s] = v;
                        }
                        if (planted != null) {
                            planted.println(sensor.topic() + "," + i + "," + format(v) + "," + f.label() + "," + f.length());
                        }
                    } else if (i < frozenUntil[s]) {
                        v = frozenAt[s];
                    }
                    String text = format(v);
                    vp.writeLine(sensor.topic() + "!" + text);
                }
                next += periodNanos;
                long wait = next - System.nanoTime();
                if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
                if (stop.getCount() == 0) {
                    break;
                }
            }
            System.out.println("simulated Arduino stopped after " + (index[0] + index[1]) + " readings");
        }
        return Cli.ExitCode.OK;
    }

    private static final String[] BAD = {"humidite45.2", "temp erature!21.5", "humidite!12,5", "humidite!nan"};

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static double[] read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<Double> values = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                values.add(Double.parseDouble(l.substring(l.indexOf(',') + 1).strip()));
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] rescale(double[] v, double fromLo, double fromHi, double toLo, double toHi) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = toLo + (v[i] - fromLo) / (fromHi - fromLo) * (toHi - toLo);
        }
        return out;
    }

    private static double[] celsius(double[] fahrenheit) {
        double[] out = new double[fahrenheit.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (fahrenheit[i] - 32) * 5 / 9;
        }
        return out;
    }

    public static void main(String[] args) {
        ArduinoSimulator simulator = new ArduinoSimulator();
        int exit = Cli.execute(simulator, args);
        simulator.finished.countDown();
        System.exit(exit);
    }

    private static VirtualSerialPort open(Path port) throws IOException {
        try {
            return VirtualSerialPort.create(port);
        } catch (VirtualSerialPort.InUse e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
