package org.vigie.common.cli;

/** A problem the user can fix (a missing file, a bad option value): printed as one line, exit code 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
