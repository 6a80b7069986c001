package org.vigie.engine.model;

import java.util.Arrays;

/**
 * The vectors added to the memory since the last fit (at most a refresh period's worth), in the memory's
 * own units, one array per coordinate that weighs: a search computes their distances a coordinate at a
 * time, each difference weighed before it is squared, as {@link DbscanModel}'s one-by-one distance does, so the
 * sums are the same to the last bit, and visits them nearest in time to the query first. Each vector is
 * copied once, at the first search after it was added.
 */
final class RecentColumns {

    private final Memory memory;
    private double[] weights;
    private int[] active;
    private long firstSerial; // the serial of the first vector added since the fit: vector i has firstSerial + i
    private int n;
    private double[][] columns = new double[0][];
    private double[] distances = new double[0];

    RecentColumns(Memory memory) {
        this.memory = memory;
    }

    /** Forgets every vector: the next search takes those added from now on, weighed by {@code weights}. */
    void fit(double[] weights, int[] active) {
        this.weights = weights;
        this.active = active;
        this.firstSerial = memory.added();
        this.n = 0;
        if (columns.length < active.length) {
            columns = Arrays.copyOf(columns, active.length);
            for (int j = 0; j < columns.length; j++) {
                if (columns[j] == null) {
                    columns[j] = new double[distances.length];
                }
            }
        }
    }

    /** Copies the vectors added since the last search. */
    private void update() {
        long added = memory.added();
        if (firstSerial + n == added) {
            return;
        }
        int total = (int) (added - firstSerial);
        if (total > distances.length) {
            int capacity = Math.max(total, 2 * distances.length);
            distances = new double[capacity];
            for (int j = 0; j < columns.length; j++) {
                columns[j] = Arrays.copyOf(columns[j], capacity);
            }
        }
        double[] data = memory.data();
        int dim = memory.dimension();
        for (int i = n; i < total; i++) {
            int slot = memory.slotOf(firstSerial + i);
            for (int j = 0; j < active.length; j++) {
                columns[j][i] = data[slot * dim + active[j]];
            }
        }
        n = total;
    }

    /**
     * Visits every vector added since the fit and still held within the visitor's bound of {@code x} (in the
     * memory's units), but those of serials {@code [excludedFrom, excludedTo]}, those nearest that range in time first.
     */
    void search(double[] x, long excludedFrom, long excludedTo, FittedColumns.Visitor v) {
        update();
        int from = FittedColumns.firstHeld(memory, firstSerial, n);
        if (from == n) {
            return;
        }
        distances(x, from, n);
        visitNearestInTimeFirst(memory, distances, firstSerial, from, n, excludedFrom, excludedTo, v);
    }

    /**
     * Visits the vectors of ages [from, n) whose squared distances {@code s} holds (age a has serial {@code firstSerial
     * + a}) and that lie within the visitor's bound, but those of serials [excludedFrom, excludedTo]: those after that
     * range upwards, then those before it downwards. Nearest in time first, the likeliest to be near: the bound
     * falls sooner, and fewer vectors are visited.
     */
    private static void visitNearestInTimeFirst(Memory memory, double[] s, long firstSerial, int from, int n, long excludedFrom,
            long excludedTo, FittedColumns.Visitor v) {
        int skipFrom = (int) Math.clamp(excludedFrom - firstSerial, from, n);
        int skipTo = (int) Math.clamp(excludedTo - firstSerial + 1, skipFrom, n);
        visitUpward(memory, s, firstSerial, skipTo, n, v);
        visitDownward(memory, s, firstSerial, from, skipFrom, v);
    }

    /** Visits the vectors of ages [lo, hi) within the visitor's bound, oldest first. */
    private static void visitUpward(Memory memory, double[] s, long firstSerial, int lo, int hi, FittedColumns.Visitor v) {
        for (int block = lo; block < hi; block += FittedColumns.BLOCK) {
            int end = Math.min(block + FittedColumns.BLOCK, hi);
            double bound = v.bound();
            if (FittedColumns.anyWithin(s, block, end, bound)) {
                for (int age = block; age < end; age++) {
                    if (s[age] <= bound) { // past the bound, the visitor wants nothing of it
                        v.visit(memory.slotOf(firstSerial + age), s[age]);
                        bound = v.bound();
                    }
                }
            }
        }
    }

    /** Visits the vectors of ages [lo, hi) within the visitor's bound, newest first. */
    private static void visitDownward(Memory memory, double[] s, long firstSerial, int lo, int hi, FittedColumns.Visitor v) {
        for (int block = hi; block > lo; block -= FittedColumns.BLOCK) {
            int start = Math.max(block - FittedColumns.BLOCK, lo);
            double bound = v.bound();
            if (FittedColumns.anyWithin(s, start, block, bound)) {
                for (int age = block - 1; age >= start; age--) {
                    if (s[age] <= bound) {
                        v.visit(memory.slotOf(firstSerial + age), s[age]);
                        bound = v.bound();
                    }
                }
            }
        }
    }

    private void distances(double[] x, int start, int end) {
        double[] s = distances;
        Arrays.fill(s, start, end, 0);
        for (int j = 0; j < active.length; j++) {
            double[] c = columns[j];
            double xj = x[active[j]];
            double w = weights[active[j]];
            for (int i = start; i < end; i++) {
                double t = w * (xj - c[i]);
                s[i] += t * t;
            }
        }
    }
}
