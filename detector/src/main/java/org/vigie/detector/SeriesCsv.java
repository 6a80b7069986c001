package org.vigie.detector;

import java.io.BufferedReader;
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

/**
 * A recorded series in NAB's CSV format: a {@code timestamp,value} header, then one row per sample with
 * a {@code yyyy-MM-dd HH:mm:ss} (or ISO-8601) time, read as UTC.
 */
public record SeriesCsv(List<LocalDateTime> times, double[] values) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd[ ]['T']HH:mm:ss[.SSSSSS][.SSS]");

    public int size() {
        return values.length;
    }

    public long micros(int i) {
        LocalDateTime t = times.get(i);
        return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
    }

    /** Every row's time in microseconds since the epoch. */
    public long[] micros() {
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = micros(i);
        }
        return out;
    }

    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A time as NAB writes it. */
    public static String formatTime(LocalDateTime t) {
        return OUT.format(t);
    }

    public static SeriesCsv read(Path file) {
        List<LocalDateTime> times = new ArrayList<>();
        double[] values = new double[1024];
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new UserError(file + ": empty file; expected a timestamp,value header");
            }
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                try {
                    if (comma < 0) {
                        throw new NumberFormatException("no comma");
                    }
                    LocalDateTime t = LocalDateTime.parse(line.substring(0, comma).strip(), TIME);
                    double v = Double.parseDouble(line.substring(comma + 1).strip());
                    if (!Double.isFinite(v)) {
                        throw new NumberFormatException("not finite");
                    }
                    if (n == values.length) {
                        values = java.util.Arrays.copyOf(values, n * 2);
                    }
                    times.add(t);
                    values[n++] = v;
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new UserError(file + " line " + lineNo + ": expected timestamp,value but got '" + line + "'");
                }
            }
        } catch (NoSuchFileException e) {
            throw new UserError("no such file: " + file);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new SeriesCsv(times, java.util.Arrays.copyOf(values, n));
    }
}
