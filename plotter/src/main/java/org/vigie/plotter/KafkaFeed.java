package org.vigie.plotter;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.wire.Wire;

/**
 * A live panel's data from Kafka, for a page on another machine than the detectors': a topic's values (as
 * the producer sends them) and the anomaly events the detectors publish on their {@code --output-topic}.
 * One consumer of its own, assigned every partition from the beginning, in no consumer group: it commits
 * nothing and takes no partition from a detector.
 */
final class KafkaFeed implements Closeable {

    /** The algorithms whose events are drawn, each as a detector of the panel. */
    private static final List<String> ALGORITHMS = List.of("dbscan", "iforest");

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<String> eventTopics;
    private final LiveSource.Fed series;
    private final List<LiveSource.Fed> detectors = new ArrayList<>();
    private final List<TopicPartition> assigned = new ArrayList<>();
    private long skipped;

    private KafkaFeed(KafkaConsumer<byte[], byte[]> consumer, String topic, List<String> eventTopics) {
        this.consumer = consumer;
        this.topic = topic;
        this.eventTopics = eventTopics;
        this.series = new LiveSource.Fed(topic + " (from Kafka)", null);
        for (String a : ALGORITHMS) {
            detectors.add(new LiveSource.Fed(topic + "/" + a + " (events)", a));
        }
    }

    static KafkaFeed open(Properties consumerProps, String topic, List<String> eventTopics) {
        Properties p = new Properties();
        p.putAll(consumerProps);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: nothing committed, no partition taken from anyone
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // each event once, as a detector committed it
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "vigie-plotter-serve");
        return new KafkaFeed(new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer()), topic, List.copyOf(eventTopics));
    }

    LiveSource series() {
        return series;
    }

    List<LiveSource> detectors() {
        return List.copyOf(detectors);
    }

    /** What one poll brought: values and events, each sorted by time, and what went wrong, if anything. */
    record Batch(List<double[]> values, List<List<double[]>> events, String problem) {}

    /**
     * Polls Kafka (it may wait seconds for a broker that is away: call it outside the session's lock); a
     * topic that is not there (yet) or a broker away is the batch's problem.
     */
    Batch fetch() {
        List<double[]> values = new ArrayList<>();
        List<List<double[]>> events = new ArrayList<>();
        ALGORITHMS.forEach(a -> events.add(new ArrayList<>()));
        String problem = null;
        try {
            if (assigned.isEmpty()) {
                problem = assign();
            }
            if (problem == null) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.topic().equals(topic)) {
                        double v = Wire.value(r);
                        if (!Double.isNaN(v)) {
                            values.add(new double[] {Wire.eventMicros(r), v, Float.NaN});
                        }
                    } else {
                        event(r, events);
                    }
                }
                problem = skipped > 0 ? skipped + " events that are not Vigie's anomaly events were skipped" : null;
            }
        } catch (KafkaException e) {
            problem = "reading Kafka failed (" + e.getMessage() + "): trying again";
        }
        java.util.Comparator<double[]> byTime = (a, b) -> Double.compare(a[0], b[0]);
        values.sort(byTime);
        events.forEach(l -> l.sort(byTime));
        return new Batch(values, events, problem);
    }

    /** Adds {@code b} to the columns (under the session's lock), in time order whatever the partitions' interleaving. */
    void apply(Batch b) {
        series.addAll(b.values(), State.REFERENCE);
        for (int k = 0; k < detectors.size(); k++) {
            detectors.get(k).addAll(b.events().get(k), State.ANOMALY);
        }
        series.problem = b.problem();
    }

    /** Assigns every partition of the topics, from the beginning; why not, while one of them is not there. */
    private String assign() {
        List<TopicPartition> all = new ArrayList<>();
        List<String> topics = new ArrayList<>(List.of(topic));
        topics.addAll(eventTopics);
        for (String t : topics) {
            var partitions = consumer.partitionsFor(t, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                return "topic " + t + " is not there (yet): waiting for it";
            }
            partitions.forEach(p -> all.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        assigned.addAll(all);
        return null;
    }

    /** An anomaly event about this panel's topic, as a detector's anomaly at its time. */
    private void event(ConsumerRecord<byte[], byte[]> r, List<List<double[]>> events) {
        try {
            Map<String, Object> e = JSON.std.mapFrom(r.value());
            if (!topic.equals(e.get("topic"))) {
                return; // another topic's events on the same output topic
            }
            int k = ALGORITHMS.indexOf(String.valueOf(e.get("algorithm")));
            if (k < 0) {
                return;
            }
            long micros = LogRecord.micros(Instant.parse(String.valueOf(e.get("time"))));
            double value = e.get("value") instanceof Number n ? n.doubleValue() : Double.NaN;
            float score = e.get("score") instanceof Number n ? n.floatValue() : Float.NaN;
            events.get(k).add(new double[] {micros, value, score});
        } catch (IOException | RuntimeException e) {
            skipped++;
        }
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
