package org.vigie.plotter;

import java.io.Closeable;
import java.util.Arrays;
import org.vigie.common.State;

/**
 * What a live panel draws from: a series or a detector's judgements, as columns that grow (a record log
 * followed, or a Kafka topic read). The columns are shared, valid up to {@link #size()}, and read under the
 * live session's lock.
 */
abstract class LiveSource implements Closeable {

    /** A name for the legend: "humidite (reference)", "humidite/dbscan". */
    abstract String label();

    /** The detector's algorithm, or null for a series. */
    abstract String algorithm();

    /** Takes what arrived since the last call; true when anything did, or when something went wrong anew. */
    abstract boolean grow();

    /** What went wrong with the source (torn, corrupt, deleted, unreachable), or null. */
    abstract String problem();

    abstract int size();

    abstract long[] times();

    abstract double[] values();

    abstract State[] states();

    /** The calibrated scores, NaN where there is none. */
    abstract float[] scores();

    // Lookup by time: a binary search while the times come in order (one partition, one source), else over a
    // sorted index, rebuilt when the source has grown since (several partitions interleave their times).
    private boolean inOrder = true;
    private int checkedUpTo;
    private long[] sortedTimes = new long[0];
    private int[] sortedIndex = new int[0];

    /** The index of a record at time {@code t}, or -1. */
    final int find(long t) {
        int n = size();
        long[] times = times();
        for (int i = Math.max(1, checkedUpTo); i < n && inOrder; i++) {
            inOrder = times[i - 1] <= times[i];
        }
        checkedUpTo = n;
        if (inOrder) {
            return indexOf(times, n, t);
        }
        if (sortedTimes.length != n) {
            Integer[] order = new Integer[n];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
            sortedIndex = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
            sortedTimes = Arrays.stream(sortedIndex).mapToLong(i -> times[i]).toArray();
        }
        int at = indexOf(sortedTimes, n, t);
        return at < 0 ? -1 : sortedIndex[at];
    }

    /** The first index whose time is at least {@code t}. */
    static int lowerBound(long[] times, int n, long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first index whose time is after {@code t}. */
    static int upperBound(long[] times, int n, long t) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    static int indexOf(long[] times, int n, long t) {
        int i = lowerBound(times, n, t);
        return i < n && times[i] == t ? i : -1;
    }

    /** A record log followed as it grows. */
    static final class OfLog extends LiveSource {
        private final java.nio.file.Path file;
        final FollowedLog log;
        private String problem;

        OfLog(java.nio.file.Path file) {
            this.file = file;
            this.log = FollowedLog.open(file);
        }

        @Override
        String label() {
            return log.metadata().label();
        }

        @Override
        String algorithm() {
            return log.metadata().algorithm();
        }

        @Override
        boolean grow() {
            boolean was = problem != null;
            if (!java.nio.file.Files.exists(file)) {
                problem = file.getFileName() + " was deleted: showing the " + log.size() + " records read before";
                return !was;
            }
            try {
                int n = log.readNew();
                problem = log.warning();
                return n > 0 || (problem != null && !was);
            } catch (java.io.IOException e) {
                problem = file.getFileName() + ": " + e.getMessage();
                return !was;
            }
        }

        @Override
        String problem() {
            return problem;
        }

        @Override
        int size() {
            return log.size();
        }

        @Override
        long[] times() {
            return log.times();
        }

        @Override
        double[] values() {
            return log.values();
        }

        @Override
        State[] states() {
            return log.states();
        }

        @Override
        float[] scores() {
            return log.scores();
        }

        @Override
        public void close() throws java.io.IOException {
            log.close();
        }
    }

    /** Columns filled by someone else (a Kafka feed): added to, then taken by {@link #grow()}. */
    static final class Columns extends LiveSource {
        private final String label;
        private final String algorithm;
        private long[] times = new long[1024];
        private double[] values = new double[1024];
        private State[] states = new State[1024];
        private float[] scores = new float[1024];
        private int n;
        private int told;
        String problem;

        Columns(String label, String algorithm) {
            this.label = label;
            this.algorithm = algorithm;
        }

        void add(long time, double value, State state, float score) {
            if (n == times.length) {
                times = Arrays.copyOf(times, 2 * n);
                values = Arrays.copyOf(values, 2 * n);
                states = Arrays.copyOf(states, 2 * n);
                scores = Arrays.copyOf(scores, 2 * n);
            }
            times[n] = time;
            values[n] = value;
            states[n] = state;
            scores[n] = score;
            n++;
        }

        @Override
        String label() {
            return label;
        }

        @Override
        String algorithm() {
            return algorithm;
        }

        @Override
        boolean grow() {
            boolean grew = n > told;
            told = n;
            return grew;
        }

        @Override
        String problem() {
            return problem;
        }

        @Override
        int size() {
            return n;
        }

        @Override
        long[] times() {
            return times;
        }

        @Override
        double[] values() {
            return values;
        }

        @Override
        State[] states() {
            return states;
        }

        @Override
        float[] scores() {
            return scores;
        }

        @Override
        public void close() {}
    }
}
