package org.vigie.detector;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.common.cli.UserError;

/**
 * Before a detector subscribes: does its topic exist? A mistyped topic is told at once, with the topics that
 * do exist, instead of being waited on for ever (the detector's consumer creates no topic). With {@code
 * wait}, a topic not there yet (the producer not started) is waited for. A broker that does not answer is
 * waited for in both cases, as the detector waits for it while it runs.
 */
final class TopicCheck {

    private static final Logger LOG = LoggerFactory.getLogger(TopicCheck.class);
    private static final Duration ASK = Duration.ofSeconds(5);
    private static final long PAUSE_MS = 1000;

    private TopicCheck() {}

    /** Returns once {@code topic} exists, or {@code stopping} says so; throws a UserError for a missing topic unless {@code wait}. */
    static void await(Properties consumerProps, String topic, boolean wait, BooleanSupplier stopping) throws InterruptedException {
        boolean told = false;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            while (!stopping.getAsBoolean()) {
                Set<String> topics;
                try {
                    topics = new TreeSet<>(c.listTopics(ASK).keySet());
                } catch (org.apache.kafka.common.errors.AuthenticationException | org.apache.kafka.common.errors.AuthorizationException e) {
                    throw e; // a refusal is not an outage: waiting would not end it (the command makes it one line)
                } catch (KafkaException e) { // a timeout among them: the broker does not answer (the status line says so)
                    Thread.sleep(PAUSE_MS);
                    continue;
                }
                if (topics.contains(topic)) {
                    if (told) {
                        LOG.info("topic {} exists now", topic);
                    }
                    return;
                }
                // Kafka's own topics (__consumer_offsets, __transaction_state) are no topic a user means.
                java.util.List<String> theirs = topics.stream().filter(t -> !org.apache.kafka.common.internals.Topic.isInternal(t)).toList();
                String known = theirs.isEmpty() ? "none" : String.join(", ", theirs);
                if (!wait) {
                    throw new UserError("topic " + topic + " does not exist at " + consumerProps.getProperty("bootstrap.servers")
                            + " (its topics: " + known + "); start the producer first, or give --wait-for-topic to wait for it");
                }
                if (!told) {
                    LOG.info("topic {} does not exist yet (topics now: {}): waiting for it", topic, known);
                    told = true;
                }
                Thread.sleep(PAUSE_MS);
            }
        }
    }
}
