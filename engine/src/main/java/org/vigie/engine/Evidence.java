package org.vigie.engine;

/** Why a model judged a value as it did: its own raw measure, beside the calibrated score. */
public sealed interface Evidence {

    /** The model's raw score, larger for more unusual values (what the calibration ranks). */
    double raw();

    /** Whether the model, on its own terms, calls the value an outlier. */
    boolean outlier();

    /**
     * DBSCAN: the memory's feature vectors within {@code eps} of the value's (counted up to minPts, which
     * is all a core point needs), and the distance to the {@code minPts}-th nearest one (in standardised
     * feature units); noise when DBSCAN calls it so.
     */
    record Density(int neighbours, double eps, double kDistance, boolean noise) implements Evidence {
        @Override
        public double raw() {
            return kDistance; // not over ε: ε is re-estimated at each fit, and a raw score must not jump with it
        }

        @Override
        public boolean outlier() {
            return noise;
        }
    }

    /**
     * IsolationForest: the mean path length of the value over the trees, the anomaly score
     * 2^(-pathLength / c(sample)) it gives, and the score above which the forest calls a value an outlier
     * (the contamination quantile of the memory's own scores), unless it repeats a change the sensor made before and
     * stayed with ({@code repeat}).
     */
    record Isolation(double meanPathLength, double anomalyScore, double offset, boolean repeat) implements Evidence {
        /**
         * The odds of the anomaly score, s / (1 - s): 1 for a value as hard to isolate as the average point,
         * growing without bound as the forest isolates it at once. The same order as the score, but not
         * squeezed under 1, so that the calibration can tell how far past the sensor's normal scores a
         * value lies (an earlier glitch then does not hide the next one).
         */
        @Override
        public double raw() {
            return anomalyScore >= 1 ? Double.MAX_VALUE : anomalyScore / (1 - anomalyScore);
        }

        @Override
        public boolean outlier() {
            return anomalyScore > offset && !repeat;
        }
    }

    /**
     * A value beyond the range of the values before it (by a margin): an anomaly whatever its model said, its calibrated
     * score 1. Its raw score stays the model's, so the calibration's ring and an incident's comparisons keep the
     * model's units.
     */
    record Beyond(Evidence model) implements Evidence {
        @Override
        public double raw() {
            return model.raw();
        }

        @Override
        public boolean outlier() {
            return true;
        }
    }

    /** The z-score baseline: |v - mean| / pstdev over the window. */
    record Deviation(double z) implements Evidence {
        @Override
        public double raw() {
            return z;
        }

        @Override
        public boolean outlier() {
            return z > 4;
        }
    }
}
