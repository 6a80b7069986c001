package org.vigie.engine;

import java.util.SplittableRandom;
import org.vigie.engine.calibration.ConformalCalibrator;
import org.vigie.engine.decision.DecisionRule;
import org.vigie.engine.feature.FeatureExtractor;
import org.vigie.engine.feature.FeatureScale;
import org.vigie.engine.model.Memory;
import org.vigie.engine.model.Model;

/**
 * The engine loop: window → features → model → calibrated score → decision, then the value's features
 * join the memory. The model is refitted on the memory when the position crosses a multiple of the
 * refresh period (and, while the memory fills, each time it doubles); each fit draws from a generator
 * seeded by the detector's seed and the fit's position, so the same series and seed give the same
 * decisions, run after run and across restarts.
 *
 * <p>A value is initialising until the window is full, a model is fitted and the calibration holds
 * {@link #MIN_CALIBRATION} raw scores.
 */
final class StreamDetector implements Detector {

    /** Feature vectors in the memory before the first fit. */
    static final int MIN_FIT = 100;
    /**
     * Anomaly-like values fewer than this many values apart are one episode, flagged once at its start: a burst
     * of noise or a contact that bounces has normal-looking readings among its wild ones. 5 against 1 (the
     * value just before), measured with the threshold per reading: NAB 54.8 -> 56.7 (DBSCAN), 51.2 -> 52.7 (IsolationForest), false alarms 8.1 -> 7.3
     * and 14.3 -> 12.5 per 10,000 on the sensors, the same faults found but 2; 10 and 20 start losing
     * faults (docs/quality.md).
     */
    static final int EPISODE_GAP = 5;

    /** Raw scores ranked against before a value can be an anomaly: a rank among fewer means little. */
    static final int MIN_CALIBRATION = 100;

    private final DetectorSettings settings;
    private final long seed;
    private final FeatureExtractor features;
    private final Memory memory;
    private final Model model;
    private final ConformalCalibrator calibrator;
    private final DecisionRule rule;
    private DecisionRule perReading; // the rule at the sensor's reading interval in the memory, set at each fit
    private final double[] x;
    private final int minFit;
    private int fittedSize;
    // The calibration has held more than MIN_CALIBRATION raw scores: values are judged from then on, also when a
    // retirement leaves it MIN_CALIBRATION.
    private boolean calibrated;
    private long nextRefit;
    private long sinceAnomalyLike = Long.MAX_VALUE / 2; // values judged since the last anomaly-like one
    private long sincePassed = Long.MAX_VALUE / 2; // values judged since the last one that passed the threshold

    StreamDetector(DetectorSettings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
        this.features = new FeatureExtractor(settings.features());
        this.memory = new Memory(settings.memory().size(), settings.features().dimension());
        this.model = settings.model().create(memory, settings.features().window());
        this.calibrator = new ConformalCalibrator(settings.calibration());
        this.rule = settings.decision();
        this.perReading = rule.at(0); // set again at each fit, from the memory's reading interval
        this.x = new double[settings.features().dimension()];
        this.minFit = Math.min(MIN_FIT, settings.memory().size());
    }

    @Override
    public Decision judge(long position, long micros, double value) {
        if (!features.ready()) {
            features.push(value);
            return Decision.INITIALISING;
        }
        features.extract(value, micros, x);
        refitIfDue(position);
        Decision d = Decision.INITIALISING;
        if (model.fitted()) {
            Evidence e = model.judge(x);
            double score = calibrator.score(e.raw());
            boolean outlying = e.outlier() && calibrator.outlying(e.raw());
            Verdict base = perReading.decide(e, score);
            calibrator.add(e.raw());
            calibrated |= calibrator.size() > MIN_CALIBRATION;
            if (calibrated) {
                d = new Decision(sinceAnomalyLike < EPISODE_GAP ? Verdict.NORMAL : base, score, e);
            }
            // A value is anomaly-like when it passes the threshold (an anomaly, or one but for an episode before
            // it), or is an outlier past the normal scores fewer than EPISODE_GAP values after one that passed. A
            // value continues an episode while the last anomaly-like one is fewer than EPISODE_GAP values back: a
            // run is flagged once, at its first value that passes the threshold. Outliers before that one (a
            // frozen reading's first ones, while its spread falls) do not hold it back. Every count looks a few
            // values back only, so a detector rebuilt from its horizon holds the same episode.
            sincePassed = base == Verdict.ANOMALY ? 0 : sincePassed + 1;
            boolean anomalyLike = base == Verdict.ANOMALY || outlying && sincePassed < EPISODE_GAP;
            sinceAnomalyLike = anomalyLike ? 0 : sinceAnomalyLike + 1;
        }
        memory.add(x, micros);
        features.push(value);
        return d;
    }

    private void refitIfDue(long position) {
        int n = memory.size();
        if (n < minFit) {
            return;
        }
        boolean growing = n < settings.memory().size() && n >= 2 * fittedSize;
        if (model.fitted() && position < nextRefit && !growing) {
            return;
        }
        double[] weights = FeatureScale.weights(settings.features(), memory);
        long refresh = settings.memory().refresh();
        model.fit(memory, weights, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + position), Math.floorDiv(position, refresh));
        if (growing) {
            // The raw scores of the models fitted on half this memory or less knew less than this one: high for
            // what the sensor does routinely, they would hide what this one sees. Forgotten once this model has
            // given MIN_CALIBRATION of its own, as many as a rank needs; ranked against until then.
            calibrator.retire(MIN_CALIBRATION);
        }
        perReading = rule.at(memory.medianIntervalMicros());
        fittedSize = n;
        nextRefit = (Math.floorDiv(position, refresh) + 1) * refresh;
    }

    @Override
    public double initialised() {
        if (!features.ready()) {
            return 0.5 * features.filled();
        }
        if (calibrated) {
            return 1.0;
        }
        return Math.min(1.0, 0.5 + 0.5 * Math.min((double) memory.size() / minFit, (double) calibrator.size() / (MIN_CALIBRATION + 1)));
    }
}
