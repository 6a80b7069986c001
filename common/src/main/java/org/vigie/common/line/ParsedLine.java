package org.vigie.common.line;

/** What one serial line says: a {@link Reading}, or a {@link Rejected} line with its reason. */
public sealed interface ParsedLine permits ParsedLine.Reading, ParsedLine.Rejected {

    /**
     * A valid line. {@code text} is the value as the Arduino printed it (trimmed), which is what goes on
     * the topic, so that readers of the topic see exactly what the sensor said.
     */
    record Reading(String topic, String text, double value) implements ParsedLine {}

    /** A line that was not published; {@code detail} says what was wrong, for the log. */
    record Rejected(RejectReason reason, String detail) implements ParsedLine {}
}
