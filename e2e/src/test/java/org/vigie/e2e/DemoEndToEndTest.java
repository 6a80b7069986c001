package org.vigie.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.tools.Probe;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;
import org.vigie.tools.KafkaBroker;
import org.vigie.testkit.TopicReader;

/**
 * The whole mission as a user runs it: {@code bin/vigie-demo} starts the simulated Arduino on a virtual
 * serial port, the producer, four detectors and the plotter as real processes from what the build
 * produced, against a real broker this test starts.
 */
class DemoEndToEndTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    @TempDir
    Path dir;

    @Test
    void readingsFlowThroughKafkaIntoBothDetectorsAndOntoPlots() throws Exception {
        Path demoDir = dir.resolve("demo");
        Path out = dir.resolve("out");
        try (KafkaBroker broker = KafkaBroker.startForTest(dir.resolve("kafka"))) {
            Process demo = new ProcessBuilder(HOME.resolve("bin/vigie-demo").toString(), "--seconds", "90",
                    "--bootstrap-server", broker.bootstrapServers(), "--dir", demoDir.toString(), "--out", out.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("demo.txt").toFile()).start();
            boolean ended = demo.waitFor(5, TimeUnit.MINUTES);
            String said = Files.readString(dir.resolve("demo.txt"));
            if (!ended) {
                demo.destroy();
            }
            assertTrue(ended && demo.exitValue() == 0, "the demo ends well:\n" + said);

            // Every good line written reaches its topic: the simulator's count, the reference logs, the topics.
            String simulator = Files.readString(demoDir.resolve("simulator.log"));
            long readings = Long.parseLong(simulator.replaceAll("(?s).*stopped after (\\d+) readings.*", "$1"));
            long sent = 0;
            for (String topic : List.of("humidite", "temperature")) {
                List<LogRecord> ref = Probe.records(demoDir.resolve(topic + ".ref.vlog"));
                sent += ref.size();
                assertEquals(ref.size(), TopicReader.readAll(broker.bootstrapServers(), topic, ref.size(), Duration.ofSeconds(60)).size(),
                        topic + ": every value sent is on the topic");
                for (String algorithm : List.of("dbscan", "iforest")) {
                    List<LogRecord> judged = Probe.records(demoDir.resolve(topic + "." + algorithm + ".vlog"));
                    assertEquals(ref.size(), judged.size(), topic + "/" + algorithm + ": one record per value");
                    for (int i = 0; i < ref.size(); i++) {
                        assertEquals(ref.get(i).value(), judged.get(i).value(), topic + "/" + algorithm + " value " + i);
                        assertEquals(ref.get(i).timeMicros(), judged.get(i).timeMicros(), topic + "/" + algorithm + " time " + i);
                    }
                }
            }
            assertEquals(readings, sent, "every good line the simulated Arduino wrote was sent");

            // The faults planted are what sensors do, and the detectors run at the defaults a user gets: a chip's error
            // value (the first fault, 82 s in, once the detectors have learnt the sensors) is flagged by both, where it is; the rest is what the summary counts
            // (the 150-second demo's figures are in docs/quality.md).
            List<String> planted = Files.readAllLines(demoDir.resolve("planted.csv"));
            assertEquals("topic,index,value,fault,readings", planted.get(0));
            int errorValues = 0;
            for (String line : planted.subList(1, planted.size())) {
                String[] p = line.split(",");
                if (!p[3].equals("error-value")) {
                    continue;
                }
                errorValues++;
                for (String algorithm : List.of("dbscan", "iforest")) {
                    try (RecordLogReader r = RecordLogReader.open(demoDir.resolve(p[0] + "." + algorithm + ".vlog"))) {
                        LogRecord rec = r.get(Long.parseLong(p[1]));
                        assertEquals(Double.parseDouble(p[2]), rec.value(), line);
                        assertEquals(State.ANOMALY, rec.state(), algorithm + ": planted " + line);
                    }
                }
            }
            assertEquals(2, errorValues, "an error value planted in each sensor: " + planted);
            for (String topic : List.of("humidite", "temperature")) {
                for (String algorithm : List.of("dbscan", "iforest")) {
                    assertTrue(said.matches("(?s).*\n  " + topic + " +" + algorithm + " [^\n]*planted faults flagged [1-9]\\d*/\\d+ \\(error-value 1/1[^\n]*other marks: \\d+\n.*"),
                            topic + "/" + algorithm + ": the error value counted in the summary:\n" + said);
                }
            }

            for (String topic : List.of("humidite", "temperature")) {
                BufferedImage png = ImageIO.read(out.resolve(topic + ".png").toFile());
                assertEquals(1600, png.getWidth());
                assertEquals(600, png.getHeight());
            }
            assertTrue(said.contains("plot: " + out.resolve("humidite.png")), said);
            assertTrue(said.matches("(?s).*live page: http://127\\.0\\.0\\.1:\\d+/ .*"), "the live page's address: " + said);
        }
    }

}
