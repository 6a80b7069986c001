package org.vigie.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 29: a partition's clock, watched in the order its values come. */
class ClockWatchTest {

    private static final long SECOND = 1_000_000L;

    /**
     * Given a reading a second, a board unplugged for two hours at reading 3,000 and a clock stepped back 55 minutes at
     * reading 5,000, then exactly one gap is told, at the reading after the silence, and one step back of 55 minutes;
     * the readings' own jitter (up to a fifth of a second) is neither.
     */
    @Test
    void aTwoHourSilenceIsOneGapAndA55MinuteStepBackIsOneStep() {
        ClockWatch c = new ClockWatch();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        long t = 1_700_000_000L * SECOND;
        List<Long> gapsAt = new ArrayList<>();
        for (long offset = 0; offset < 8_000; offset++) {
            t += SECOND + r.nextLong(-SECOND / 5, SECOND / 5);
            if (offset == 3_000) {
                t += 7_200 * SECOND;
            }
            if (offset == 5_000) {
                t -= 55 * 60 * SECOND;
            }
            if (c.observe(offset, t)) {
                gapsAt.add(offset);
            }
        }
        assertEquals(List.of(3_000L), gapsAt, "one gap, told by the reading after the silence");
        assertEquals(1, c.gaps());
        assertEquals(3_000, c.longestGapAt());
        assertEquals(1, c.stepsBack());
        assertEquals(5_000, c.firstStepBackAt());
        long stepped = c.largestStepBack();
        assertEquals(true, stepped > 54 * 60 * SECOND && stepped < 55 * 60 * SECOND, "about 55 minutes back, less a second: " + stepped);
    }

    /** Given fewer readings than the usual interval needs, a long silence is not yet called a gap: nothing is known to compare it with. */
    @Test
    void noGapIsToldBeforeTheUsualIntervalIsKnown() {
        ClockWatch c = new ClockWatch();
        long t = 0;
        for (long offset = 0; offset < 10; offset++) {
            t += offset == 5 ? 3_600 * SECOND : SECOND;
            c.observe(offset, t);
        }
        assertEquals(0, c.gaps());
    }

    /**
     * Given a partition watched for an hour, then judged by another member of the group for two hours, when it comes
     * back, then the two hours are not a gap, nor is its first reading compared with the last before; the counts are kept.
     */
    @Test
    void theTimeAPartitionSpentWithAnotherMemberIsNoGap() {
        ClockWatch c = new ClockWatch();
        long t = 1_700_000_000L * SECOND;
        for (long offset = 0; offset < 3_600; offset++) {
            t += SECOND;
            c.observe(offset, t);
        }
        c.lookAway();
        t += 7_200 * SECOND;
        for (long offset = 10_800; offset < 12_000; offset++) {
            t += SECOND;
            assertEquals(false, c.observe(offset, t), "offset " + offset);
        }
        assertEquals(0, c.gaps());
        c.lookAway();
        c.observe(20_000, t - 3_600 * SECOND); // back with a clock an hour behind: its own step, not one against the last seen
        assertEquals(0, c.stepsBack());
        assertEquals(true, c.observe(20_001, t + 3_600 * SECOND), "a silence after the return is a gap again");
    }
}
