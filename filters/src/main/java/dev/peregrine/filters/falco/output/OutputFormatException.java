package dev.peregrine.filters.falco.output;

/** An output format that libsinsp's formatter would reject; the message is worded like libsinsp's. */
public final class OutputFormatException extends RuntimeException {
    public OutputFormatException(String message) {
        super(message);
    }
}
