package org.vigie.detector.engine;

import org.vigie.common.State;

/**
 * Judges each value of one series against the window of the values before it: the first {@code window}
 * values are {@link State#INITIALISING}, then each is {@link State#NORMAL} or {@link State#ANOMALY}.
 *
 * <p>The model (DBSCAN or IsolationForest) is fitted on the window. Two things come from the longer
 * history (the last {@code history} values), because a 20-value window knows nothing of a sensor's
 * habits:
 * <ul>
 *   <li>the neighbourhood radius is {@code radius} window standard deviations, but at least {@code floor}
 *       times the history's standard deviation: a window that happens to be flat does not make every
 *       wobble an anomaly;</li>
 *   <li>a value the window calls an anomaly is normal after all when the sensor has been there lately
 *       (one of the history's values lies within the radius): a daily jump, a recurring spike, a level
 *       it keeps coming back to are its routine. What it has not done lately stands out.</li>
 * </ul>
 * Both are in the sensor's own units, so the defaults hold on any scale.
 *
 * <p>Anomalies enter the window and the history too: a lasting change (a step, a new regime) is flagged
 * when it starts, then learnt instead of being flagged for ever. Not thread-safe: one per partition.
 */
public final class WindowDetector {

    private final DetectorSettings settings;
    private final WindowModel model;
    private final History history;
    private final double[] window;

    public WindowDetector(DetectorSettings settings) {
        this.settings = settings;
        this.model = switch (settings.algorithm()) {
            case DBSCAN -> new DbscanModel(settings.minPts());
            case IFOREST -> new IsolationForestModel(settings);
            case ZSCORE -> new ZScoreModel();
        };
        this.history = new History(settings.memory());
        this.window = new double[settings.window()];
    }

    public DetectorSettings settings() {
        return settings;
    }

    /** Fraction of the window filled, 1 once judging. */
    public double initialised() {
        return Math.min(1.0, (double) history.size() / window.length);
    }

    public Decision judge(double value) {
        if (history.size() < window.length) {
            history.add(value, false);
            return new Decision(State.INITIALISING, Double.NaN);
        }
        history.newest(window);
        double radius = radius();
        Decision d = model.judge(window, value, radius);
        int routine = model.routineNeighbours();
        if (d.state() == State.ANOMALY && routine > 0 && history.holdsNear(value, radius, routine)) {
            d = new Decision(State.NORMAL, d.score()); // the sensor has been there lately: routine
        }
        history.add(value, d.state() == State.ANOMALY);
        return d;
    }

    /**
     * Replays a past value without reporting it (a restart rebuilding its state): judged as it was, so
     * the window, the history and its spread end as an uninterrupted detector's would.
     */
    public void prime(double value) {
        judge(value);
    }

    /** The neighbourhood radius for the current window, in the sensor's units. */
    private double radius() {
        if (settings.eps() != null) {
            return settings.eps();
        }
        double mean = WindowStats.mean(window);
        double std = WindowStats.pstdev(window, mean);
        double tiny = 1e-9 * Math.max(1.0, Math.abs(mean)); // a constant series still has a radius
        return Math.max(Math.max(settings.radius() * std, settings.floor() * history.spread()), tiny);
    }
}
