package org.vigie.engine;

import org.vigie.engine.feature.FeatureExtractor;
import org.vigie.engine.feature.FeatureOptions;

/**
 * NAB's calibration detector, to check our scorer against NAB's: the first {@code window} values
 * initialising, then an anomaly when |v - mean| / pstdev > 4 over the window (pstdev 0 counts as 1e-9).
 * Its score is the z itself, uncalibrated.
 */
final class ZScoreBaseline implements Detector {

    private final FeatureExtractor window;

    ZScoreBaseline(FeatureOptions features) {
        this.window = new FeatureExtractor(features);
    }

    @Override
    public Decision judge(long position, long micros, double value) {
        if (!window.ready()) {
            window.push(value);
            return Decision.INITIALISING;
        }
        double pstdev = window.windowPstdev();
        Evidence.Deviation e = new Evidence.Deviation(Math.abs(value - window.windowMean()) / (pstdev == 0 ? 1e-9 : pstdev));
        window.push(value);
        return new Decision(e.outlier() ? Verdict.ANOMALY : Verdict.NORMAL, e.z(), e);
    }

    @Override
    public double initialised() {
        return window.filled();
    }
}
