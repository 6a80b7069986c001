package org.vigie.common;

/**
 * What a record log says of a value. The codes are the seed's, so that its plot script's meaning holds:
 * 2 initialising, 1 normal, -1 anomaly. A reference log (the producer's copy of what it sent) judges
 * nothing and stores {@link #REFERENCE}, code 0.
 */
public enum State {
    INITIALISING(2),
    NORMAL(1),
    REFERENCE(0),
    ANOMALY(-1);

    private final byte code;

    State(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The state of a stored code, or null when the code is not one of ours. */
    public static State ofCode(byte code) {
        return switch (code) {
            case 2 -> INITIALISING;
            case 1 -> NORMAL;
            case 0 -> REFERENCE;
            case -1 -> ANOMALY;
            default -> null;
        };
    }
}
