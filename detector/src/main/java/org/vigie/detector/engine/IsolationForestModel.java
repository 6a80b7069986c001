package org.vigie.detector.engine;

import org.vigie.common.State;
import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

/**
 * IsolationForest fitted on the window; the value is an anomaly when its score passes the threshold.
 *
 * <p>A forest only knows whether a value lies beyond the window's values, not how far: on a gentle trend
 * every new value does. So the value is first brought {@code tolerance} spreads closer to the window's
 * mean: only a value further out than the sensor's usual spread allows stays outside.
 *
 * <p>Refitting 100 trees per value costs about 250 µs. Instead the forest is a pool: each value refits
 * {@code refit} trees on the current window and replaces the oldest ones, so every tree is at most
 * {@code trees / refit} values old (docs/quality.md compares it with the faithful refit).
 */
final class IsolationForestModel implements WindowModel {

    private final int trees;
    private final int refit;
    private final double threshold;
    private final double tolerance;
    private final IsolationTree[] pool;
    private final double[][] data;
    private final double[] query = new double[1];
    private int next;
    private boolean filled;

    IsolationForestModel(DetectorSettings s) {
        this.trees = s.trees();
        this.refit = s.refit();
        this.threshold = s.threshold();
        this.tolerance = s.tolerance();
        this.pool = new IsolationTree[trees];
        this.data = new double[s.window()][1];
        if (s.seed() != null) {
            smile.math.MathEx.setSeed(s.seed());
        }
    }

    @Override
    public Decision judge(double[] window, double value, double center, double spread) {
        for (int i = 0; i < window.length; i++) {
            data[i][0] = window[i];
        }
        int count = filled ? refit : trees;
        IsolationTree[] fresh = IsolationForest.fit(data, new IsolationForest.Options(count, 0, 0.7, 0)).trees();
        for (IsolationTree t : fresh) {
            pool[next] = t;
            next = (next + 1) % trees;
        }
        filled = true;
        double offset = value - center;
        double shrunk = Math.max(0, Math.abs(offset) - tolerance * spread);
        query[0] = center + Math.copySign(shrunk, offset);
        double score = new IsolationForest(window.length, 1, 0, pool).score(query);
        return new Decision(score > threshold ? State.ANOMALY : State.NORMAL, score);
    }
}
