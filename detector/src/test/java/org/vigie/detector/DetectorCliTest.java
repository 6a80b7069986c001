package org.vigie.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.tools.Probe;
import org.vigie.testkit.CommandRun;

/** The command line without Kafka: replay, evaluate, and what bad input gets. */
class DetectorCliTest {

    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(new DetectorCommand(), args);
    }

    /** 600 rows of humidity-like noise, five minutes apart, with a spike at row 400. */
    private Path series() throws IOException {
        Random r = new Random(5);
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < 600; i++) {
            double v = i == 400 ? 70 : 45 + r.nextGaussian();
            rows.add(String.format(Locale.ROOT, "2026-11-%02d %02d:%02d:00,%.2f", 1 + i / 288, i % 288 / 12, i % 12 * 5, v));
        }
        Path csv = dir.resolve("humidite.csv");
        Files.write(csv, rows);
        return csv;
    }

    /**
     * Issue 29: a 5-minute series whose clock steps back an hour (as NAB's machine_temperature file does by 55
     * minutes) replays: every row judged in the order it came, its time kept, and one line says where and by how much.
     */
    @Test
    void aClockThatStepsBackIsJudgedInArrivalOrderAndSaidOnce() throws IOException {
        Random r = new Random(6);
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2026, 10, 24, 0, 0);
        for (int i = 0; i < 3000; i++) {
            t = i == 2000 ? t.minusHours(1) : t.plusMinutes(5);
            rows.add(SeriesCsv.formatTime(t) + String.format(Locale.ROOT, ",%.2f", 45 + r.nextGaussian()));
        }
        Path input = Files.write(dir.resolve("stepped.csv"), rows);
        Path out = dir.resolve("stepped-judged.csv");
        Path log = dir.resolve("stepped.vlog");
        CommandRun run = run("replay", "-a", "dbscan", "--input", input.toString(), "--csv", out.toString(), "--log", log.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("3000 values"), run.out());
        assertEquals(1, run.out().lines().filter(l -> l.contains("the clock steps back")).count(), run.out());
        assertTrue(run.out().contains("the clock steps back 1 time (first at row 2001, " + rows.get(2001).split(",")[0] + "; by 1h at most)"), run.out());
        List<String> judged = Files.readAllLines(out);
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(rows.get(i).split(",")[0], judged.get(i).split(",")[0], "row " + i + ": its time as it came");
        }
        assertEquals(3000, Probe.records(log).size(), "every row in the log");
    }

    /**
     * Issue 29: a CSV written in Paris's local time through the end of daylight saving replays with --zone
     * Europe/Paris without a step back, its log's times five minutes apart through the repeated hour; read as UTC,
     * the step-back line names --zone; an unknown zone is one line and exit 2.
     */
    @Test
    void aLocalTimeCsvReadsInItsZone() throws IOException {
        Random r = new Random(7);
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        java.time.ZonedDateTime t = java.time.ZonedDateTime.of(2026, 10, 24, 12, 0, 0, 0, java.time.ZoneId.of("Europe/Paris"));
        for (int i = 0; i < 600; i++, t = t.plusMinutes(5)) {
            rows.add(SeriesCsv.formatTime(t.toLocalDateTime()) + String.format(Locale.ROOT, ",%.2f", 45 + r.nextGaussian()));
        }
        Path input = Files.write(dir.resolve("paris.csv"), rows);
        CommandRun utc = run("replay", "-a", "dbscan", "--input", input.toString(), "--csv", dir.resolve("paris-utc.csv").toString());
        assertEquals(0, utc.exit(), utc.err());
        assertTrue(utc.out().contains("by 55m at most): values judged in the order they came, times kept as they are; if the times are local, --zone"), utc.out());
        Path log = dir.resolve("paris.vlog");
        CommandRun paris = run("replay", "-a", "dbscan", "--input", input.toString(), "--log", log.toString(), "--zone", "Europe/Paris");
        assertEquals(0, paris.exit(), paris.err());
        assertFalse(paris.out().contains("steps back"), paris.out());
        List<LogRecord> records = Probe.records(log);
        assertEquals(600, records.size());
        for (int i = 1; i < records.size(); i++) {
            assertEquals(300_000_000L, records.get(i).timeMicros() - records.get(i - 1).timeMicros(), "five minutes after row " + i);
        }
        CommandRun mars = run("replay", "-a", "dbscan", "--input", input.toString(), "--csv", dir.resolve("mars.csv").toString(), "--zone", "Mars/Olympus");
        assertEquals(2, mars.exit());
        assertTrue(mars.err().contains("Mars/Olympus"), mars.err());
    }

    @Test
    void replayWritesOneRowAndOneRecordPerInputRowInOrder() throws IOException {
        Path input = series();
        Path out = dir.resolve("judged.csv");
        Path log = dir.resolve("judged.vlog");
        CommandRun r = run("replay", "-a", "dbscan", "--input", input.toString(), "--csv", out.toString(), "--log", log.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> in = Files.readAllLines(input);
        List<String> rows = Files.readAllLines(out);
        assertEquals("timestamp,value,state,score,raw", rows.get(0));
        assertEquals(in.size(), rows.size(), "one row per input row");
        List<LogRecord> records = Probe.records(log);
        assertEquals(600, records.size(), "one record per input row");
        for (int i = 1; i < rows.size(); i++) {
            String[] got = rows.get(i).split(",");
            String[] was = in.get(i).split(",");
            assertEquals(was[0], got[0], "row " + i + " in order");
            assertEquals(Double.parseDouble(was[1]), Double.parseDouble(got[1]));
            assertEquals(Integer.parseInt(got[2]), records.get(i - 1).state().code(), "the log says what the CSV says");
            if (i <= 20) {
                assertEquals(State.INITIALISING.code(), Integer.parseInt(got[2]), "initialising rows included");
            }
        }
        assertEquals(State.ANOMALY, records.get(400).state(), "the spike");
        assertTrue(r.out().contains("600 values"), r.out());
    }

    /** Runs evaluate on the test series, labelled by {@code labelsJson}. */
    private CommandRun evaluate(String labelsJson) throws IOException {
        return evaluateWith("dbscan", labelsJson);
    }

    private CommandRun evaluateWith(String algorithm, String labelsJson, String... more) throws IOException {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.copy(series(), data.resolve("humidite.csv"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path labels = Files.writeString(dir.resolve("windows.json"), labelsJson);
        List<String> args = new java.util.ArrayList<>(List.of("evaluate", "-a", algorithm, "--data", data.toString(), "--labels", labels.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    /**
     * Issue 28: a series with no anomaly window is a normal-only stream, every flag on it a false alarm; evaluate
     * says how many a day of the sensor's time, by folder (the 600 rows span 599 five-minute steps).
     */
    @Test
    void evaluateSaysTheFalseAlarmsPerDayOfSeriesWithoutAnomalies() throws IOException {
        Path data = dir.resolve("normal");
        Files.createDirectories(data.resolve("every-5min"));
        Files.copy(series(), data.resolve("every-5min/humidite.csv"));
        Path labels = Files.writeString(dir.resolve("none.json"), "{\"every-5min/humidite.csv\": []}");
        CommandRun r = run("evaluate", "-a", "dbscan", "--data", data.toString(), "--labels", labels.toString(), "--per-file");
        assertEquals(0, r.exit(), r.err());
        // The per-file flags are NAB's, after its probation (the first 15 %, 90 rows): the detector is initialising
        // there, so they are every flag.
        java.util.regex.Matcher flags = java.util.regex.Pattern.compile("flags (\\d+) \\(0 in windows\\)").matcher(r.out());
        assertTrue(flags.find(), r.out());
        int n = Integer.parseInt(flags.group(1));
        assertTrue(n >= 1, "the spike at row 400 is flagged: " + r.out());
        String expected = String.format(Locale.ROOT, "by folder: every-5min %.2f", n / (599 * 5.0 / 1440));
        assertTrue(r.out().contains("false alarms per day of sensor time, series without anomalies, " + expected), expected + " in\n" + r.out());
    }

    /**
     * Given --seeds 3, then evaluate prints the spread of the standard score over three runs with each series'
     * own seeds, the first of them the run printed above it.
     */
    @Test
    void evaluateWithSeedsPrintsTheSpreadOverThem() throws IOException {
        CommandRun r = evaluateWith("iforest", "{\"humidite.csv\": [[\"2026-11-02 08:00:00.000000\", \"2026-11-02 12:00:00.000000\"]]}", "--seeds", "3");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("over 3 seeds"), r.out());
        java.util.regex.Matcher first = java.util.regex.Pattern.compile("(?m)^  standard\\s+(\\S+)$").matcher(r.out());
        java.util.regex.Matcher spread = java.util.regex.Pattern.compile("(?m)^    standard\\s+(\\S+) \\((\\S+) to (\\S+)\\)$").matcher(r.out());
        assertTrue(first.find() && spread.find(), r.out());
        double one = Double.parseDouble(first.group(1));
        double mean = Double.parseDouble(spread.group(1));
        double low = Double.parseDouble(spread.group(2));
        double high = Double.parseDouble(spread.group(3));
        assertTrue(low <= one && one <= high && low <= mean && mean <= high, r.out());
    }

    /**
     * Given --shaped-tail or --no-shaped-tail (as the negatable options before it), then the settings evaluate prints say
     * so, whatever the algorithm's default: DBSCAN's tail shaped, the forest's not.
     */
    @Test
    void theShapedTailIsTurnedOnAndOffAsSaid() throws IOException {
        String labels = "{\"humidite.csv\": [[\"2026-11-02 08:00:00.000000\", \"2026-11-02 12:00:00.000000\"]]}";
        assertTrue(evaluateWith("dbscan", labels).out().contains("shapedTail=true"), "DBSCAN's default");
        assertTrue(evaluateWith("iforest", labels).out().contains("shapedTail=false"), "the forest's default");
        assertTrue(evaluateWith("iforest", labels, "--shaped-tail").out().contains("shapedTail=true"), "--shaped-tail");
        assertTrue(evaluateWith("dbscan", labels, "--no-shaped-tail").out().contains("shapedTail=false"), "--no-shaped-tail");
    }

    @Test
    void evaluateScoresLabelledSeries() throws IOException {
        CommandRun r = evaluate("{\"humidite.csv\": [[\"2026-11-02 08:00:00.000000\", \"2026-11-02 12:00:00.000000\"]]}");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("standard") && r.out().contains("recall by window 1/1"), r.out());
    }

    /** Issue 20, item 4: with no --data, evaluate scores the samples shipped (src-test-data/ of this clone), by category and kind. */
    @Test
    void evaluateWithoutDataScoresTheShippedSamples() {
        String before = System.getProperty("vigie.home");
        System.setProperty("vigie.home", Path.of("..").toAbsolutePath().normalize().toString());
        try {
            CommandRun r = run("evaluate", "-a", "dbscan");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("the shipped samples: ") && r.out().contains("sensors/seed-2"), r.out());
            assertTrue(r.out().contains("realTweets") && r.out().contains("faults found"), r.out());
        } finally {
            if (before == null) {
                System.clearProperty("vigie.home");
            } else {
                System.setProperty("vigie.home", before);
            }
        }
    }

    /** Given a labels file with a JSON error on its third line, when evaluate reads it, then the message says where. */
    @Test
    void malformedLabelsAreToldWithLineAndColumn() throws IOException {
        CommandRun r = evaluate("{\n  \"humidite.csv\": [\n    [\"2026-11-02 08:00:00.000000\" \"2026-11-02 12:00:00.000000\"]]}");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("is not JSON (line 3, column"), r.err());
    }

    /** Given an anomaly, when it becomes an event, then the JSON says where it came from and why, with text escaped. */
    @Test
    void anAnomalyEventIsJsonWithItsSourceAndWhy() throws IOException {
        org.vigie.engine.Decision d = new org.vigie.engine.Decision(org.vigie.engine.Verdict.ANOMALY, 1.0, new org.vigie.engine.Evidence.Density(0, 0.65, 17.5, true));
        String json = AnomalyEvent.json("t\"x", 2, 1234, 1_700_000_000_000_000L, 36.77, "dbscan", d);
        java.util.Map<String, Object> back = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(json);
        assertEquals("t\"x", back.get("topic"));
        assertEquals(2, ((Number) back.get("partition")).intValue());
        assertEquals(1234L, ((Number) back.get("offset")).longValue());
        assertEquals("2023-11-14T22:13:20Z", back.get("time"));
        assertEquals(-1, ((Number) back.get("state")).intValue());
        assertEquals(1.0, ((Number) back.get("score")).doubleValue());
        assertEquals(0, ((Number) back.get("neighbours")).intValue());
        assertEquals(17.5, ((Number) back.get("kDistance")).doubleValue());
        assertEquals(false, back.get("beyondRange"));
        // Beyond the recent range: said, and the model's own measure still given, with the same keys.
        org.vigie.engine.Decision beyond = new org.vigie.engine.Decision(org.vigie.engine.Verdict.ANOMALY, 1.0,
                new org.vigie.engine.Evidence.Beyond(new org.vigie.engine.Evidence.Isolation(2.5, 0.71, 0.62, false)));
        java.util.Map<String, Object> b = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(AnomalyEvent.json("t", 0, 1, 1_700_000_000_000_000L, 85.0, "iforest", beyond));
        assertEquals(true, b.get("beyondRange"));
        assertEquals(0.71, ((Number) b.get("anomalyScore")).doubleValue());
        assertEquals(2.5, ((Number) b.get("pathLength")).doubleValue());
    }

    /**
     * Given an anomaly whose evidence holds an infinite k-distance, and a zscore one with no calibrated score,
     * when written as events, then every key is there and a number that is not finite is null, never a string.
     */
    @Test
    void anEventWritesNullForANumberThatIsNotFinite() throws IOException {
        org.vigie.engine.Decision d = new org.vigie.engine.Decision(org.vigie.engine.Verdict.ANOMALY, 1.0,
                new org.vigie.engine.Evidence.Density(0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, true));
        String json = AnomalyEvent.json("t", 0, 1, 1_700_000_000_000_000L, 1.0, "dbscan", d);
        assertTrue(!json.contains("Infinity") && !json.contains("NaN"), json);
        java.util.Map<String, Object> back = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(json);
        assertTrue(back.containsKey("kDistance") && back.get("kDistance") == null && back.get("eps") == null, json);
        org.vigie.engine.Decision z = new org.vigie.engine.Decision(org.vigie.engine.Verdict.ANOMALY, Double.NaN,
                new org.vigie.engine.Evidence.Deviation(Double.POSITIVE_INFINITY));
        java.util.Map<String, Object> zb = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(AnomalyEvent.json("t", 0, 1, 1_700_000_000_000_000L, 1.0, "zscore", z));
        assertTrue(zb.containsKey("score") && zb.get("score") == null && zb.containsKey("z") && zb.get("z") == null, zb.toString());
    }

    /** Given a series, when replay runs twice with the same settings (default seed, or --seed N), then the outputs are byte-identical. */
    @ParameterizedTest
    @CsvSource({"dbscan, ''", "iforest, ''", "dbscan, 7", "iforest, 7"})
    void replayIsReproducibleByteForByte(String algorithm, String seed) throws IOException {
        Path input = series();
        List<byte[]> outputs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Path out = dir.resolve("run" + run + ".csv");
            Path log = dir.resolve("run" + run + ".vlog");
            List<String> args = new ArrayList<>(List.of("replay", "-a", algorithm, "--input", input.toString(), "--csv", out.toString(), "--log", log.toString()));
            if (!seed.isEmpty()) {
                args.addAll(List.of("--seed", seed));
            }
            CommandRun r = run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.err());
            outputs.add(Files.readAllBytes(out));
            outputs.add(recordsOnly(log));
        }
        assertTrue(java.util.Arrays.equals(outputs.get(0), outputs.get(2)), "the CSVs are identical");
        assertTrue(java.util.Arrays.equals(outputs.get(1), outputs.get(3)), "the logs' records are identical");
    }

    /** The log's records as bytes (its header holds the creation time, which differs run to run). */
    private static byte[] recordsOnly(Path log) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : Probe.records(log)) {
            sb.append(r.timeMicros()).append(',').append(Double.doubleToRawLongBits(r.value())).append(',').append(r.state().code()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Given a series, when replayed, then every judged value has a calibrated score in [0, 1], and they rank (many distinct values). */
    @ParameterizedTest
    @CsvSource({"dbscan", "iforest"})
    void everyJudgedValueHasACalibratedScoreThatRanks(String algorithm) throws IOException {
        Path out = dir.resolve("scored.csv");
        CommandRun r = run("replay", "-a", algorithm, "--input", series().toString(), "--csv", out.toString());
        assertEquals(0, r.exit(), r.err());
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (String row : Files.readAllLines(out).subList(1, 601)) {
            String[] f = row.split(",", -1);
            if (Integer.parseInt(f[2]) == State.INITIALISING.code()) {
                continue;
            }
            double score = Double.parseDouble(f[3]);
            assertTrue(score >= 0 && score <= 1, row);
            distinct.add(f[3]);
        }
        assertTrue(distinct.size() >= 50, "distinct scores: " + distinct.size());
    }

    @Test
    void isolationForestMayBeCalledByItsFullName() throws IOException {
        CommandRun r = run("replay", "-a", "IsolationForest", "--input", series().toString(), "--csv", dir.resolve("out.csv").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(dir.resolve("out.csv")).contains(",-1,"), "the spike is judged, by the forest");
    }

    @Test
    void aRefusedKafkaSettingLeavesNoLog() throws IOException {
        String args = "--topic t -a dbscan --bootstrap-server 127.0.0.1:1 --log OUT --consumer.config BADSETTING";
        Path bad = Files.writeString(dir.resolve("consumer.properties"), "max.poll.records=x\n");
        Path log = dir.resolve("t.vlog");
        CommandRun r = run(args.replace("OUT", log.toString()).replace("BADSETTING", bad.toString()).split("\\s+"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().strip().endsWith("\nvigie-detector: a Kafka setting is wrong: Invalid value x for configuration max.poll.records: "
                + "Not a number of type INT") && !r.err().contains("\tat "), "one line, no stack trace: " + r.err());
        assertTrue(!Files.exists(log), "no log made for a run that could not start");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "replay -a dbscan --input NOFILE --csv OUT                | no such file",
        "replay --input SERIES --csv OUT                          | say which algorithm",
        "replay -a dbscan --input SERIES                          | say where to write",
        "replay -a dbscan --input SERIES --csv OUT --memory 10    | memory must be between 50 and 100000",
        "replay -a dbscan --input SERIES --csv OUT --min-eps 0    | minEps must be positive",
        "replay -a dbscan --input SERIES --csv OUT --contamination 0.5 | contamination must be in [0, 0.5)",
        "replay -a dbscan --input SERIES --csv OUT --window 2     | window must be between 3 and 10000",
        "replay -a dbscan --input SERIES --csv OUT --min-pts 999  | minPts must be between 1 and 100",
        "replay -a iforest --input SERIES --csv OUT --threshold 1 | threshold must be in [0, 1)",
        "replay -a iforest --input SERIES --csv OUT --trees 0     | trees must be between 1 and 10000",
        "replay -a kmeans --input SERIES --csv OUT                | vigie-detector replay: Invalid value for option '--algorithm': expected dbscan, iforest",
        "replay -a dbscan --input SERIES --csv OUT --memory       | vigie-detector replay: Missing required parameter",
        "evaluate -a zscore --data NOFILE --labels NOFILE --sweep | the zscore baseline has no calibrated score",
        "--topic t -a dbscan --no-such-option                      | vigie-detector: Unknown option: '--no-such-option'",
        "evaluate -a dbscan --data NOFILE --labels NOFILE         | cannot read labels",
        "evaluate -a dbscan --data NOFILE                         | give --data and --labels together",
        "evaluate -a dbscan --seeds 2 --seed 1                     | give it without --seed",
        "evaluate -a dbscan --seeds 0                              | --seeds must be between 1 and 100",
        "evaluate -a zscore --seeds 2                              | the zscore baseline draws nothing at random",
        "replay -a dbscan --input SERIES --csv OUT --threshold-period -5s | Invalid value for option '--threshold-period'",
        "replay -a dbscan --input SERIES --csv OUT --threshold-period P200000D | --threshold-period PT4800000H is too long",
        "replay -a dbscan --input SERIES --csv SERIES             | is the input: name another file",
        "replay -a dbscan --input SERIES --csv FOLDER             | is a folder: name another file",
        "replay -a dbscan --input SERIES --window 100 --memory 100 --csv OUT | must hold at least 4 windows",
        "replay -a dbscan --input SERIES --calibration 50 --csv OUT | the calibration must hold more than 100 raw scores",
        "--topic t -a dbscan --topc x                              | Possible solutions: --topic",
    })
    void badInputGetsOneClearLineAndExitTwo(String args, String message) throws IOException {
        Path input = series();
        String[] argv = args.trim().replace("NOFILE", dir.resolve("missing.csv").toString())
                .replace("SERIES", input.toString()).replace("OUT", dir.resolve("out.csv").toString())
                .replace("FOLDER", Files.createDirectories(dir.resolve("folder")).toString()).split("\\s+");
        byte[] before = Files.readAllBytes(input);
        CommandRun r = run(argv);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
        assertTrue(r.err().lines().count() <= 3 && !r.err().contains("Usage:") && !r.err().contains("\tat "),
                "one line (and a suggestion and a pointer to --help), no stack trace: " + r.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(input)), "the input is intact");
    }
}
