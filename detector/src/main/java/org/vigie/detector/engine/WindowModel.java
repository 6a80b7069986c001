package org.vigie.detector.engine;

/** Judges one value against the window of the values before it. Implementations keep no I/O. */
interface WindowModel {

    /**
     * @param window the values before {@code value}, oldest first (the array is reused: do not keep it)
     * @param value the value judged
     * @param radius the neighbourhood radius, in the sensor's units: a value with a window value this
     *     close is not apart from the window
     */
    Decision judge(double[] window, double value, double radius);

    /**
     * How many of the history's values within the radius make an anomaly routine (see
     * {@link WindowDetector}); 0 for a model that ignores the history.
     */
    default int routineNeighbours() {
        return 1;
    }
}
