package org.vigie.common.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigie.common.cli.UserError;

class MetricsServerTest {

    @Test
    void servesTheProgramsMetricsAndTheJvmsInTheTextFormat() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0)) {
            CounterWithCallback.builder().name("vigie_test_values").help("values").labelNames("topic").callback(c -> c.call(42, "humidite"))
                    .register(server.registry());
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("vigie_test_values_total{topic=\"humidite\"} 42.0"), body);
            assertTrue(body.contains("jvm_memory_used_bytes{area=\"heap\"}"), body);
        }
    }

    @Test
    void aPortAlreadyTakenIsToldInOneLine() {
        try (MetricsServer first = MetricsServer.start("127.0.0.1", 0)) {
            UserError e = assertThrows(UserError.class, () -> MetricsServer.start("127.0.0.1", first.port()));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + first.port() + " for metrics"), e.getMessage());
        }
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        UserError e = assertThrows(UserError.class, () -> MetricsServer.start("127.0.0.1", 70_000));
        assertTrue(e.getMessage().contains("--metrics-port"), e.getMessage());
    }
}
