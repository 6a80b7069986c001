package org.vigie.common.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.util.function.Consumer;
import org.vigie.common.cli.UserError;

/**
 * A program's figures for Prometheus: its own metrics, registered by the caller, and the JVM's (memory, GC,
 * threads), served in the text format at {@code /metrics} by the official client's HTTP server. Closing it
 * stops the server.
 */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Registers the JVM's metrics and the program's ({@code register} gets the registry), and listens on
     * {@code bind}:{@code port}. A port already taken is a {@link UserError}.
     */
    public static MetricsServer start(String bind, int port, Consumer<PrometheusRegistry> register) {
        if (port < 0 || port > 65_535) {
            throw new UserError("--metrics-port must be between 0 and 65535");
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        register.accept(registry);
        try {
            return new MetricsServer(HTTPServer.builder().hostname(bind).port(port).registry(registry).buildAndStart());
        } catch (BindException e) {
            throw new UserError("cannot listen on " + bind + ":" + port + " for metrics (" + e.getMessage() + "): give another --metrics-port", e);
        } catch (IOException e) {
            throw new UserError("cannot listen on " + bind + ":" + port + " for metrics: " + e.getMessage(), e);
        }
    }

    /** Starts the server when {@code options} ask for it; null otherwise. */
    public static MetricsServer startIfAsked(MetricsOptions options, Consumer<PrometheusRegistry> register) {
        return options.enabled() ? start(options.bind(), options.port(), register) : null;
    }

    /** The port listened on (the one chosen, with port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
