package org.vigie.engine;

import java.util.SplittableRandom;
import org.vigie.engine.calibration.Calibration;
import org.vigie.engine.decision.DecisionRule;
import org.vigie.engine.decision.GapWatch;
import org.vigie.engine.decision.RecentRange;
import org.vigie.engine.feature.FeatureExtractor;
import org.vigie.engine.feature.FeatureScale;
import org.vigie.engine.model.Memory;
import org.vigie.engine.model.Model;

/**
 * The engine loop: window → features → model (or a value beyond the recent range) → calibrated score → decision,
 * then the value's features join the memory. The model is refitted on the memory when the position crosses a multiple of the
 * refresh period (and, while the memory fills, each time it doubles); each fit draws from a generator
 * seeded by the detector's seed and the fit's position, so the same series and seed give the same
 * decisions, run after run and across restarts.
 *
 * <p>A value is initialising until the window is full, a model is fitted, the calibration holds
 * {@link #MIN_CALIBRATION} raw scores and the detector has learnt the sensor for {@link #LEARNING_MICROS} of its time or a
 * full memory; and again while its window reaches back across a gap, or follows the sensor's first move (FIRST_MOVE).
 */
final class StreamDetector implements Detector {

    /** Feature vectors in the memory before the first fit. */
    static final int MIN_FIT = 100;
    /**
     * Readings with nothing anomaly-like in them that end an incident: until then it is flagged once, at its first
     * value that passes the threshold, and again only for evidence clearly stronger ({@link #STRONGER}). A burst of
     * noise or a contact that bounces has normal-looking readings among its wild ones, and a person paged at night
     * wants one alarm for it. DBSCAN 40 (3 hours 20 minutes at 5 minutes, 40 s at 1 s), the forest 20: chosen by
     * leave-one-category-out on NAB with the choice remade in each fold, among 5, 20, 30 and 40 readings
     * (docs/quality.md): DBSCAN's six folds all chose 40, the forest's five of six 20. Fewer than 50, so identical
     * glitches 50 readings apart are three incidents (HostileSeriesTest), and a sensor's glitches that recur 150
     * readings apart or more are each flagged.
     */
    static int episodeGap(Algorithm algorithm) {
        return algorithm == Algorithm.IFOREST ? 20 : 40;
    }

    /**
     * Outliers past the normal scores fewer than this many readings after a value that passed the threshold keep
     * its incident open: the readings just after a glitch, judged with it in their window.
     */
    static final int AFTERMATH = 5;

    /**
     * How many times the raw score of the strongest value that passed the threshold in the incident's last
     * readings a value must have to be flagged again within it: a fault after a false alarm, or one that grows, is
     * not hidden behind it (a spike of 30 standard deviations 15 readings after a false alarm of the forest's, in
     * HostileSeriesTest, is 3.5 times its raw score). 2 and 4 scored the same on NAB's folds for the forest;
     * DBSCAN 65.1 and 65.3.
     */
    static final double STRONGER = 2;

    /** Raw scores ranked against before a value can be an anomaly: a rank among fewer means little. */
    static final int MIN_CALIBRATION = 100;

    /**
     * The sensor time a new detector learns its sensor for before it flags anything, unless its memory fills sooner (2,000
     * readings: 33 minutes at 1 s, 200 s at 10 readings a second), counted as the memory's readings at their usual
     * interval (a gap or a clock that steps forward does not end it). A model fitted on a memory still growing has seen
     * little of what the sensor does: a fridge's first switches, the first quiet spell of a fast sensor, each the largest
     * score yet by far, were 5 of 8 and 1 of 3 of DBSCAN's false alarms on the normal streams read every 1 s and 0.1 s. An
     * hour: chosen by leave-one-out among none, 10 and 30 minutes, 1, 6 and 24 hours (docs/quality.md). An hour is 1,800
     * readings at 2 s: a fault planted as early as the sensor generator allows (a fifth of its shortest series, 1,620
     * readings) could fall in it, though none of seeds 1 to 20's does; from 6 hours on, some do. A sensor read every 5
     * minutes is judged from its 220th reading, as before: its first fit and calibration take longer than an hour.
     */
    static final long LEARNING_MICROS = 3_600_000_000L;

    /*
     * FIRST_MOVE: a sensor that has read one value through everything the detector has seen of it, or through a memory's
     * length of readings (a motion sensor at rest, a door closed, or a sensor stuck that long) has not been seen to move;
     * its next move (the first motion, the door opened) says what a move is, not that one is wrong, and both models see it
     * as far beyond anything before (a scale of one step in the whole memory). It and the readings whose window holds it
     * are initialising, but for a value beyond the range it widened (it enters the range whatever comes next); they open
     * no incident, and the models and the calibration learn from them as from any value. The motion sensors' first motions
     * were 3 of DBSCAN's 4 and of the forest's 4 false alarms over three days (docs/quality.md). The price: that move is not
     * flagged whatever its size, an error value on a sensor flat until then or stuck for a memory's length included. The
     * run is counted up to the memory's size, within the horizon, so a rebuilt detector finds the same first move.
     */

    private final DetectorSettings settings;
    private final long seed;
    private final FeatureExtractor features;
    private final Memory memory;
    private final Model model;
    private final Calibration calibration;
    private final DecisionRule rule;
    private DecisionRule perReading; // the rule at the sensor's reading interval in the memory, set at each fit
    private final double[] x;
    private final RecentRange range; // null: the model alone decides
    private final int minFit;
    private final int episodeGap;
    private final int contextIndex; // where the value's distance from its window's median is, -1 without it
    private double lastValue;
    private double lastLevel;
    private int fittedSize;
    // The calibration has held more than MIN_CALIBRATION raw scores: values are judged from then on, also when a
    // retirement leaves it MIN_CALIBRATION.
    private boolean calibrated;
    private long nextRefit;
    private long sinceAnomalyLike = Long.MAX_VALUE / 2; // values judged since the last anomaly-like one
    private long sincePassed = Long.MAX_VALUE / 2; // values judged since the last one that passed the threshold
    private long judged; // values judged
    // The sensor's first move: the last value seen, how many in a row it was read and how many values were seen (each up
    // to the memory's size), and the readings of a first move's window still to come.
    private double lastSeen = Double.NaN;
    private int sameInARow;
    private int seen;
    private int firstMoveLeft;
    private boolean learnt; // the memory has filled, or held LEARNING_MICROS of readings: values may be flagged
    private long readingInterval; // the memory's median reading interval at the last fit, in µs (0: not known)
    private final GapWatch gaps = new GapWatch();
    private int sinceGap = Integer.MAX_VALUE - 1; // readings since the last that ended a gap
    // The values that passed the threshold lately: when (in values judged) and their raw score, a ring.
    private final long[] passedAt = new long[8];
    private final double[] passedRaw = new double[8];
    private int passedHead;

    StreamDetector(DetectorSettings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
        this.features = new FeatureExtractor(settings.features());
        this.memory = new Memory(settings.memory().size(), settings.features().dimension());
        this.model = settings.model().create(memory, settings.features().window());
        this.calibration = new Calibration(settings.calibration());
        this.rule = settings.decision();
        this.range = settings.range().on() ? new RecentRange(settings.range()) : null;
        this.perReading = rule.at(0); // set again at each fit, from the memory's reading interval
        this.x = new double[settings.features().dimension()];
        this.minFit = Math.min(MIN_FIT, settings.memory().size());
        this.episodeGap = episodeGap(settings.algorithm());
        this.contextIndex = settings.features().contextIndex();
    }

    @Override
    public Decision judge(long position, long micros, double value) {
        sinceGap = gaps.observe(micros) ? 0 : Math.min(sinceGap + 1, Integer.MAX_VALUE - 1);
        // A sensor that read one value through everything seen, or through a memory's length, has never been seen to
        // move: its first move, and the window after it, teach the detector what a move is (FIRST_MOVE).
        int run = settings.memory().size();
        boolean firstMove = seen > 0 && value != lastSeen && sameInARow == seen;
        sameInARow = value == lastSeen ? Math.min(sameInARow + 1, run) : 1;
        seen = Math.min(seen + 1, run);
        lastSeen = value;
        if (firstMove) {
            firstMoveLeft = settings.features().window() + 1; // the move, and each reading whose window holds it
        }
        boolean afterFirstMove = firstMoveLeft > 0;
        if (afterFirstMove) {
            firstMoveLeft--;
        }
        if (!features.ready()) {
            features.push(value);
            return Decision.INITIALISING;
        }
        if (range != null) {
            range.settle(value); // the value before enters the range unless it was a lone spike this one left
        }
        double windowWidth = Math.max(features.windowWidth(), features.resolution());
        features.extract(value, micros, x);
        if (contextIndex >= 0) {
            // Whether the last value lasted: this one stays nearer it than the level before it (its window's median).
            model.settled(Math.abs(value - lastValue) < Math.abs(value - lastLevel));
        }
        refitIfDue(position);
        Decision d = Decision.INITIALISING;
        if (model.fitted()) {
            Evidence e = model.judge(x);
            boolean beyond = range != null && range.beyond(value, micros, features.resolution());
            if (beyond) {
                e = new Evidence.Beyond(e);
            }
            double score = beyond ? 1.0 : calibration.score(e.raw(), micros);
            boolean outlying = beyond || e.outlier() && calibration.outlying(e.raw());
            Verdict base = perReading.decide(e, score);
            // A value whose window reaches back across a gap is compared with what the sensor read before it went
            // silent: the jump is the gap's, not the value's. It is initialising, as its window refills; only a value
            // beyond the recent range, which no window tells, is still an anomaly. Its raw score, the gap's, is left out
            // of the ring (its slot still used, so the ring is the last values, as a detector rebuilt from its horizon
            // holds them): in it, a model that finds those scores extreme would rank the next glitch below them.
            boolean refilling = sinceGap < settings.features().window() && !beyond;
            if (refilling) {
                base = Verdict.NORMAL;
                outlying = false;
                calibration.skip(position, micros);
            } else {
                calibration.add(position, micros, e.raw(), beyond);
            }
            calibrated |= calibration.size() > MIN_CALIBRATION;
            learnt |= learningShare() >= 1;
            // While the detector learns its sensor, and after a first move but for a value beyond the range that took it
            // in, a value is initialising and opens no incident (as a gap's refill does not): the first value judged after
            // is judged on its own, not as the aftermath of one nobody was told of.
            boolean learning = !learnt || afterFirstMove && (firstMove || !beyond);
            if (learning) {
                base = Verdict.NORMAL;
                outlying = false;
            }
            if (calibrated && !learning) {
                Verdict v = base;
                if (sinceAnomalyLike < episodeGap && base == Verdict.ANOMALY) {
                    v = e.raw() > STRONGER * strongestPassedLately() ? Verdict.ANOMALY : Verdict.NORMAL;
                }
                d = refilling ? Decision.INITIALISING : new Decision(v, score, e);
            }
            judged++;
            if (base == Verdict.ANOMALY) {
                passedAt[passedHead] = judged;
                passedRaw[passedHead] = e.raw();
                passedHead = (passedHead + 1) % passedAt.length;
            }
            // A value is anomaly-like when it passes the threshold (an anomaly, or one but for an incident before
            // it), or is an outlier past the normal scores fewer than AFTERMATH values after one that passed. A
            // value continues an incident while the last anomaly-like one is fewer than episodeGap values back: a
            // run is flagged once, at its first value that passes the threshold, and again only for a raw score
            // STRONGER times the strongest that passed in the last episodeGap values. Outliers before the first (a
            // frozen reading's first ones, while its spread falls) do not hold it back. Every count looks
            // episodeGap values back at most, within the horizon, so a rebuilt detector holds the same incident.
            sincePassed = base == Verdict.ANOMALY ? 0 : sincePassed + 1;
            boolean anomalyLike = base == Verdict.ANOMALY || outlying && sincePassed < AFTERMATH;
            sinceAnomalyLike = anomalyLike ? 0 : sinceAnomalyLike + 1;
        }
        memory.add(x, micros);
        if (range != null) {
            // Anomalies too: a level the sensor moves to widens the range, once. A first move enters it whatever the next
            // reading does (an infinite width: never a lone spike), so a pulse the sensor repeats is not beyond it again.
            range.add(value, micros, firstMove ? Double.POSITIVE_INFINITY : windowWidth);
        }
        features.push(value);
        if (contextIndex >= 0) {
            lastValue = value;
            lastLevel = value - x[contextIndex]; // the median of the window the value was judged in
        }
        return d;
    }

    /** The largest raw score among the values that passed the threshold within the last episodeGap judged (0 if none). */
    private double strongestPassedLately() {
        double most = 0;
        for (int i = 0; i < passedAt.length; i++) {
            if (passedAt[i] > 0 && judged - passedAt[i] < episodeGap) {
                most = Math.max(most, passedRaw[i]);
            }
        }
        return most;
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
        double[] weights = FeatureScale.weights(settings.features(), memory, features.resolution());
        long refresh = settings.memory().refresh();
        model.fit(memory, weights, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + position), Math.floorDiv(position, refresh));
        if (growing) {
            // The raw scores of the models fitted on half this memory or less knew less than this one: high for
            // what the sensor does routinely, they would hide what this one sees. Forgotten once this model has
            // given MIN_CALIBRATION of its own, as many as a rank needs; ranked against until then.
            calibration.retire(MIN_CALIBRATION);
        }
        readingInterval = memory.medianIntervalMicros();
        perReading = rule.at(readingInterval);
        fittedSize = n;
        nextRefit = (Math.floorDiv(position, refresh) + 1) * refresh;
    }

    @Override
    public double initialised() {
        if (!features.ready()) {
            return 0.5 * features.filled();
        }
        if (calibrated && learnt) {
            return 1.0;
        }
        // Below 1 until both hold (0.5 + 0.5 x 1999/2000 shows as 100 % on a status line, as 100 of 101 scores did).
        return Math.min(1.0, 0.5 + 0.5 * Math.min(Math.min((double) memory.size() / minFit, (double) calibration.size() / (MIN_CALIBRATION + 1)),
                learningShare()));
    }

    /**
     * How far the detector is through learning its sensor: the larger of its memory's share filled and its readings, at
     * their usual interval, over LEARNING_MICROS (not its oldest to newest time: an unplugged hour or a clock stepping
     * forward does not end the learning); learnt from 1 on.
     */
    private double learningShare() {
        return Math.max((double) memory.size() / settings.memory().size(), (double) memory.size() * readingInterval / LEARNING_MICROS);
    }
}
