package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.wire.Wire;
import org.vigie.tools.Await;
import org.vigie.tools.KafkaBroker;

/** The live page fed from Kafka (a real broker): a topic's values and the detectors' anomaly events, read in no group. */
class LiveKafkaTest {

    static final long T0 = LiveServerTest.T0;

    @TempDir
    Path dir;

    static String event(String topic, long micros, double value, String algorithm, double score) throws Exception {
        return JSON.std.asString(Map.of("topic", topic, "partition", 0, "offset", 0, "time", Instant.ofEpochSecond(0, micros * 1000).toString(),
                "value", value, "state", -1, "algorithm", algorithm, "score", score));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theValuesAndTheEventsOfATopicAreDrawnLiveAndNothingIsCommitted() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startForTest(dir.resolve("kafka"));
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all"),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            broker.createTopic("humidite", 2);
            broker.createTopic("humidite-anomalies", 1);
            for (int i = 0; i < 300; i++) {
                double v = i == 200 ? 90 : 45 + Math.sin(i / 10.0);
                producer.send(Wire.record("humidite", null, Double.toString(v).getBytes(StandardCharsets.UTF_8), T0 + i * 1_000_000L));
            }
            long spike = T0 + 200 * 1_000_000L;
            for (String e : List.of(event("humidite", spike, 90, "dbscan", 0.9995), event("humidite", spike, 90, "iforest", 0.9991),
                    event("temperature", spike, 30, "dbscan", 0.9999), "not json")) {
                producer.send(new ProducerRecord<>("humidite-anomalies", e.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            Properties props = new Properties();
            props.setProperty("bootstrap.servers", broker.bootstrapServers());
            try (LiveSession session = LiveSession.kafka(props, "humidite", List.of("humidite-anomalies"));
                    LiveServer server = LiveServer.start(session, "127.0.0.1", 0, Duration.ofMillis(100), new PrintStream(System.err, true, StandardCharsets.UTF_8))) {
                HttpClient http = HttpClient.newHttpClient();
                java.util.function.Supplier<Map<String, Object>> view = () -> {
                    try {
                        return JSON.std.mapFrom(http.send(HttpRequest.newBuilder(server.address().resolve("api/view?panel=0&columns=100")).build(),
                                HttpResponse.BodyHandlers.ofString()).body());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                Await.until(Duration.ofSeconds(60), "the topic's values and both events", () ->
                        ((Number) view.get().get("records")).intValue() == 300 && ((List<?>) view.get().get("anomalies")).size() == 2);
                List<Map<String, Object>> anomalies = (List<Map<String, Object>>) view.get().get("anomalies");
                assertEquals(spike / 1e6, ((Number) anomalies.get(0).get("t")).doubleValue(), "the spike, flagged where it is");
                assertTrue(view.get().get("problems").toString().contains("1 events that are not Vigie's"), view.get().get("problems").toString());

                for (int i = 300; i < 310; i++) {
                    producer.send(Wire.record("humidite", null, "45.5".getBytes(StandardCharsets.UTF_8), T0 + i * 1_000_000L));
                }
                producer.flush();
                Await.until(Duration.ofSeconds(60), "the new values, live", () -> ((Number) view.get().get("records")).intValue() == 310);
                try (var admin = broker.admin()) {
                    assertEquals(List.of(), admin.listGroups().all().get(30, TimeUnit.SECONDS).stream().toList(), "no consumer group: it commits nothing");
                }
            }
        }
    }
}
