package org.vigie.detector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.vigie.common.cli.UserError;
import org.vigie.common.recordlog.LogRecord;

/**
 * A recorded series in NAB's CSV format: a {@code timestamp,value} header, then one row per sample with
 * a {@code yyyy-MM-dd HH:mm:ss} (or ISO-8601) time, read as UTC.
 */
public record SeriesCsv(List<LocalDateTime> times, double[] values) {

    // NAB's "2026-11-23 10:00:00", and ISO-8601 with a Z as vigie-plotter dump writes it (read as UTC either way).
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSSSSS][.SSS]['Z']");

    public int size() {
        return values.length;
    }

    public long micros(int i) {
        return LogRecord.micros(times.get(i).toInstant(ZoneOffset.UTC));
    }

    /** Every row's time in microseconds since the epoch. */
    public long[] micros() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = micros(i);
        }
        return out;
    }

    /**
     * Where the series' clock stepped back (daylight saving's end in local time, an NTP correction, a board's clock
     * reset): the rows are judged in the order they came, their times kept as they are, and this says so once, in
     * one line, or null when every row's time is at least the one above it.
     */
    public String clockSteps() {
        int count = 0;
        int firstRow = -1;
        java.time.Duration largest = java.time.Duration.ZERO;
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i).isBefore(times.get(i - 1))) {
                count++;
                firstRow = firstRow < 0 ? i : firstRow;
                java.time.Duration back = java.time.Duration.between(times.get(i), times.get(i - 1));
                largest = back.compareTo(largest) > 0 ? back : largest;
            }
        }
        if (count == 0) {
            return null;
        }
        return String.format("the clock steps back %d time%s (first at row %d, %s; by %s at most): values judged in the order they came, times kept as they are",
                count, count == 1 ? "" : "s", firstRow + 1, formatTime(times.get(firstRow)), largest.toString().substring(2).toLowerCase(java.util.Locale.ROOT));
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
        List<LocalDateTime> times = new ArrayList<>();
        double[] values = new double[1024];
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
                try {
                    LogRecord.micros(t.toInstant(ZoneOffset.UTC)); // what micros(i) will compute: it must fit
                } catch (ArithmeticException e) {
                    throw new UserError(file + " line " + lineNo + ": " + fields[0].strip() + " is further from 1970 than a log's times can be");
                }
                // a time before the row above (a clock stepped back) is kept as it came: clockSteps() tells
                if (n == values.length) {
                    values = java.util.Arrays.copyOf(values, n * 2);
                }
                times.add(t);
                values[n++] = v;
            }
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError(file + " line " + lineNo + ": not UTF-8 text (save the file as UTF-8)");
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new SeriesCsv(times, java.util.Arrays.copyOf(values, n));
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
