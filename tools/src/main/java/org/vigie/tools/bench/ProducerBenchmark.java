package org.vigie.tools.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.vigie.tools.Probe;
import org.vigie.tools.Await;
import org.vigie.tools.KafkaBroker;
import org.vigie.tools.VirtualSerialPort;

/**
 * The producer as users run it ({@code bin/vigie-producer}, {@code -Xmx64m}), fed by a virtual serial port,
 * into a local broker: sustained lines/s and CPU per line, then write-to-broker latency at 100 lines/s.
 * Run with {@code bin/vigie-bench producer}; results go to stdout as Markdown.
 */
public final class ProducerBenchmark {

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int latencyLines = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path home = Path.of(System.getProperty("vigie.home", "."));
        Path tmp = BenchFolder.create("vigie-bench");
        try (KafkaBroker broker = KafkaBroker.startForTest(tmp.resolve("kafka"));
                VirtualSerialPort port = VirtualSerialPort.create(tmp.resolve("tty"))) {
            broker.createTopic("bench-tput", 1);
            broker.createTopic("bench-lat", 1);
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/vigie-producer").toString(),
                    "--port", port.path().toString(), "--bootstrap-server", broker.bootstrapServers(), "--quiet")
                    .redirectOutput(tmp.resolve("producer.out").toFile())
                    .redirectError(tmp.resolve("producer.err").toFile());
            pb.environment().put("VIGIE_JAVA_OPTS", "-Xmx64m");
            Process producer = pb.start();
            try {
                port.writeLine("bench-lat!-1");
                Await.until(Duration.ofSeconds(120), "the producer to deliver a first line", () -> endOffset(broker, "bench-lat") >= 1);

                // Throughput: lines written as fast as the port takes them; done when all are on the broker.
                long cpu0 = cpuNanos(producer);
                long t0 = System.nanoTime();
                ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 16);
                for (int i = 0; i < lines; i++) {
                    chunk.writeBytes(("bench-tput!" + (20 + (i % 1000) / 100.0) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (chunk.size() > 60_000 || i == lines - 1) {
                        port.write(chunk.toByteArray());
                        chunk.reset();
                    }
                }
                // Done when the topic stops growing: lines beyond what the producer sustains are dropped
                // (its buffer is bounded), and reported.
                long delivered = -1;
                long lastGrowth = System.nanoTime();
                while (delivered < lines && System.nanoTime() - lastGrowth < Duration.ofSeconds(3).toNanos()) {
                    long now = endOffset(broker, "bench-tput");
                    if (now > delivered) {
                        delivered = now;
                        lastGrowth = System.nanoTime();
                    }
                    Thread.sleep(20);
                }
                double seconds = (lastGrowth - t0) / 1e9;
                double cpuPerLineUs = (cpuNanos(producer) - cpu0) / 1e3 / delivered;

                // Latency: one line every 10 ms; the time it becomes readable on the broker bounds its ack time.
                long[] latencyNanos = latency(broker, port, latencyLines);
                Arrays.sort(latencyNanos);
                long rssKb = Probe.peakRssKb(producer.pid());

                System.out.printf("| producer throughput | %,d of %,d lines delivered in %.2f s: **%,.0f lines/s** | CPU %.2f µs/line |%n",
                        delivered, lines, seconds, delivered / seconds, cpuPerLineUs);
                System.out.printf("| producer write-to-broker latency at 100 lines/s | p50 **%.2f ms**, p99 **%.2f ms**, max %.2f ms (%d lines) | |%n",
                        latencyNanos[latencyNanos.length / 2] / 1e6, latencyNanos[(int) (latencyNanos.length * 0.99)] / 1e6,
                        latencyNanos[latencyNanos.length - 1] / 1e6, latencyNanos.length);
                System.out.printf("| producer memory | -Xmx64m, peak RSS %,d KiB | |%n", rssKb);
            } finally {
                producer.destroy();
                producer.waitFor(60, TimeUnit.SECONDS);
                producer.destroyForcibly();
            }
        }
    }

    private static long[] latency(KafkaBroker broker, VirtualSerialPort port, int n) throws Exception {
        long[] written = new long[n];
        long[] seen = new long[n];
        TopicPartition tp = new TopicPartition("bench-lat", 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            c.seekToEnd(List.of(tp));
            c.position(tp);
            Thread writer = Thread.ofPlatform().start(() -> {
                long next = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    next += 10_000_000L;
                    while (System.nanoTime() < next) {
                        Thread.onSpinWait(); // pacing the writer at 100 lines/s
                    }
                    written[i] = System.nanoTime();
                    try {
                        port.writeLine("bench-lat!" + i);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            int got = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(n / 100 + 60).toNanos();
            while (got < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
                    int i = Integer.parseInt(new String(r.value(), StandardCharsets.US_ASCII));
                    if (i >= 0 && seen[i] == 0) {
                        seen[i] = System.nanoTime();
                        got++;
                    }
                }
            }
            writer.join();
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = seen[i] == 0 ? Long.MAX_VALUE : seen[i] - written[i];
        }
        return out;
    }

    private static long endOffset(KafkaBroker broker, String topic) {
        try (Admin admin = broker.admin()) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long cpuNanos(Process p) {
        // The launcher execs java, so the process is the JVM itself.
        return p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

}
