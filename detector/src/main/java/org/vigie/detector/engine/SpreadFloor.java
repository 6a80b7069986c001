package org.vigie.detector.engine;

/**
 * The sensor's usual spread, learnt slowly from the whole history: an exponentially weighted mean of
 * how far each value lies from its window's mean, over about {@code horizon} values. It floors the spread the models
 * use, so that a quiet window (a constant stretch, a smooth curve) does not turn the next ordinary
 * wiggle into an anomaly. In the sensor's own units: defaults work on any scale.
 */
final class SpreadFloor {

    private final double alpha;
    private double usual = Double.NaN;

    SpreadFloor(int horizon) {
        this.alpha = 1.0 / horizon;
    }

    void observe(double deviation) {
        usual = Double.isNaN(usual) ? deviation : usual + alpha * (deviation - usual);
    }

    double usual() {
        return Double.isNaN(usual) ? 0 : usual;
    }
}
