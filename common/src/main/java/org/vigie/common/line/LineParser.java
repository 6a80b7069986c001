package org.vigie.common.line;

import org.vigie.common.wire.Wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses the Arduino's {@code topic!value} lines. As the seed does, the line is split at the LAST
 * separator, so a topic may not hold one but nothing else is lost. Then it is validated: the topic must
 * be a legal Kafka topic name, the value a finite decimal number ({@code 45.2}, {@code -3}, {@code 1.5e3};
 * not {@code nan}, {@code 1e999} or {@code 12,5}). Not thread-safe (it reuses a decoder).
 */
public final class LineParser {

    public static final String DEFAULT_SEPARATOR = "!";
    /** Kafka's own limit on topic name length. */
    public static final int MAX_TOPIC_LENGTH = 249;

    private static final int DETAIL_MAX = 40;

    private final String separator;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public LineParser(String separator) {
        if (separator == null || separator.isEmpty() || separator.contains("\n") || separator.contains("\r")) {
            throw new IllegalArgumentException("the separator must be a non-empty string without line breaks");
        }
        this.separator = separator;
    }

    public LineParser() {
        this(DEFAULT_SEPARATOR);
    }

    public String separator() {
        return separator;
    }

    /** Parses one line's bytes, without its LF; a trailing CR is stripped. */
    public ParsedLine parse(byte[] bytes, int offset, int length) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        String line;
        try {
            line = utf8.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return new ParsedLine.Rejected(RejectReason.NOT_UTF8, "invalid UTF-8 in a " + length + "-byte line");
        }
        return parse(line);
    }

    /** Parses one line of text, without its line end. */
    public ParsedLine parse(String line) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        int at = line.lastIndexOf(separator);
        if (at < 0) {
            return new ParsedLine.Rejected(RejectReason.NO_SEPARATOR, "no '" + separator + "' in " + quote(line));
        }
        String topic = line.substring(0, at);
        String text = line.substring(at + separator.length()).strip();
        String topicProblem = topicProblem(topic);
        if (topicProblem != null) {
            return new ParsedLine.Rejected(RejectReason.BAD_TOPIC, topicProblem);
        }
        if (!Wire.isDecimal(text)) {
            return new ParsedLine.Rejected(RejectReason.BAD_VALUE, "not a decimal number: " + quote(text));
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            return new ParsedLine.Rejected(RejectReason.BAD_VALUE, "out of range: " + quote(text));
        }
        return new ParsedLine.Reading(topic, text, value);
    }

    /** Why {@code topic} is not a legal Kafka topic name, or null when it is one. */
    public static String topicProblem(String topic) {
        if (topic.isEmpty()) {
            return "empty topic";
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            return "topic longer than " + MAX_TOPIC_LENGTH + " characters (" + topic.length() + ")";
        }
        if (topic.equals(".") || topic.equals("..")) {
            return "topic cannot be '" + topic + "'";
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!legal) {
                return "illegal character " + describe(c) + " in topic " + quote(topic);
            }
        }
        return null;
    }

    private static String describe(char c) {
        return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    /** A short printable rendering of user input, for messages. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().limit(DETAIL_MAX).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        if (s.codePointCount(0, s.length()) > DETAIL_MAX) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
