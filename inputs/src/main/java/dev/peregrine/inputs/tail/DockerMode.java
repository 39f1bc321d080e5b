package dev.peregrine.inputs.tail;

/**
 * The old Docker_Mode (tail_dockermode.c): Docker json-file lines whose {@code log} does not end with a newline are
 * joined, textually, with the following ones: the escaped {@code log} strings are concatenated and put in place of
 * the last line's {@code log}, and that line goes to the Parser. Works on the raw JSON text, as Fluent Bit does.
 */
final class DockerMode {
    /** Pending escaped log text, and the last line seen (whose log is replaced at flush). */
    final ByteBuilder buf = new ByteBuilder(1024);
    byte[] lastLine;
    long flushDeadline;

    private DockerMode() {
    }

    static DockerMode create() {
        return new DockerMode();
    }

    /** Span [start, end) of the raw (escaped) string value of the top-level "log" key, or null. */
    static int[] logValue(byte[] b, int off, int len) {
        int end = off + len;
        int i = skipWs(b, off, end);
        if (i >= end || b[i] != '{' || i != off) {
            return null;
        }
        i++;
        while (true) {
            i = skipWs(b, i, end);
            if (i >= end) {
                return null;
            }
            if (b[i] == '}') {
                return null;
            }
            if (b[i] != '"') {
                return null;
            }
            int ks = i + 1;
            int ke = stringEnd(b, ks, end);
            if (ke < 0) {
                return null;
            }
            i = skipWs(b, ke + 1, end);
            if (i >= end || b[i] != ':') {
                return null;
            }
            i = skipWs(b, i + 1, end);
            if (i >= end) {
                return null;
            }
            boolean isLog = ke - ks == 3 && b[ks] == 'l' && b[ks + 1] == 'o' && b[ks + 2] == 'g';
            if (isLog) {
                if (b[i] != '"') {
                    return null;
                }
                int ve = stringEnd(b, i + 1, end);
                return ve < 0 ? null : new int[] {i + 1, ve};
            }
            i = skipValue(b, i, end);
            if (i < 0) {
                return null;
            }
            i = skipWs(b, i, end);
            if (i < end && b[i] == ',') {
                i++;
            }
        }
    }

    /** Whether the escaped value ends with an escaped newline. */
    static boolean endsWithNewline(byte[] b, int s, int e) {
        if (e - s < 2 || b[e - 1] != 'n') {
            return false;
        }
        int bs = 0;
        for (int i = e - 2; i >= s && b[i] == '\\'; i--) {
            bs++;
        }
        return bs % 2 == 1;
    }

    private static int skipWs(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static int stringEnd(byte[] b, int i, int end) {
        while (i < end) {
            if (b[i] == '\\') {
                i += 2;
                continue;
            }
            if (b[i] == '"') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static int skipValue(byte[] b, int i, int end) {
        if (b[i] == '"') {
            int e = stringEnd(b, i + 1, end);
            return e < 0 ? -1 : e + 1;
        }
        if (b[i] == '{' || b[i] == '[') {
            int depth = 0;
            while (i < end) {
                byte c = b[i];
                if (c == '"') {
                    int e = stringEnd(b, i + 1, end);
                    if (e < 0) {
                        return -1;
                    }
                    i = e + 1;
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                i++;
            }
            return -1;
        }
        while (i < end && b[i] != ',' && b[i] != '}' && b[i] != ' ' && b[i] != '\t' && b[i] != '\r'
            && b[i] != '\n') {
            i++;
        }
        return i;
    }
}
