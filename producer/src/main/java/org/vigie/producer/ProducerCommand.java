package org.vigie.producer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.UserError;
import org.vigie.common.line.LineFramer;
import org.vigie.common.line.LineParser;
import org.vigie.common.metrics.MetricsOptions;
import org.vigie.common.metrics.MetricsServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie-producer}: reads a serial port's {@code topic!value} lines and publishes each value to Kafka. */
@Command(name = "vigie-producer", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class,
        sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        description = {
            "Reads topic!value lines (humidite!45.2) from a serial port and publishes each value, as UTF-8 text,",
            "to the Kafka topic the line names. Each value carries the time its line was read. Nothing is lost",
            "when the cable is pulled (the port is reopened when it is back) or the broker restarts (values wait",
            "and are retried, acks=all, idempotent). Bad lines are counted by reason and never stop it.",
            "Defaults come from config/producer.properties; options override them.",
            ""},
        footer = {"", "Ctrl-C or SIGTERM stops reading, waits for pending values (--drain-timeout), prints a summary, exits 0."})
public final class ProducerCommand implements Callable<Integer> {

    // Made with the command, not with its class: main sets the level (--quiet) before the first logger is made.
    private final Logger logger = LoggerFactory.getLogger(ProducerCommand.class);

    @Option(names = "--port", required = true, description = "Serial port: COM3, /dev/ttyACM0, or any device path.")
    String port;

    @Option(names = "--wait-for-port", description = "Wait for a port that is not there yet (a board not plugged in yet) instead of "
            + "refusing it with the ports that are. A port that goes away once open (a pulled cable) is always waited for.")
    boolean waitForPort;

    @Option(names = "--baud", defaultValue = "9600", description = "Baud rate.")
    int baud;

    @Option(names = "--data-bits", defaultValue = "8", description = "Data bits (5-8).")
    int dataBits;

    @Option(names = "--parity", defaultValue = "NONE", description = "Parity: ${COMPLETION-CANDIDATES}.")
    ProducerSettings.Parity parity;

    @Option(names = "--stop-bits", defaultValue = "ONE", description = "Stop bits: ${COMPLETION-CANDIDATES}.")
    ProducerSettings.StopBits stopBits;

    @Option(names = "--separator", defaultValue = LineParser.DEFAULT_SEPARATOR, description = "Between topic and value; lines split at the last one.")
    String separator;

    @Option(names = "--max-line-length", defaultValue = "" + LineFramer.DEFAULT_MAX_LENGTH, description = "Longer lines are dropped up to their newline and counted.")
    int maxLineLength;

    @Option(names = "--bootstrap-server", defaultValue = "localhost:9092", description = "Kafka broker(s) to connect to, host:port[,host:port].")
    String bootstrapServer;

    @Option(names = "--producer.config", paramLabel = "FILE", description = "Kafka producer properties (SASL, SSL, compression...); options above win.")
    Path producerConfig;

    @Option(names = "--topics", split = ",", paramLabel = "TOPIC", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "Allow-list of topics; lines for other topics are dropped and counted. Default: any topic.")
    List<String> topics = List.of();

    @Option(names = "--max-topics", defaultValue = "100", description = "Cap on distinct topics, so that a noisy line cannot create topics without end.")
    int maxTopics;

    @Option(names = "--source-id", description = "Record key: all values of this source land in one partition, in order. Default: host:port.")
    String sourceId;

    @Option(names = "--reference-log", paramLabel = "DIR", description = "Write one record log per topic (DIR/<topic>.ref.vlog) with every value sent.")
    Path referenceDir;

    @Option(names = "--buffer-lines", defaultValue = "100000", description = "Values held while Kafka is slow or away; when full, new lines are dropped and counted.")
    int bufferLines;

    @Option(names = "--drain-timeout", defaultValue = "30s", description = "On stop, how long to wait for pending values (250ms, 5s, 2m, 1h or ISO-8601 PT5S).")
    Duration drainTimeout;

    @Option(names = "--stats-interval", defaultValue = "5s", description = "Status line period on stderr (250ms, 5s, 2m, 1h or ISO-8601 PT5S).")
    Duration statsInterval;

    @CommandLine.Mixin
    MetricsOptions metrics = new MetricsOptions();

    @Option(names = {"-q", "--quiet"}, description = "No status line, warnings and errors only.")
    boolean quiet;

    /** Resolves options and files into the engine's settings; a UserError for anything the user must fix. */
    ProducerSettings settings() {
        if (maxLineLength < 16) {
            throw new UserError("--max-line-length must be at least 16");
        }
        if (bufferLines < 1 || maxTopics < 1) {
            throw new UserError("--buffer-lines and --max-topics must be positive");
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new UserError("--data-bits must be 5, 6, 7 or 8");
        }
        try {
            new LineParser(separator);
        } catch (IllegalArgumentException e) {
            throw new UserError("--separator: " + e.getMessage());
        }
        for (String t : topics) {
            String problem = LineParser.topicProblem(t);
            if (problem != null) {
                throw new UserError("--topics: " + problem);
            }
        }
        return new ProducerSettings(port, new ProducerSettings.SerialSettings(baud, dataBits, parity, stopBits),
                separator, maxLineLength, kafkaProperties(), sourceId != null ? sourceId : defaultSourceId(),
                new LinkedHashSet<>(topics), maxTopics, referenceDir, bufferLines, drainTimeout);
    }

    private Properties kafkaProperties() {
        Properties p = new Properties();
        // Lose nothing: every write on all in-sync replicas, retries without duplicates, and a delivery
        // timeout that outlasts a 10-minute broker outage.
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Duration.ofMinutes(15).toMillis()));
        p.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofMinutes(15).toMillis()));
        p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0"); // a sensor line should not wait: batches form anyway while requests are in flight
        // Each record in the client's buffer also holds ~100 bytes of futures and callbacks until acknowledged:
        // 2 MiB of batches bounds that, and the rest waits in our own buffer (--buffer-lines).
        p.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(2 << 20));
        p.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(64 << 10));
        p.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "vigie-producer");
        if (producerConfig != null) {
            Cli.loadProperties(p, producerConfig, "--producer.config");
        }
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        return p;
    }

    private String defaultSourceId() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (IOException e) {
            return port;
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ProducerSettings settings = settings();
        if (!waitForPort) {
            String absent = SerialLineSource.absence(port); // a mistyped port would be waited on for ever
            if (absent != null) {
                throw new UserError(absent + "; plug the board in, or give --wait-for-port to wait for it");
            }
        }
        // Before anything that would have to be closed: a metrics port that is taken is told at once.
        try (MetricsServer served = MetricsServer.startIfAsked(metrics)) {
            SerialProducer producer = new SerialProducer(settings);
            CountDownLatch stopRequested = new CountDownLatch(1);
            Cli.onStopSignal(stopRequested::countDown);
            logger.info("vigie-producer {}: {} -> Kafka {}", VigieVersion.get(), port, bootstrapServer);
            if (served != null) {
                ProducerMetrics.register(served.registry(), producer.stats());
                logger.info("metrics for Prometheus on http://{}:{}/metrics", metrics.bind(), served.port());
            }
            producer.start();
            StatusLine status = quiet ? null : StatusLine.start(producer.stats(), statsInterval);
            stopRequested.await();
            logger.info("stopping: no more reading; waiting up to {} s for pending values", drainTimeout.toSeconds());
            producer.stop();
            if (status != null) {
                status.close();
            }
            System.out.println(producer.summary());
        }
        return Cli.ExitCode.OK;
    }

    public static void main(String[] args) {
        Cli.quietIfAsked(args);
        System.exit(Cli.execute(new ProducerCommand(), args));
    }
}
