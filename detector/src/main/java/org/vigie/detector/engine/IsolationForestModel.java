package org.vigie.detector.engine;

import org.vigie.common.State;
import smile.anomaly.IsolationForest;

/**
 * IsolationForest fitted on the window; the value is an anomaly when its score passes the threshold.
 *
 * <p>A forest only knows whether a value lies apart from the window's values, not how far: on a gentle
 * trend every new value does. So a value no further from its nearest window value than the history says
 * is usual is normal without asking the forest; a further one is brought that usual distance closer, and
 * a forest fitted on the window scores what lies beyond. Most values are not novel, so the forest (about
 * 250 µs for 100 trees) is fitted for few of them, and always on the current window.
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
    public Decision judge(double[] window, double value, double center, double spread, double usual) {
        double nearest = window[0];
        for (double v : window) {
            if (Math.abs(v - value) < Math.abs(nearest - value)) {
                nearest = v;
            }
        }
        double beyond = Math.abs(value - nearest) - usual;
        if (beyond <= 0) {
            return new Decision(State.NORMAL, 0);
        }
        for (int i = 0; i < window.length; i++) {
            data[i][0] = window[i];
        }
        query[0] = nearest + Math.copySign(beyond, value - nearest);
        double score = IsolationForest.fit(data, options).score(query);
        return new Decision(score > threshold ? State.ANOMALY : State.NORMAL, score);
    }
}
