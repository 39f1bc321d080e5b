package dev.peregrine.filters.falco.fields;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Looks up fields by name. Besides exact names, {@code evt.arg.NAME} and {@code evt.rawarg.NAME} resolve to
 * {@code evt.arg}/{@code evt.rawarg} with argument NAME, as libsinsp's field-name parsing does.
 */
public final class FieldRegistry {
    private static final FieldRegistry SYSCALL = new FieldRegistry(parse(FieldTable.DATA));

    private final Map<String, FieldInfo> fields;

    public FieldRegistry(Map<String, FieldInfo> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Fields available to rules of source {@code syscall} (libsinsp + container plugin). */
    public static FieldRegistry syscall() {
        return SYSCALL;
    }

    public FieldInfo get(String name) {
        return fields.get(name);
    }

    public Collection<FieldInfo> all() {
        return fields.values();
    }

    /** A resolved reference: the field plus the effective argument (from brackets or a dotted suffix). */
    public record Resolved(FieldInfo info, String arg) {
    }

    /** Resolves a field as written in a condition; null if unknown. */
    public Resolved resolve(String name, String bracketArg) {
        FieldInfo f = fields.get(name);
        if (f != null) {
            return new Resolved(f, bracketArg);
        }
        for (String prefix : new String[] {"evt.arg.", "evt.rawarg."}) {
            if (name.startsWith(prefix) && bracketArg == null && name.length() > prefix.length()) {
                FieldInfo base = fields.get(prefix.substring(0, prefix.length() - 1));
                if (base != null) {
                    return new Resolved(base, name.substring(prefix.length()));
                }
            }
        }
        return null;
    }

    static Map<String, FieldInfo> parse(String data) {
        Map<String, FieldInfo> m = new LinkedHashMap<>();
        for (String line : data.split("\n")) {
            String[] p = line.trim().split(" ");
            if (p.length != 3) {
                continue;
            }
            EnumSet<FieldFlag> flags = EnumSet.noneOf(FieldFlag.class);
            if (!p[2].equals("-")) {
                for (String f : p[2].split(",")) {
                    flags.add(FieldFlag.valueOf(f));
                }
            }
            m.put(p[0], new FieldInfo(p[0], FieldType.valueOf(p[1]), flags));
        }
        return m;
    }
}
