package org.vigie.detector.engine;

/** Mean and population standard deviation of a window. */
final class WindowStats {

    private WindowStats() {}

    static double mean(double[] window) {
        double sum = 0;
        for (double v : window) {
            sum += v;
        }
        return sum / window.length;
    }

    static double pstdev(double[] window, double mean) {
        double ss = 0;
        for (double v : window) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / window.length);
    }
}
