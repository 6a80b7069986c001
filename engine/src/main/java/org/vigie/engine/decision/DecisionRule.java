package org.vigie.engine.decision;

import org.vigie.engine.Verdict;
import org.vigie.engine.Evidence;

/**
 * The last stage: a value is an anomaly when its model calls it an outlier (DBSCAN: noise; the forest: an
 * anomaly score past its contamination offset) and its calibrated score passes {@code threshold}. The
 * model says the value is unlike its memory; the calibration says it is rarer than nearly everything the
 * model has judged lately, so a lasting change is flagged when it starts, not for as long as it lasts.
 *
 * @param threshold calibrated score a value must pass (strictly) to be an anomaly
 */
public record DecisionRule(double threshold) {

    public static final double DEFAULT_THRESHOLD = 0.999;

    public DecisionRule {
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1): " + threshold);
        }
    }

    public Verdict decide(Evidence evidence, double score) {
        return evidence.outlier() && score > threshold ? Verdict.ANOMALY : Verdict.NORMAL;
    }

    /**
     * As {@link #decide(Evidence, double)}, but a value that continues an anomaly's episode is not one again
     * ({@code continues}: an anomaly-like value, one that was or would have been an anomaly, or an outlier
     * with an anomaly's raw score, lies a few values back): the rest of an error value's run, a frozen reading
     * that stays frozen, a step the model has not learnt yet, a burst of noise, flagged once at its start.
     */
    public Verdict decide(Evidence evidence, double score, boolean continues) {
        return continues ? Verdict.NORMAL : decide(evidence, score);
    }
}
