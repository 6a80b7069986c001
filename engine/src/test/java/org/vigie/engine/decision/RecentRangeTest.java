package org.vigie.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecentRangeTest {

    private static final long DAY = 86_400_000_000L;

    /**
     * Given a sensor read every {@code intervalMillis}, then a value is beyond the range of the values before it (those of
     * the last SPAN_MICROS before it, or the last SPAN, whichever are more, at most MAX_SPAN) widened by the margin, as a
     * look at every one of them says: at 2 s (SPAN_MICROS is 5,000 readings: the last SPAN), 0.25 s (SPAN_MICROS: 40,000),
     * 0.1 s (MAX_SPAN, 10,000 s) and 0.05 s (MAX_SPAN, 5,000 s).
     */
    @ParameterizedTest
    @ValueSource(longs = {2_000, 250, 100, 50})
    void aValueIsBeyondTheRangeOfItsSpanWidenedByTheMargin(long intervalMillis) {
        long interval = intervalMillis * 1_000;
        int span = (int) Math.min(RecentRange.MAX_SPAN, Math.max(RecentRange.SPAN, RecentRange.SPAN_MICROS / interval));
        Random r = new Random(3);
        double[] v = new double[span * 5 / 2];
        for (int i = 0; i < v.length; i++) {
            // A ramp (the queues' worst case), then a drifting walk and noise: the range moves and forgets.
            v[i] = i < span ? i * 0.01 : (i % 7_000) * 0.003 + r.nextGaussian();
        }
        RecentRange range = new RecentRange(new RecentRange.Options(0.2));
        int checked = 0;
        for (int i = 0; i < v.length; i++) {
            long micros = 1_700_000_000_000_000L + i * interval;
            range.settle(v[i]);
            if (i < RecentRange.MIN_VALUES) {
                assertFalse(range.beyond(1e9, micros, 0), "a range of fewer than " + RecentRange.MIN_VALUES + " values says nothing");
            } else if (i % 97 == 0 || i % span < 3 || i % span > span - 3) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int j = Math.max(0, i - span); j < i; j++) {
                    lo = Math.min(lo, v[j]);
                    hi = Math.max(hi, v[j]);
                }
                double w = 0.2 * (hi - lo);
                for (double probe : new double[] {v[i], lo - w - 1e-9, lo - w + 1e-9, hi + w + 1e-9, hi + w - 1e-9}) {
                    assertEquals(probe < lo - w || probe > hi + w, range.beyond(probe, micros, 0), "value " + i + ", probe " + probe);
                }
                checked++;
            }
            range.add(v[i], micros, Double.POSITIVE_INFINITY); // no value a lone spike: every one enters
        }
        assertTrue(checked > v.length / 100);
    }

    /**
     * Given a sensor read every 10 s whose clock steps back {@code daysBack} days after its first reading, then that
     * reading (its time now after the others') stays in the range past the last SPAN values, until its time is more than
     * SPAN_MICROS before the value judged, and never past MAX_SPAN values.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 100})
    void aClockThatStepsBackKeepsAValueLongerButNeverPastTheLongestSpan(int daysBack) {
        RecentRange range = new RecentRange(RecentRange.Options.defaults());
        long interval = 10_000_000L;
        long micros = 1_700_000_000_000_000L;
        int forgotten = -1;
        for (int i = 0; i <= RecentRange.MAX_SPAN + 10; i++) {
            double v = i == 0 ? 100 : 20 + (i % 2);
            micros += i == 0 ? 0 : i == 1 ? -daysBack * DAY : interval;
            range.settle(v);
            if (i > RecentRange.MIN_VALUES && forgotten < 0 && range.beyond(90, micros, 1)) {
                forgotten = i; // 100 has left the range: 90 lies beyond 20 to 21 widened by 2 steps
            }
            range.add(v, micros, 1);
        }
        int expected = Math.min(RecentRange.MAX_SPAN + 1, (int) ((RecentRange.SPAN_MICROS + daysBack * DAY) / interval) + 2);
        assertTrue(expected > RecentRange.SPAN + 1, "kept past the last SPAN values");
        assertEquals(expected, forgotten);
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
            long micros = i * 1_000_000L;
            boolean b = plain.beyond(v, micros, 0.1);
            assertEquals(b, shifted.beyond(v + 1_000, micros, 0.1), "value " + i);
            assertEquals(b, scaled.beyond(v * 1_000, micros, 100), "value " + i);
            beyond += b ? 1 : 0;
            plain.add(v, micros, 4);
            shifted.add(v + 1_000, micros, 4);
            scaled.add(v * 1_000, micros, 4_000);
        }
        assertTrue(beyond > 0, "the +8 glitches lie beyond a range of noise");
    }

    /** Given a sensor that read 45 and 46 only, then a step past them is its resolution, not a fault; two steps past, beyond. */
    @Test
    void aQuantisedSensorMustLieMoreThanTwoStepsBeyond() {
        RecentRange range = new RecentRange(RecentRange.Options.defaults());
        for (int i = 0; i < 2_000; i++) {
            range.settle(45 + i % 2);
            range.add(45 + i % 2, i * 1_000_000L, 1);
        }
        long next = 2_000 * 1_000_000L;
        assertFalse(range.beyond(47, next, 1));
        assertFalse(range.beyond(48, next, 1));
        assertTrue(range.beyond(48.5, next, 1));
        assertTrue(range.beyond(47, next, 0), "without a known resolution, a fifth of the range");
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
            boolean b = range.beyond(v, i * 1_000_000L, 0.01);
            if (v == -127) {
                assertTrue(b, "error value at " + i);
                errors++;
            } else if (i < 11_000) {
                assertFalse(b, "noise at " + i);
            } else {
                step += b ? 1 : 0;
            }
            range.add(v, i * 1_000_000L, 0.5); // about the width of 20 readings of this noise
        }
        assertEquals(12, errors);
        assertEquals(1, step, "the step is beyond once");
    }
}
