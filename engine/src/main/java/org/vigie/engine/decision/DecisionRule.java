package org.vigie.engine.decision;

import org.vigie.engine.Verdict;
import org.vigie.engine.Evidence;

/**
 * The last stage: a value is an anomaly when its model calls it an outlier (DBSCAN: noise; the forest: an
 * anomaly score past its contamination offset) and its calibrated score passes the threshold. The model says
 * the value is unlike its memory; the calibration says it is rarer than nearly everything the model has judged
 * lately, so a lasting change is flagged when it starts, not for as long as it lasts.
 *
 * <p>The threshold holds for a period of the sensor's time, not for each reading: a normal value passes
 * {@code threshold} about {@code 1 - threshold} of the time, so a sensor read every 2 s would raise 150 times
 * the false alarms a day of one read every 5 minutes, and one read every hour 12 times fewer. A sensor read every
 * {@code interval} is judged at {@code 1 - (1 - threshold) * interval / period} per reading instead: the chance
 * that a period's readings hold a false alarm stays that of one reading at {@code threshold} (as a Bonferroni
 * correction over the period's readings), and a slow sensor gets a fast one's false alarms a day (0.29 at the
 * defaults). A threshold per reading is never below {@link #LOWEST_PER_READING}, or below {@code threshold} where
 * that is lower: readings further apart than {@code period * (1 - LOWEST_PER_READING) / (1 - threshold)} (50 minutes
 * at the defaults) get fewer false alarms a day.
 *
 * @param threshold calibrated score a value must pass (strictly) to be an anomaly, per {@code periodMicros}
 * @param periodMicros the sensor time the threshold holds for, in microseconds; 0: per reading
 */
public record DecisionRule(double threshold, long periodMicros) {

    public static final double DEFAULT_THRESHOLD = 0.999;
    /** Five minutes: the reading interval of NAB's series and of many a data logger, for which 0.999 was chosen. */
    public static final long DEFAULT_PERIOD_MICROS = 300_000_000L;

    public DecisionRule {
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1): " + threshold);
        }
        if (periodMicros < 0) {
            throw new IllegalArgumentException("the threshold's period must not be negative: " + periodMicros + " µs");
        }
    }

    /** A threshold per reading, whatever the interval. */
    public DecisionRule(double threshold) {
        this(threshold, 0);
    }

    /**
     * The lowest threshold per reading, however far apart the readings are (unless the threshold is lower): a value must
     * still rank above 99 in 100 of the recent normal scores, and a sensor read once a day is not judged at 0.71. Chosen
     * among 0.995, 0.99, 0.9 and none by leave-one-out (docs/quality.md).
     */
    public static final double LOWEST_PER_READING = 0.99;

    /**
     * The rule per reading for a sensor read every {@code intervalMicros} (0 or less: not known, as when every
     * reading bears the same time, and the threshold is taken per reading).
     */
    public DecisionRule at(long intervalMicros) {
        if (periodMicros == 0 || intervalMicros <= 0 || intervalMicros == periodMicros) {
            return new DecisionRule(threshold); // at the period itself, the threshold to the last bit
        }
        double perReading = 1 - (1 - threshold) * ((double) intervalMicros / periodMicros);
        // Within [min(LOWEST_PER_READING, threshold), 1): below 1 even where the difference is too small for a double
        // (a huge threshold, a 1 µs interval).
        return new DecisionRule(Math.clamp(perReading, Math.min(LOWEST_PER_READING, threshold), Math.nextDown(1.0)));
    }

    public Verdict decide(Evidence evidence, double score) {
        return evidence.outlier() && score > threshold ? Verdict.ANOMALY : Verdict.NORMAL;
    }
}
