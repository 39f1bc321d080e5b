package dev.peregrine.it.syscall;

import dev.peregrine.it.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No alert for the test suite's own build activity with Falco's stable rules: the agent runs
 * {@code syscall -> falco (falco_rules.yaml) -> stdout} while a uniquely named shell (a copy of sh) runs what a
 * build does: {@code mvn -v}, {@code javac} on a small file, {@code git init/add/commit}, {@code npm --version}
 * and reading ~/.m2. Every alert names the alerting process and its ancestors (Append_Output), so alerts from
 * that shell's process tree are told apart from the rest of the host's. A control process (a copy of cat reading
 * /etc/shadow, "Read sensitive file untrusted") runs last: once its alert is out, the activity's events have been
 * evaluated.
 */
class BuildActivityTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
    }

    @Test
    void buildActivity_raisesNoAlertWithTheStableRules() throws Exception {
        Path rules = SharedData.dir().resolve("falco-rules").resolve("falco_rules.yaml");
        String id = String.valueOf(ProcessHandle.current().pid() % 100000);
        String shell = "pgbuild" + id;
        String control = "pgctl" + id;
        Path sh = dir.resolve(shell);
        Files.copy(Path.of("/bin/sh"), sh, StandardCopyOption.COPY_ATTRIBUTES);
        Path cat = dir.resolve(control);
        Files.copy(Path.of("/bin/cat"), cat, StandardCopyOption.COPY_ATTRIBUTES);
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("Hello.java"), "public class Hello { public static void main(String[] a) {"
                + " System.out.println(\"hi\"); } }\n");
        Files.writeString(work.resolve("build.sh"), """
                set -e
                mvn -B -v
                javac -d classes Hello.java
                java -cp classes Hello
                git init -q repo
                cp Hello.java repo/
                cd repo
                git add Hello.java
                git -c user.name=build -c user.email=build@example.com commit -q -m first
                git log --oneline
                cd ..
                if command -v npm >/dev/null; then npm --version; fi
                if [ -d "$HOME/.m2" ]; then find "$HOME/.m2" -maxdepth 4 | head -200; \
                  find "$HOME/.m2" -name '*.pom' | head -50 | xargs -r cat > /dev/null; fi
                """);
        String anc = "%proc.aname[1]/%proc.aname[2]/%proc.aname[3]/%proc.aname[4]/%proc.aname[5]/%proc.aname[6]";
        String conf = "[SERVICE]\n    Flush 0.5\n    Grace 1\n\n"
                + "[INPUT]\n    Name syscall\n    Tag syscall\n\n"
                + "[FILTER]\n    Name falco\n    Match syscall\n    Rules_File " + rules + "\n"
                + "    Append_Output tree=%proc.name/" + anc + "\n\n"
                + "[OUTPUT]\n    Name stdout\n    Match falco\n    Format json_lines\n";
        try (SyscallAgent a = SyscallAgent.withConfig(dir, conf)) {
            Process build = new ProcessBuilder(sh.toString(), "build.sh").directory(work.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(build.waitFor(300, TimeUnit.SECONDS));
            assertEquals(0, build.exitValue(), out);
            assertTrue(out.contains("Apache Maven"), out);

            Process ctl = new ProcessBuilder(cat.toString(), "/etc/shadow").redirectErrorStream(true).start();
            ctl.getInputStream().readAllBytes();
            assertTrue(ctl.waitFor(10, TimeUnit.SECONDS));
            long end = System.currentTimeMillis() + 30_000;
            while (!alerts(a, "tree=" + control + "/").stream()
                    .anyMatch(l -> l.contains("\"rule\":\"Read sensitive file untrusted\""))) {
                assertTrue(System.currentTimeMillis() < end, "no control alert:\n" + alerts(a, "") + "\n"
                        + a.agent.stderr());
                Thread.sleep(300);
            }
            Thread.sleep(1000); // events of the other CPU written just before the control's
            List<String> fromBuild = alerts(a, "/" + shell + "/");
            fromBuild.addAll(alerts(a, "tree=" + shell + "/"));
            assertEquals(List.of(), fromBuild, "alerts from the build activity");
        }
    }

    /** Alert lines whose output contains {@code marker}. */
    private static List<String> alerts(SyscallAgent a, String marker) throws Exception {
        List<String> r = new ArrayList<>();
        for (String l : new String(a.agent.stdout(), StandardCharsets.UTF_8).split("\n")) {
            if (l.contains("\"rule\":") && l.contains(marker)) {
                r.add(l);
            }
        }
        return r;
    }
}
