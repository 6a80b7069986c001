package org.vigie.plotter;

import java.util.Arrays;
import java.util.List;
import org.vigie.common.State;

/**
 * Records as columns (time, value, state, calibrated score) that grow: one record at a time as a log is
 * followed, or a batch sorted by time merged in as a Kafka topic's partitions interleave. The arrays are
 * shared, not copied, and valid up to {@link #size()}; a live view reads them under its lock.
 */
final class RecordColumns {

    private long[] times = new long[1024];
    private double[] values = new double[1024];
    private State[] states = new State[1024];
    private float[] scores = new float[1024];
    private int n;

    /** Adds a record after the others. */
    void append(long time, double value, State state, float score) {
        if (n == times.length) {
            grow(2 * n);
        }
        times[n] = time;
        values[n] = value;
        states[n] = state;
        scores[n] = score;
        n++;
    }

    /**
     * Adds rows of (time, value, score), sorted by time, all in {@code state}, keeping the columns in time
     * order: appended when they come after the last, merged in when several partitions interleave.
     */
    void merge(List<double[]> rows, State state) {
        if (rows.isEmpty()) {
            return;
        }
        int total = n + rows.size();
        if (n == 0 || (long) rows.get(0)[0] >= times[n - 1]) {
            if (total > times.length) {
                grow(Math.max(total, 2 * n)); // once for the batch, not as the appends fill it
            }
            for (double[] r : rows) {
                append((long) r[0], r[1], state, (float) r[2]);
            }
            return;
        }
        // Into new arrays: a live view may be reading the old ones.
        int capacity = total > times.length ? Math.max(total, 2 * n) : times.length; // doubles, as an append does
        long[] t = new long[capacity];
        double[] v = new double[capacity];
        State[] s = new State[capacity];
        float[] f = new float[capacity];
        int a = 0; // next of the old columns
        int b = 0; // next of the rows
        for (int k = 0; k < total; k++) {
            if (a < n && (b == rows.size() || times[a] <= (long) rows.get(b)[0])) {
                t[k] = times[a];
                v[k] = values[a];
                s[k] = states[a];
                f[k] = scores[a];
                a++;
            } else {
                double[] r = rows.get(b++);
                t[k] = (long) r[0];
                v[k] = r[1];
                s[k] = state;
                f[k] = (float) r[2];
            }
        }
        times = t;
        values = v;
        states = s;
        scores = f;
        n = total;
    }

    private void grow(int capacity) {
        times = Arrays.copyOf(times, capacity);
        values = Arrays.copyOf(values, capacity);
        states = Arrays.copyOf(states, capacity);
        scores = Arrays.copyOf(scores, capacity);
    }

    int size() {
        return n;
    }

    long[] times() {
        return times;
    }

    double[] values() {
        return values;
    }

    State[] states() {
        return states;
    }

    /** The calibrated scores (NaN where there is none: a reference log, a value still initialising). */
    float[] scores() {
        return scores;
    }
}
