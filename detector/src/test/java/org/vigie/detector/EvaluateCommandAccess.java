package org.vigie.detector;

import org.vigie.detector.engine.DetectorSettings;

/** Test access to the evaluate command's detection loop. */
public final class EvaluateCommandAccess {
    private EvaluateCommandAccess() {}

    public static boolean[] detect(DetectorSettings s, double[] values) {
        return EvaluateCommand.detect(s, values);
    }
}
