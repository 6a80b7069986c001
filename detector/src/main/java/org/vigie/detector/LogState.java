package org.vigie.detector;

import org.vigie.common.State;
import org.vigie.engine.Verdict;

/** The one place where the engine's verdicts become the record log's states (the seed's codes 2, 1, -1). */
public final class LogState {

    private LogState() {}

    public static State of(Verdict verdict) {
        return switch (verdict) {
            case INITIALISING -> State.INITIALISING;
            case NORMAL -> State.NORMAL;
            case ANOMALY -> State.ANOMALY;
        };
    }
}
