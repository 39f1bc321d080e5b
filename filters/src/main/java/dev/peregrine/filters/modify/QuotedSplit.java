package dev.peregrine.filters.modify;

import java.util.ArrayList;
import java.util.List;

/**
 * Fluent Bit's {@code flb_utils_split_quoted(value, ' ', 3)}: space-separated tokens where a token starting with
 * {@code "} or {@code '} runs to the matching quote ({@code \"} and {@code \\} unescaped); after 3 tokens the rest of
 * the line, as written, is a 4th token.
 */
final class QuotedSplit {
    private QuotedSplit() {
    }

    /** The tokens, or null when a quote is not closed. */
    static List<String> split(String line, int maxSplit) {
        List<String> out = new ArrayList<>();
        int len = line.length();
        int i = 0;
        while (i < len) {
            int p = i;
            while (p < len && line.charAt(p) == ' ') {
                p++;
            }
            int end;
            if (p < len && (line.charAt(p) == '"' || line.charAt(p) == '\'')) {
                char q = line.charAt(p);
                StringBuilder b = new StringBuilder();
                int k = p + 1;
                boolean closed = false;
                while (k < len) {
                    char c = line.charAt(k);
                    if (c == '\\' && k + 1 < len && (line.charAt(k + 1) == q || line.charAt(k + 1) == '\\')) {
                        b.append(line.charAt(k + 1));
                        k += 2;
                        continue;
                    }
                    if (c == q) {
                        closed = true;
                        break;
                    }
                    b.append(c);
                    k++;
                }
                if (!closed) {
                    return null;
                }
                out.add(b.toString());
                end = k + 1;
            } else {
                int sep = line.indexOf(' ', p);
                end = sep < 0 ? len : sep;
                out.add(line.substring(p, end));
            }
            i = end + 1;
            if (out.size() >= maxSplit && i < len) {
                out.add(line.substring(i));
                break;
            }
        }
        return out;
    }
}
