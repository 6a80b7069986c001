package org.vigie.engine.calibration;

/**
 * Turns a model's raw score into a score in [0, 1] that means the same for every model: the share of the
 * last {@code size} raw scores below it (ties count half), that is 1 minus a conformal p-value. 0.99 says
 * "more unusual than 99 % of what this model has scored lately", whatever the model's raw units.
 *
 * <p>Every raw score enters the ring, anomalies too: a lasting change (a step, a new regime) ranks high at
 * first, then fills the ring and stops standing out. But a score is ranked only against the ring's scores of
 * the sensor's normal life: those beyond the ring's median by more than {@link #OUTLYING_SPREADS} times the
 * distance from its median to its 99th percentile are an anomaly's, and are left out. A glitch that recurs is
 * thus ranked against normal values each time, not hidden behind its own earlier occurrences (which a plain
 * rank would count as equals); a lasting change, once it is more than 1 % of the ring, moves the percentile
 * and counts again. The trim depends on the ring alone, so the score of a value depends only on the last
 * {@code size} raw scores, as before (what a rebuilt detector needs).
 *
 * <p>A rank cannot tell "rarer than 1 in 1,000" from "rarer than 1 in 100,000": past the last normal score
 * every raw score would be 1. There the score extends the rank by the normal scores' tail: their largest
 * {@link #TAIL} share, as excesses over its start, is taken as exponential (the peaks-over-threshold view of
 * extreme values with a shape of 0, whose one parameter, the mean excess, is steady on a hundred scores), and
 * the chance of a raw score at least as high is read from it. The score stays 1 minus that chance, never below
 * the rank of the largest normal score, so a threshold of 0.9999 means "rarer than 1 in 10,000 of the normal
 * scores" even on a ring of 1,000.
 *
 * <p>A ring with a {@linkplain #ConformalCalibrator(int, boolean) shaped tail} reads that tail as a generalised Pareto
 * law instead, where its excesses say it is clearly heavier than exponential (its shape read less {@link
 * #SHAPE_MARGIN}): a distance's tail (DBSCAN's k-distance) often is, and an exponential fitted to its largest tenth
 * then reads a raw score seen every few hours as one in millions.
 */
public final class ConformalCalibrator {

    private final double[] ring; // arrival order, to know which score leaves next
    private final boolean[] held; // per slot of the ring: false for a value whose score was left out (skip)
    private final double[] sorted; // the held scores, ascending: a rank is two binary searches
    private int head;
    private int slots; // the ring's slots in use, the last `slots` values, held or not
    private int size; // the scores held
    private long added;
    private long retiredBefore = -1; // the scores added before this count leave once retiredAfter more have come
    private int retiredAfter;
    private int heldSinceRetired; // scores added (not skipped) since the last retire
    private int normal = -1; // normalCount(), once known for the scores held now
    // The tail fitted to the normal scores held now, once asked for: where it starts, its shape (0: exponential) and
    // scale (for a tail that is not shaped, the mean excess over its start).
    private boolean tailFitted;
    private double tailFrom;
    private double tailShape;
    private double tailScale;
    private final boolean shapedTail;

    /** A ring of the last {@code size} raw scores ({@link Calibration.Options#size}), its tail read as exponential. */
    public ConformalCalibrator(int size) {
        this(size, false);
    }

    /**
     * A ring of the last {@code size} raw scores; with {@code shapedTail}, past the normal ones, a tail heavier than
     * exponential where theirs clearly is ({@link #SHAPE_MARGIN}).
     */
    public ConformalCalibrator(int size, boolean shapedTail) {
        this.ring = new double[size];
        this.held = new boolean[size];
        this.sorted = new double[size];
        this.shapedTail = shapedTail;
    }

    /**
     * The share of the normal scores whose excesses give the tail: their largest tenth, a hundred scores on
     * the default ring (docs/quality.md: a twentieth changed the faults found by 0.4 points at 0.9999).
     */
    static final double TAIL = 0.1;

    /**
     * How much heavier than exponential a shaped tail's excesses must look before it grows heavier far past them: the
     * shape fitted to them, less this. A hundred excesses of an exponential law give shapes of about ±0.1, and noise
     * that wanders a little more; read as heavy, they would soften a fault's score for nothing. A fridge's switches
     * and a fast sensor's distances look heavier still. Chosen by leave-one-out over NAB's categories, the fault kinds,
     * the wandering sensors and the normal regimes, among 0.1, 0.15, 0.2 and 0.25 at 0.999 (and the exponential tail at
     * 0.998, 0.999 and 0.9995), the choice remade in each fold: 0.15 in 23 of 24 (docs/quality.md).
     */
    static final double SHAPE_MARGIN = 0.15;

    /** The heaviest shape read: a law with a mean, whose tail halves the decades an exponential one gives (1/ξ = 2). */
    static final double MAX_SHAPE = 0.5;

    /** Excesses a tail needs: fewer (a ring just begun) and the score past the last normal one is 1, the rank's. */
    static final int MIN_EXCESSES = 10;

    /** Low bits of a raw score's mantissa that a rank ignores: 22 of 52, so scores that share their first 30 bits (about 9 digits) rank as equal. */
    private static final long IGNORED_BITS = (1L << 22) - 1;

    /**
     * {@code raw} with its last bits cleared. A quantised sensor gives many raw scores that are equal; the same
     * series plus a constant, or times 1,000, gives them again with other rounding in their last bits, and a
     * rank among ties must not hang on those bits.
     */
    static double comparable(double raw) {
        return Double.isFinite(raw) ? Double.longBitsToDouble(Double.doubleToRawLongBits(raw) & ~IGNORED_BITS) : raw;
    }

    /** How far past the ring's median, in spans from its median to its 99th percentile, a score is an anomaly's. */
    public static final double OUTLYING_SPREADS = 3.0;

    /** The calibrated score of {@code raw} against the ring's normal scores (0.5 while the ring is empty). */
    public double score(double raw) {
        raw = comparable(raw);
        if (size == 0) {
            return 0.5;
        }
        int normal = normalCount();
        int below = Math.min(countBelow(raw, false), normal);
        if (below == normal) {
            return 1 - beyond(raw, normal);
        }
        // Ties are rare but for a quantised sensor's: a second search only when there are some.
        int equal = sorted[below] == raw ? Math.min(countBelow(raw, true), normal) - below : 0;
        return (below + 0.5 * equal) / normal;
    }

    /**
     * The chance of a normal raw score at least {@code raw}, which lies past every one of the {@code normal}
     * lowest: an exponential tail fitted to the excesses of their largest {@link #TAIL} share (a shaped tail: a
     * generalised Pareto one where they are clearly heavier), and at most half a rank (what the rank gives the largest
     * normal score), so the score rises with the raw score.
     */
    private double beyond(double raw, int normal) {
        double half = 0.5 / normal;
        int start = (int) Math.floor((1 - TAIL) * (normal - 1));
        int excesses = normal - 1 - start;
        if (excesses < MIN_EXCESSES) {
            return 0; // too few to fit a tail: past every normal score, as the rank says
        }
        if (!tailFitted) {
            fitTail(start, normal, excesses);
        }
        if (!(tailScale > 0 && tailScale < Double.POSITIVE_INFINITY)) {
            return tailScale > 0 ? half : 0; // an infinite normal score: no tail to read; a flat top: nothing is as high
        }
        double excess = raw - tailFrom;
        double share = (double) excesses / normal;
        return Math.min(half, tailShape > 0
                ? share * Math.pow(1 + tailShape * excess / tailScale, -1 / tailShape)
                : share * Math.exp(-excess / tailScale));
    }

    /**
     * Fits the tail to the excesses of the normal scores past the {@code start}-th over it: their mean, and for a shaped
     * tail a shape and scale; once for the scores held (a fast sensor ranks many values past the ring between two adds).
     */
    private void fitTail(int start, int normal, int excesses) {
        double from = sorted[start];
        double meanExcess = 0;
        for (int j = start + 1; j < normal; j++) {
            meanExcess += (sorted[j] - from) / excesses; // each share first: no sum overflows, even near Double.MAX_VALUE
        }
        tailFrom = from;
        tailShape = 0;
        tailScale = meanExcess;
        tailFitted = true;
        if (shapedTail && meanExcess > 0 && meanExcess < Double.POSITIVE_INFINITY) {
            // Probability-weighted moments of the excesses (Hosking and Wallis 1987): with a0 their mean and a1 the mean
            // of each times its share of the excesses above it, a generalised Pareto law has shape 2 - a0 / (a0 - 2 a1)
            // and scale a0 (1 - shape) (an exponential law: 0 and a0). The scale, the excesses' density where the tail
            // starts, is what a hundred excesses tell well, and it is kept; the shape, how much heavier the tail grows
            // far past them, is read less the margin, and never below 0: a tail that looks a little heavy starts as the
            // fit says and goes on as an exponential one. Both move continuously with the fitted shape.
            double a1 = 0;
            for (int j = start + 1; j < normal; j++) {
                double above = 1 - (j - start - 0.35) / excesses; // the plotting position Hosking and Wallis use
                a1 += above * (sorted[j] - from) / excesses;
            }
            double fitted = 2 - meanExcess / (meanExcess - 2 * a1);
            tailScale = meanExcess * (1 - Math.max(fitted, 0));
            tailShape = Math.max(0, Math.min(fitted - SHAPE_MARGIN, MAX_SHAPE));
        }
    }

    /** The score of the largest normal score the ring holds (a lone one): every raw score past them scores at least this. */
    double largestNormalScore() {
        int normal = normalCount();
        return (normal - 0.5) / normal;
    }

    /** Whether {@code raw} lies past the ring's normal scores: an anomaly's score (false while the ring is empty). */
    public boolean outlying(double raw) {
        raw = comparable(raw);
        return size > 0 && raw > cutoff();
    }

    /** How many of the held scores are normal ones, at most {@link #cutoff()}: at least the median and what lies below it. */
    private int normalCount() {
        if (normal < 0) {
            normal = countBelow(cutoff(), true); // once per score added, not per score ranked
        }
        return normal;
    }

    /** The scores held have changed: their normal count and tail are read again when next asked for. */
    private void changed() {
        normal = -1;
        tailFitted = false;
    }

    /** The largest raw score of the sensor's normal life, by the ring's median and 99th percentile. */
    private double cutoff() {
        double median = sorted[(size - 1) / 2];
        double high = sorted[(int) Math.floor(0.99 * (size - 1))];
        return median + OUTLYING_SPREADS * (high - median);
    }

    public void add(double raw) {
        raw = comparable(raw);
        changed();
        if (slots == ring.length && held[head]) {
            // The oldest score leaves the sorted copy where the new one enters it: only the scores between the two
            // places move, by one.
            int out = countBelow(ring[head], false);
            int in = countBelow(raw, true);
            if (in > out) {
                System.arraycopy(sorted, out + 1, sorted, out, in - 1 - out);
                sorted[in - 1] = raw;
            } else {
                System.arraycopy(sorted, in, sorted, in + 1, out - in);
                sorted[in] = raw;
            }
        } else {
            int in = countBelow(raw, true);
            System.arraycopy(sorted, in, sorted, in + 1, size - in);
            sorted[in] = raw;
            size++;
        }
        ring[head] = raw;
        held[head] = true;
        advance();
        // Scores, not values: a value skipped gives the new model no score to rank against.
        if (retiredBefore >= 0 && ++heldSinceRetired >= retiredAfter) {
            forgetBefore(retiredBefore);
            retiredBefore = -1;
        }
    }

    /**
     * Takes a value whose raw score is left out: its slot in the ring is used (the oldest score leaves it as for any
     * value, so the ring stays the last values, as many as it has slots, what a detector rebuilt from its horizon
     * holds), but no score is ranked against.
     */
    public void skip() {
        if (slots == ring.length) {
            release(head);
        }
        held[head] = false;
        advance();
    }

    /** Takes the score of ring slot {@code slot}, if it holds one, out of the sorted copy. */
    private void release(int slot) {
        if (held[slot]) {
            int out = countBelow(ring[slot], false);
            System.arraycopy(sorted, out + 1, sorted, out, size - out - 1);
            size--;
            held[slot] = false;
            changed();
        }
    }

    private void advance() {
        head = (head + 1) % ring.length;
        slots = Math.min(slots + 1, ring.length);
        added++;
    }

    /**
     * Retires the scores held now: they are ranked against until {@code newer} more have come, then forgotten.
     * For a model that has just replaced one that knew much less: the old one's scores, high for what the sensor
     * does routinely, would hide what the new one sees, but a ring of the new one's few scores ranks nothing
     * until it holds {@code newer}. A later call retires every score before it, these too.
     */
    public void retire(int newer) {
        retiredBefore = added;
        retiredAfter = newer;
        heldSinceRetired = 0;
    }

    public int size() {
        return size;
    }

    /** Forgets the raw scores added before the {@code count}-th one. */
    void forgetBefore(long count) {
        int drop = (int) Math.min(slots, Math.max(0, count - (added - slots)));
        for (int k = 0; k < drop; k++) {
            release(Math.floorMod(head - slots, ring.length));
            slots--;
        }
        changed();
    }

    /** How many held scores lie below {@code x} (with {@code orEqual}: at most {@code x}); also where {@code x} would go. */
    private int countBelow(double x, boolean orEqual) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x || orEqual && sorted[mid] == x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
