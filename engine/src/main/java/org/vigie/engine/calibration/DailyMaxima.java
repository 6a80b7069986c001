package org.vigie.engine.calibration;

import java.util.Arrays;

/**
 * The sensor's normal raw scores over the last day of its own time, as the largest of each block of values: what
 * the calibration's ring cannot see. The ring ranks a raw score against the last 1,000 (17 minutes at 1 s, 100 s at
 * 0.1 s) and reads the chance of a higher one from their tail; a threshold held per 5 minutes asks, at 1 s, for a
 * chance of 3 in a million, far past what 1,000 scores tell. Read from so few, the noise of a fast sensor ranked
 * rarer than it is: 2 to 11 false alarms a day at 0.1 to 2 s, where the promise was 0.3.
 *
 * <p>Here each block of {@code block} positions keeps the largest raw score of the sensor's normal life in it (the
 * scores the ring holds as normal, an anomaly's left out, so a glitch that recurs is not made ordinary by its own
 * earlier occurrences). Each block whose largest reached a raw score holds at least one value that high, so the raw
 * score is at least as likely as those blocks' count over the day's values: {@link #chanceAtLeast}. Only closed
 * blocks wholly within the day count, and only once the day holds {@link #MIN_BLOCKS} of them, so a sensor read
 * every 10 s or slower (fewer positions a day) is judged as before; a fast one is judged against its day, and its
 * noise passes a threshold only past the largest it showed that day. How far past is read from the day too: a Gumbel
 * law fitted to the blocks' largest scores gives the chance of one past them all, where the ring's exponential tail,
 * fitted to 100 scores, read a fast sensor's day record as far rarer than the day's records are.
 *
 * <p>Blocks are cut at multiples of {@code block} positions, so a detector rebuilt from its horizon ({@link #reach}
 * positions after those that rebuild its raw scores and ring) holds the same closed blocks as one that never stopped.
 */
public final class DailyMaxima {

    /** The sensor time the maxima are kept over: a day, the period of a person's attention and of most sensors' cycle. */
    static final long DAY_MICROS = 86_400_000_000L;

    /**
     * Blocks kept at most: a day at 1 s in blocks of 1,000 (86 of them); a faster sensor's maxima span less than its
     * day (2.8 hours at 0.1 s). A detector rebuilt after a restart judges them again: 102,000 positions, about a second.
     */
    public static final int MAX_BLOCKS = 100;

    /**
     * Blocks the day must hold before its maxima count: fewer, and its largest is no rarer than what the ring's own
     * tail reads. 12 rings' worth of values: 3.3 hours at 1 s, 6.7 at 2 s; a sensor read every 10 s or slower (8.6
     * blocks a day) is judged by its ring alone. Chosen among 4, 8, 12, 16 and 20 (docs/quality.md): with 4 or 8 the
     * sensor faults of seeds 1 to 20 found fell from 92.3 % to 84.8 and 88.8 % (DBSCAN) and from 85.5 % to 75.3 and
     * 81.0 % (the forest); from 12 on they are as without the maxima, and the false alarms a day fewest.
     */
    static final int MIN_BLOCKS = 12;

    /** Euler's constant γ: a Gumbel law's mean lies γ scales past its location. */
    private static final double EULER_GAMMA = 0.5772156649015329;

    private final long block;
    private final double[] maxima = new double[MAX_BLOCKS]; // the day's normal block maxima, gathered and sorted for a fit
    // A ring of the closed blocks, oldest first from head: each one's largest normal raw score, its values' earliest
    // and latest event times (a clock may step back within a block) and how many values it holds.
    private final double[] max = new double[MAX_BLOCKS];
    private final long[] earliest = new long[MAX_BLOCKS];
    private final long[] latest = new long[MAX_BLOCKS];
    private final int[] valueCounts = new int[MAX_BLOCKS];
    private int head;
    private int count;
    private long openBlock; // the block being filled, by its number, once it holds a value
    private double openMax;
    private long openEarliest;
    private long openLatest;
    private int openValues;

    /** Blocks of {@code block} positions: the calibration's ring, so that a block is a ring's worth of positions. */
    public DailyMaxima(int block) {
        if (block < 1) {
            throw new IllegalArgumentException("a block must hold a value: " + block);
        }
        this.block = block;
    }

    /**
     * Positions that a rebuilt detector must judge, once its raw scores and ring are an uninterrupted one's, to hold the
     * same blocks: {@link #MAX_BLOCKS} complete ones, after the block it was in then and before the one being filled.
     */
    public static long reach(int block) {
        return (long) (MAX_BLOCKS + 2) * block;
    }

    /**
     * Takes the value at {@code position} and {@code micros}: its raw score if the ring holds it as normal
     * ({@code normal}), else only its place in its block.
     */
    public void add(long position, long micros, double raw, boolean normal) {
        long b = Math.floorDiv(position, block);
        if (openValues == 0 || b != openBlock) {
            close();
            openBlock = b;
            openMax = Double.NEGATIVE_INFINITY;
            openEarliest = micros;
            openLatest = micros;
        }
        if (normal && raw > openMax) {
            openMax = raw;
        }
        openEarliest = Math.min(openEarliest, micros);
        openLatest = Math.max(openLatest, micros);
        openValues++;
    }

    private void close() {
        if (openValues == 0) {
            return;
        }
        int at = (head + count) % MAX_BLOCKS;
        if (count == MAX_BLOCKS) {
            head = (head + 1) % MAX_BLOCKS;
        } else {
            count++;
        }
        max[at] = openMax;
        earliest[at] = openEarliest;
        latest[at] = openLatest;
        valueCounts[at] = openValues;
        openValues = 0;
    }

    /**
     * How many of the closed blocks that lie wholly within the day before {@code micros} had a normal raw score of at
     * least {@code raw}, over the values they hold: a lower bound of how often the sensor's normal life gave such a
     * score that day. Past every block's largest, the count of blocks a Gumbel law fitted to the blocks' largest
     * expects to reach it, at most one, over the same values ({@link #beyondEveryMaximum}). 0 while the day holds fewer
     * than {@link #MIN_BLOCKS} blocks.
     */
    public double chanceAtLeast(double raw, long micros) {
        long dayStart = micros - DAY_MICROS;
        long total = 0;
        int reaching = 0;
        int blocks = 0;
        int normalBlocks = 0; // those with a normal score, their largest in maxima
        for (int i = 0; i < count; i++) {
            int at = (head + i) % MAX_BLOCKS;
            if (earliest[at] >= dayStart && latest[at] <= micros) {
                total += valueCounts[at];
                reaching += max[at] >= raw ? 1 : 0;
                blocks++;
                if (max[at] > Double.NEGATIVE_INFINITY) {
                    maxima[normalBlocks++] = max[at];
                }
            }
        }
        if (blocks < MIN_BLOCKS) {
            return 0;
        }
        return reaching > 0 ? (double) reaching / total : beyondEveryMaximum(raw, normalBlocks) / total;
    }

    /**
     * How many of the day's blocks are expected to reach {@code raw}, which none of them did, at most one, from the
     * first {@code n} of {@link #maxima} (the day's blocks with a normal score, gathered by the caller): a Gumbel law
     * (the law of a block's maximum when the scores' tail is of the exponential kind) fitted to the day's block maxima
     * by probability-weighted moments (Hosking, Wallis and Wood 1985), times their count. 0 when fewer than
     * {@link #MIN_BLOCKS} blocks had a normal score, or all had the same largest: no law to read. The ring's tail reads
     * the same chance from its largest hundred scores, 17 minutes at 1 s; this reads it from the day. The maxima are of
     * normal scores, so the law is fitted below the ring's anomaly cutoff and read past it: it errs towards a rarer
     * score. Just past the day's record the count jumps from one block's (the record's) to the law's, which fits the
     * record with the other blocks and may put it below one.
     */
    private double beyondEveryMaximum(double raw, int n) {
        if (n < MIN_BLOCKS) {
            return 0;
        }
        Arrays.sort(maxima, 0, n);
        if (maxima[0] == maxima[n - 1]) {
            return 0;
        }
        double b0 = 0;
        double b1 = 0;
        for (int i = 0; i < n; i++) {
            b0 += maxima[i] / n;
            b1 += maxima[i] * i / (n - 1.0) / n; // i / (n - 1): the unbiased weight of the i-th smallest
        }
        double scale = (2 * b1 - b0) / Math.log(2);
        if (!(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
            return 0;
        }
        double location = b0 - EULER_GAMMA * scale;
        double blockChance = -Math.expm1(-Math.exp(-(raw - location) / scale));
        return Math.min(1, blockChance * n);
    }

    /** Forgets every block, the one being filled too: the scores of a model that knew much less than the next. */
    public void clear() {
        count = 0;
        head = 0;
        openValues = 0;
    }
}
