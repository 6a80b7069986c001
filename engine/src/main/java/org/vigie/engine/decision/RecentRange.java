package org.vigie.engine.decision;

/**
 * Whether a value lies beyond the range of the sensor's last values ({@link #SPAN} of them, and those of the last
 * {@link #SPAN_MICROS} of its time where they are more, at most {@link #MAX_SPAN}), widened on each side by a
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
     * Values the range is taken over at least: 10,000 (a week at 1 minute, 35 days at 5 minutes). A memory's 2,000 found
     * a few more faults but raised the false alarms of normal streams read every 0.1 to 2 s by up to five times (a
     * 33-minute range at 1 s misses a day's slow swing): docs/quality.md.
     */
    public static final int SPAN = 10_000;
    /**
     * The sensor time the range reaches back at least: 10,000 s (2 h 47 min), what {@link #SPAN} values span at 1 s,
     * where SPAN was chosen against the memory's 2,000. A sensor read faster than every second is judged against as long
     * a stretch of its day: 10,000 values are 17 minutes at 0.1 s, and the daily low of a temperature read ten times a
     * second lay beyond them (docs/quality.md). At 1 s and slower, SPAN values reach as far or farther. Time here is the
     * sensor time elapsed between two readings: the forward steps of their clock summed, each at most SPAN_MICROS, so
     * that a clock that steps back adds nothing and one that leaps forward forgets down to SPAN values, and what the
     * range holds depends on the readings it spans alone (a detector rebuilt from its horizon holds the same).
     */
    static final long SPAN_MICROS = 10_000_000_000L;
    /** Values the range is taken over at most: SPAN_MICROS at 0.1 s; a faster sensor's range spans less time. */
    public static final int MAX_SPAN = 50_000;
    /** Values the range must hold before a value can lie beyond it: a range of fewer says little of the sensor. */
    public static final int MIN_VALUES = 500;
    /** Values a range depends on: its longest span, and the one whose neighbour has not come yet. */
    public static final int REACH = MAX_SPAN + 1;

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
    private long pendingElapsed;
    private double pendingWidth;
    // The sensor time elapsed since the first value taken (the forward steps of its clock, each at most SPAN_MICROS; only
    // its differences are read, so that it may wrap), and the last value's time (none yet: the first adds no time).
    private long elapsed;
    private long lastMicros = Long.MAX_VALUE;
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
     * Whether {@code v}, at {@code micros}, lies beyond the range of the values taken before it (those of the last
     * {@link #SPAN_MICROS} before it, or the last {@link #SPAN}, whichever are more, and at most {@link #MAX_SPAN}) by more than the margin, and by
     * more than {@link #MIN_STEPS} steps of the sensor's {@code resolution} (0: not known).
     */
    public boolean beyond(double v, long micros, double resolution) {
        long now = elapsed + step(micros);
        lows.expire(added, now);
        highs.expire(added, now);
        if (Math.min(added, SPAN) < MIN_VALUES || lows.size == 0) {
            return false; // too few values yet, or every value of the span a lone spike
        }
        double lo = lows.firstValue();
        double hi = highs.firstValue();
        double w = Math.max(margin * (hi - lo), MIN_STEPS * resolution);
        return v < lo - w || v > hi + w;
    }

    /** The range's lowest and highest values as the last {@link #beyond} saw them (NaN if it held none), for tests. */
    double[] bounds() {
        return lows.size == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {lows.firstValue(), highs.firstValue()};
    }

    /**
     * Takes the next value, at {@code micros}, {@code windowWidth} the width of the window before it (at least the
     * sensor's resolution); it enters the range once the value after it is known ({@link #settle}). It must be finite, as
     * every value a detector judges.
     */
    public void add(double v, long micros, double windowWidth) {
        elapsed += step(micros);
        lastMicros = micros;
        pending = true;
        pendingValue = v;
        pendingElapsed = elapsed;
        pendingWidth = windowWidth;
    }

    /** The sensor time from the last value taken to {@code micros}: 0 if its clock stepped back, at most SPAN_MICROS + 1. */
    private long step(long micros) {
        if (micros <= lastMicros) {
            return 0;
        }
        long dt = micros - lastMicros;
        return dt < 0 || dt > SPAN_MICROS ? SPAN_MICROS + 1 : dt; // negative: past the longs, a leap as far as any
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
            lows.add(t, pendingElapsed, v, -1);
            highs.add(t, pendingElapsed, v, 1);
        }
    }

    /** The values that may still be the extreme of the span, oldest first: each more extreme than those after it (sign: -1 lowest, 1 highest). */
    private static final class Queue {
        private long[] at = new long[64];
        private long[] elapsed = new long[64]; // each value's sensor time elapsed (RecentRange.elapsed when it came)
        private double[] value = new double[64];
        private int head;
        private int size;

        double firstValue() {
            return value[head];
        }

        /**
         * Forgets, oldest first, the values out of the span of the value taken as number {@code t} at sensor time elapsed
         * {@code now}: more than MAX_SPAN values back, or more than SPAN values back and more than SPAN_MICROS of sensor
         * time before it. The elapsed time never decreases along the values, so those out of the span come first.
         */
        void expire(long t, long now) {
            while (size > 0 && (at[head] < t - MAX_SPAN || at[head] < t - SPAN && now - elapsed[head] > SPAN_MICROS)) {
                head = (head + 1) & (at.length - 1);
                size--;
            }
        }

        void add(long t, long now, double v, int sign) {
            expire(t, now);
            // A value no more extreme than v, and older, can never be the extreme again.
            while (size > 0 && sign * (v - value[(head + size - 1) & (at.length - 1)]) >= 0) {
                size--;
            }
            if (size == at.length) {
                grow();
            }
            int slot = (head + size) & (at.length - 1);
            at[slot] = t;
            elapsed[slot] = now;
            value[slot] = v;
            size++;
        }

        private void grow() {
            long[] a = new long[at.length * 2];
            long[] m = new long[at.length * 2];
            double[] b = new double[at.length * 2];
            for (int i = 0; i < size; i++) {
                a[i] = at[(head + i) & (at.length - 1)];
                m[i] = elapsed[(head + i) & (at.length - 1)];
                b[i] = value[(head + i) & (at.length - 1)];
            }
            at = a;
            elapsed = m;
            value = b;
            head = 0;
        }
    }
}
