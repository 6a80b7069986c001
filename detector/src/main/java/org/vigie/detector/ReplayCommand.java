package org.vigie.detector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.RecordLogWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigie.engine.Decision;
import org.vigie.engine.Detector;
import org.vigie.engine.DetectorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigie-detector replay}: the detector's engine on a recorded CSV, no Kafka. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        description = {"Runs the detector on a CSV of timestamp,value rows (NAB's format) and writes a record log and/or a CSV "
            + "timestamp,value,state,score,raw with one row per input row, in order (score: calibrated, in [0, 1]; raw: the "
            + "model's own measure).", "The same settings and seed give the same output, byte for byte."})
final class ReplayCommand implements Callable<Integer> {

    @Mixin
    SettingsOptions options;

    @Option(names = "--input", required = true, paramLabel = "CSV", description = "The series: timestamp,value rows after a header.")
    Path input;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "UTC",
            description = "The time zone the CSV's times were written in (times ending in Z are UTC whatever it says), as a region "
                    + "such as Europe/Paris: the hour that daylight saving's end repeats then reads in order.")
    java.time.ZoneId zone;

    @Option(names = "--log", paramLabel = "FILE", description = "Record log to write (a new file).")
    Path log;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV to write: timestamp,value,state,score,raw.")
    Path csv;

    @Override
    public Integer call() throws IOException {
        if (log == null && csv == null) {
            throw new UserError("say where to write: --log FILE and/or --csv FILE");
        }
        if (log != null && Files.exists(log)) {
            throw new UserError(log + " exists: replay writes a new log");
        }
        if (csv != null && (Files.isDirectory(csv) || Cli.sameFile(csv, input) || log != null && Cli.sameFile(csv, log))) {
            throw new UserError("--csv " + csv + (Files.isDirectory(csv) ? " is a folder" : " is " + (Cli.sameFile(csv, input) ? "the input" : "the log"))
                    + ": name another file to write");
        }
        DetectorSettings s = options.settings(); // bad settings are told before the input is read
        SeriesCsv series = SeriesCsv.read(input, zone);
        String topic = input.getFileName().toString().replaceFirst("\\.csv$", "");
        long seed = options.seedFor(topic, 0);
        long[] micros = series.micros();
        Decision[] decisions = Detector.create(s, seed).judgeAll(micros, series.values());
        long anomalies = 0;
        Map<String, String> parameters = new LinkedHashMap<>(s.parameters());
        parameters.put("seed", Long.toString(seed));
        try (RecordLogWriter w = log == null ? null : RecordLogWriter.open(log, LogMetadata.detector(topic, s.algorithm().id(), s.features().window(), parameters));
                BufferedWriter out = csv == null ? null : Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            if (out != null) {
                out.write("timestamp,value,state,score,raw\n");
            }
            for (int i = 0; i < series.size(); i++) {
                double v = series.values()[i];
                Decision d = decisions[i];
                anomalies += d.anomaly() ? 1 : 0;
                if (w != null) {
                    w.append(micros[i], v, LogState.of(d.state()));
                }
                if (out != null) {
                    out.write(SeriesCsv.formatTime(series.times().get(i)) + "," + v + "," + LogState.of(d.state()).code() + ","
                            + (d.evidence() == null ? "," : d.score() + "," + d.evidence().raw()) + "\n");
                }
            }
        }
        System.out.printf("%s: %d values, %d anomalies (%s, seed %d)%n", input, series.size(), anomalies, s.parameters(), seed);
        String steps = series.clockSteps();
        if (steps != null) {
            System.out.println(input + ": " + steps);
        }
        String gaps = series.gaps();
        if (gaps != null) {
            System.out.println(input + ": " + gaps);
        }
        if (csv != null) {
            System.out.println("wrote " + csv.toAbsolutePath());
        }
        if (log != null) {
            System.out.println("wrote " + log.toAbsolutePath());
        }
        return Cli.ExitCode.OK;
    }
}
