package org.vigie.common.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import org.vigie.common.cli.UserError;

/**
 * A program's figures for Prometheus: the JVM's (memory, GC, threads) and the program's own, which it
 * registers in {@link #registry()} once it has made what they read, served in the text format at
 * {@code /metrics} by the official client's HTTP server. Closing it stops the server.
 */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer server;
    private final PrometheusRegistry registry;

    private MetricsServer(HTTPServer server, PrometheusRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /**
     * Listens on {@code bind}:{@code port} with the JVM's metrics. A port already taken is a {@link UserError},
     * told before the program has made anything it would have to close.
     */
    public static MetricsServer start(String bind, int port) {
        if (port < 0 || port > 65_535) {
            throw new UserError("--metrics-port must be between 0 and 65535");
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        try {
            return new MetricsServer(HTTPServer.builder().hostname(bind).port(port).registry(registry).buildAndStart(), registry);
        } catch (BindException e) {
            throw new UserError("cannot listen on " + bind + ":" + port + " for metrics (" + e.getMessage() + "): give another --metrics-port", e);
        } catch (IOException e) {
            throw new UserError("cannot listen on " + bind + ":" + port + " for metrics: " + e.getMessage(), e);
        }
    }

    /** Starts the server when {@code options} ask for it; null otherwise. */
    public static MetricsServer startIfAsked(MetricsOptions options) {
        return options.enabled() ? start(options.bind(), options.port()) : null;
    }

    /** Where the program registers its metrics: each is served from the next scrape on. */
    public PrometheusRegistry registry() {
        return registry;
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
