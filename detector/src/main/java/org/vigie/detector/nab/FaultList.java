package org.vigie.detector.nab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.jackson.jr.ob.JSON;
import org.vigie.common.cli.UserError;

/**
 * The faults of a labelled sensor corpus ({@code faults.json} of {@code shared/sensors/make_series.py}: each
 * fault's file, kind, first row and length), scored as that folder's {@code score.py} scores them: a fault is
 * found when a flag falls in its window (two rows before its first to fifty after); a false alarm is a flag
 * outside every window and outside every fault's own extent and the fifty rows after it (a lasting shift:
 * its first 200 rows), counted per 10,000 judged values.
 */
public final class FaultList {

    /** One fault: the series it is in (as the labels name it), its kind, its first row and its length in rows. */
    public record Fault(String file, String kind, int row, int rows) {}

    /** Faults found and present, per kind, and the false alarms over the judged values. */
    public record Score(Map<String, int[]> byKind, long falseAlarms, long judged) {
        public int found() {
            return byKind.values().stream().mapToInt(c -> c[0]).sum();
        }

        public int total() {
            return byKind.values().stream().mapToInt(c -> c[1]).sum();
        }

        public double percentFound() {
            return 100.0 * found() / Math.max(1, total());
        }

        public double perTenThousand() {
            return judged == 0 ? 0 : 10_000.0 * falseAlarms / judged;
        }
    }

    static final int BEFORE = 2;
    static final int AFTER = 50;
    static final int SHIFT_EXTENT = 200;

    private final List<Fault> faults;

    public FaultList(List<Fault> faults) {
        this.faults = List.copyOf(faults);
    }

    public List<Fault> faults() {
        return faults;
    }

    /** The faults listed in {@code json}, a {@code faults.json}. */
    public static FaultList read(Path json) {
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(Files.readString(json));
        } catch (IOException e) {
            throw new UserError("cannot read faults " + json + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> list)) {
            throw new UserError(json + " is not a faults file: expected a list of {file, kind, row, rows}");
        }
        List<Fault> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("file") instanceof String file) || !(m.get("kind") instanceof String kind)
                    || !(m.get("row") instanceof Number row) || !(m.get("rows") instanceof Number rows)) {
                throw new UserError(json + ": expected each fault as {file, kind, row, rows}, got " + o);
            }
            out.add(new Fault(file, kind, row.intValue(), rows.intValue()));
        }
        return new FaultList(out);
    }

    /**
     * Scores the flags of each series ({@code names} and {@code flags} in the same order; {@code judged}: how
     * many of each series' values were judged, not initialising).
     */
    public Score score(List<String> names, List<boolean[]> flags, long[] judged) {
        Map<String, int[]> byKind = new TreeMap<>();
        long falseAlarms = 0;
        long judgedTotal = 0;
        for (int s = 0; s < names.size(); s++) {
            boolean[] f = flags.get(s);
            boolean[] neutral = new boolean[f.length];
            for (Fault fault : faults) {
                if (!fault.file().equals(names.get(s))) {
                    continue;
                }
                int[] count = byKind.computeIfAbsent(fault.kind(), k -> new int[2]);
                count[1]++;
                int from = Math.max(0, fault.row() - BEFORE);
                int to = Math.min(f.length, fault.row() + AFTER + 1);
                boolean hit = false;
                for (int i = from; i < to; i++) {
                    hit |= f[i];
                    neutral[i] = true;
                }
                count[0] += hit ? 1 : 0;
                int extent = fault.kind().equals("shift") ? SHIFT_EXTENT : fault.rows() + AFTER;
                for (int i = Math.max(0, fault.row()); i < Math.min(f.length, fault.row() + extent); i++) {
                    neutral[i] = true;
                }
            }
            for (int i = 0; i < f.length; i++) {
                falseAlarms += f[i] && !neutral[i] ? 1 : 0;
            }
            judgedTotal += judged[s];
        }
        return new Score(byKind, falseAlarms, judgedTotal);
    }
}
