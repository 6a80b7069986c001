package org.vigie.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vigie.engine.model.Memory;

class DecisionRuleTest {

    private static final long MINUTE = 60_000_000L;

    /**
     * Given 0.999 per 5 minutes, then a reading every 30 s is judged at 0.9999, one every 5 minutes at 0.999, one every
     * 10 minutes at 0.998, and one every hour or day at 0.99, the lowest per reading.
     */
    @Test
    void aFasterSensorIsJudgedAtAStricterThresholdPerReadingASlowerOneAtALooser() {
        DecisionRule rule = new DecisionRule(0.999, 5 * MINUTE);
        assertEquals(0.9999, rule.at(MINUTE / 2).threshold(), 1e-15);
        assertEquals(1 - 0.001 / 150, rule.at(2_000_000L).threshold(), 1e-15);
        assertEquals(0.999, rule.at(5 * MINUTE).threshold());
        assertEquals(0.998, rule.at(10 * MINUTE).threshold(), 1e-15);
        assertEquals(0.994, rule.at(30 * MINUTE).threshold(), 1e-15);
        assertEquals(DecisionRule.LOWEST_PER_READING, rule.at(60 * MINUTE).threshold());
        assertEquals(DecisionRule.LOWEST_PER_READING, rule.at(24 * 60 * MINUTE).threshold());
        assertEquals(0.98, new DecisionRule(0.98, 5 * MINUTE).at(60 * MINUTE).threshold(),
                "a threshold below the lowest per reading is kept, not raised to it");
        assertEquals(DecisionRule.LOWEST_PER_READING, new DecisionRule(0.995, 5 * MINUTE).at(60 * MINUTE).threshold(), 1e-15);
        assertEquals(0.99, rule.at(50 * MINUTE).threshold(), 1e-15, "the lowest reached at 50 minutes");
        assertTrue(rule.at(49 * MINUTE).threshold() > DecisionRule.LOWEST_PER_READING);
        assertTrue(Math.abs(rule.at(5 * MINUTE + 1).threshold() - 0.999) < 1e-11
                && Math.abs(rule.at(5 * MINUTE - 1).threshold() - 0.999) < 1e-11, "no jump either side of the period");
        assertEquals(0.999, rule.at(-1).threshold(), "a negative interval (not known): per reading");
        assertEquals(0.999, rule.at(0).threshold(), "no interval known (every reading at one time): per reading");
        assertEquals(0.999, new DecisionRule(0.999).at(2_000_000L).threshold(), "a period of 0: per reading");
        assertThrows(IllegalArgumentException.class, () -> new DecisionRule(0.999, -1));
        double tiny = new DecisionRule(0.99999999999999, 5 * MINUTE).at(1).threshold();
        assertTrue(tiny < 1 && tiny > 0.99999999999999, "a difference too small for a double stays below 1: " + tiny);
    }

    /** Given readings every 2 s with a gap of a day (the board unplugged) and one late reading, then their interval is 2 s. */
    @Test
    void theReadingIntervalIsTheMedianGap() {
        long[] t = new long[101];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 2_000_000L + (i > 50 ? 86_400_000_000L : 0) + (i == 70 ? 1_500_000L : 0);
        }
        assertEquals(2_000_000L, Memory.medianIntervalMicros(t));
        assertEquals(0, Memory.medianIntervalMicros(new long[] {5}));
        long[] coarse = new long[101]; // read twice a second, times in whole seconds
        for (int i = 0; i < coarse.length; i++) {
            coarse[i] = i / 2 * 1_000_000L;
        }
        assertEquals(500_000L, Memory.medianIntervalMicros(coarse), "times coarser than the readings: the mean gap");
        assertEquals(0, Memory.medianIntervalMicros(new long[] {7, 7, 7}), "one time for every reading: none known");
    }
}
