package dev.peregrine.filters.falco.ast;

/**
 * Location in a condition string: 0-based character offset, 1-based line and column.
 * Both {@code \r} and {@code \n} start a new line, as in the libsinsp parser.
 */
public record Position(int idx, int line, int col) {
    public static final Position START = new Position(0, 1, 1);

    @Override
    public String toString() {
        return line + ":" + col;
    }
}
