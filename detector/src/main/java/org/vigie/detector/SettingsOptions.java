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

    @Option(names = "--radius", defaultValue = "" + DetectorSettings.DEFAULT_RADIUS,
            description = "Neighbourhood radius, in window standard deviations: a value with no window value this close lies apart.")
    double radius;

    @Option(names = "--floor", defaultValue = "" + DetectorSettings.DEFAULT_FLOOR,
            description = "The radius is at least this many standard deviations of the history (a flat window does not make every wobble an anomaly).")
    double floor;

    @Option(names = "--eps", description = "A fixed radius in the sensor's units, instead of --radius and --floor.")
    Double eps;

    @Option(names = "--history", defaultValue = "" + DetectorSettings.DEFAULT_HISTORY,
            description = "Values remembered: a value within the radius of one of them is routine, not an anomaly (0: the window only).")
    int history;

    @Option(names = "--min-pts", defaultValue = "" + DetectorSettings.DEFAULT_MIN_PTS, description = "DBSCAN: neighbours within the radius that make a point core.")
    int minPts;

    @Option(names = "--trees", defaultValue = "" + DetectorSettings.DEFAULT_TREES, description = "IsolationForest: trees.")
    int trees;

    @Option(names = "--threshold", defaultValue = "" + DetectorSettings.DEFAULT_THRESHOLD, description = "IsolationForest: score above which a value is an anomaly.")
    double threshold;

    @Option(names = "--seed", description = "IsolationForest random seed (default: unseeded).")
    Long seed;

    DetectorSettings settings() {
        if (algorithm == null) {
            throw new UserError("say which algorithm: --algorithm dbscan or --algorithm iforest");
        }
        try {
            return new DetectorSettings(algorithm, window, radius, eps, floor, history, minPts, trees, threshold, seed);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
