package org.vigie.engine.decision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
     * look at them says (a sample of the values judged, and those at the span's edges): at 2 s (SPAN_MICROS is 5,000
     * readings: the last SPAN), 0.25 s (SPAN_MICROS: 40,000), 0.1 s (MAX_SPAN, 5,000 s) and 0.05 s (MAX_SPAN, 2,500 s).
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
     * Given a sensor read every 0.1 s whose clock now and then steps back or leaps forward a day, when a range is rebuilt
     * from only the last REACH values before a position, then from that position on it holds the same lowest and highest
     * values as the range that took every value: what a range holds depends on the values it spans alone, whatever the
     * clock does.
     */
    @Test
    void aRangeRebuiltFromItsReachAnswersAsAnUninterruptedOneWhateverTheClockDoes() {
        Random r = new Random(11);
        int n = 3 * RecentRange.MAX_SPAN;
        double[] v = new double[n];
        long[] t = new long[n];
        double level = 20;
        long micros = 1_700_000_000_000_000L;
        for (int i = 0; i < n; i++) {
            level += r.nextInt(2_000) == 0 ? 6 * r.nextGaussian() : 0.01 * r.nextGaussian(); // a walk, with jumps
            v[i] = level + 0.1 * r.nextGaussian();
            // Every 1,000 readings the clock steps back a day for a while or leaps forward a day, and comes back.
            micros += 100_000;
            int phase = i % 1_000;
            int away = 50 + (i / 1_000) % 400;
            t[i] = phase < away ? micros + ((i / 1_000) % 2 == 0 ? -DAY : DAY) : micros;
        }
        double[][] uninterrupted = bounds(v, t, 0);
        for (int restart : new int[] {RecentRange.REACH + 7_000, 2 * RecentRange.MAX_SPAN + 123, n - 3_000}) {
            double[][] rebuilt = bounds(v, t, restart - RecentRange.REACH);
            for (int i = restart; i < n; i++) {
                assertArrayEquals(uninterrupted[i], rebuilt[i], "restart at " + restart + ", value " + i);
            }
        }
    }

    /**
     * Given a sensor read every 0.25 s (SPAN_MICROS is 40,000 readings) that reads 25 for three readings, the last stamped
     * a day ahead, then 24 for three readings 28,000 readings later, then one reading stamped a day ahead 11,000 after
     * that, when a range is rebuilt from the REACH values before a position past all of them (the 25s left out), then it
     * holds the same lowest and highest values as the range that took every value. Had the range read the clock as it
     * comes, the 25s would have held the 24s in it past the reading a day ahead, which forgot them in the rebuilt range.
     */
    @Test
    void aReadingADayAheadForgetsTheSameValuesInARebuiltRange() {
        int n = 64_000;
        double[] v = new double[n];
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i >= 10_000 && i < 10_003 ? 25 : i >= 38_000 && i < 38_003 ? 24 : 20 + i % 2;
            t[i] = 1_700_000_000_000_000L + i * 250_000L + (i == 10_002 || i == 49_000 ? DAY : 0);
        }
        double[][] uninterrupted = bounds(v, t, 0);
        int restart = 61_000;
        double[][] rebuilt = bounds(v, t, restart - RecentRange.REACH);
        for (int i = restart; i < n; i++) {
            assertArrayEquals(uninterrupted[i], rebuilt[i], "value " + i);
        }
    }

    /** The range's lowest and highest values as each value from {@code from} on is judged, fed the values from there. */
    private static double[][] bounds(double[] v, long[] t, int from) {
        RecentRange range = new RecentRange(RecentRange.Options.defaults());
        double[][] bounds = new double[v.length][];
        for (int i = from; i < v.length; i++) {
            range.settle(v[i]);
            range.beyond(v[i], t[i], 0.1);
            bounds[i] = range.bounds();
            range.add(v[i], t[i], 2); // 20 and 21 in turn are no lone spikes
        }
        return bounds;
    }

    /**
     * Given a sensor read every 0.1 s whose clock steps back {@code daysBack} days, then its range still reaches back
     * SPAN_MICROS of the sensor time elapsed (the step back adds none): a level read 3,000 s before is within it; and a
     * clock that leaps forward a day forgets down to the last SPAN values.
     */
    @ParameterizedTest
    @ValueSource(ints = {-1, 1})
    void theRangeSpansTheSensorTimeElapsedWhateverItsClockDoes(int days) {
        RecentRange range = new RecentRange(RecentRange.Options.defaults());
        long micros = 1_700_000_000_000_000L;
        int high = 30_000; // 3,000 s before the probe, more than SPAN values back
        int leap = 40_000;
        int probe = high + 30_000;
        for (int i = 0; i < probe; i++) {
            double v = i >= high && i < high + 5 ? 30 : 20 + (i % 2); // a level that lasts: it enters the range
            micros += i == leap ? days * DAY : 100_000;
            range.settle(v);
            range.add(v, micros, 1);
        }
        range.settle(20);
        assertEquals(days > 0, range.beyond(29, micros + 100_000, 1), "29, after a level of 30 at 3,000 s back, the clock "
                + (days > 0 ? "leaping forward" : "stepping back") + " a day between them");
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
