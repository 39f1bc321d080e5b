package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.falco.compile.MapFieldSource;
import dev.peregrine.filters.falco.evttype.EventTypeNames;
import dev.peregrine.filters.falco.rules.CompiledRule;
import dev.peregrine.filters.falco.rules.MatchMode;
import dev.peregrine.filters.falco.rules.RuleSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peregrine's default rules ({@code conf/rules/peregrine_rules.yaml}): they load cleanly, and each rule fires on a
 * matching event while a benign neighbour (same syscall, one detail different) stays quiet.
 */
class PeregrineRulesTest {
    private static RuleSet rules;

    static Path rulesFile() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("conf/rules/peregrine_rules.yaml");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new AssertionError("conf/rules/peregrine_rules.yaml not found above " + Path.of("").toAbsolutePath());
    }

    @BeforeAll
    static void load() throws IOException {
        RulesFiles.Loaded l = RulesFiles.load(List.of(rulesFile()));
        assertTrue(l.successful(), l.result()::toString);
        assertEquals(List.of(), l.result().warnings(), "no warnings expected");
        rules = l.rules();
    }

    private static List<String> hits(MapFieldSource ev) {
        String type = (String) ev.value(ref("evt.type"));
        List<String> out = new ArrayList<>();
        rules.evaluate(EventTypeNames.indexOf(type), ev, MatchMode.ALL, (CompiledRule r) -> out.add(r.name()));
        return out;
    }

    private static dev.peregrine.filters.falco.compile.FieldRef ref(String field) {
        return new dev.peregrine.filters.falco.compile.ConditionCompiler(
                dev.peregrine.filters.falco.fields.FieldRegistry.syscall()).ref(field, null);
    }

    private static MapFieldSource open(String proc, String file, boolean write) {
        int slash = file.lastIndexOf('/');
        return new MapFieldSource().put("evt.type", "openat").put("evt.is_open_write", write)
                .put("evt.is_open_read", !write).put("fd.typechar", "f").put("fd.num", 3L).put("fd.name", file)
                .put("fd.directory", slash <= 0 ? "/" : file.substring(0, slash)).put("proc.name", proc)
                .put("proc.pname", "bash").put("container.id", "host").put("evt.arg.flags", "O_WRONLY|O_CREAT");
    }

    private static MapFieldSource exec(String proc, String containerId, long vpid) {
        return new MapFieldSource().put("evt.type", "execve").put("evt.rawres", 0L).put("proc.name", proc)
                .put("proc.pname", "containerd-shim").put("container.id", containerId).put("proc.vpid", vpid);
    }

    private static MapFieldSource connect(String proc, String serverIp, String containerId) {
        return new MapFieldSource().put("evt.type", "connect").put("evt.rawres", 0L).put("evt.res", "SUCCESS")
                .put("fd.typechar", "4").put("fd.snet", serverIp).put("fd.sip", serverIp).put("proc.name", proc)
                .put("container.id", containerId);
    }

    private static MapFieldSource mkdir(String proc, String path) {
        return new MapFieldSource().put("evt.type", "mkdirat").put("evt.rawres", 0L).put("evt.arg.path", path)
                .put("proc.name", proc).put("proc.pname", "bash");
    }

    @Test
    void rulesFile_definesFiveEnabledRules() {
        assertEquals(5, rules.rules().size());
        assertEquals(5, rules.enabledCount());
        assertNotNull(rules.rule("Peregrine write below etc"));
        // every output compiles, with the suggested container fields appended
        new dev.peregrine.filters.falco.output.AlertFormatter(rules,
                dev.peregrine.filters.falco.output.AlertFormatOptions.defaults("h"),
                dev.peregrine.filters.falco.fields.FieldRegistry.syscall());
    }

    @Test
    void writeBelowEtc_firesForUnknownWriter_notForReadsPackageManagersOrExceptions() {
        assertEquals(List.of("Peregrine write below etc"), hits(open("python3", "/etc/cron.d/job", true)));
        assertEquals(List.of(), hits(open("python3", "/etc/hosts", false)));
        assertEquals(List.of(), hits(open("python3", "/var/tmp/etc/x", true)));
        assertEquals(List.of(), hits(open("dpkg", "/etc/ld.so.conf.d/x.conf", true)));
        assertEquals(List.of(), hits(open("kubelet", "/etc/kubernetes/manifests/pod.yaml", true)));
        assertEquals(List.of("Peregrine write below etc"), hits(open("kubelet", "/etc/passwd", true)));
    }

    @Test
    void sensitiveFileRead_firesForUntrustedReader_notForSshdOrOrdinaryFiles() {
        assertEquals(List.of("Peregrine sensitive file read by untrusted program"),
                hits(open("cat", "/etc/shadow", false)));
        assertEquals(List.of("Peregrine sensitive file read by untrusted program"),
                hits(open("python3", "/etc/sudoers.d/admins", false)));
        assertEquals(List.of(), hits(open("sshd", "/etc/shadow", false)));
        assertEquals(List.of(), hits(open("cat", "/etc/passwd", false)));
    }

    @Test
    void mkdirBelowBinaryDir_firesBelowUsrBin_notElsewhereOrForPackageManagers() {
        assertEquals(List.of("Peregrine directory created below binary directory"),
                hits(mkdir("bash", "/usr/bin/.cache")));
        assertEquals(List.of(), hits(mkdir("bash", "/usr/binaries")));
        assertEquals(List.of(), hits(mkdir("bash", "/tmp/x")));
        assertEquals(List.of(), hits(mkdir("rpm", "/usr/bin/newtool")));
    }

    @Test
    void shellOrPackageManagerInContainer_firesInContainer_notOnHostNotForEntrypoint() {
        assertEquals(List.of("Peregrine shell or package manager in container"), hits(exec("bash", "3ad7b26ded6d", 42)));
        assertEquals(List.of("Peregrine shell or package manager in container"), hits(exec("apt-get", "3ad7b26ded6d", 7)));
        assertEquals(List.of(), hits(exec("bash", "host", 4242)));
        assertEquals(List.of(), hits(exec("sh", "3ad7b26ded6d", 1)));
        assertEquals(List.of(), hits(exec("nginx", "3ad7b26ded6d", 12)));
    }

    @Test
    void outboundConnection_firesToPublicAddress_notToPrivateNetworksProxiesOrHost() {
        assertEquals(List.of("Peregrine unexpected outbound connection from container"),
                hits(connect("curl", "93.184.216.34", "3ad7b26ded6d")));
        assertEquals(List.of(), hits(connect("curl", "10.96.0.10", "3ad7b26ded6d")));
        assertEquals(List.of(), hits(connect("curl", "169.254.169.254", "3ad7b26ded6d")));
        assertEquals(List.of(), hits(connect("envoy", "93.184.216.34", "3ad7b26ded6d")));
        assertEquals(List.of(), hits(connect("curl", "93.184.216.34", "host")));
    }
}
