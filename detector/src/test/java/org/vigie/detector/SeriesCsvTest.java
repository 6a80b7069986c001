package org.vigie.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.common.cli.UserError;

/** A series CSV, as a user's file may be (issue 19, item 8; issue 20, item 5): read right, or one line naming the line. */
class SeriesCsvTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** What vigie-plotter dump writes (ISO-8601 times with a Z, more columns) is read as a series. */
    @Test
    void dumpOutputIsASeries() throws IOException {
        SeriesCsv s = SeriesCsv.read(file("dump.csv", "time,value,state,partition,offset,score\n"
                + "2026-12-01T11:35:55.244298Z,45.2,2,0,0,\n2026-12-01T11:35:56Z,45.3,1,0,1,0.5\n"));
        assertEquals(2, s.size());
        assertArrayEquals(new double[] {45.2, 45.3}, s.values());
        assertEquals(1_796_124_955_244_298L, s.micros(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "headerless | 2026-11-01 00:00:00,1.0\\n2026-11-01 00:00:01,2.0\\n | line 1: expected a timestamp,value header",
        "far-year   | timestamp,value\\n+999999999-01-01 00:00:00,1.0\\n | line 2: +999999999-01-01 00:00:00 is further from 1970",
        "bad-row    | timestamp,value\\n2026-11-01 00:00:00;1.0\\n | line 2: expected timestamp,value",
    })
    void aBadFileIsOneLineNamingItsLine(String name, String text, String message) throws IOException {
        Path p = file(name + ".csv", text.replace("\\n", "\n"));
        UserError e = assertThrows(UserError.class, () -> SeriesCsv.read(p));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /** Rows whose clock steps back are read as they came, and said once: how often, where first, by how much at most. */
    @Test
    void aClockThatStepsBackIsReadAndSaid() throws IOException {
        Path p = file("stepped.csv", "timestamp,value\n2026-11-01 00:00:02,1.0\n2026-11-01 00:00:01,2.0\n2026-11-01 00:00:03,3.0\n"
                + "2026-11-01 00:00:00,4.0\n");
        SeriesCsv s = SeriesCsv.read(p);
        assertEquals(4, s.size());
        assertEquals(4.0, s.values()[3]);
        assertEquals("the clock steps back 2 times (first at row 2, 2026-11-01 00:00:01; by 3s at most): values judged in the order they came,"
                + " times kept as they are", s.clockSteps());
        assertEquals(null, SeriesCsv.read(file("ordered.csv", "timestamp,value\n2026-11-01 00:00:00,1.0\n2026-11-01 00:00:00,2.0\n")).clockSteps());
    }

    /**
     * A file written in Paris's local time through the end of daylight saving (2026-10-25, 03:00 summer time back to
     * 02:00): read as UTC its clock steps back 50 minutes, and the message says --zone reads it; with --zone
     * Europe/Paris the repeated hour reads in order, ten minutes apart, and the times are kept as written.
     */
    @Test
    void aLocalFileReadsThroughDaylightSavingsEndInItsZone() throws IOException {
        StringBuilder text = new StringBuilder("timestamp,value\n");
        String[] local = {"01:50", "02:00", "02:10", "02:20", "02:30", "02:40", "02:50", "02:00", "02:10", "02:20", "02:30", "02:40", "02:50", "03:00"};
        for (int i = 0; i < local.length; i++) {
            text.append("2026-10-25 ").append(local[i]).append(":00,").append(i).append("\n");
        }
        Path p = file("paris.csv", text.toString());
        String steps = SeriesCsv.read(p).clockSteps();
        assertTrue(steps.startsWith("the clock steps back 1 time (first at row 8, 2026-10-25 02:00:00; by 50m at most)"), steps);
        assertTrue(steps.endsWith("--zone (for instance --zone Europe/Paris) reads the hour that daylight saving's end repeats in order"), steps);
        SeriesCsv paris = SeriesCsv.read(p, java.time.ZoneId.of("Europe/Paris"));
        assertEquals(null, paris.clockSteps());
        assertEquals(java.time.Instant.parse("2026-10-24T23:50:00Z").toEpochMilli() * 1000, paris.micros(0));
        for (int i = 1; i < paris.size(); i++) {
            assertEquals(600_000_000L, paris.micros(i) - paris.micros(i - 1), "ten minutes after row " + i);
        }
        assertEquals("2026-10-25 02:00:00", SeriesCsv.formatTime(paris.times().get(7)));
        // A real step back in a zone is still said, without the hint.
        Path q = file("stepped-paris.csv", "timestamp,value\n2026-07-01 12:00:00,1.0\n2026-07-01 11:20:00,2.0\n");
        assertEquals("the clock steps back 1 time (first at row 2, 2026-07-01 11:20:00; by 40m at most): values judged in the order they came,"
                + " times kept as they are", SeriesCsv.read(q, java.time.ZoneId.of("Europe/Paris")).clockSteps());
    }

    /**
     * Issue 29: a series read every 2 s with the board unplugged for two hours, then for 90 s: one line says there
     * were two gaps, where the first was and the longest; a series without a silence says nothing.
     */
    @Test
    void gapsAreSaidInOneLine() throws IOException {
        StringBuilder text = new StringBuilder("timestamp,value\n");
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2026, 11, 1, 0, 0);
        for (int i = 0; i < 300; i++) {
            t = t.plusSeconds(i == 100 ? 7_200 : i == 200 ? 90 : 2);
            text.append(SeriesCsv.formatTime(t)).append(",20.0\n");
        }
        assertEquals("2 gaps in the readings (silences longer than 10 usual intervals and a minute): first before row 101, 2026-11-01 02:03:20;"
                + " the longest 2h, before row 101, 2026-11-01 02:03:20", SeriesCsv.read(file("gaps.csv", text.toString())).gaps());
        assertEquals(null, SeriesCsv.read(file("steady.csv", "timestamp,value\n2026-11-01 00:00:00,1.0\n2026-11-01 00:00:02,2.0\n"
                + "2026-11-01 00:00:04,2.0\n")).gaps());
    }

    /** A Latin-1 byte on line 3: the message names the line. */
    @Test
    void aLatin1ByteNamesItsLine() throws IOException {
        byte[] head = "timestamp,value\n2026-11-01 00:00:00,1.0\n2026-11-01 00:00:01,2.0 \u00b0C\n".getBytes(StandardCharsets.ISO_8859_1);
        UserError e = assertThrows(UserError.class, () -> SeriesCsv.read(file("latin1.csv", head)));
        assertTrue(e.getMessage().contains("line 3: not UTF-8"), e.getMessage());
    }

    /** A line of 50 MB is refused unread (at -Xmx64m it ran out of memory), and the message does not repeat it. */
    @Test
    void aHugeLineIsRefusedUnread() throws IOException {
        Path p = dir.resolve("huge.csv");
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("timestamp,value\n2026-11-01 00:00:00,".getBytes(StandardCharsets.UTF_8));
            byte[] ones = new byte[1 << 20];
            java.util.Arrays.fill(ones, (byte) '1');
            for (int i = 0; i < 50; i++) {
                out.write(ones);
            }
        }
        UserError e = assertThrows(UserError.class, () -> SeriesCsv.read(p));
        assertTrue(e.getMessage().contains("line 2 is longer than 1000 characters") && e.getMessage().length() < 300, e.getMessage());
    }
}
