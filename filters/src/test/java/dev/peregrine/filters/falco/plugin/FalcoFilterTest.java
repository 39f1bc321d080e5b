package dev.peregrine.filters.falco.plugin;

import dev.peregrine.filters.support.Collector;
import dev.peregrine.filters.support.TestPluginContext;
import dev.peregrine.pipeline.event.Event;
import dev.peregrine.pipeline.event.EventTime;
import dev.peregrine.pipeline.plugin.Filter;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgpack.value.ValueFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FalcoFilterTest {
    private static final EventTime T = new EventTime(1718108124, 58348969);
    private static final String RULES = """
            - list: shell_binaries
              items: [bash, sh, zsh]
            - rule: Shell spawned
              desc: a shell was started
              condition: evt.type = execve and proc.name in (shell_binaries)
              output: Shell spawned (user=%user.name shell=%proc.name parent=%proc.pname)
              priority: WARNING
              tags: [shell, T1059, mitre_execution]
            - rule: Any exec
              desc: any program was started
              condition: evt.type = execve
              output: Exec (proc=%proc.name)
              priority: DEBUG
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private Filter filter(String... extraKv) throws Exception {
        Path rules = write("rules.yaml", RULES);
        String[] kv = new String[extraKv.length + 6];
        kv[0] = "rules_file";
        kv[1] = rules.toString();
        kv[2] = "hostname";
        kv[3] = "node-1";
        kv[4] = "suggested_output";
        kv[5] = "false";
        System.arraycopy(extraKv, 0, kv, 6, extraKv.length);
        FalcoFilterFactory f = new FalcoFilterFactory();
        return f.create(TestPluginContext.of(f, kv));
    }

    private static Collector run(Filter f, Event... events) {
        Collector c = new Collector();
        for (Event e : events) {
            f.filter("syscall", e, c);
        }
        return c;
    }

    @Test
    void eventTypes_areThoseOfTheEnabledRules() throws Exception {
        assertEquals(java.util.Set.of("execve"), filter().eventTypes());
        // Priority over WARNING disables both rules: nothing is needed.
        assertEquals(java.util.Set.of(), filter("priority", "error").eventTypes());
    }

    @Test
    void matchingEvent_emitsFalcoJsonAlertUnderFalcoTag_andConsumesTheEvent() throws Exception {
        Collector c = run(filter("time_format_iso_8601", "true"),
                SyntheticSyscall.event(T, "execve", "proc.name", "bash", "user.name", "root"));
        assertEquals(List.of("falco"), c.emittedTags);
        assertEquals(List.of(), c.kept);
        Event alert = c.emitted.get(0);
        assertEquals(T, alert.time());
        assertEquals("{\"hostname\":\"node-1\",\"output\":\"2024-06-11T12:15:24.058348969+0000: Warning Shell spawned "
                + "(user=root shell=bash parent=<NA>)\",\"output_fields\":{\"evt.time.iso8601\":1718108124058348969,"
                + "\"proc.name\":\"bash\",\"proc.pname\":null,\"user.name\":\"root\"},\"priority\":\"Warning\","
                + "\"rule\":\"Shell spawned\",\"source\":\"syscall\",\"tags\":[\"T1059\",\"mitre_execution\","
                + "\"shell\"],\"time\":\"2024-06-11T12:15:24.058348969Z\"}", alert.body().toJson());
    }

    @Test
    void ruleMatchingAll_emitsOneAlertPerMatchingRule_inDefinitionOrder() throws Exception {
        Collector first = run(filter(), SyntheticSyscall.event(T, "execve", "proc.name", "sh"));
        assertEquals(1, first.emitted.size());
        Collector all = run(filter("rule_matching", "all"), SyntheticSyscall.event(T, "execve", "proc.name", "sh"));
        assertEquals(List.of("Shell spawned", "Any exec"), all.emitted.stream()
                .map(e -> e.body().map().get(ValueFactory.newString("rule")).toString()).toList());
    }

    @Test
    void priorityThreshold_silencesLessSevereRules() throws Exception {
        Collector c = run(filter("priority", "notice"), SyntheticSyscall.event(T, "execve", "proc.name", "ls"));
        assertEquals(0, c.emitted.size());
        Collector d = run(filter(), SyntheticSyscall.event(T, "execve", "proc.name", "ls"));
        assertEquals(1, d.emitted.size());
    }

    @Test
    void keepEvents_passesSyscallEventsOn_andTextFormatCarriesFalcoLine() throws Exception {
        Event ev = SyntheticSyscall.event(T, "execve", "proc.name", "zsh", "user.name", "bob");
        Collector c = run(filter("keep_events", "on", "output_format", "text", "tag", "alerts",
                "time_format_iso_8601", "on"), ev);
        assertEquals(List.of(ev), c.kept);
        assertEquals(List.of("alerts"), c.emittedTags);
        assertEquals("{\"output\":\"2024-06-11T12:15:24.058348969+0000: Warning Shell spawned (user=bob shell=zsh "
                + "parent=<NA>)\"}", c.emitted.get(0).body().toJson());
    }

    @Test
    void eventsWithoutTypedBody_passThroughUnchanged() throws Exception {
        Event log = Event.of(T, ValueFactory.newMap(ValueFactory.newString("log"), ValueFactory.newString("hi")));
        Collector c = run(filter(), log);
        assertEquals(1, c.kept.size());
        assertSame(log, c.kept.get(0));
        assertEquals(0, c.emitted.size());
    }

    @Test
    void alertsReenteringThePipeline_passThrough() throws Exception {
        Filter f = filter();
        Event alert = run(f, SyntheticSyscall.event(T, "execve", "proc.name", "bash")).emitted.get(0);
        Collector again = run(f, alert);
        assertEquals(List.of(alert), again.kept);
        assertEquals(0, again.emitted.size());
    }

    @Test
    void bodiesUnknownToFalco_areAdaptedThroughServiceLoadedAdapters() throws Exception {
        Collector c = run(filter(), Event.typed(T, new ForeignSyscall("execve", "bash", 0, T)));
        assertEquals(1, c.emitted.size());
        assertTrue(c.emitted.get(0).body().toJson().contains("\"rule\":\"Shell spawned\""));
    }

    @Test
    void dropReport_becomesFalcoInternalSyscallEventDropAlert() throws Exception {
        Collector c = run(filter(), Event.typed(T, new ForeignSyscall(null, null, 7, T)),
                Event.typed(T, new ForeignSyscall(null, null, 0, T)));
        assertEquals(1, c.emitted.size());
        assertEquals(0, c.kept.size());
        String json = c.emitted.get(0).body().toJson();
        assertTrue(json.contains("\"rule\":\"Falco internal: syscall event drop\""), json);
        assertTrue(json.contains("\"source\":\"internal\""), json);
        assertTrue(json.contains("\"n_drops\":\"7\""), json);
        assertTrue(json.contains("\"priority\":\"Debug\""), json);
    }

    @Test
    void rulesDirectory_loadsYamlFilesInAlphabeticalOrder() throws Exception {
        Path rd = Files.createDirectory(dir.resolve("rules.d"));
        Files.writeString(rd.resolve("10-base.yaml"), RULES);
        // appends need the base loaded first: proves 10-base.yaml came before 20-local.yml
        Files.writeString(rd.resolve("20-local.yml"), """
                - list: shell_binaries
                  items: [fish]
                  append: true
                """);
        Files.writeString(rd.resolve("README.txt"), "not rules");
        FalcoFilterFactory f = new FalcoFilterFactory();
        Filter filter = f.create(TestPluginContext.of(f, "rules_file", rd.toString(), "priority", "warning"));
        assertEquals(1, run(filter, SyntheticSyscall.event(T, "execve", "proc.name", "fish")).emitted.size());
    }

    @Test
    void ruleLoadError_failsConfigurationWithFileLineColumnAndRule() throws IOException {
        Path bad = write("bad.yaml", """
                - rule: Broken rule
                  desc: d
                  condition: evt.type = execve and proc.nme = bash
                  output: x
                  priority: WARNING
                """);
        FalcoFilterFactory f = new FalcoFilterFactory();
        PluginConfigException e = assertThrows(PluginConfigException.class,
                () -> f.create(TestPluginContext.of(f, "rules_file", bad.toString())));
        assertTrue(e.getMessage().contains(bad + ":3:"), e.getMessage());
        assertTrue(e.getMessage().contains("rule 'Broken rule'"), e.getMessage());
        assertTrue(e.getMessage().contains("proc.nme"), e.getMessage());
    }

    @Test
    void badOptionValues_areRejectedNamingTheOptionAndTheAllowedValues() throws IOException {
        Path rules = write("r.yaml", RULES);
        FalcoFilterFactory f = new FalcoFilterFactory();
        assertEquals("invalid rule_matching at test.conf:2: 'some' (expected: first or all)",
                assertThrows(PluginConfigException.class, () -> f.create(TestPluginContext.of(f,
                        "rules_file", rules.toString(), "rule_matching", "some"))).getMessage());
        assertTrue(assertThrows(PluginConfigException.class, () -> f.create(TestPluginContext.of(f,
                "rules_file", dir.resolve("missing.yaml").toString()))).getMessage()
                .endsWith("missing.yaml: no such file or directory"));
    }
}
