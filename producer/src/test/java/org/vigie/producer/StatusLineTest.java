package org.vigie.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    @Test
    void theTimeKeepsItsSecondsWhenTheyAreZero() {
        assertEquals("14:05:00", StatusLine.stamp(LocalTime.of(14, 5, 0)));
        assertEquals("09:00:07", StatusLine.stamp(LocalTime.of(9, 0, 7, 999_000_000)));
    }
}
