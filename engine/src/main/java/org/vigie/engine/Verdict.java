package org.vigie.engine;

/**
 * What the engine says of a value. The record log's states (2 initialising, 1 normal, -1 anomaly) are the
 * programs' business: the engine knows no file format.
 */
public enum Verdict {
    /** The window, the memory or the calibration is still filling: the value is not judged. */
    INITIALISING,
    NORMAL,
    ANOMALY
}
