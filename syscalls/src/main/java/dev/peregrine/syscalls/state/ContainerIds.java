package dev.peregrine.syscalls.state;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Container id from a thread's cgroup paths, with the matchers of Falco's container plugin
 * ({@code plugins/container/src/matchers/}: podman, docker, cri, containerd, in that order) and the
 * historical libsinsp layouts. A 64-hex id is shortened to 12 characters; no match on any cgroup means the
 * host ({@link #HOST}). Results are cached per cgroup path.
 */
public final class ContainerIds {
    public static final String HOST = "host";

    /** Container engine that matched, for {@code container.type}. */
    public enum Engine { PODMAN, DOCKER, CRI, CONTAINERD }

    /** A match: engine and short id. */
    public record Match(Engine engine, String id) {
    }

    // (prefix, suffix) layouts per engine, tried in order; see match().
    private static final String[][] PODMAN = {
        {"/libpod-", ".scope"}, {"/libpod-", ".scope/container"}, {"/libpod-", ""},
        {"/libpod-payload-", ".scope"}, {"/libpod-payload-", ".scope/container"}, {"/libpod-payload-", ""},
    };
    private static final String[][] DOCKER = {{"/", ""}, {"/docker-", ".scope"}};
    private static final String[][] CRI = {
        {"/", ""}, {"/crio-", ""}, {"/cri-containerd-", ".scope"}, {"/crio-", ".scope"}, {":cri-containerd:", ""},
        {"/docker-", ".scope"}, {"/nerdctl-", ".scope"},
    };
    private static final Pattern CONTAINERD_NS = Pattern.compile("/([A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*)/");

    private final Map<String, Match> cache = new HashMap<>();
    private static final Match NONE = new Match(null, null);

    /** The container of a thread: first cgroup that matches, else {@link #HOST}. */
    public String containerId(ThreadInfo t) {
        String c = t.containerId;
        if (c == null) {
            Match m = match(t);
            c = m == null ? HOST : m.id();
            t.containerId = c;
        }
        return c;
    }

    /** Forgets the cached id of a thread (its cgroups changed). */
    public static void invalidate(ThreadInfo t) {
        t.containerId = null;
    }

    public Match match(ThreadInfo t) {
        for (String cg : t.cgroups) {
            int eq = cg.indexOf('=');
            String path = eq >= 0 ? cg.substring(eq + 1) : cg;
            Match m = matchPath(path);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** Matches one cgroup path; null for none. */
    public Match matchPath(String cgroup) {
        Match m = cache.get(cgroup);
        if (m == null) {
            m = compute(cgroup);
            cache.put(cgroup, m == null ? NONE : m);
        }
        return m == NONE ? null : m;
    }

    private static Match compute(String cg) {
        String id;
        if ((id = firstHex(cg, PODMAN)) != null) {
            return new Match(Engine.PODMAN, id);
        }
        if ((id = firstHex(cg, DOCKER)) != null) {
            return new Match(Engine.DOCKER, id);
        }
        if ((id = firstHex(cg, CRI)) != null) {
            return new Match(Engine.CRI, id);
        }
        Matcher ns = CONTAINERD_NS.matcher(cg);
        if (ns.find()) {
            String prefix = "/" + ns.group(1) + "/";
            int p = cg.lastIndexOf(prefix);
            int start = p + prefix.length();
            String rest = cg.substring(start);
            if (!rest.isEmpty() && rest.length() <= 64 && !rest.endsWith(".service") && !rest.endsWith(".slice")
                    && !rest.endsWith(".scope")) {
                return new Match(Engine.CONTAINERD, rest.length() == 64 && isHex(rest, 0, 64) ? rest.substring(0, 12)
                        : rest);
            }
        }
        return null;
    }

    /**
     * {@code match_one_container_id}: id between the last {@code prefix} and the last {@code suffix} (or the
     * end); accepted when it is 64 characters long and hex (the plugin checks hex from the start of the
     * cgroup string on an absolute index, which is lenient; we require the id itself to be hex).
     */
    private static String firstHex(String cg, String[][] layouts) {
        for (String[] l : layouts) {
            int p = cg.lastIndexOf(l[0]);
            if (p < 0) {
                continue;
            }
            int start = p + l[0].length();
            int end;
            if (l[1].isEmpty()) {
                end = cg.length();
            } else {
                end = cg.lastIndexOf(l[1]);
                if (end < 0 || !cg.endsWith(l[1])) {
                    continue;
                }
            }
            if (end - start == 64 && isHex(cg, start, end)) {
                return cg.substring(start, start + 12);
            }
        }
        return null;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
