package org.vigie.plotter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.common.ClockWatch;
import org.vigie.common.recordlog.LogRecord;
import org.vigie.common.recordlog.RecordLogReader;

/**
 * What a log's clock did, partition by partition (the times of two partitions overlap, and only within one do they
 * come in the sensor's order): a line for its steps back and one for its gaps, as replay and the detector say them
 * ({@link ClockWatch}), for plot and serve to end with. Times are drawn as they came; a step back breaks the line.
 */
final class ClockLines {

    private ClockLines() {}

    /** The lines of {@code file}'s clock; none when it never stepped back nor went silent. */
    static List<String> of(Path file) {
        Map<Integer, Watched> byPartition = new TreeMap<>();
        try (RecordLogReader r = LoadedLog.open(file)) {
            RecordLogReader.Cursor c = r.cursor(0);
            long row = 0;
            for (LogRecord rec; (rec = c.next()) != null; row++) {
                boolean sourced = rec.hasSource() && rec.partition() >= 0;
                Watched w = byPartition.computeIfAbsent(sourced ? rec.partition() : LogRecord.NO_PARTITION, p -> new Watched());
                w.clock.observe(sourced ? rec.offset() : row + 1, rec.timeMicros()); // records counted from 1, as replay counts rows
            }
        } catch (java.io.IOException e) { // a RecordLogException too
            // Up to a corrupt record, as the drawing: its warning is the loader's to give.
        }
        List<String> lines = new ArrayList<>();
        byPartition.forEach((partition, w) -> {
            ClockWatch c = w.clock;
            String where = file + (partition == LogRecord.NO_PARTITION ? "" : " partition " + partition) + ": ";
            String unit = partition == LogRecord.NO_PARTITION ? "record " : "offset ";
            if (c.stepsBack() > 0) {
                lines.add(where + ClockWatch.stepsBackLine(c.stepsBack(), ClockWatch.at(unit + c.firstStepBackAt(), c.firstStepBackMicros()),
                        c.largestStepBack()) + "; drawn as they came, the line broken where it steps back");
            }
            if (c.gaps() > 0) {
                lines.add(where + ClockWatch.gapsLine(c.gaps(), ClockWatch.at(unit + c.firstGapAt(), c.firstGapMicros()), c.longestGap(),
                        ClockWatch.at(unit + c.longestGapAt(), c.longestGapMicros())));
            }
        });
        return lines;
    }

    private static final class Watched {
        final ClockWatch clock = new ClockWatch();
    }
}
