package org.vigie.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.tools.Probe;
import org.vigie.tools.Await;
import org.vigie.tools.KafkaBroker;
import org.vigie.testkit.TopicReader;
import org.vigie.tools.VirtualSerialPort;

/** The producer as a real process: SIGTERM with values pending delivers them all, then exits 0. */
class ProducerProcessTest {

    @TempDir
    Path dir;

    /**
     * Given --wait-for-port and a port not there yet, when the producer starts, then it says it waits for it, and
     * opens it once it appears (the board plugged in later); no broker is needed for that.
     */
    @Test
    void withWaitForPortAPortNotThereYetIsWaitedFor() throws Exception {
        Path tty = dir.resolve("later-tty");
        Path err = dir.resolve("wait-stderr.txt");
        Process child = new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ProducerCommand.class.getName(),
                "--port", tty.toString(), "--wait-for-port", "--bootstrap-server", "127.0.0.1:1")
                .redirectError(err.toFile())
                .redirectOutput(dir.resolve("wait-stdout.txt").toFile())
                .start();
        try {
            Await.until(Duration.ofSeconds(60), "the producer to wait for its port", () -> Probe.text(err).contains("is not there"));
            try (VirtualSerialPort port = VirtualSerialPort.create(tty)) {
                Await.until(Duration.ofSeconds(60), "the producer to open the port", () -> Probe.text(err).contains("port " + tty + " open"));
            }
        } finally {
            child.destroy();
            child.waitFor(60, TimeUnit.SECONDS);
            child.destroyForcibly();
        }
    }

    @Test
    void sigtermDeliversEveryPendingValueBeforeExit() throws Exception {
        try (KafkaBroker broker = KafkaBroker.startForTest(dir.resolve("kafka"));
                VirtualSerialPort port = VirtualSerialPort.create(dir.resolve("tty"))) {
            Path refDir = dir.resolve("ref");
            Process child = new ProcessBuilder(
                    ProcessHandle.current().info().command().orElseThrow(), "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), ProducerCommand.class.getName(),
                    "--port", port.path().toString(), "--bootstrap-server", broker.bootstrapServers(),
                    "--reference-log", refDir.toString(), "--stats-interval", "PT1S")
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .start();
            try {
                Await.until(Duration.ofSeconds(60), "the producer to open the port",
                        () -> Probe.text(dir.resolve("stderr.txt")).contains("open (9600 8N1)"));
                // One value first, acknowledged; then, with the broker away, every value read stays
                // pending in the producer (in its buffer, or in the Kafka client's).
                Path ref = refDir.resolve("pending.ref.vlog");
                List<String> written = new ArrayList<>(List.of("-1"));
                port.writeLine("pending!-1");
                Await.until(Duration.ofSeconds(60), "the first value sent", () -> Probe.logSize(ref) == 1);
                broker.stop();
                for (int i = 0; i < 2000; i++) {
                    port.writeLine("pending!" + i);
                    written.add(Integer.toString(i));
                }
                Await.until(Duration.ofSeconds(60), "all lines read", () -> Probe.text(dir.resolve("stderr.txt")).contains("read 2001, "));

                child.destroy(); // SIGTERM
                broker.start();
                assertTrue(child.waitFor(90, TimeUnit.SECONDS), "the producer exits");
                assertEquals(0, child.exitValue(), Probe.text(dir.resolve("stderr.txt")));
                String summary = Probe.text(dir.resolve("stdout.txt"));
                assertTrue(summary.contains("sent 2001, acknowledged 2001, failed 0"), summary);
                assertEquals(written, TopicReader.values(TopicReader.readAll(broker.bootstrapServers(), "pending", 2001, Duration.ofSeconds(60))));
            } catch (AssertionError e) {
                String stack = "";
                if (child.isAlive()) {
                    Process js = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), Long.toString(child.pid()))
                            .redirectErrorStream(true).start();
                    stack = new String(js.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                }
                throw new AssertionError(e.getMessage() + "\nproducer stdout:\n" + Probe.text(dir.resolve("stdout.txt")) + "\nproducer stderr:\n" + Probe.text(dir.resolve("stderr.txt")) + "\n" + stack, e);
            } finally {
                child.destroyForcibly();
            }
        }
    }


}
