package org.vigie.common.wire;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The one codec of a reading on a topic, both ways: the value as its UTF-8 number text (the seed's format,
 * so the seed's programs and ours interoperate), the event time in microseconds in the
 * {@value #EVENT_TIME_HEADER} header (and, to the millisecond, as the record's timestamp). One number rule
 * for the producer and the detector: a plain decimal ({@code 45.2}, {@code -3}, {@code 1e-3}), finite;
 * {@code 0x1p3}, {@code 1d}, {@code Infinity}, {@code NaN} are not numbers here.
 */
public final class Wire {

    public static final String EVENT_TIME_HEADER = "event-time-us";

    private Wire() {}

    /**
     * Whether {@code text} is written as a plain decimal, {@code [+-]digits[.digits][(e|E)[+-]digits]} with a
     * digit before or after the point (it may still be out of range). Scanned by hand rather than with a
     * regular expression: the detector asks it of every value it consumes.
     */
    public static boolean isDecimal(String text) {
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The value {@code text} says (surrounding blanks allowed), or NaN when it is not a finite plain decimal. */
    public static double number(String text) {
        String t = text.strip();
        if (!isDecimal(t)) {
            return Double.NaN;
        }
        double v = Double.parseDouble(t);
        return Double.isFinite(v) ? v : Double.NaN;
    }

    /** The record of a reading: its number text as sent, its event time in the header and as the timestamp. */
    public static ProducerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] numberText, long eventMicros) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, Math.floorDiv(eventMicros, 1000), key, numberText);
        r.headers().add(EVENT_TIME_HEADER, Long.toString(eventMicros).getBytes(StandardCharsets.US_ASCII));
        return r;
    }

    /** The value of a consumed record, or NaN when it is not a number by the rule above (or absent). */
    public static double value(ConsumerRecord<byte[], byte[]> r) {
        return r.value() == null ? Double.NaN : number(new String(r.value(), StandardCharsets.UTF_8));
    }

    /** The event time of a consumed record: its header, else (a record from the seed's producer) its timestamp. */
    public static long eventMicros(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(EVENT_TIME_HEADER);
        if (h != null) {
            try {
                return Long.parseLong(new String(h.value(), StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                // a header we did not write: fall back to the timestamp
            }
        }
        return r.timestamp() * 1000L;
    }
}
