package dev.peregrine.inputs.syscall;

import dev.peregrine.syscalls.EventInfo;
import dev.peregrine.syscalls.EventTable;
import dev.peregrine.syscalls.SyscallEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java side against the C header bpf/peregrine_events.h, compiled with the host C compiler: header size and
 * field offsets that {@link SyscallEvent} reads, the map value layouts {@link BpfLoader} writes and reads, the
 * event codes and parameter counts against the event table, and the syscall numbers against {@link SyscallSet}.
 */
class SyscallLayoutTest {
    static final Path HEADER = Path.of(System.getProperty("peregrine.home", "../.."), "bpf/peregrine_events.h");
    static Map<String, Long> values;

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        Path cc = findCc();
        if (cc == null) {
            // CI must check the layout; a developer machine without a C compiler may skip it.
            assertTrue(!ci, "CI=true but no C compiler (gcc/cc) to check bpf/peregrine_events.h");
            Assumptions.abort("no C compiler");
        }
        Path header = HEADER.toAbsolutePath().normalize();
        assertTrue(Files.exists(header), header + " missing");
        String h = Files.readString(header);
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^#define ((?:PPME|PG_NR)_\\w+) ").matcher(h);
        while (m.find()) {
            names.add(m.group(1));
        }
        StringBuilder c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <linux/types.h>\n"
                + "#include \"" + header + "\"\n#define P(n, v) printf(\"%s %lld\\n\", n, (long long)(v))\n"
                + "int main(void) {\n"
                + "P(\"hdr.size\", sizeof(struct ppm_evt_hdr));\n"
                + "P(\"hdr.ts\", offsetof(struct ppm_evt_hdr, ts));\n"
                + "P(\"hdr.tid\", offsetof(struct ppm_evt_hdr, tid));\n"
                + "P(\"hdr.len\", offsetof(struct ppm_evt_hdr, len));\n"
                + "P(\"hdr.type\", offsetof(struct ppm_evt_hdr, type));\n"
                + "P(\"hdr.nparams\", offsetof(struct ppm_evt_hdr, nparams));\n"
                + "P(\"HDR_SIZE\", PG_HDR_SIZE);\n"
                + "P(\"settings.size\", sizeof(struct pg_settings));\n"
                + "P(\"settings.boot_time\", offsetof(struct pg_settings, boot_time));\n"
                + "P(\"settings.agent_tgid\", offsetof(struct pg_settings, agent_tgid));\n"
                + "P(\"settings.drop_failed\", offsetof(struct pg_settings, drop_failed));\n"
                + "P(\"counters.size\", sizeof(struct pg_counters));\n"
                + "P(\"counters.events\", offsetof(struct pg_counters, events));\n"
                + "P(\"counters.drops_full\", offsetof(struct pg_counters, drops_full));\n"
                + "P(\"counters.drops_too_big\", offsetof(struct pg_counters, drops_too_big));\n"
                + "P(\"WANTED_SLOTS\", PG_WANTED_SLOTS);\n"
                + "P(\"SLOT_PROCEXIT\", PG_SLOT_PROCEXIT);\n");
        for (String n : names) {
            c.append("P(\"").append(n).append("\", ").append(n).append(");\n");
        }
        c.append("return 0; }\n");
        Path src = dir.resolve("layout.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("layout");
        run(List.of(cc.toString(), "-o", exe.toString(), src.toString()));
        values = new LinkedHashMap<>();
        for (String line : run(List.of(exe.toString())).split("\n")) {
            String[] f = line.split(" ");
            values.put(f[0], Long.parseLong(f[1]));
        }
    }

    private static Path findCc() {
        for (String c : new String[] {"/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/clang"}) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), cmd + ": " + out);
        return out;
    }

    private static long v(String k) {
        Long x = values.get(k);
        assertNotNull(x, k);
        return x;
    }

    @Test
    void headerMatchesTheDecoder() {
        assertEquals(SyscallEvent.HEADER_SIZE, v("hdr.size"));
        assertEquals(SyscallEvent.HEADER_SIZE, v("HDR_SIZE"));
        assertEquals(0, v("hdr.ts"));
        assertEquals(8, v("hdr.tid"));
        assertEquals(16, v("hdr.len"));
        assertEquals(20, v("hdr.type"));
        assertEquals(22, v("hdr.nparams"));
    }

    @Test
    void mapValuesMatchTheLoader() {
        // BpfLoader.configure writes 16 bytes: boot_time at 0, agent_tgid at 8, drop_failed at 12
        assertEquals(16, v("settings.size"));
        assertEquals(0, v("settings.boot_time"));
        assertEquals(8, v("settings.agent_tgid"));
        assertEquals(12, v("settings.drop_failed"));
        // BpfLoader.counters reads three u64 per CPU with a stride of 24
        assertEquals(24, v("counters.size"));
        assertEquals(0, v("counters.events"));
        assertEquals(8, v("counters.drops_full"));
        assertEquals(16, v("counters.drops_too_big"));
        assertEquals(SyscallSet.SLOTS, v("WANTED_SLOTS"));
        assertEquals(SyscallSet.SLOT_PROCEXIT, v("SLOT_PROCEXIT"));
    }

    @Test
    void eventCodesAndParameterCountsMatchTheEventTable() {
        int checked = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("PPME_") || k.endsWith("_NP")) {
                continue;
            }
            EventInfo info = EventTable.get(e.getValue().intValue());
            assertNotNull(info, k);
            assertEquals(k, info.symbol(), "code " + e.getValue());
            assertEquals(info.paramCount(), v(k + "_NP"), k + " parameter count");
            checked++;
        }
        assertTrue(checked >= 30, "checked " + checked);
    }

    @Test
    void syscallNumbersMatchTheSet() {
        int checked = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            if (!e.getKey().startsWith("PG_NR_")) {
                continue;
            }
            String name = e.getKey().substring(6);
            if (name.equals("read") || name.equals("write")) {
                continue; // numbers kept for reference; no events yet
            }
            boolean[] s = SyscallSet.slots(List.of(name));
            assertTrue(s[e.getValue().intValue()], name + " -> " + e.getValue());
            checked++;
        }
        assertEquals(SyscallSet.supported().size() - 1, checked); // all but procexit (a tracepoint)
    }
}
