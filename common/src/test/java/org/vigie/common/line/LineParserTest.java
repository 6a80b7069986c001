package org.vigie.common.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LineParserTest {

    private final LineParser parser = new LineParser();

    private ParsedLine parse(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "humidite!45.2\r          | humidite      | 45.2    | 45.2",
        "humidite!45.2            | humidite      | 45.2    | 45.2",
        "temp!-3                  | temp          | -3      | -3",
        "temp!+7.                 | temp          | +7.     | 7",
        "temp!.5                  | temp          | .5      | 0.5",
        "count!1.5e3              | count         | 1.5e3   | 1500",
        "count!2E-2               | count         | 2E-2    | 0.02",
        "'salle.1_x-y! 21.5 '     | salle.1_x-y   | 21.5    | 21.5",
        "'..x!0'                  | ..x           | 0       | 0",
    })
    void acceptsValidLines(String line, String topic, String text, double value) {
        ParsedLine.Reading r = assertInstanceOf(ParsedLine.Reading.class, parse(line));
        assertEquals(topic, r.topic());
        assertEquals(text, r.text());
        assertEquals(value, r.value());
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "humidite45.2             | NO_SEPARATOR",
        "''                       | NO_SEPARATOR",
        "'\r'                     | NO_SEPARATOR",
        "!45.2                    | BAD_TOPIC",
        "hum idite!45.2           | BAD_TOPIC",
        "humidité!45.2            | BAD_TOPIC",
        "hum/idite!45.2           | BAD_TOPIC",
        ".!1                      | BAD_TOPIC",
        "..!1                     | BAD_TOPIC",
        "'a\rb!1'                 | BAD_TOPIC",
        "'a!b!12'                 | BAD_TOPIC",    // split at the last '!': topic 'a!b' is not legal
        "humidite!                | BAD_VALUE",
        "humidite!nan             | BAD_VALUE",
        "humidite!NaN             | BAD_VALUE",
        "humidite!Infinity        | BAD_VALUE",
        "humidite!1e999           | BAD_VALUE",
        "humidite!-1e999          | BAD_VALUE",
        "'humidite!12,5'          | BAD_VALUE",
        "humidite!0x1F            | BAD_VALUE",
        "humidite!12.5f           | BAD_VALUE",
        "humidite!1e              | BAD_VALUE",
        "humidite!.               | BAD_VALUE",
        "humidite!--1             | BAD_VALUE",
    })
    void rejectsBadLinesWithTheirReason(String line, RejectReason reason) {
        ParsedLine.Rejected r = assertInstanceOf(ParsedLine.Rejected.class, parse(line));
        assertEquals(reason, r.reason(), r.detail());
    }

    @Test
    void topicLengthLimitIsKafkas() {
        assertInstanceOf(ParsedLine.Reading.class, parse("t".repeat(249) + "!1"));
        ParsedLine.Rejected r = assertInstanceOf(ParsedLine.Rejected.class, parse("t".repeat(250) + "!1"));
        assertEquals(RejectReason.BAD_TOPIC, r.reason());
        assertEquals(RejectReason.BAD_TOPIC, ((ParsedLine.Rejected) parse("t".repeat(300) + "!1")).reason());
    }

    @Test
    void invalidUtf8IsRejectedAsSuch() {
        byte[] line = {'t', '!', (byte) 0xC3, (byte) 0x28, '1'};
        ParsedLine.Rejected r = assertInstanceOf(ParsedLine.Rejected.class, parser.parse(line, 0, line.length));
        assertEquals(RejectReason.NOT_UTF8, r.reason());
        byte[] lone = {'t', '!', '1', (byte) 0xFF};
        assertEquals(RejectReason.NOT_UTF8, ((ParsedLine.Rejected) parser.parse(lone, 0, lone.length)).reason());
        // and the decoder is fine for the next line
        assertInstanceOf(ParsedLine.Reading.class, parse("t!1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {";", "::", "=>", "!"})
    void separatorIsConfigurable(String sep) {
        ParsedLine.Reading r = assertInstanceOf(ParsedLine.Reading.class, new LineParser(sep).parse("salle-1" + sep + "3.5"));
        assertEquals("salle-1", r.topic());
        assertEquals(3.5, r.value());
    }

    @Test
    void splitsAtTheLastSeparator() {
        ParsedLine.Reading r = assertInstanceOf(ParsedLine.Reading.class, new LineParser("_").parse("salle_1_21.5"));
        assertEquals("salle_1", r.topic());
        assertEquals(21.5, r.value());
    }

    @Test
    void separatorMustBeUsable() {
        assertThrows(IllegalArgumentException.class, () -> new LineParser(""));
        assertThrows(IllegalArgumentException.class, () -> new LineParser("\n"));
    }

    @Test
    void rejectionDetailIsPrintableAndShort() {
        ParsedLine.Rejected r = (ParsedLine.Rejected) parse("t!" + "\u0001".repeat(500));
        assertEquals(RejectReason.BAD_VALUE, r.reason());
        assertEquals(true, r.detail().length() < 300 && !r.detail().contains("\u0001"), r.detail());
    }
}
