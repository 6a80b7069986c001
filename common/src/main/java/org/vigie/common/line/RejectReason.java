package org.vigie.common.line;

/** Why a serial line was not published. The producer counts rejected lines by these. */
public enum RejectReason {
    NO_SEPARATOR("no separator"),
    BAD_TOPIC("bad topic"),
    BAD_VALUE("bad value"),
    TOO_LONG("too long"),
    NOT_UTF8("not UTF-8");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    /** Human words for reports: {@code bad topic}. */
    public String label() {
        return label;
    }
}
