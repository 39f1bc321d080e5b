package dev.peregrine.filters.falco.rules;

/** Semantic version of the rules engine and of {@code required_engine_version} values. */
public record EngineVersion(int major, int minor, int patch) {
    /** The Falco engine version whose behaviour this port follows (Falco 0.44 master). */
    public static final EngineVersion CURRENT = new EngineVersion(0, 63, 0);

    /** An integer N means 0.N.0 (old rules files); otherwise "x.y.z". Null if unparsable. */
    static EngineVersion parseRequirement(String s) {
        String t = s.trim();
        if (t.matches("[0-9]+")) {
            return new EngineVersion(0, Integer.parseInt(t), 0);
        }
        if (t.matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
            String[] p = t.split("\\.");
            return new EngineVersion(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
        }
        return null;
    }

    /** Same major, and this version at least the required one. */
    boolean compatibleWith(EngineVersion required) {
        if (major != required.major) {
            return false;
        }
        if (minor != required.minor) {
            return minor > required.minor;
        }
        return patch >= required.patch;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
