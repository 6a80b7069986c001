package org.vigie.detector;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.common.VigieVersion;
import org.vigie.common.cli.Cli;
import org.vigie.common.cli.UserError;
import org.vigie.common.kafka.KafkaWatch;
import org.vigie.common.line.LineParser;
import org.vigie.common.metrics.MetricsOptions;
import org.vigie.common.metrics.MetricsServer;
import org.vigie.engine.DetectorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigie-detector}: judges each value of a topic against a sliding window of the values before it. */
@Command(name = "vigie-detector", mixinStandardHelpOptions = true, versionProvider = VigieVersion.class,
        sortOptions = false, showDefaultValues = true, usageHelpWidth = 110,
        description = {
            "Consumes one topic and judges each value, with the window of the values before it, against a memory of",
            "what the sensor did lately: DBSCAN by density, or IsolationForest by isolation. Writes (value, time, state)",
            "records to a record log: 2 initialising, 1 normal, -1 anomaly. One detector per partition; more detectors",
            "in the same group share the partitions. How it judges: docs/detector.md.",
            "Defaults come from config/detector.properties.",
            ""},
        subcommands = {ReplayCommand.class, EvaluateCommand.class})
public final class DetectorCommand implements Callable<Integer> {

    // Made with the command, not with its class: main sets the level (--quiet) before the first logger is made.
    private final Logger logger = LoggerFactory.getLogger(DetectorCommand.class);

    @Option(names = "--topic", description = "Required: the topic to judge.")
    String topic;

    @Mixin
    SettingsOptions options;

    @Option(names = "--bootstrap-server", defaultValue = "localhost:9092", description = "Kafka broker(s), host:port[,host:port].")
    String bootstrapServer;

    @Option(names = "--consumer.config", paramLabel = "FILE", description = "Kafka consumer properties (SASL, SSL...); options here win.")
    Path consumerConfig;

    @Option(names = "--group", description = "Consumer group. Default: vigie-<algorithm>-<topic>.")
    String group;

    @Option(names = "--from", defaultValue = "committed", description = "Where to start: committed (the group's offsets, else the beginning), earliest, latest.")
    KafkaDetector.StartFrom from;

    @Option(names = "--log", paramLabel = "FILE", description = "Record log to append to. Default: data/<topic>.<algorithm>.vlog")
    Path log;

    @Option(names = "--output-topic", paramLabel = "TOPIC", description = "Also publish each anomaly there, as a JSON event (at least once; exactly once with --exactly-once-events).")
    String outputTopic;

    @Option(names = "--exactly-once-events", description = "With --output-topic: the events in Kafka transactions that also commit the offsets "
            + "they follow, so consumers reading read_committed see each event once, across crashes. A failed transaction ends the detector; "
            + "restarted, it sends again what was not committed. Transactional id: vigie-GROUP-LOG (or transactional.id in --consumer.config).")
    boolean exactlyOnceEvents;

    @Option(names = "--wait-for-topic", description = "If the topic does not exist yet, wait for it (the producer creates it with its "
            + "first line) instead of exiting: a mistyped topic is otherwise told at once, with the topics that exist.")
    boolean waitForTopic;

    @Option(names = "--max-messages", defaultValue = "0", description = "Exit after judging this many values (0: run until stopped).")
    long maxMessages;

    @Mixin
    MetricsOptions metrics = new MetricsOptions();

    @Option(names = {"-q", "--quiet"}, description = "No status line, warnings and errors only.")
    boolean quiet;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (topic == null) {
            throw new UserError("say which topic to judge: --topic NAME (or use the replay or evaluate command)");
        }
        String problem = LineParser.topicProblem(topic);
        if (problem != null) {
            throw new UserError("--topic: " + problem);
        }
        DetectorSettings s = options.settings();
        // Relative to the folder the detector runs in, as every path Vigie is given; told in full.
        Path logFile = (log != null ? log : Path.of("data", topic + "." + s.algorithm().id() + ".vlog")).toAbsolutePath();
        if (outputTopic != null && LineParser.topicProblem(outputTopic) != null) {
            throw new UserError("--output-topic: " + LineParser.topicProblem(outputTopic));
        }
        if (exactlyOnceEvents && outputTopic == null) {
            throw new UserError("--exactly-once-events: say where the events go with --output-topic");
        }
        Properties consumerProps = consumerProperties(s);
        KafkaDetector detector = new KafkaDetector(topic, s, options.seed, consumerProps, logFile, from, maxMessages, outputTopic);
        if (exactlyOnceEvents) {
            // One id per detector and log: a restarted detector fences and aborts what its killed self left open.
            detector.withTransactionalEvents("vigie-" + consumerProps.getProperty(ConsumerConfig.GROUP_ID_CONFIG) + "-" + logFile.toAbsolutePath());
        }
        java.util.concurrent.atomic.AtomicBoolean stopRequested = new java.util.concurrent.atomic.AtomicBoolean(); // set by the signal's thread
        Cli.onStopSignal(() -> {
            stopRequested.set(true);
            detector.stop();
        });
        // The log is named once it is opened (RecordLogSink): a topic that does not exist leaves none.
        logger.info("vigie-detector {}: {} on topic {} ({})", VigieVersion.get(), s.algorithm().id(), topic, bootstrapServer);
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().unstarted(r));
        KafkaWatch watch = KafkaWatch.start(consumerProps, KafkaWatch.downAndBack(
                () -> logger.warn("Kafka at {} does not answer: nothing to judge until it does", bootstrapServer),
                () -> logger.info("Kafka at {} answers again", bootstrapServer)));
        if (!quiet) {
            status.scheduleAtFixedRate(() -> System.err.println(statusLine(detector, watch)), 5, 5, TimeUnit.SECONDS);
        }
        boolean ran = false;
        MetricsServer served = null;
        try {
            served = MetricsServer.startIfAsked(metrics);
            if (served != null) {
                DetectorMetrics.register(served.registry(), detector, watch, topic, s.algorithm().id());
                logger.info("metrics for Prometheus on http://{}:{}/metrics", metrics.bind(), served.port());
            }
            TopicCheck.await(consumerProps, topic, waitForTopic, stopRequested::get);
            if (!stopRequested.get()) {
                ran = true;
                detector.run();
            }
        } catch (org.vigie.common.recordlog.RecordLogException e) {
            throw new UserError(e.getMessage(), e);
        } catch (org.apache.kafka.common.errors.AuthenticationException | org.apache.kafka.common.errors.AuthorizationException e) {
            throw new UserError("Kafka at " + bootstrapServer + " refused: " + e.getMessage() + " (see --consumer.config); the log keeps what was judged", e);
        } catch (EventSink.TransactionFailed | EventSink.SendFailed e) {
            throw new UserError(e.getMessage(), e);
        } catch (org.apache.kafka.clients.consumer.InvalidOffsetException e) {
            throw new UserError(e.getMessage() + ": set auto.offset.reset in --consumer.config, or use --from", e);
        } finally {
            status.shutdownNow();
            watch.close();
            if (served != null) {
                served.close();
            }
        }
        if (!ran) {
            System.out.printf("judged 0 values: stopped while waiting for topic %s; no log written%n", topic);
            return Cli.ExitCode.OK;
        }
        System.out.printf("judged %d values, %d anomalies, %d not numeric (skipped); log %s%n",
                detector.judged.get(), detector.anomalies.get(), detector.nonNumeric.get(), logFile);
        detector.clockSummary().forEach(System.out::println);
        System.out.println(detector.standing()); // set by every run that returns (a stop while waiting returned above)
        return Cli.ExitCode.OK;
    }

    private static String statusLine(KafkaDetector d, KafkaWatch watch) {
        double init = d.initialised();
        long lag = d.lag.get();
        long gaps = d.gaps.get();
        long back = d.clockStepsBack.get();
        return String.format("judged %d | anomalies %d | not numeric %d%s%s%s | lag %s | kafka %s", d.judged.get(), d.anomalies.get(), d.nonNumeric.get(),
                init < 1 ? String.format(" | initialising %.0f%%", 100 * init) : "", gaps > 0 ? " | gaps " + gaps : "",
                back > 0 ? " | clock back " + back : "", lag < 0 ? "?" : Long.toString(lag), watch.state());
    }

    private Properties consumerProperties(DetectorSettings s) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "vigie-detector");
        // A topic that does not exist yet is picked up within seconds of its creation, not Kafka's 5 minutes.
        p.setProperty(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
        // The broker holds a fetch of a partition with nothing new up to this long, and a stop waits for the fetch in
        // flight: 100 ms instead of Kafka's 500 makes a stop 0.4 s quicker, for 10 requests a second from an idle detector.
        p.setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        if (consumerConfig != null) {
            Cli.loadProperties(p, consumerConfig, "--consumer.config");
        }
        // The detector judges topics, it does not make them: a mistyped one must not come into being.
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // Offsets are ours to commit, after the log has the records.
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group != null ? group : "vigie-" + s.algorithm().id() + "-" + topic);
        return p;
    }

    public static void main(String[] args) {
        Cli.quietIfAsked(args);
        System.exit(Cli.execute(new DetectorCommand(), args));
    }
}
