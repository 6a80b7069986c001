package org.vigie.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vigie.engine.calibration.DailyMaxima;

class DailyMaximaTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    /** Block b of 100 values read every second: its largest normal score is b, its last value's (block 0's is 0). */
    private static void fill(DailyMaxima m, long fromPosition, long toPosition) {
        for (long p = fromPosition; p < toPosition; p++) {
            m.add(p, T0 + p * SECOND, p / 100 - (99 - p % 100) / 1000.0, true);
        }
    }

    /**
     * Given a sensor read every second in blocks of 100, when fewer than 12 blocks are complete the day says nothing;
     * from 12 on, a score's chance is the count of closed blocks that reached it over the values they hold.
     */
    @Test
    void aScoresChanceIsTheCountOfTheDaysBlocksThatReachedItOverTheirValues() {
        DailyMaxima m = new DailyMaxima(100);
        fill(m, 0, 1_150); // 11 complete blocks, the 12th open
        long now = T0 + 1_150 * SECOND;
        assertEquals(0, m.chanceAtLeast(0, now));
        fill(m, 1_150, 2_050); // 20 complete blocks, largest scores 0 to 19
        now = T0 + 2_050 * SECOND;
        assertEquals(20 / 2_000.0, m.chanceAtLeast(-1, now), 1e-15);
        assertEquals(5 / 2_000.0, m.chanceAtLeast(15, now), 1e-15, "blocks 15 to 19");
        double past = m.chanceAtLeast(19.5, now);
        assertTrue(past > 0 && past <= 1 / 2_000.0, "past every block's largest: no likelier than a score one block reached, " + past);
        assertTrue(m.chanceAtLeast(40, now) < past / 10, "and less likely still, the farther past: " + m.chanceAtLeast(40, now));
    }

    /** 20 blocks of 100 values read every second, block b's largest score {@code largest[b]}, its last value's; none of its scores normal where {@code normal[b]} is false. */
    private static DailyMaxima blocks(double[] largest, boolean[] normal) {
        DailyMaxima m = new DailyMaxima(100);
        for (long p = 0; p < 2_050; p++) {
            int b = (int) (p / 100);
            boolean last = p % 100 == 99;
            m.add(p, T0 + p * SECOND, last && b < largest.length ? largest[b] : 0, b >= normal.length || normal[b]);
        }
        return m;
    }

    /**
     * Past every block's largest, a score's chance is the count of blocks a Gumbel law expects to reach it, the law
     * fitted to the blocks' largest by probability-weighted moments, over the blocks' values: here blocks whose largest
     * scores are a Gumbel law's quantiles, so the fit comes near the law itself.
     */
    @Test
    void pastEveryBlocksLargestTheChanceIsAGumbelLawsFittedToThem() {
        double location = 3;
        double scale = 0.4;
        double[] largest = new double[20];
        for (int b = 0; b < 20; b++) {
            largest[b] = location - scale * Math.log(-Math.log((b + 0.5) / 20.0)); // the law's (b + 0.5) / 20 quantile
        }
        DailyMaxima m = blocks(largest, new boolean[0]);
        long now = T0 + 2_050 * SECOND;
        double raw = 6;
        double fitted = expectedBlocks(largest, raw) / 2_000;
        assertEquals(fitted, m.chanceAtLeast(raw, now), 1e-12 * fitted);
        double law = -Math.expm1(-Math.exp(-(raw - location) / scale)) * 20 / 2_000;
        assertEquals(law, m.chanceAtLeast(raw, now), 0.25 * law, "near the law the maxima were drawn from");
    }

    /** Blocks with no normal score are not among the maxima the law is fitted to, nor counted as blocks it expects to reach. */
    @Test
    void aBlockWithNoNormalScoreIsNotAMaximum() {
        double[] largest = new double[20];
        boolean[] normal = new boolean[20];
        for (int b = 0; b < 20; b++) {
            largest[b] = 3 + 0.1 * b;
            normal[b] = b % 4 != 0; // 15 of the 20 blocks have a normal largest
        }
        DailyMaxima m = blocks(largest, normal);
        double[] kept = new double[15];
        int k = 0;
        for (int b = 0; b < 20; b++) {
            if (normal[b]) {
                kept[k++] = largest[b];
            }
        }
        double expected = expectedBlocks(kept, 6) / 2_000; // 15 maxima, and 15 blocks that could reach it, over 2,000 values
        assertEquals(expected, m.chanceAtLeast(6, T0 + 2_050 * SECOND), 1e-12 * expected);
    }

    /** The blocks a Gumbel law fitted to {@code maxima} (ascending) as Hosking, Wallis and Wood fit it expects to reach {@code raw}. */
    private static double expectedBlocks(double[] maxima, double raw) {
        int n = maxima.length;
        double b0 = 0;
        double b1 = 0;
        for (int i = 0; i < n; i++) {
            b0 += maxima[i] / n;
            b1 += maxima[i] * i / (n - 1.0) / n;
        }
        double scale = (2 * b1 - b0) / Math.log(2);
        double location = b0 - 0.5772156649015329 * scale;
        return Math.min(1, -Math.expm1(-Math.exp(-(raw - location) / scale)) * n);
    }

    /** Maxima all equal tell no law: past them, the ring's tail decides alone (a chance of 0). */
    @Test
    void equalMaximaTellNoLaw() {
        double[] largest = new double[20];
        java.util.Arrays.fill(largest, 0.1 + 0.2); // a sum's rounding, the same every block
        assertEquals(0, blocks(largest, new boolean[0]).chanceAtLeast(0.31, T0 + 2_050 * SECOND));
    }

    /** Given a sensor read every 5 minutes, a block of 1,000 spans three days: never within a day, it never counts. */
    @Test
    void aBlockLongerThanADayNeverCounts() {
        DailyMaxima m = new DailyMaxima(1_000);
        for (long p = 0; p < 20_500; p++) {
            m.add(p, T0 + p * 300 * SECOND, 1, true);
        }
        assertEquals(0, m.chanceAtLeast(0, T0 + 20_500 * 300 * SECOND));
    }

    /** An anomaly's raw score (not normal) does not raise its block's largest: a glitch that recurs stays rare. */
    @Test
    void anAnomalysScoreIsNotTheSensorsNormalLife() {
        DailyMaxima m = new DailyMaxima(100);
        for (long p = 0; p < 1_500; p++) {
            m.add(p, T0 + p * SECOND, p % 100 == 50 ? 1_000 : 1, p % 100 != 50);
        }
        long now = T0 + 1_500 * SECOND;
        assertEquals(14 / 1_400.0, m.chanceAtLeast(1, now), 1e-15, "14 complete blocks, the 15th still open");
        assertEquals(0, m.chanceAtLeast(2, now));
    }

    /**
     * Given a clock that steps back within a block, its values' earliest time decides whether it lies within the day:
     * a block whose first value is within the day but whose later ones were stamped a day before does not count.
     */
    @Test
    void aBlockWithAValueFromBeforeTheDayDoesNotCount() {
        DailyMaxima m = new DailyMaxima(100);
        long start = T0 + 200_000 * SECOND;
        for (long p = 0; p < 1_300; p++) { // blocks 0 to 11 closed; block 5's value 550 stamped 28 hours back
            m.add(p, p == 550 ? start + (p - 100_000) * SECOND : start + p * SECOND, 1, true);
        }
        assertEquals(0, m.chanceAtLeast(1, start + 1_300 * SECOND), "11 closed blocks within the day, fewer than 12");
        for (long p = 1_300; p <= 1_400; p++) {
            m.add(p, start + p * SECOND, 1, true);
        }
        assertEquals(12 / 1_200.0, m.chanceAtLeast(1, start + 1_401 * SECOND), 1e-15, "blocks 0 to 12 but 5");
    }

    /** Blocks older than a day leave the count; clear forgets them all. */
    @Test
    void theDayMovesOnAndClearForgets() {
        DailyMaxima m = new DailyMaxima(1_000);
        for (long p = 0; p < 90_000; p++) { // 25 hours at 1 s, the first hour's blocks scoring 5, the rest 1
            m.add(p, T0 + p * SECOND, p < 4_000 ? 5 : 1, true);
        }
        long now = T0 + 90_000 * SECOND;
        assertEquals(0, m.chanceAtLeast(2, now), "the hour that scored 5 is more than a day back");
        assertEquals(85 / 85_000.0, m.chanceAtLeast(1, now), 1e-15, "the 85 complete blocks within the day");
        m.clear();
        assertEquals(0, m.chanceAtLeast(1, now));
    }

    /**
     * Given one instance that took every position and one that started mid-block, after {@link DailyMaxima#reach} more
     * positions both give every score the same chance: blocks are cut at the same positions.
     */
    @Test
    void anInstanceStartedWithinItsReachHoldsTheSameBlocks() {
        DailyMaxima whole = new DailyMaxima(100);
        DailyMaxima rebuilt = new DailyMaxima(100);
        long end = 30_050; // the rebuilt one starts halfway through a block
        fill(whole, 0, end);
        fill(rebuilt, end - DailyMaxima.reach(100), end);
        long now = T0 + end * SECOND;
        for (double raw = -1; raw < 300; raw += 0.5) {
            assertEquals(whole.chanceAtLeast(raw, now), rebuilt.chanceAtLeast(raw, now), "raw " + raw);
        }
    }
}
