package org.vigie.detector;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.vigie.common.kafka.KafkaWatch;

/**
 * The detector's figures for Prometheus, read from the running {@link KafkaDetector} at each scrape
 * (docs/metrics.md). Every series is labelled with the topic and the algorithm, so that the detectors of
 * a session sum and compare in one query.
 */
final class DetectorMetrics {

    private DetectorMetrics() {}

    static void register(PrometheusRegistry registry, KafkaDetector d, KafkaWatch watch, String topic, String algorithm) {
        CounterWithCallback.builder().name("vigie_detector_values_judged").help("Values judged and written to the record log")
                .labelNames("topic", "algorithm").callback(c -> c.call(d.judged.get(), topic, algorithm)).register(registry);
        CounterWithCallback.builder().name("vigie_detector_anomalies").help("Values judged anomalies (state -1)")
                .labelNames("topic", "algorithm").callback(c -> c.call(d.anomalies.get(), topic, algorithm)).register(registry);
        CounterWithCallback.builder().name("vigie_detector_values_not_numeric").help("Records skipped: not a number")
                .labelNames("topic", "algorithm").callback(c -> c.call(d.nonNumeric.get(), topic, algorithm)).register(registry);
        CounterWithCallback.builder().name("vigie_detector_poll_errors").help("Polls that failed and were tried again")
                .labelNames("topic", "algorithm").callback(c -> c.call(d.pollErrors.get(), topic, algorithm)).register(registry);
        CounterWithCallback.builder().name("vigie_detector_gaps").help("Silences longer than 10 of the sensor's usual intervals and a minute, ended by a value judged")
                .labelNames("topic", "algorithm").callback(c -> c.call(d.gaps.get(), topic, algorithm)).register(registry);
        CounterWithCallback.builder().name("vigie_detector_clock_steps_back").help("Values judged whose time lies before the value before them")
                .labelNames("topic", "algorithm").callback(c -> c.call(d.clockStepsBack.get(), topic, algorithm)).register(registry);
        GaugeWithCallback.builder().name("vigie_detector_lag").help("Records not yet consumed, by partition, as the consumer last knew them")
                .labelNames("topic", "algorithm", "partition")
                .callback(c -> d.lags.forEach((p, lag) -> c.call(lag, topic, algorithm, Integer.toString(p)))).register(registry);
        GaugeWithCallback.builder().name("vigie_detector_initialised_ratio")
                .help("How far the least advanced partition is through its initialisation, 0 to 1 (1: every value is judged)")
                .labelNames("topic", "algorithm").callback(c -> c.call(d.initialised(), topic, algorithm)).register(registry);
        GaugeWithCallback.builder().name("vigie_detector_kafka_up").help("1 while the broker answers, 0 while it does not or before its first answer")
                .labelNames("topic", "algorithm").callback(c -> c.call("up".equals(watch.state()) ? 1 : 0, topic, algorithm)).register(registry);
    }
}
