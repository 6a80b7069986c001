package org.vigie.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.engine.Evidence;
import smile.clustering.DBSCAN;

/** The density model's noise is Smile's DBSCAN label for the value among the memory's vectors. */
class DbscanModelTest {

    /**
     * Given a memory of three clusters and scattered points, and values near and far from them, when the
     * model judges each value, then it calls noise exactly what Smile's DBSCAN.fit(memory + value, minPts,
     * eps) labels an outlier, the memory less the value's window (with vectors added after the fit, and
     * overwritten ones, in the memory too).
     */
    @ParameterizedTest
    @CsvSource({"1, 0", "2, 0", "4, 0", "8, 0", "1, 20", "4, 20", "8, 50"})
    void noiseIsSmilesAnswer(int minPts, int window) {
        SplittableRandom r = new SplittableRandom(minPts);
        Memory memory = new Memory(400, 3);
        DbscanModel model = (DbscanModel) new DbscanModel.Options(minPts, 0.05, 0.01).create(memory, window);
        double[] ones = {1, 1, 1};
        for (int i = 0; i < 700; i++) {
            memory.add(point(r), i);
            if (i == 600) {
                model.fit(memory, ones, new SplittableRandom(3), 0);
            }
        }
        int noise = 0;
        for (int q = 0; q < 300; q++) {
            double[] x = q % 3 == 0 ? new double[] {r.nextDouble(-30, 30), r.nextDouble(-30, 30), r.nextDouble(-30, 30)} : point(r);
            Evidence.Density e = (Evidence.Density) model.judge(x);
            // The data the value is judged in: the memory but its window (the newest vectors), and the value.
            int older = memory.size() - window;
            double[][] data = new double[older + 1][];
            for (int i = 0; i < older; i++) {
                data[i] = new double[] {memory.get(i, 0), memory.get(i, 1), memory.get(i, 2)};
            }
            data[older] = x;
            DBSCAN<double[]> smile = DBSCAN.fit(data, minPts, model.eps());
            boolean smileNoise = smile.group(older) == Integer.MAX_VALUE;
            assertEquals(smileNoise, e.noise(), "value " + q + " " + Arrays.toString(x) + ", neighbours " + e.neighbours());
            noise += e.noise() ? 1 : 0;
        }
        assertTrue(noise > 10 && noise < 290, "both answers were tested: " + noise + " noise");
    }

    /**
     * Given memories of scattered clusters, plain and rounded to whole numbers (ties at every distance), when the model
     * is fitted, then ε is the 1 - contamination quantile of the sample's k-distances each searched in full: a fit's
     * searches stop early once they cannot be among the largest, and that must not move ε by a bit.
     */
    @ParameterizedTest
    @CsvSource({"4, 20, 0.02, false", "4, 20, 0.02, true", "1, 0, 0.1, false", "8, 5, 0.3, true", "4, 20, 0, false", "2, 20, 0.001, true"})
    void epsIsTheQuantileOfTheSampledKDistancesInFull(int minPts, int window, double contamination, boolean rounded) {
        SplittableRandom r = new SplittableRandom(minPts * 31L + window);
        Memory memory = new Memory(2000, 3);
        for (int i = 0; i < 2600; i++) { // overwritten slots too
            double[] p = point(r);
            if (rounded) {
                for (int j = 0; j < p.length; j++) {
                    p[j] = Math.rint(p[j]);
                }
            }
            memory.add(p, i);
        }
        DbscanModel model = (DbscanModel) new DbscanModel.Options(minPts, contamination, 1e-9).create(memory, window);
        double[] ones = {1, 1, 1};
        for (long seed = 0; seed < 5; seed++) {
            model.fit(memory, ones, new SplittableRandom(seed), 0);
            int n = memory.size();
            int[] ages = Sampling.distinct(n, Math.min(DbscanModel.EPS_SAMPLE, n), new SplittableRandom(seed));
            double[] kd = new double[ages.length];
            for (int s = 0; s < ages.length; s++) {
                double[] d2 = new double[n];
                int m = 0;
                for (int age = 0; age < n; age++) {
                    if (Math.abs(age - ages[s]) > window) {
                        double sum = 0;
                        for (int j = 0; j < 3; j++) {
                            double t = memory.get(ages[s], j) - memory.get(age, j);
                            sum += t * t;
                        }
                        d2[m++] = sum;
                    }
                }
                Arrays.sort(d2, 0, m);
                kd[s] = d2[minPts - 1];
            }
            double expected = Math.max(Math.sqrt(Sampling.upperQuantile(kd, contamination)), 1e-9);
            assertEquals(expected, model.eps(), 0.0, "seed " + seed);
        }
    }

    private static double[] point(SplittableRandom r) {
        if (r.nextInt(10) == 0) {
            return new double[] {r.nextDouble(-20, 20), r.nextDouble(-20, 20), r.nextDouble(-20, 20)};
        }
        int c = r.nextInt(3);
        return new double[] {c * 5 + r.nextGaussian(), -c * 5 + r.nextGaussian(), r.nextGaussian()};
    }

    /**
     * Given a memory of a grid (ε about its spacing), when a far value is judged noise and the next reading stays
     * there (a lasting change), then the same change again is noise within its window and not noise once past it (the
     * sensor has made that change before: a fridge's second switch), for {@link DbscanModel#PAST_OUTLIER_REACH} values
     * and no longer; a value 1.5 ε from it, a change elsewhere, and a repeat of a glitch near the memory that the next
     * reading left (remembered, but not as lasting) are noise.
     */
    @Test
    void aRepeatOfALastingChangeIsNotNoiseWithinReach() {
        int window = 5;
        Memory memory = new Memory(1000, 2);
        DbscanModel model = (DbscanModel) new DbscanModel.Options(4, 0.02, 0.01).create(memory, window);
        SplittableRandom r = new SplittableRandom(7);
        int[] order = r.ints(0, 400).distinct().limit(400).toArray(); // the grid in no order, as a sensor's values come
        for (int i : order) {
            memory.add(new double[] {i / 20, i % 20}, 0);
        }
        model.fit(memory, new double[] {1, 1}, new SplittableRandom(3), 0);
        double eps = model.eps();
        assertTrue(eps >= 1 && eps < 1.5, "ε about the grid's spacing: " + eps);
        double[] change = {100, 100};
        double[] nearGlitch = {-2 * eps, 10}; // its 4th neighbour within 4 ε: remembered though it does not last

        long first = memory.added();
        assertTrue(step(model, memory, change, true).noise(), "a change never seen");
        assertTrue(step(model, memory, nearGlitch, false).noise(), "a glitch near the memory, never seen");
        while (memory.added() < first + window) {
            step(model, memory, inside(r), false);
        }
        double[] again = {100.001, 100};
        assertTrue(step(model, memory, again, false).noise(), "the same change within its window is its own context");
        assertFalse(step(model, memory, again, false).noise(), "past its window, the same change repeats it");
        assertTrue(step(model, memory, new double[] {100 + 1.5 * eps, 100}, false).noise(), "1.5 ε from it");
        assertTrue(step(model, memory, nearGlitch, false).noise(), "the glitch again: it did not last");
        assertTrue(step(model, memory, new double[] {100, -100}, false).noise(), "a change elsewhere");

        while (memory.added() < first + DbscanModel.PAST_OUTLIER_REACH) {
            memory.add(inside(r), 0);
        }
        model.fit(memory, new double[] {1, 1}, new SplittableRandom(3), 1); // as the engine refits every refresh period
        assertTrue(model.eps() >= 1 && model.eps() < 1.5, "ε about the grid's spacing: " + model.eps());
        assertFalse(step(model, memory, again, false).noise(), "PAST_OUTLIER_REACH values after it");
        assertTrue(step(model, memory, again, false).noise(), "one more: out of reach");
    }

    /** Judges {@code x} as the engine does (then settles it as {@code lasting} and adds it to the memory). */
    private static Evidence.Density step(DbscanModel model, Memory memory, double[] x, boolean lasting) {
        Evidence.Density e = (Evidence.Density) model.judge(x);
        model.settled(lasting);
        memory.add(x, 0);
        return e;
    }

    private static double[] inside(SplittableRandom r) {
        return new double[] {r.nextInt(20), r.nextInt(20)};
    }

}
