package org.vigie.detector;

import org.vigie.common.cli.UserError;
import org.vigie.engine.Algorithm;
import org.vigie.engine.DetectorSettings;
import org.vigie.engine.calibration.Calibration;
import org.vigie.engine.decision.DecisionRule;
import org.vigie.engine.decision.RecentRange;
import org.vigie.engine.feature.FeatureOptions;
import org.vigie.engine.model.DbscanModel;
import org.vigie.engine.model.IsolationForestModel;
import org.vigie.engine.model.Memory;
import picocli.CommandLine.Option;

/** The detection options, shared by the Kafka detector, replay and evaluate: one per engine setting. */
final class SettingsOptions {

    @Option(names = {"-a", "--algorithm"}, converter = AlgorithmConverter.class,
            description = "Required: dbscan (density), iforest (isolation; also isolationforest), or zscore (the NAB calibration baseline).")
    Algorithm algorithm;

    @Option(names = "--window", defaultValue = "" + FeatureOptions.DEFAULT_WINDOW,
            description = "Features: values before each value that it is judged in (its context).")
    int window;

    @Option(names = "--lags", description = "Features: the recent shape, as differences from the value to each of this many values "
            + "before it. Default: " + FeatureOptions.DEFAULT_LAGS + " for dbscan, 1 for iforest.")
    Integer lags;

    @Option(names = "--lag-gate", negatable = true, fallbackValue = "true",
            description = "Features: the lags weigh only while the sensor's noise is autocorrelated (its readings move less from "
                    + "one to the next than from a line through the window before): where a jump within the noise shows only "
                    + "in the recent shape. Default: off (the lags always weigh).")
    Boolean lagGate;

    @Option(names = "--context", negatable = true, defaultValue = "" + FeatureOptions.DEFAULT_CONTEXT, fallbackValue = "true",
            description = "Features: the value's distance from its window's median (on unless --no-context). It also tells whether a "
                    + "value lasted (the next stayed nearer it than that median), which both models need to learn the changes a sensor repeats.")
    boolean context;

    @Option(names = "--spread", negatable = true, defaultValue = "" + FeatureOptions.DEFAULT_SPREAD, fallbackValue = "true",
            description = "Features: how much the sensor moves lately (the log of its window's deviation from its median, the largest quarter "
                    + "left out): a frozen reading, "
                    + "a burst of noise (on unless --no-spread).")
    boolean spread;

    @Option(names = "--calendar", negatable = true, defaultValue = "" + FeatureOptions.DEFAULT_CALENDAR, fallbackValue = "true",
            description = "Features: time of day and day of week, each once the memory spans two of its periods (on unless --no-calendar).")
    boolean calendar;

    @Option(names = "--memory", defaultValue = "" + Memory.Options.DEFAULT_SIZE,
            description = "Feature vectors of the last this many values, which the model is fitted on and judges against; a new "
                    + "detector flags nothing until it holds this many, or an hour of readings.")
    int memory;

    @Option(names = "--refresh", defaultValue = "" + Memory.Options.DEFAULT_REFRESH,
            description = "The model is refitted on the memory every this many values.")
    int refresh;

    @Option(names = "--contamination", defaultValue = "" + DbscanModel.Options.DEFAULT_CONTAMINATION,
            description = "Share of the memory's own vectors the model calls outliers (DBSCAN: sets eps from the memory's k-distances; "
                    + "IsolationForest: sets the score offset).")
    double contamination;

    @Option(names = "--min-pts", defaultValue = "" + DbscanModel.Options.DEFAULT_MIN_PTS,
            description = "DBSCAN: neighbours within eps that make a point core.")
    int minPts;

    @Option(names = "--min-eps", defaultValue = "" + DbscanModel.Options.DEFAULT_MIN_EPS,
            description = "DBSCAN: eps is at least this, in standard deviations of the features (a memory of exact repeats keeps a radius).")
    double minEps;

    @Option(names = "--trees", defaultValue = "" + IsolationForestModel.Options.DEFAULT_TREES, description = "IsolationForest: trees.")
    int trees;

    @Option(names = "--sample", defaultValue = "" + IsolationForestModel.Options.DEFAULT_SAMPLE,
            description = "IsolationForest: memory vectors each tree is grown on (0: the whole memory).")
    int sample;

    @Option(names = "--max-depth", defaultValue = "" + IsolationForestModel.Options.DEFAULT_MAX_DEPTH,
            description = "IsolationForest: a tree stops splitting at this depth (its size: 2^(depth+1) - 1 nodes).")
    int maxDepth;

    @Option(names = "--parts",
            description = "IsolationForest: the forest is regrown one part at a time, every N-th tree at each refit (each tree then lives N refresh periods). "
                    + "Default: " + IsolationForestModel.Options.DEFAULT_PARTS + ", or the trees when there are fewer.")
    Integer parts;

    @Option(names = "--min-score", defaultValue = "" + IsolationForestModel.Options.DEFAULT_MIN_SCORE,
            description = "IsolationForest: the outlier offset is at least this anomaly score (a memory of near repeats keeps random path lengths from being outliers).")
    double minScore;

    @Option(names = "--repeat-reach", defaultValue = "" + IsolationForestModel.Options.DEFAULT_REPEAT_REACH,
            description = "IsolationForest: values back over which an outlier the sensor stayed at (a change it made) is remembered, "
                    + "so that a later outlier near it is no outlier (0: none; each value of it is read back at a restart). Default: ${DEFAULT-VALUE}.")
    int repeatReach;

    @Option(names = "--calibration", defaultValue = "" + Calibration.Options.DEFAULT_SIZE,
            description = "Recent raw scores each value's raw score is ranked against, for its calibrated score in [0, 1] "
                    + "(more than 100: values are judged once it holds that many).")
    int calibration;

    @Option(names = "--daily-maxima", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Calibration: past the recent raw scores' tail, a score is at least as likely as the sensor's last day "
                    + "showed (the largest normal raw score of each block of --calibration positions, and past them a Gumbel law "
                    + "fitted to them; once the day holds 12 blocks): a sensor read every few seconds or faster then raises about "
                    + "one false alarm a day or fewer (on unless --no-daily-maxima). "
                    + "Off, a restart replays fewer values before its offset.")
    boolean dailyMaxima;

    @Option(names = "--average", description = "Calibration: the mean of each value's raw score and of the ones before it, this many "
            + "in all, is ranked too, against the means before it; the value's score is the larger rank, each at half the chance "
            + "(evidence that gathers over a few values: a daily pattern that skips a beat). The mean begins again after a gap "
            + "or a value beyond the recent range; a restart replays this many values less one more. 1: none. Default: "
            + "1 for dbscan, 5 for iforest.")
    Integer average;

    @Option(names = "--shaped-tail", negatable = true, fallbackValue = "true",
            description = "Calibration: past the recent normal raw scores, read their tail as a generalised Pareto law where their "
                    + "largest tenth is clearly heavier than an exponential one (a distance's often is), so that a raw score seen "
                    + "every few hours is not read as one in millions. Default: on for dbscan, off for iforest (its raw score is "
                    + "bounded).")
    Boolean shapedTail;

    @Option(names = "--threshold", defaultValue = "" + DecisionRule.DEFAULT_THRESHOLD,
            description = "An outlier whose calibrated score passes this is an anomaly: 0.999 is rarer than 1 in 1,000 of the "
                    + "sensor's normal values of late, 0.9999 (quieter: fewer false alarms, subtle changes missed) 1 in 10,000. "
                    + "It holds per --threshold-period of the sensor's time, not per reading: 0.999 per 5 minutes allows 0.29 false "
                    + "alarms a day on a sensor with nothing wrong, if it is read every 50 minutes or faster (docs/quality.md, "
                    + "\"Streams with nothing wrong in them\": what each kind of sensor gets).")
    double threshold;

    @Option(names = "--threshold-period", paramLabel = "DURATION", defaultValue = DecisionRule.DEFAULT_PERIOD_MICROS / 60_000_000L + "m",
            description = "The sensor time the threshold holds for, not each reading: a sensor read every `interval` (the median "
                    + "gap between the readings the model knows) is judged at 1 - (1 - threshold) * interval / period per reading "
                    + "(at 5m: every 30 s at 1 - (1 - threshold) / 10, every 10 minutes at 1 - 2 (1 - threshold)), so that its false "
                    + "alarms a day do not depend on how often it is read; never below " + DecisionRule.LOWEST_PER_READING
                    + " per reading, unless the threshold is lower. 0: per reading (a recording played faster than it was made).")
    java.time.Duration thresholdPeriod;

    @Option(names = "--range-margin", defaultValue = "" + RecentRange.Options.DEFAULT_MARGIN,
            description = "A value beyond the range of the sensor's last " + RecentRange.SPAN + " values, or of its last 2 h 47 min if they are more (at most "
                    + RecentRange.MAX_SPAN + " values: a sensor read faster than every second; lone spikes left out), by more than this share of the range's width "
                    + "(and more than " + RecentRange.MIN_STEPS + " steps of the sensor's resolution) is an anomaly, whatever the model says: "
                    + "an error value, a wild glitch (once the range holds " + RecentRange.MIN_VALUES + " values). Negative: the model alone decides.")
    double rangeMargin;

    @Option(names = "--seed", description = "Seed of the detector's random generator (default: derived from the topic and partition; for replay, "
            + "from the file's name; for evaluate, from each series' name).")
    Long seed;

    DetectorSettings settings() {
        if (algorithm == null) {
            throw new UserError("say which algorithm: --algorithm dbscan or --algorithm iforest");
        }
        try {
            return new DetectorSettings(algorithm, new FeatureOptions(window, lags != null ? lags : DetectorSettings.defaultLags(algorithm), context, spread, calendar,
                    lagGate != null ? lagGate : DetectorSettings.defaultLagGate(algorithm)), new Memory.Options(memory, refresh),
                    switch (algorithm) {
                        case DBSCAN -> new DbscanModel.Options(minPts, contamination, minEps);
                        case IFOREST -> new IsolationForestModel.Options(trees, sample, maxDepth,
                                parts != null ? parts : Math.min(IsolationForestModel.Options.DEFAULT_PARTS, trees), contamination, minScore,
                                repeatReach);
                        case ZSCORE -> null;
                    },
                    new Calibration.Options(calibration, dailyMaxima, average != null ? average : DetectorSettings.defaultAverage(algorithm),
                            shapedTail != null ? shapedTail : DetectorSettings.defaultShapedTail(algorithm)),
                    new DecisionRule(threshold, periodMicros()),
                    new RecentRange.Options(rangeMargin));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The period in microseconds: at least 1 if it is not 0, and refused past what a long holds. */
    private long periodMicros() {
        try {
            long nanos = thresholdPeriod.toNanos();
            return nanos == 0 ? 0 : Math.max(1, nanos / 1000);
        } catch (ArithmeticException e) {
            throw new UserError("--threshold-period " + thresholdPeriod + " is too long");
        }
    }

    /** The seed of a series: {@code --seed}, or one derived from its topic and partition. */
    long seedFor(String topic, int partition) {
        return seed != null ? seed : org.vigie.engine.Detector.seedOf(topic, partition);
    }
}
