package org.vigie.common.kafka;

import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Watches whether the Kafka cluster answers, on a daemon thread: asks for its nodes (3 s to answer) every
 * 5 s while it does, every second while it does not, and tells a listener each change (the first answer
 * or silence included). A client's own retries say nothing; this is what lets a program say within
 * seconds that the broker is away, and when it is back.
 */
public final class KafkaWatch implements AutoCloseable {

    private static final long ANSWER_MS = 3000;

    private final Thread thread;
    private final String where;
    private volatile Boolean up; // null until the first answer or silence
    private volatile boolean closing;

    private KafkaWatch(Properties clientProperties, Consumer<Boolean> listener) {
        Properties p = adminLike(clientProperties);
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(ANSWER_MS));
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "vigie-watch");
        this.where = String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        this.thread = Thread.ofPlatform().name("kafka-watch").daemon().unstarted(() -> watch(p, listener));
    }

    /**
     * An admin client's settings from a producer's or consumer's: the connection and security ones it
     * knows, so that it reaches the same cluster as the same user.
     */
    public static Properties adminLike(Properties clientProperties) {
        Properties p = new Properties();
        clientProperties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k.toString())) {
                p.put(k, v);
            }
        });
        return p;
    }

    /**
     * Starts watching the cluster that {@code clientProperties} (a producer's or consumer's) point at;
     * {@code listener} hears {@code true} when it answers, {@code false} when it does not, on each change.
     */
    public static KafkaWatch start(Properties clientProperties, Consumer<Boolean> listener) {
        KafkaWatch w = new KafkaWatch(clientProperties, listener);
        w.thread.start();
        return w;
    }

    /**
     * A listener that runs {@code down} each time the cluster stops answering (or does not answer at first),
     * and {@code back} each time it answers after that: after an outage that began before the first answer
     * too, and never for a first answer that nothing went before.
     */
    public static Consumer<Boolean> downAndBack(Runnable down, Runnable back) {
        boolean[] wasDown = {false};
        return up -> {
            if (!up) {
                down.run();
            } else if (wasDown[0]) {
                back.run();
            }
            wasDown[0] = !up;
        };
    }

    /** The bootstrap servers watched, as the user gave them. */
    public String where() {
        return where;
    }

    /** "up", "unreachable", or "connecting" before the first answer or silence: for status lines. */
    public String state() {
        Boolean u = up;
        return u == null ? "connecting" : u ? "up" : "unreachable";
    }

    private void watch(Properties p, Consumer<Boolean> listener) {
        try (Admin admin = Admin.create(p)) {
            while (!closing) {
                boolean answers;
                try {
                    admin.describeCluster().nodes().get(ANSWER_MS, TimeUnit.MILLISECONDS);
                    answers = true;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    answers = false;
                }
                if (up == null || up != answers) {
                    up = answers;
                    listener.accept(answers);
                }
                Thread.sleep(answers ? 5000 : 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
    }
}
