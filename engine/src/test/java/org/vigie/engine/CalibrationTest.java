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
}
