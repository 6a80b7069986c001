package org.vigie.detector.engine;

/**
 * What a sensor did lately: its last {@code capacity} values, and their spread as an exponentially
 * weighted standard deviation over about as many values (bias-corrected, so it is right from the
 * first values on). The window is the newest part of it.
 *
 * <p>Anomalies are held but do not count in the spread: one garbage reading (a sensor printing 99999)
 * would otherwise widen the radius floor for thousands of values.
 */
final class History {

    private final double[] ring;
    private final double alpha;
    private int head;
    private long count;
    private long learnt; // values in the spread
    private double mean;
    private double variance;
    private double weightLeft = 1; // (1 - alpha)^learnt, for the bias correction

    History(int capacity) {
        this.ring = new double[capacity];
        this.alpha = 1.0 / capacity;
    }

    void add(double value, boolean anomaly) {
        ring[head] = value;
        head = (head + 1) % ring.length;
        count++;
        if (anomaly) {
            return;
        }
        if (learnt++ == 0) {
            mean = value;
        } else {
            double d = value - mean;
            mean += alpha * d;
            variance = (1 - alpha) * (variance + alpha * d * d);
        }
        weightLeft *= 1 - alpha;
    }

    /** How many values are held (at most the capacity). */
    int size() {
        return (int) Math.min(count, ring.length);
    }

    /** Copies the newest {@code out.length} values into {@code out}, oldest first. */
    void newest(double[] out) {
        int n = out.length;
        for (int i = 0; i < n; i++) {
            out[i] = ring[Math.floorMod(head - n + i, ring.length)];
        }
    }

    /** The standard deviation of the values lately. */
    double spread() {
        return learnt < 2 ? 0 : Math.sqrt(variance / (1 - weightLeft));
    }

    /** Whether at least {@code count} values held lie within {@code radius} of {@code value}. */
    boolean holdsNear(double value, double radius, int count) {
        int n = size();
        int found = 0;
        for (int i = 0; i < n && found < count; i++) {
            if (Math.abs(ring[i] - value) <= radius) {
                found++;
            }
        }
        return found >= count;
    }
}
