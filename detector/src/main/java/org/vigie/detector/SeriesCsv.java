package org.vigie.detector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.vigie.common.ClockWatch;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogRecord;

/**
 * A recorded series in NAB's CSV format: a {@code timestamp,value} header, then one row per sample with
 * a {@code yyyy-MM-dd HH:mm:ss} (or ISO-8601) time, read as UTC or in a time zone.
 *
 * @param times each row's time as written
 * @param values each row's value
 * @param zone the zone the times were written in (UTC unless told otherwise)
 * @param micros each row's instant, in microseconds since the epoch
 */
public record SeriesCsv(List<LocalDateTime> times, double[] values, ZoneId zone, long[] micros) {

    // NAB's "2026-11-23 10:00:00", and ISO-8601 with a Z as vigie-plotter dump writes it (read as UTC either way).
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSSSSS][.SSS]['Z']");

    public int size() {
        return values.length;
    }

    public long micros(int i) {
        return micros[i];
    }

    /** Every row's time in microseconds since the epoch (a copy). */
    @Override
    public long[] micros() {
        return micros.clone();
    }

    /**
     * The instant of a local time in {@code zone}, after the row at {@code previous}: in the hour that daylight
     * saving's end repeats, the first offset while that keeps the rows in order, then the second, so the repeated
     * hour reads in order; a time that the start of daylight saving skips moves forward by the skip.
     */
    static Instant instant(LocalDateTime t, ZoneId zone, Instant previous) {
        java.util.List<ZoneOffset> offsets = zone.getRules().getValidOffsets(t);
        if (offsets.size() == 2) {
            Instant first = t.toInstant(offsets.get(0));
            return previous != null && first.isBefore(previous) ? t.toInstant(offsets.get(1)) : first;
        }
        return t.atZone(zone).toInstant();
    }

    /**
     * Where the series' clock stepped back (daylight saving's end in local time, an NTP correction, a board's clock
     * reset): the rows are judged in the order they came, their times kept as they are, and this says so once, in
     * one line, or null when every row's time is at least the one above it.
     */
    public String clockSteps() {
        ClockWatch c = watch();
        if (c.stepsBack() == 0) {
            return null;
        }
        String steps = ClockWatch.stepsBackLine(c.stepsBack(), row(c.firstStepBackAt()), c.largestStepBack()) + ClockWatch.JUDGED_AS_THEY_CAME;
        // Between half an hour and an hour back, read as UTC: daylight saving's end in a file written in local time, most likely.
        boolean anHour = false;
        for (int i = 1; i < micros.length; i++) {
            anHour |= micros[i - 1] - micros[i] > 1_800_000_000L && micros[i - 1] - micros[i] <= 3_600_000_000L;
        }
        return anHour && zone.normalized().equals(ZoneOffset.UTC)
                ? steps + "; if the times are local, --zone (for instance --zone Europe/Paris) reads the hour that daylight saving's end repeats in order"
                : steps;
    }

    /**
     * Where the series went silent for longer than {@link ClockWatch#GAP_INTERVALS} of its usual intervals (a board
     * unplugged, a logger stopped): how many times, where first and the longest, in one line; null when it never did. A
     * gap is not an anomaly by itself: the values after it are judged as any others.
     */
    public String gaps() {
        ClockWatch c = watch();
        return c.gaps() == 0 ? null : ClockWatch.gapsLine(c.gaps(), row(c.firstGapAt()), c.longestGap(), row(c.longestGapAt()));
    }

    /** The series' clock, read row by row as a stream would be. */
    private ClockWatch watch() {
        ClockWatch c = new ClockWatch();
        for (int i = 0; i < micros.length; i++) {
            c.observe(i, micros[i]);
        }
        return c;
    }

    /** Row {@code i} (from 0) as a line names it: its number from 1 and its time as written. */
    private String row(long i) {
        return "row " + (i + 1) + ", " + formatTime(times.get((int) i));
    }

    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A time as NAB writes it. */
    public static String formatTime(LocalDateTime t) {
        return OUT.format(t);
    }

    /** The longest line read: a timestamp and a value hold in far less, and a line is read whole. */
    static final int MAX_LINE = 1000;

    /**
     * Reads a series: a header whose first two columns are {@code timestamp} (or {@code time}, as {@code
     * vigie-plotter dump} writes) and {@code value}, further columns ignored; then the rows, in the order they came
     * (a clock that stepped back is kept: {@link #clockSteps()}).
     */
    public static SeriesCsv read(Path file) {
        return read(file, ZoneOffset.UTC);
    }

    /** Reads a series whose times without an offset were written in {@code zone}. */
    public static SeriesCsv read(Path file, ZoneId zone) {
        List<LocalDateTime> times = new ArrayList<>();
        double[] values = new double[1024];
        long[] micros = new long[1024];
        Instant previous = null;
        int n = 0;
        int lineNo = 0;
        try (java.io.InputStream r = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            String header = line(r, file, ++lineNo);
            if (header == null) {
                throw new UserError(file + ": empty file; expected a timestamp,value header");
            }
            String[] names = header.replace("\uFEFF", "").split(",", -1);
            if (names.length < 2 || !names[0].strip().matches("(?i)timestamp|time") || !names[1].strip().equalsIgnoreCase("value")) {
                throw new UserError(file + " line 1: expected a timestamp,value header, got '" + shorten(header) + "'");
            }
            for (String line; (line = line(r, file, ++lineNo)) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", 3);
                LocalDateTime t;
                double v;
                try {
                    if (fields.length < 2) {
                        throw new NumberFormatException("no comma");
                    }
                    t = LocalDateTime.parse(fields[0].strip(), TIME);
                    v = Double.parseDouble(fields[1].strip());
                    if (!Double.isFinite(v)) {
                        throw new NumberFormatException("not finite");
                    }
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new UserError(file + " line " + lineNo + ": expected timestamp,value but got '" + shorten(line) + "'");
                }
                Instant at = fields[0].strip().endsWith("Z") ? t.toInstant(ZoneOffset.UTC) : instant(t, zone, previous);
                long us;
                try {
                    us = LogRecord.micros(at);
                } catch (ArithmeticException e) {
                    throw new UserError(file + " line " + lineNo + ": " + fields[0].strip() + " is further from 1970 than a log's times can be");
                }
                // a time before the row above (a clock stepped back) is kept as it came: clockSteps() tells
                if (n == values.length) {
                    values = java.util.Arrays.copyOf(values, n * 2);
                    micros = java.util.Arrays.copyOf(micros, n * 2);
                }
                times.add(t);
                micros[n] = us;
                values[n++] = v;
                previous = at;
            }
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError(file + " line " + lineNo + ": not UTF-8 text (save the file as UTF-8)");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new SeriesCsv(times, java.util.Arrays.copyOf(values, n), zone, java.util.Arrays.copyOf(micros, n));
    }

    /**
     * The next line, without its end, or null at the end; a line longer than {@link #MAX_LINE} bytes is refused
     * unread. Decoded line by line, so that a byte that is not UTF-8 is told with its line.
     */
    private static String line(java.io.InputStream r, Path file, int lineNo) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int c;
        while ((c = r.read()) != -1 && c != '\n') {
            if (c != '\r') {
                if (bytes.size() == MAX_LINE) {
                    throw new UserError(file + " line " + lineNo + " is longer than " + MAX_LINE + " characters: not a timestamp,value row");
                }
                bytes.write(c);
            }
        }
        if (c == -1 && bytes.size() == 0) {
            return null;
        }
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
    }

    private static String shorten(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
