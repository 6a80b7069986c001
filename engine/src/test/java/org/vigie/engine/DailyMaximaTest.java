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

    /**
     * Past every block's largest, a score's chance is a Gumbel law's, fitted to the blocks' largest by probability-weighted
     * moments, per value of a block: here 20 blocks of 100 whose largest scores are a Gumbel law's quantiles.
     */
    @Test
    void pastEveryBlocksLargestTheChanceIsAGumbelLawsFittedToThem() {
        double location = 3;
        double scale = 0.4;
        DailyMaxima m = new DailyMaxima(100);
        for (long p = 0; p < 2_050; p++) {
            long b = p / 100;
            double largest = location - scale * Math.log(-Math.log((b + 0.5) / 20.0)); // block b's: its quantile (b + 0.5) / 20
            m.add(p, T0 + p * SECOND, p % 100 == 99 ? largest : 0, true);
        }
        long now = T0 + 2_050 * SECOND;
        double raw = 6;
        double expected = -Math.expm1(-Math.exp(-(raw - location) / scale)) / 100; // a block's chance, per value of a block
        assertEquals(expected, m.chanceAtLeast(raw, now), 0.15 * expected, "within the fit's error on 20 blocks");
        assertEquals(0, new DailyMaxima(100).chanceAtLeast(raw, now), "no blocks");
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
