package org.vigie.detector;

import org.vigie.engine.Decision;
import org.vigie.engine.Detector;

/**
 * One partition's detector and where, after an assignment, its reporting resumes. The records read back
 * before {@code judgeFrom} are judged again only to rebuild the detector's state as it was; those from
 * {@code republishFrom} on were judged and logged before, but their anomaly events may not have reached
 * Kafka before a crash, so those events are sent again (events are at least once, the log exactly once).
 *
 * @param detector the engine for this partition (its own seed)
 * @param republishFrom the group's committed offset at the assignment: events from here on are sent again
 * @param judgeFrom the first offset logged (the log's resume point, else the committed offset);
 *     {@code Long.MIN_VALUE} when every record is
 */
record PartitionState(Detector detector, long republishFrom, long judgeFrom) {

    /** What a record read from a partition is for. */
    enum Role {
        /** Before the committed offset: only rebuilds the state. */
        REBUILD,
        /** In the log already, maybe not as an event: rebuilds the state, its anomaly event is sent again. */
        REPUBLISH,
        /** New: judged, logged, published. */
        JUDGE
    }

    /** A partition judged from its first record. */
    static PartitionState fresh(Detector detector) {
        return new PartitionState(detector, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    Role role(long offset) {
        return offset >= judgeFrom ? Role.JUDGE : offset >= republishFrom ? Role.REPUBLISH : Role.REBUILD;
    }

    Decision judge(long offset, long micros, double value) {
        return detector.judge(offset, micros, value);
    }
}
