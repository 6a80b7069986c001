package org.vigie.detector.engine;

/** Judges one value against the window of the values before it. Implementations keep no I/O. */
interface WindowModel {

    /**
     * @param window the values before {@code value}, oldest first (the array is reused: do not keep it)
     * @param value the value judged
     * @param spread the window's standard deviation, floored by the sensor's usual spread; always positive
     * @param center the window's mean
     */
    Decision judge(double[] window, double value, double center, double spread);
}
