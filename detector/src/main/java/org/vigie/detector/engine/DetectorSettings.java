package org.vigie.detector.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a detector judges. Nothing here is in the sensor's units (but an explicit {@code eps}), so the
 * defaults hold on any scale. See {@link WindowDetector} for how the pieces fit.
 *
 * @param algorithm which model judges
 * @param window values the model is fitted on (the values before the one judged)
 * @param radius neighbourhood radius, in window standard deviations
 * @param eps a fixed neighbourhood radius in the sensor's units instead of {@code radius} and
 *     {@code floor}, or null
 * @param floor the radius is at least this many standard deviations of the history
 * @param history values the detector remembers: a value near one of them is routine, not an anomaly
 * @param minPts DBSCAN: neighbours within the radius that make a point core
 * @param trees IsolationForest: trees in the forest
 * @param threshold IsolationForest: anomaly score above which a value is an anomaly
 * @param seed random seed for IsolationForest, or null for an unseeded one
 */
public record DetectorSettings(Algorithm algorithm, int window, double radius, Double eps, double floor, int history,
        int minPts, int trees, double threshold, Long seed) {

    public static final int DEFAULT_WINDOW = 20;
    // The command line's defaults (SettingsOptions) are these values.
    public static final double DEFAULT_RADIUS = 1.0;
    public static final double DEFAULT_FLOOR = 0.1;
    public static final int DEFAULT_HISTORY = 2000;
    public static final int MAX_HISTORY = 1_000_000;
    public static final int DEFAULT_MIN_PTS = 1;
    public static final int DEFAULT_TREES = 100;
    public static final double DEFAULT_THRESHOLD = 0.6;

    public DetectorSettings {
        if (window < 3) {
            throw new IllegalArgumentException("window must be at least 3: " + window);
        }
        if (!(radius > 0)) {
            throw new IllegalArgumentException("radius must be positive: " + radius);
        }
        if (eps != null && !(eps > 0 && eps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("eps must be positive: " + eps);
        }
        if (!(floor >= 0 && floor < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("floor must not be negative: " + floor);
        }
        if (history < 0 || history > MAX_HISTORY) {
            throw new IllegalArgumentException("history must be between 0 and " + MAX_HISTORY + " values (8 bytes each, per partition): " + history);
        }
        if (minPts < 1 || minPts > window) {
            throw new IllegalArgumentException("minPts must be between 1 and the window (" + window + "): " + minPts);
        }
        if (trees < 1) {
            throw new IllegalArgumentException("trees must be positive: " + trees);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1: " + threshold);
        }
    }

    /** The defaults for {@code algorithm} and {@code window}. */
    public static DetectorSettings defaults(Algorithm algorithm, int window) {
        return new DetectorSettings(algorithm, window, DEFAULT_RADIUS, null, DEFAULT_FLOOR, DEFAULT_HISTORY,
                DEFAULT_MIN_PTS, DEFAULT_TREES, DEFAULT_THRESHOLD, null);
    }

    /** Values kept per series: the window and the history, whichever is longer. */
    public int memory() {
        return Math.max(window, history);
    }

    /** The parameters that matter to {@link #algorithm}, for the record log header. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        if (algorithm == Algorithm.ZSCORE) {
            p.put("z", "4");
            return p;
        }
        if (eps != null) {
            p.put("eps", Double.toString(eps));
        } else {
            p.put("radius", Double.toString(radius));
            p.put("floor", Double.toString(floor));
        }
        p.put("history", Integer.toString(history));
        switch (algorithm) {
            case DBSCAN -> p.put("minPts", Integer.toString(minPts));
            case IFOREST -> {
                p.put("trees", Integer.toString(trees));
                p.put("threshold", Double.toString(threshold));
                if (seed != null) {
                    p.put("seed", Long.toString(seed));
                }
            }
        }
        return p;
    }
}
