package org.vigie.detector.engine;

import org.vigie.common.State;
import smile.anomaly.IsolationForest;

/**
 * IsolationForest fitted on the window; the value is an anomaly when its score passes the threshold.
 *
 * <p>A value with a window value within the radius is not apart from the window, whatever a forest
 * would say of it: it is normal without asking one. This matters twice: a forest cannot tell how far
 * apart a value is, only that it is (on a gentle trend every new value is), and a forest costs about
 * 250 µs to fit for 100 trees. So the forest is fitted for the few values that lie apart, always on the
 * current window: no stale trees.
 */
final class IsolationForestModel implements WindowModel {

    private final IsolationForest.Options options;
    private final double threshold;
    private final double[][] data;
    private final double[] query = new double[1];

    IsolationForestModel(DetectorSettings s) {
        this.options = new IsolationForest.Options(s.trees(), 0, 0.7, 0);
        this.threshold = s.threshold();
        this.data = new double[s.window()][1];
        if (s.seed() != null) {
            smile.math.MathEx.setSeed(s.seed());
        }
    }

    @Override
    public Decision judge(double[] window, double value, double radius) {
        for (double v : window) {
            if (Math.abs(v - value) <= radius) {
                return new Decision(State.NORMAL, 0);
            }
        }
        for (int i = 0; i < window.length; i++) {
            data[i][0] = window[i];
        }
        query[0] = value;
        double score = IsolationForest.fit(data, options).score(query);
        return new Decision(score > threshold ? State.ANOMALY : State.NORMAL, score);
    }
}
