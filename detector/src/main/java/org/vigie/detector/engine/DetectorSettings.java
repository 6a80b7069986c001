package org.vigie.detector.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a detector judges. Settings are in units of spread, so they hold on any sensor's scale. The defaults
 * are an interim choice that keeps series without anomalies under 1% flagged; tuning on NAB is open
 * (docs/quality.md). The command line's defaults ({@code SettingsOptions}) must match {@link #defaults}.
 *
 * @param algorithm which model judges
 * @param window values the model is fitted on (the values before the one judged)
 * @param minPts DBSCAN: neighbours within the radius that make a point core
 * @param radius DBSCAN: neighbourhood radius, in spreads
 * @param trees IsolationForest: trees in the forest
 * @param refit IsolationForest: trees refitted on the current window per value (the others are reused)
 * @param threshold IsolationForest: anomaly score above which a value is an anomaly
 * @param tolerance IsolationForest: how far (in spreads) beyond the window's values still counts as inside
 * @param floor the spread used is at least {@code floor} times the sensor's usual spread
 * @param horizon values over which the usual spread is learnt
 * @param seed random seed for IsolationForest, or null for an unseeded one
 */
public record DetectorSettings(Algorithm algorithm, int window, int minPts, double radius, int trees, int refit,
        double threshold, double tolerance, double floor, int horizon, Long seed) {

    public static final int DEFAULT_WINDOW = 20;

    public DetectorSettings {
        if (window < 3) {
            throw new IllegalArgumentException("window must be at least 3: " + window);
        }
        if (minPts < 1 || minPts > window) {
            throw new IllegalArgumentException("minPts must be between 1 and the window (" + window + "): " + minPts);
        }
        if (!(radius > 0) || !(tolerance >= 0) || !(floor >= 0)) {
            throw new IllegalArgumentException("radius must be positive, tolerance and floor not negative");
        }
        if (trees < 1 || refit < 1 || refit > trees) {
            throw new IllegalArgumentException("trees must be positive and refit between 1 and trees");
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
        return new DetectorSettings(algorithm, window, 3, 4.0, 100, 5, 0.74, 2.0, 4.0, 1000, null);
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
                p.put("refit", Integer.toString(refit));
                p.put("threshold", Double.toString(threshold));
                p.put("tolerance", Double.toString(tolerance));
                if (seed != null) {
                    p.put("seed", Long.toString(seed));
                }
            }
            case ZSCORE -> p.put("z", "4");
        }
        if (algorithm != Algorithm.ZSCORE) {
            p.put("floor", Double.toString(floor));
            p.put("horizon", Integer.toString(horizon));
        }
        return p;
    }
}
