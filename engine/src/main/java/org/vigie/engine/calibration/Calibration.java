package org.vigie.engine.calibration;

/**
 * The calibration stage: a raw score's calibrated score in [0, 1], and what the stage learns from each value. Its rank
 * among the normal ones of the last raw scores ({@link ConformalCalibrator}, the ring) and, past them, no rarer than
 * the sensor's last day says ({@link DailyMaxima}, unless turned off). The detector asks it for scores and hands it
 * every judged value: its raw score ({@link #add}) or, for a value whose window reaches back across a gap, its place
 * only ({@link #skip}). The ring and the maxima see the same values; the maxima keep only the normal scores.
 */
public final class Calibration {

    /**
     * @param size raw scores the ring keeps to rank against, and the positions of a block of the day's maxima
     * @param dailyMaxima past the ring's tail, whether a raw score is at least as likely as the sensor's last day of
     *     normal scores says ({@link DailyMaxima}, in blocks of {@code size}); off, a restart replays fewer values
     */
    public record Options(int size, boolean dailyMaxima) {
        public static final int DEFAULT_SIZE = 1000;

        public Options {
            if (size < 10 || size > 100_000) {
                throw new IllegalArgumentException("calibration size must be between 10 and 100000: " + size);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SIZE, true);
        }

        /** Values back a rebuilt detector must have judged for the day's maxima to be those of one that never stopped (0: off). */
        public long reach() {
            return dailyMaxima ? DailyMaxima.reach(size) : 0;
        }
    }

    private final ConformalCalibrator ring;
    private final DailyMaxima maxima; // null: the ring alone calibrates

    public Calibration(Options options) {
        this.ring = new ConformalCalibrator(options.size());
        this.maxima = options.dailyMaxima() ? new DailyMaxima(options.size()) : null;
    }

    /** The calibrated score of {@code raw}, judged at {@code micros} (0.5 while no score is held). */
    public double score(double raw, long micros) {
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

    /** Whether {@code raw} lies past the ring's normal scores: an anomaly's score (false while no score is held). */
    public boolean outlying(double raw) {
        return ring.outlying(raw);
    }

    /**
     * Takes the raw score of the value at {@code position} and {@code micros}: into the ring, and into its block of the
     * day as the sensor's normal life unless it is past the ring's normal scores or the value lay beyond the recent
     * range ({@code beyondRange}).
     */
    public void add(long position, long micros, double raw, boolean beyondRange) {
        boolean normal = !ring.outlying(raw) && !beyondRange;
        ring.add(raw);
        if (maxima != null) {
            maxima.add(position, micros, raw, normal);
        }
    }

    /** Takes a value whose raw score is left out (its window reaches back across a gap): its place only. */
    public void skip(long position, long micros) {
        ring.skip();
        if (maxima != null) {
            maxima.add(position, micros, Double.NaN, false);
        }
    }

    /**
     * Retires the scores held now, for a model that has just replaced one that knew much less: the ring ranks against
     * them until {@code newer} more have come ({@link ConformalCalibrator#retire}); the day's maxima forget them at once.
     */
    public void retire(int newer) {
        ring.retire(newer);
        if (maxima != null) {
            maxima.clear();
        }
    }

    /** Raw scores held to rank against. */
    public int size() {
        return ring.size();
    }
}
