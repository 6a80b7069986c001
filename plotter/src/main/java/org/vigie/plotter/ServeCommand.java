package org.vigie.plotter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie-plotter serve LOG...}: the session's logs as a live page in the browser, for a board with no screen. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        description = {"Serves a live page of the logs, or of a topic and its anomaly events read from Kafka.",
            "One panel per topic: the series with each detector's anomalies in the PNG's colours (DBSCAN red, IsolationForest "
            + "green) and initialisation shaded; zoom (drag, wheel), pan (shift-drag), hover for each detector's state and score, "
            + "and a list of the latest anomalies (a click centres the chart on one). New values appear within a second, without "
            + "a reload. Read-only: it serves these logs and nothing else. Runs until Ctrl-C."},
        footer = {"", "By default only this machine can open the page; --bind 0.0.0.0 shares it with the network (no password: "
                + "anyone who reaches the port sees the series).", "Exit codes: 0 stopped, 2 bad input (a missing or invalid log, a port in use)."})
final class ServeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "LOG", arity = "0..*",
            description = "Logs to serve, in any order: reference and detector logs, of one or several topics (told apart by their headers).")
    List<Path> logs = new java.util.ArrayList<>();

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Instead of logs, from Kafka (a page on another machine than the detectors'): the broker(s).")
    String bootstrapServer;

    @Option(names = "--topic", description = "With --bootstrap-server: the topic whose values to draw.")
    String topic;

    @Option(names = "--events", paramLabel = "TOPIC", split = ",",
            description = "With --bootstrap-server: the detectors' --output-topic(s), whose anomaly events about --topic are drawn.")
    List<String> events = new java.util.ArrayList<>();

    @Option(names = "--consumer.config", paramLabel = "FILE", description = "With --bootstrap-server: Kafka consumer properties (SASL, SSL...).")
    Path consumerConfig;

    @Option(names = "--port", defaultValue = "8080", description = "Port of the page (0: any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to listen on: 127.0.0.1 for this machine only; 0.0.0.0 for every network it is on.")
    String bind;

    @Option(names = "--refresh", defaultValue = "500ms", paramLabel = "DURATION",
            description = "How often the logs are read for new records, and the pages told (each then asks for its view again).")
    Duration refresh;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new UserError("--port must be between 0 and 65535");
        }
        if (refresh.isNegative() || refresh.isZero() || refresh.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new UserError("--refresh must be between 1ms and 10s");
        }
        boolean fromKafka = bootstrapServer != null || topic != null || !events.isEmpty();
        if (fromKafka && (!logs.isEmpty() || bootstrapServer == null || topic == null)) {
            throw new UserError("serve either logs, or a topic from Kafka (--bootstrap-server and --topic, with --events), not both");
        }
        if (!fromKafka && logs.isEmpty()) {
            throw new UserError("nothing to serve: give the logs (serve data/humidite.ref.vlog data/humidite.dbscan.vlog ...), or --bootstrap-server and --topic");
        }
        for (Path l : logs) {
            if (!Files.isRegularFile(l)) {
                throw new UserError("no such log: " + l);
            }
        }
        CountDownLatch stop = new CountDownLatch(1);
        Cli.onStopSignal(stop::countDown);
        try (LiveSession session = fromKafka ? LiveSession.kafka(consumerProperties(), topic, events) : LiveSession.open(logs);
                LiveServer server = start(session)) {
            if (!bind.equals("127.0.0.1") && !bind.equals("localhost") && !bind.equals("::1")) {
                System.err.println("warning: --bind " + bind + " shares the page with every machine that reaches this one on port "
                        + server.address().getPort() + " (no password)");
            }
            System.out.println("open " + server.address() + "   (" + session.panels() + " panel" + (session.panels() == 1 ? "" : "s")
                    + "; Ctrl-C stops)");
            System.out.flush();
            stop.await();
            System.out.println("stopped: " + server.summary()); // as every program ends with its summary
            for (Path l : session.seriesLogs()) {
                ClockLines.of(l).forEach(System.out::println);
            }
        }
        return Cli.ExitCode.OK;
    }

    private java.util.Properties consumerProperties() {
        java.util.Properties p = new java.util.Properties();
        if (consumerConfig != null) {
            Cli.loadProperties(p, consumerConfig, "--consumer.config");
        }
        p.setProperty("bootstrap.servers", bootstrapServer);
        return p;
    }

    private LiveServer start(LiveSession session) {
        try {
            return LiveServer.start(session, bind, port, refresh, System.err);
        } catch (java.net.BindException e) {
            throw new UserError("cannot listen on " + bind + ":" + port + " (" + e.getMessage() + "): another program has it; give another --port", e);
        } catch (IOException e) {
            throw new UserError("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
