package org.vigie.detector.engine;

/** The detection algorithms. */
public enum Algorithm {
    /** Smile's DBSCAN on the window plus the value: an anomaly when the value is noise. */
    DBSCAN("dbscan"),
    /** Smile's IsolationForest fitted on the window: an anomaly when the value's score passes the threshold. */
    IFOREST("iforest"),
    /**
     * Baseline for checking the NAB scorer: an anomaly when |v - mean| / pstdev > 4 over the window
     * (no floor: pstdev 0 counts as 1e-9).
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
