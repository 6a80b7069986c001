package org.vigie.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;

/** Looks at what another process writes, for tests and benchmarks that wait on it. */
public final class Probe {

    private Probe() {}

    /** Complete records in a record log; 0 while it does not exist or cannot be read yet. */
    public static long logSize(Path log) {
        if (!Files.exists(log)) {
            return 0;
        }
        try (RecordLogReader r = RecordLogReader.open(log)) {
            return r.size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Every record of a record log, in order. */
    public static List<LogRecord> records(Path log) throws IOException {
        List<LogRecord> out = new ArrayList<>();
        try (RecordLogReader r = RecordLogReader.open(log)) {
            RecordLogReader.Cursor c = r.cursor(0);
            for (LogRecord rec; (rec = c.next()) != null; ) {
                out.add(rec);
            }
        }
        return out;
    }

    /** A text file's content; empty while it does not exist. */
    public static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Peak resident memory of a process in KiB (Linux), or -1. */
    public static long peakRssKb(long pid) {
        for (String line : text(Path.of("/proc/" + pid + "/status")).split("\n")) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
