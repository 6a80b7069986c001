package org.vigie.engine;

/**
 * Judges the values of one series, in order: values (with their place in the series and their event
 * time) in, decisions out. Not thread-safe: one per series (per Kafka partition).
 */
public interface Detector {

    /**
     * @param position the value's place in its series (a Kafka offset, a row number): increasing, gaps
     *     allowed. The model is refitted when it crosses a multiple of the refresh period, so a detector
     *     rebuilt from the {@link DetectorSettings#horizon()} values before a position holds exactly the
     *     state of one that judged the series from its start.
     * @param micros the value's event time, microseconds since the epoch (for the calendar features)
     * @param value the value, finite
     */
    Decision judge(long position, long micros, double value);

    /** Judges a whole recorded series, its rows' indices as positions. */
    default Decision[] judgeAll(long[] micros, double[] values) {
        Decision[] out = new Decision[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = judge(i, micros[i], values[i]);
        }
        return out;
    }

    /** Fraction of the initialisation done, 1 once judging. */
    double initialised();

    /** A detector for {@code settings}, its randomness all drawn from {@code seed}. */
    static Detector create(DetectorSettings settings, long seed) {
        return settings.algorithm() == Algorithm.ZSCORE ? new ZScoreBaseline(settings.features()) : new StreamDetector(settings, seed);
    }

    /** The default seed of a series: derived from its topic and partition, so each has its own stream. */
    static long seedOf(String topic, int partition) {
        return topic.hashCode() * 0x9E3779B97F4A7C15L + partition;
    }
}
