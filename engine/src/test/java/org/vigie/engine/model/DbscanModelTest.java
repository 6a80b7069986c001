package org.vigie.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigie.engine.Evidence;
import smile.clustering.DBSCAN;

/** The density model's noise is Smile's DBSCAN label for the value among the memory's vectors. */
class DbscanModelTest {

    /**
     * Given a memory of three clusters and scattered points, and values near and far from them, when the
     * model judges each value, then it calls noise exactly what Smile's DBSCAN.fit(memory + value, minPts,
     * eps) labels an outlier (with vectors added after the fit, and overwritten ones, in the memory too).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 8})
    void noiseIsSmilesAnswer(int minPts) {
        SplittableRandom r = new SplittableRandom(minPts);
        Memory memory = new Memory(400, 3);
        DbscanModel model = (DbscanModel) new DbscanModel.Options(minPts, 0.05, 0.01).create(memory);
        double[] ones = {1, 1, 1};
        for (int i = 0; i < 700; i++) {
            memory.add(point(r), i);
            if (i == 600) {
                model.fit(memory, ones, new SplittableRandom(3));
            }
        }
        int noise = 0;
        for (int q = 0; q < 300; q++) {
            double[] x = q % 3 == 0 ? new double[] {r.nextDouble(-30, 30), r.nextDouble(-30, 30), r.nextDouble(-30, 30)} : point(r);
            Evidence.Density e = (Evidence.Density) model.judge(x);
            double[][] data = new double[memory.size() + 1][];
            for (int i = 0; i < memory.size(); i++) {
                data[i] = new double[] {memory.get(i, 0), memory.get(i, 1), memory.get(i, 2)};
            }
            data[memory.size()] = x;
            DBSCAN<double[]> smile = DBSCAN.fit(data, minPts, model.eps());
            boolean smileNoise = smile.group(memory.size()) == Integer.MAX_VALUE;
            assertEquals(smileNoise, e.noise(), "value " + q + " " + Arrays.toString(x) + ", neighbours " + e.neighbours());
            noise += e.noise() ? 1 : 0;
        }
        assertTrue(noise > 10 && noise < 290, "both answers were tested: " + noise + " noise");
    }

    private static double[] point(SplittableRandom r) {
        if (r.nextInt(10) == 0) {
            return new double[] {r.nextDouble(-20, 20), r.nextDouble(-20, 20), r.nextDouble(-20, 20)};
        }
        int c = r.nextInt(3);
        return new double[] {c * 5 + r.nextGaussian(), -c * 5 + r.nextGaussian(), r.nextGaussian()};
    }
}
