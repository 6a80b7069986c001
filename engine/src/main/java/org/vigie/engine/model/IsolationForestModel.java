package org.vigie.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.vigie.engine.Evidence;

/**
 * Isolation: a forest grown on samples of the memory at each fit scores every value by how few random
 * cuts isolate its feature vector. The forest calls a value an outlier when its anomaly score passes the
 * {@code 1 - contamination} quantile of the scores of the memory's own vectors (as scikit-learn's
 * {@code contamination} does), so both algorithms leave about the same share of the memory as outliers.
 */
public final class IsolationForestModel implements Model {

    /**
     * @param trees trees in the forest
     * @param sample vectors each tree is grown on (Liu et al.'s ψ; 256 is theirs)
     * @param contamination share of the memory's own vectors the forest calls outliers
     * @param minScore the offset is at least this anomaly score: a memory of near repeats, which the
     *     forest cannot tell apart, does not make random path lengths outliers
     */
    public record Options(int trees, int sample, double contamination, double minScore) implements Model.Options {
        public static final int DEFAULT_TREES = 100;
        public static final int DEFAULT_SAMPLE = 256;
        public static final double DEFAULT_CONTAMINATION = 0.02;
        public static final double DEFAULT_MIN_SCORE = 0.6;

        public Options {
            if (trees < 1 || trees > 10_000) {
                throw new IllegalArgumentException("trees must be between 1 and 10000: " + trees);
            }
            if (sample < 2 || sample > 65_536) {
                throw new IllegalArgumentException("sample must be between 2 and 65536: " + sample);
            }
            if (!(contamination >= 0 && contamination < 0.5)) {
                throw new IllegalArgumentException("contamination must be in [0, 0.5): " + contamination);
            }
            if (!(minScore >= 0 && minScore < 1)) {
                throw new IllegalArgumentException("minScore must be in [0, 1): " + minScore);
            }
        }

        public static Options defaults() {
            return new Options(DEFAULT_TREES, DEFAULT_SAMPLE, DEFAULT_CONTAMINATION, DEFAULT_MIN_SCORE);
        }

        @Override
        public Model create(Memory memory, int window) {
            return new IsolationForestModel(this);
        }

        @Override
        public Map<String, String> parameters() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("trees", Integer.toString(trees));
            p.put("sample", Integer.toString(sample));
            p.put("contamination", Double.toString(contamination));
            p.put("minScore", Double.toString(minScore));
            return p;
        }
    }

    /** Memory vectors scored to place the outlier offset. */
    static final int OFFSET_SAMPLE = 256;

    private final Options options;
    private IsolationForest forest;
    private double offset;

    IsolationForestModel(Options options) {
        this.options = options;
    }

    @Override
    public void fit(Memory memory, double[] weights, SplittableRandom random) {
        forest = IsolationForest.grow(memory, Sampling.weighing(weights), options.trees(), options.sample(), random);
        int n = Math.min(OFFSET_SAMPLE, memory.size());
        int[] ages = Sampling.distinct(memory.size(), n, random);
        double[] scores = new double[n];
        double[] x = new double[memory.dimension()];
        for (int s = 0; s < n; s++) {
            for (int j = 0; j < x.length; j++) {
                x[j] = memory.get(ages[s], j);
            }
            scores[s] = forest.anomalyScore(forest.pathLength(x));
        }
        offset = Math.max(Sampling.upperQuantile(scores, options.contamination()), options.minScore());
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
