package org.vigie.common.line;

/**
 * Cuts a byte stream into LF-terminated lines of at most {@code maxLength} bytes. A longer line is
 * reported once as too long and skipped up to its newline, without ever holding more than
 * {@code maxLength} bytes. Not thread-safe.
 */
public final class LineFramer {

    public static final int DEFAULT_MAX_LENGTH = 1024;

    /** Receives what the framer cuts. The line bytes are only valid during the call. */
    public interface Sink {
        void line(byte[] bytes, int offset, int length);

        /** A line longer than the limit was dropped; {@code length} is how many bytes it had. */
        void tooLong(long length);
    }

    private final byte[] line;
    private int length;
    /** Bytes of an over-long line seen so far, or -1 when not inside one. */
    private long overflow = -1;

    public LineFramer(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("max line length must be positive: " + maxLength);
        }
        this.line = new byte[maxLength];
    }

    public void feed(byte[] data, int offset, int count, Sink sink) {
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            byte b = data[i];
            if (b == '\n') {
                if (overflow >= 0) {
                    sink.tooLong(overflow);
                    overflow = -1;
                } else {
                    sink.line(line, 0, length);
                }
                length = 0;
            } else if (overflow >= 0) {
                overflow++;
            } else if (length == line.length) {
                overflow = length + 1L;
                length = 0;
            } else {
                line[length++] = b;
            }
        }
    }

    /** Forgets a partial line (the port went away mid-line); returns how many bytes were dropped. */
    public long reset() {
        long dropped = overflow >= 0 ? overflow : length;
        length = 0;
        overflow = -1;
        return dropped;
    }
}
