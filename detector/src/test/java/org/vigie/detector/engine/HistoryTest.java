package org.vigie.detector.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void keepsTheNewestValuesOldestFirst() {
        History h = new History(5);
        for (int i = 1; i <= 7; i++) {
            h.add(i, false);
        }
        assertEquals(5, h.size());
        double[] last3 = new double[3];
        h.newest(last3);
        assertArrayEquals(new double[] {5, 6, 7}, last3);
        assertTrue(h.holdsNear(3.4, 0.5, 1), "3 is held");
        assertFalse(h.holdsNear(2.4, 0.5, 1), "1 and 2 are forgotten");
        assertTrue(h.holdsNear(5.5, 0.5, 2), "5 and 6");
        assertFalse(h.holdsNear(3.4, 0.5, 2), "only 3");
    }

    @Test
    void spreadIsTheStandardDeviationFromTheFirstValuesOn() {
        Random r = new Random(3);
        History h = new History(2000);
        for (int i = 0; i < 200; i++) { // a tenth of the capacity: the bias correction matters
            h.add(1000 + 4 * r.nextGaussian(), false);
        }
        assertEquals(4, h.spread(), 0.6);
        History constant = new History(100);
        for (int i = 0; i < 50; i++) {
            constant.add(21.5, false);
        }
        assertEquals(0, constant.spread());
    }

    @Test
    void anAnomalyIsHeldButLeavesTheSpreadAlone() {
        History h = new History(100);
        for (int i = 0; i < 50; i++) {
            h.add(i % 2, false);
        }
        double before = h.spread();
        h.add(99999, true);
        assertEquals(before, h.spread());
        assertTrue(h.holdsNear(99999, 0.5, 1));
    }
}
