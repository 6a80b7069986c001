package org.vigie.detector.engine;

import org.vigie.common.State;

/** The NAB calibration detector: |v - mean| / pstdev > 4 over the window, no floor (pstdev 0 counts as 1e-9). */
final class ZScoreModel implements WindowModel {

    @Override
    public Decision judge(double[] window, double value, double radius) {
        double mean = WindowStats.mean(window);
        double pstdev = WindowStats.pstdev(window, mean);
        double z = Math.abs(value - mean) / (pstdev == 0 ? 1e-9 : pstdev);
        return new Decision(z > 4 ? State.ANOMALY : State.NORMAL, z);
    }

    @Override
    public int routineNeighbours() {
        return 0; // faithful to the calibration detector, which has no memory
    }
}
