package org.vigie.detector;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.vigie.engine.Decision;

/**
 * Where anomalies go besides the log: a topic, one JSON event each ({@link AnomalyEvent}), keyed by the
 * source topic. Flushed before the offsets they follow are committed, so at least once; or, transactional,
 * sent in a Kafka transaction that commits the offsets they follow with them, so a consumer reading
 * {@code read_committed} sees each once.
 */
final class EventSink implements AutoCloseable {

    private final String topic;
    private final String algorithm;
    private final Producer<byte[], byte[]> producer;
    private final java.time.Duration closeTimeout;
    private boolean transactional;
    private final java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();

    /** Closing waits at most {@code closeTimeout} for events in flight (there are none after a commit). */
    EventSink(String topic, String algorithm, Producer<byte[], byte[]> producer, java.time.Duration closeTimeout) {
        this.topic = topic;
        this.algorithm = algorithm;
        this.producer = producer;
        this.closeTimeout = closeTimeout;
    }

    /** Events in transactions failed: what was not committed is sent again when the detector restarts. */
    static final class TransactionFailed extends RuntimeException {
        TransactionFailed(KafkaException cause) {
            super("the anomaly events' transaction failed (" + cause.getMessage() + "); restarted, the detector sends again what it did not commit",
                    cause);
        }
    }

    /**
     * A producer with the consumer's connection settings (its client id aside), acks=all, idempotent; with
     * a {@code transactionalId} (unless the settings name one), transactional.
     */
    static Producer<byte[], byte[]> producerLike(Properties consumerProps, String transactionalId) {
        Properties p = new Properties();
        consumerProps.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k.toString()) && !k.toString().equals(CommonClientConfigs.CLIENT_ID_CONFIG)) {
                p.put(k, v);
            }
        });
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        if (transactionalId != null) {
            p.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Makes this sink transactional: fences and aborts what an earlier producer of the same transactional id
     * left open (a killed detector's last events), and opens the first transaction.
     */
    void beginTransactions() {
        try {
            producer.initTransactions();
            producer.beginTransaction();
        } catch (KafkaException e) {
            throw new TransactionFailed(e);
        }
        transactional = true;
    }

    boolean transactional() {
        return transactional;
    }

    /** Commits the events sent since the last call together with {@code offsets}, and opens the next transaction. */
    void commitWith(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        try {
            producer.sendOffsetsToTransaction(offsets, group);
            producer.commitTransaction();
            producer.beginTransaction();
        } catch (KafkaException e) {
            throw new TransactionFailed(e);
        }
    }

    /** Sends the event of an anomaly; throws {@link SendFailed} if the producer refuses it at once (its buffer full past its max.block.ms, a fenced producer). */
    void publish(ConsumerRecord<byte[], byte[]> r, long micros, double value, Decision d) {
        try {
            send(r, micros, value, d);
        } catch (KafkaException e) {
            throw new SendFailed(e);
        }
    }

    private void send(ConsumerRecord<byte[], byte[]> r, long micros, double value, Decision d) {
        producer.send(new ProducerRecord<>(topic, r.topic().getBytes(StandardCharsets.UTF_8),
                AnomalyEvent.json(r.topic(), r.partition(), r.offset(), micros, value, algorithm, d).getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error != null) {
                        failed.compareAndSet(null, error);
                    }
                });
    }

    /**
     * Events not acknowledged (after the producer's own retries): the offsets they follow must not be
     * committed, so the run ends; the next start resumes after its log and sends again the events of what
     * was not committed.
     */
    static final class SendFailed extends KafkaException {
        SendFailed(Exception cause) {
            super("anomaly events were not acknowledged (" + cause.getMessage() + "); restarted, the detector sends again what it did not commit",
                    cause);
        }
    }

    /** Waits until every event sent is acknowledged; throws {@link SendFailed} if one was not (at least once: no commit then). */
    void flush() {
        producer.flush();
        Exception e = failed.getAndSet(null);
        if (e != null) {
            throw new SendFailed(e);
        }
    }

    @Override
    public void close() {
        producer.close(closeTimeout);
    }
}
