package org.vigie.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "5s, 5000", "2m, 120000", "1h, 3600000", "1.5s, 1500", "1d, 86400000", "PT5S, 5000", "pt0.25s, 250", " 5 s , 5000", "0, 0"})
    void peoplesAndIsoDurationsAreRead(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationConverter.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "five seconds", "5x", "-5s", ""})
    void anythingElseIsRefusedWithWhatIsAccepted(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse(text));
        assertTrue(e.getMessage().contains("250ms, 5s, 2m, 1h or PT5S"), e.getMessage());
    }
}
