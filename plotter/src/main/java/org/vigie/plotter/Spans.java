package org.vigie.plotter;

import java.util.ArrayList;
import java.util.List;
import org.vigie.common.State;

/** Runs of consecutive records in one state, as time spans: how initialisation is drawn (a band, not a line per value). */
final class Spans {

    private Spans() {}

    /** The [first, last] times of each run of consecutive records of {@code state} among the first {@code n}. */
    static List<long[]> of(long[] times, State[] states, int n, State state) {
        List<long[]> spans = new ArrayList<>();
        int i = 0;
        while (i < n) {
            if (states[i] != state) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && states[i] == state) {
                i++;
            }
            spans.add(new long[] {times[start], times[i - 1]});
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
