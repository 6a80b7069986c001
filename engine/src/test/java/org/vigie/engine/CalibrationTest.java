package org.vigie.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigie.engine.calibration.Calibration;

/** The calibration stage: the ring's rank, capped past the ring's normal scores by the sensor's day. */
class CalibrationTest {

    private static final long T0 = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000L;

    /**
     * A sensor read every second for 20,000 s: raw scores of exponential noise, twice as wide in the first 10,000 (a
     * noisier spell earlier in the day) as in the last hours, which the ring of 1,000 holds.
     */
    private static Calibration fed(boolean dailyMaxima) {
        Calibration c = new Calibration(new Calibration.Options(1_000, dailyMaxima));
        SplittableRandom r = new SplittableRandom(4);
        for (long p = 0; p < 20_000; p++) {
            c.add(p, T0 + p * SECOND, (p < 10_000 ? 2 : 1) * -Math.log(1 - r.nextDouble()), false);
        }
        return c;
    }

    @Test
    void withinTheRingsNormalScoresTheDayChangesNothing() {
        Calibration ring = fed(false);
        Calibration day = fed(true);
        long now = T0 + 20_000 * SECOND;
        for (double raw = 0; raw < 4; raw += 0.25) {
            assertEquals(ring.score(raw, now), day.score(raw, now), "raw " + raw);
        }
    }

    /**
     * Past the ring's normal scores, a raw score that the day's noisier spell reached is no rarer than the day says:
     * about one in a few thousand values, where the ring's tail, read from the calm last 17 minutes, called it one in
     * a hundred thousand or rarer. (Measured here: at 13, 1.3e-5 by the ring, 4.7e-4 with the day.)
     */
    @Test
    void pastTheRingTheDaySaysHowRareAScoreIs() {
        Calibration ring = fed(false);
        Calibration day = fed(true);
        long now = T0 + 20_000 * SECOND;
        for (double raw = 13; raw <= 16; raw += 0.5) {
            assertTrue(ring.score(raw, now) > 1 - 1e-4, "the ring alone, raw " + raw + ": " + ring.score(raw, now));
            assertTrue(day.score(raw, now) < 1 - 1e-4, "with the day, raw " + raw + ": " + day.score(raw, now));
        }
    }

    /**
     * Given raw scores of exponential noise, when a run of five values each scores at the ring's 97.5th percentile (one
     * in 40 alone), then the last of them is rare by its mean (above 0.995: the mean of five such is about one in 17,000)
     * where it is not by its own rank (below 0.98); a lone raw score past the ring scores by its own rank, at half the
     * chance.
     */
    @Test
    void theMeanOfAFewRawScoresGathersEvidenceNoOneOfThemHas() {
        Calibration plain = new Calibration(new Calibration.Options(1_000, false));
        Calibration averaged = new Calibration(new Calibration.Options(1_000, false, 5, false));
        SplittableRandom r = new SplittableRandom(8);
        long p = 0;
        for (; p < 5_000; p++) {
            double raw = -Math.log(1 - r.nextDouble());
            plain.add(p, T0 + p * SECOND, raw, false);
            averaged.add(p, T0 + p * SECOND, raw, false);
        }
        double high = Math.log(40); // the 97.5th percentile of exponential noise
        for (int i = 0; i < 4; i++, p++) {
            averaged.add(p, T0 + p * SECOND, high, false);
        }
        assertTrue(plain.score(high, T0 + p * SECOND) < 0.98, "alone: " + plain.score(high, T0 + p * SECOND));
        assertTrue(averaged.score(high, T0 + p * SECOND) > 0.995, "with the four before it: " + averaged.score(high, T0 + p * SECOND));
        Calibration fresh = new Calibration(new Calibration.Options(1_000, false, 5, false));
        Calibration alone = new Calibration(new Calibration.Options(1_000, false));
        SplittableRandom q = new SplittableRandom(8);
        for (long i = 0; i < 5_000; i++) {
            double raw = -Math.log(1 - q.nextDouble());
            fresh.add(i, T0 + i * SECOND, raw, false);
            alone.add(i, T0 + i * SECOND, raw, false);
        }
        double spike = 12;
        assertEquals(1 - 2 * (1 - alone.score(spike, T0)), fresh.score(spike, T0), 1e-12,
                "a spike after ordinary values: its own rank, at half the chance");
    }

    /**
     * Given raw scores of exponential noise, then the share of values whose score passes 0.99 is about 1 % with the
     * mean ranked beside the raw score, as without it: each rank is read at half the chance, so two looks at a value
     * raise no more false alarms than one (without that correction, 1.9 %).
     */
    @Test
    void twoLooksAtAValueRaiseNoMoreFalseAlarmsThanOne() {
        Calibration averaged = new Calibration(new Calibration.Options(1_000, false, 5, false));
        SplittableRandom r = new SplittableRandom(9);
        int passed = 0;
        int judged = 0;
        for (long p = 0; p < 60_000; p++) {
            double raw = -Math.log(1 - r.nextDouble());
            if (p >= 1_000) {
                judged++;
                passed += averaged.score(raw, T0 + p * SECOND) > 0.99 ? 1 : 0;
            }
            averaged.add(p, T0 + p * SECOND, raw, false);
        }
        double share = (double) passed / judged;
        assertTrue(share < 0.012 && share > 0.008, "share past 0.99: " + share);
    }

    /**
     * Given raw scores with a gap (skipped) and a value beyond the recent range among them, then each score is exactly
     * the larger of two plain calibrations' ranks at half the chance, one fed the raw scores and one the means of the
     * last five taken since the mean began (at the start, after the gap, after the value beyond the range), oldest first.
     */
    @Test
    void theMeanIsOfTheRawScoresTakenSinceTheLastGapOrValueBeyondTheRange() {
        Calibration averaged = new Calibration(new Calibration.Options(1_000, true, 5, false));
        Calibration raws = new Calibration(new Calibration.Options(1_000, true));
        Calibration means = new Calibration(new Calibration.Options(1_000, true));
        java.util.ArrayDeque<Double> last = new java.util.ArrayDeque<>();
        SplittableRandom r = new SplittableRandom(3);
        int ranked = 0;
        for (long p = 0; p < 30_000; p++) {
            long t = T0 + p * SECOND;
            if (p % 5_000 == 700) { // a gap's value: its place only
                averaged.skip(p, t);
                raws.skip(p, t);
                means.skip(p, t);
                last.clear();
                continue;
            }
            double raw = -Math.log(1 - r.nextDouble());
            boolean beyond = p % 5_000 == 3_000;
            double expected;
            if (last.size() == 4 && !beyond) {
                double m = 0;
                for (double b : last) {
                    m += b / 5;
                }
                m += raw / 5;
                expected = Math.max(0, 1 - 2 * (1 - Math.max(raws.score(raw, t), means.score(m, t))));
                means.add(p, t, m, false);
                ranked++;
            } else {
                expected = Math.max(0, 1 - 2 * (1 - raws.score(raw, t)));
                means.skip(p, t);
            }
            if (!beyond) {
                assertEquals(expected, averaged.score(raw, t), "position " + p);
            }
            raws.add(p, t, raw, beyond);
            averaged.add(p, t, raw, beyond);
            if (beyond) {
                last.clear();
            } else {
                last.addLast(raw);
                if (last.size() > 4) {
                    last.removeFirst();
                }
            }
        }
        assertTrue(ranked > 29_000, "means ranked: " + ranked);
    }

    /**
     * Given a calibration rebuilt from the last reach() + size positions, a gap among its first, then it scores the last
     * thousand values exactly as one that never stopped, and a raw score far past its ring too (its tail read, with a
     * shape where asked: a Pareto law's scores, whose tail is heavy).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aRebuiltCalibrationScoresAsAnUninterruptedOne(boolean shapedTail) {
        Calibration.Options options = new Calibration.Options(1_000, false, 5, shapedTail); // no day's maxima, whose reach would hide a short one
        int n = 120_000;
        double[] raw = new double[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int p = 0; p < n; p++) {
            double u = 1 - r.nextDouble();
            raw[p] = (shapedTail ? (Math.pow(u, -0.4) - 1) / 0.4 : -Math.log(u)) * (p < 60_000 ? 2 : 1);
        }
        int from = (int) (n - 1_000 - options.reach() - options.size());
        java.util.function.IntPredicate gap = p -> p >= from + 2 && p < from + 22; // a gap right at the rebuild's start
        Calibration whole = new Calibration(options);
        Calibration rebuilt = new Calibration(options);
        for (int p = 0; p < n; p++) {
            long t = T0 + p * SECOND;
            if (p >= n - 1_000) {
                assertEquals(whole.score(raw[p], t), rebuilt.score(raw[p], t), "position " + p);
                assertEquals(whole.score(50 * raw[p], t), rebuilt.score(50 * raw[p], t), "far past the ring, position " + p);
            }
            if (gap.test(p)) {
                whole.skip(p, t);
                if (p >= from) {
                    rebuilt.skip(p, t);
                }
            } else {
                whole.add(p, t, raw[p], false);
                if (p >= from) {
                    rebuilt.add(p, t, raw[p], false);
                }
            }
        }
    }
}
