package org.vigie.detector.engine;

import org.vigie.common.State;
import smile.clustering.DBSCAN;

/**
 * DBSCAN on the window plus the value, in one dimension: the value is an anomaly when DBSCAN calls it
 * noise. The radius is {@code radius} times the window's standard deviation, and at least the distance
 * the history says is usual (so that nothing the sensor does routinely is noise).
 *
 * <p>A value with at least {@code minPts} window values within the radius is a core point, which DBSCAN
 * never calls noise: that case is answered without running Smile (most values, and an exact shortcut,
 * checked against Smile in the tests). The rest go to Smile's {@link DBSCAN#fit}.
 */
final class DbscanModel implements WindowModel {

    private final int minPts;
    private final double radius;
    private double[][] points;

    DbscanModel(int minPts, double radius) {
        this.minPts = minPts;
        this.radius = radius;
    }

    @Override
    public Decision judge(double[] window, double value, double center, double spread, double usual) {
        double eps = Math.max(radius * spread, usual);
        int neighbours = 0;
        double nearest = Double.POSITIVE_INFINITY;
        for (double v : window) {
            double d = Math.abs(v - value);
            nearest = Math.min(nearest, d);
            if (d <= eps) {
                neighbours++;
            }
        }
        double score = nearest / spread;
        if (neighbours >= minPts) {
            return new Decision(State.NORMAL, score);
        }
        return new Decision(isNoise(window, value, eps) ? State.ANOMALY : State.NORMAL, score);
    }

    boolean isNoise(double[] window, double value, double eps) {
        if (points == null || points.length != window.length + 1) {
            points = new double[window.length + 1][1];
        }
        for (int i = 0; i < window.length; i++) {
            points[i][0] = window[i];
        }
        points[window.length][0] = value;
        DBSCAN<double[]> fit = DBSCAN.fit(points, minPts, eps);
        return fit.group(window.length) == Integer.MAX_VALUE; // Smile labels noise with Integer.MAX_VALUE
    }
}
