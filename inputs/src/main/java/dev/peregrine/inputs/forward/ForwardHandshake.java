package dev.peregrine.inputs.forward;

import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The server side of the secure-forward handshake as Fluent Bit's in_forward speaks it: HELO with a 16-byte nonce
 * and auth salt (msgpack str, not bin), a six-str PING, then PONG. One instance per connection.
 */
final class ForwardHandshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] sharedKey;
    private final String selfHostname;
    private final Map<String, String> users;
    private final byte[] nonce = new byte[16];
    private final byte[] authSalt = new byte[16];

    ForwardHandshake(byte[] sharedKey, String selfHostname, Map<String, String> users) {
        this.sharedKey = sharedKey;
        this.selfHostname = selfHostname;
        this.users = users;
        fill(nonce);
        fill(authSalt);
    }

    /**
     * 16 random bytes drawn from letters and digits. Fluent Bit draws any byte, but the nonce travels as a msgpack str
     * and clients that decode str as UTF-8 text (fluent-logger for Node, @fluent-org/logger) then hash different
     * bytes and fail the handshake; printable bytes hash the same either way (still about 95 bits of randomness).
     */
    private static void fill(byte[] b) {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
    }

    /** {@code ["HELO", {"nonce": str16, "auth": str16}]}. */
    byte[] helo() {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2).packString("HELO").packMapHeader(2);
            p.packString("nonce").packRawStringHeader(nonce.length).writePayload(nonce);
            p.packString("auth").packRawStringHeader(authSalt.length).writePayload(authSalt);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the PING came to: the reply to send (null: none) and whether the peer may go on. */
    record Outcome(byte[] reply, boolean accepted, String failure) {
    }

    Outcome ping(byte[] frame) throws ForwardProtocolException {
        MsgpackReader r = new MsgpackReader(frame, 0, frame.length);
        String[] f = new String[6];
        byte[][] raw = new byte[6][];
        if (!MsgpackReader.isArray(r.peek()) || r.arrayHeader() != 6) {
            throw new ForwardProtocolException("Invalid PING message",
                "[\"PING\", hostname, shared_key_salt, shared_key_hexdigest, username, password_hexdigest]");
        }
        for (int i = 0; i < 6; i++) {
            if (!MsgpackReader.isStr(r.peek())) {
                throw new ForwardProtocolException("Invalid PING message: element " + i + " is "
                    + MsgpackReader.typeName(r.peek()), "six str elements");
            }
            int len = r.bytesHeader();
            raw[i] = java.util.Arrays.copyOfRange(frame, r.position(), r.position() + len);
            r.skipBytes(len);
            f[i] = new String(raw[i], StandardCharsets.UTF_8);
        }
        if (!f[0].equals("PING")) {
            throw new ForwardProtocolException("Invalid PING message: '" + f[0] + "'", "\"PING\"");
        }
        byte[] salt = raw[2];
        String want = hex(sha512(salt, raw[1], nonce, sharedKey));
        if (!MessageDigest.isEqual(want.getBytes(StandardCharsets.US_ASCII), raw[3])) {
            return new Outcome(null, false, "shared_key mismatch");
        }
        if (!users.isEmpty()) {
            String pw = users.get(f[4]);
            boolean ok = pw != null && MessageDigest.isEqual(hex(sha512(authSalt, raw[4],
                pw.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII), raw[5]);
            if (!ok) {
                return new Outcome(pong(false, "username/password mismatch", "", ""), false,
                    "username/password mismatch for user '" + f[4] + "'");
            }
        }
        byte[] host = selfHostname.getBytes(StandardCharsets.UTF_8);
        return new Outcome(pong(true, "", selfHostname, hex(sha512(salt, host, nonce, sharedKey))), true, null);
    }

    private static byte[] pong(boolean ok, String reason, String host, String digest) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(5).packString("PONG").packBoolean(ok).packString(reason).packString(host)
                .packString(digest);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sha512(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-512");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
