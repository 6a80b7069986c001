package org.vigie.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.testkit.GroupProbe;
import org.vigie.testkit.SharedBroker;
import org.vigie.tools.Await;
import org.vigie.tools.Probe;

/**
 * A stop at each moment it may come (issue 21), each against a real broker with the detector a child JVM as
 * users run it, events in transactions: before its partitions are assigned, during a rebalance, while the
 * broker is down, and after the broker fenced its transactions. Each time the run says in one line what it
 * leaves, and a next start leaves the log with every value once and each anomaly's event once for a
 * {@code read_committed} reader. Every wait is for the state asserted (committed offsets, a group's state,
 * a line the detector printed), never for a time.
 */
class DetectorStopTest {

    @RegisterExtension
    static final SharedBroker kafka = new SharedBroker();

    @TempDir
    Path dir;

    private static final int PARTITIONS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** A topic of three partitions with its events topic, fed {@code n} values a partition, with a spike in each. */
    private static String topicWith(String topic, int n) {
        kafka.broker().createTopic(topic, PARTITIONS);
        kafka.broker().createTopic(topic + "-events", 1);
        feed(topic, 0, n);
        return topic;
    }

    /** Values {@code from} to {@code to} (exclusive) of each partition: noise with a spike at 2500 + partition (after the 2,000 a detector learns). */
    private static void feed(String topic, int from, int to) {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int part = 0; part < PARTITIONS; part++) {
                List<String> texts = KafkaDetectorTest.noiseWithSpike(to, 2500 + part, 40 + part).subList(from, to);
                KafkaDetectorTest.send(p, topic, texts, KafkaDetectorTest.START + part + from * 1_123L, part);
            }
        }
    }

    private static String group(String topic) {
        return "vigie-dbscan-" + topic;
    }

    /**
     * A detector of {@code topic} as users start it, its output (both streams) in {@code out}. Its session
     * timeout is the broker's least (6 s), so that a member stopped while the broker was away is given up
     * soon: the next start's join waits for it otherwise.
     */
    private static Process detector(String topic, Path log, Path out, String... more) throws Exception {
        Path config = log.resolveSibling("consumer.properties");
        Files.writeString(config, "session.timeout.ms=6000\n");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DetectorCommand.class.getName(),
                "--topic", topic, "--algorithm", "dbscan", "--bootstrap-server", kafka.broker().bootstrapServers(), "--log", log.toString(),
                "--consumer.config", config.toString(), "--output-topic", topic + "-events", "--exactly-once-events"));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static void await(String what, Path out, java.util.function.BooleanSupplier condition) throws Exception {
        try {
            Await.until(PATIENCE, what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the detector said:\n" + Files.readString(out), e);
        }
    }

    /** SIGTERM, as Ctrl-C or a service manager's stop; returns the exit code once it has ended. */
    private static int stop(Process p) throws InterruptedException {
        p.destroy();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the detector stops");
        return p.exitValue();
    }

    /** Runs a detector until the group has committed all {@code n} values of each partition, then stops it. */
    private static String runToTheEnd(String topic, Path log, Path out, int n) throws Exception {
        Process p = detector(topic, log, out, "-q");
        await("every value committed", out, () -> GroupProbe.committedAll(kafka.broker().bootstrapServers(), group(topic), topic, PARTITIONS, n));
        assertEquals(0, stop(p), Files.readString(out));
        return Files.readString(out);
    }

    /** The logs together hold each of the {@code n} values of each partition once; each anomaly's event is committed once. */
    private static void assertEachValueAndEventOnce(String topic, int n, Path... logs) throws Exception {
        List<LogRecord> records = new ArrayList<>();
        for (Path log : logs) {
            records.addAll(Probe.records(log));
        }
        Map<Integer, Set<Long>> offsets = new HashMap<>();
        for (LogRecord r : records) {
            assertTrue(offsets.computeIfAbsent(r.partition(), k -> new HashSet<>()).add(r.offset()), "value " + r.partition() + "/" + r.offset() + " once");
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertEquals(n, offsets.getOrDefault(p, Set.of()).size(), "partition " + p + ": every value");
        }
        List<String> anomalies = records.stream().filter(r -> r.state() == State.ANOMALY).map(r -> r.partition() + "/" + r.offset()).sorted().toList();
        assertTrue(anomalies.size() >= PARTITIONS, "the spikes are anomalies: " + anomalies);
        assertEquals(anomalies, KafkaDetectorTest.eventsAt(kafka.broker().bootstrapServers(), topic + "-events", "read_committed").stream().sorted().toList(),
                "each anomaly's event once, none other");
    }

    /**
     * Before assignment: a member of the group that does not poll holds the rebalance the detector's join
     * starts, so the detector has no partition yet when it is stopped. It stops at once, judged nothing,
     * and says where the log and the group stand; the next start finishes the work.
     */
    @Test
    void aStopBeforeThePartitionsAreAssignedLeavesAConsistentState() throws Exception {
        String topic = topicWith("stop-before", 3000);
        Path log = dir.resolve("log.vlog");
        runToTheEnd(topic, log, dir.resolve("first.txt"), 3000);
        feed(topic, 3000, 4000);
        Properties idle = new Properties();
        idle.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers());
        idle.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group(topic));
        idle.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        idle.setProperty(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000"); // it holds the next rebalance that long
        try (KafkaConsumer<byte[], byte[]> holder = new KafkaConsumer<>(idle, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            holder.subscribe(List.of(topic));
            Await.until(PATIENCE, "the holder to have the partitions", () -> {
                holder.poll(Duration.ofMillis(100));
                return !holder.assignment().isEmpty();
            });
            Path out = dir.resolve("before.txt");
            long logged = Probe.logSize(log);
            Process early = detector(topic, log, out);
            await("the detector to join, the group waiting for the holder", out,
                    () -> GroupProbe.state(kafka.broker().bootstrapServers(), group(topic)) == GroupState.PREPARING_REBALANCE);
            assertEquals(0, stop(early), Files.readString(out));
            String said = Files.readString(out);
            assertTrue(!said.contains("judging from"), "no partition was assigned: " + said);
            assertTrue(said.contains("judged 0 values") && said.contains("stopped with all committed"), said);
            assertEquals(logged, Probe.logSize(log), "nothing written");
        }
        runToTheEnd(topic, log, dir.resolve("last.txt"), 4000);
        assertEachValueAndEventOnce(topic, 4000, log);
    }

    /**
     * During a rebalance: a second detector joins the group while the first judges; the first is stopped
     * as it gives its partitions up. The two logs together hold every value once, and each event is once.
     */
    @Test
    void aStopDuringARebalanceLosesAndRepeatsNothing() throws Exception {
        String topic = topicWith("stop-rebalance", 3000);
        Path first = dir.resolve("first.vlog");
        Path second = dir.resolve("second.vlog");
        Path out1 = dir.resolve("first.txt");
        Process one = detector(topic, first, out1);
        await("the first detector to commit", out1, () -> GroupProbe.committedAll(kafka.broker().bootstrapServers(), group(topic), topic, PARTITIONS, 3000));
        feed(topic, 3000, 6000);
        Path out2 = dir.resolve("second.txt");
        Process two = detector(topic, second, out2);
        await("the first detector to give its partitions up", out1, () -> Probe.text(out1).contains("leave this member"));
        assertEquals(0, stop(one), Files.readString(out1));
        assertTrue(Files.readString(out1).contains("stopped"), Files.readString(out1));
        await("every value committed", out2, () -> GroupProbe.committedAll(kafka.broker().bootstrapServers(), group(topic), topic, PARTITIONS, 6000));
        assertEquals(0, stop(two), Files.readString(out2));
        assertEachValueAndEventOnce(topic, 6000, first, second);
    }

    /**
     * While the broker is down: the detector is stopped after it said Kafka does not answer. It stops
     * within its bounds and says it could not ask the broker; the next start, the broker back, finishes.
     */
    @Test
    void aStopWhileTheBrokerIsDownSaysSoAndTheNextStartFinishes() throws Exception {
        String topic = topicWith("stop-down", 3000);
        Path log = dir.resolve("log.vlog");
        Path out = dir.resolve("down.txt");
        Process p = detector(topic, log, out);
        await("every value committed", out, () -> GroupProbe.committedAll(kafka.broker().bootstrapServers(), group(topic), topic, PARTITIONS, 3000));
        kafka.broker().stop();
        try {
            await("the detector to see Kafka gone", out, () -> Probe.text(out).contains("does not answer"));
            assertEquals(0, stop(p), Files.readString(out));
            assertTrue(Files.readString(out).contains("stopped without word from Kafka"), Files.readString(out));
        } finally {
            kafka.broker().start();
        }
        feed(topic, 3000, 4000);
        runToTheEnd(topic, log, dir.resolve("last.txt"), 4000);
        assertEachValueAndEventOnce(topic, 4000, log);
    }

    /**
     * A transaction that fails mid-run: another producer with the detector's transactional id fences it (as a
     * second detector on the same log would). The detector ends with one clear line and exit 2; a restart
     * sends again the events of what the log holds past the committed offsets, and loses nothing.
     */
    @Test
    void aFencedTransactionEndsTheRunClearlyAndARestartLosesAndRepeatsNothing() throws Exception {
        String topic = topicWith("stop-fenced", 3000);
        Path log = dir.resolve("log.vlog");
        Path out = dir.resolve("fenced.txt");
        Process p = detector(topic, log, out, "-q");
        await("every value committed", out, () -> GroupProbe.committedAll(kafka.broker().bootstrapServers(), group(topic), topic, PARTITIONS, 3000));
        String transactionalId = "vigie-" + group(topic) + "-" + log.toAbsolutePath();
        try (KafkaProducer<byte[], byte[]> usurper = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.broker().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new ByteArraySerializer(), new ByteArraySerializer())) {
            usurper.initTransactions(); // fences the detector's producer
        }
        feed(topic, 3000, 4000);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the fenced detector ends: " + Files.readString(out));
        String said = Files.readString(out);
        assertEquals(2, p.exitValue(), said);
        assertTrue(said.contains("transaction failed") && said.contains("sends again what it did not commit") && !said.contains("\tat "), said);
        runToTheEnd(topic, log, dir.resolve("last.txt"), 4000);
        assertEachValueAndEventOnce(topic, 4000, log);
        assertTrue(new String(Files.readAllBytes(dir.resolve("last.txt")), StandardCharsets.UTF_8).contains("stopped with all committed"));
    }
}
