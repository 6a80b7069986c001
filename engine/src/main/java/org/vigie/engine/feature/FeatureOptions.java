package org.vigie.engine.feature;

/**
 * Which features describe a value. Each is computed from the value and the {@code window} values before it
 * (and its event time), in the sensor's own units; {@link FeatureScale} standardises them against the
 * memory, so the same settings hold on any sensor.
 *
 * @param window the values before a value that it is judged in (the context; the first {@code window}
 *     values of a series initialise it)
 * @param lags differences v - x[t-j] for j = 1..lags, each x[t-j] held within five deviations of the window's
 *     median: the recent shape (a shingle, relative to the value)
 * @param context the value's distance from its window's median: how far it stands from where the sensor is
 * @param spread the logarithm of the window's mean absolute deviation from its median, its largest quarter
 *     left out: how much the sensor moves lately, which falls to nothing when a reading freezes and jumps
 *     when the noise grows
 * @param calendar the time of day and the day of week, once the memory spans two days (two weeks for the
 *     day of week): a value usual in itself at an unusual time
 * @param lagGate the lags weigh only while the memory says the sensor's noise is autocorrelated ({@link
 *     FeatureScale}): where a jump within the noise's range shows only in the recent shape
 */
public record FeatureOptions(int window, int lags, boolean context, boolean spread, boolean calendar, boolean lagGate) {

    public static final int DEFAULT_WINDOW = 20;
    public static final int DEFAULT_LAGS = 3;
    public static final boolean DEFAULT_CONTEXT = true;
    public static final boolean DEFAULT_SPREAD = true;
    public static final boolean DEFAULT_CALENDAR = true;

    public FeatureOptions {
        if (window < 3 || window > 10_000) {
            throw new IllegalArgumentException("window must be between 3 and 10000 values: " + window);
        }
        if (lags < 0 || lags > window) {
            throw new IllegalArgumentException("lags must be between 0 and the window (" + window + "): " + lags);
        }
    }

    public static FeatureOptions defaults() {
        return new FeatureOptions(DEFAULT_WINDOW, DEFAULT_LAGS, DEFAULT_CONTEXT, DEFAULT_SPREAD, DEFAULT_CALENDAR, false);
    }

    /** Length of a feature vector: the level, the lags, the context, the spread, four calendar coordinates. */
    public int dimension() {
        return calendarStart() + (calendar ? 4 : 0);
    }

    /** Index of the first calendar coordinate (time of day: cos, sin; day of week: cos, sin), or -1. */
    public int calendarIndex() {
        return calendar ? calendarStart() : -1;
    }

    /** Index of the context coordinate (the value's distance from its window's median), or -1. */
    public int contextIndex() {
        return context ? 1 + lags : -1;
    }

    /** Index of the spread coordinate (the log of the window's trimmed deviation), or -1. */
    public int spreadIndex() {
        return spread ? calendarStart() - 1 : -1;
    }

    private int calendarStart() {
        return 1 + lags + (context ? 1 : 0) + (spread ? 1 : 0);
    }

    /**
     * How many values before one tell its features and their scale: its window, and the windows that tell the sensor's
     * resolution (the spread's floor, and the unit of a coordinate the memory holds constant, with or without the spread).
     */
    public int reach() {
        return window + FeatureExtractor.RESOLUTION_REACH;
    }
}
