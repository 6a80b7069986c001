package org.vigie.tools.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.vigie.tools.KafkaBroker;

/**
 * The seed page's consumer (Python: kafka-python, pandas, scikit-learn; {@code seed_consumer.py} says what it
 * keeps of the page), timed on the benchmark's own topic in the same run, so that Vigie's figure comes with
 * a ratio that holds on any machine. It needs a Python 3 with those three libraries (Debian:
 * {@code apt-get install python3-kafka python3-sklearn python3-pandas}); without one, it says so and the
 * benchmark goes on.
 */
final class SeedConsumer {

    /**
     * Values timed: the seed pickles its whole record list again after every value, so its rate falls as it
     * runs; these take 5 to 15 s on 2026's 2-core machine and are the same in every run.
     */
    static final int DBSCAN_VALUES = 3_000;
    static final int IFOREST_VALUES = 200;

    private SeedConsumer() {}

    /** The seed's values/s on partition 0 of {@code topic} with {@code algorithm}, or 0 (with a line on stderr) when it cannot run. */
    static double rate(KafkaBroker broker, String topic, String algorithm, int available, Path tmp) throws IOException, InterruptedException {
        String python = python();
        if (python == null) {
            System.err.println("the seed's consumer: skipped (it needs a Python 3 with kafka-python, pandas and scikit-learn:"
                    + " apt-get install python3-kafka python3-sklearn python3-pandas; or BENCH_PYTHON=path)");
            return 0;
        }
        Path script = tmp.resolve("seed_consumer.py");
        try (InputStream in = SeedConsumer.class.getResourceAsStream("seed_consumer.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path work = Files.createDirectories(tmp.resolve("seed-" + algorithm));
        int count = Math.min(available, algorithm.equals("dbscan") ? DBSCAN_VALUES : IFOREST_VALUES);
        Path out = work.resolve("out.txt");
        Process p = new ProcessBuilder(python, script.toString(), broker.bootstrapServers(), topic, algorithm, Integer.toString(count), work.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            System.err.println("the seed's consumer (" + algorithm + "): no result in 10 minutes");
            return 0;
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        String last = lines.isEmpty() ? "" : lines.getLast().strip();
        String[] parts = last.split(" ");
        try {
            if (p.exitValue() == 0 && parts.length == 2) {
                return Integer.parseInt(parts[0]) / Double.parseDouble(parts[1]);
            }
        } catch (NumberFormatException e) {
            // not its result line: said below
        }
        System.err.println("the seed's consumer (" + algorithm + ") failed: " + String.join(" / ", lines));
        return 0;
    }

    /** A Python 3 that has the seed's libraries: BENCH_PYTHON, else python3 on the PATH, else Debian's. */
    private static String python() throws InterruptedException {
        String chosen = System.getenv("BENCH_PYTHON");
        for (String candidate : chosen != null ? List.of(chosen) : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import kafka, pandas, sklearn").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not there: the next one
            }
        }
        return null;
    }
}
