package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.ast.Position;

/** A condition that parses but cannot be compiled (unknown field, bad operator for the type, bad value). */
public final class CompileException extends RuntimeException {
    private final Position position;

    public CompileException(String message, Position position) {
        super(message);
        this.position = position;
    }

    public Position position() {
        return position;
    }
}
