package org.vigie.detector;

import org.vigie.common.cli.UserError;
import org.vigie.detector.engine.Algorithm;
import org.vigie.detector.engine.DetectorSettings;
import picocli.CommandLine.Option;

/** The detection options, shared by the Kafka detector, replay and evaluate. */
final class SettingsOptions {

    @Option(names = {"-a", "--algorithm"}, description = "Required: dbscan, iforest (or zscore, the NAB calibration baseline).")
    Algorithm algorithm;

    @Option(names = "--window", defaultValue = "" + DetectorSettings.DEFAULT_WINDOW, description = "Values before each value that it is judged against.")
    int window;

    @Option(names = "--min-pts", defaultValue = "" + DetectorSettings.DEFAULT_MIN_PTS, description = "DBSCAN: neighbours within the radius that make a point core.")
    int minPts;

    @Option(names = "--radius", defaultValue = "" + DetectorSettings.DEFAULT_RADIUS, description = "DBSCAN: radius, in window standard deviations (at least the usual distance).")
    double radius;

    @Option(names = "--trees", defaultValue = "" + DetectorSettings.DEFAULT_TREES, description = "IsolationForest: trees.")
    int trees;

    @Option(names = "--threshold", defaultValue = "" + DetectorSettings.DEFAULT_THRESHOLD, description = "IsolationForest: score above which a value is an anomaly.")
    double threshold;

    @Option(names = "--novelty", defaultValue = "" + DetectorSettings.DEFAULT_NOVELTY,
            description = "A value is judged only when further from the window than this many times the furthest any value lay lately.")
    double novelty;

    @Option(names = "--horizon", defaultValue = "" + DetectorSettings.DEFAULT_HORIZON, description = "Values over which that furthest distance fades.")
    int horizon;

    @Option(names = "--seed", description = "IsolationForest random seed (default: unseeded).")
    Long seed;

    DetectorSettings settings() {
        if (algorithm == null) {
            throw new UserError("say which algorithm: --algorithm dbscan or --algorithm iforest");
        }
        try {
            return new DetectorSettings(algorithm, window, minPts, radius, trees, threshold, novelty, horizon, seed);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
