package org.vigie.detector;

import org.vigie.engine.Decision;
import org.vigie.engine.Detector;

/**
 * One partition's detector, and the offset its judging starts at: the records before it (read back after
 * an assignment) are judged silently, only to rebuild the detector's state as it was.
 *
 * @param detector the engine for this partition (its own seed)
 * @param judgeFrom the first offset reported; {@code Long.MIN_VALUE} when every record is
 */
record PartitionState(Detector detector, long judgeFrom) {

    /** Whether the record at {@code offset} only rebuilds the state (it was judged and logged before). */
    boolean rebuilding(long offset) {
        return offset < judgeFrom;
    }

    Decision judge(long offset, long micros, double value) {
        return detector.judge(offset, micros, value);
    }
}
