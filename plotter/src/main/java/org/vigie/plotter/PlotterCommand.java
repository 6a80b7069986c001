package org.vigie.plotter;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jfree.chart.ChartFrame;
import org.jfree.chart.JFreeChart;
import org.vigie.common.State;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.LogRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie-plotter}: draws a reference series with a marker at every anomaly and initialising value. */
@Command(name = "vigie-plotter", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class,
        sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        description = {
            "Draws a topic's series (from its reference log, or the first detector log) against a time axis, with a",
            "vertical marker at every value a detector judged an anomaly (DBSCAN red, IsolationForest green, others",
            "their own colour), and a shaded band where a detector was still initialising. Prints a summary per detector.",
            "A live page in the browser instead: vigie-plotter serve LOG... (see serve --help).",
            "Defaults come from config/plotter.properties.",
            ""},
        subcommands = {DumpCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 drawn, 2 bad input (missing or invalid log, no data in the range)."})
public final class PlotterCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOG", arity = "0..*",
            description = "Logs to draw, in any order: the reference log and detector logs are told apart by their own headers.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--reference", paramLabel = "LOG", description = "The producer's reference log of the topic (or give it as a LOG).")
    Path reference;

    @Option(names = "--detector", paramLabel = "LOG", description = "A detector's log; repeat for each detector.")
    List<Path> detectors = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Image to write: a .png, or an .svg for a vector file (other names are refused). Default: <topic>.png")
    Path out;

    @Option(names = "--svg", description = "Write SVG whatever the file name.")
    boolean svg;

    @Option(names = "--show", description = "Open an interactive window (zoom with the mouse, pan with Ctrl-drag).")
    boolean show;

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the time range: 2026-11-23T10:00 (local) or an instant with Z/offset.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the time range, same forms as --from.")
    String to;

    @Option(names = "--title", description = "Chart title. Default: the topic and its detectors.")
    String title;

    @Option(names = "--full-range", description = "Fit the values axis to every value, glitches included; by default it fits the signal's "
            + "middle 99 %% when values lie far beyond it, which run off its edge with the extremes named there.")
    boolean fullRange;

    @Option(names = "--width", defaultValue = "1600", description = "Image width in pixels.")
    int width;

    @Option(names = "--height", defaultValue = "600", description = "Image height in pixels.")
    int height;

    @Option(names = "--follow", description = "Keep drawing as the logs grow (a session still running), until Ctrl-C or SIGTERM; "
            + "with --out, the image is replaced at each refresh (written aside, then renamed), with --show the window redraws.")
    boolean follow;

    @Option(names = "--refresh", defaultValue = "1s", paramLabel = "DURATION", description = "With --follow: how often to draw again (250ms, 1s, 1m...).")
    Duration refresh;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (reference == null && detectors.isEmpty() && logs.isEmpty()) {
            throw new UserError("nothing to draw: give the logs (vigie-plotter data/humidite.ref.vlog data/humidite.dbscan.vlog ...)");
        }
        if (width < 100 || height < 100 || width > 20_000 || height > 20_000) {
            throw new UserError("--width and --height must be between 100 and 20000 pixels");
        }
        if (show && GraphicsEnvironment.isHeadless()) {
            throw new UserError("--show needs a display, and there is none here (no DISPLAY); write a file with --out instead");
        }
        if (follow && (refresh.isNegative() || refresh.isZero())) {
            throw new UserError("--refresh must be positive");
        }
        long lo = from == null ? Long.MIN_VALUE : parseTime(from, "--from");
        long hi = to == null ? Long.MAX_VALUE : parseTime(to, "--to");
        if (lo > hi) {
            throw new UserError("--from is after --to");
        }
        // The reference log, if any, then the detector logs: from the options, and from the arguments by their headers.
        Path referencePath = reference;
        List<Path> detectorPaths = new ArrayList<>(detectors);
        for (Path l : logs) {
            if (FollowedLog.kindOf(l) != LogMetadata.Kind.REFERENCE) {
                detectorPaths.add(l);
            } else if (referencePath == null) {
                referencePath = l;
            } else {
                throw new UserError("two reference logs (" + referencePath + ", " + l + "): give one, and the detector logs of its topic");
            }
        }
        checkOut(referencePath, detectorPaths);
        if (follow) {
            return follow(referencePath, detectorPaths, lo, hi);
        }
        List<LoadedLog> detectorLogs = new ArrayList<>();
        for (Path d : detectorPaths) {
            detectorLogs.add(warn(LoadedLog.read(d)));
        }
        LoadedLog series = referencePath != null ? warn(LoadedLog.read(referencePath)) : detectorLogs.get(0);
        warnOtherTopics(series, detectorLogs);
        if (series.size() == 0) {
            throw new UserError(series.file() + " holds no records: nothing to draw");
        }
        if (from != null || to != null) {
            series = series.between(lo, hi);
            detectorLogs.replaceAll(d -> d.between(lo, hi));
            if (series.size() == 0) {
                throw new UserError("no data between " + (from == null ? "the start" : from) + " and " + (to == null ? "the end" : to));
            }
        }
        JFreeChart chart = chart(series, detectorLogs);
        Path target = target(series);
        ChartRenderer.write(chart, target, asSvg(target), width, height);
        printSummary(series, detectorLogs);
        System.out.println("wrote " + target.toAbsolutePath());
        if (show) {
            showWindow(chart);
        }
        return Cli.ExitCode.OK;
    }

    /**
     * Draws, waits {@code --refresh}, reads what the logs gained, draws again; on Ctrl-C or SIGTERM (or the
     * window closed) reads and draws once more, prints the summary and returns.
     */
    private int follow(Path referencePath, List<Path> detectorPaths, long lo, long hi) throws IOException, InterruptedException {
        List<FollowedLog> followed = new ArrayList<>();
        try {
            FollowedLog ref = referencePath == null ? null : FollowedLog.open(referencePath);
            if (ref != null) {
                followed.add(ref);
            }
            for (Path d : detectorPaths) {
                followed.add(FollowedLog.open(d));
            }
            CountDownLatch stop = new CountDownLatch(1);
            Cli.onStopSignal(stop::countDown);
            Path target = null;
            ChartFrame window = null;
            LoadedLog series = null;
            List<LoadedLog> detectorLogs = List.of();
            int drawn = 0;
            boolean last = false;
            while (true) {
                boolean grew = false;
                for (FollowedLog f : followed) {
                    grew |= f.readNew() > 0;
                }
                if (grew || last) {
                    List<LoadedLog> dets = new ArrayList<>();
                    for (int i = ref == null ? 0 : 1; i < followed.size(); i++) {
                        dets.add(followed.get(i).snapshot().between(lo, hi));
                    }
                    LoadedLog s = (ref != null ? ref.snapshot() : followed.get(0).snapshot()).between(lo, hi);
                    if (s.size() > 0) {
                        if (series == null) {
                            warnOtherTopics(s, dets);
                        }
                        series = s;
                        detectorLogs = dets;
                        JFreeChart chart = chart(series, detectorLogs);
                        if (target == null) {
                            target = target(series);
                        }
                        if (show) {
                            window = redraw(window, chart, stop);
                        } else {
                            writeAtomically(chart, target);
                        }
                        drawn++;
                    }
                }
                if (last) {
                    break;
                }
                last = stop.await(refresh.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
            if (series == null) {
                throw new UserError("the logs held no records" + (from != null || to != null ? " in the range" : "") + ": nothing drawn");
            }
            printSummary(series, detectorLogs);
            System.out.println((show ? "drew " : "wrote ") + (show ? "the window" : target.toAbsolutePath()) + " (" + drawn + " refreshes)");
            return Cli.ExitCode.OK;
        } finally {
            for (FollowedLog f : followed) {
                f.close();
            }
        }
    }

    /** Writes the image beside the target, then renames it over: a viewer never sees half an image. */
    private void writeAtomically(JFreeChart chart, Path target) throws IOException {
        Path tmp = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".tmp");
        ChartRenderer.write(chart, tmp, asSvg(target), width, height);
        java.nio.file.Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private JFreeChart chart(LoadedLog series, List<LoadedLog> detectorLogs) {
        String chartTitle = title != null ? title : series.metadata().topic()
                + (detectorLogs.isEmpty() ? "" : " — " + String.join(", ", detectorLogs.stream().map(d -> d.metadata().algorithm()).toList()));
        checkDrawable(series);
        return ChartRenderer.chart(chartTitle, series, detectorLogs, width, fullRange);
    }

    /** The first and last years the time axis draws (java.util.Date's calendar; past them its ticks run away). */
    private static final long FIRST_DRAWN_MICROS = LogRecord.micros(Instant.parse("0001-01-01T00:00:00Z"));
    private static final long LAST_DRAWN_MICROS = LogRecord.micros(Instant.parse("9999-12-31T23:59:59Z"));

    /**
     * A series the chart can draw: times within years 1 to 9999, values whose span is a finite number (a log
     * is data: a crafted or extreme one gets a line, not a renderer's exception). Both from a log's records.
     */
    static void checkDrawable(LoadedLog series) {
        long[] t = series.timesMicros();
        double[] v = series.values();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            first = Math.min(first, t[i]);
            last = Math.max(last, t[i]);
            if (Double.isFinite(v[i])) {
                lo = Math.min(lo, v[i]);
                hi = Math.max(hi, v[i]);
            }
        }
        if (first < FIRST_DRAWN_MICROS || last > LAST_DRAWN_MICROS) {
            throw new UserError(series.file() + ": times outside the years 1 to 9999 (" + LogRecord.instant(first) + " to " + LogRecord.instant(last)
                    + "), which the time axis cannot draw: choose a range with --from and --to");
        }
        if (lo <= hi && !Double.isFinite((hi - lo) * 2)) {
            throw new UserError(series.file() + ": values from " + lo + " to " + hi + " span more than the value axis can draw: "
                    + "choose a range without the extreme ones with --from and --to");
        }
    }

    /** {@code --out} must be an image of its own: not a folder, not one of the logs drawn. */
    private void checkOut(Path referencePath, List<Path> detectorPaths) {
        if (out == null) {
            return;
        }
        if (java.nio.file.Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a folder: name the image file to write");
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            // Its bytes would be a PNG or an SVG whatever the name says: a viewer that trusts the name fails.
            throw new UserError("--out " + out + ": the plotter writes .png or .svg images; name the file so");
        }
        if (svg && name.endsWith(".png")) {
            throw new UserError("--out " + out + " with --svg: name the file .svg");
        }
        List<Path> inputs = new ArrayList<>(detectorPaths);
        if (referencePath != null) {
            inputs.add(referencePath);
        }
        for (Path in : inputs) {
            if (Cli.sameFile(out, in)) {
                throw new UserError("--out " + out + " is one of the logs to draw: name another file");
            }
        }
    }

    /**
     * A file name from a log's topic: a log is data, so only the characters a Kafka topic may hold are kept
     * (the rest become '_'), and no leading dot: never a path, never outside the working folder.
     */
    static String safeName(String topic) {
        String name = topic.replaceAll("[^A-Za-z0-9._-]", "_").replaceFirst("^\\.+", "");
        return name.isEmpty() ? "series" : name;
    }

    /** {@code --out}, or {@code <topic>.png} (.svg with --svg) in the working folder; its folder made. */
    private Path target(LoadedLog series) throws IOException {
        Path target = out != null ? out : Path.of(safeName(series.metadata().topic()) + (svg ? ".svg" : ".png"));
        if (target.toAbsolutePath().getParent() != null) {
            java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
        }
        return target;
    }

    private boolean asSvg(Path target) {
        return svg || target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
    }

    private static void warnOtherTopics(LoadedLog series, List<LoadedLog> detectorLogs) {
        for (LoadedLog d : detectorLogs) {
            if (!d.metadata().topic().equals(series.metadata().topic())) {
                System.err.println("warning: " + d.file() + " is of topic " + d.metadata().topic() + ", the series of " + series.metadata().topic());
            }
        }
    }

    /** Shows {@code chart} in the window (opened the first time; closing it stops following). */
    private static ChartFrame redraw(ChartFrame window, JFreeChart chart, CountDownLatch stop) throws InterruptedException {
        if (window != null) {
            javax.swing.SwingUtilities.invokeLater(() -> window.getChartPanel().setChart(chart));
            return window;
        }
        ChartFrame[] made = new ChartFrame[1];
        try {
            javax.swing.SwingUtilities.invokeAndWait(() -> {
                ChartFrame frame = new ChartFrame("vigie-plotter (following)", chart);
                frame.getChartPanel().setMouseWheelEnabled(true);
                frame.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
                frame.addWindowListener(new java.awt.event.WindowAdapter() {
                    @Override
                    public void windowClosed(java.awt.event.WindowEvent e) {
                        stop.countDown();
                    }
                });
                frame.pack();
                frame.setVisible(true);
                made[0] = frame;
            });
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
        return made[0];
    }

    private static LoadedLog warn(LoadedLog log) {
        if (log.warning() != null) {
            System.err.println("warning: " + log.warning());
        }
        return log;
    }

    private static void printSummary(LoadedLog series, List<LoadedLog> detectors) {
        System.out.printf("series %s: %d values, %s%n", series.metadata().label(), series.size(), span(series));
        ClockLines.of(series.file()).forEach(System.out::println);
        for (LoadedLog d : detectors) {
            long anomalies = d.count(State.ANOMALY);
            long judged = d.size() - d.count(State.INITIALISING);
            System.out.printf("%s: %d records, %d initialising, %d normal, %d anomalies (%.2f%% of judged), %s%n",
                    d.metadata().label(), d.size(), d.count(State.INITIALISING), d.count(State.NORMAL), anomalies,
                    judged == 0 ? 0.0 : 100.0 * anomalies / judged, span(d));
        }
    }

    private static String span(LoadedLog log) {
        if (log.size() == 0) {
            return "no records";
        }
        Instant a = new LogRecord(log.timesMicros()[0], 0, State.REFERENCE).time();
        Instant b = new LogRecord(log.timesMicros()[log.size() - 1], 0, State.REFERENCE).time();
        return "from " + a + " to " + b + " (" + Duration.between(a, b).toString().substring(2).toLowerCase(Locale.ROOT) + ")";
    }

    static long parseTime(String text, String option) {
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                t = LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant();
            } catch (java.time.DateTimeException e2) {
                throw new UserError(option + ": not a time: '" + text + "' (use 2026-11-23T10:00 or 2026-11-23T10:00:00Z)");
            }
        }
        try {
            return LogRecord.micros(t);
        } catch (ArithmeticException e) {
            // Microseconds since 1970 in a long: about 292,000 years either way.
            throw new UserError(option + ": " + text + " is further from 1970 than a log's times can be (about 292,000 years)");
        }
    }

    private static void showWindow(JFreeChart chart) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        javax.swing.SwingUtilities.invokeLater(() -> {
            ChartFrame frame = new ChartFrame("vigie-plotter", chart);
            frame.getChartPanel().setMouseWheelEnabled(true);
            frame.addWindowListener(new java.awt.event.WindowAdapter() {
                @Override
                public void windowClosed(java.awt.event.WindowEvent e) {
                    closed.countDown();
                }
            });
            frame.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
            frame.pack();
            frame.setVisible(true);
        });
        closed.await();
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new PlotterCommand(), args));
    }
}
