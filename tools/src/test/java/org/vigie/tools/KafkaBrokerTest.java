package org.vigie.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @TempDir
    Path dir;

    private static void send(String bootstrap, String topic, int from, int to) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                p.send(new ProducerRecord<>(topic, Integer.toString(i))).get();
            }
        }
    }

    /** Reads through a consumer group, as our detector does: needs the single-node internal topic settings. */
    private static List<String> consume(String bootstrap, String topic, int expected) {
        List<String> got = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-group",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    got.add(r.value());
                }
            }
            c.commitSync();
        }
        return got;
    }

    @Test
    void brokerServesAConsumerGroupAndKeepsDataAcrossAKill() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startForTest(dir)) {
            broker.createTopic("humidite", 3);
            send(broker.bootstrapServers(), "humidite", 0, 50);
            assertEquals(50, consume(broker.bootstrapServers(), "humidite", 50).size());

            broker.kill();
            assertFalse(broker.isRunning());
            broker.start(); // same ports, same data, no reformat
            assertTrue(broker.isRunning());
            send(broker.bootstrapServers(), "humidite", 50, 60);
            // the group's committed offsets survived: only the new values come
            List<String> after = consume(broker.bootstrapServers(), "humidite", 10);
            assertEquals(10, after.size());
            assertEquals(Set.of("50", "51", "52", "53", "54", "55", "56", "57", "58", "59"), Set.copyOf(after));
        }
    }

    @Test
    void aTakenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            KafkaBroker b = KafkaBroker.detached(dir, taken.getLocalPort());
            UncheckedIOException e = assertThrows(UncheckedIOException.class, b::start);
            assertTrue(e.getCause() instanceof KafkaBroker.PortTakenException, e.toString());
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
    }
}
