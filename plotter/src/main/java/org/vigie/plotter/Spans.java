package org.vigie.plotter;

import java.util.ArrayList;
import java.util.List;
import org.vigie.common.State;

/** Runs of consecutive records in one state, as time spans: how initialisation is drawn (a band, not a line per value). */
final class Spans {

    private Spans() {}

    /**
     * The [earliest, latest] times of each run of consecutive records of {@code state} among the first {@code n} (a
     * run's first and last where the clock never stepped back).
     */
    static List<long[]> of(long[] times, State[] states, int n, State state) {
        List<long[]> spans = new ArrayList<>();
        int i = 0;
        while (i < n) {
            if (states[i] != state) {
                i++;
                continue;
            }
            long earliest = times[i];
            long latest = times[i];
            while (i < n && states[i] == state) {
                earliest = Math.min(earliest, times[i]);
                latest = Math.max(latest, times[i]);
                i++;
            }
            spans.add(new long[] {earliest, latest});
        }
        return spans;
    }

    /** {@code spans} with those that overlap or touch made one, in time order. */
    static List<long[]> union(List<long[]> spans) {
        List<long[]> sorted = new ArrayList<>(spans);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] s : sorted) {
            if (!out.isEmpty() && s[0] <= out.getLast()[1]) {
                out.getLast()[1] = Math.max(out.getLast()[1], s[1]);
            } else {
                out.add(new long[] {s[0], s[1]});
            }
        }
        return out;
    }
}
