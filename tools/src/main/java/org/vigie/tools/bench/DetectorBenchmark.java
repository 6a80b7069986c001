package org.vigie.tools.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.vigie.tools.Probe;
import org.vigie.tools.Await;
import org.vigie.tools.KafkaBroker;

/**
 * {@code bin/vigie-detector} (the real program, {@code -Xmx128m}, default settings) consuming a pre-filled
 * topic from a local broker, once per algorithm: 1,000,000 values in one partition, then 50 partitions of
 * 20,000 values (one detector state per partition, all in one process). The rate is counted from the first
 * record in its log to its exit, so JVM start and the group join are left out.
 */
public final class DetectorBenchmark {

    public static void main(String[] args) throws Exception {
        int values = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path home = Path.of(System.getProperty("vigie.home", "."));
        Path tmp = BenchFolder.create("vigie-detector-bench");
        try (KafkaBroker broker = KafkaBroker.startForTest(tmp.resolve("kafka"))) {
            fill(broker, "bench", 1, values);
            fill(broker, "bench50", 50, 20_000);
            broker.createTopic("bench-events", 1); // for BENCH_DETECTOR_ARGS="--output-topic bench-events ..."
            for (String algorithm : System.getenv().getOrDefault("BENCH_ALGORITHMS", "dbscan,iforest").split(",")) {
                double seed = SeedConsumer.rate(broker, "bench", algorithm, values, tmp);
                double vigie = run(home, tmp, broker, "bench", algorithm, values, "1 partition");
                if (seed > 0) {
                    System.out.printf("| the seed's consumer, %s, in the same run | %,.1f values/s | Vigie **%,.0f×** its rate |%n", algorithm, seed, vigie / seed);
                }
                run(home, tmp, broker, "bench50", algorithm, 50 * 20_000, "50 partitions of 20,000");
            }
        }
    }

    /**
     * {@code perPartition} values of a noisy slow wave with a spike every 5,000, in each of {@code partitions}
     * partitions. A send can fail under load (the broker once refused a retried batch of one partition as out
     * of sequence, and the detector then waited for values that never came): the end offsets are checked and
     * a short partition gets the rest of its values again.
     */
    private static void fill(KafkaBroker broker, String topic, int partitions, int perPartition) throws Exception {
        broker.createTopic(topic, partitions);
        long[] have = new long[partitions];
        for (int attempt = 1; ; attempt++) {
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.BATCH_SIZE_CONFIG, "262144"), new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int partition = 0; partition < partitions; partition++) {
                    for (int i = (int) have[partition]; i < perPartition; i++) {
                        p.send(new ProducerRecord<>(topic, partition, null, value(partition, i)));
                    }
                }
            }
            have = endOffsets(broker, topic, partitions);
            int shortOnes = 0;
            for (long h : have) {
                shortOnes += h < perPartition ? 1 : 0;
            }
            if (shortOnes == 0) {
                return;
            }
            if (attempt == 3) {
                throw new IllegalStateException("filling " + topic + " failed: " + shortOnes + " partitions short after 3 attempts");
            }
            System.err.printf("filling %s: %d partitions short, sending their rest again%n", topic, shortOnes);
        }
    }

    /** Value {@code i} of {@code partition}: the same whichever attempt sends it. */
    private static byte[] value(int partition, int i) {
        java.util.SplittableRandom random = new java.util.SplittableRandom((1L + partition) * 1_000_003L + i); // mixes its seed: neighbours differ
        double v = 50 + 10 * Math.sin(i / 500.0) + random.nextGaussian() + (i % 5000 == 0 ? 15 : 0);
        return String.format(java.util.Locale.ROOT, "%.3f", v).getBytes(StandardCharsets.US_ASCII);
    }

    private static long[] endOffsets(KafkaBroker broker, String topic, int partitions) {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> tps = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                tps.add(new org.apache.kafka.common.TopicPartition(topic, p));
            }
            Map<org.apache.kafka.common.TopicPartition, Long> ends = c.endOffsets(tps);
            long[] out = new long[partitions];
            for (int p = 0; p < partitions; p++) {
                out[p] = ends.get(tps.get(p));
            }
            return out;
        }
    }

    /** Runs the real program on {@code topic} until it has judged {@code values}, prints one table row and returns its values/s. */
    private static double run(Path home, Path tmp, KafkaBroker broker, String topic, String algorithm, int values, String label) throws Exception {
        Path log = tmp.resolve(topic + "." + algorithm + ".vlog");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/vigie-detector").toString(), "--topic", topic, "--algorithm", algorithm,
                "--bootstrap-server", broker.bootstrapServers(), "--from", "earliest", "--max-messages", Integer.toString(values),
                "--log", log.toString(), "-q"));
        String extra = System.getenv().getOrDefault("BENCH_DETECTOR_ARGS", "").strip(); // more options, as a user gives them
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve(algorithm + ".out").toFile()).redirectError(tmp.resolve(algorithm + ".err").toFile());
        pb.environment().put("VIGIE_JAVA_OPTS", ("-Xmx128m " + System.getenv().getOrDefault("BENCH_JAVA_OPTS", "")).strip());
        Process p = pb.start();
        Await.until(Duration.ofMinutes(2), "the first judged value", () -> Probe.logSize(log) > 0);
        long start = System.nanoTime();
        long first = Probe.logSize(log);
        long peakRssKb = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        // The second half, from when the log first held half the values to when it last grew, is judged by compiled
        // code and leaves the stop out: it leaves out the JIT's warm-up (the first second or two run interpreted and
        // C1 code).
        boolean halfSeen = false;
        long halfAt = 0;
        long halfSize = 0;
        long lastSize = first;
        long lastGrewAt = start;
        while (!p.waitFor(50, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            peakRssKb = Math.max(peakRssKb, Probe.peakRssKb(p.pid())); // a high-water mark: the last reading is the peak
            long size = Probe.logSize(log);
            long now = System.nanoTime();
            if (size > lastSize) {
                lastSize = size;
                lastGrewAt = now;
            }
            if (!halfSeen && size >= values / 2) {
                halfSeen = true;
                halfAt = now;
                halfSize = size;
            }
        }
        if (p.isAlive() || p.exitValue() != 0) {
            throw new IllegalStateException(algorithm + " failed: " + Files.readString(tmp.resolve(algorithm + ".err")));
        }
        long exitedAt = System.nanoTime();
        double seconds = (exitedAt - start) / 1e9;
        long judged = Probe.logSize(log);
        // The program's summary line only (its stop line follows it on a line of its own, which would break the row).
        String out = Files.readString(tmp.resolve(algorithm + ".out"));
        String summary = out.lines().filter(l -> l.startsWith("judged ")).findFirst().orElse(out.strip().replace('\n', ' '));
        double rate = (judged - first) / seconds;
        String secondHalf = !halfSeen || lastGrewAt <= halfAt ? ""
                : String.format("; second half %,.0f values/s", (lastSize - halfSize) / ((lastGrewAt - halfAt) / 1e9));
        System.out.printf("| detector %s, %,d values (%s) from a local broker | **%,.0f values/s**%s | -Xmx128m, peak RSS %,d KiB; %s; "
                        + "%.2f s from the first value logged to the last, %.2f s from the last to the exit |%n",
                algorithm, judged, label, rate, secondHalf, peakRssKb, summary, (lastGrewAt - start) / 1e9, (exitedAt - lastGrewAt) / 1e9);
        return rate;
    }
}
