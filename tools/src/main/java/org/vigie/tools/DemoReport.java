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
 * found against the planted faults, kind by kind, and its other flags.
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

    /** A fault the simulator planted: its topic, its first reading's index and value, its kind and length in readings. */
    record Planted(String topic, long index, double value, String fault, int readings) {
        static Planted parse(String line) {
            String[] p = line.split(",");
            return new Planted(p[0], Long.parseLong(p[1]), Double.parseDouble(p[2]), p[3], Integer.parseInt(p[4]));
        }

        /** Whether a flag at {@code index} is this fault's: from 2 readings before it to 50 after its last (docs/quality.md). */
        boolean covers(long index) {
            return index >= this.index - BEFORE && index < this.index + readings + AFTER;
        }
    }

    /** Readings before a fault whose flag counts as its own: a detector that judges on a window sees it no earlier. */
    static final int BEFORE = 2;
    /** Readings after a fault whose flag counts as its own: a frozen reading is told once its window is frozen too. */
    static final int AFTER = 50;

    /** The planted faults {@code manifest} lists. */
    static List<Planted> planted(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest);
        return lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(Planted::parse).toList();
    }

    /** Prints the demo's findings; false when a detector did not catch up. */
    static boolean report(Path dir, Path manifest, List<String> topics) throws IOException {
        List<Planted> planted = planted(manifest);
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
                List<Planted> here = planted.stream().filter(p -> p.topic().equals(topic) && p.index() < judged).toList();
                boolean[] found = new boolean[here.size()];
                long anomalies = 0;
                long others = 0;
                try (RecordLogReader r = RecordLogReader.open(log)) {
                    RecordLogReader.Cursor c = r.cursor(0);
                    long index = 0;
                    for (LogRecord rec; (rec = c.next()) != null; index++) {
                        if (rec.state() != State.ANOMALY) {
                            continue;
                        }
                        anomalies++;
                        boolean ofAFault = false;
                        for (int k = 0; k < here.size(); k++) {
                            if (here.get(k).covers(index)) {
                                found[k] = true;
                                ofAFault = true;
                            }
                        }
                        others += ofAFault ? 0 : 1;
                    }
                }
                // Per kind, in the order they are planted; then every flag that is no planted fault's: what a user would
                // take for a false alarm.
                Map<String, int[]> byKind = new java.util.LinkedHashMap<>();
                for (int k = 0; k < here.size(); k++) {
                    int[] c = byKind.computeIfAbsent(here.get(k).fault(), f -> new int[2]);
                    c[0] += found[k] ? 1 : 0;
                    c[1]++;
                }
                int total = 0;
                for (boolean f : found) {
                    total += f ? 1 : 0;
                }
                StringBuilder kinds = new StringBuilder();
                byKind.forEach((kind, c) -> kinds.append(kinds.isEmpty() ? "" : ", ").append(kind).append(' ').append(c[0]).append('/').append(c[1]));
                System.out.printf("  %-12s %-8s %5d values judged%s, %3d anomalies, planted faults flagged %d/%d (%s), other marks: %d%n", topic,
                        algorithm, judged, judged == values ? "" : " (of " + values + ": behind)", anomalies, total, here.size(), kinds, others);
            }
        }
        return ok;
    }
}
