package org.vigie.detector.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a detector judges. Nothing here is in the sensor's units, so the defaults hold on any scale.
 *
 * @param algorithm which model judges
 * @param window values the model is fitted on (the values before the one judged)
 * @param minPts DBSCAN: neighbours within the radius that make a point core
 * @param radius DBSCAN: neighbourhood radius, in window standard deviations (at least the usual distance)
 * @param trees IsolationForest: trees in the forest
 * @param threshold IsolationForest: anomaly score above which a value is an anomaly
 * @param novelty a value is judged only when it lies further from the window than this many times the
 *     furthest any value has lain within about {@code horizon} values
 * @param horizon values over which that furthest distance fades
 * @param seed random seed for IsolationForest, or null for an unseeded one
 */
public record DetectorSettings(Algorithm algorithm, int window, int minPts, double radius, int trees,
        double threshold, double novelty, int horizon, Long seed) {

    public static final int DEFAULT_WINDOW = 20;
    // The command line's defaults (SettingsOptions) are these values.
    public static final int DEFAULT_MIN_PTS = 1;
    public static final double DEFAULT_RADIUS = 1.0;
    public static final int DEFAULT_TREES = 100;
    public static final double DEFAULT_THRESHOLD = 0.6;
    public static final double DEFAULT_NOVELTY = 1.5;
    public static final int DEFAULT_HORIZON = 500;

    public DetectorSettings {
        if (window < 3) {
            throw new IllegalArgumentException("window must be at least 3: " + window);
        }
        if (minPts < 1 || minPts > window) {
            throw new IllegalArgumentException("minPts must be between 1 and the window (" + window + "): " + minPts);
        }
        if (!(radius > 0) || !(novelty >= 0)) {
            throw new IllegalArgumentException("radius must be positive, novelty not negative");
        }
        if (trees < 1) {
            throw new IllegalArgumentException("trees must be positive: " + trees);
        }
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("threshold must be between 0 and 1: " + threshold);
        }
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be positive: " + horizon);
        }
    }

    /** The defaults for {@code algorithm} and {@code window}. */
    public static DetectorSettings defaults(Algorithm algorithm, int window) {
        return new DetectorSettings(algorithm, window, DEFAULT_MIN_PTS, DEFAULT_RADIUS, DEFAULT_TREES, DEFAULT_THRESHOLD,
                DEFAULT_NOVELTY, DEFAULT_HORIZON, null);
    }

    /** The parameters that matter to {@link #algorithm}, for the record log header. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        switch (algorithm) {
            case DBSCAN -> {
                p.put("minPts", Integer.toString(minPts));
                p.put("radius", Double.toString(radius));
            }
            case IFOREST -> {
                p.put("trees", Integer.toString(trees));
                p.put("threshold", Double.toString(threshold));
                if (seed != null) {
                    p.put("seed", Long.toString(seed));
                }
            }
            case ZSCORE -> p.put("z", "4");
        }
        if (algorithm != Algorithm.ZSCORE) {
            p.put("novelty", Double.toString(novelty));
            p.put("horizon", Integer.toString(horizon));
        }
        return p;
    }
}
