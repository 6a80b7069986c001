package org.vigie.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.tools.Probe;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;
import org.vigie.engine.Algorithm;
import org.vigie.engine.Detector;
import org.vigie.engine.DetectorSettings;
import org.vigie.testkit.SharedBroker;

/** The detector against a real broker. */
class KafkaDetectorTest {

    @RegisterExtension
    static final SharedBroker kafka = new SharedBroker();

    @TempDir
    Path dir;

    /** Event times start an hour ago: older records could fall to the broker's 7-day retention mid-test. */
    static final long START = LogRecord.micros(java.time.Instant.now()) - 3_600_000_000L;

    /** Sends values as the producer does: UTF-8 text, event time in µs in a header; returns the times. */
    static List<Long> send(String topic, List<String> texts, long firstMicros, Integer partition) {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            return send(p, topic, texts, firstMicros, partition);
        }
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    static List<Long> send(KafkaProducer<byte[], byte[]> p, String topic, List<String> texts, long firstMicros, Integer partition) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            long micros = firstMicros + i * 1_123L; // about a millisecond apart: the broker refuses timestamps over an hour ahead
            ProducerRecord<byte[], byte[]> w = org.vigie.common.wire.Wire.record(topic, null, texts.get(i).getBytes(StandardCharsets.UTF_8), micros);
            p.send(new ProducerRecord<>(topic, partition, w.timestamp(), null, w.value(), w.headers()));
            times.add(micros);
        }
        p.flush();
        return times;
    }

    static Properties consumer(String group) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers());
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return p;
    }


    static List<String> noiseWithSpike(int n, int spikeAt, long seed) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = i == spikeAt ? 80.0 : 45 + random.nextGaussian();
            texts.add(String.format(java.util.Locale.ROOT, "%.2f", v));
        }
        return texts;
    }

    @Test
    void everyValueIsJudgedOnceInOrderWithItsEventTimeAndTheSpikeIsFlagged() throws Exception {
        kafka.broker().createTopic("kd-order", 1);
        List<String> texts = new ArrayList<>(noiseWithSpike(2400, 2300, 1));
        texts.add(150, "not a number");
        texts.add(151, "NaN");
        List<Long> times = send("kd-order", texts, START, null);
        for (Algorithm a : new Algorithm[] {Algorithm.DBSCAN, Algorithm.IFOREST}) {
            Path log = dir.resolve("kd-order." + a.id() + ".vlog");
            KafkaDetector d = new KafkaDetector("kd-order", DetectorSettings.defaults(a), null, consumer("g-order-" + a.id()), log,
                    KafkaDetector.StartFrom.COMMITTED, 2400, "kd-anomalies-" + a.id());
            d.run();
            assertEquals(2400, d.judged.get());
            assertEquals(2, d.nonNumeric.get());
            assertEquals(0, d.lag.get(), "nothing left to consume: the status line's lag");
            List<LogRecord> records = Probe.records(log);
            assertEquals(2400, records.size(), "one record per numeric value");
            int k = 0;
            for (int i = 0; i < texts.size(); i++) {
                if (i == 150 || i == 151) {
                    continue;
                }
                LogRecord r = records.get(k++);
                assertEquals(Double.parseDouble(texts.get(i)), r.value(), "value " + i + " in order");
                assertEquals((long) times.get(i), r.timeMicros(), "event time of value " + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(State.INITIALISING, records.get(i).state(), "the window fills first");
            }
            // the spike, value 2300 of the numeric ones (after the 2,000 a detector learns), is record 2300
            if (a == Algorithm.DBSCAN) {
                assertEquals(State.ANOMALY, records.get(2300).state(), "DBSCAN flags the spike");
            }
            // Each anomaly is also a JSON event on the output topic.
            long flagged = records.stream().filter(r -> r.state() == State.ANOMALY).count();
            assertEquals(d.anomalies.get(), flagged);
            if (flagged > 0) {
                List<String> events = org.vigie.testkit.TopicReader.values(org.vigie.testkit.TopicReader.readAll(
                        kafka.broker().bootstrapServers(), "kd-anomalies-" + a.id(), (int) flagged, Duration.ofSeconds(30)));
                assertEquals(flagged, events.size());
                if (a == Algorithm.DBSCAN) {
                    assertTrue(events.stream().anyMatch(e -> e.contains("\"value\":80.0") && e.contains("\"state\":-1")
                            && e.contains("\"algorithm\":\"dbscan\"") && e.startsWith("{\"topic\":\"kd-order\"")), events.toString());
                }
            }
        }
    }

    /** The detector program as a child JVM, its output (both streams) to {@code out}. */
    private static Process detectorProcess(Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DetectorCommand.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /**
     * Given a broker with topic kd-real, when a detector is started on kd-mistyped, then it says within seconds
     * that the topic does not exist and which topics do, exits 2, leaves no log behind and creates no topic;
     * with --wait-for-topic it waits, and judges the topic's values once the producer creates it (issue 20).
     */
    @Test
    void aMistypedTopicIsToldAndNotCreated() throws Exception {
        kafka.broker().createTopic("kd-real", 1);
        commitAnOffset("kd-real"); // so that the broker holds Kafka's own __consumer_offsets
        Path out = dir.resolve("mistyped.txt");
        Path log = dir.resolve("mistyped.vlog");
        Process p = detectorProcess(out, "--topic", "kd-mistyped", "-a", "dbscan", "--bootstrap-server", kafka.broker().bootstrapServers(), "--log", log.toString());
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the detector ends");
        String said = readQuietly(out);
        assertEquals(2, p.exitValue(), said);
        assertTrue(said.contains("topic kd-mistyped does not exist") && said.contains("kd-real") && !said.contains("\tat "), said);
        java.util.Properties admin = new java.util.Properties();
        admin.setProperty("bootstrap.servers", kafka.broker().bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(admin)) {
            assertTrue(a.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names().get(1, TimeUnit.MINUTES)
                    .contains("__consumer_offsets"), "the broker has Kafka's own topics");
        }
        assertTrue(!said.contains("__consumer_offsets"), "Kafka's own topics are not listed: " + said);
        assertTrue(!said.contains(log.getFileName().toString()), "no log is named, as none is written: " + said);
        assertTrue(!java.nio.file.Files.exists(log), "no log left behind");
        assertTrue(!org.vigie.testkit.TopicReader.topics(kafka.broker().bootstrapServers()).contains("kd-mistyped"), "the topic was not created");

        Path waitOut = dir.resolve("waiting.txt");
        Process w = detectorProcess(waitOut, "--topic", "kd-later", "-a", "dbscan", "--bootstrap-server", kafka.broker().bootstrapServers(),
                "--log", dir.resolve("later.vlog").toString(), "--wait-for-topic", "--max-messages", "30");
        try {
            org.vigie.tools.Await.until(Duration.ofMinutes(1), "the detector to wait for its topic", () -> readQuietly(waitOut).contains("waiting for it"));
            kafka.broker().createTopic("kd-later", 1);
            send("kd-later", noiseWithSpike(30, -1, 5), START, null);
            assertTrue(w.waitFor(2, TimeUnit.MINUTES), "the detector judges the topic once it exists, then ends");
            assertEquals(0, w.exitValue(), readQuietly(waitOut));
            assertTrue(readQuietly(waitOut).contains("judged 30 values"), readQuietly(waitOut));
        } finally {
            w.destroy();
            w.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Given a detector waiting for its topic, when it is stopped (SIGTERM) before the topic exists, then it ends
     * cleanly and its summary says it stopped while waiting, naming no log (none was written).
     */
    @Test
    void aDetectorStoppedWhileWaitingForItsTopicSaysSo() throws Exception {
        Path out = dir.resolve("never.txt");
        Path log = dir.resolve("never.vlog");
        Process p = detectorProcess(out, "--topic", "kd-never", "-a", "dbscan", "--bootstrap-server", kafka.broker().bootstrapServers(),
                "--log", log.toString(), "--wait-for-topic");
        try {
            org.vigie.tools.Await.until(Duration.ofMinutes(1), "the detector to wait for its topic", () -> readQuietly(out).contains("waiting for it"));
            p.destroy(); // SIGTERM: the clean stop
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the detector ends");
            String said = readQuietly(out);
            assertEquals(0, p.exitValue(), said);
            assertTrue(said.contains("stopped while waiting for topic kd-never; no log written"), said);
            assertTrue(!said.contains("never.vlog") && !java.nio.file.Files.exists(log), said);
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void commitAnOffset(String topic) {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(java.util.Map.of(
                "bootstrap.servers", kafka.broker().bootstrapServers(), "group.id", "kd-offsets"),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            c.assign(java.util.List.of(tp));
            c.commitSync(java.util.Map.of(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)), Duration.ofMinutes(1));
        }
    }

    /** Given no broker at an address, when a detector is started against it, then it says so within 10 s, naming the address. */
    @Test
    void aDetectorAgainstADeadAddressWarnsWithinTenSeconds() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // free now, and nothing listens there once closed
        }
        Path out = dir.resolve("dead.txt");
        Process p = detectorProcess(out, "--topic", "kd-dead", "-a", "dbscan", "--bootstrap-server", "127.0.0.1:" + port,
                "--log", dir.resolve("dead.vlog").toString());
        try {
            org.vigie.tools.Await.until(Duration.ofSeconds(10), "a warning that Kafka does not answer",
                    () -> readQuietly(out).contains("Kafka at 127.0.0.1:" + port + " does not answer"));
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Given a topic of 30 values, when a detector judges them with --quiet, then it prints no INFO line, from the first line on. */
    @Test
    void quietPrintsNoInfoLine() throws Exception {
        kafka.broker().createTopic("kd-quiet", 1);
        send("kd-quiet", noiseWithSpike(30, -1, 3), START, null);
        Path out = dir.resolve("quiet.txt");
        Process p = detectorProcess(out, "--topic", "kd-quiet", "-a", "dbscan", "--bootstrap-server", kafka.broker().bootstrapServers(),
                "--log", dir.resolve("quiet.vlog").toString(), "--from", "earliest", "--max-messages", "30", "--quiet");
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the detector exits after 30 values");
        String said = java.nio.file.Files.readString(out);
        assertEquals(0, p.exitValue(), said);
        assertEquals(30, Probe.records(dir.resolve("quiet.vlog")).size(), said);
        assertFalse(said.contains("[INFO]"), said);
    }

    private static String readQuietly(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aRestartRebuildsTheWindowAndSkipsNothing() throws Exception {
        kafka.broker().createTopic("kd-restart", 1);
        List<String> texts = noiseWithSpike(2400, 2350, 2);
        List<Long> times = new ArrayList<>(send("kd-restart", texts.subList(0, 2300), START, null));
        Path log = dir.resolve("kd-restart.dbscan.vlog");
        DetectorSettings s = DetectorSettings.defaults(Algorithm.DBSCAN);
        new KafkaDetector("kd-restart", s, consumer("g-restart"), log, KafkaDetector.StartFrom.COMMITTED, 2300).run();
        times.addAll(send("kd-restart", texts.subList(2300, 2400), START + 3_000_000L, null));
        new KafkaDetector("kd-restart", s, consumer("g-restart"), log, KafkaDetector.StartFrom.COMMITTED, 100).run();
        List<LogRecord> records = Probe.records(log);
        assertEquals(2400, records.size(), "nothing skipped, nothing judged twice");
        for (int i = 0; i < 2400; i++) {
            assertEquals(Double.parseDouble(texts.get(i)), records.get(i).value());
        }
        // The window, memory, model and calibration were rebuilt: the states are an uninterrupted detector's.
        Detector uninterrupted = Detector.create(s, Detector.seedOf("kd-restart", 0));
        for (int i = 0; i < 2400; i++) {
            State expected = LogState.of(uninterrupted.judge(i, times.get(i), Double.parseDouble(texts.get(i))).state());
            assertEquals(expected, records.get(i).state(), "value " + i);
        }
        assertEquals(State.ANOMALY, records.get(2350).state(), "the spike after the restart (and after the 2,000 values a detector learns)");
    }

    @Test
    void twoDetectorsInOneGroupShareThreePartitionsAndJudgeEachValueOnce() throws Exception {
        kafka.broker().createTopic("kd-group", 3);
        Map<Integer, List<String>> sent = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            List<String> texts = noiseWithSpike(200, -1, 10 + p);
            send("kd-group", texts, START + p, p);
            sent.put(p, texts);
        }
        DetectorSettings s = DetectorSettings.defaults(Algorithm.DBSCAN);
        KafkaDetector one = new KafkaDetector("kd-group", s, consumer("g-group"), dir.resolve("one.vlog"), KafkaDetector.StartFrom.COMMITTED, 0);
        KafkaDetector two = new KafkaDetector("kd-group", s, consumer("g-group"), dir.resolve("two.vlog"), KafkaDetector.StartFrom.COMMITTED, 0);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> runQuietly(one));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> runQuietly(two));
        org.vigie.tools.Await.until(Duration.ofSeconds(90), "600 values judged", () -> one.judged.get() + two.judged.get() >= 600);
        one.stop();
        two.stop();
        a.get(60, TimeUnit.SECONDS);
        b.get(60, TimeUnit.SECONDS);
        List<LogRecord> all = new ArrayList<>(Probe.records(dir.resolve("one.vlog")));
        all.addAll(Probe.records(dir.resolve("two.vlog")));
        assertEquals(600, all.size(), "each value judged exactly once between them");
        List<Double> expected = new ArrayList<>();
        sent.values().forEach(l -> l.forEach(t -> expected.add(Double.parseDouble(t))));
        List<Double> got = new ArrayList<>(all.stream().map(LogRecord::value).toList());
        java.util.Collections.sort(expected);
        java.util.Collections.sort(got);
        assertEquals(expected, got);
    }

    /**
     * Given three partitions fed live at about 12,000 values/s, when the detector (a child JVM, as users run
     * it) is killed with SIGKILL ten times at random moments and restarted with the same command each time,
     * then its log holds every value exactly once, each with the state and score one uninterrupted detector
     * gives it.
     */
    @Test
    void tenKillDashNinesLeaveEveryValueInTheLogExactlyOnceWithItsUninterruptedState() throws Exception {
        String topic = "kd-kill";
        int partitions = 3;
        int chunk = 2_000;
        kafka.broker().createTopic(topic, partitions);
        kafka.broker().createTopic(topic + "-events", 1);
        // Values keep arriving until the kills are over, however long they take on a busy machine, so that
        // every kill falls mid-stream: each value a function of its partition and index, made as it is sent.
        java.util.concurrent.atomic.AtomicBoolean killing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger sentPerPartition = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int from = 0; killing.get(); from += chunk) {
                    for (int p = 0; p < partitions; p++) {
                        List<String> texts = new ArrayList<>();
                        for (int i = from; i < from + chunk; i++) {
                            texts.add(killTestValue(p, i));
                        }
                        send(producer, topic, texts, START + p + from * 1_123L, p);
                    }
                    sentPerPartition.set(from + chunk);
                    Thread.sleep(500); // pacing the source (about 12,000 values/s), not waiting for anything
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Path log = dir.resolve(topic + ".dbscan.vlog");
        // Static membership: a restarted detector takes its partitions back at once instead of after the
        // killed one's session timeout.
        Path config = java.nio.file.Files.writeString(dir.resolve("consumer.properties"), "session.timeout.ms=6000\ngroup.instance.id=kill-test\n");
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DetectorCommand.class.getName(),
                "--topic", topic, "--algorithm", "dbscan", "--bootstrap-server", kafka.broker().bootstrapServers(), "--log", log.toString(),
                "--consumer.config", config.toString(), "--output-topic", topic + "-events", "--exactly-once-events", "-q");
        Random moments = new Random(7);
        int kills = 10;
        List<Long> logSizeAtKill = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            long before = Probe.logSize(log);
            Path out = dir.resolve("run" + k + ".txt");
            Process run = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                org.vigie.tools.Await.until(Duration.ofSeconds(90), "run " + k + " to log values", () -> Probe.logSize(log) > before);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; it said:\n" + java.nio.file.Files.readString(out), e);
            }
            Thread.sleep(moments.nextInt(1_500)); // a random moment to kill at, not a wait for anything
            if (sender.isDone()) {
                sender.get(); // a sender that failed says why
            }
            assertFalse(sender.isDone(), "kill " + k + " falls while values arrive");
            run.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
            logSizeAtKill.add(Probe.logSize(log));
        }
        killing.set(false);
        sender.get(2, TimeUnit.MINUTES);
        int perPartition = sentPerPartition.get();
        long total = (long) partitions * perPartition;
        Path out = dir.resolve("last.txt");
        Process last = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        String group = "vigie-dbscan-" + topic;
        try {
            // The state asserted below, not a sign that comes before it: every value in the log AND its offset
            // committed, which with --exactly-once-events commits its event too (issue 21: a log complete
            // before the last run had its partitions left the killed run's events uncommitted).
            org.vigie.tools.Await.until(Duration.ofSeconds(180), "every value in the log and committed", () -> Probe.logSize(log) >= total
                    && org.vigie.testkit.GroupProbe.committedAll(kafka.broker().bootstrapServers(), group, topic, partitions, perPartition));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; log size " + Probe.logSize(log) + ", at each kill " + logSizeAtKill + ", committed "
                    + org.vigie.testkit.GroupProbe.committed(kafka.broker().bootstrapServers(), group, topic) + "; last run said:\n"
                    + java.nio.file.Files.readString(out), e);
        } finally {
            last.destroy(); // SIGTERM
            assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the last run stops");
        }
        String said = java.nio.file.Files.readString(out);
        assertEquals(0, last.exitValue(), said);
        assertTrue(said.contains("stopped with all committed"), "it says what it leaves: " + said);

        List<LogRecord> records = Probe.records(log); // the log is valid: every record checks out
        assertEquals(total, records.size(), "each value once: no value twice, none missing (log size at each kill " + logSizeAtKill + ")");
        DetectorSettings s = DetectorSettings.defaults(Algorithm.DBSCAN);
        Map<Integer, List<LogRecord>> byPartition = new HashMap<>();
        records.forEach(r -> byPartition.computeIfAbsent(r.partition(), k -> new ArrayList<>()).add(r));
        int mismatches = 0;
        for (int p = 0; p < partitions; p++) {
            List<LogRecord> got = byPartition.getOrDefault(p, List.of());
            assertEquals(perPartition, got.size(), "partition " + p);
            Detector uninterrupted = Detector.create(s, Detector.seedOf(topic, p));
            for (int i = 0; i < perPartition; i++) {
                LogRecord r = got.get(i);
                assertEquals(i, r.offset(), "partition " + p + ": offsets in order, each once");
                double value = Double.parseDouble(killTestValue(p, i));
                assertEquals(value, r.value());
                org.vigie.engine.Decision d = uninterrupted.judge(i, START + p + i * 1_123L, value);
                if (LogState.of(d.state()) != r.state() || Float.compare((float) d.score(), r.score()) != 0) {
                    mismatches++;
                }
            }
        }
        assertEquals(0, mismatches, "states and scores as one uninterrupted run's");

        // The anomaly events, in transactions with the offsets they follow: once each for a read_committed reader.
        List<String> anomalies = records.stream().filter(r -> r.state() == State.ANOMALY).map(r -> r.partition() + "/" + r.offset()).sorted().toList();
        List<String> committed = eventsAt(kafka.broker().bootstrapServers(), topic + "-events", "read_committed");
        List<String> all = eventsAt(kafka.broker().bootstrapServers(), topic + "-events", "read_uncommitted");
        assertTrue(anomalies.size() >= 3, "anomalies: " + anomalies.size());
        assertEquals(anomalies, committed.stream().sorted().toList(), "each anomaly's event once, none other");
        System.out.printf("kill test: %d SIGKILLs, %d values in 3 partitions, %d in the log, 0 twice, %d state mismatches; log size at each kill %s; "
                + "%d anomalies, %d events committed (each once), %d sent in all (aborted ones included)%n",
                kills, total, records.size(), mismatches, logSizeAtKill, anomalies.size(), committed.size(), all.size());
    }

    /** The forest's options, but remembering no lasting outlier: its 50,000 values of reach would be as many transactions. */
    private static org.vigie.engine.model.Model.Options noRepeats(org.vigie.engine.model.Model.Options model) {
        org.vigie.engine.model.IsolationForestModel.Options o = (org.vigie.engine.model.IsolationForestModel.Options) model;
        return new org.vigie.engine.model.IsolationForestModel.Options(o.trees(), o.sample(), o.maxDepth(), o.parts(), o.contamination(), o.minScore(), 0);
    }

    /**
     * Issue 29: given a topic written by a transactional producer, one record a transaction (a marker after each: one
     * offset in two holds no value), one record in seven not a number, when a forest detector (a child JVM) is killed
     * with SIGKILL once it has judged and committed the first 1,000 records, and restarted while 400 more are written,
     * then its log is record for record an uninterrupted detector's: the restart rebuilt its state from the 1,694 values
     * its horizon counts, not from as many offsets (about half as many values, fewer than its state depends on).
     */
    @Test
    void aKillDashNineOnATransactionalTopicLeavesTheLogOfAnUninterruptedRun() throws Exception {
        String topic = "kd-tx";
        int first = 2_200;
        int total = 2_600;
        // A small memory and calibration without the day's maxima, no recent range (up to 50,001 values): a horizon of 1,694 values
        // (the sensor's resolution reaches 1,000 windows back; the mean's 4 raw scores before it) instead of 157,044, so that few transactions are written,
        // each a round trip to the broker.
        DetectorSettings d = DetectorSettings.defaults(Algorithm.IFOREST);
        org.vigie.engine.feature.FeatureOptions f = d.features();
        DetectorSettings s = new DetectorSettings(Algorithm.IFOREST, new org.vigie.engine.feature.FeatureOptions(f.window(), f.lags(), f.context(), false,
                f.calendar(), f.lagGate()), new org.vigie.engine.model.Memory.Options(300, 50), noRepeats(d.model()), new org.vigie.engine.calibration.Calibration.Options(150, false, d.calibration().average(), d.calibration().shapedTail()),
                d.decision(), org.vigie.engine.decision.RecentRange.Options.off());
        assertEquals(1_694, s.horizon());
        kafka.broker().createTopic(topic, 1);
        long writing = System.nanoTime();
        writeOneRecordPerTransaction(topic, 0, first);
        System.out.printf("transactional test: %d transactions written in %.1f s%n", first, (System.nanoTime() - writing) / 1e9);
        long numericFirst = java.util.stream.IntStream.range(0, first).filter(i -> !transactionalText(i).equals("n/a")).count();
        long numericTotal = java.util.stream.IntStream.range(0, total).filter(i -> !transactionalText(i).equals("n/a")).count();
        assertTrue(numericFirst > s.horizon(), "the first part holds a whole horizon of values: " + s.horizon());
        Path log = dir.resolve(topic + ".iforest.vlog");
        // Static membership: the restarted detector takes its partition back at once, not after the killed one's session timeout.
        Path config = java.nio.file.Files.writeString(dir.resolve("consumer.properties"), "session.timeout.ms=6000\ngroup.instance.id=tx-test\n");
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DetectorCommand.class.getName(),
                "--topic", topic, "--algorithm", "iforest", "--bootstrap-server", kafka.broker().bootstrapServers(), "--log", log.toString(),
                "--consumer.config", config.toString(), "--group", "g-tx", "--memory", "300", "--refresh", "50", "--calibration", "150", "--no-daily-maxima", "--no-spread", "--range-margin", "-1", "--repeat-reach", "0", "-q");
        Process killed = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.txt").toFile()).start();
        try {
            // Record i sits at offset 2i (its transaction's marker at 2i + 1): the last one's offset + 1 is committed.
            org.vigie.tools.Await.until(Duration.ofSeconds(90), "the first part judged and committed", () -> Probe.logSize(log) >= numericFirst
                    && org.vigie.testkit.GroupProbe.committedAll(kafka.broker().bootstrapServers(), "g-tx", topic, 1, 2L * (first - 1) + 1));
        } finally {
            killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
        }
        Path out = dir.resolve("restarted.txt");
        Process restarted = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            writeOneRecordPerTransaction(topic, first, total);
            org.vigie.tools.Await.until(Duration.ofSeconds(90), "every value judged", () -> Probe.logSize(log) >= numericTotal);
        } finally {
            restarted.destroy(); // SIGTERM
            assertTrue(restarted.waitFor(60, TimeUnit.SECONDS), "the restarted detector stops");
        }
        Path whole = dir.resolve(topic + "-whole.iforest.vlog");
        KafkaDetector uninterrupted = new KafkaDetector(topic, s, null, consumer("g-tx-whole"), whole,
                KafkaDetector.StartFrom.COMMITTED, numericTotal, null);
        uninterrupted.run();
        List<LogRecord> expected = Probe.records(whole);
        assertEquals(numericTotal, expected.size());
        assertEquals(expected, Probe.records(log), "each value once, with the state and score of a run never killed; the restart said:\n"
                + java.nio.file.Files.readString(out));
    }

    /**
     * Writes records [from, to) of the transactional topic, one a transaction. A fresh broker once refused a commit as in
     * an invalid state (a fatal error for the producer, CI 2026-12-05): a new producer of the same transactional id then
     * aborts what the failed one left open, and the writing resumes after the records committed.
     */
    private static void writeOneRecordPerTransaction(String topic, int from, int to) {
        int next = from;
        for (int attempt = 1; next < to; attempt++) {
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "writer-" + topic, ProducerConfig.LINGER_MS_CONFIG, "0"), new ByteArraySerializer(), new ByteArraySerializer())) {
                p.initTransactions();
                if (attempt > 1) {
                    next = valuesAt(kafka.broker().bootstrapServers(), topic, "read_committed").size();
                }
                for (int i = next; i < to; i++) {
                    p.beginTransaction();
                    ProducerRecord<byte[], byte[]> w = org.vigie.common.wire.Wire.record(topic, null, transactionalText(i).getBytes(StandardCharsets.UTF_8),
                            START + i * 1_123L);
                    p.send(new ProducerRecord<>(topic, 0, w.timestamp(), null, w.value(), w.headers()));
                    p.commitTransaction();
                    next = i + 1;
                }
            } catch (org.apache.kafka.common.KafkaException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.printf("transactional writer: %s after record %d; resuming with a new producer%n", e, next);
            }
        }
    }

    /** The transactional topic's record {@code i}: noise, with a spike at 2,400 (after the restart), and one record in seven not a number. */
    private static String transactionalText(int i) {
        return i % 7 == 3 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", i == 2_400 ? 80.0 : 45 + new Random(i * 0x9E3779B97F4A7C15L).nextGaussian());
    }

    /** The kill test's value {@code i} of partition {@code p}: humidity-like noise, with a spike at 10,000 + p (past initialisation). */
    private static String killTestValue(int p, int i) {
        double v = i == 10_000 + p ? 80.0 : 45 + new Random(((long) p << 40) ^ (i * 0x9E3779B97F4A7C15L)).nextGaussian();
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /** The (partition/offset) of each anomaly event on {@code topic}'s partition 0, read up to its end with {@code isolation}. */
    static List<String> eventsAt(String bootstrap, String topic, String isolation) {
        java.util.regex.Pattern where = java.util.regex.Pattern.compile("\"partition\":(\\d+),\"offset\":(\\d+)");
        List<String> out = new ArrayList<>();
        for (String event : valuesAt(bootstrap, topic, isolation)) {
            java.util.regex.Matcher m = where.matcher(event);
            assertTrue(m.find(), "an event names its partition and offset");
            out.add(m.group(1) + "/" + m.group(2));
        }
        return out;
    }

    /** The values of {@code topic}'s partition 0 as text, read up to its end with {@code isolation}. */
    private static List<String> valuesAt(String bootstrap, String topic, String isolation) {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", bootstrap);
        p.setProperty("isolation.level", isolation);
        p.setProperty("enable.auto.commit", "false");
        List<String> out = new ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp); // read_committed: the last stable offset
            while (c.position(tp) < end) {
                for (org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    out.add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void runQuietly(KafkaDetector d) {
        try {
            d.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
