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
        public Map<String, String> parameters() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("minPts", Integer.toString(minPts));
            p.put("contamination", Double.toString(contamination));
            p.put("minEps", Double.toString(minEps));
            return p;
        }
    }

    /**
     * Memory vectors whose k-distance sets ε: two of 96 lie above a 98 % quantile. Each is a nearest-neighbour
     * search as dear as judging a value: 96 instead of 128 made the engine 10 % faster and scored the same
     * on NAB over five seeds (62.1 to 62.9; 64 vectors: 61.4 to 61.8).
     */
    static final int EPS_SAMPLE = 96;

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

    DbscanModel(Options options, Memory memory, int window) {
        this.options = options;
        this.memory = memory;
        this.window = window;
        this.best = new double[options.minPts()];
        this.near = new int[options.minPts()];
        this.weighted = new double[memory.dimension()];
        this.fitted = new FittedColumns(memory);
        this.recent = new RecentColumns(memory);
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
        for (int s = 0; s < sample; s++) {
            int slot = m.slot(ages[s]);
            System.arraycopy(m.data(), slot * m.dimension(), x, 0, x.length);
            scan(x, m.serial(slot), 0);
            kd[s] = best[options.minPts() - 1];
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
        scan(x, memory.added(), eps2); // x would be the next vector added
        boolean noise = count < k && !nearCore(x, Math.min(count, k), eps2);
        return new Evidence.Density(count, eps, Math.sqrt(best[k - 1]), noise);
    }

    /**
     * Finds, among the memory's vectors outside the window of the vector of {@code serial}, those within ε of {@code x} (up to minPts of
     * them: {@link #count}, in {@link #near}) and the minPts smallest squared distances ({@link #best}).
     * Exact: a scan skips only what cannot change either.
     */
    private void scan(double[] x, long serial, double eps2) {
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        count = 0;
        scan.eps2 = eps2;
        scan.serial = serial;
        recent.search(x, serial - window, serial + window, scan);
        fitted.project(x, weights, weighted);
        fitted.search(weighted, serial - window, serial + window, scan);
    }

    /** One scan's bookkeeping, as the columns' visitor. */
    private final class Scan implements FittedColumns.Visitor {
        double eps2;
        long serial; // the vector judged: its own, or the next to be added

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
                if (other != slot && !scan.excluded(memory.serial(other)) && distance2(data, slot * d, data, other * d) <= eps2) {
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

    /** Weighted squared distance between the vectors at {@code ao} in {@code a} and {@code bo} in {@code b}. */
    private double distance2(double[] a, int ao, double[] b, int bo) {
        double s = 0;
        for (int j : weighing) { // ascending, as over every coordinate: the same sum to the last bit
            double t = weights[j] * (a[ao + j] - b[bo + j]);
            s += t * t;
        }
        return s;
    }
}
