package org.vigie.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.vigie.common.VigieVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/kafka-local}: the tests' broker, for people without a Kafka, on localhost:9092. */
@Command(name = "kafka-local", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class, usageHelpWidth = 110,
        description = {
            "A single-node Apache Kafka broker (KRaft) for trying Vigie on one machine.",
            "It listens on 127.0.0.1:PORT (its controller on PORT+1) and keeps its data in DIR."
        },
        subcommands = {KafkaLocal.Start.class, KafkaLocal.Stop.class, KafkaLocal.Status.class})
public final class KafkaLocal implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: start, stop or status");
    }

    static final class Where {
        @Option(names = "--port", defaultValue = "9092", description = "Port clients connect to (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--dir", description = "Data folder (default: data/kafka in the current folder, as every path Vigie writes).")
        Path dir;

        Path dir() {
            return (dir != null ? dir : Path.of("data", "kafka")).toAbsolutePath();
        }

        Optional<ProcessHandle> running() {
            Path pid = dir().resolve("broker.pid");
            try {
                if (!Files.exists(pid)) {
                    return Optional.empty();
                }
                return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive);
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, usageHelpWidth = 110, description = "Start the broker; returns once it answers.")
    static final class Start implements Callable<Integer> {
        @CommandLine.Mixin
        Where where;

        @Override
        public Integer call() {
            if (where.running().isPresent() && KafkaBroker.answers(where.port)) {
                System.out.println("kafka-local: already running on 127.0.0.1:" + where.port + " (data in " + where.dir() + ")");
                return 0;
            }
            KafkaBroker broker = KafkaBroker.detached(where.dir(), where.port);
            try {
                long t0 = System.nanoTime();
                broker.start();
                System.out.printf("kafka-local: ready on %s in %.1f s (data in %s, log %s)%n", broker.bootstrapServers(),
                        (System.nanoTime() - t0) / 1e9, where.dir(), broker.logFile());
                return 0;
            } catch (UncheckedIOException e) {
                System.err.println("kafka-local: " + e.getCause().getMessage());
                return 1;
            }
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, usageHelpWidth = 110, description = "Stop the broker cleanly.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.Mixin
        Where where;

        @Override
        public Integer call() throws InterruptedException {
            Optional<ProcessHandle> p = where.running();
            if (p.isEmpty()) {
                System.out.println("kafka-local: not running" + elsewhere(where));
                return 0;
            }
            p.get().destroy();
            try {
                p.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.get().destroyForcibly();
            }
            System.out.println("kafka-local: stopped");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, usageHelpWidth = 110, description = "Say whether the broker runs; exit 0 if it does, 3 if not.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Where where;

        @Override
        public Integer call() {
            Optional<ProcessHandle> p = where.running();
            if (p.isPresent() && KafkaBroker.answers(where.port)) {
                System.out.println("kafka-local: running on 127.0.0.1:" + where.port + " (pid " + p.get().pid() + ", data in " + where.dir() + ")");
                return 0;
            }
            System.out.println(p.isPresent() ? "kafka-local: process " + p.get().pid() + " is up but port " + where.port + " does not answer"
                    : "kafka-local: not running" + elsewhere(where));
            return 3;
        }
    }

    /** When no broker of {@code where}'s folder runs but the port answers: whose broker that may be. */
    static String elsewhere(Where where) {
        return KafkaBroker.answers(where.port)
                ? " with its data in " + where.dir() + ", but a broker answers on port " + where.port
                        + ": if kafka-local started it, run this in the folder it was started in, or give its --dir"
                : "";
    }

    public static void main(String[] args) {
        System.exit(org.vigie.common.cli.Cli.execute(new KafkaLocal(), args));
    }
}
