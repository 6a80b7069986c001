package org.vigie.detector.engine;

import org.vigie.common.State;

/**
 * What a detector says of one value: its state, and a score for people tuning settings (the algorithm's
 * own measure: distance to the nearest window value in neighbourhood radii for DBSCAN, the forest's
 * anomaly score for IsolationForest, 0 for a value the forest was not asked about; NaN while
 * initialising).
 */
public record Decision(State state, double score) {}
