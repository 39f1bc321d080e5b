package dev.peregrine.filters.falco.parse;

import dev.peregrine.filters.falco.ast.Position;

/** A condition that the grammar rejects; {@link #position()} is where the parser stood when it gave up. */
public final class ConditionSyntaxException extends RuntimeException {
    private final String reason;
    private final Position position;

    public ConditionSyntaxException(String reason, Position position) {
        super(reason);
        this.reason = reason;
        this.position = position;
    }

    /** The bare message, worded like libsinsp's (e.g. {@code expected a ')' token}). */
    public String reason() {
        return reason;
    }

    public Position position() {
        return position;
    }
}
