package org.vigie.common.recordlog;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a record log, or a record in it that does not check out. Names the file and byte offset. */
public final class RecordLogException extends IOException {

    private final Path file;
    private final long offset;

    /** A log that cannot be used as a whole (in use by another writer): no byte offset to name. */
    RecordLogException(Path file, String what) {
        super(file + ": " + what);
        this.file = file;
        this.offset = -1;
    }

    RecordLogException(Path file, long offset, String what) {
        super(file + ": " + what + " at byte offset " + offset);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Byte offset in the file of the header or record that failed. */
    public long offset() {
        return offset;
    }
}
