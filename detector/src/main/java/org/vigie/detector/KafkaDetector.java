package org.vigie.detector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.common.ClockWatch;
import org.vigie.common.State;
import org.vigie.common.wire.Wire;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.engine.Decision;
import org.vigie.engine.Detector;
import org.vigie.engine.DetectorSettings;

/**
 * The poll loop. Kafka record, window, decision, log record: consumes every partition assigned to this
 * group member, one engine {@link Detector} per partition (seeded by {@code --seed} or by its topic and
 * partition), and writes each value's state, event time, partition and offset to the record log
 * ({@link RecordLogSink}), each anomaly also to the events ({@link EventSink}).
 *
 * <p>Exactly once in the log: on assignment a partition resumes after the last of its values in the log
 * when the log is ahead of the group's committed offset (a crash between a flush and a commit), so no
 * value is logged twice, and none is skipped since offsets are committed only after the log is flushed.
 * Its window and history are rebuilt from the values before ({@link DetectorSettings#horizon()}), read
 * back from Kafka and judged silently: the rebuilt state is exactly an uninterrupted detector's.
 */
final class KafkaDetector {

    /** Where a partition without a committed offset, or every partition, starts. */
    enum StartFrom { COMMITTED, EARLIEST, LATEST }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDetector.class);
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    /**
     * How long closing the clients may take at the end of a run: everything is committed (or left to the next
     * start) by then, and with the broker away or a join pending a default close would wait 30 s or more.
     */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** A commit's bound: one the broker does not answer is warned about and tried at the next, not waited on for a minute. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    /** The consumer, closed within {@link #CLOSE_TIMEOUT}. */
    private record BoundedClose(Consumer<byte[], byte[]> consumer) implements AutoCloseable {
        @Override
        public void close() {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(CLOSE_TIMEOUT));
        }
    }

    private final String topic;
    private final DetectorSettings settings;
    private final Long seed;
    private final Properties consumerProps;
    private final Path logFile;
    private final StartFrom from;
    private final long maxMessages;
    private final String outputTopic;
    /** The assigned partitions' states (read by the status line's thread too: guarded by this). */
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    final AtomicLong judged = new AtomicLong();
    final AtomicLong anomalies = new AtomicLong();
    final AtomicLong nonNumeric = new AtomicLong();
    /** Polls that failed and were tried again. */
    final AtomicLong pollErrors = new AtomicLong();
    /** Times a partition's clock stepped back, and gaps in its readings, over the values judged (status line, summary). */
    final AtomicLong clockStepsBack = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    /** Each partition's clock, by partition: the judging thread's until the run ends. */
    private final java.util.SortedMap<Integer, ClockWatch> clocks = new java.util.TreeMap<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Records not yet consumed on the assigned partitions, as of the last poll; -1 until known. */
    final AtomicLong lag = new AtomicLong(-1);
    /** The same by partition, for those whose lag the consumer knows (read by the metrics' thread). */
    final Map<Integer, Long> lags = new java.util.concurrent.ConcurrentHashMap<>();
    private Consumer<byte[], byte[]> consumer;
    private EventSink events;
    private Clients clients = this::realClients;
    private String transactionalId; // events in transactions, committed with the offsets they follow

    /** Where the detector's Kafka clients come from: real ones, or (in tests) Kafka's MockConsumer and MockProducer. */
    interface Clients {
        /** The consumer, and the anomaly events' producer (null without an output topic). */
        Consumer<byte[], byte[]> consumer();

        default Producer<byte[], byte[]> producer() {
            return null;
        }
    }

    /**
     * Sends the anomaly events in Kafka transactions of this id, each committing the offsets its events
     * follow: a consumer reading {@code read_committed} then sees each event once, across crashes.
     */
    KafkaDetector withTransactionalEvents(String id) {
        this.transactionalId = id;
        return this;
    }

    /** Uses {@code c} instead of clients made from the properties. */
    KafkaDetector withClients(Clients c) {
        this.clients = c;
        return this;
    }

    /** How the log is forced: a test's seam, to see the order of forces and commits. */
    interface LogForce {
        void force(RecordLogSink log) throws IOException;
    }

    private LogForce forceLog = RecordLogSink::force;

    KafkaDetector withLogForce(LogForce f) {
        this.forceLog = f;
        return this;
    }

    private Consumer<byte[], byte[]> realClients() {
        return new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    private RecordLogSink log;
    private JudgingThread judging;
    private volatile boolean stopping;
    private String standing;
    // Set when the poll loop has ended (normally or not): the consumer's close then revokes its partitions,
    // and that must not commit again (the events' producer may be closed, its transaction broken).
    private boolean ended;

    KafkaDetector(String topic, DetectorSettings settings, Properties consumerProps, Path logFile, StartFrom from, long maxMessages) {
        this(topic, settings, null, consumerProps, logFile, from, maxMessages, null);
    }

    /**
     * With {@code outputTopic}, each anomaly is also published there as a JSON event (at least once). A null
     * {@code seed} gives each partition the seed of its topic and partition.
     */
    KafkaDetector(String topic, DetectorSettings settings, Long seed, Properties consumerProps, Path logFile, StartFrom from, long maxMessages,
            String outputTopic) {
        this.outputTopic = outputTopic;
        this.topic = topic;
        this.settings = settings;
        this.seed = seed;
        this.consumerProps = consumerProps;
        this.logFile = logFile;
        this.from = from;
        this.maxMessages = maxMessages;
    }

    /** Asks {@link #run()} to finish: it flushes, commits and returns. Any thread. */
    void stop() {
        stopping = true;
        stopRequested.countDown();
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /** Initialisation progress of the least advanced partition, 0..1 (1 when none is assigned). */
    synchronized double initialised() {
        return partitions.values().stream().mapToDouble(p -> p.detector().initialised()).min().orElse(1.0);
    }

    /**
     * Consumes until stopped (or {@code maxMessages} are judged). A failed poll is warned about and tried
     * again with a growing pause; one that needs the user (authentication, authorisation, no offset reset
     * policy) ends the run with its exception, the log flushed (it says where to resume).
     */
    void run() throws IOException, InterruptedException {
        log = RecordLogSink.open(logFile, LogMetadata.detector(topic, settings.algorithm().id(), settings.features().window(), parameters()));
        try (RecordLogSink ignored = log; BoundedClose closing = new BoundedClose(clients.consumer());
                EventSink sink = outputTopic == null ? null : new EventSink(outputTopic, settings.algorithm().id(), eventsProducer(), CLOSE_TIMEOUT);
                JudgingThread thread = new JudgingThread()) {
            judging = thread;
            Consumer<byte[], byte[]> c = closing.consumer();
            consumer = c;
            events = sink;
            if (sink != null && transactionalId != null) {
                sink.beginTransactions();
            }
            c.subscribe(List.of(topic), new Rebalance());
            try {
                poll(c);
            } finally {
                ended = true;
            }
        }
    }

    /**
     * Polls, judges and commits until stopped; then the last commit, and what this run leaves. Each batch is decoded
     * here and queued to the judging thread while the next is fetched; every commit waits for the queue first.
     */
    private void poll(Consumer<byte[], byte[]> c) throws IOException, InterruptedException {
        long lastCommit = System.nanoTime();
        while (!stopping) {
            if (maxMessages > 0 && judged.get() + judging.recordsInFlight() >= maxMessages) {
                judging.await(); // the batches in flight may reach the count: no poll beyond it
                if (judged.get() >= maxMessages) {
                    break;
                }
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = c.poll(Duration.ofMillis(200));
            } catch (WakeupException e) {
                break;
            } catch (AuthenticationException | AuthorizationException | InvalidOffsetException e) {
                throw e; // will not pass by itself: the user must change a setting
            } catch (KafkaException e) {
                if (e.getCause() instanceof EventSink.TransactionFailed failed) {
                    throw failed; // in a rebalance's commit: the open transaction cannot be trusted any more
                }
                if (e instanceof EventSink.SendFailed || e.getCause() instanceof EventSink.SendFailed) {
                    throw e; // events lost in flight: their offsets must never be committed by this run
                }
                long n = pollErrors.incrementAndGet();
                if (n <= 5 || n % 100 == 0) {
                    LOG.warn("reading {} failed ({}); trying again [#{}]", topic, e.toString(), n);
                }
                if (stopRequested.await(Math.min(5_000, 100L << Math.min(n, 6)), TimeUnit.MILLISECONDS)) {
                    break;
                }
                continue;
            }
            if (!records.isEmpty()) {
                List<Segment> batch = Segment.decode(records);
                judging.submit(() -> judge(batch), records.count()); // judged after those before it
            }
            if (System.nanoTime() - lastCommit > COMMIT_INTERVAL.toNanos()) {
                judging.await();
                try {
                    commit();
                } catch (WakeupException e) {
                    break; // a stop: the last commit below tries again
                }
                lastCommit = System.nanoTime();
                lag.set(lag(c, lags));
            }
        }
        judging.await(); // a batch that failed ends the run here: nothing of it is committed
        // A stop's wakeup may still be pending (it came while a batch was being judged, not during a poll):
        // it would fail the next blocking call, the last commit's, once.
        afterWakeup(() -> {
            commit();
            return null;
        });
        lag.set(lag(c, lags));
        standing = standing(consumerProps.getProperty(org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, groupId()));
    }

    /** One partition's records of a poll, their values and event times decoded on the poll loop's thread. */
    private record Segment(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records, double[] values, long[] micros) {

        static List<Segment> decode(ConsumerRecords<byte[], byte[]> polled) {
            List<Segment> segments = new java.util.ArrayList<>(polled.partitions().size());
            for (TopicPartition tp : polled.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> rs = polled.records(tp);
                double[] values = new double[rs.size()];
                long[] micros = new long[rs.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Wire.value(rs.get(i));
                    micros[i] = Wire.eventMicros(rs.get(i));
                }
                segments.add(new Segment(tp, rs, values, micros));
            }
            return segments;
        }
    }

    /** Judges a polled batch, partition by partition in the order polled, on the judging thread; then writes the log once. */
    private void judge(List<Segment> batch) throws IOException {
        long before = judged.get();
        boolean failed = true;
        try {
            segments:
            for (Segment s : batch) {
                PartitionState state;
                synchronized (this) {
                    state = partitions.computeIfAbsent(s.partition(), this::unprepared);
                }
                ClockWatch clock = clocks.computeIfAbsent(s.partition().partition(), p -> new ClockWatch());
                long next = -1; // the offset after the last record handled that is not a rebuild's
                try {
                    for (int i = 0; i < s.values().length; i++) {
                        if (maxMessages > 0 && judged.get() >= maxMessages) {
                            break segments;
                        }
                        ConsumerRecord<byte[], byte[]> r = s.records().get(i);
                        if (handle(state, clock, r, s.values()[i], s.micros()[i])) {
                            next = r.offset() + 1;
                        }
                    }
                } finally {
                    if (next >= 0) {
                        done.put(s.partition(), new OffsetAndMetadata(next));
                    }
                }
            }
            failed = false;
        } finally {
            if (!failed && judged.get() != before) {
                log.flush(); // one write per batch: a state reaches the log within milliseconds (not after a failure: its own is told)
            }
        }
    }

    private void watchClock(ClockWatch clock, long offset, long micros) {
        long back = clock.stepsBack();
        if (clock.observe(offset, micros)) {
            gaps.incrementAndGet();
        }
        if (clock.stepsBack() != back) {
            clockStepsBack.incrementAndGet();
        }
    }

    /**
     * What the partitions' clocks did over the values judged, for the end of a run: a line if a clock stepped back
     * (how many times, where first, by how much at most), a line if the readings had gaps (how many, where first, the
     * longest); none if neither. Call once {@link #run()} has returned.
     */
    List<String> clockSummary() {
        long back = 0;
        long largest = 0;
        String firstBack = null;
        long gapCount = 0;
        String firstGap = null;
        String longestAt = null;
        long longest = 0;
        for (var e : clocks.entrySet()) {
            ClockWatch c = e.getValue();
            String p = "partition " + e.getKey() + " offset ";
            back += c.stepsBack();
            largest = Math.max(largest, c.largestStepBack());
            if (firstBack == null && c.firstStepBackAt() >= 0) {
                firstBack = ClockWatch.at(p + c.firstStepBackAt(), c.firstStepBackMicros());
            }
            gapCount += c.gaps();
            if (firstGap == null && c.firstGapAt() >= 0) {
                firstGap = ClockWatch.at(p + c.firstGapAt(), c.firstGapMicros());
            }
            if (c.longestGap() > longest) {
                longest = c.longestGap();
                longestAt = ClockWatch.at(p + c.longestGapAt(), c.longestGapMicros());
            }
        }
        List<String> lines = new java.util.ArrayList<>();
        if (back > 0) {
            lines.add(ClockWatch.stepsBackLine(back, firstBack, largest) + ClockWatch.JUDGED_AS_THEY_CAME);
        }
        if (gapCount > 0) {
            lines.add(ClockWatch.gapsLine(gapCount, firstGap, longest, longestAt));
        }
        return lines;
    }

    /** What the last run left, in one line: set when {@link #run()} returns normally. */
    String standing() {
        return standing;
    }

    private interface Call<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code call}, once more if a wakeup left over from a stop interrupts it; a second wakeup (a second
     * Ctrl-C while it waits) gives up, and the stop line then says what was not committed.
     */
    private static <T> T afterWakeup(Call<T> call) throws IOException {
        try {
            return call.call();
        } catch (WakeupException e) {
            try {
                return call.call();
            } catch (WakeupException again) {
                LOG.warn("stopped again while committing: the last values' offsets are left to the next start");
                return null;
            }
        }
    }

    /**
     * Where the log and the group's committed offsets stand, partition by partition, and so what the next
     * start does: nothing (they agree), or resume after the log and send again the events of the values
     * logged past the committed offsets (a stop before this run had its partitions, or with the broker away).
     */
    private String standing(String group) {
        java.util.SortedMap<Integer, Long> logged = log.resumeOffsets();
        if (logged.isEmpty()) {
            return "stopped: the log holds no value of " + topic + " yet; nothing left to the next start";
        }
        java.util.Set<TopicPartition> tps = new java.util.LinkedHashSet<>();
        logged.keySet().forEach(p -> tps.add(new TopicPartition(topic, p)));
        String ends = logged.entrySet().stream().map(e -> e.getKey() + " at " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
        Map<TopicPartition, OffsetAndMetadata> committed;
        // Asked of the broker by an admin client, not by the consumer: the consumer cannot fetch offsets while
        // its group rebalances (a stop before its partitions came), and the broker may be away.
        java.util.Properties admin = org.vigie.common.kafka.KafkaWatch.adminLike(consumerProps);
        admin.setProperty(org.apache.kafka.clients.admin.AdminClientConfig.CLIENT_ID_CONFIG, "vigie-standing");
        // Its calls end within the close bound, so that closing it does not wait for one the broker never answers.
        admin.setProperty(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CLOSE_TIMEOUT.toMillis()));
        admin.setProperty(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(CLOSE_TIMEOUT.toMillis()));
        try (org.apache.kafka.clients.admin.Admin a = org.apache.kafka.clients.admin.Admin.create(admin)) {
            // requireStable: offsets a transaction has just committed are read as committed, not as pending.
            committed = a.listConsumerGroupOffsets(java.util.Map.of(group, new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec()),
                            new org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata(group).get(CLOSE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
            return "stopped without word from Kafka on the group's offsets (" + (e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e)
                    .getClass().getSimpleName() + "): the log ends at partition " + ends + "; the next start resumes there"
                    + (events != null ? " and sends again the events of what was not committed" : "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "stopped, interrupted while asking Kafka for the group's offsets: the log ends at partition " + ends;
        }
        List<String> ahead = new java.util.ArrayList<>();
        for (var e : logged.entrySet()) {
            OffsetAndMetadata at = committed.get(new TopicPartition(topic, e.getKey()));
            long from = at == null ? 0 : at.offset();
            if (from < e.getValue()) {
                ahead.add("partition " + e.getKey() + " offsets " + (at == null ? "up to " : from + " to ") + (e.getValue() - 1)
                        + (at == null ? " (the group committed none)" : ""));
            }
        }
        if (ahead.isEmpty()) {
            return "stopped with all committed: the log and the group's offsets agree (partition " + ends + "); nothing left to the next start";
        }
        return "stopped: committed what the log holds but " + String.join(", ", ahead) + "; the next start resumes after the log"
                + (events != null ? " and sends their anomaly events again" : "");
    }

    /**
     * Judges one record (its value and event time decoded) with its partition's state and clock; says whether its offset
     * is one to commit (not a rebuild's).
     */
    private boolean handle(PartitionState state, ClockWatch clock, ConsumerRecord<byte[], byte[]> r, double value, long micros) throws IOException {
        PartitionState.Role role = state.role(r.offset());
        if (Double.isNaN(value)) {
            if (role == PartitionState.Role.JUDGE) {
                long n = nonNumeric.incrementAndGet();
                if (n <= 5 || n % 1000 == 0) {
                    LOG.warn("partition {} offset {}: not a number, skipped: '{}' [#{}]", new TopicPartition(r.topic(), r.partition()), r.offset(), printable(r.value()), n);
                }
            }
            return role != PartitionState.Role.REBUILD;
        }
        Decision decision = state.judge(r.offset(), micros, value);
        switch (role) {
            case REBUILD -> { } // judged as before, so the state ends as an uninterrupted detector's; reported before
            case REPUBLISH -> { // in the log already; its event may have died with the process
                if (decision.anomaly() && events != null) {
                    events.publish(r, micros, value, decision);
                }
            }
            case JUDGE -> {
                watchClock(clock, r.offset(), micros);
                log.write(r, micros, value, decision);
                judged.incrementAndGet();
                if (decision.anomaly()) {
                    anomalies.incrementAndGet();
                    if (events != null) {
                        events.publish(r, micros, value, decision);
                    }
                }
            }
        }
        return role != PartitionState.Role.REBUILD;
    }

    /**
     * The total of the assigned partitions' lags the consumer knows from its fetches, or -1 when it knows none;
     * each known one also into {@code byPartition}, which keeps only the assigned partitions.
     */
    private static long lag(Consumer<byte[], byte[]> c, Map<Integer, Long> byPartition) {
        long total = -1;
        java.util.Set<Integer> assigned = new java.util.HashSet<>();
        for (TopicPartition tp : c.assignment()) {
            assigned.add(tp.partition());
            java.util.OptionalLong l = c.currentLag(tp);
            if (l.isPresent()) {
                total = Math.max(total, 0) + l.getAsLong();
                byPartition.put(tp.partition(), l.getAsLong());
            }
        }
        byPartition.keySet().retainAll(assigned);
        return total;
    }

    /**
     * The log (and the anomaly events) first, then the offsets: an offset is committed only once its record
     * is in the log and its event acknowledged.
     */
    private void commit() throws IOException {
        if (done.isEmpty()) {
            return;
        }
        // On the device before the offsets (and events) that cover it are committed: a power cut then loses no
        // value for ever, it only has the last second's judged again. One force a commit, a second apart.
        forceLog.force(log);
        if (events != null && events.transactional()) {
            events.commitWith(Map.copyOf(done), consumer.groupMetadata()); // the events and their offsets, at once
            done.clear();
            return;
        }
        if (events != null) {
            events.flush(); // an event not acknowledged ends the run (EventSink.SendFailed): its offset is not committed
        }
        try {
            consumer.commitSync(Map.copyOf(done), COMMIT_TIMEOUT);
            done.clear();
        } catch (WakeupException e) {
            throw e; // a stop's: the last commit is tried again
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warn("offset commit failed ({}); those values may be judged again after a restart", e.toString());
        }
    }

    /**
     * The state of a partition whose records came without its assignment's set-up: assigned by hand (a test's
     * assign()), or after the assignment callback failed part-way (a broker that did not answer for its committed
     * offsets). The values the log already holds are judged only to build the state, never logged twice; the state
     * is not rebuilt from the horizon before them, so its first decisions may differ from an uninterrupted run's.
     */
    private PartitionState unprepared(TopicPartition tp) {
        long logged = log.resumeOffset(tp);
        if (logged < 0) {
            return PartitionState.fresh(newDetector(tp));
        }
        LOG.warn("partition {} came without its assignment's set-up: the values its log holds (before offset {}) are not written again, and "
                + "its state is built from what comes, not from the horizon before", tp, logged);
        return new PartitionState(newDetector(tp), logged, logged);
    }

    private long horizonStart(TopicPartition tp, long before) {
        try {
            return log.horizonStart(tp, before, settings.horizon());
        } catch (IOException e) {
            LOG.warn("reading the log back for partition {}'s horizon failed ({}): rebuilding from offsets only", tp, e.getMessage());
            return -1;
        }
    }

    private Detector newDetector(TopicPartition tp) {
        return Detector.create(settings, seed != null ? seed : Detector.seedOf(tp.topic(), tp.partition()));
    }

    /** The settings for the log header, with the seed (a derived seed differs per partition: "topic+partition"). */
    private Map<String, String> parameters() {
        Map<String, String> p = new java.util.LinkedHashMap<>(settings.parameters());
        p.put("seed", seed != null ? Long.toString(seed) : "topic+partition");
        return p;
    }

    private Producer<byte[], byte[]> eventsProducer() {
        Producer<byte[], byte[]> p = clients.producer();
        return p != null ? p : EventSink.producerLike(consumerProps, transactionalId);
    }

    private static String printable(byte[] value) {
        String s = value == null ? "(null)" : new String(value, StandardCharsets.UTF_8);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** The consumer group, for the lines that say who holds which partition. */
    private String groupId() {
        try {
            return consumer.groupMetadata().groupId();
        } catch (RuntimeException e) {
            return "?"; // a client that knows no group (a test's mock)
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (!revoked.isEmpty()) {
                LOG.info("partitions {} leave this member of group {} (another member takes them, or this one stops)", revoked, groupId());
            }
            // The queued batches first: their offsets are committed only once they are in the log (a batch that failed
            // commits nothing; the poll loop then ends the run with its failure).
            if (!ended && judging.awaitQuietly()) {
                try {
                    commit();
                } catch (IOException e) {
                    LOG.error("flushing the log on a rebalance failed: {}", e.getMessage());
                }
            }
            for (TopicPartition tp : revoked) {
                ClockWatch clock = clocks.get(tp.partition()); // its counts kept for the summary; its readings while away are not its
                if (clock != null) {
                    clock.lookAway();
                }
            }
            synchronized (KafkaDetector.this) {
                revoked.forEach(KafkaDetector.this.partitions::remove);
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            judging.awaitQuietly(); // the log's resume points, read below, are the judging thread's to move
            Map<TopicPartition, OffsetAndMetadata> committed = assigned.isEmpty() ? Map.of() : consumer.committed(java.util.Set.copyOf(assigned));
            for (TopicPartition tp : assigned) {
                switch (from) {
                    case EARLIEST -> consumer.seekToBeginning(List.of(tp));
                    case LATEST -> consumer.seekToEnd(List.of(tp));
                    case COMMITTED -> { }
                }
                long position = consumer.position(tp);
                long logged = log.resumeOffset(tp);
                long judgeFrom = Math.max(position, logged); // the log is ahead after a crash between its flush and a commit
                OffsetAndMetadata c = committed.get(tp);
                // Nothing committed yet: the events of what the log holds may all have died with the process.
                long republishFrom = Math.min(c != null ? c.offset() : position, judgeFrom);
                long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
                // The horizon counts values, not offsets: a transactional producer's markers and records that are not
                // numbers hold offsets but no value. The log knows where its last values were; before its start, offsets.
                long needed = republishFrom - settings.horizon();
                long byValues = horizonStart(tp, republishFrom);
                if (byValues >= 0) {
                    needed = Math.min(needed, byValues);
                }
                long rebuildFrom = Math.max(begin, needed); // republished events judged as the log's states were
                if (from == StartFrom.COMMITTED && begin > 0 && (c != null || logged > 0) && needed < begin) {
                    // A resumed detector whose horizon the partition no longer holds in full (retention, or records deleted).
                    if (republishFrom < begin) {
                        LOG.warn("partition {} (group {}): its committed offset {} lies before the partition's first offset, {}: the values between "
                                + "were deleted before they were judged, and it starts at {} with no state to rebuild", tp, groupId(), republishFrom,
                                begin, begin);
                    } else {
                        LOG.warn("partition {} (group {}): the {} values before offset {} that rebuild the detector's state reach before the "
                                + "partition's first offset, {}: it starts from the {} there are; if retention deleted values it had judged, its "
                                + "first decisions may differ from those of a detector that never stopped", tp, groupId(), settings.horizon(),
                                republishFrom, begin, republishFrom - begin);
                    }
                }
                synchronized (KafkaDetector.this) {
                    partitions.put(tp, new PartitionState(newDetector(tp), republishFrom, judgeFrom));
                }
                if (rebuildFrom != position) {
                    consumer.seek(tp, rebuildFrom); // the values before: they rebuild the detector's state, unreported
                }
                LOG.info("partition {} (group {}): judging from offset {}{}{}", tp, groupId(), judgeFrom,
                        judgeFrom > position ? " (where its log ends: it is ahead of the group's position, " + position + ")" : "",
                        rebuildFrom < judgeFrom ? ", its state rebuilt from the records from offset " + rebuildFrom : "");
            }
        }
    }
}
