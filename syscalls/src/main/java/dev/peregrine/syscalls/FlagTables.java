package dev.peregrine.syscalls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Names of flag and enum parameter values (libs {@code driver/flags_table.c}), used to render
 * {@code evt.arg.flags} as {@code O_RDONLY|O_CLOEXEC} or {@code evt.arg.request} as {@code PTRACE_ATTACH},
 * the way libsinsp prints them.
 */
public final class FlagTables {
    private static final Map<String, Table> TABLES = load();

    /** One table: names and values in declaration order. */
    public static final class Table {
        final String[] names;
        final long[] values;

        Table(String[] names, long[] values) {
            this.names = names;
            this.values = values;
        }
    }

    private FlagTables() {
    }

    public static Table get(String name) {
        return TABLES.get(name);
    }

    /**
     * Renders a flags value as libsinsp does for {@code PT_FLAGS*} ({@code sinsp_evt::get_param_as_str}): walk
     * the table in order; a zero entry matches only a zero value; a non-zero entry matches when all its bits
     * are still set, and its bits are then cleared (so {@code O_RDWR} hides {@code O_RDONLY|O_WRONLY}); stop
     * when an entry equals the whole value. Nothing matched renders as the empty string.
     */
    public static String renderFlags(Table t, long value) {
        StringBuilder sb = new StringBuilder();
        long initial = value;
        long rest = value;
        for (int i = 0; i < t.names.length; i++) {
            long v = t.values[i];
            boolean match = v == 0 ? initial == 0 : rest != 0 && (rest & v) == v;
            if (match) {
                rest &= ~v;
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(t.names[i]);
                if (v == initial) {
                    break;
                }
            }
        }
        return sb.toString();
    }

    /**
     * Renders an enum value ({@code PT_ENUMFLAGS*}): every entry equal to the value joined with {@code |}
     * (socket families list {@code AF_LOCAL} and {@code AF_UNIX}), or "".
     */
    public static String renderEnum(Table t, long value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.names.length; i++) {
            if (t.values[i] == value) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(t.names[i]);
            }
        }
        return sb.toString();
    }

    private static Map<String, Table> load() {
        Map<String, Table> m = new HashMap<>();
        try (InputStream in = FlagTables.class.getResourceAsStream("flag_tables.txt")) {
            if (in == null) {
                throw new IllegalStateException("flag_tables.txt missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String[] items = f[1].isEmpty() ? new String[0] : f[1].split(" ");
                String[] names = new String[items.length];
                long[] values = new long[items.length];
                for (int i = 0; i < items.length; i++) {
                    int eq = items[i].lastIndexOf('=');
                    names[i] = items[i].substring(0, eq);
                    values[i] = Long.parseLong(items[i].substring(eq + 1));
                }
                m.put(f[0], new Table(names, values));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
