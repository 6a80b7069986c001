package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.common.State;

class LiveSourceTest {

    /** Two partitions' values arriving interleaved across polls: the columns stay in time order, so views slice them right. */
    @Test
    void columnsFedOutOfOrderStayInTimeOrder() {
        LiveSource.Fed c = new LiveSource.Fed("t", null);
        java.util.Random r = new java.util.Random(3);
        List<Long> all = new ArrayList<>();
        for (int poll = 0; poll < 50; poll++) {
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                long t = poll * 1000L + r.nextInt(3000); // late values of another partition reach back into earlier polls
                rows.add(new double[] {t, t / 10.0, Float.NaN});
                all.add(t);
            }
            rows.sort((a, b) -> Double.compare(a[0], b[0]));
            c.addAll(rows, State.REFERENCE);
        }
        assertEquals(all.size(), c.size());
        all.sort(null);
        for (int i = 0; i < c.size(); i++) {
            assertEquals((long) all.get(i), c.times()[i], "time order at " + i);
            assertEquals(c.times()[i] / 10.0, c.values()[i], "each value with its time");
        }
        assertTrue(c.find(all.get(1234)) >= 0);
    }

    @Test
    void aProblemAndItsEndAreNews() {
        LiveSource.Fed c = new LiveSource.Fed("t", null);
        assertEquals(false, c.grow());
        c.problem = "broker away";
        assertEquals(true, c.grow(), "the problem is told");
        assertEquals(false, c.grow());
        c.problem = null;
        assertEquals(true, c.grow(), "and its end");
    }
}
