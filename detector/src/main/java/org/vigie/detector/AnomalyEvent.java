package org.vigie.detector;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.engine.Decision;
import org.vigie.engine.Evidence;

/**
 * One anomaly as the JSON object published on {@code --output-topic}: where it came from (topic, partition,
 * offset: consumers drop repeats by these), when, the value, the state, the algorithm, the calibrated score
 * and why (the model's own measure).
 */
final class AnomalyEvent {

    // Every key always there: a number that is not finite is written null (JSON has no Infinity or NaN).
    private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private AnomalyEvent() {}

    private static Double finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    static String json(String topic, int partition, long offset, long micros, double value, String algorithm, Decision d) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("topic", topic);
        e.put("partition", partition);
        e.put("offset", offset);
        e.put("time", new LogRecord(micros, value, LogState.of(d.state())).time().toString());
        e.put("value", finite(value));
        e.put("state", LogState.of(d.state()).code());
        e.put("algorithm", algorithm);
        e.put("score", finite(d.score()));
        Evidence why = d.evidence();
        if (why != null) {
            e.put("beyondRange", why instanceof Evidence.Beyond); // past the sensor's recent range: an anomaly whatever the model said
        }
        switch (why instanceof Evidence.Beyond b ? b.model() : why) {
            case null -> { }
            case Evidence.Density x -> {
                e.put("neighbours", x.neighbours());
                e.put("eps", finite(x.eps()));
                e.put("kDistance", finite(x.kDistance()));
            }
            case Evidence.Isolation x -> {
                e.put("pathLength", finite(x.meanPathLength()));
                e.put("anomalyScore", finite(x.anomalyScore()));
                e.put("outlierOffset", finite(x.offset()));
            }
            case Evidence.Deviation x -> e.put("z", finite(x.z()));
            case Evidence.Beyond x -> { } // one level only: the range wraps the model's evidence
        }
        try {
            return WRITER.asString(e);
        } catch (IOException x) {
            throw new UncheckedIOException(x); // a map of strings and numbers always writes
        }
    }
}
