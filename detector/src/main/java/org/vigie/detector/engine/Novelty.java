package org.vigie.detector.engine;

/**
 * How far values have lately lain from their windows: the distance of each value to its nearest window
 * value, as a peak that decays by a factor e over {@code horizon} values. A sensor's daily jump or its
 * recurring spikes keep the peak up, so they stop counting as anomalies after their first time; a
 * quiet sensor lets it fall, so a smaller excursion stands out again. In the sensor's own units.
 */
final class Novelty {

    private final double decay;
    private double peak;

    Novelty(int horizon) {
        this.decay = 1.0 - 1.0 / horizon;
    }

    void observe(double nearestDistance) {
        peak = Math.max(nearestDistance, peak * decay);
    }

    double peak() {
        return peak;
    }
}
