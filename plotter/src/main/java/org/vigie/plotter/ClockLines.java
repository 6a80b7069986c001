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
 * ({@link ClockWatch}), for plot and serve to end with and the live page to show. Times are drawn as they came; a step
 * back breaks the line. Takes the records one at a time, as a followed log reads them.
 */
final class ClockLines {

    private final Map<Integer, ClockWatch> byPartition = new TreeMap<>();
    private long row;

    /** Takes the log's next record. */
    void observe(LogRecord rec) {
        boolean sourced = rec.hasSource() && rec.partition() >= 0;
        ClockWatch clock = byPartition.computeIfAbsent(sourced ? rec.partition() : LogRecord.NO_PARTITION, p -> new ClockWatch());
        row++;
        clock.observe(sourced ? rec.offset() : row, rec.timeMicros()); // records counted from 1, as replay counts rows
    }

    /** How many partitions the records came from (0 or 1 but for a detector's log of a topic of several). */
    int partitions() {
        return byPartition.size();
    }

    /** The lines so far, each begun with {@code prefix} (and the partition); none when the clock never stepped back nor went silent. */
    List<String> lines(String prefix) {
        List<String> lines = new ArrayList<>();
        byPartition.forEach((partition, c) -> {
            String name = prefix + (partition == LogRecord.NO_PARTITION ? "" : (prefix.isEmpty() ? "" : " ") + "partition " + partition);
            String where = name.isEmpty() ? "" : name + ": ";
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

    /** The lines of {@code file}'s clock, each begun with its name. */
    static List<String> of(Path file) {
        ClockLines clock = new ClockLines();
        try (RecordLogReader r = LoadedLog.open(file)) {
            RecordLogReader.Cursor c = r.cursor(0);
            for (LogRecord rec; (rec = c.next()) != null; ) {
                clock.observe(rec);
            }
        } catch (java.io.IOException e) { // a RecordLogException too
            // Up to a corrupt record, as the drawing: its warning is the loader's to give.
        }
        return clock.lines(file.toString());
    }
}
