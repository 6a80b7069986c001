package org.vigie.engine.calibration;

/**
 * Turns a model's raw score into a score in [0, 1] that means the same for every model: the share of the
 * last {@code size} raw scores below it (ties count half), that is 1 minus a conformal p-value. 0.99 says
 * "more unusual than 99 % of what this model has scored lately", whatever the model's raw units.
 *
 * <p>Every raw score enters the ring, anomalies too: a lasting change (a step, a new regime) ranks high at
 * first, then fills the ring and stops standing out.
 */
public final class ConformalCalibrator {

    /** @param size raw scores kept to rank against */
    public record Options(int size) {
        public static final int DEFAULT_SIZE = 1000;

        public Options {
            if (size < 10 || size > 100_000) {
                throw new IllegalArgumentException("calibration size must be between 10 and 100000: " + size);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_SIZE);
        }
    }

    private final double[] ring;
    private int head;
    private int size;

    public ConformalCalibrator(Options options) {
        this.ring = new double[options.size()];
    }

    /** The calibrated score of {@code raw} against the ring (0.5 while the ring is empty). */
    public double score(double raw) {
        if (size == 0) {
            return 0.5;
        }
        int below = 0;
        int equal = 0;
        for (int i = 0; i < size; i++) {
            double r = ring[i];
            if (r < raw) {
                below++;
            } else if (r == raw) {
                equal++;
            }
        }
        return (below + 0.5 * equal) / size;
    }

    public void add(double raw) {
        ring[head] = raw;
        head = (head + 1) % ring.length;
        if (size < ring.length) {
            size++;
        }
    }

    public int size() {
        return size;
    }
}
