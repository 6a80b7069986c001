package org.vigie.engine.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vigie.engine.Evidence;

/**
 * Density, as DBSCAN defines it, over the memory and the value: the value is noise when its feature vector
 * has fewer than {@code minPts} neighbours within ε among the memory's and none of those neighbours is a
 * core point (a point with {@code minPts} neighbours within ε). That is the label Smile's
 * {@code DBSCAN.fit(memory + value, minPts, ε)} gives the value; {@code DbscanModelTest} holds this exact
 * count to Smile's answer.
 *
 * <p>The memory a value is judged in leaves out the vectors of its own window (the {@code window} values
 * before it, its context): a lasting change cannot vouch for itself, it becomes dense only once the
 * sensor has stayed there longer than a window. (At a fit, likewise, a memory vector's k-distance leaves
 * out the vectors within a window of it.)
 *
 * <p>ε comes from the memory itself, at each fit: the {@code 1 - contamination} quantile of the
 * {@code minPts}-nearest-neighbour distances of a sample of the memory's vectors (so about
 * {@code contamination} of what the sensor did lately would be noise), and at least {@code minEps}
 * standardised units, so a memory of exact repeats (a square wave, a flat line) does not make every
 * wobble noise. The neighbours are counted in the whole memory as it is when the value arrives, so a
 * level the sensor has just settled at is dense again as soon as {@code minPts} values sit there.
 *
 * <p>A value that is noise in the memory is also counted among the <em>past outliers</em>: the vectors judged
 * noise in the memory alone, over the last {@link #PAST_OUTLIER_REACH} values, once the memory has let them go,
 * that lay near the memory (within {@link #NEAR_EPS} ε of their k-th neighbour there) or that the next value stayed
 * near (a lasting change, not a glitch). A pattern the sensor repeats more rarely than a memory of 2,000 readings holds it (a fridge's switches, a motion
 * sensor's events) is dense there after {@code minPts} of them, and one near them (within {@link #NEAR_EPS} ε)
 * gets a smaller k-distance; a fault unlike anything before keeps its noise.
 *
 * <p>A value that is still noise but lies within ε of a past outlier that lasted (the reading after it stayed nearer it
 * than the level before it: a change the sensor made and stayed with, held in the memory or not), outside the
 * value's window, <em>repeats</em> it and is not noise: a fridge's second switch is what its first one did. So a
 * lasting change is noise the first time, and not again while it is among the past outliers (the last 512 of them,
 * over the last {@link #PAST_OUTLIER_REACH} values); a glitch far from the sensor's values, which the next reading
 * leaves, is never remembered and is noise every time it recurs. With no past outlier the memory has let go, and none
 * that lasted, the label is Smile's.
 */
public final class DbscanModel implements Model {

    /**
     * @param minPts neighbours within ε that make a point core
     * @param contamination share of the memory's own vectors that ε leaves as noise
     * @param minEps ε is at least this, in standardised feature units
     */
    public record Options(int minPts, double contamination, double minEps) implements Model.Options {
        public static final int DEFAULT_MIN_PTS = 4;
        public static final double DEFAULT_CONTAMINATION = 0.02;
        public static final double DEFAULT_MIN_EPS = 0.1;

        public Options {
            if (minPts < 1 || minPts > 100) {
                throw new IllegalArgumentException("minPts must be between 1 and 100: " + minPts);
            }
            if (!(contamination >= 0 && contamination < 0.5)) {
                throw new IllegalArgumentException("contamination must be in [0, 0.5): " + contamination);
            }
            if (!(minEps > 0 && minEps < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("minEps must be positive: " + minEps);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_MIN_PTS, DEFAULT_CONTAMINATION, DEFAULT_MIN_EPS);
        }

        @Override
        public Model create(Memory memory, int window) {
            return new DbscanModel(this, memory, window);
        }

        @Override
        public int reach() {
            return PAST_OUTLIER_REACH;
        }

        @Override
        public Map<String, String> parameters() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("minPts", Integer.toString(minPts));
            p.put("contamination", Double.toString(contamination));
            p.put("minEps", Double.toString(minEps));
            return p;
        }
    }

    /**
     * Memory vectors whose k-distance sets ε: the 98 % quantile of 96 is the second largest. Each is a nearest-neighbour
     * search, most of them stopped early (see fit): 96 instead of 128 made the engine 10 % faster and scored the
     * same on NAB over five seeds (62.1 to 62.9; 64 vectors: 61.4 to 61.8).
     */
    static final int EPS_SAMPLE = 96;

    /**
     * Values back over which the vectors judged noise are remembered once the memory has let them go (50,000: 14
     * hours at 1 s, 6 months at 5 minutes): a pattern the sensor repeats more rarely than the memory holds it (a
     * fridge switching every 10 minutes, a motion sensor's events) becomes dense after minPts of them, where a
     * memory of 2,000 readings holds one or two. A one-off fault has no such company. Measured against 10,000,
     * 20,000 and 100,000 (docs/quality.md); counted in the restart horizon.
     */
    public static final int PAST_OUTLIER_REACH = 50_000;
    /** Past outliers held at most, the oldest forgotten first (64 kept the fridge's switches noise: 61 a day). */
    static final int PAST_OUTLIERS = 512;
    /**
     * How far, in ε, a past outlier still counts as company in a noise value's k-distance (its raw score): a
     * pattern seen before, if not quite within ε, ranks as less unusual than one never seen. 4: measured against
     * 1, 2, 8 and no limit (docs/quality.md); from 8 on, a seed-2 soil probe's lasting step is no longer flagged,
     * a past watering lying near its first vector.
     */
    static final double NEAR_EPS = 4;

    private final Options options;
    private final Memory memory;
    private final int window; // vectors this close in time to the one judged are its own context, not its neighbours
    private final double[] best; // the minPts smallest squared distances found by a scan
    private final int[] near; // the slots of the first neighbours within ε found by a scan
    private double[] weights;
    private int[] weighing = new int[0]; // the coordinates whose weight is not 0: the others add nothing to a distance
    private double eps = Double.NaN;
    // The memory at the last fit, by weighted column, and the vectors added since.
    private final FittedColumns fitted;
    private final RecentColumns recent;
    private final double[] weighted; // the query, each coordinate times its weight
    private final Scan scan = new Scan();
    private int count; // neighbours within ε found by the last scan, up to minPts
    private final PastOutliers pastOutliers; // the vectors judged noise against the memory alone
    private final double[] pending; // the last value judged noise, until the next value says whether it lasted
    private long pendingSerial;
    private boolean pendingNoise;
    private boolean pendingNear;

    DbscanModel(Options options, Memory memory, int window) {
        this.options = options;
        this.memory = memory;
        this.window = window;
        this.best = new double[options.minPts()];
        this.near = new int[options.minPts()];
        this.weighted = new double[memory.dimension()];
        this.fitted = new FittedColumns(memory);
        this.recent = new RecentColumns(memory);
        this.pastOutliers = new PastOutliers(PAST_OUTLIERS, memory.dimension());
        this.pending = new double[memory.dimension()];
    }

    @Override
    public void fit(Memory m, double[] w, SplittableRandom random, long round) {
        this.weights = w.clone();
        this.weighing = Sampling.weighing(weights);
        fitted.fit(weights, weighing);
        recent.fit(weights, weighing);
        int n = m.size();
        int sample = Math.min(EPS_SAMPLE, n);
        int[] ages = Sampling.distinct(n, sample, random);
        double[] kd = new double[sample];
        double[] x = new double[m.dimension()];
        // ε is the `top`-th largest of the sample's k-distances (the second of 96 at 2 %): only the largest need be
        // exact. A search stops once its k-distance is known to be at most the `top`-th largest found so far, and
        // keeps that bound, which leaves the quantile exactly as every search in full gives it (DbscanModelTest): at
        // most top - 1 of the exact ones exceed it, and none of the bounded ones. Most stop within a chunk or two.
        int top = sample - Sampling.upperQuantileIndex(sample, options.contamination());
        double[] largest = new double[top]; // the top largest exact k-distances so far, in descending order
        Arrays.fill(largest, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < sample; s++) {
            int slot = m.slot(ages[s]);
            System.arraycopy(m.data(), slot * m.dimension(), x, 0, x.length);
            scan(x, m.serial(slot), 0, largest[top - 1]);
            kd[s] = best[options.minPts() - 1];
            if (kd[s] > largest[top - 1]) { // a search in full: a bounded one ends at or below largest[top - 1]
                int j = top - 1;
                while (j > 0 && largest[j - 1] < kd[s]) {
                    largest[j] = largest[j - 1];
                    j--;
                }
                largest[j] = kd[s];
            }
        }
        eps = Math.max(Math.sqrt(Sampling.upperQuantile(kd, options.contamination())), options.minEps());
    }

    @Override
    public boolean fitted() {
        return weights != null;
    }

    /** ε as last fitted, in standardised feature units. */
    public double eps() {
        return eps;
    }

    /**
     * Relative margin within which a squared distance counts as within ε: a quantised sensor puts many vectors
     * at exactly ε (itself a k-distance), and the same series plus a constant, or times 1,000, puts them there
     * with other rounding in the last bits; whether they are neighbours must not hang on those bits.
     */
    static final double TIES = 0x1p-30;

    @Override
    public Evidence judge(double[] x) {
        int k = options.minPts();
        double eps2 = eps * eps * (1 + TIES);
        long serial = memory.added(); // x would be the next vector added
        scan(x, serial, eps2, Double.NEGATIVE_INFINITY); // a judged value's search always runs in full
        boolean noise = count < k && !nearCore(x, Math.min(count, k), eps2);
        if (noise) {
            // Counted among the past outliers too: a pattern the memory no longer holds but the sensor repeats is dense
            // there, and one seen near them is less unusual. x joins them if it lies near the memory (the sensor's own
            // rare extremes) or, farther, if the sensor stays there (settled). Which vectors are kept depends on the
            // memory alone, so a detector rebuilt from its horizon keeps the same.
            pendingNear = best[k - 1] <= eps2 * (NEAR_EPS * NEAR_EPS);
            visitPastOutliers(x, serial, eps2);
            noise = count < k && !repeatsLastingChange(x, serial, eps2);
            System.arraycopy(x, 0, pending, 0, x.length);
            pendingSerial = serial;
            pendingNoise = true;
        }
        return new Evidence.Density(count, eps, Math.sqrt(best[k - 1]), noise);
    }

    /**
     * Remembers the last value judged noise among the past outliers if the value after it stayed nearer it than the
     * level before it ({@code lasting}): the start of a lasting change (a fridge switching on, a motion sensor's
     * event), which the sensor will repeat and should learn. A glitch, which the next reading leaves at once, is not
     * remembered: a spike that recurs identically is flagged every time (RepeatedSpikesTest).
     */
    @Override
    public void settled(boolean lasting) {
        if (pendingNoise && (lasting || pendingNear)) {
            pastOutliers.add(pending, pendingSerial, lasting);
        }
        pendingNoise = false;
    }

    /**
     * Adds the past outliers the memory no longer holds, within {@link #PAST_OUTLIER_REACH} values of {@code serial}, to
     * the scan: those within ε as neighbours, those within {@link #NEAR_EPS} ε to the k-distance.
     */
    private void visitPastOutliers(double[] x, long serial, double eps2) {
        long oldestHeld = memory.added() - memory.size();
        for (int i = 0; i < pastOutliers.count(); i++) {
            long s = pastOutliers.serial(i);
            if (s >= oldestHeld || s < serial - PAST_OUTLIER_REACH) {
                continue;
            }
            // A neighbour within ε; within NEAR_EPS ε, company that shortens the k-distance. Farther, a past outlier
            // merely nearer than the memory must not soften the raw score of a fault unlike anything before it.
            double d2 = pastOutliers.distance2(x, i, weighing, weights);
            if (d2 <= eps2 && count < best.length) {
                count++;
            }
            if (d2 <= eps2 * (NEAR_EPS * NEAR_EPS) && d2 < best[best.length - 1]) {
                insert(d2);
            }
        }
    }

    /**
     * Whether a past outlier that lasted, within {@link #PAST_OUTLIER_REACH} values of {@code serial} and outside its
     * window, lies within ε of {@code x}: a change the sensor has made before and stayed with. One is enough (a fridge's
     * first switches were flagged 6 to 8 times a day while minPts of them gathered; with one, 3 a day). Chosen by
     * leave-one-out over NAB's categories, the fault kinds and the normal regimes (docs/quality.md) among six: one
     * within ε, lasting (this) or lasting or near the memory; two within ε; one within 2 ε; two within 2 ε; one within
     * 4 ε. From 2 ε on, NAB and the sensor faults lose.
     */
    private boolean repeatsLastingChange(double[] x, long serial, double eps2) {
        return pastOutliers.repeats(x, serial, window, PAST_OUTLIER_REACH, weighing, weights, eps2);
    }

    /**
     * Finds, among the memory's vectors outside the window of the vector of {@code serial}, those within ε of {@code x} (up to minPts of
     * them: {@link #count}, in {@link #near}) and the minPts smallest squared distances ({@link #best}).
     * Exact: a scan skips only what cannot change either; but it may stop once the k-th smallest distance is at most
     * {@code enough}, which it then bounds (a fit's search for ε).
     */
    private void scan(double[] x, long serial, double eps2, double enough) {
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        count = 0;
        scan.eps2 = eps2;
        scan.serial = serial;
        scan.enough = enough;
        recent.search(x, serial - window, serial + window, scan);
        fitted.project(x, weights, weighted);
        fitted.search(weighted, serial - window, serial + window, scan);
    }

    /** One scan's bookkeeping, as the columns' visitor. */
    private final class Scan implements FittedColumns.Visitor {
        double eps2;
        long serial; // the vector judged: its own, or the next to be added
        double enough; // the search may stop once the k-distance is at most this (-infinity: never)

        @Override
        public boolean done() {
            return best[best.length - 1] <= enough;
        }

        boolean excluded(long s) {
            return Math.abs(s - serial) <= window;
        }

        @Override
        public double bound() {
            // Once minPts neighbours lie within ε the value is core: only the k-distance is still wanted.
            double kth = best[best.length - 1];
            return count >= best.length ? kth : Math.max(eps2, kth);
        }

        @Override
        public void visit(int slot, double d2) {
            int k = best.length;
            if (d2 <= eps2 && count < k) {
                near[count++] = slot; // counted up to minPts: no more is needed to call the value core
            }
            if (d2 < best[k - 1]) {
                insert(d2);
            }
        }
    }

    /**
     * Whether one of the first {@code found} neighbours is a core point of the data the value is judged
     * in: the memory's vectors outside the value's window, and the value itself.
     */
    private boolean nearCore(double[] x, int found, double eps2) {
        double[] data = memory.data();
        int d = memory.dimension();
        for (int f = 0; f < found; f++) {
            int slot = near[f];
            int neighbours = 1; // x itself lies within ε of it
            for (int age = 0, n = memory.size(); age < n && neighbours < options.minPts(); age++) {
                int other = memory.slot(age);
                if (other != slot && !scan.excluded(memory.serial(other))
                        && PastOutliers.distance2(data, slot * d, data, other * d, weighing, weights) <= eps2) {
                    neighbours++;
                }
            }
            if (neighbours >= options.minPts()) {
                return true;
            }
        }
        return false;
    }

    private void insert(double d2) {
        int j = best.length - 1;
        while (j > 0 && best[j - 1] > d2) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = d2;
    }
}
