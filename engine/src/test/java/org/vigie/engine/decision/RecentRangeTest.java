package org.vigie.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentRangeTest {

    @Test
    void aValueIsBeyondTheRangeOfTheLastSpanValuesWidenedByTheMargin() {
        Random r = new Random(3);
        double[] v = new double[3 * RecentRange.SPAN];
        for (int i = 0; i < v.length; i++) {
            // A drifting walk, a ramp (the queues' worst case) and noise: the range moves and forgets.
            v[i] = i < RecentRange.SPAN ? i * 0.01 : (i % 7_000) * 0.003 + r.nextGaussian();
        }
        RecentRange range = new RecentRange(new RecentRange.Options(0.2));
        for (int i = 0; i < v.length; i++) {
            range.settle(v[i]);
            if (i >= RecentRange.MIN_VALUES) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int j = Math.max(0, i - RecentRange.SPAN); j < i; j++) {
                    lo = Math.min(lo, v[j]);
                    hi = Math.max(hi, v[j]);
                }
                double w = 0.2 * (hi - lo);
                for (double probe : new double[] {v[i], lo - w - 1e-9, lo - w + 1e-9, hi + w + 1e-9, hi + w - 1e-9}) {
                    assertEquals(probe < lo - w || probe > hi + w, range.beyond(probe, 0), "value " + i + ", probe " + probe);
                }
            } else {
                assertFalse(range.beyond(1e9, 0), "a range of fewer than " + RecentRange.MIN_VALUES + " values says nothing");
            }
            range.add(v[i], Double.POSITIVE_INFINITY); // no value a lone spike: every one enters
        }
    }

    @Test
    void anOffsetOrAScaleOfTheSeriesChangesNothing() {
        Random r = new Random(5);
        RecentRange plain = new RecentRange(RecentRange.Options.defaults());
        RecentRange shifted = new RecentRange(RecentRange.Options.defaults());
        RecentRange scaled = new RecentRange(RecentRange.Options.defaults());
        int beyond = 0;
        for (int i = 0; i < 20_000; i++) {
            double v = Math.round((20 + r.nextGaussian() + (i % 3_000 == 2_999 ? 8 : 0)) * 10) / 10.0;
            plain.settle(v);
            shifted.settle(v + 1_000);
            scaled.settle(v * 1_000);
            boolean b = plain.beyond(v, 0.1);
            assertEquals(b, shifted.beyond(v + 1_000, 0.1), "value " + i);
            assertEquals(b, scaled.beyond(v * 1_000, 100), "value " + i);
            beyond += b ? 1 : 0;
            plain.add(v, 4);
            shifted.add(v + 1_000, 4);
            scaled.add(v * 1_000, 4_000);
        }
        assertTrue(beyond > 0, "the +8 glitches lie beyond a range of noise");
    }

    /** Given a sensor that read 45 and 46 only, then a step past them is its resolution, not a fault; two steps past, beyond. */
    @Test
    void aQuantisedSensorMustLieMoreThanTwoStepsBeyond() {
        RecentRange range = new RecentRange(RecentRange.Options.defaults());
        for (int i = 0; i < 2_000; i++) {
            range.settle(45 + i % 2);
            range.add(45 + i % 2, 1);
        }
        assertFalse(range.beyond(47, 1));
        assertFalse(range.beyond(48, 1));
        assertTrue(range.beyond(48.5, 1));
        assertTrue(range.beyond(47, 0), "without a known resolution, a fifth of the range");
    }

    @Test
    void aNegativeMarginIsOff() {
        assertFalse(RecentRange.Options.off().on());
        assertTrue(new RecentRange.Options(0).on());
    }

    /**
     * Given a temperature near 20 whose chip sends -127 on a failed read every 1,000 readings, then every -127 lies beyond
     * the range (a lone spike does not widen it); given then a lasting step to 30, its first value is beyond and the
     * next ones are not (a value the next one stays near enters the range).
     */
    @Test
    void aRecurringErrorValueIsBeyondEveryTimeALastingStepOnce() {
        RecentRange range = new RecentRange(RecentRange.Options.defaults());
        Random r = new Random(7);
        int errors = 0;
        int step = 0;
        for (int i = 0; i < 12_000; i++) {
            double v = i % 1_000 == 999 ? -127 : i >= 11_000 ? 30 + 0.1 * r.nextGaussian() : 20 + 0.1 * r.nextGaussian();
            range.settle(v);
            boolean b = range.beyond(v, 0.01);
            if (v == -127) {
                assertTrue(b, "error value at " + i);
                errors++;
            } else if (i < 11_000) {
                assertFalse(b, "noise at " + i);
            } else {
                step += b ? 1 : 0;
            }
            range.add(v, 0.5); // about the width of 20 readings of this noise
        }
        assertEquals(12, errors);
        assertEquals(1, step, "the step is beyond once");
    }
}
