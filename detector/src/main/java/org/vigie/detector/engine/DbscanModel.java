package org.vigie.detector.engine;

import org.vigie.common.State;
import smile.clustering.DBSCAN;

/**
 * DBSCAN on the window plus the value, in one dimension, with the detector's radius: the value is an
 * anomaly when DBSCAN calls it noise.
 *
 * <p>A value with at least {@code minPts} window values within the radius is a core point, which DBSCAN
 * never calls noise: that case is answered without running Smile (most values, and an exact shortcut,
 * checked against Smile in the tests). The rest go to Smile's {@link DBSCAN#fit}.
 */
final class DbscanModel implements WindowModel {

    private final int minPts;
    private double[][] points;

    DbscanModel(int minPts) {
        this.minPts = minPts;
    }

    @Override
    public Decision judge(double[] window, double value, double radius) {
        int neighbours = 0;
        double nearest = Double.POSITIVE_INFINITY;
        for (double v : window) {
            double d = Math.abs(v - value);
            nearest = Math.min(nearest, d);
            if (d <= radius) {
                neighbours++;
            }
        }
        double score = nearest / radius;
        if (neighbours >= minPts) {
            return new Decision(State.NORMAL, score);
        }
        return new Decision(isNoise(window, value, radius) ? State.ANOMALY : State.NORMAL, score);
    }

    /** As in the window: a value is routine where the history holds a dense enough cluster. */
    @Override
    public int routineNeighbours() {
        return minPts;
    }

    boolean isNoise(double[] window, double value, double radius) {
        if (points == null || points.length != window.length + 1) {
            points = new double[window.length + 1][1];
        }
        for (int i = 0; i < window.length; i++) {
            points[i][0] = window[i];
        }
        points[window.length][0] = value;
        DBSCAN<double[]> fit = DBSCAN.fit(points, minPts, radius);
        return fit.group(window.length) == Integer.MAX_VALUE; // Smile labels noise with Integer.MAX_VALUE
    }
}
