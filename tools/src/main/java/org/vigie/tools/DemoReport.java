package org.vigie.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.vigie.common.State;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;

/**
 * Helpers of {@code bin/vigie-demo}: {@code topics BOOTSTRAP T...} creates topics; {@code report DIR MANIFEST
 * TOPIC...} waits for the detectors to catch up with the reference logs, then prints what each detector
 * found against the planted anomalies.
 */
public final class DemoReport {

    static final String[] ALGORITHMS = {"dbscan", "iforest"};

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "topics" -> createTopics(args[1], List.of(args).subList(2, args.length));
            case "report" -> System.exit(report(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length)) ? 0 : 1);
            default -> throw new IllegalArgumentException("topics or report");
        }
    }

    static void createTopics(String bootstrap, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            for (String t : topics) {
                try {
                    admin.createTopics(Set.of(new NewTopic(t, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Prints the demo's findings; false when a detector did not catch up. */
    static boolean report(Path dir, Path manifest, List<String> topics) throws IOException {
        List<String[]> planted = new ArrayList<>();
        for (String line : Files.readAllLines(manifest).subList(1, Files.readAllLines(manifest).size())) {
            planted.add(line.split(","));
        }
        boolean ok = true;
        for (String topic : topics) {
            Path ref = dir.resolve(topic + ".ref.vlog");
            long values = Probe.logSize(ref);
            for (String algorithm : ALGORITHMS) {
                Path log = dir.resolve(topic + "." + algorithm + ".vlog");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (Probe.logSize(log) < values && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(100); // polling files another process writes
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                long judged = Probe.logSize(log);
                ok &= judged == values;
                long anomalies = 0;
                int plantedHere = 0;
                int found = 0;
                try (RecordLogReader r = RecordLogReader.open(log)) {
                    RecordLogReader.Cursor c = r.cursor(0);
                    for (LogRecord rec; (rec = c.next()) != null; ) {
                        anomalies += rec.state() == State.ANOMALY ? 1 : 0;
                    }
                    for (String[] p : planted) {
                        if (p[0].equals(topic) && Long.parseLong(p[1]) < judged) {
                            plantedHere++;
                            LogRecord rec = r.get(Long.parseLong(p[1]));
                            found += rec.state() == State.ANOMALY && rec.value() == Double.parseDouble(p[2]) ? 1 : 0;
                        }
                    }
                }
                // Every anomaly that is not a planted glitch flagged: what a user would take for a false alarm.
                System.out.printf("  %-12s %-8s %5d values judged%s, %3d anomalies, planted glitches flagged %d/%d, other marks: %d%n", topic, algorithm,
                        judged, judged == values ? "" : " (of " + values + ": behind)", anomalies, found, plantedHere, anomalies - found);
            }
        }
        return ok;
    }

}
