package org.vigie.producer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.common.State;
import org.vigie.common.kafka.KafkaWatch;
import org.vigie.common.wire.Wire;
import org.vigie.common.line.LineFramer;
import org.vigie.common.line.LineParser;
import org.vigie.common.line.ParsedLine;
import org.vigie.common.recordlog.LogMetadata;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogWriter;

/**
 * The producer engine: serial line, parsed reading, Kafka record. Three threads: the serial reader never
 * blocks on Kafka (it hands stamped readings to a bounded buffer), the sender feeds the Kafka producer in
 * order, and a watcher reports when the broker goes away or comes back.
 */
public final class SerialProducer {

    /** Kafka record header with the event time in microseconds (decimal text); the record timestamp has ms. */

    private static final Logger LOG = LoggerFactory.getLogger(SerialProducer.class);
    private static final int LOGGED_SAMPLES = 5;
    private static final long SAMPLE_EVERY = 1000;

    private record Stamped(String topic, byte[] text, double value, long timeMicros) {}

    private final ProducerSettings settings;
    private final ProducerStats stats = new ProducerStats();
    private final BlockingQueue<Stamped> buffer;
    private final LineParser parser;
    private final SerialLineSource source;
    /** Topics seen so far, each name kept once: readings share it instead of a copy per line. */
    private final Map<String, String> topicsSeen = new HashMap<>();
    private final Map<String, RecordLogWriter> referenceLogs = new HashMap<>();
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread reader;
    private final Thread sender;
    private KafkaWatch watch;
    private volatile boolean stopping;

    public SerialProducer(ProducerSettings settings) {
        this.settings = settings;
        this.buffer = new ArrayBlockingQueue<>(settings.bufferLines());
        this.parser = new LineParser(settings.separator());
        this.source = new SerialLineSource(settings.port(), settings.serial(), new LineFramer(settings.maxLineLength()),
                new LineFramer.Sink() {
                    @Override
                    public void line(byte[] bytes, int offset, int length) {
                        onLine(bytes, offset, length);
                    }

                    @Override
                    public void tooLong(long length) {
                        stats.linesRead.increment();
                        rejected(org.vigie.common.line.RejectReason.TOO_LONG, "line of " + length + " bytes dropped (limit " + settings.maxLineLength() + ")");
                    }
                }, stats);
        this.producer = new KafkaProducer<>(settings.kafka(), new ByteArraySerializer(), new ByteArraySerializer());
        this.reader = Thread.ofPlatform().name("serial-reader").unstarted(source);
        this.sender = Thread.ofPlatform().name("kafka-sender").unstarted(this::sendLoop);
    }

    public ProducerStats stats() {
        return stats;
    }

    public void start() {
        sender.start();
        watch = KafkaWatch.start(settings.kafka(), kafkaChanged());
        reader.start();
    }

    /** Stops reading, then waits (up to the drain timeout) for what is pending to be acknowledged. */
    public void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        source.stop();
        if (watch != null) {
            watch.close();
        }
        try {
            reader.join();
            // The sender drains the buffer and closes the producer within the drain timeout, unless it is
            // stuck in send() waiting for a broker that is away: then close it from here, failing what is left.
            sender.join(settings.drainTimeout().plusSeconds(5).toMillis());
            if (sender.isAlive()) {
                producer.close(Duration.ZERO);
                sender.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** The counters' summary, then the reference logs written, by topic (after {@link #stop}: the reader is done with them). */
    String summary() {
        StringBuilder sb = new StringBuilder(stats.summary());
        if (!referenceLogs.isEmpty()) {
            sb.append(System.lineSeparator()).append("reference logs:");
            for (String topic : new java.util.TreeSet<>(referenceLogs.keySet())) {
                sb.append(' ').append(referenceLog(topic)).append(referenceLogs.get(topic) == null ? " (failed)" : "");
            }
        }
        return sb.toString();
    }

    // --- serial reader thread -------------------------------------------------------------------

    private void onLine(byte[] bytes, int offset, int length) {
        long now = nowMicros(); // event time: when the line was read
        stats.linesRead.increment();
        switch (parser.parse(bytes, offset, length)) {
            case ParsedLine.Rejected r -> rejected(r.reason(), r.detail());
            case ParsedLine.Reading r -> {
                String topic = admitted(r.topic());
                if (topic == null) {
                    return;
                }
                Stamped s = new Stamped(topic, r.text().getBytes(StandardCharsets.UTF_8), r.value(), now);
                if (!buffer.offer(s)) {
                    stats.drop(ProducerStats.Dropped.BUFFER_FULL);
                    sample(stats.dropped(ProducerStats.Dropped.BUFFER_FULL), "buffer full ({} lines waiting for Kafka): dropping new lines", settings.bufferLines());
                }
            }
        }
    }

    /** The topic's shared name when its lines may be sent, or null (dropped and counted). */
    private String admitted(String topic) {
        String known = topicsSeen.get(topic);
        if (known != null) {
            return known;
        }
        if (!settings.allowedTopics().isEmpty() && !settings.allowedTopics().contains(topic)) {
            stats.drop(ProducerStats.Dropped.TOPIC_NOT_ALLOWED);
            sample(stats.dropped(ProducerStats.Dropped.TOPIC_NOT_ALLOWED), "topic {} is not in --topics: line dropped", topic);
            return null;
        }
        if (topicsSeen.size() >= settings.maxTopics()) {
            stats.drop(ProducerStats.Dropped.TOO_MANY_TOPICS);
            sample(stats.dropped(ProducerStats.Dropped.TOO_MANY_TOPICS), "topic {} would be topic number {}, over --max-topics: line dropped", topic, topicsSeen.size() + 1);
            return null;
        }
        topicsSeen.put(topic, topic);
        if (settings.referenceDir() != null) {
            LOG.info("new topic {}, its values also in {}", topic, referenceLog(topic));
        } else {
            LOG.info("new topic {}", topic);
        }
        return topic;
    }

    private void rejected(org.vigie.common.line.RejectReason reason, String detail) {
        stats.reject(reason);
        sample(stats.rejected(reason), "rejected line ({}): {}", reason.label(), detail);
    }

    /** Logs the first few occurrences of a problem, then one in a thousand: a sample, not a flood. */
    private static void sample(long count, String format, Object... args) {
        if (count <= LOGGED_SAMPLES || count % SAMPLE_EVERY == 0) {
            Object[] withCount = java.util.Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = count;
            LOG.warn(format + " [#{}]", withCount);
        }
    }

    // --- sender thread --------------------------------------------------------------------------

    private void sendLoop() {
        byte[] key = settings.sourceId().getBytes(StandardCharsets.UTF_8);
        long drainDeadline = Long.MAX_VALUE;
        try {
            while (true) {
                if (stopping && drainDeadline == Long.MAX_VALUE && !reader.isAlive()) {
                    drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
                }
                if (System.nanoTime() > drainDeadline) {
                    break;
                }
                Stamped s = buffer.poll(50, TimeUnit.MILLISECONDS);
                if (s == null) {
                    if (drainDeadline != Long.MAX_VALUE) {
                        break; // stopped, reader done, buffer empty
                    }
                    continue;
                }
                send(key, s);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            long left = drainDeadline == Long.MAX_VALUE ? settings.drainTimeout().toNanos() : Math.max(0, drainDeadline - System.nanoTime());
            int unsent = buffer.size();
            if (unsent > 0) {
                stats.failed.add(unsent);
                LOG.warn("{} values still buffered at the drain timeout were not sent", unsent);
            }
            // close() waits for acknowledgements, then fails what is left: every value ends acked or failed
            producer.close(Duration.ofNanos(left));
            closeReferenceLogs();
        }
    }

    private void send(byte[] key, Stamped s) {
        ProducerRecord<byte[], byte[]> record = Wire.record(s.topic(), key, s.text(), s.timeMicros());
        String topic = s.topic(); // the callback lives until the ack: it keeps the shared name, not the reading
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    stats.acked.increment();
                } else {
                    stats.failed.increment();
                    sample(stats.failed(), "delivery to {} failed: {}", topic, error.toString());
                }
            });
            stats.sent.increment();
        } catch (RuntimeException e) {
            stats.failed.increment();
            sample(stats.failed(), "cannot send to {}: {}", s.topic(), e.toString());
        }
        writeReference(s);
    }

    private void writeReference(Stamped s) {
        Path dir = settings.referenceDir();
        if (dir == null) {
            return;
        }
        RecordLogWriter log = referenceLogs.get(s.topic());
        if (log == null && referenceLogs.containsKey(s.topic())) {
            return; // failed before: told once, not at every value
        }
        try {
            if (log == null) {
                log = RecordLogWriter.open(referenceLog(s.topic()), LogMetadata.reference(s.topic()));
                referenceLogs.put(s.topic(), log);
            }
            log.append(s.timeMicros(), s.value(), State.REFERENCE);
        } catch (IOException e) {
            LOG.error("reference log for {} failed, no longer writing it: {}", s.topic(), e.getMessage());
            referenceLogs.put(s.topic(), null);
        }
    }

    /** Where the reference log of {@code topic} goes, as an absolute path: what the user is told. */
    private Path referenceLog(String topic) {
        return settings.referenceDir().resolve(topic + ".ref.vlog").toAbsolutePath();
    }

    private void closeReferenceLogs() {
        for (RecordLogWriter log : referenceLogs.values()) {
            if (log != null) {
                try {
                    log.close();
                } catch (IOException e) {
                    LOG.error("closing reference log {}: {}", log.file(), e.getMessage());
                }
            }
        }
    }

    // --- watcher thread -------------------------------------------------------------------------

    /** Says when the broker stops answering and when it answers again; the status line shows its state. */
    private java.util.function.Consumer<Boolean> kafkaChanged() {
        // Named from the settings, not the watch: its first news may come before the field is set.
        Object where = settings.kafka().get(org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        var told = KafkaWatch.downAndBack(
                () -> LOG.warn("Kafka at {} does not answer: reading goes on, values wait (up to {} lines) until it does", where, settings.bufferLines()),
                () -> LOG.info("Kafka at {} answers again", where));
        return up -> {
            told.accept(up);
            stats.kafkaState = up ? "up" : "unreachable";
        };
    }

    private static long nowMicros() {
        return LogRecord.micros(Instant.now());
    }
}
