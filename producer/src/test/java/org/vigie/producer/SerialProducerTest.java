package org.vigie.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.common.State;
import org.vigie.common.cli.Cli;
import org.vigie.common.line.RejectReason;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;
import org.vigie.tools.Await;
import org.vigie.testkit.SharedBroker;
import org.vigie.testkit.TopicReader;
import org.vigie.tools.VirtualSerialPort;

/** The producer against a real broker and a virtual serial port. */
class SerialProducerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SharedBroker kafka = new SharedBroker();

    @TempDir
    Path dir;

    private SerialProducer start(VirtualSerialPort port, String... extra) {
        ProducerCommand cmd = new ProducerCommand();
        List<String> args = new ArrayList<>(List.of("--port", port.path().toString(), "--bootstrap-server", kafka.broker().bootstrapServers()));
        args.addAll(List.of(extra));
        Cli.commandLine(cmd).parseArgs(args.toArray(String[]::new));
        SerialProducer p = new SerialProducer(cmd.settings());
        p.start();
        Await.until(WAIT, "the port to open", () -> p.stats().portState() == ProducerStats.PortState.OPEN);
        return p;
    }

    private static List<String> values(String topic, int expected) {
        return TopicReader.values(TopicReader.readAll(kafka.broker().bootstrapServers(), topic, expected, WAIT));
    }

    @Test
    void linesForSeveralTopicsArriveExactInOrderWithReadTime() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("tty"))) {
            SerialProducer p = start(port, "--reference-log", dir.resolve("ref").toString());
            long before = System.currentTimeMillis();
            List<String> hum = new ArrayList<>();
            List<String> temp = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String h = String.format("%d.%d", 40 + i % 20, i % 10);
                String t = "-" + i + ".25";
                hum.add(h);
                temp.add(t);
                port.writeLine("t1-humidite!" + h);
                port.writeLine("t1-temperature!" + t);
            }
            Await.until(WAIT, "1000 acks", () -> p.stats().acked() == 1000);
            long after = System.currentTimeMillis();
            p.stop();

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(kafka.broker().bootstrapServers(), "t1-humidite", 500, WAIT);
            assertEquals(hum, TopicReader.values(records)); // exact text, in order
            assertEquals(temp, values("t1-temperature", 500));
            for (ConsumerRecord<byte[], byte[]> r : records) {
                assertTrue(r.timestamp() >= before && r.timestamp() <= after, "timestamp from read time");
                long micros = Long.parseLong(new String(r.headers().lastHeader(org.vigie.common.wire.Wire.EVENT_TIME_HEADER).value(), StandardCharsets.US_ASCII));
                assertEquals(r.timestamp(), Math.floorDiv(micros, 1000));
            }
            // the summary names the reference logs it wrote, as full paths
            assertTrue(p.summary().endsWith("reference logs: " + dir.resolve("ref/t1-humidite.ref.vlog").toAbsolutePath() + " "
                    + dir.resolve("ref/t1-temperature.ref.vlog").toAbsolutePath()), p.summary());
            // the reference log holds every value sent, with the same event times
            try (RecordLogReader ref = RecordLogReader.open(dir.resolve("ref/t1-humidite.ref.vlog"))) {
                assertEquals(500, ref.size());
                for (int i = 0; i < 500; i++) {
                    LogRecord rec = ref.get(i);
                    assertEquals(Double.parseDouble(hum.get(i)), rec.value());
                    assertEquals(State.REFERENCE, rec.state());
                    assertEquals(records.get(i).timestamp(), Math.floorDiv(rec.timeMicros(), 1000));
                }
            }
        }
    }

    @Test
    void badLinesAreCountedByReasonAndGoodOnesAllArrive() throws Exception {
        Map<byte[], RejectReason> bad = new java.util.LinkedHashMap<>();
        bad.put("no separator here".getBytes(StandardCharsets.UTF_8), RejectReason.NO_SEPARATOR);
        bad.put("!12".getBytes(StandardCharsets.UTF_8), RejectReason.BAD_TOPIC);
        bad.put("hu mi/dite!12".getBytes(StandardCharsets.UTF_8), RejectReason.BAD_TOPIC);
        bad.put(("t".repeat(300) + "!12").getBytes(StandardCharsets.UTF_8), RejectReason.BAD_TOPIC);
        bad.put("t2-good!nan".getBytes(StandardCharsets.UTF_8), RejectReason.BAD_VALUE);
        bad.put("t2-good!1e999".getBytes(StandardCharsets.UTF_8), RejectReason.BAD_VALUE);
        bad.put("t2-good!12,5".getBytes(StandardCharsets.UTF_8), RejectReason.BAD_VALUE);
        bad.put(new byte[] {'t', '!', (byte) 0xC3, (byte) 0x28}, RejectReason.NOT_UTF8);
        bad.put("x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8), RejectReason.TOO_LONG); // 1 MB without newline
        bad.put("\r".getBytes(StandardCharsets.UTF_8), RejectReason.NO_SEPARATOR); // a lone CR

        try (VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("tty"))) {
            SerialProducer p = start(port);
            List<String> good = new ArrayList<>();
            int i = 0;
            for (Map.Entry<byte[], RejectReason> b : bad.entrySet()) {
                String v = Integer.toString(i++);
                good.add(v);
                port.writeLine("t2-good!" + v);
                byte[] line = b.getKey();
                byte[] withEnd = java.util.Arrays.copyOf(line, line.length + 2);
                withEnd[line.length] = '\r';
                withEnd[line.length + 1] = '\n';
                port.write(withEnd);
            }
            port.writeLine("t2-good!last");
            port.writeLine("t2-good!" + i);
            good.add(Integer.toString(i));
            int goodCount = good.size();
            Await.until(WAIT, "all good lines acknowledged", () -> p.stats().acked() == goodCount);
            Await.until(WAIT, "all lines read", () -> p.stats().linesRead() == goodCount + bad.size() + 1);

            assertEquals(good, values("t2-good", goodCount));
            Map<RejectReason, Long> expected = new java.util.EnumMap<>(RejectReason.class);
            bad.values().forEach(r -> expected.merge(r, 1L, Long::sum));
            expected.merge(RejectReason.BAD_VALUE, 1L, Long::sum); // t2-good!last
            for (RejectReason r : RejectReason.values()) {
                assertEquals(expected.getOrDefault(r, 0L), p.stats().rejected(r), r.label());
            }
            assertEquals(ProducerStats.PortState.OPEN, p.stats().portState(), "still running");
            p.stop();
        }
    }

    @Test
    void everyLineWrittenWhilePluggedArrivesAcrossThreeUnplugs() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("tty"))) {
            SerialProducer p = start(port);
            List<String> written = new ArrayList<>();
            int n = 0;
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 100; i++, n++) {
                    port.writeLine("t3-plug!" + n);
                    written.add(Integer.toString(n));
                }
                int sent = n;
                Await.until(WAIT, "lines of round " + round, () -> p.stats().linesRead() == sent);
                if (round < 3) {
                    port.unplug();
                    Await.until(WAIT, "the producer to see the unplug", () -> p.stats().portState() == ProducerStats.PortState.WAITING);
                    port.plug();
                    Await.until(WAIT, "the producer to reopen the port", () -> p.stats().portState() == ProducerStats.PortState.OPEN);
                }
            }
            int total = n;
            Await.until(WAIT, "all acks", () -> p.stats().acked() == total);
            p.stop();
            assertEquals(written, values("t3-plug", total));
        }
    }

    @Test
    void allowListAndTopicCapDropAndCount() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("tty"))) {
            SerialProducer p = start(port, "--topics", "t4-a,t4-b,t4-c", "--max-topics", "2");
            port.writeLine("t4-a!1");
            port.writeLine("t4-z!2");
            port.writeLine("t4-b!3");
            port.writeLine("t4-c!4");
            port.writeLine("t4-a!5");
            Await.until(WAIT, "5 lines", () -> p.stats().linesRead() == 5);
            Await.until(WAIT, "3 acks", () -> p.stats().acked() == 3);
            p.stop();
            assertEquals(1, p.stats().dropped(ProducerStats.Dropped.TOPIC_NOT_ALLOWED));
            assertEquals(1, p.stats().dropped(ProducerStats.Dropped.TOO_MANY_TOPICS));
            assertEquals(List.of("1", "5"), values("t4-a", 2));
        }
    }

    @Test
    void aBrokerDownForThirtySecondsLosesNothingAndDuplicatesNothing() throws Exception {
        try (VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("tty"))) {
            SerialProducer p = start(port);
            List<String> written = new ArrayList<>();
            IntStream.range(0, 200).forEach(i -> written.add(Integer.toString(i)));
            for (int i = 0; i < 100; i++) {
                port.writeLine("t5-outage!" + i);
            }
            Await.until(WAIT, "first half acknowledged", () -> p.stats().acked() == 100);
            kafka.broker().stop();
            long downAt = System.nanoTime();
            for (int i = 100; i < 200; i++) {
                port.writeLine("t5-outage!" + i);
            }
            Await.until(WAIT, "lines read while the broker is down", () -> p.stats().linesRead() == 200);
            Await.until(Duration.ofSeconds(90), "30 s of outage", () -> System.nanoTime() - downAt > Duration.ofSeconds(30).toNanos());
            assertTrue(p.stats().acked() < 200, "nothing can be acknowledged while the broker is down");
            kafka.broker().start();
            Await.until(Duration.ofMinutes(3), "all acks after the restart", () -> p.stats().acked() == 200);
            p.stop();
            assertEquals(0, p.stats().failed());
            assertEquals(written, values("t5-outage", 200)); // exactly once, in order
        }
    }
}
