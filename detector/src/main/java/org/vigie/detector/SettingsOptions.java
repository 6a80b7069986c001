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

    @Option(names = "--min-pts", defaultValue = "3", description = "DBSCAN: neighbours within the radius that make a point core.")
    int minPts;

    @Option(names = "--radius", defaultValue = "4.0", description = "DBSCAN: radius, in spreads (the window's standard deviation, floored).")
    double radius;

    @Option(names = "--trees", defaultValue = "100", description = "IsolationForest: trees.")
    int trees;

    @Option(names = "--refit", defaultValue = "5", description = "IsolationForest: trees refitted per value (the others are reused).")
    int refit;

    @Option(names = "--threshold", defaultValue = "0.74", description = "IsolationForest: score above which a value is an anomaly.")
    double threshold;

    @Option(names = "--tolerance", defaultValue = "2.0", description = "IsolationForest: spreads beyond the window's values that still count as inside.")
    double tolerance;

    @Option(names = "--floor", defaultValue = "4.0", description = "The spread is at least this many times the sensor's usual deviation.")
    double floor;

    @Option(names = "--horizon", defaultValue = "1000", description = "Values over which the usual deviation is learnt.")
    int horizon;

    @Option(names = "--seed", description = "IsolationForest random seed (default: unseeded).")
    Long seed;

    DetectorSettings settings() {
        if (algorithm == null) {
            throw new UserError("say which algorithm: --algorithm dbscan or --algorithm iforest");
        }
        try {
            return new DetectorSettings(algorithm, window, minPts, radius, trees, refit, threshold, tolerance, floor, horizon, seed);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
