package dev.peregrine.inputs.forward;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip payload (one or more concatenated members, as Fluent Bit accepts) into at most {@code max} bytes:
 * a small bomb cannot make us allocate more than Buffer_Max_Size.
 */
final class BoundedGunzip {
    private BoundedGunzip() {
    }

    /** The result: bytes [0, length) of {@code data} are the inflated payload. */
    record Inflated(byte[] data, int length) {
    }

    static boolean sniff(byte[] b, int off, int len) {
        return len >= 2 && (b[off] & 0xff) == 0x1f && (b[off + 1] & 0xff) == 0x8b;
    }

    static Inflated inflate(byte[] src, int off, int len, long max) throws ForwardProtocolException {
        byte[] out = new byte[(int) Math.min(max, Math.max(4096L, 4L * len))];
        int n = 0;
        // GZIPInputStream reads concatenated members one after the other (RFC 1952 section 2.2).
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(src, off, len), 8192)) {
            while (true) {
                if (n == out.length) {
                    if (n >= max) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new ForwardProtocolException("decompressed payload exceeds limit (" + max + " bytes)",
                            "a gzip payload inflating to at most Buffer_Max_Size=" + max + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(max, 2L * out.length));
                }
                int r = in.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            throw new ForwardProtocolException("invalid gzip payload: " + e.getMessage(), "a valid gzip stream");
        }
        return new Inflated(out, n);
    }
}
