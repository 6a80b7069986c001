package org.vigie.detector;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.vigie.engine.Decision;

/**
 * Where anomalies go besides the log: a topic, one JSON event each ({@link AnomalyEvent}), keyed by the
 * source topic. Flushed before the offsets they follow are committed, so at least once.
 */
final class EventSink implements AutoCloseable {

    private final String topic;
    private final String algorithm;
    private final Producer<byte[], byte[]> producer;

    EventSink(String topic, String algorithm, Producer<byte[], byte[]> producer) {
        this.topic = topic;
        this.algorithm = algorithm;
        this.producer = producer;
    }

    /** A producer with the consumer's connection settings (its client id aside), acks=all, idempotent. */
    static Producer<byte[], byte[]> producerLike(Properties consumerProps) {
        Properties p = new Properties();
        consumerProps.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k.toString()) && !k.toString().equals(CommonClientConfigs.CLIENT_ID_CONFIG)) {
                p.put(k, v);
            }
        });
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void publish(ConsumerRecord<byte[], byte[]> r, long micros, double value, Decision d) {
        producer.send(new ProducerRecord<>(topic, r.topic().getBytes(StandardCharsets.UTF_8),
                AnomalyEvent.json(r.topic(), r.partition(), r.offset(), micros, value, algorithm, d).getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits until every event sent is acknowledged. */
    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
