package org.vigie.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.vigie.engine.calibration.Calibration;
import org.vigie.engine.decision.DecisionRule;
import org.vigie.engine.decision.RecentRange;
import org.vigie.engine.feature.FeatureOptions;
import org.vigie.engine.model.DbscanModel;
import org.vigie.engine.model.IsolationForestModel;
import org.vigie.engine.model.Memory;
import org.vigie.engine.model.Model;

/**
 * How a detector judges, stage by stage: features, memory, model, calibration, decision. Nothing here is
 * in the sensor's units, so the defaults hold on any sensor.
 *
 * @param algorithm which model judges
 * @param features what describes a value
 * @param memory how many feature vectors the model knows, and how often it is refitted on them
 * @param model the model's own options ({@link DbscanModel.Options} or {@link IsolationForestModel.Options};
 *     null for the z-score baseline)
 * @param calibration the calibration stage: how many recent raw scores a value's raw score is ranked against, the day's maxima,
 *     and the raw scores a mean ranked beside it is taken over
 * @param decision the calibrated score an outlier must pass to be an anomaly, and the sensor time it holds for
 * @param range how far beyond the range of the sensor's recent values a value is an anomaly whatever its model says
 */
public record DetectorSettings(Algorithm algorithm, FeatureOptions features, Memory.Options memory, Model.Options model,
        Calibration.Options calibration, DecisionRule decision, RecentRange.Options range) {

    public DetectorSettings {
        boolean fits = switch (algorithm) {
            case DBSCAN -> model instanceof DbscanModel.Options;
            case IFOREST -> model instanceof IsolationForestModel.Options;
            case ZSCORE -> model == null;
        };
        if (!fits) {
            throw new IllegalArgumentException(algorithm.id() + " does not take " + model);
        }
        if (algorithm != Algorithm.ZSCORE && memory.size() < MEMORY_PER_WINDOW * features.window()) {
            // A value's neighbours are counted outside its own window: a memory of a few windows leaves it
            // almost nothing to be compared with (every raw score infinite, or an infinite eps).
            throw new IllegalArgumentException("the memory (" + memory.size() + " values) must hold at least " + MEMORY_PER_WINDOW
                    + " windows (" + MEMORY_PER_WINDOW * features.window() + " values for a window of " + features.window() + ")");
        }
        if (algorithm != Algorithm.ZSCORE && calibration.size() <= StreamDetector.MIN_CALIBRATION) {
            // A value is judged once the calibration holds more than MIN_CALIBRATION scores: a smaller ring never would.
            throw new IllegalArgumentException("the calibration must hold more than " + StreamDetector.MIN_CALIBRATION
                    + " raw scores (a rank among fewer means little): " + calibration.size());
        }
    }

    /** The memory holds at least this many windows. */
    public static final int MEMORY_PER_WINDOW = 4;

    /** Every stage at its defaults. */
    public static DetectorSettings defaults(Algorithm algorithm) {
        FeatureOptions f = FeatureOptions.defaults();
        return new DetectorSettings(algorithm, new FeatureOptions(f.window(), defaultLags(algorithm), f.context(), f.spread(), f.calendar(),
                        defaultLagGate(algorithm)),
                Memory.Options.defaults(), defaultModel(algorithm),
                new Calibration.Options(Calibration.Options.DEFAULT_SIZE, true, defaultAverage(algorithm), defaultShapedTail(algorithm)),
                new DecisionRule(DecisionRule.DEFAULT_THRESHOLD, DecisionRule.DEFAULT_PERIOD_MICROS), RecentRange.Options.defaults());
    }

    /**
     * The lags an algorithm uses by default: DBSCAN weighs the recent shape in its distance ({@link
     * FeatureOptions#DEFAULT_LAGS}); the forest one.
     */
    public static int defaultLags(Algorithm algorithm) {
        return algorithm == Algorithm.IFOREST ? 1 : FeatureOptions.DEFAULT_LAGS;
    }

    /**
     * Whether an algorithm's lags weigh only while the sensor's noise is autocorrelated, by default: neither's. The forest
     * gated its lag until it learnt the changes a sensor repeats ({@code IsolationForestModel}): each lag is one more
     * coordinate a random cut may pick, and a series' daily steps are its rare extremes, isolated each day as a fault
     * would be. With the repeats left out, the ungated lag finds 93.1 % of the sensor faults against 84.9 % gated, at NAB
     * 67.0 against 67.1 (docs/quality.md).
     */
    public static boolean defaultLagGate(Algorithm algorithm) {
        return false;
    }

    /**
     * The raw scores whose mean an algorithm ranks beside each value's own by default ({@link Calibration}): the forest
     * 5, because its raw score is an estimate from 50 random trees, which a few values' mean steadies, and evidence that
     * gathers over a few values (a daily pattern that skips a beat, spikes growing denser) is NAB's to find; DBSCAN's
     * k-distance is exact, and its mean lost NAB points (71.3 to 68.9). Chosen among 1, 3, 5 and 10, by leave-one-out over
     * NAB's categories, the fault kinds and the normal regimes (docs/quality.md).
     */
    public static int defaultAverage(Algorithm algorithm) {
        return algorithm == Algorithm.IFOREST ? 5 : 1;
    }

    /**
     * Whether an algorithm's calibration reads a tail heavier than exponential where its raw scores' is ({@link
     * Calibration.Options#shapedTail}): DBSCAN's, whose k-distance often has such a tail (a fast sensor's distances, a
     * fridge's switches: its false alarms a day on the normal streams read every 0.1 s, every 1 s and on the fridge fell
     * from 2.4, 1.3 and 1.6 to 0.8, 1.0 and 0.4; the sensor faults found from 92.2 to 92.1 %, the wandering sensors' from
     * 66.9 to 64.1 %). Not the forest's: its raw score is bounded, a frozen reading's lies just past the ring, and a
     * heavier tail missed 32 of the 79 it finds (docs/quality.md).
     */
    public static boolean defaultShapedTail(Algorithm algorithm) {
        return algorithm == Algorithm.DBSCAN;
    }

    private static Model.Options defaultModel(Algorithm algorithm) {
        return switch (algorithm) {
            case DBSCAN -> DbscanModel.Options.defaults();
            case IFOREST -> IsolationForestModel.Options.defaults();
            case ZSCORE -> null;
        };
    }

    /**
     * How many values before a position rebuild a detector's state exactly as an uninterrupted detector has
     * it there. Two chains that do not depend on each other, the longer counted: the model's (the values that tell a
     * vector's features (its window, and the sensor's resolution), a full memory, the refit periods in which every part
     * of the model is refitted on a full memory (one for DBSCAN), and before them the model's own reach: DBSCAN's past
     * outliers, each judged noise by the memory alone; the forest's lasting outliers) and the recent range's (the
     * features' reach for the widths of the windows it takes, a memory's length for the run that tells a sensor's first
     * move, and the values it spans). Then, once both are an uninterrupted detector's, the calibration's ring (its raw
     * scores all from such models, a gap's refill left out as the range says), the last verdicts an incident looks back
     * at, the blocks of the day's maxima, and the average - 1 raw scores before the first mean the calibration ranks, if
     * it ranks one.
     */
    public int horizon() {
        if (algorithm == Algorithm.ZSCORE) {
            return features.window();
        }
        long modelChain = (long) model.reach() + features.reach() + memory.size() + (long) model.rounds() * memory.refresh();
        long rangeChain = range.on() ? (long) features.reach() + memory.size() + RecentRange.REACH : 0;
        // The day's maxima take the raw scores and the ring's verdict on them: their blocks come after all the rest.
        return Math.toIntExact(Math.max(modelChain, rangeChain) + calibration.size() + StreamDetector.episodeGap(algorithm) + calibration.reach());
    }

    /** The settings as name=value pairs, for the record log header. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        if (algorithm == Algorithm.ZSCORE) {
            p.put("z", "4");
            return p;
        }
        p.put("lags", Integer.toString(features.lags()));
        p.put("lagGate", Boolean.toString(features.lagGate()));
        p.put("context", Boolean.toString(features.context()));
        p.put("spread", Boolean.toString(features.spread()));
        p.put("calendar", Boolean.toString(features.calendar()));
        p.put("memory", Integer.toString(memory.size()));
        p.put("refresh", Integer.toString(memory.refresh()));
        p.putAll(model.parameters());
        p.put("calibration", Integer.toString(calibration.size()));
        p.put("dailyMaxima", Boolean.toString(calibration.dailyMaxima()));
        p.put("average", Integer.toString(calibration.average()));
        p.put("shapedTail", Boolean.toString(calibration.shapedTail()));
        p.put("threshold", Double.toString(decision.threshold()));
        p.put("thresholdPeriod", java.time.Duration.of(decision.periodMicros(), java.time.temporal.ChronoUnit.MICROS).toString());
        p.put("rangeMargin", range.on() ? Double.toString(range.margin()) : "off");
        return p;
    }
}
