package dev.peregrine.syscalls.state;

/**
 * Path joining as libsinsp's {@code sinsp_utils::concatenate_paths}: a relative path is appended to the
 * directory, then {@code .}, {@code ..} and repeated slashes are resolved lexically (no symlinks).
 */
public final class Paths {
    private Paths() {
    }

    public static String concatenate(String dir, String path) {
        if (path == null) {
            path = "";
        }
        if (!path.isEmpty() && path.charAt(0) == '/') {
            return normalize(path);
        }
        if (dir == null || dir.isEmpty()) {
            return normalize(path);
        }
        return normalize(dir.endsWith("/") ? dir + path : dir + "/" + path);
    }

    /** A working directory as libsinsp stores it ({@code set_cwd}): always ending with {@code /}. */
    public static String asDirectory(String cwd) {
        if (cwd == null || cwd.isEmpty()) {
            return "";
        }
        return cwd.endsWith("/") ? cwd : cwd + "/";
    }

    /** Lexical normalisation; keeps a path relative if it was. */
    public static String normalize(String p) {
        if (p.isEmpty()) {
            return p;
        }
        boolean abs = p.charAt(0) == '/';
        if (abs && p.indexOf("//") < 0 && p.indexOf("/.") < 0 && !p.endsWith("/") || !abs && p.indexOf('/') < 0
                && !p.equals(".") && !p.equals("..")) {
            return p;
        }
        String[] parts = p.split("/");
        String[] out = new String[parts.length];
        int n = 0;
        for (String s : parts) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                if (n > 0 && !out[n - 1].equals("..")) {
                    n--;
                } else if (!abs) {
                    out[n++] = s;
                }
                continue;
            }
            out[n++] = s;
        }
        StringBuilder sb = new StringBuilder(p.length());
        if (abs) {
            sb.append('/');
        }
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(out[i]);
        }
        return sb.toString();
    }
}
