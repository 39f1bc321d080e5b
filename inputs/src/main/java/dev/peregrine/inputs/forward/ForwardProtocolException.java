package dev.peregrine.inputs.forward;

/**
 * A peer broke the protocol: the connection is closed and one line is logged, {@code <reason> (expected: ...)}.
 * No stack trace is filled in: this is an expected outcome of bad input, not a bug.
 */
final class ForwardProtocolException extends Exception {
    private final String expected;

    ForwardProtocolException(String reason, String expected) {
        super(reason, null, false, false);
        this.expected = expected;
    }

    String expected() {
        return expected;
    }

    /** The log text: the reason, then what was expected. */
    String describe() {
        return expected == null ? getMessage() : getMessage() + " (expected: " + expected + ")";
    }
}
