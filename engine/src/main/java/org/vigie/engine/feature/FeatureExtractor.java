package org.vigie.engine.feature;

/**
 * Turns each value, with the window of the values before it and its event time, into a feature vector in
 * the sensor's units (the calendar coordinates on the unit circle). Keeps the window; no I/O.
 */
public final class FeatureExtractor {

    private static final double DAY_US = 86_400e6;
    private static final double WEEK_US = 7 * DAY_US;

    private final FeatureOptions options;
    /** How far from the window's median, in trimmed deviations, a value before is held for the lags. */
    static final double CLAMP_DEVIATIONS = 5;

    /**
     * Values back whose windows tell the sensor's resolution (1,000: 17 minutes at 1 Hz, a week at 10 minutes),
     * counted in {@link FeatureOptions#reach()}, so that a restarted detector rebuilds it from its horizon.
     */
    public static final int RESOLUTION_REACH = 1000;
    /**
     * A frozen window's deviation, in steps of the sensor's resolution: 28 log units below one step, as far below
     * the sensor's noise as engine 3's floor put it. Measured on NAB and sensor seeds 1 to 20 (docs/quality.md):
     * half a step cut DBSCAN's false alarms from 2.33 to 1.59 per 10,000, but found 71 % of the frozen readings
     * instead of 94 % (the forest 35 % instead of 85 %); at 1e-12 DBSCAN's figures are engine 3's or better,
     * the forest's within their spread over seeds.
     */
    static final double FROZEN_STEPS = 1e-12;
    /**
     * A window with at most this share of its readings off its median is frozen (2 of 20: a stuck reading with a
     * glitch or a last change in it). Past it, a quantised sensor's window is as far above frozen as the share of
     * it that moves, in steps: a DS18B20 read every second repeats one reading through most of a window, and was
     * flagged as frozen 14 to 34 times a day. Measured (docs/quality.md) against a share of 0 and of a quarter.
     */
    static final double FROZEN_SHARE = 0.1;

    private final double[] ring;
    private final double[] sorted; // the window sorted, kept so as it slides, for its median and spread
    private final double[] deviations;
    // The smallest step between two distinct values of each of the last RESOLUTION_REACH windows, as a sliding
    // minimum: a ring of (window's last value's count, step) with the steps ascending from its oldest entry.
    private final long[] stepSeen = new long[RESOLUTION_REACH + 1];
    private final double[] step = new double[RESOLUTION_REACH + 1];
    private int stepsFrom;
    private int steps;
    private double median;
    private int head;
    private long seen;

    public FeatureExtractor(FeatureOptions options) {
        this.options = options;
        this.ring = new double[options.window()];
        this.sorted = new double[options.window()];
        this.deviations = new double[options.window()];
    }

    /** Whether a full window precedes the next value (before that, values only fill it). */
    public boolean ready() {
        return seen >= ring.length;
    }

    /** Fraction of the window filled. */
    public double filled() {
        return Math.min(1.0, (double) seen / ring.length);
    }

    /**
     * Writes the features of {@code value}, at {@code micros}, judged in the current window into {@code out}.
     * Call only when {@link #ready()}; then {@link #push} the value.
     */
    public void extract(double value, long micros, double[] out) {
        int i = 0;
        out[i++] = value;
        takeMedian();
        // The values before, each held within five deviations of the window's median: a glitch then leaves
        // little echo in the lags of the values after it (as it leaves none in the median), and the values
        // of the sensor's normal life are left as they are.
        double deviation = trimmedDeviation();
        double low = median - CLAMP_DEVIATIONS * deviation;
        double high = median + CLAMP_DEVIATIONS * deviation;
        for (int j = 1; j <= options.lags(); j++) {
            out[i++] = value - Math.min(Math.max(back(j), low), high);
        }
        if (options.context()) {
            out[i++] = value - median;
        }
        if (options.spread()) {
            // A log, so that a frozen reading (no spread at all) lies far below any sensor's usual noise: a small
            // share of the smallest step the sensor has shown lately keeps it finite. In the sensor's own scale,
            // so that the same series plus a constant, or times 1,000, is judged the same (a floor from the
            // level's last bits was not: a motion sensor reading 0 was flagged where the same plus 1,000 was not).
            // A quantised sensor often reads one value through three quarters of a window, which leaves no trimmed
            // deviation: the share of the window off its median, in steps, keeps such a window above a frozen one.
            double resolution = resolution();
            double moving = Math.max(deviation, resolution * movedShare());
            out[i++] = Math.log(moving + Math.max(resolution * FROZEN_STEPS, Double.MIN_NORMAL));
        }
        if (options.calendar()) {
            double day = 2 * Math.PI * Math.floorMod(micros, (long) DAY_US) / DAY_US;
            // 1970-01-01 was a Thursday: the phase is the same every week, which is all that matters.
            double week = 2 * Math.PI * Math.floorMod(micros, (long) WEEK_US) / WEEK_US;
            out[i++] = Math.cos(day);
            out[i++] = Math.sin(day);
            out[i++] = Math.cos(week);
            out[i] = Math.sin(week);
        }
    }

    /**
     * Takes the window's median from its sorted copy: the context and the spread are robust, so that one
     * glitch in the window does not move where the next values are judged from, nor how much the sensor
     * seems to move, for the window's length after it.
     */
    private void takeMedian() {
        int n = sorted.length;
        median = (n & 1) == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /**
     * The mean absolute deviation of the window from its median, its largest quarter left out: 0 when three
     * quarters of the window are one reading (a frozen sensor), and moved by no glitch that is not a
     * quarter of the window.
     */
    private double trimmedDeviation() {
        int n = sorted.length;
        // The deviations in ascending order without a sort: those of the values below the middle grow leftwards,
        // those of the values above it rightwards, so the two runs are merged, walking out from the middle.
        int left = n / 2 - 1;
        int right = n / 2;
        for (int j = 0; j < n; j++) {
            double l = left >= 0 ? Math.abs(sorted[left] - median) : Double.NaN;
            double r = right < n ? Math.abs(sorted[right] - median) : Double.NaN;
            if (right >= n || left >= 0 && !(r < l)) {
                deviations[j] = l;
                left--;
            } else {
                deviations[j] = r;
                right++;
            }
        }
        int kept = n - n / 4;
        double sum = 0;
        for (int j = 0; j < kept; j++) {
            sum += deviations[j];
        }
        if (Double.isFinite(sum)) {
            return sum / kept;
        }
        double mean = 0; // the sum overflowed (deviations near the top of the doubles): a running mean
        for (int j = 0; j < kept; j++) {
            mean += (deviations[j] - mean) / (j + 1);
        }
        return mean;
    }

    /** The share of the window off its median, 0 for a frozen window (after {@link #trimmedDeviation()}, which leaves the deviations). */
    private double movedShare() {
        int moved = 0;
        for (double d : deviations) {
            if (d > 0) {
                moved++;
            }
        }
        return moved <= FROZEN_SHARE * deviations.length ? 0 : (double) moved / deviations.length;
    }

    /** The window's largest value minus its smallest (once it is full). */
    public double windowWidth() {
        return sorted[sorted.length - 1] - sorted[0];
    }

    /** The window's mean and population standard deviation (for the z-score baseline). */
    public double windowMean() {
        // Summed afresh each time (20 additions), as NAB's calibration detector does: a running sum would
        // carry rounding from values long gone, and a restarted detector must compute exactly what an
        // uninterrupted one does. (The zscore baseline's only: the features use the window's median.)
        double sum = 0;
        for (int i = 0; i < ring.length; i++) {
            sum += ring[(head + i) % ring.length]; // oldest first: the same order whatever the ring's phase
        }
        return sum / ring.length;
    }

    public double windowPstdev() {
        double mean = windowMean();
        double ss = 0;
        for (int i = 0; i < ring.length; i++) {
            double v = ring[(head + i) % ring.length];
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / ring.length);
    }

    /** Adds {@code value} to the window, the oldest leaving it. */
    public void push(double value) {
        int n = (int) Math.min(seen, ring.length); // values in the sorted copy
        if (n == ring.length) {
            n = remove(ring[head], n);
        }
        insert(value, n);
        ring[head] = value;
        head = head + 1 == ring.length ? 0 : head + 1;
        seen++;
        if (seen >= ring.length) {
            takeStep();
        }
    }

    /**
     * The smallest step between two distinct values in the last {@link #RESOLUTION_REACH} windows, or in the last
     * window that had two if none of those did; 0 if no window had two.
     */
    public double resolution() {
        return steps > 0 ? step[stepsFrom] : 0;
    }

    /**
     * Adds the full window's smallest step to the sliding minimum, and forgets the windows out of reach, but the
     * last one that had a step: a sensor idle for longer than the reach (a motion sensor at rest) keeps its
     * resolution, so its frozen spread does not fall to the doubles' smallest and get flagged.
     */
    private void takeStep() {
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 1; i < sorted.length; i++) {
            double d = sorted[i] - sorted[i - 1];
            if (d > 0 && d < smallest) {
                smallest = d;
            }
        }
        int capacity = step.length;
        if (smallest < Double.POSITIVE_INFINITY) {
            while (steps > 0 && step[(stepsFrom + steps - 1) % capacity] >= smallest) {
                steps--;
            }
            int at = (stepsFrom + steps) % capacity;
            stepSeen[at] = seen;
            step[at] = smallest;
            steps++;
        }
        while (steps > 1 && stepSeen[stepsFrom] <= seen - RESOLUTION_REACH) {
            stepsFrom = stepsFrom + 1 == capacity ? 0 : stepsFrom + 1;
            steps--;
        }
    }

    /**
     * Keeps the sorted copy of the window as it slides: a value out, a value in, each a shift of part of 20
     * values, where sorting the window again for every value costs ten times that. Double.compare's order, as
     * Arrays.sort's (-0.0 before 0.0), so the copy is what a sort of the window would give.
     */
    private int remove(double value, int n) {
        int i = 0;
        while (Double.compare(sorted[i], value) != 0) {
            i++;
        }
        System.arraycopy(sorted, i + 1, sorted, i, n - i - 1);
        return n - 1;
    }

    private void insert(double value, int n) {
        int i = n;
        while (i > 0 && Double.compare(sorted[i - 1], value) > 0) {
            sorted[i] = sorted[i - 1];
            i--;
        }
        sorted[i] = value;
    }

    /** The value j steps back (1: the one just before the value being judged). */
    private double back(int j) {
        return ring[Math.floorMod(head - j, ring.length)];
    }
}
