package org.vigie.detector.engine;

import org.vigie.common.State;

/** The NAB calibration detector: |v - mean| / pstdev > 4 over the window, no floor (pstdev 0 counts as 1e-9). */
final class ZScoreModel implements WindowModel {

    @Override
    public Decision judge(double[] window, double value, double center, double spread, double usual) {
        double ss = 0;
        for (double v : window) {
            ss += (v - center) * (v - center);
        }
        double pstdev = Math.sqrt(ss / window.length);
        double z = Math.abs(value - center) / (pstdev == 0 ? 1e-9 : pstdev);
        return new Decision(z > 4 ? State.ANOMALY : State.NORMAL, z);
    }
}
