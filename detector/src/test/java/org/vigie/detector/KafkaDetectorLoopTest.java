package org.vigie.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.wire.Wire;
import org.vigie.engine.Algorithm;
import org.vigie.engine.DetectorSettings;
import org.vigie.tools.Probe;

/** The poll loop alone, on Kafka's MockConsumer: fast checks of what a rebalance does (the real-broker tests stay). */
class KafkaDetectorLoopTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @TempDir
    Path dir;

    /**
     * MockConsumer's rebalance moves the assignment but tells the listener only of what it adds; a real
     * consumer first tells it what it takes away, and that is the call under test here.
     */
    static class RevokingMockConsumer extends MockConsumer<byte[], byte[]> {
        private ConsumerRebalanceListener listener;
        /** What had been committed for the revoked partitions when the listener returned (read before they go). */
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committedOnRevoke = Map.of();

        RevokingMockConsumer() {
            super("earliest");
        }

        /** The group's committed offsets when the detector subscribes (MockConsumer forgets earlier commits on subscribing). */
        Map<TopicPartition, OffsetAndMetadata> groupOffsets = Map.of();

        @Override
        public synchronized void subscribe(java.util.Collection<String> topics, ConsumerRebalanceListener l) {
            super.subscribe(topics, l);
            this.listener = l;
            commitSync(groupOffsets);
        }

        /** What had been committed for the assigned partitions when the detector closed its consumer. */
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committedOnClose = Map.of();

        @Override
        public synchronized void close(org.apache.kafka.clients.consumer.CloseOptions options) {
            committedOnClose = committed(assignment()); // the detector closes with a bound
            super.close(options);
        }

        @Override
        public synchronized void rebalance(java.util.Collection<TopicPartition> newAssignment) {
            Set<TopicPartition> revoked = new java.util.HashSet<>(assignment());
            revoked.removeAll(newAssignment);
            if (!revoked.isEmpty()) {
                listener.onPartitionsRevoked(revoked);
                committedOnRevoke = committed(revoked);
            }
            super.rebalance(newAssignment);
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, double value) {
        return record(tp, offset, value, 1_700_000_000_000_000L + offset * 1_000_000L);
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, double value, long micros) {
        return record(tp, offset, String.format(Locale.ROOT, "%.2f", value), micros);
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, String text, long micros) {
        ProducerRecord<byte[], byte[]> w = Wire.record(tp.topic(), null, text.getBytes(StandardCharsets.UTF_8), micros);
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, w.timestamp(), TimestampType.CREATE_TIME, 0, w.value().length, null, w.value(),
                new RecordHeaders(w.headers().toArray()), Optional.empty());
    }

    /**
     * Given two assigned partitions with 50 values each, when partition 0 is revoked, then its offsets are
     * committed (after the log has its records), and every value of both is in the log once.
     */
    @Test
    void aRevokedPartitionIsCommittedAfterItsRecordsAreLogged() throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        Path log = dir.resolve("t.dbscan.vlog");
        KafkaDetector d = dbscanOn(c, log);
        c.schedulePollTask(() -> assignBothWithFiftyValues(c));
        long[] committedAtRevoke = {-1};
        long[] loggedAtRevoke = {-1};
        c.schedulePollTask(() -> {
            c.rebalance(List.of(P1)); // P0 goes to another member
            committedAtRevoke[0] = c.committedOnRevoke.get(P0).offset();
            loggedAtRevoke[0] = Probe.logSize(log);
        });
        c.schedulePollTask(d::stop);
        d.run();
        assertEquals(50, committedAtRevoke[0], "P0 committed up to its last value on revocation");
        assertEquals(100, loggedAtRevoke[0], "the log had every value before the commit");
        assertEquals(100, Probe.records(log).size());
        assertEquals(100, d.judged.get());
        assertEquals(50, c.committedOnClose.get(P1).offset(), "P1 committed when the detector stopped");
    }

    /**
     * Issue 29: the log is forced to the device before every commit of the offsets that cover it (a power cut
     * then loses no value for ever): every commit comes right after a force, the rebalance's and the stop's too.
     */
    @Test
    void theLogIsForcedBeforeEachCommit() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        RevokingMockConsumer c = new RevokingMockConsumer() {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
                order.add("commit");
                super.commitSync(offsets, timeout);
            }
        };
        Path log = dir.resolve("forced.dbscan.vlog");
        KafkaDetector d = dbscanOn(c, log).withLogForce(sink -> {
                    sink.force();
                    order.add("force");
                });
        c.schedulePollTask(() -> assignBothWithFiftyValues(c));
        c.schedulePollTask(() -> {
            c.rebalance(List.of(P1)); // a revocation's commit
            for (int i = 50; i < 60; i++) {
                c.addRecord(record(P1, i, 20 + Math.cos(i)));
            }
        });
        c.schedulePollTask(d::stop); // and the stop's, of P1's last ten
        d.run();
        List<String> seen = List.copyOf(order);
        int commits = 0;
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).equals("commit") && (i == 0 || !seen.get(i - 1).equals("force"))) {
                throw new AssertionError("a commit without a force just before it: " + seen);
            }
            commits += seen.get(i).equals("commit") ? 1 : 0;
        }
        assertTrue(commits >= 2, "the revocation's and the stop's commits: " + seen);
    }

    /** A DBSCAN detector of seed 1, without events, writing {@code log}, on {@code c}. */
    private static KafkaDetector dbscanOn(MockConsumer<byte[], byte[]> c, Path log) {
        return new KafkaDetector("t", DetectorSettings.defaults(Algorithm.DBSCAN), 1L, new Properties(), log, KafkaDetector.StartFrom.COMMITTED, 0, null)
                .withClients(() -> c);
    }

    /** Assigns P0 and P1, and puts 50 values in each. */
    private static void assignBothWithFiftyValues(MockConsumer<byte[], byte[]> c) {
        c.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        c.rebalance(List.of(P0, P1));
        for (int i = 0; i < 50; i++) {
            c.addRecord(record(P0, i, 45 + Math.sin(i)));
            c.addRecord(record(P1, i, 20 + Math.cos(i)));
        }
    }

    private static double series(long offset) {
        return offset == 2900 ? 200 : offset == 3400 ? -4000 : 45 + 5 * Math.sin(offset / 10.0); // after the first 2,000, which are learnt
    }

    /** Runs a detector on P0's records {@code [0, n)} with {@code committed} as the group's offset; returns the events it published. */
    private List<ProducerRecord<byte[], byte[]>> runOnP0(Path log, int n, Long committed) throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        MockProducer<byte[], byte[]> events = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        if (committed != null) {
            c.groupOffsets = Map.of(P0, new OffsetAndMetadata(committed));
        }
        runOnP0(detectorWithEvents(log, c, events), c, n);
        return events.history();
    }

    /**
     * Given events in transactions, when the loop commits, then the offsets go with the events in the
     * producer's transaction (the consumer commits nothing itself), and every anomaly's event is committed.
     */
    @Test
    void transactionalEventsCommitTheirOffsetsWithThem() throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        MockProducer<byte[], byte[]> events = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaDetector d = detectorWithEvents(dir.resolve("t.dbscan.vlog"), c, events).withTransactionalEvents("vigie-test");
        runOnP0(d, c, 3600);
        assertTrue(events.transactionInitialized() && events.commitCount() >= 1, "transactions committed: " + events.commitCount());
        List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> sent = events.consumerGroupOffsetsHistory();
        Map<TopicPartition, OffsetAndMetadata> last = sent.get(sent.size() - 1).values().iterator().next();
        assertEquals(3600, last.get(P0).offset(), "the last transaction commits the last value's offset");
        assertEquals(List.of(2900L, 3400L), events.history().stream().map(KafkaDetectorLoopTest::offsetOf).toList());
        assertEquals(null, c.committedOnClose.get(P0), "the consumer committed nothing itself");
    }

    /**
     * Issue 29: given a group that committed offset 3,000 on a partition whose records before 2,000 retention
     * deleted, when the detector starts, then one line says that its horizon (the values that rebuild its state)
     * is partly gone and that it starts from what is there; and it does.
     */
    @Test
    void aHorizonLostToRetentionIsSaidInOneLineAtStartUp() throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        c.groupOffsets = Map.of(P0, new OffsetAndMetadata(3000));
        KafkaDetector d = assignedP0With(c, dir.resolve("r.dbscan.vlog"), 2000, 3100);
        c.schedulePollTask(d::stop);
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            d.run();
        } finally {
            System.setErr(old);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        int horizon = DetectorSettings.defaults(Algorithm.DBSCAN).horizon();
        assertTrue(said.contains("the " + horizon + " values before offset 3000 that rebuild the detector's state reach before the partition's first offset, "
                + "2000: it starts from the 1000 there are"), said);
        assertEquals(1, said.split("reach before the partition's first offset", -1).length - 1, "said once: " + said);
        assertEquals(100, d.judged.get(), "the values from the committed offset on are judged");
    }

    private static void runOnP0(KafkaDetector d, RevokingMockConsumer c, int n) throws Exception {
        c.schedulePollTask(() -> {
            c.updateBeginningOffsets(Map.of(P0, 0L));
            c.rebalance(List.of(P0));
            for (int i = 0; i < n; i++) {
                c.addRecord(record(P0, i, series(i)));
            }
        });
        c.schedulePollTask(d::stop);
        d.run();
    }

    private static KafkaDetector detectorWithEvents(Path log, RevokingMockConsumer c, MockProducer<byte[], byte[]> events) {
        return new KafkaDetector("t", DetectorSettings.defaults(Algorithm.DBSCAN), 1L, new Properties(), log,
                KafkaDetector.StartFrom.COMMITTED, 0, "t-anomalies").withClients(new KafkaDetector.Clients() {
                    @Override
                    public org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer() {
                        return c;
                    }

                    @Override
                    public org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer() {
                        return events;
                    }
                });
    }

    private static long offsetOf(ProducerRecord<byte[], byte[]> event) {
        String json = new String(event.value(), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"offset\":(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Given a log that holds offsets 0 to 3099 while the group committed only 2800 (a crash between the
     * log's flush and the commit), when the detector restarts with values up to 3599, then it resumes
     * after its log: the log holds each offset once, with the records an uninterrupted run writes, and the
     * anomaly events from 2800 on are sent again (their first sending may have died with the process).
     */
    @Test
    void aRestartResumesWhereTheLogEndsAndSendsTheGapsEventsAgain() throws Exception {
        Path whole = dir.resolve("whole.vlog");
        runOnP0(whole, 3600, null);
        List<org.vigie.common.recordlog.LogRecord> uninterrupted = Probe.records(whole);
        assertEquals(3600, uninterrupted.size());
        List<Long> anomalies = uninterrupted.stream().filter(r -> r.state() == org.vigie.common.State.ANOMALY).map(r -> r.offset()).toList();
        assertEquals(List.of(2900L, 3400L), anomalies, "the planted spikes, as an uninterrupted detector flags them");

        Path log = dir.resolve("t.dbscan.vlog");
        runOnP0(log, 3100, null);
        List<ProducerRecord<byte[], byte[]>> events = runOnP0(log, 3600, 2800L);

        List<org.vigie.common.recordlog.LogRecord> restarted = Probe.records(log);
        assertEquals(uninterrupted, restarted, "each offset once, each record as an uninterrupted run's");
        assertEquals(List.of(2900L, 3400L), events.stream().map(KafkaDetectorLoopTest::offsetOf).toList(),
                "the event of 2900 sent again (it followed the committed offset), 3400 sent once");
    }

    /** Given a poll that fails once (a broker hiccup), the loop warns, tries again and loses nothing. */
    @Test
    void aFailedPollIsTriedAgainAndLosesNothing() throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        Path log = dir.resolve("t.dbscan.vlog");
        KafkaDetector d = assignedP0With30Values(c, log);
        c.schedulePollTask(() -> {
            c.setPollException(new org.apache.kafka.common.KafkaException("the broker hiccuped"));
            for (int i = 30; i < 60; i++) {
                c.addRecord(record(P0, i, series(i)));
            }
        });
        c.schedulePollTask(() -> { }); // the poll that fails
        c.schedulePollTask(() -> { }); // the one after: the records added before the failure
        c.schedulePollTask(d::stop);
        d.run();
        assertEquals(1, d.pollErrors.get());
        assertEquals(60, Probe.records(log).size(), "every value judged, none twice");
        assertEquals(60, c.committedOnClose.get(P0).offset());
    }

    /**
     * Given an anomaly's event that the producer refuses at once (its buffer full past max.block.ms), when the judging
     * thread meets it, then the run ends with that failure: no offset of its batch is committed, and the log keeps what
     * was judged up to it, so a restart resumes after the log and sends the event again.
     */
    @Test
    void anEventRefusedWhileJudgingEndsTheRunWithNothingOfItsBatchCommitted() throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        MockProducer<byte[], byte[]> events = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(ProducerRecord<byte[], byte[]> r,
                    org.apache.kafka.clients.producer.Callback callback) {
                throw new org.apache.kafka.common.errors.TimeoutException("buffer full for 60000 ms");
            }
        };
        Path log = dir.resolve("refused.dbscan.vlog");
        KafkaDetector d = detectorWithEvents(log, c, events);
        EventSink.SendFailed failed = org.junit.jupiter.api.Assertions.assertThrows(EventSink.SendFailed.class, () -> runOnP0(d, c, 3600));
        assertTrue(failed.getMessage().contains("buffer full"), failed.getMessage());
        assertEquals(2901, Probe.records(log).size(), "the log holds the values up to the anomaly at 2900, whose event failed");
        OffsetAndMetadata committed = c.committedOnClose.get(P0);
        assertTrue(committed == null || committed.offset() <= 2900, "nothing at or past the failed event committed: " + committed);
    }

    /**
     * Issue 29: given a partition whose clock steps back 55 minutes at offset 1,500 and whose board was unplugged for two
     * hours before offset 2,500, when the detector judges it, then every value is judged and logged with its time as it
     * came, and the end of the run says each in one line, with where it happened.
     */
    @Test
    void aClockSteppingBackAndAGapAreEachSaidInOneLineAndTheTimesLoggedAsTheyCame() throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        Path log = dir.resolve("clock.dbscan.vlog");
        KafkaDetector d = dbscanOn(c, log);
        long[] micros = new long[3_000];
        long t = 1_700_000_000_000_000L;
        for (int i = 0; i < micros.length; i++) {
            t += 1_000_000L - (i == 1_500 ? 3_300_000_000L : 0) + (i == 2_500 ? 7_200_000_000L : 0);
            micros[i] = t;
        }
        c.schedulePollTask(() -> {
            c.updateBeginningOffsets(Map.of(P0, 0L));
            c.rebalance(List.of(P0));
            for (int i = 0; i < micros.length; i++) {
                c.addRecord(record(P0, i, series(i), micros[i]));
            }
        });
        c.schedulePollTask(d::stop);
        d.run();
        List<org.vigie.common.recordlog.LogRecord> logged = Probe.records(log);
        assertEquals(micros.length, logged.size());
        for (int i = 0; i < micros.length; i++) {
            assertEquals(micros[i], logged.get(i).timeMicros(), "the time of offset " + i + " as it came");
        }
        List<String> said = d.clockSummary();
        assertEquals(2, said.size(), "one line each: " + said);
        assertTrue(said.get(0).startsWith("the clock steps back 1 time (first at partition 0 offset 1500, 2023-11-14 21:43:21 UTC;"), said.get(0));
        assertTrue(said.get(0).contains("by 54m59s at most"), said.get(0));
        assertTrue(said.get(1).startsWith("1 gap in the readings (silences longer than 10 usual intervals and a minute): first before partition 0 offset 2500"), said.get(1));
        assertTrue(said.get(1).contains("the longest 2h1s, before partition 0 offset 2500"), said.get(1));
        assertEquals(1, d.gaps.get());
        assertEquals(1, d.clockStepsBack.get());
    }

    /**
     * Issue 29: given a partition where every other offset holds no value (a transactional producer's markers, one
     * record a transaction) and one record in seven is not a number, when a forest detector that logged 1,000 offsets
     * past its commit (killed between its log's flush and its commit) restarts, then it rebuilds its state from as many
     * values as its horizon counts (157,044), not as many offsets (67,304 values), and its log is record for record an
     * uninterrupted run's.
     */
    @Test
    void aRestartOnATopicWhoseOffsetsHoldNoValueRebuildsAnUninterruptedRunsState() throws Exception {
        DetectorSettings s = DetectorSettings.defaults(Algorithm.IFOREST);
        int committed = (s.horizon() * 7 / 3 / 1_000 + 2) * 1_000; // offsets whose values (one in two, less one in seven) pass the horizon
        int valuesBefore = committed / 2 * 6 / 7; // about
        int valuesInTheHorizonsOffsets = s.horizon() / 2 * 6 / 7;
        assertTrue(valuesInTheHorizonsOffsets < s.horizon() && s.horizon() < valuesBefore,
                "the horizon (" + s.horizon() + " values) reaches further back than as many offsets, and the partition holds it");
        Path whole = dir.resolve("sparse-whole.vlog");
        runSparse(s, whole, committed + 4_000, null);
        Path log = dir.resolve("sparse.vlog");
        runSparse(s, log, committed + 1_000, null);
        runSparse(s, log, committed + 4_000, (long) committed);
        List<org.vigie.common.recordlog.LogRecord> uninterrupted = Probe.records(whole);
        assertEquals((committed + 4_000) / 2 * 6 / 7, uninterrupted.size(), 30, "the values: every other offset, less one in seven");
        assertEquals(uninterrupted, Probe.records(log), "each value once, with an uninterrupted run's state and score");
    }

    /**
     * Issue 29, the same topic, a detector that started mid-partition (its group committed 10,000 before it had a log):
     * it rebuilt its state from the horizon's offsets before 10,000. Killed after logging up to 11,000 with 10,500
     * committed, it restarts holding fewer values in its log than its horizon: it rebuilds from where the first run did,
     * and its log is an uninterrupted run's from 10,000.
     */
    @Test
    void aRestartOfADetectorThatStartedMidPartitionRebuildsFromWhereItsFirstRunDid() throws Exception {
        DetectorSettings s = DetectorSettings.defaults(Algorithm.IFOREST);
        Path whole = dir.resolve("mid-whole.vlog");
        runSparse(s, whole, 12_000, 10_000L);
        Path log = dir.resolve("mid.vlog");
        runSparse(s, log, 11_000, 10_000L);
        runSparse(s, log, 12_000, 10_500L);
        List<org.vigie.common.recordlog.LogRecord> uninterrupted = Probe.records(whole);
        assertEquals(2_000 / 2 * 6 / 7, uninterrupted.size(), 5, "the values from 10,000 on");
        assertEquals(uninterrupted, Probe.records(log), "each value once, with an uninterrupted run's state and score");
    }

    /** Runs a detector of {@code s} on P0's offsets [0, n), of which only the even ones hold a record, one in seven not a number. */
    private void runSparse(DetectorSettings s, Path log, int n, Long committed) throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        if (committed != null) {
            c.groupOffsets = Map.of(P0, new OffsetAndMetadata(committed));
        }
        KafkaDetector d = new KafkaDetector("t", s, 1L, new Properties(), log, KafkaDetector.StartFrom.COMMITTED, 0, null).withClients(() -> c);
        c.schedulePollTask(() -> {
            c.updateBeginningOffsets(Map.of(P0, 0L));
            c.rebalance(List.of(P0));
            for (int o = 0; o < n; o += 2) {
                long micros = 1_700_000_000_000_000L + o * 500_000L;
                c.addRecord(o % 14 == 6 ? record(P0, o, "n/a", micros) : record(P0, o, series(o / 2), micros));
            }
        });
        c.schedulePollTask(d::stop);
        d.run();
    }

    /**
     * A review's finding: a partition whose records come without its assignment's set-up (its callback failed part-way:
     * the broker did not answer for the committed offsets) was judged from scratch, and the values its log held were
     * written again. Given a log holding offsets 0 to 99, a run whose assignment callback fails once leaves each of the
     * 200 offsets in the log once.
     */
    @Test
    void aPartitionWithoutItsAssignmentsSetUpDoesNotLogTwiceWhatItsLogHolds() throws Exception {
        Path log = dir.resolve("unprepared.dbscan.vlog");
        RevokingMockConsumer first = new RevokingMockConsumer();
        KafkaDetector warmup = dbscanOn(first, log);
        runOnP0(warmup, first, 100);
        boolean[] failed = {false};
        RevokingMockConsumer c = new RevokingMockConsumer() {
            @Override
            public synchronized Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
                if (!failed[0]) {
                    failed[0] = true;
                    throw new org.apache.kafka.common.errors.TimeoutException("the coordinator did not answer");
                }
                return super.committed(partitions);
            }
        };
        KafkaDetector d = dbscanOn(c, log);
        c.schedulePollTask(() -> {
            c.updateBeginningOffsets(Map.of(P0, 0L));
            c.rebalance(List.of(P0)); // its callback fails at its first question to the broker
        });
        c.schedulePollTask(() -> {
            for (int i = 0; i < 200; i++) {
                c.addRecord(record(P0, i, series(i)));
            }
        });
        c.schedulePollTask(d::stop);
        d.run();
        assertTrue(failed[0], "the callback failed once");
        List<Long> offsets = Probe.records(log).stream().map(org.vigie.common.recordlog.LogRecord::offset).toList();
        assertEquals(java.util.stream.LongStream.range(0, 200).boxed().toList(), offsets, "each offset once, in order");
    }

    /** Given a poll refused for want of rights, the run ends with that error (it will not pass by itself), the log kept. */
    @Test
    void aRefusalEndsTheRunWithTheLogKept() throws Exception {
        RevokingMockConsumer c = new RevokingMockConsumer();
        Path log = dir.resolve("t.dbscan.vlog");
        KafkaDetector d = assignedP0With30Values(c, log);
        c.schedulePollTask(() -> c.setPollException(new org.apache.kafka.common.errors.TopicAuthorizationException("not allowed to read t")));
        org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.common.errors.TopicAuthorizationException.class, d::run);
        assertEquals(30, Probe.records(log).size(), "what was judged before is in the log");
    }

    /** A DBSCAN detector on {@code c} whose first poll assigns P0 and brings its first 30 values. */
    private static KafkaDetector assignedP0With30Values(RevokingMockConsumer c, Path log) {
        return assignedP0With(c, log, 0, 30);
    }

    /** A DBSCAN detector on {@code c} whose first poll assigns P0, beginning at offset {@code begin}, and brings its values up to {@code end}. */
    private static KafkaDetector assignedP0With(RevokingMockConsumer c, Path log, long begin, int end) {
        KafkaDetector d = dbscanOn(c, log);
        c.schedulePollTask(() -> {
            c.updateBeginningOffsets(Map.of(P0, begin));
            c.rebalance(List.of(P0));
            for (int i = (int) begin; i < end; i++) {
                c.addRecord(record(P0, i, series(i)));
            }
        });
        return d;
    }
}
