package org.vigie.detector.engine;

import org.vigie.common.State;

/**
 * Judges each value of one series against the window of the values before it: the first {@code window}
 * values are {@link State#INITIALISING}, then each is {@link State#NORMAL} or {@link State#ANOMALY}.
 *
 * <p>What counts as far is learnt from the longer history: a value is only an anomaly when it lies
 * further from the window than {@code novelty} times the furthest any value has lain lately (see
 * {@link Novelty}). Recurring jumps and spikes of a sensor are thus its normal behaviour; what it has
 * not done lately stands out. This is what makes the defaults hold on any scale.
 *
 * <p>Anomalies enter the window too: a lasting change (a step, a new regime) is flagged when it starts,
 * then learnt instead of being flagged for ever. Not thread-safe: one per partition.
 */
public final class WindowDetector {

    private final DetectorSettings settings;
    private final WindowModel model;
    private final Novelty novelty;
    private final double[] ring;
    private final double[] window;
    private int head;
    private long seen;

    public WindowDetector(DetectorSettings settings) {
        this.settings = settings;
        this.model = switch (settings.algorithm()) {
            case DBSCAN -> new DbscanModel(settings.minPts(), settings.radius());
            case IFOREST -> new IsolationForestModel(settings);
            case ZSCORE -> new ZScoreModel();
        };
        this.novelty = new Novelty(settings.horizon());
        this.ring = new double[settings.window()];
        this.window = new double[settings.window()];
    }

    public DetectorSettings settings() {
        return settings;
    }


    /** Fraction of the window filled, 1 once judging. */
    public double initialised() {
        return Math.min(1.0, (double) seen / ring.length);
    }

    public Decision judge(double value) {
        if (seen < ring.length) {
            push(value);
            return new Decision(State.INITIALISING, Double.NaN);
        }
        int n = ring.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = ring[(head + i) % n];
            window[i] = v;
            sum += v;
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : window) {
            ss += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(ss / n);
        double spread = Math.max(std, 1e-9 * Math.max(1.0, Math.abs(mean)));
        double nearest = Double.POSITIVE_INFINITY;
        for (double v : window) {
            nearest = Math.min(nearest, Math.abs(v - value));
        }
        Decision d = model.judge(window, value, mean, spread, settings.novelty() * novelty.peak());
        novelty.observe(nearest);
        push(value);
        return d;
    }

    /** Replays past values into the window without judging them (a restart rebuilding its state). */
    public void prime(double value) {
        if (seen >= ring.length) {
            judge(value); // keeps the novelty peak learning as if judged
        } else {
            push(value);
        }
    }

    private void push(double value) {
        ring[head] = value;
        head = (head + 1) % ring.length;
        seen++;
    }
}
