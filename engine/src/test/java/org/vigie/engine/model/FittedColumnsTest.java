package org.vigie.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A search of the fitted columns visits exactly the vectors a look at every one of them would. */
class FittedColumnsTest {

    /**
     * Given a memory that slides on between fits (a few vectors, or more than it holds, added each time), with new
     * weights at each fit (the level weighing or not, so the key's coordinate changes; one coordinate or none weighing;
     * whole weights on whole values, so distances tie with whole bounds), rounded values (ties in the key) or not, and
     * vectors added after a fit (overwriting some the fit holds), when the columns are searched with a fixed bound
     * around queries near and far, then the vectors visited, with their squared distances to the bit, are those still
     * held, outside the excluded range, that a distance computed for every vector puts within the bound: the key's
     * order prunes nothing it should not.
     */
    @ParameterizedTest
    @CsvSource({"false, 11", "true, 7", "false, 3", "true, 5"})
    void aSearchVisitsWhatEveryDistanceSays(boolean rounded, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Memory memory = new Memory(300, 3);
        FittedColumns columns = new FittedColumns(memory);
        int checked = 0;
        int visited = 0;
        int ties = 0;
        long serial = 0;
        for (int fit = 0; fit < 40; fit++) {
            int added = fit % 9 == 8 ? 700 : 1 + r.nextInt(60); // now and then more than the memory holds
            for (int i = 0; i < added; i++) {
                memory.add(point(r, rounded), serial++);
            }
            boolean whole = rounded && fit % 3 == 0;
            double[] weights = switch (fit % 7) {
                case 1 -> new double[] {0, r.nextDouble(0.1, 3), r.nextDouble(0.1, 3)}; // the key is then the second
                case 3 -> new double[] {0, 0, r.nextDouble(0.1, 3)};
                case 5 -> new double[] {0, 0, 0}; // every distance is 0
                default -> whole ? new double[] {1, 1, 1} : new double[] {r.nextDouble(0.1, 3), r.nextDouble(0.1, 3), r.nextDouble(0.1, 3)};
            };
            int[] active = Sampling.weighing(weights);
            columns.fit(weights, active);
            long fitEnd = memory.added(); // the fit copied the vectors before this serial
            for (int i = r.nextInt(30); i > 0; i--) { // added after the fit: the oldest it holds are overwritten
                memory.add(point(r, rounded), serial++);
            }
            for (int q = 0; q < 20; q++) {
                double[] x = q % 4 == 0 ? new double[] {r.nextDouble(-40, 40), r.nextDouble(-40, 40), r.nextDouble(-40, 40)}
                        : point(r, rounded);
                double bound = whole ? r.nextInt(0, 30) : r.nextDouble(0.5, 30);
                long excludedFrom = memory.added() - r.nextInt(400);
                long excludedTo = excludedFrom + r.nextInt(40);
                TreeMap<Integer, Double> expected = new TreeMap<>();
                for (long s = memory.added() - memory.size(); s < fitEnd; s++) { // those the fit copied, still held
                    int slot = memory.slotOf(s);
                    if (s >= excludedFrom && s <= excludedTo) {
                        continue;
                    }
                    double d2 = distance2(x, memory, slot, weights, active);
                    if (d2 <= bound) {
                        expected.put(slot, d2);
                    }
                }
                TreeMap<Integer, Double> found = new TreeMap<>();
                double[] projected = new double[3];
                columns.project(x, weights, projected);
                columns.search(projected, excludedFrom, excludedTo, new FittedColumns.Visitor() {
                    @Override
                    public double bound() {
                        return bound;
                    }

                    @Override
                    public void visit(int slot, double d2) {
                        Double before = found.put(slot, d2);
                        assertEquals(null, before, "slot " + slot + " visited twice");
                    }
                });
                assertEquals(expected, found, "fit " + fit + ", query " + q);
                ties += (int) found.values().stream().filter(d2 -> d2 == bound).count();
                checked++;
                visited += found.size();
            }
        }
        assertEquals(800, checked);
        assertTrue(visited > 1000, "vectors were visited: " + visited);
        assertTrue(!rounded || ties > 10, "distances equal to the bound were visited: " + ties);
    }

    /** The squared distance as the columns compute it: weighted coordinates, two at a time, in ascending order. */
    private static double distance2(double[] x, Memory memory, int slot, double[] weights, int[] active) {
        double s = 0;
        for (int j = 0; j < active.length; j += 2) {
            double ta = weights[active[j]] * x[active[j]] - memory.data()[slot * 3 + active[j]] * weights[active[j]];
            if (j + 1 < active.length) {
                double tb = weights[active[j + 1]] * x[active[j + 1]] - memory.data()[slot * 3 + active[j + 1]] * weights[active[j + 1]];
                s = j == 0 ? ta * ta + tb * tb : s + ta * ta + tb * tb;
            } else {
                s = j == 0 ? ta * ta : s + ta * ta;
            }
        }
        return s;
    }

    private static double[] point(SplittableRandom r, boolean rounded) {
        int c = r.nextInt(3);
        double[] p = {c * 5 + r.nextGaussian(), -c * 5 + r.nextGaussian(), r.nextGaussian() * 3};
        if (rounded) {
            for (int j = 0; j < p.length; j++) {
                p[j] = Math.rint(p[j]);
            }
        }
        return p;
    }
}
