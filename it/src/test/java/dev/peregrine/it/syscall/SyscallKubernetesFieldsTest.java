package dev.peregrine.it.syscall;

import dev.peregrine.it.AgentProcess;
import dev.peregrine.it.kubernetes.KubeApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Falco rules that test {@code k8s.*} fields, live: a simulated containerd container whose id a pod on this node
 * reports (the fabric8 mock API server serves the node's pod list), the agent running {@code syscall -> falco} with
 * a kubernetes filter configured (it resolves container ids to pods for the falco filter). A rule on
 * {@code k8s.pod.label[tier]}, {@code k8s.pod.ip} and {@code k8s.ns.name} must fire for a command in that container
 * and show the pod's values in its output.
 */
class SyscallKubernetesFieldsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void privileges() throws Exception {
        SyscallAgent.requirePrivileges();
    }

    @Test
    void ruleOnPodLabelAndIp_firesForTheContainersPod() throws Exception {
        try (KubeApiServer api = new KubeApiServer(dir);
             SimulatedContainer c = new SimulatedContainer(List.of())) {
            api.createPod("shop", "web-1", "node-a", Map.of("app", "web", "tier", "front"), Map.of(), "10.1.2.3",
                new KubeApiServer.Container("app", "nginx:1.25", c.id()));
            api.expectNodePodList("node-a");
            Path rules = dir.resolve("k8s_rules.yaml");
            Files.writeString(rules, """
                - rule: Whoami in a front-tier pod
                  desc: whoami run in a pod labelled tier=front
                  condition: evt.type in (execve, execveat) and evt.dir = < and proc.name = whoami
                    and k8s.pod.label[tier] = front and k8s.pod.ip = 10.1.2.3 and k8s.ns.name = shop
                  output: "front whoami (pod=%k8s.ns.name/%k8s.pod.name tier=%k8s.pod.label[tier] ip=%k8s.pod.ip
                    container=%container.id)"
                  priority: WARNING
                """);
            Files.writeString(dir.resolve("agent.conf"), "[SERVICE]\n    Flush 0.5\n    Grace 2\n\n"
                + "[INPUT]\n    Name syscall\n    Tag syscall\n\n"
                + "[FILTER]\n    Name falco\n    Match syscall\n    Rules_File " + rules + "\n\n"
                // the kubernetes filter resolves container ids for the falco filter; here it matches no records
                + "[FILTER]\n    Name kubernetes\n    Match kube.*\n    Kube_URL " + api.url() + "\n"
                + "    Kube_CA_File " + api.caFile + "\n    Kube_Token_File " + api.tokenFile
                + "\n    Kube_Meta_Wait 10s\n\n"
                + "[OUTPUT]\n    Name stdout\n    Match falco\n    Format json_lines\n    json_date_key false\n");
            try (AgentProcess a = AgentProcess.start(dir, List.of("-c", "agent.conf"), Map.of("NODE_NAME", "node-a"),
                List.of())) {
                SyscallAgent.awaitAttach(a);
                c.run("whoami");
                String expected = "front whoami (pod=shop/web-1 tier=front ip=10.1.2.3 container=" + c.shortId() + ")";
                String alert = SyscallAgent.awaitLine(a, expected);
                assertTrue(alert != null, "no alert '" + expected + "':\n" + new String(a.stdout(),
                    StandardCharsets.UTF_8) + "\n--- stderr ---\n" + a.stderr());
            }
        }
    }
}
