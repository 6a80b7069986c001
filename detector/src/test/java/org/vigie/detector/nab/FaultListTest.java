package org.vigie.detector.nab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault score counts as shared/sensors/score.py does. */
class FaultListTest {

    @Test
    void aFaultIsFoundInItsWindowAndFlagsOutsideEveryFaultAreFalseAlarms() {
        FaultList faults = new FaultList(List.of(
                new FaultList.Fault("s/a.csv", "spike", 100, 1),
                new FaultList.Fault("s/a.csv", "stuck", 400, 300),
                new FaultList.Fault("s/a.csv", "shift", 900, 100),
                new FaultList.Fault("s/b.csv", "spike", 50, 1)));
        boolean[] a = new boolean[1200];
        a[98] = true; // two rows before the spike: found
        a[460] = true; // the stuck found too late (its window ends at 450), but inside its extent: not a false alarm
        a[760] = true; // past the stuck's extent and the 50 rows after it (400 + 300 + 50): a false alarm
        a[1099] = true; // a shift's first 200 rows are its own
        a[1100] = true; // and the row after them is not
        boolean[] b = new boolean[200];
        b[101] = true; // one past the spike's window: missed, and a false alarm

        FaultList.Score s = faults.score(List.of("s/a.csv", "s/b.csv"), List.of(a, b), new long[] {1000, 150});

        assertArrayEquals(new int[] {1, 2}, s.byKind().get("spike"));
        assertArrayEquals(new int[] {0, 1}, s.byKind().get("stuck"));
        assertArrayEquals(new int[] {0, 1}, s.byKind().get("shift"));
        assertEquals(3, s.falseAlarms());
        assertEquals(1150, s.judged());
        assertEquals(10_000.0 * 3 / 1150, s.perTenThousand(), 1e-9);
    }
}
