package org.vigie.engine.decision;

/**
 * Whether a value lies beyond the range of the sensor's last {@link #SPAN} values, widened on each side by a
 * margin of its width: a value outside what the sensor has read lately is an anomaly whatever its model says (HTM's
 * "beyond the range seen so far", {@code shared/research/nab-leaders.md}, with a range that forgets, so that a
 * stream rebuilt from its horizon holds the same). A model's raw score saturates past the memory's edge (the forest
 * isolates a value there in as few cuts however far it lies), and an error value or a wild glitch lies far past it.
 *
 * <p>A lone spike does not widen the range: a value that stands out from the one before it and from the one after it
 * by more than {@link #SPIKE_WIDTHS} times the width of the window before it (an error value, a glitch) is left out, so
 * a chip's error value that recurs is beyond the range each time. A value the next one stays near (a level the sensor
 * moves to) enters it. Whether a value is left out depends on its window and its two neighbours alone, so a stream
 * rebuilt from its horizon holds the same range.
 *
 * <p>The range is a sliding minimum and maximum, two monotone queues: each value enters and leaves each once.
 */
public final class RecentRange {

    /**
     * @param margin the share of the range's width a value must lie beyond it, on either side, to be an anomaly; a
     *     negative margin: no range (the model alone decides)
     */
    public record Options(double margin) {
        /**
         * 0.2: a fifth of the range's width. Chosen by leave-one-out over NAB's categories and the sensor faults' kinds,
         * with the choice remade in each fold among margins of 0.05 to 1 (docs/quality.md): 25 folds of 26 chose it.
         */
        public static final double DEFAULT_MARGIN = 0.2;

        public Options {
            if (Double.isNaN(margin) || Double.isInfinite(margin)) {
                throw new IllegalArgumentException("the range's margin must be a number: " + margin);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MARGIN);
        }

        public static Options off() {
            return new Options(-1);
        }

        public boolean on() {
            return margin >= 0;
        }
    }

    /**
     * Values the range is taken over: 10,000 (2 h 47 min at 1 s, a week at 1 minute, 35 days at 5 minutes). A memory's
     * 2,000 found a few more faults but raised the false alarms of normal streams read every 0.1 to 2 s by up to five
     * times (a 33-minute range at 1 s misses a day's slow swing): docs/quality.md.
     */
    public static final int SPAN = 10_000;
    /** Values the range must hold before a value can lie beyond it: a range of fewer says little of the sensor. */
    public static final int MIN_VALUES = 500;
    /** Values a range depends on: its span, and the one whose neighbour has not come yet. */
    public static final int REACH = SPAN + 1;

    /**
     * How far a lone spike stands out from both its neighbours, in widths of the window before it (its largest minus
     * its smallest value, at least the sensor's resolution): 1.5, farther than noise goes in 20 readings. Chosen by
     * leave-one-out over NAB's six categories and the seven fault kinds, the choice remade in each fold among 1, 1.5,
     * 2, 3, 4, 8 and none (docs/quality.md): 11 folds of 13 chose it for DBSCAN, 10 for the forest (2 scored the same).
     */
    static final double SPIKE_WIDTHS = 1.5;

    private final double margin;
    private final Queue lows = new Queue();
    private final Queue highs = new Queue();
    private long added;
    // The last value taken, until the next one says whether it was a lone spike; and the one before it.
    private boolean pending;
    private double pendingValue;
    private double pendingWidth;
    private double before = Double.NaN;

    public RecentRange(Options options) {
        this.margin = options.margin();
    }

    /**
     * Steps of the sensor's resolution a value must lie beyond the range, at least: a quantised sensor that read only
     * 45 and 46 for a week is not faulty when it reads 47, nor a flat one when it moves a step.
     */
    public static final int MIN_STEPS = 2;

    /**
     * Whether {@code v} lies beyond the range of the last {@link #SPAN} values by more than the margin, and by more than
     * {@link #MIN_STEPS} steps of the sensor's {@code resolution} (0: not known).
     */
    public boolean beyond(double v, double resolution) {
        lows.expire(added - 1); // the last SPAN values taken, as at the last one's add
        highs.expire(added - 1);
        if (Math.min(added, SPAN) < MIN_VALUES || lows.size == 0) {
            return false; // too few values yet, or all of the last SPAN lone spikes
        }
        double lo = lows.firstValue();
        double hi = highs.firstValue();
        double w = Math.max(margin * (hi - lo), MIN_STEPS * resolution);
        return v < lo - w || v > hi + w;
    }

    /**
     * Takes the next value, {@code windowWidth} the width of the window before it (at least the sensor's resolution);
     * it enters the range once the value after it is known ({@link #settle}). It must be finite, as every value a
     * detector judges.
     */
    public void add(double v, double windowWidth) {
        pending = true;
        pendingValue = v;
        pendingWidth = windowWidth;
    }

    /**
     * Tells the value after the last one taken, before it is judged: the last one enters the range unless it was a
     * lone spike that this one left (a lasting change enters it, and the value after the change is judged within it).
     */
    public void settle(double next) {
        if (!pending) {
            return;
        }
        pending = false;
        long t = added++;
        double v = pendingValue;
        // A relative margin: a quantised sensor puts many differences at exactly the reach, and the same series plus a
        // constant, or times 1,000, puts them there with other rounding in the last bits.
        double reach = SPIKE_WIDTHS * pendingWidth * (1 + 1e-9);
        boolean loneSpike = !Double.isNaN(before) && Math.abs(v - before) > reach && Math.abs(v - next) > reach;
        before = v;
        if (!loneSpike) {
            lows.add(t, v, -1);
            highs.add(t, v, 1);
        }
    }

    /** The values that may still be the extreme of the span, oldest first: each more extreme than those after it (sign: -1 lowest, 1 highest). */
    private static final class Queue {
        private long[] at = new long[64];
        private double[] value = new double[64];
        private int head;
        private int size;

        double firstValue() {
            return value[head];
        }

        /** Forgets the values that are no longer among the last SPAN before time {@code t} (several, after spikes left out). */
        void expire(long t) {
            while (size > 0 && at[head] <= t - SPAN) {
                head = (head + 1) & (at.length - 1);
                size--;
            }
        }

        void add(long t, double v, int sign) {
            expire(t);
            // A value no more extreme than v, and older, can never be the extreme again.
            while (size > 0 && sign * (v - value[(head + size - 1) & (at.length - 1)]) >= 0) {
                size--;
            }
            if (size == at.length) {
                grow();
            }
            int slot = (head + size) & (at.length - 1);
            at[slot] = t;
            value[slot] = v;
            size++;
        }

        private void grow() {
            long[] a = new long[at.length * 2];
            double[] b = new double[at.length * 2];
            for (int i = 0; i < size; i++) {
                a[i] = at[(head + i) & (at.length - 1)];
                b[i] = value[(head + i) & (at.length - 1)];
            }
            at = a;
            value = b;
            head = 0;
        }
    }
}
