package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecimationTest {

    /** Two producer sessions 6 s apart at 50 values/s: the line breaks at the gap only (a newcomer saw a straight line across it). */
    @Test
    void aGapInTheDataBreaksTheLineAndNothingElseDoes() {
        long[] times = new long[2000];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * 20_000L + (i >= 1000 ? 6_000_000L : 0);
        }
        long step = Decimation.usualStep(times);
        assertEquals(20_000L, step);
        int breaks = 0;
        for (int i = 0; i + 1 < times.length; i++) {
            breaks += Decimation.breaksBetween(times, i, i + 1, step) ? 1 : 0;
        }
        assertEquals(1, breaks);
        assertTrue(Decimation.breaksBetween(times, 999, 1000, step));
        assertFalse(Decimation.breaksBetween(times, 998, 1000, step), "points of one pixel column: no break between them");
        long[] slow = {0, 60_000_000L, 120_000_000L, 185_000_000L};
        assertFalse(Decimation.breaksBetween(slow, 2, 3, Decimation.usualStep(slow)), "a slow sensor's usual step is not a gap");
    }
}
