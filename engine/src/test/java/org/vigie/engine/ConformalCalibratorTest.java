package org.vigie.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigie.engine.calibration.ConformalCalibrator;

class ConformalCalibratorTest {

    /**
     * Given scores with many ties arriving past the ring's size, when ranked, then each rank is the share below
     * it (ties half) among the last ones that are not past median + 3 x (p99 - median).
     */
    @Test
    void aScoreIsItsRankAmongTheLastRawScores() {
        ConformalCalibrator c = new ConformalCalibrator(50);
        ArrayDeque<Double> last = new ArrayDeque<>();
        Random r = new Random(4);
        for (int i = 0; i < 2000; i++) {
            double raw = r.nextInt(30) / 3.0;
            if (!last.isEmpty()) {
                double[] sorted = last.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                double median = sorted[(sorted.length - 1) / 2];
                double cutoff = median + 3 * (sorted[(int) Math.floor(0.99 * (sorted.length - 1))] - median);
                double normal = last.stream().filter(x -> x <= cutoff).count();
                double below = last.stream().filter(x -> x < raw && x <= cutoff).count();
                double equal = last.stream().filter(x -> x == raw && x <= cutoff).count();
                assertEquals((below + 0.5 * equal) / normal, c.score(raw), 1e-12, "value " + i);
                assertEquals(raw > cutoff, c.outlying(raw), "value " + i);
            }
            c.add(raw);
            last.addLast(raw);
            if (last.size() > 50) {
                last.removeFirst();
            }
        }
    }

    /**
     * Given values whose scores are left out (bursts of them, as after gaps), then a score is its rank among the held
     * ones of the last 50 values: a left-out value takes its slot, so the ring is the last 50 values whatever was left
     * out, as a detector rebuilt from 50 values holds it.
     */
    @Test
    void aLeftOutScoreTakesItsSlotAndIsNotRankedAgainst() {
        ConformalCalibrator c = new ConformalCalibrator(50);
        ArrayDeque<Double> last = new ArrayDeque<>(); // NaN: a value left out
        Random r = new Random(6);
        for (int i = 0; i < 3000; i++) {
            double raw = r.nextInt(30) / 3.0;
            boolean leftOut = i % 97 < 20; // 20 of every 97, in a burst
            double[] held = last.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).sorted().toArray();
            assertEquals(held.length, c.size(), "value " + i);
            if (held.length > 0) {
                double median = held[(held.length - 1) / 2];
                double cutoff = median + 3 * (held[(int) Math.floor(0.99 * (held.length - 1))] - median);
                double normal = java.util.Arrays.stream(held).filter(x -> x <= cutoff).count();
                double below = java.util.Arrays.stream(held).filter(x -> x < raw && x <= cutoff).count();
                double equal = java.util.Arrays.stream(held).filter(x -> x == raw && x <= cutoff).count();
                assertEquals((below + 0.5 * equal) / normal, c.score(raw), 1e-12, "value " + i);
            }
            if (leftOut) {
                c.skip();
            } else {
                c.add(raw);
            }
            last.addLast(leftOut ? Double.NaN : raw);
            if (last.size() > 50) {
                last.removeFirst();
            }
        }
    }

    /**
     * Given a ring of normal scores with a glitch's score among them, when the glitch's score comes again
     * (a little lower), then it still ranks above every normal score: the first glitch is not its peer.
     */
    @Test
    void aRecurringGlitchIsRankedAgainstNormalScoresOnly() {
        ConformalCalibrator c = new ConformalCalibrator(1000);
        Random r = new Random(5);
        for (int i = 0; i < 1000; i++) {
            c.add(i == 500 ? 40 : Math.abs(r.nextGaussian()));
        }
        assertTrue(c.score(35) > 1 - 0.5 / 999, "the second glitch, below the first, past every normal score: " + c.score(35));
        assertTrue(c.outlying(35));
    }

    /** Given a lasting change that fills more than 1 % of the ring, then its scores are the ring's normal again. */
    @Test
    void aLastingChangeBecomesNormalOnceItFillsThePercentile() {
        ConformalCalibrator c = new ConformalCalibrator(1000);
        Random r = new Random(6);
        for (int i = 0; i < 1000; i++) {
            c.add(i >= 980 ? 30 + r.nextGaussian() : Math.abs(r.nextGaussian()));
        }
        assertFalse(c.outlying(30));
        assertTrue(c.score(30) < 0.999);
    }

    /** Given 30 scores retired for 10 newer ones, when the 10th comes, then ranks count the newer ones only. */
    @Test
    void forgottenScoresNoLongerCount() {
        ConformalCalibrator c = new ConformalCalibrator(50);
        for (int i = 0; i < 30; i++) {
            c.add(100 + i);
        }
        c.retire(10);
        for (int i = 30; i < 39; i++) {
            c.add(i);
        }
        assertEquals(9.0 / 39, c.score(50));
        c.add(39);
        assertEquals(10, c.size());
        assertEquals(1.0, c.score(50));
        for (int i = 0; i < 60; i++) {
            c.add(i); // the ring fills and wraps with the forgotten slots reused
        }
        assertEquals(50, c.size());
        assertEquals(40.0 / 50, c.score(49.5));
    }

    /**
     * Given a retirement after which values are skipped (a gap while the memory grows), then the old scores are
     * forgotten once the new model has given 100 scores, not after 100 values: a ring is never ranked on fewer.
     */
    @Test
    void retiredScoresCountUntilTheNewModelHasGivenEnoughScoresSkipsAside() {
        ConformalCalibrator c = new ConformalCalibrator(1000);
        for (int i = 0; i < 500; i++) {
            c.add(100 + i % 10);
        }
        c.retire(100);
        for (int i = 0; i < 20; i++) {
            c.skip();
        }
        for (int i = 0; i < 99; i++) {
            c.add(i % 10);
        }
        assertEquals(599, c.size(), "the retired scores still count after 119 values, 99 of them scored");
        c.add(5);
        assertEquals(100, c.size(), "the 100th newer score forgets them");
    }

    /**
     * Given 500 high scores of an old model, when they are retired for 100 newer ones, then they are ranked
     * against until the 100th newer one comes, and forgotten with it; a second retirement before that takes
     * every score before it.
     */
    @Test
    void retiredScoresCountUntilEnoughNewerOnesHaveCome() {
        ConformalCalibrator c = new ConformalCalibrator(1000);
        for (int i = 0; i < 500; i++) {
            c.add(100 + i % 10);
        }
        c.retire(100);
        for (int i = 0; i < 99; i++) {
            c.add(i % 10);
        }
        assertEquals(599, c.size(), "the retired scores still count");
        assertTrue(c.score(50) < 0.2, "50 ranks below the old model's scores: " + c.score(50));
        c.add(5);
        assertEquals(100, c.size(), "the 100th newer score forgets them");
        assertTrue(c.score(50) > 0.999, "50 is past all the new model's scores: " + c.score(50));

        c.retire(100);
        for (int i = 0; i < 50; i++) {
            c.add(20);
        }
        c.retire(100);
        for (int i = 0; i < 99; i++) {
            c.add(30);
        }
        assertEquals(249, c.size());
        c.add(30);
        assertEquals(100, c.size(), "the second retirement took the first one's scores too");
        assertEquals(0.5, c.score(30));
    }

    /**
     * Given a ring of 1,000 normal scores from an exponential law, when a raw score lies past all of them,
     * then its score reads the law's tail: 1 minus the chance of so high a score, within a factor of 3 at 1 in
     * 10,000 and 1 in 100,000 (which a rank over 1,000 scores could not tell apart), rising with the raw score
     * and never below the rank of the largest normal score.
     */
    @Test
    void pastTheLastNormalScoreTheScoreReadsTheTail() {
        ConformalCalibrator c = new ConformalCalibrator(1000);
        Random r = new Random(7);
        double largest = 0;
        for (int i = 0; i < 1000; i++) {
            double raw = -Math.log(1 - r.nextDouble());
            largest = Math.max(largest, raw);
            c.add(raw);
        }
        for (double chance : new double[] {1e-4, 1e-5}) {
            double p = 1 - c.score(-Math.log(chance));
            assertTrue(p > chance / 3 && p < chance * 3, "1 in " + (long) (1 / chance) + ": " + p);
        }
        double previous = c.score(largest);
        for (double raw = largest + 0.01; raw < 20; raw += 0.01) {
            assertTrue(c.score(raw) >= previous, "rises at " + raw);
            previous = c.score(raw);
        }
        assertTrue(c.score(largest + 1e-9) >= 1 - 0.5 / 1000);
    }

    /**
     * Given a ring of 1,000 normal scores from a generalised Pareto law of shape 0.4 (a tail heavier than exponential,
     * as a distance's often is), when a raw score lies past all of them, then a shaped tail reads 1 in 10,000 as no
     * rarer than 1 in 10 million and 1 in 100,000 as no rarer than 1 in a billion, where the exponential one reads them
     * rarer than 1 in 10 billion. (Both read rarer than the law: the ring's normal scores leave out those past its
     * anomaly cutoff, here the largest 0.4 %, and the shape is read less its margin.) And on an exponential ring, the
     * shaped tail reads what the law says within a factor of 5.
     */
    @Test
    void aShapedTailReadsAHeavyTailAsHeavy() {
        double shape = 0.4;
        ConformalCalibrator shaped = new ConformalCalibrator(1000, true);
        ConformalCalibrator exponential = new ConformalCalibrator(1000);
        Random r = new Random(9);
        for (int i = 0; i < 1000; i++) {
            double raw = (Math.pow(1 - r.nextDouble(), -shape) - 1) / shape;
            shaped.add(raw);
            exponential.add(raw);
        }
        double[][] chanceAndFloor = {{1e-4, 1e-7}, {1e-5, 1e-9}};
        for (double[] cf : chanceAndFloor) {
            double chance = cf[0];
            double raw = (Math.pow(chance, -shape) - 1) / shape;
            double p = 1 - shaped.score(raw);
            assertTrue(p > cf[1] && p <= 0.5 / 1000, "shaped, 1 in " + (long) (1 / chance) + ": " + p);
            double q = 1 - exponential.score(raw);
            assertTrue(q < 1e-10, "exponential, 1 in " + (long) (1 / chance) + ": " + q);
        }
        ConformalCalibrator light = new ConformalCalibrator(1000, true);
        Random e = new Random(7);
        for (int i = 0; i < 1000; i++) {
            light.add(-Math.log(1 - e.nextDouble()));
        }
        for (double chance : new double[] {1e-4, 1e-5}) {
            double p = 1 - light.score(-Math.log(chance));
            assertTrue(p > chance / 5 && p < chance * 5, "an exponential ring, shaped, 1 in " + (long) (1 / chance) + ": " + p);
        }
    }

    /**
     * Given a ring whose top tenth is one score (a flat top), a ring too short for a tail, and scores near the top
     * of the doubles, then a raw score past every normal one scores 1, and an infinite one too; never NaN.
     */
    @Test
    void aTailThatCannotBeReadLeavesTheRank() {
        for (boolean shaped : new boolean[] {false, true}) {
            ConformalCalibrator flat = new ConformalCalibrator(1000, shaped);
            for (int i = 0; i < 1000; i++) {
                flat.add(i < 800 ? i / 1000.0 : 1.0);
            }
            assertEquals(1.0, flat.score(1.5), "a flat top: nothing normal is as high");
            ConformalCalibrator young = new ConformalCalibrator(1000, shaped);
            for (int i = 0; i < 50; i++) {
                young.add(i);
            }
            assertEquals(1.0, young.score(60), "5 excesses: too few for a tail");
            ConformalCalibrator huge = new ConformalCalibrator(1000, shaped);
            Random r = new Random(8);
            for (int i = 0; i < 1000; i++) {
                huge.add(Double.MAX_VALUE * (0.5 + 0.4 * r.nextDouble()));
            }
            double past = huge.score(Double.MAX_VALUE);
            assertTrue(past > 1 - 0.5 / 1000 && past <= 1, "near the top of the doubles: " + past);
            assertEquals(1.0, huge.score(Double.POSITIVE_INFINITY));
        }
    }
}
