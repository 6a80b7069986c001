package org.vigie.engine;

/** The detection algorithms. */
public enum Algorithm {
    /** Density: a value is an anomaly when DBSCAN calls its feature vector noise among the memory's. */
    DBSCAN("dbscan"),
    /** Isolation: a value is an anomaly when a forest grown on the memory isolates it in few cuts. */
    IFOREST("iforest"),
    /**
     * Baseline for checking the NAB scorer: an anomaly when |v - mean| / pstdev > 4 over the window
     * (no floor: pstdev 0 counts as 1e-9). No memory, no calibration.
     */
    ZSCORE("zscore");

    private final String id;

    Algorithm(String id) {
        this.id = id;
    }

    /** Short name used in file names, group ids and log headers. */
    public String id() {
        return id;
    }
}
