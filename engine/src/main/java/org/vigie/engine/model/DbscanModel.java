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
        public static final int DEFAULT_MIN_PTS = 2;
        public static final double DEFAULT_CONTAMINATION = 0.01;
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
        public Model create(Memory memory) {
            return new DbscanModel(this, memory);
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

    /** Memory vectors whose k-distance sets ε: enough for a 1 % quantile, few enough to fit in a millisecond. */
    static final int EPS_SAMPLE = 256;

    private final Options options;
    private final Memory memory;
    private final double[] best; // the minPts smallest squared distances found by a scan
    private final int[] near; // the slots of the first neighbours within ε found by a scan
    private double[] weights;
    private double eps = Double.NaN;

    DbscanModel(Options options, Memory memory) {
        this.options = options;
        this.memory = memory;
        this.best = new double[options.minPts()];
        this.near = new int[options.minPts()];
    }

    @Override
    public void fit(Memory m, double[] w, SplittableRandom random) {
        this.weights = w.clone();
        int n = m.size();
        int sample = Math.min(EPS_SAMPLE, n);
        int[] slots = Sampling.distinct(n, sample, random);
        double[] kd = new double[sample];
        for (int s = 0; s < sample; s++) {
            kd[s] = kDistance2(m.data(), slots[s] * m.dimension(), slots[s]);
        }
        Arrays.sort(kd);
        int q = (int) Math.ceil((1 - options.contamination()) * sample) - 1;
        eps = Math.max(Math.sqrt(kd[Math.clamp(q, 0, sample - 1)]), options.minEps());
    }

    @Override
    public boolean fitted() {
        return weights != null;
    }

    /** ε as last fitted, in standardised feature units. */
    public double eps() {
        return eps;
    }

    @Override
    public Evidence judge(double[] x) {
        int k = options.minPts();
        double eps2 = eps * eps;
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int count = 0;
        double[] data = memory.data();
        int d = memory.dimension();
        for (int i = 0, n = memory.size(); i < n; i++) {
            double d2 = distance2(x, data, i * d, Math.max(best[k - 1], eps2));
            if (d2 <= eps2) {
                if (count < k) {
                    near[count] = i;
                }
                count++;
            }
            if (d2 < best[k - 1]) {
                insert(d2);
            }
        }
        boolean noise = count < k && !nearCore(x, Math.min(count, k), eps2);
        return new Evidence.Density(count, eps, Math.sqrt(best[k - 1]), noise);
    }

    /** Whether one of the first {@code found} neighbours is a core point of the memory plus {@code x}. */
    private boolean nearCore(double[] x, int found, double eps2) {
        double[] data = memory.data();
        int d = memory.dimension();
        for (int f = 0; f < found; f++) {
            int slot = near[f];
            int neighbours = 1; // x itself lies within ε of it
            for (int i = 0, n = memory.size(); i < n && neighbours < options.minPts(); i++) {
                if (i != slot && distance2(data, slot * d, data, i * d) <= eps2) {
                    neighbours++;
                }
            }
            if (neighbours >= options.minPts()) {
                return true;
            }
        }
        return false;
    }

    /** The squared distance from the vector at {@code offset} to its minPts-th nearest other vector. */
    private double kDistance2(double[] data, int offset, int self) {
        int k = options.minPts();
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int d = memory.dimension();
        for (int i = 0, n = memory.size(); i < n; i++) {
            if (i == self) {
                continue;
            }
            double d2 = distance2(data, offset, data, i * d);
            if (d2 < best[k - 1]) {
                insert(d2);
            }
        }
        return best[k - 1];
    }

    private void insert(double d2) {
        int j = best.length - 1;
        while (j > 0 && best[j - 1] > d2) {
            best[j] = best[j - 1];
            j--;
        }
        best[j] = d2;
    }

    /** Weighted squared distance; stops early once past {@code bound} (a lower bound then, and the caller needs no more). */
    private double distance2(double[] x, double[] data, int offset, double bound) {
        double s = 0;
        for (int j = 0; j < x.length; j++) {
            double t = weights[j] * (x[j] - data[offset + j]);
            s += t * t;
            if (s > bound) {
                return s;
            }
        }
        return s;
    }

    private double distance2(double[] a, int ao, double[] b, int bo) {
        double s = 0;
        for (int j = 0; j < weights.length; j++) {
            double t = weights[j] * (a[ao + j] - b[bo + j]);
            s += t * t;
        }
        return s;
    }
}
