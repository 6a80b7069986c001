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
            "their own colour) and every value still initialising (black). Prints a summary per detector.",
            "Defaults come from config/plotter.properties.",
            ""},
        subcommands = DumpCommand.class,
        footer = {"", "Exit codes: 0 drawn, 2 bad input (missing or invalid log, no data in the range)."})
public final class PlotterCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOG", arity = "0..*",
            description = "Logs to draw, in any order: the reference log and detector logs are told apart by their own headers.")
    List<Path> logs = new ArrayList<>();

    @Option(names = "--reference", paramLabel = "LOG", description = "The producer's reference log of the topic (or give it as a LOG).")
    Path reference;

    @Option(names = "--detector", paramLabel = "LOG", description = "A detector's log; repeat for each detector.")
    List<Path> detectors = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Image to write: .png, or .svg for a vector file. Default: <topic>.png")
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

    @Option(names = "--width", defaultValue = "1600", description = "Image width in pixels.")
    int width;

    @Option(names = "--height", defaultValue = "600", description = "Image height in pixels.")
    int height;

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
        List<LoadedLog> detectorLogs = new ArrayList<>();
        for (Path d : detectors) {
            detectorLogs.add(warn(LoadedLog.read(d)));
        }
        LoadedLog referenceLog = reference != null ? warn(LoadedLog.read(reference)) : null;
        for (Path l : logs) {
            LoadedLog log = warn(LoadedLog.read(l));
            if (log.metadata().kind() != LogMetadata.Kind.REFERENCE) {
                detectorLogs.add(log);
            } else if (referenceLog == null) {
                referenceLog = log;
            } else {
                throw new UserError("two reference logs (" + referenceLog.file() + ", " + l + "): give one, and the detector logs of its topic");
            }
        }
        LoadedLog series = referenceLog != null ? referenceLog : detectorLogs.get(0);
        for (LoadedLog d : detectorLogs) {
            if (!d.metadata().topic().equals(series.metadata().topic())) {
                System.err.println("warning: " + d.file() + " is of topic " + d.metadata().topic() + ", the series of " + series.metadata().topic());
            }
        }
        if (series.size() == 0) {
            throw new UserError(series.file() + " holds no records: nothing to draw");
        }
        long lo = from == null ? Long.MIN_VALUE : parseTime(from, "--from");
        long hi = to == null ? Long.MAX_VALUE : parseTime(to, "--to");
        if (lo > hi) {
            throw new UserError("--from is after --to");
        }
        if (from != null || to != null) {
            series = series.between(lo, hi);
            detectorLogs.replaceAll(d -> d.between(lo, hi));
            if (series.size() == 0) {
                throw new UserError("no data between " + (from == null ? "the start" : from) + " and " + (to == null ? "the end" : to));
            }
        }
        String chartTitle = title != null ? title : series.metadata().topic()
                + (detectorLogs.isEmpty() ? "" : " — " + String.join(", ", detectorLogs.stream().map(d -> d.metadata().algorithm()).toList()));
        JFreeChart chart = ChartRenderer.chart(chartTitle, series, detectorLogs, width);
        Path target = out != null ? out : Path.of(series.metadata().topic() + (svg ? ".svg" : ".png"));
        boolean asSvg = svg || target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
        if (target.toAbsolutePath().getParent() != null) {
            java.nio.file.Files.createDirectories(target.toAbsolutePath().getParent());
        }
        ChartRenderer.write(chart, target, asSvg, width, height);
        printSummary(series, detectorLogs);
        System.out.println("wrote " + target);
        if (show) {
            showWindow(chart);
        }
        return Cli.ExitCode.OK;
    }

    private static LoadedLog warn(LoadedLog log) {
        if (log.warning() != null) {
            System.err.println("warning: " + log.warning());
        }
        return log;
    }

    private static void printSummary(LoadedLog series, List<LoadedLog> detectors) {
        System.out.printf("series %s: %d values, %s%n", series.metadata().label(), series.size(), span(series));
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
        try {
            return LogRecord.micros(Instant.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return LogRecord.micros(LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant());
            } catch (DateTimeParseException e2) {
                throw new UserError(option + ": not a time: '" + text + "' (use 2026-11-23T10:00 or 2026-11-23T10:00:00Z)");
            }
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
