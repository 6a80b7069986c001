package org.vigie.tools.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vigie-bench [producer|detector|plotter|e2e]...} (default: all): runs Vigie's benchmarks against the
 * programs in {@code bin/} beside it and prints their figures as Markdown rows, after a line naming the
 * machine (docs/benchmarks.md). The benchmarks start the programs as users do, so they need the POSIX
 * launchers (Linux, macOS).
 */
public final class Benchmarks {

    /** A benchmark's entry point. */
    private interface Bench {
        void run(String[] args) throws Exception;
    }

    private static final Map<String, Bench> BENCHES = new LinkedHashMap<>();

    static {
        BENCHES.put("producer", ProducerBenchmark::main);
        BENCHES.put("detector", DetectorBenchmark::main);
        BENCHES.put("plotter", PlotterBenchmark::main);
        BENCHES.put("e2e", EndToEndBenchmark::main);
    }

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("Usage: bin/vigie-bench [" + String.join("|", BENCHES.keySet()) + "]...   (default: all)");
            System.out.println("Reruns Vigie's benchmarks against the programs in bin/ and prints their figures as Markdown table rows");
            System.out.println("(docs/benchmarks.md says what each measures, and on which machine).");
            return;
        }
        // The benchmarks' own clients, which fill topics a broker has just made, retry their first sends
        // with a warning each: expected there, and not what the figures are about. Set before any logger is made.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        List<String> names = args.length == 0 ? List.copyOf(BENCHES.keySet()) : List.of(args);
        for (String name : names) {
            if (!BENCHES.containsKey(name)) {
                System.err.println("vigie-bench: unknown benchmark '" + name + "' (known: " + String.join(", ", BENCHES.keySet()) + ")");
                System.exit(2);
            }
        }
        System.out.println("machine: " + machine());
        for (String name : names) {
            BENCHES.get(name).run(new String[0]);
        }
    }

    private static String machine() {
        long bytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return "%d cores, %.0f GiB, %s %s, Java %s".formatted(Runtime.getRuntime().availableProcessors(), bytes / (double) (1L << 30),
                System.getProperty("os.name"), System.getProperty("os.version"), Runtime.version());
    }
}
