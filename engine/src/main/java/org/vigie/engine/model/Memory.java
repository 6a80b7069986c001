package org.vigie.engine.model;

/**
 * The feature vectors of the last {@code capacity} values, with their event times: what the models are
 * fitted on and what DBSCAN counts neighbours in. Flat storage, oldest overwritten first.
 */
public final class Memory {

    /**
     * @param size feature vectors remembered (the "lately" in "the sensor has been here lately")
     * @param refresh the models are refitted when a value's position crosses a multiple of this
     */
    public record Options(int size, int refresh) {
        public static final int DEFAULT_SIZE = 2000;
        public static final int DEFAULT_REFRESH = 250;
        public static final int MAX_SIZE = 100_000;

        public Options {
            if (size < 50 || size > MAX_SIZE) {
                throw new IllegalArgumentException("memory must be between 50 and " + MAX_SIZE + " values: " + size);
            }
            if (refresh < 1) {
                throw new IllegalArgumentException("refresh must be positive: " + refresh);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SIZE, DEFAULT_REFRESH);
        }
    }

    private final int dimension;
    private final int capacity;
    private final double[] data;
    private final long[] times;
    private final long[] serials; // per slot, the number of vectors added before the one it holds
    private int head;
    private int size;
    private long added;

    public Memory(int capacity, int dimension) {
        this.capacity = capacity;
        this.dimension = dimension;
        this.data = new double[capacity * dimension];
        this.times = new long[capacity];
        this.serials = new long[capacity];
    }

    public void add(double[] vector, long micros) {
        System.arraycopy(vector, 0, data, head * dimension, dimension);
        times[head] = micros;
        serials[head] = added++;
        head = head + 1 == capacity ? 0 : head + 1;
        if (size < capacity) {
            size++;
        }
    }

    public int size() {
        return size;
    }

    /** How many vectors were ever added: with {@link #serial}, tells which slots changed since a moment. */
    public long added() {
        return added;
    }

    /** The serial of the vector slot {@code i} holds (the count of vectors added before it). */
    long serial(int i) {
        return serials[i];
    }

    /** The slot of the vector with serial {@code serial}, which must still be held. */
    int slotOf(long serial) {
        return slot((int) (serial - (added - size)));
    }

    /** Vectors held at most. */
    int capacity() {
        return capacity;
    }

    public int dimension() {
        return dimension;
    }

    /** The flat storage: vector {@code i} (slot order, not age order) starts at {@code i * dimension}. */
    double[] data() {
        return data;
    }

    /**
     * Coordinate {@code j} of the {@code age}-th vector held, 0 the oldest. Everything that samples or sums
     * the memory goes by age, not by slot: a detector rebuilt from fewer values holds the same vectors in
     * other slots, and must draw and add them in the same order.
     */
    public double get(int age, int j) {
        return data[slot(age) * dimension + j];
    }

    /** Coordinate {@code j} of every vector held, oldest first, into {@code out[0, size)}. */
    public void column(int j, double[] out) {
        int slot = oldestSlot();
        for (int age = 0; age < size; age++) {
            out[age] = data[slot * dimension + j];
            if (++slot == capacity) {
                slot = 0;
            }
        }
    }

    /** The slot of the oldest vector held. */
    int oldestSlot() {
        return size < capacity ? 0 : head;
    }

    /** The slot of the {@code age}-th vector held, 0 the oldest. */
    int slot(int age) {
        int slot = oldestSlot() + age;
        return slot < capacity ? slot : slot - capacity;
    }

    /**
     * The median time between consecutive vectors held, in microseconds (0 with fewer than two): the sensor's
     * usual reading interval, which a gap where it was unplugged does not move.
     */
    public long medianIntervalMicros() {
        long[] inOrder = new long[size];
        for (int age = 0; age < size; age++) {
            inOrder[age] = times[slot(age)];
        }
        return medianIntervalMicros(inOrder);
    }

    /**
     * The median time between consecutive {@code micros} (in reading order), 0 with fewer than two. Where most
     * readings share their time with the one before (times coarser than the readings: whole seconds at 2 Hz,
     * milliseconds at 2 kHz), the mean gap over the whole span instead.
     */
    public static long medianIntervalMicros(long[] micros) {
        if (micros.length < 2) {
            return 0;
        }
        long[] gaps = new long[micros.length - 1];
        for (int i = 1; i < micros.length; i++) {
            gaps[i - 1] = micros[i] - micros[i - 1];
        }
        long median = Selection.select(gaps, 0, gaps.length, (gaps.length - 1) / 2); // what a sort would put there
        return median > 0 ? median : Math.max(0, (micros[micros.length - 1] - micros[0]) / gaps.length);
    }

    /** Time between the oldest and the newest vector held, in microseconds. */
    public long spanMicros() {
        if (size < 2) {
            return 0;
        }
        long newest = times[Math.floorMod(head - 1, capacity)];
        long oldest = times[size < capacity ? 0 : head];
        return newest - oldest;
    }
}
