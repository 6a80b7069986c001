package org.vigie.plotter;

import java.io.Closeable;
import java.util.Arrays;
import java.util.List;
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

    /** The records taken so far. */
    abstract RecordColumns columns();

    /** What its clock did (steps back, gaps), a line each; none when nothing is known of it. */
    List<String> clockLines() {
        return List.of();
    }

    final int size() {
        return columns().size();
    }

    final long[] times() {
        return columns().times();
    }

    final double[] values() {
        return columns().values();
    }

    final State[] states() {
        return columns().states();
    }

    /** The calibrated scores, NaN where there is none. */
    final float[] scores() {
        return columns().scores();
    }

    // Lookup by time: a binary search while the times come in order (one partition, one source), else over a
    // sorted index, rebuilt when the source has grown since (several partitions interleave their times).
    private boolean inOrder = true;
    private int checkedUpTo;
    private long[] sortedTimes = new long[0];
    private int[] sortedIndex = new int[0];

    private ClockLayers layers;

    /**
     * The records as the live page draws them, where the clock stepped back too (worked out again once grown); in time
     * order when several partitions interleave their times (a step back of one is not told from the other's times).
     */
    final ClockLayers layers() {
        int n = size();
        if (layers == null || layers.size() != n) {
            layers = interleaved() ? ClockLayers.byTime(times(), n) : ClockLayers.of(times(), n);
        }
        return layers;
    }

    /** Whether its records come from several partitions, whose times interleave. */
    boolean interleaved() {
        return false;
    }

    /**
     * The index of the record that is the {@code occurrence}-th (from 0) at time {@code t}, or -1: a clock that steps back
     * repeats times, and the n-th reading at a time in one log is the n-th in another of the same topic.
     */
    final int find(long t, int occurrence) {
        int first = find(t);
        if (first < 0 || occurrence == 0) {
            return first;
        }
        long[] times = times();
        int n = size();
        if (inOrder) {
            int at = first + occurrence;
            return at < n && times[at] == t ? at : -1;
        }
        int at = LiveSource.lowerBound(sortedTimes, n, t) + occurrence;
        return at < n && sortedTimes[at] == t ? sortedIndex[at] : -1;
    }

    /** How many records before {@code record} have its time (0 but where a clock stepped back or times repeat). */
    final int occurrence(int record) {
        long t = times()[record];
        int first = find(t); // brings the order checks up to date
        if (inOrder) {
            return record - first;
        }
        int n = size();
        for (int at = LiveSource.lowerBound(sortedTimes, n, t), k = 0; at < n && sortedTimes[at] == t; at++, k++) {
            if (sortedIndex[at] == record) {
                return k;
            }
        }
        return 0;
    }

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
            sortedIndex = ClockLayers.inTimeOrder(times, ClockLayers.all(n));
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

        java.nio.file.Path file() {
            return file;
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
                problem = file.getFileName() + " was deleted: showing the " + log.columns().size() + " records read before";
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
        RecordColumns columns() {
            return log.columns();
        }

        @Override
        List<String> clockLines() {
            return log.clockLines();
        }

        @Override
        boolean interleaved() {
            return log.interleaved();
        }

        @Override
        public void close() throws java.io.IOException {
            log.close();
        }
    }

    /** Records fed by someone else (a Kafka topic read): merged in, then taken by {@link #grow()}. */
    static final class Fed extends LiveSource {
        private final String label;
        private final String algorithm;
        private final RecordColumns columns = new RecordColumns();
        private int told;
        private String toldProblem;
        String problem;

        Fed(String label, String algorithm) {
            this.label = label;
            this.algorithm = algorithm;
        }

        /** Adds rows of (time, value, score), sorted by time, all in {@code state}: see {@link RecordColumns#merge}. */
        void addAll(List<double[]> rows, State state) {
            columns.merge(rows, state);
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
            int n = columns.size();
            boolean grew = n > told || !java.util.Objects.equals(problem, toldProblem); // a problem, or its end, is news too
            told = n;
            toldProblem = problem;
            return grew;
        }

        @Override
        String problem() {
            return problem;
        }

        @Override
        RecordColumns columns() {
            return columns;
        }

        @Override
        public void close() {}
    }
}
