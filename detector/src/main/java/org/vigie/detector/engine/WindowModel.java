package org.vigie.detector.engine;

/** Judges one value against the window of the values before it. Implementations keep no I/O. */
interface WindowModel {

    /**
     * @param window the values before {@code value}, oldest first (the array is reused: do not keep it)
     * @param value the value judged
     * @param center the window's mean
     * @param spread the window's standard deviation (never zero)
     * @param usual distance to the window within which a value is not novel (learnt from the history)
     */
    Decision judge(double[] window, double value, double center, double spread, double usual);
}
