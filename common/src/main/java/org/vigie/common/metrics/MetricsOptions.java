package org.vigie.common.metrics;

import picocli.CommandLine.Option;

/** {@code --metrics-port} and {@code --metrics-bind}: where a program shows its figures to Prometheus. */
public final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the figures in Prometheus' text format on this port, at /metrics (0: any free port). Off when not given.")
    Integer port;

    @Option(names = "--metrics-bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the metrics listen on: 127.0.0.1 for this machine only; 0.0.0.0 for a Prometheus on another machine.")
    String bind;

    /** Whether metrics were asked for. */
    public boolean enabled() {
        return port != null;
    }

    public int port() {
        return port;
    }

    public String bind() {
        return bind;
    }
}
