package org.vigie.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) run as a child JVM from
 * the Maven Central jars on our classpath. Tests start it, stop or kill it and start it again on the
 * same ports and data to check that nothing is lost; {@code bin/kafka-local} runs the same broker for
 * people without a Kafka.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final boolean tiedToParent;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort, boolean tiedToParent) {
        this.dir = dir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.tiedToParent = tiedToParent;
    }

    /** Starts a broker for a test on free ports, with its data under {@code dir}; it dies with this JVM. */
    public static KafkaBroker startForTest(Path dir) {
        KafkaBroker b = new KafkaBroker(dir, freePort(), freePort(), true);
        b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(b::kill));
        return b;
    }

    /**
     * A broker on {@code port} (controller on {@code port + 1}) that outlives this JVM: the one of
     * {@code bin/kafka-local}.
     */
    static KafkaBroker detached(Path dir, int port) {
        return new KafkaBroker(dir, port, port + 1, false);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /** Starts the broker (formatting its storage the first time) and returns once it answers. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("broker already running");
        }
        try {
            Files.createDirectories(dir);
            requireFree(port);
            requireFree(controllerPort);
            Path config = writeConfig();
            if (!Files.exists(dir.resolve("logs/meta.properties"))) {
                format(config);
            }
            List<String> cmd = javaCommand();
            if (tiedToParent) {
                cmd.add("-Dvigie.broker.parent=" + ProcessHandle.current().pid());
            }
            cmd.add(BrokerMain.class.getName());
            cmd.add(config.toString());
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            process.getOutputStream().close(); // the broker reads nothing: no /dev/null, so that Windows runs it too
            Files.writeString(dir.resolve("broker.pid"), Long.toString(process.pid()));
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the broker cleanly (SIGTERM) and waits for it to be gone. */
    public synchronized void stop() {
        end(false);
    }

    /** Kills the broker at once (SIGKILL), as a crash or a pulled plug would. */
    public synchronized void kill() {
        end(true);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** Creates the topic and waits until every partition has a leader (a producer sent to it at once would retry otherwise). */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Await.until(java.time.Duration.ofSeconds(30), "every partition of " + topic + " led", () -> {
                try {
                    return admin.describeTopics(Set.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                } catch (Exception e) {
                    return false;
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void end(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("logs").toString());
        // One node: every internal topic has one replica, or consumer groups silently receive nothing.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(out, "Vigie local Kafka broker (single node, KRaft)");
        }
        return config;
    }

    private void format(Path config) throws IOException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
        Process f = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        try {
            if (!f.waitFor(120, TimeUnit.SECONDS) || f.exitValue() != 0) {
                f.destroyForcibly();
                throw new IOException("formatting the broker's storage failed; see " + logFile() + ":\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting the broker's storage", e);
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker exited with code " + process.exitValue() + "; see " + logFile() + ":\n" + tail());
            }
            if (answers(port)) {
                try (Admin admin = admin()) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the broker", e);
                }
            }
            try {
                Thread.sleep(100); // polling a port: there is nothing to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the broker", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("the Kafka broker did not answer within " + READY_TIMEOUT.toSeconds() + " s; see " + logFile(), last);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireFree(int port) throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new PortTakenException(port);
        }
    }

    /** The port a broker needs is in use by another program. */
    public static final class PortTakenException extends IOException {
        PortTakenException(int port) {
            super("port " + port + " on 127.0.0.1 is already in use (another Kafka broker, or another program); choose another with --port");
        }
    }

    private static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "--sun-misc-unsafe-memory-access=allow",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path")));
        return cmd;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
