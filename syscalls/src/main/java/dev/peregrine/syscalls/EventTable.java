package dev.peregrine.syscalls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver event table as data (libs {@code driver/event_table.c}): name, flags and parameter list per
 * event code. Loaded from {@code event_table.txt}, which {@code syscalls/tools/gen_event_table.py} generates
 * from a libs checkout, so a libs upgrade is a regeneration, not a code change.
 */
public final class EventTable {
    private static final EventInfo[] BY_CODE = load();
    private static final String[] SYSCALLS = loadSyscalls();

    private EventTable() {
    }

    /** Number of event codes ({@code PPM_EVENT_MAX}); valid codes are {@code 0..size()-1}. */
    public static int size() {
        return BY_CODE.length;
    }

    /** The event of a code, or null if the code is beyond this table (a capture from newer drivers). */
    public static EventInfo get(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /**
     * Name of a {@code ppm_sc} system-call code (the {@code ID} parameter of generic {@code syscall} events),
     * or null when unknown.
     */
    public static String syscallName(int ppmSc) {
        return ppmSc >= 0 && ppmSc < SYSCALLS.length ? SYSCALLS[ppmSc] : null;
    }

    private static String[] loadSyscalls() {
        List<String> names = new ArrayList<>();
        try (InputStream in = EventTable.class.getResourceAsStream("ppm_sc.txt")) {
            if (in == null) {
                throw new IllegalStateException("ppm_sc.txt missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                int code = Integer.parseInt(f[0]);
                while (names.size() <= code) {
                    names.add(null);
                }
                names.set(code, f[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names.toArray(new String[0]);
    }

    private static EventInfo[] load() {
        List<EventInfo> rows = new ArrayList<>();
        try (InputStream in = EventTable.class.getResourceAsStream("event_table.txt")) {
            if (in == null) {
                throw new IllegalStateException("event_table.txt missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                int flags = 0;
                if (!f[3].equals("-")) {
                    for (String fl : f[3].split("\\|")) {
                        flags |= EventFlag.parse(fl);
                    }
                }
                List<ParamInfo> params = new ArrayList<>();
                if (!f[5].isEmpty()) {
                    for (String p : f[5].split(" ")) {
                        String[] q = p.split(":");
                        params.add(new ParamInfo(q[0], ParamType.valueOf(q[1]), ParamFormat.valueOf(q[2]),
                                q.length > 3 ? q[3] : null));
                    }
                }
                int code = Integer.parseInt(f[0]);
                if (code != rows.size()) {
                    throw new IllegalStateException("event_table.txt: code " + code + " out of order (expected: "
                            + rows.size() + ")");
                }
                rows.add(new EventInfo(code, f[1], f[2], flags, f[4], params));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.toArray(new EventInfo[0]);
    }
}
