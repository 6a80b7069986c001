package org.vigie.plotter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.common.State;

class RecordColumnsTest {

    /** Records appended one by one past the first capacity, then a later batch: each keeps its own columns. */
    @Test
    void appendedAndMergedRecordsKeepTheirValuesStatesAndScores() {
        RecordColumns c = new RecordColumns();
        for (int i = 0; i < 3000; i++) {
            c.append(i, i / 2.0, i % 7 == 0 ? State.ANOMALY : State.NORMAL, i / 3000f);
        }
        List<double[]> later = new ArrayList<>();
        for (int i = 3000; i < 5000; i++) {
            later.add(new double[] {i, i / 2.0, Float.NaN});
        }
        c.merge(later, State.INITIALISING);
        assertEquals(5000, c.size());
        for (int i = 0; i < 5000; i++) {
            assertEquals(i, c.times()[i], "time at " + i);
            assertEquals(i / 2.0, c.values()[i], "value at " + i);
            State expected = i >= 3000 ? State.INITIALISING : i % 7 == 0 ? State.ANOMALY : State.NORMAL;
            assertEquals(expected, c.states()[i], "state at " + i);
            assertEquals(i >= 3000 ? Float.NaN : i / 3000f, c.scores()[i], "score at " + i);
        }
    }
}
