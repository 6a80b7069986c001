package org.vigie.engine.feature;

import org.vigie.engine.model.Memory;
import org.vigie.engine.model.Selection;

/**
 * Weights that put every feature in the sensor's own scale, taken from the memory when the models are
 * fitted: each value coordinate (level, lags, context, spread) is divided by its spread over the memory, so
 * a distance of 1 is "one usual spread" on any sensor. The spread is robust (the interquartile range, as a
 * normal law's standard deviation): glitches in the memory do not widen it, so the next glitch stands as
 * far out as the first did. A coordinate whose middle half is one value (a quantised, mostly flat one)
 * falls back on its standard deviation. The calendar coordinates (on the unit
 * circle) weigh {@code calendarWeight} each, and only once the memory spans two of their periods: before
 * that the memory cannot know what is usual at a given hour or weekday, and they weigh 0.
 *
 * <p>A coordinate the memory holds exactly constant (a motion sensor's night of zeros, a frozen spread) is scaled as
 * if it had moved once, by one unit, in the whole memory: its unit over the square root of the memory's size. The
 * unit of the level, lags and context is the sensor's resolution; the spread's is the log units from a frozen window
 * to one moving by a step (for any constant spread: a clean periodic series' too). Like the resolution, that is in the
 * sensor's own scale: a series plus a constant gets the same weights, and the first move off a constant memory gets a
 * raw score of tens to hundreds, not 1e150. With no step seen yet (resolution 0), the level, lags and context fall to
 * the floor of the level's last bits, as any other coordinate with no spread but rounding.
 *
 * <p>With {@link FeatureOptions#lagGate}, the lags weigh only while the memory's noise is autocorrelated: while its
 * one-step differences spread less than its departures from a line through the window before each value
 * ({@link #autocorrelated}). Under white noise, a smooth cycle's included, a lag is one more coordinate whose rare
 * extremes the forest isolates as readily as a fault, and it weighs 0.
 */
public final class FeatureScale {

    /** How much a full turn of the clock weighs against one standard deviation of a value coordinate. */
    public static final double CALENDAR_WEIGHT = 3.0;

    /** The smallest scale of a coordinate: a weight of at most 1e150, whose squared products stay finite. */
    static final double MIN_SCALE = 1e-150;

    /**
     * The unit of a spread the memory holds constant (a frozen reading's, all along): the log units between a frozen
     * window and one that moves by a step, so that a constant memory weighs a window starting to move as it weighs a
     * value moving by a step.
     */
    private static final double FROZEN_TO_A_STEP = -Math.log(FeatureExtractor.FROZEN_STEPS);

    /** A normal law's interquartile range, in standard deviations. */
    private static final double IQR_PER_SD = 1.349;

    private static final long TWO_DAYS_US = 2 * 86_400_000_000L;
    private static final long TWO_WEEKS_US = 7 * TWO_DAYS_US;

    private FeatureScale() {}

    /**
     * The weights of each coordinate for {@code memory}: 0 for a coordinate that does not count yet. {@code resolution}:
     * the smallest step the sensor has shown lately (0 if none), the unit of a level, lag or context the memory holds
     * constant.
     */
    public static double[] weights(FeatureOptions options, Memory memory, double resolution) {
        int d = memory.dimension();
        int n = memory.size();
        double[] w = new double[d];
        int calendar = options.calendarIndex();
        int values = calendar < 0 ? d : calendar;
        int spreadIndex = options.spreadIndex(); // in log units, the others in the sensor's
        double lagIqr = Double.NaN; // the first lag's interquartile range, for the lag's gate
        double[] column = new double[n];
        double[] scratch = new double[n];
        double tiny = 0;
        for (int j = 0; j < values; j++) {
            memory.column(j, column);
            double mean = mean(column);
            if (j == 0) {
                // A constant series still has a scale: a few units in the last place of its level (whatever the
                // level's magnitude, so the noise of a level of 1e12 or of 5e-10 is not floored away), and at
                // least MIN_SCALE, so that a weighted difference stays finite.
                tiny = Math.max(64 * Math.ulp(mean), MIN_SCALE);
            }
            double sd = standardDeviation(column, mean);
            // The level's scale is its standard deviation: its quartiles are not needed.
            double scale = sd;
            if (j > 0) {
                // Quartiles by selection: the values a sort would put there, without sorting the column.
                double iqr = interquartileRange(column, scratch);
                if (j == 1) {
                    lagIqr = iqr;
                }
                scale = iqr > 0 ? iqr / IQR_PER_SD : sd;
            }
            double unit = j == spreadIndex ? FROZEN_TO_A_STEP : resolution;
            if (unit > 0 && constant(column)) {
                // Exactly constant: its standard deviation is 0, or the rounding of its mean (a frozen spread's 1e-15,
                // a weight of 1e15), not anything the sensor did.
                scale = unit / Math.sqrt(n);
            }
            w[j] = 1.0 / Math.max(scale, tiny);
        }
        if (options.lagGate() && options.lags() > 0 && !autocorrelated(memory, options.window(), resolution, lagIqr, column, scratch)) {
            for (int j = 1; j <= options.lags(); j++) {
                w[j] = 0;
            }
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

    /**
     * Whether the memory's values move less from one reading to the next (the first lag) than they depart from the line
     * through the window before each, by both their mean absolute deviations from their medians and their interquartile
     * ranges: noise that wanders, whose next reading is
     * nearer the last than a trend over the window says. White noise gives the lags 1.28 times the departures' spread (σ√2
     * against the line's extrapolation error, σ√1.22 over 20 readings), rounded or not, with or without a smooth cycle
     * under it, which the line follows; AR(1) noise of φ 0.9 to 0.99 about 0.5 to 0.7. A memory shorter than four
     * windows, or one whose departures spread less than the sensor's step ({@code resolution}: a constant, a straight
     * line, their rounding), is not.
     */
    static boolean autocorrelated(Memory memory, int window, double resolution, double lagIqr, double[] values, double[] scratch) {
        int n = memory.size();
        if (n < 4 * window) {
            return false;
        }
        memory.column(0, values); // the level: the values themselves, oldest first
        // The window's sums run as it slides (O(memory), not O(memory x window)), over the values less the first, in units
        // of the farthest from it: the line's arithmetic is that of the sensor's moves, not of its level, and no sum
        // overflows near the top of the doubles.
        double origin = values[0];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(values[i] - origin));
        }
        if (!(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
            return false; // a constant memory, or one spanning more than the doubles: no line to read
        }
        double middle = (window - 1) / 2.0;
        double sxx = 0;
        double sum = 0; // of the window's values
        double weighted = 0; // of each times its place in the window, 0 for the oldest
        for (int x = 0; x < window; x++) {
            double y = (values[x] - origin) / scale;
            sxx += (x - middle) * (x - middle);
            sum += y;
            weighted += x * y;
        }
        double[] departures = new double[n - window];
        for (int i = window; i < n; i++) {
            double y = (values[i] - origin) / scale;
            // The least-squares line through the window, read one reading past its end.
            double slope = (weighted - middle * sum) / sxx;
            departures[i - window] = y - (sum / window + slope * (window - middle));
            double leaving = (values[i - window] - origin) / scale;
            weighted = weighted - (sum - leaving) + (window - 1) * y;
            sum = sum - leaving + y;
        }
        double departuresSpread = meanAbsoluteDeviation(departures, scratch); // in units of scale
        memory.column(1, values); // the first lag: the value less the one before it (held within five deviations)
        // Both spreads must say so: the interquartile ranges are blind to a pattern's sharp transitions (a departure for
        // each reading of the window after one, a lag for one reading only), the mean deviations to a quantised sensor's
        // rounding (a lag's quartiles jump by whole steps: a few steps' white noise gave 0.86 to 0.99). The mean
        // deviations first: under white noise, the common case, the quartiles of the departures are not needed.
        return departuresSpread > resolution / scale && meanAbsoluteDeviation(values, scratch) / scale < departuresSpread
                && lagIqr / scale < interquartileRange(departures, scratch);
    }

    private static double interquartileRange(double[] a, double[] scratch) {
        int n = a.length;
        return Selection.selectBracketed(a, n, (3 * (n - 1)) / 4, scratch) - Selection.selectBracketed(a, n, (n - 1) / 4, scratch);
    }

    /** The mean absolute deviation of {@code a} from its median (the lower one). */
    private static double meanAbsoluteDeviation(double[] a, double[] scratch) {
        int n = a.length;
        double median = Selection.selectBracketed(a, n, (n - 1) / 2, scratch);
        double sum = 0;
        for (double x : a) {
            sum += Math.abs(x - median) / n; // each share first: no sum overflows
        }
        return sum;
    }

    private static boolean constant(double[] column) {
        for (double x : column) {
            if (x != column[0]) {
                return false;
            }
        }
        return true;
    }

    /** The mean: a plain sum, or a running mean when the sum overflows (values near the top of the doubles). */
    private static double mean(double[] column) {
        double sum = 0;
        for (double x : column) {
            sum += x;
        }
        if (Double.isFinite(sum)) {
            return sum / column.length;
        }
        double m = 0;
        for (int i = 0; i < column.length; i++) {
            m += (column[i] - m) / (i + 1);
        }
        return m;
    }

    /**
     * The population standard deviation: plain squares, or squares in units of the largest deviation when
     * they overflow (a division per value only then: this runs at every fit).
     */
    private static double standardDeviation(double[] column, double mean) {
        double ss = 0;
        for (double x : column) {
            ss += (x - mean) * (x - mean);
        }
        if (Double.isFinite(ss)) {
            return Math.sqrt(ss / column.length);
        }
        double largest = 0;
        for (double x : column) {
            largest = Math.max(largest, Math.abs(x - mean));
        }
        if (!Double.isFinite(largest)) {
            return largest;
        }
        double scaled = 0;
        for (double x : column) {
            double d = (x - mean) / largest;
            scaled += d * d;
        }
        return largest * Math.sqrt(scaled / column.length);
    }
}
