package org.vigie.engine.decision;

/**
 * Whether a value lies beyond the range of the sensor's last {@link #SPAN} values, widened on each side by a
 * margin of its width: a value outside what the sensor has read lately is an anomaly whatever its model says (HTM's
 * "beyond the range seen so far", {@code shared/research/nab-leaders.md}, with a range that forgets, so that a
 * stream rebuilt from its horizon holds the same). A model's raw score saturates past the memory's edge (the forest
 * isolates a value there in as few cuts however far it lies), and an error value or a wild glitch lies far past it.
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

    private final double margin;
    private final Queue lows = new Queue();
    private final Queue highs = new Queue();
    private long added;

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
        if (Math.min(added, SPAN) < MIN_VALUES) {
            return false;
        }
        double lo = lows.firstValue();
        double hi = highs.firstValue();
        double w = Math.max(margin * (hi - lo), MIN_STEPS * resolution);
        return v < lo - w || v > hi + w;
    }

    /** Takes the next value; it must be finite, as every value a detector judges. */
    public void add(double v) {
        long t = added++;
        lows.add(t, v, -1);
        highs.add(t, v, 1);
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

        void add(long t, double v, int sign) {
            if (size > 0 && at[head] <= t - SPAN) {
                head = (head + 1) & (at.length - 1);
                size--;
            }
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
