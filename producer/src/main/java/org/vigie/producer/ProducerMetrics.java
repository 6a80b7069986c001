package org.vigie.producer;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import org.vigie.common.line.RejectReason;

/**
 * The producer's figures for Prometheus, read from {@link ProducerStats} at each scrape (docs/metrics.md).
 * A label value is the enum's name in lower case: {@code reason="bad_value"}.
 */
final class ProducerMetrics {

    private ProducerMetrics() {}

    static void register(PrometheusRegistry registry, ProducerStats stats) {
        CounterWithCallback.builder().name("vigie_producer_lines_read").help("Lines read from the serial port, good and bad")
                .callback(c -> c.call(stats.linesRead())).register(registry);
        CounterWithCallback.builder().name("vigie_producer_values_sent").help("Values handed to Kafka")
                .callback(c -> c.call(stats.sent())).register(registry);
        CounterWithCallback.builder().name("vigie_producer_values_acknowledged").help("Values the broker acknowledged (acks=all)")
                .callback(c -> c.call(stats.acked())).register(registry);
        CounterWithCallback.builder().name("vigie_producer_values_failed").help("Values whose delivery failed for good")
                .callback(c -> c.call(stats.failed())).register(registry);
        CounterWithCallback.builder().name("vigie_producer_lines_rejected").help("Lines that are not topic!value, by reason")
                .labelNames("reason").callback(c -> {
                    for (RejectReason r : RejectReason.values()) {
                        c.call(stats.rejected(r), label(r));
                    }
                }).register(registry);
        CounterWithCallback.builder().name("vigie_producer_values_dropped").help("Valid values not sent, by reason")
                .labelNames("reason").callback(c -> {
                    for (ProducerStats.Dropped d : ProducerStats.Dropped.values()) {
                        c.call(stats.dropped(d), label(d));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("vigie_producer_values_pending").help("Values sent and not yet acknowledged")
                .callback(c -> c.call(stats.pending())).register(registry);
        GaugeWithCallback.builder().name("vigie_producer_port_open").help("1 while the serial port is open, 0 while it is awaited or closed")
                .callback(c -> c.call(stats.portState() == ProducerStats.PortState.OPEN ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("vigie_producer_kafka_up").help("1 while the broker answers, 0 while it does not or before its first answer")
                .callback(c -> c.call("up".equals(stats.kafkaState) ? 1 : 0)).register(registry);
    }

    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
