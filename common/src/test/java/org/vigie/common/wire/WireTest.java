package org.vigie.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigie.common.line.LineParser;
import org.vigie.common.line.ParsedLine;

class WireTest {

    private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> p) {
        return new ConsumerRecord<>(p.topic(), 0, 7, p.timestamp(), TimestampType.CREATE_TIME, 0, p.value().length, p.key(), p.value(),
                new RecordHeaders(p.headers().toArray()), Optional.empty());
    }

    /** Given a reading, when written as a record and read back, then the value and the microsecond event time come back. */
    @Test
    void aReadingRoundTrips() {
        ProducerRecord<byte[], byte[]> p = Wire.record("humidite", null, "45.2".getBytes(StandardCharsets.UTF_8), 1_700_000_000_123_456L);
        assertEquals(1_700_000_000_123L, p.timestamp());
        ConsumerRecord<byte[], byte[]> c = consumed(p);
        assertEquals(45.2, Wire.value(c));
        assertEquals(1_700_000_000_123_456L, Wire.eventMicros(c));
    }

    /** A record from the seed's producer (no header) keeps its timestamp, in microseconds. */
    @Test
    void aRecordWithoutTheHeaderTakesItsTimestamp() {
        ConsumerRecord<byte[], byte[]> c = new ConsumerRecord<>("t", 0, 0, 1_700_000_000_123L, TimestampType.CREATE_TIME, 0, 2, null,
                "12".getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty());
        assertEquals(1_700_000_000_123_000L, Wire.eventMicros(c));
        assertEquals(12.0, Wire.value(c));
    }

    /**
     * Given texts Java would read as numbers but the producer refuses, when the detector reads them, then they
     * are not numbers either: one rule on both sides.
     */
    @ParameterizedTest
    @ValueSource(strings = {"0x1p3", "1d", "2f", "Infinity", "-Infinity", "NaN", "1e999", "1,5", "", " ", ".", "+", "-.", "1e", "1e+", "e5", "1.2.3", "--1", "1 2"})
    void whatTheProducerRefusesTheDetectorDoesNotJudge(String text) {
        assertTrue(new LineParser().parse("t!" + text) instanceof ParsedLine.Rejected, "the producer refuses '" + text + "'");
        assertTrue(Double.isNaN(Wire.number(text)), "the detector does not judge '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"45.2", "-3", "+7", ".5", "5.", "1e-3", "2E+4", " 12 "})
    void plainDecimalsAreNumbersOnBothSides(String text) {
        assertTrue(new LineParser().parse("t!" + text) instanceof ParsedLine.Reading, "the producer sends '" + text + "'");
        assertEquals(Double.parseDouble(text.strip()), Wire.number(text));
    }
}
