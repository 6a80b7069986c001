package org.vigie.engine.feature;

import org.vigie.engine.model.Memory;

/**
 * Weights that put every feature in the sensor's own scale, taken from the memory when the models are
 * fitted: each value coordinate (level, lags, context, spread) is divided by its spread over the memory, so
 * a distance of 1 is "one usual spread" on any sensor. The spread is robust (the interquartile range, as a
 * normal law's standard deviation): glitches in the memory do not widen it, so the next glitch stands as
 * far out as the first did. A coordinate whose middle half is one value (a quantised, mostly flat one)
 * falls back on its standard deviation. The calendar coordinates (on the unit
 * circle) weigh {@code calendarWeight} each, and only once the memory spans two of their periods: before
 * that the memory cannot know what is usual at a given hour or weekday, and they weigh 0.
 */
public final class FeatureScale {

    /** How much a full turn of the clock weighs against one standard deviation of a value coordinate. */
    public static final double CALENDAR_WEIGHT = 3.0;

    /** A normal law's interquartile range, in standard deviations. */
    private static final double IQR_PER_SD = 1.349;

    private static final long TWO_DAYS_US = 2 * 86_400_000_000L;
    private static final long TWO_WEEKS_US = 7 * TWO_DAYS_US;

    private FeatureScale() {}

    /** The weights of each coordinate for {@code memory}: 0 for a coordinate that does not count yet. */
    public static double[] weights(FeatureOptions options, Memory memory) {
        int d = memory.dimension();
        int n = memory.size();
        double[] w = new double[d];
        int calendar = options.calendarIndex();
        int values = calendar < 0 ? d : calendar;
        double levelMean = mean(memory, 0, n);
        double tiny = 1e-9 * Math.max(1.0, Math.abs(levelMean)); // a constant series still has a scale
        double[] column = new double[n];
        for (int j = 0; j < values; j++) {
            double m = j == 0 ? levelMean : mean(memory, j, n);
            double ss = 0;
            for (int i = 0; i < n; i++) {
                column[i] = memory.get(i, j);
                double x = column[i] - m;
                ss += x * x;
            }
            java.util.Arrays.sort(column);
            double iqr = column[(3 * (n - 1)) / 4] - column[(n - 1) / 4];
            double scale = iqr > 0 && j > 0 ? iqr / IQR_PER_SD : Math.sqrt(ss / n);
            w[j] = 1.0 / Math.max(scale, tiny);
        }
        if (calendar >= 0) {
            long span = memory.spanMicros();
            double day = span >= TWO_DAYS_US ? CALENDAR_WEIGHT : 0;
            double week = span >= TWO_WEEKS_US ? CALENDAR_WEIGHT : 0;
            w[calendar] = day;
            w[calendar + 1] = day;
            w[calendar + 2] = week;
            w[calendar + 3] = week;
        }
        return w;
    }

    private static double mean(Memory memory, int j, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += memory.get(i, j);
        }
        return s / n;
    }
}
