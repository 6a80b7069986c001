package org.vigie.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
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
     * Given a memory of one cluster, when a far value is judged, lasts (the next value stays near it), and the same
     * change comes again past the window, then the second is not noise: the sensor has made that change before and stayed
     * with it (a fridge's second switch). A glitch as far, which did not last, is noise every time it comes; and a
     * lasting change elsewhere is noise, as the first was.
     */
    @org.junit.jupiter.api.Test
    void aLastingChangeIsNoiseOnlyTheFirstTimeAndAGlitchEveryTime() {
        int window = 5;
        SplittableRandom r = new SplittableRandom(7);
        Memory memory = new Memory(400, 2);
        DbscanModel model = (DbscanModel) new DbscanModel.Options(4, 0.02, 0.01).create(memory, window);
        double[] ones = {1, 1};
        for (int i = 0; i < 400; i++) {
            memory.add(new double[] {r.nextGaussian(), r.nextGaussian()}, i);
        }
        model.fit(memory, ones, new SplittableRandom(3), 0);
        double[] change = {20, 20};
        double[] glitch = {-20, -20};
        double[] elsewhere = {20, -20};
        assertTrue(judge(model, change).noise(), "a change never seen");
        model.settled(true);
        assertTrue(judge(model, glitch).noise(), "a glitch never seen");
        model.settled(false);
        for (int i = 0; i <= window; i++) { // past the window: the change is no longer the judged value's own context
            memory.add(new double[] {r.nextGaussian(), r.nextGaussian()}, 400 + i);
        }
        assertTrue(!judge(model, new double[] {20.001, 20}).noise(), "the same change again repeats it");
        model.settled(true);
        assertTrue(judge(model, glitch).noise(), "the glitch again");
        model.settled(false);
        assertTrue(judge(model, elsewhere).noise(), "a change elsewhere");
    }

    private static Evidence.Density judge(DbscanModel model, double[] x) {
        return (Evidence.Density) model.judge(x);
    }
}
