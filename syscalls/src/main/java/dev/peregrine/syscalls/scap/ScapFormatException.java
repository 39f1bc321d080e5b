package dev.peregrine.syscalls.scap;

import java.io.IOException;

/** A capture file that does not follow the libscap savefile format; the message names the block and offset. */
public final class ScapFormatException extends IOException {
    public ScapFormatException(String message) {
        super(message);
    }
}
