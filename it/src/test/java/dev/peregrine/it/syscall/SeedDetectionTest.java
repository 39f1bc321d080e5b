package dev.peregrine.it.syscall;

import dev.peregrine.it.AgentProcess;
import dev.peregrine.it.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's detection path, live: the agent runs {@code syscall -> falco -> stdout} with Falco's own stable and
 * sandbox rules plus custom rules like the seed's customRules (whoami, locate); a simulated containerd container
 * writes below /etc, reads /etc/shadow, creates a directory below /bin and runs whoami. The alerts must come with the
 * process, parent, file, user and the 12-character container id.
 */
class SeedDetectionTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
    }

    @Test
    void containerAttacks_raiseFalcosAlertsWithContainerContext() throws Exception {
        Path rules = SharedData.dir().resolve("falco-rules");
        Path custom = dir.resolve("custom_rules.yaml");
        Files.writeString(custom, """
            - rule: Whoami Execution
              desc: Someone ran whoami (reconnaissance)
              condition: spawned_process and proc.name = whoami
              output: "whoami run (user=%user.name command=%proc.cmdline parent=%proc.pname container=%container.id)"
              priority: WARNING
              tags: [seed, recon]
            - rule: Locate Execution
              desc: Someone ran locate (searching the filesystem)
              condition: spawned_process and proc.name = locate
              output: "locate run (user=%user.name command=%proc.cmdline container=%container.id)"
              priority: WARNING
              tags: [seed, recon]
            """);
        Files.writeString(dir.resolve("agent.conf"), "[SERVICE]\n    Flush 0.5\n    Grace 2\n\n"
            + "[INPUT]\n    Name syscall\n    Tag syscall\n    Syscalls mkdir,mkdirat\n\n"
            + "[FILTER]\n    Name falco\n    Match syscall\n"
            + "    Rules_File " + rules.resolve("falco_rules.yaml") + "\n"
            + "    Rules_File " + rules.resolve("falco-sandbox_rules.yaml") + "\n"
            + "    Rules_File " + custom + "\n\n"
            + "[OUTPUT]\n    Name stdout\n    Match falco\n    Format json_lines\n    json_date_key false\n");
        try (AgentProcess a = AgentProcess.start(dir, List.of("-c", "agent.conf"), Map.of(), List.of());
             SimulatedContainer c = new SimulatedContainer(List.of(Path.of("/etc/2"), Path.of("/bin/hello")))) {
            SyscallAgent.awaitAttach(a);
            String shortId = c.shortId();
            c.run("touch /etc/2; cat /etc/shadow > /dev/null; mkdir /bin/hello; whoami");

            List<String> alerts = new ArrayList<>();
            long end = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < end) {
                alerts.clear();
                for (String l : new String(a.stdout(), StandardCharsets.UTF_8).split("\n")) {
                    if (l.contains("\"container.id\":\"" + shortId + "\"")) {
                        alerts.add(l);
                    }
                }
                if (alerts.stream().anyMatch(l -> l.contains("\"rule\":\"Whoami Execution\""))
                    && alerts.stream().anyMatch(l -> l.contains("\"rule\":\"Mkdir binary dirs\""))) {
                    break;
                }
                Thread.sleep(300);
            }
            String all = String.join("\n", alerts) + "\n--- stderr ---\n" + a.stderr();
            String etc = alert(alerts, "Write below etc", all);
            assertTrue(etc.contains("\"proc.cmdline\":\"touch /etc/2\""), etc);
            assertTrue(etc.contains("\"fd.name\":\"/etc/2\""), etc);
            assertTrue(etc.contains("\"proc.pname\":\"sh\""), etc);
            assertTrue(etc.contains("\"user.name\":\"root\""), etc);
            String shadow = alert(alerts, "Read sensitive file untrusted", all);
            assertTrue(shadow.contains("\"fd.name\":\"/etc/shadow\""), shadow);
            assertTrue(shadow.contains("\"proc.cmdline\":\"cat /etc/shadow\""), shadow);
            String mkdir = alert(alerts, "Mkdir binary dirs", all);
            assertTrue(mkdir.contains("/bin/hello"), mkdir);
            assertTrue(mkdir.contains("\"proc.cmdline\":\"mkdir /bin/hello\""), mkdir);
            String whoami = alert(alerts, "Whoami Execution", all);
            assertTrue(whoami.contains("whoami run (user=root command=whoami parent=sh container=" + shortId + ")"),
                whoami);
            assertTrue(whoami.contains("\"priority\":\"Warning\""), whoami);
            assertTrue(whoami.contains("\"tags\":[\"recon\",\"seed\"]"), whoami);

            // The same command on the host: container.id is "host". This sandbox runs the tests in a memory cgroup
            // named like a containerd one (/process_api/<id>), which Falco's matcher would take for a container
            // too, so the host process first moves itself to the root cgroup of every v1 controller.
            Process host = new ProcessBuilder("sh", "-c", "for c in /sys/fs/cgroup/*/cgroup.procs; do "
                + "echo $$ > $c 2>/dev/null; done; exec whoami").redirectErrorStream(true).start();
            host.getInputStream().readAllBytes();
            assertTrue(host.waitFor(10, TimeUnit.SECONDS));
            long hostEnd = System.currentTimeMillis() + 15_000;
            boolean hostAlert = false;
            while (!hostAlert && System.currentTimeMillis() < hostEnd) {
                for (String l : new String(a.stdout(), StandardCharsets.UTF_8).split("\n")) {
                    hostAlert |= l.contains("\"rule\":\"Whoami Execution\"") && l.contains("container=host)");
                }
                Thread.sleep(300);
            }
            assertTrue(hostAlert, "whoami on the host gives container.id host:\n"
                + new String(a.stdout(), StandardCharsets.UTF_8));
        }
    }

    private static String alert(List<String> alerts, String rule, String all) {
        return alerts.stream().filter(l -> l.contains("\"rule\":\"" + rule + "\"")).findFirst()
            .orElseThrow(() -> new AssertionError("no '" + rule + "' alert for the container:\n" + all));
    }
}
