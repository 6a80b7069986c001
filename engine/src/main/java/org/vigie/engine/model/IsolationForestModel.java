package org.vigie.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vigie.engine.Evidence;

/**
 * Isolation: a forest grown on the memory at each fit scores every value by how few random cuts isolate its
 * feature vector. The forest calls a value an outlier when its anomaly score passes the
 * {@code 1 - contamination} quantile of the scores of the memory's own vectors (as scikit-learn's
 * {@code contamination} does), so both algorithms leave about the same share of the memory as outliers.
 *
 * <p>By default each tree is grown on the whole memory rather than on Liu et al.'s sub-sample of 256: a
 * pattern the sensor shows once a day is then a small cluster in every tree, not one or no point in most
 * of them, so it is not isolated as if it were new (docs/quality.md has the measurements).
 */
public final class IsolationForestModel implements Model {

    /**
     * @param trees trees in the forest
     * @param sample memory vectors each tree is grown on; {@link #WHOLE_MEMORY} (0) for all of them
     * @param maxDepth a tree stops splitting at this depth (its leaves then hold several points, counted by
     *     c(size)): bounds the forest's size, 2^(maxDepth+1) - 1 nodes a tree
     * @param parts the forest is regrown a part at a time: at each refit, every {@code parts}-th tree (a
     *     tree then lives {@code parts} refresh periods); the whole forest when the memory, the sample or the
     *     coordinates that count have changed since the last fit
     * @param contamination share of the memory's own vectors the forest calls outliers
     * @param minScore the offset is at least this anomaly score: a memory of near repeats, which the
     *     forest cannot tell apart, does not make random path lengths outliers
     */
    public record Options(int trees, int sample, int maxDepth, int parts, double contamination, double minScore) implements Model.Options {
        public static final int WHOLE_MEMORY = 0;
        public static final int DEFAULT_TREES = 50;
        public static final int DEFAULT_SAMPLE = WHOLE_MEMORY;
        public static final int DEFAULT_MAX_DEPTH = 9;
        /**
         * A quarter of the trees regrown at each refit: a tree lives 1,000 values (half the memory), and a fit, two
         * thirds of the forest's time with halves, costs half as much. Against 2 on 2026-12-04: NAB 61.0 (53.8 to
         * 68.2) over four seeds -> 60.9 (53.2 to 68.7); sensor faults on seeds 1 to 20 81.0 % -> 81.9 % found,
         * 2.70 -> 2.72 false alarms per 10,000 (docs/quality.md).
         */
        public static final int DEFAULT_PARTS = 4;
        public static final double DEFAULT_CONTAMINATION = 0.02;
        public static final double DEFAULT_MIN_SCORE = 0.6;

        public Options {
            if (trees < 1 || trees > 10_000) {
                throw new IllegalArgumentException("trees must be between 1 and 10000: " + trees);
            }
            if (sample != WHOLE_MEMORY && (sample < 2 || sample > Memory.Options.MAX_SIZE)) {
                throw new IllegalArgumentException("sample must be 0 (the whole memory) or between 2 and " + Memory.Options.MAX_SIZE + ": " + sample);
            }
            if (maxDepth < 1 || maxDepth > 16) {
                throw new IllegalArgumentException("maxDepth must be between 1 and 16: " + maxDepth);
            }
            if (parts < 1 || parts > trees) {
                throw new IllegalArgumentException("parts must be between 1 and the trees (" + trees + "): " + parts);
            }
            if (!(contamination >= 0 && contamination < 0.5)) {
                throw new IllegalArgumentException("contamination must be in [0, 0.5): " + contamination);
            }
            if (!(minScore >= 0 && minScore < 1)) {
                throw new IllegalArgumentException("minScore must be in [0, 1): " + minScore);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_TREES, DEFAULT_SAMPLE, DEFAULT_MAX_DEPTH, DEFAULT_PARTS, DEFAULT_CONTAMINATION, DEFAULT_MIN_SCORE);
        }

        @Override
        public Model create(Memory memory, int window) {
            return new IsolationForestModel(this);
        }

        @Override
        public int rounds() {
            return parts;
        }

        @Override
        public Map<String, String> parameters() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("trees", Integer.toString(trees));
            p.put("sample", sample == WHOLE_MEMORY ? "memory" : Integer.toString(sample));
            p.put("maxDepth", Integer.toString(maxDepth));
            p.put("parts", Integer.toString(parts));
            p.put("contamination", Double.toString(contamination));
            p.put("minScore", Double.toString(minScore));
            return p;
        }
    }

    private final Options options;
    private IsolationForest forest;
    private int[] active; // the coordinates the forest splits on
    private double offset;

    IsolationForestModel(Options options) {
        this.options = options;
    }

    @Override
    public void fit(Memory memory, double[] weights, SplittableRandom random, long round) {
        int sample = Math.min(options.sample() == Options.WHOLE_MEMORY ? memory.size() : options.sample(), memory.size());
        int[] weighing = Sampling.weighing(weights);
        double[] lengths;
        if (forest == null || forest.sample() != sample || !java.util.Arrays.equals(weighing, active)) {
            forest = new IsolationForest(options.trees(), sample, options.maxDepth());
            lengths = forest.grow(memory, weighing, 0, 1, random);
        } else {
            lengths = forest.grow(memory, weighing, (int) Math.floorMod(round, (long) options.parts()), options.parts(), random);
        }
        active = weighing;
        // The memory's own scores, from the path lengths its vectors had in the trees just grown (those in no
        // tree's sample left out): no second pass through the forest.
        // A score falls as its path length grows (Math.pow is semi-monotonic), so the scores' upper quantile is the
        // score of the lengths' lower one, to the bit: one power instead of one per memory vector.
        int kept = 0;
        for (double l : lengths) {
            if (!Double.isNaN(l)) {
                lengths[kept++] = l; // in place: the lengths are the fit's own
            }
        }
        int q = Sampling.upperQuantileIndex(kept, options.contamination());
        double shortest = Selection.selectBracketed(lengths, kept, kept - 1 - q, new double[kept]);
        offset = Math.max(forest.anomalyScore(shortest), options.minScore());
    }

    @Override
    public boolean fitted() {
        return forest != null;
    }

    @Override
    public Evidence judge(double[] x) {
        double length = forest.pathLength(x);
        return new Evidence.Isolation(length, forest.anomalyScore(length), offset);
    }
}
