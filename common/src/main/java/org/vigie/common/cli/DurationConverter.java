package org.vigie.common.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations as people write them: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1.5s}, {@code 0}, or
 * ISO-8601 ({@code PT5S}). One converter for every option of every program.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(String text) {
        return parse(text);
    }

    /** The duration {@code text} says, or an IllegalArgumentException saying what is accepted. */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO; // nothing, in any unit
        }
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double millis = amount * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            if (millis > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration");
            }
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
        try {
            return Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write 250ms, 5s, 2m, 1h or PT5S");
        }
    }
}
