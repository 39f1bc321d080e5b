package dev.peregrine.pipeline.json;

/** JSON text that Fluent Bit's JSON reader would refuse; {@link #position()} is the byte offset of the problem. */
public final class JsonDecodeException extends RuntimeException {
    private final int position;

    public JsonDecodeException(String message, int position) {
        super(message + " at byte " + position);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
