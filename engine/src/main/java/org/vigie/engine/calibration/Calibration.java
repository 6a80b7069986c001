package org.vigie.engine.calibration;

/**
 * The calibration stage: a raw score's calibrated score in [0, 1], and what the stage learns from each value. Its rank
 * among the normal ones of the last raw scores ({@link ConformalCalibrator}, the ring) and, past them, no rarer than
 * the sensor's last day says ({@link DailyMaxima}, unless turned off). The detector asks it for scores and hands it
 * every judged value: its raw score ({@link #add}) or, for a value whose window reaches back across a gap, its place
 * only ({@link #skip}). The ring and the maxima see the same values; the maxima keep only the normal scores.
 *
 * <p>With an {@code average} of more than one, the mean of the value's raw score and of the {@code average - 1} before
 * it is ranked too, against the means before it, in a ring and a day of their own: evidence that gathers over a few
 * values (a pattern gone wrong, spikes growing denser) where no single raw score stands out. The value's score is then
 * the larger of the two ranks, each read at half the chance (one minus twice the smaller chance, as a Bonferroni
 * correction), so that two looks at one value raise no more false alarms than one. The mean begins again after a gap
 * and after a value beyond the recent range, and is ranked once it holds {@code average} raw scores.
 */
public final class Calibration {

    /**
     * @param size raw scores the ring keeps to rank against, and the positions of a block of the day's maxima
     * @param dailyMaxima past the ring's tail, whether a raw score is at least as likely as the sensor's last day of
     *     normal scores says ({@link DailyMaxima}, in blocks of {@code size}); off, a restart replays fewer values
     * @param average raw scores the mean ranked beside each value's own is taken over (1: none)
     * @param shapedTail past the ring's normal scores, a tail heavier than exponential where theirs clearly is (a
     *     generalised Pareto law, {@link ConformalCalibrator}); off, exponential
     */
    public record Options(int size, boolean dailyMaxima, int average, boolean shapedTail) {
        public static final int DEFAULT_SIZE = 1000;
        public static final int MAX_AVERAGE = 1000;

        public Options {
            if (size < 10 || size > 100_000) {
                throw new IllegalArgumentException("calibration size must be between 10 and 100000: " + size);
            }
            if (average < 1 || average > MAX_AVERAGE) {
                throw new IllegalArgumentException("the raw scores averaged must be between 1 and " + MAX_AVERAGE + ": " + average);
            }
        }

        /** No mean ranked beside the raw score, an exponential tail. */
        public Options(int size, boolean dailyMaxima) {
            this(size, dailyMaxima, 1, false);
        }

        /** These options with the day's maxima on or off. */
        public Options withDailyMaxima(boolean on) {
            return new Options(size, on, average, shapedTail);
        }

        /**
         * Values back a rebuilt detector must have judged, past the ring's, for its means and the day's maxima to be
         * those of one that never stopped (0: neither).
         */
        public long reach() {
            return (dailyMaxima ? DailyMaxima.reach(size) : 0) + average - 1;
        }
    }

    /** One series of scores ranked: a ring of the last ones, and the day's maxima past its tail. */
    private static final class Ranked {
        private final ConformalCalibrator ring;
        private final DailyMaxima maxima; // null: the ring alone calibrates

        Ranked(Options options) {
            this.ring = new ConformalCalibrator(options.size(), options.shapedTail());
            this.maxima = options.dailyMaxima() ? new DailyMaxima(options.size()) : null;
        }

        double score(double raw, long micros) {
            double score = ring.score(raw);
            if (maxima == null || ring.size() == 0) {
                return score;
            }
            double largestNormal = ring.largestNormalScore();
            if (score >= largestNormal) {
                // Past the ring's every normal score (a rank reaches the largest one's at most), the chance of one as high is
                // the larger of what the ring's tail says and what the sensor's last day showed: a fast sensor's noise is no
                // rarer than its day says. Never below the largest normal score's rank, so that the score still rises with
                // the raw score.
                score = Math.min(score, Math.max(1 - maxima.chanceAtLeast(raw, micros), largestNormal));
            }
            return score;
        }

        void add(long position, long micros, double raw, boolean beyondRange) {
            boolean normal = !ring.outlying(raw) && !beyondRange;
            ring.add(raw);
            if (maxima != null) {
                maxima.add(position, micros, raw, normal);
            }
        }

        void skip(long position, long micros) {
            ring.skip();
            if (maxima != null) {
                maxima.add(position, micros, Double.NaN, false);
            }
        }

        void retire(int newer) {
            ring.retire(newer);
            if (maxima != null) {
                maxima.clear();
            }
        }
    }

    private final Ranked raws;
    private final Ranked means; // null: no mean ranked
    private final double[] before; // the last average - 1 raw scores taken since the mean began, a ring
    private long taken; // raw scores taken since the mean began: at the start, after a gap, after a value beyond the range

    public Calibration(Options options) {
        this.raws = new Ranked(options);
        this.means = options.average() > 1 ? new Ranked(options) : null;
        this.before = new double[options.average() - 1];
    }

    /** The calibrated score of {@code raw}, judged at {@code micros} (0.5 while no score is held). */
    public double score(double raw, long micros) {
        double score = raws.score(raw, micros);
        if (means == null) {
            return score;
        }
        // Each rank read at half the chance, whether the mean is ranked yet or not, so that a score means the same
        // all along.
        double mean = averaging() ? means.score(mean(raw), micros) : 0;
        return Math.max(0, 1 - 2 * (1 - Math.max(score, mean)));
    }

    /** Whether a mean is ranked beside the raw score: asked for, and as many raw scores taken as it needs since it began. */
    private boolean averaging() {
        return means != null && taken >= before.length;
    }

    /** The mean of the raw scores before {@code raw}, oldest first, and {@code raw}: each share first (no sum overflows). */
    private double mean(double raw) {
        int n = before.length + 1;
        double mean = 0;
        for (int k = 0; k < before.length; k++) {
            mean += before[(int) ((taken + k) % before.length)] / n;
        }
        return mean + raw / n;
    }

    /** Whether {@code raw} lies past the ring's normal scores: an anomaly's score (false while no score is held). */
    public boolean outlying(double raw) {
        return raws.ring.outlying(raw);
    }

    /**
     * Takes the raw score of the value at {@code position} and {@code micros}: into the ring, and into its block of the
     * day as the sensor's normal life unless it is past the ring's normal scores or the value lay beyond the recent
     * range ({@code beyondRange}); its mean likewise into theirs. A value beyond the recent range starts the mean again,
     * as a gap does: it is flagged by itself, and its raw score would make the next values' means extreme.
     */
    public void add(long position, long micros, double raw, boolean beyondRange) {
        raws.add(position, micros, raw, beyondRange);
        if (means == null) {
            return;
        }
        if (averaging() && !beyondRange) {
            means.add(position, micros, mean(raw), false);
        } else {
            means.skip(position, micros); // its place, so that the means' ring holds the last positions as the raw scores' does
        }
        if (beyondRange) {
            taken = 0;
        } else {
            before[(int) (taken % before.length)] = raw;
            taken++;
        }
    }

    /**
     * Takes a value whose raw score is left out (its window reaches back across a gap): its place only, in the means'
     * too, which begin again after it: a mean never reaches back across a gap, so a detector rebuilt from its horizon
     * holds the same.
     */
    public void skip(long position, long micros) {
        raws.skip(position, micros);
        if (means != null) {
            means.skip(position, micros);
            taken = 0;
        }
    }

    /**
     * Retires the scores held now, for a model that has just replaced one that knew much less: the ring ranks against
     * them until {@code newer} more have come ({@link ConformalCalibrator#retire}); the day's maxima forget them at once.
     * The means' likewise.
     */
    public void retire(int newer) {
        raws.retire(newer);
        if (means != null) {
            means.retire(newer);
        }
    }

    /** Raw scores held to rank against. */
    public int size() {
        return raws.ring.size();
    }
}
