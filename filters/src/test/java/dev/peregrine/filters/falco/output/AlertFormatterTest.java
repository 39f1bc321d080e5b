package dev.peregrine.filters.falco.output;

import dev.peregrine.filters.falco.Json;
import dev.peregrine.filters.falco.compile.ConditionCompiler;
import dev.peregrine.filters.falco.compile.MapFieldSource;
import dev.peregrine.filters.falco.fields.FieldRegistry;
import dev.peregrine.filters.falco.rules.LoadMessage;
import dev.peregrine.filters.falco.rules.RuleLoader;
import dev.peregrine.filters.falco.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.msgpack.value.MapValue;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertFormatterTest {
    /** 2024-06-11T12:15:24.058348969Z, the timestamp of the real sample in FACTS.md (issue falco#3246). */
    private static final long TS = 1718108124058348969L;
    private static final AlertFormatOptions UTC = AlertFormatOptions.defaults("minikube").withZone(ZoneOffset.UTC);
    private static final AlertFormatOptions BARE = UTC.withAppendOutput(List.of());

    private static RuleSet rules(String output, String tags) {
        RuleLoader l = new RuleLoader().load("t.yaml", """
                - rule: Test rule
                  desc: d
                  condition: evt.type = openat
                  output: "%s"
                  priority: WARNING
                  tags: %s
                """.formatted(output.replace("\\", "\\\\").replace("\"", "\\\""), tags));
        RuleSet rs = l.compile();
        assertNotNull(rs, l.result()::toString);
        return rs;
    }

    private static Alert alert(String output, AlertFormatOptions o, MapFieldSource ev) {
        RuleSet rs = rules(output, "[]");
        return new AlertFormatter(rs, o, FieldRegistry.syscall()).format(rs.rule("Test rule"), ev, TS);
    }

    private static String render(String format, MapFieldSource ev) {
        return OutputFormat.compile(format, new ConditionCompiler(FieldRegistry.syscall()))
                .render(ev, TS, ZoneOffset.UTC);
    }

    @Test
    void textLine_isLocalTimePriorityAndMessage_withMissingValuesAsNA() {
        Alert a = alert("File opened (user=%user.name file=%fd.name)", BARE,
                new MapFieldSource().put("user.name", "root"));
        assertEquals("12:15:24.058348969: Warning File opened (user=root file=<NA>)", a.textLine());
        Alert paris = alert("x", BARE.withZone(ZoneId.of("Europe/Paris")), new MapFieldSource());
        assertEquals("14:15:24.058348969: Warning x", paris.textLine());
    }

    @Test
    void suggestedOutput_appendsContainerAndK8sFields_asFalco041Does() {
        Alert a = alert("Shell (proc=%proc.name)", UTC, new MapFieldSource().put("proc.name", "bash")
                .put("container.id", "host").put("container.name", "host"));
        assertEquals("12:15:24.058348969: Warning Shell (proc=bash) container_id=host container_name=host "
                + "container_image_repository=<NA> container_image_tag=<NA> k8s_pod_name=<NA> k8s_ns_name=<NA>",
                a.textLine());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("container.id", "host");
        fields.put("container.image.repository", null);
        fields.put("container.image.tag", null);
        fields.put("container.name", "host");
        fields.put("evt.time", TS);
        fields.put("k8s.ns.name", null);
        fields.put("k8s.pod.name", null);
        fields.put("proc.name", "bash");
        assertEquals(fields, Json.object(Json.parse(AlertJson.encode(a, UTC))).get("output_fields"));
    }

    @Test
    void containerInfo_isDroppedWithWarning_andSuggestedFieldsTakeItsPlace() {
        RuleLoader l = new RuleLoader().load("t.yaml", """
                - rule: r
                  desc: d
                  condition: evt.type = openat
                  output: "open %container.info"
                  priority: NOTICE
                """);
        RuleSet rs = l.compile();
        assertTrue(l.result().warnings().stream().map(LoadMessage::message)
                .anyMatch(m -> m.startsWith("%container.info is deprecated")));
        Alert a = new AlertFormatter(rs, UTC, FieldRegistry.syscall()).format(rs.rule("r"),
                new MapFieldSource().put("container.id", "abc123"), TS);
        assertEquals("open  container_id=abc123 container_name=<NA> container_image_repository=<NA> "
                + "container_image_tag=<NA> k8s_pod_name=<NA> k8s_ns_name=<NA>", a.message());
    }

    @Test
    void json_hasSortedKeysTypedFieldsSortedTagsAndUtcNanosecondTime() {
        RuleSet rs = rules("pid=%proc.pid uid=%user.uid name=%proc.name port=%fd.sport ok=%evt.failed",
                "[maturity_stable, host, T1555, container, mitre_credential_access]");
        MapFieldSource ev = new MapFieldSource().put("proc.pid", 4242L).put("user.uid", 4294967295L)
                .put("proc.name", "cat").put("fd.sport", 443).put("evt.failed", false);
        Alert a = new AlertFormatter(rs, BARE, FieldRegistry.syscall()).format(rs.rule("Test rule"), ev, TS);
        assertEquals("{\"hostname\":\"minikube\",\"output\":\"12:15:24.058348969: Warning pid=4242 uid=4294967295 "
                + "name=cat port=443 ok=false\",\"output_fields\":{\"evt.failed\":false,\"evt.time\":"
                + "1718108124058348969,\"fd.sport\":443,\"proc.name\":\"cat\",\"proc.pid\":4242,\"user.uid\":"
                + "4294967295},\"priority\":\"Warning\",\"rule\":\"Test rule\",\"source\":\"syscall\",\"tags\":"
                + "[\"T1555\",\"container\",\"host\",\"maturity_stable\",\"mitre_credential_access\"],"
                + "\"time\":\"2024-06-11T12:15:24.058348969Z\"}", AlertJson.encode(a, BARE));
    }

    @Test
    void json_optionalProperties_followTheIncludeSwitches() {
        Alert a = alert("m %proc.name", BARE, new MapFieldSource().put("proc.name", "sh"));
        String json = AlertJson.encode(a, BARE.withJsonProperties(false, false, true, false));
        assertEquals("{\"hostname\":\"minikube\",\"message\":\"m sh\",\"priority\":\"Warning\",\"rule\":"
                + "\"Test rule\",\"source\":\"syscall\",\"time\":\"2024-06-11T12:15:24.058348969Z\"}", json);
    }

    @Test
    void iso8601Prefix_isUtcWithOffset_andItsFieldIsTheTimestamp() {
        AlertFormatOptions o = BARE.withTimeIso8601(true).withZone(ZoneId.of("America/New_York"));
        Alert a = alert("x", o, new MapFieldSource());
        assertEquals("2024-06-11T12:15:24.058348969+0000: Warning x", a.output());
        assertEquals(Map.of("evt.time.iso8601", TS), a.outputFields());
    }

    @Test
    void textLine_escapesQuotesBackslashesAndControlCharacters_likeFalcoJsonEncodedLine() {
        MapFieldSource ev = new MapFieldSource().put("proc.cmdline", "sh -c \"echo a\\b\"\n\u0001");
        Alert a = alert("cmd=%proc.cmdline", BARE, ev);
        assertEquals("12:15:24.058348969: Warning cmd=sh -c \\\"echo a\\\\b\\\"\\n\\u0001", a.textLine());
        assertEquals("12:15:24.058348969: Warning cmd=sh -c \"echo a\\b\"\n\u0001", a.output());
        assertTrue(AlertJson.encode(a, BARE).contains("\"output\":\"12:15:24.058348969: Warning cmd=sh -c "
                + "\\\"echo a\\\\b\\\"\\n\\u0001\""));
    }

    @Test
    void width_padsOrCutsTheValue() {
        MapFieldSource ev = new MapFieldSource().put("proc.name", "bash").put("fd.name", "/etc/shadow");
        assertEquals("[bash  ][/etc/][<NA>      ]", render("[%6proc.name][%5fd.name][%10user.name]", ev));
    }

    @Test
    void fieldToken_isTheLongestKnownFieldPrefix_restIsText() {
        MapFieldSource ev = new MapFieldSource().put("proc.name", "bash").put("evt.arg.flags", "O_RDONLY");
        assertEquals("bash. bash.nosuchsubfield O_RDONLY)", render("%proc.name. %proc.name.nosuchsubfield "
                + "%evt.arg.flags)", ev));
    }

    @Test
    void transformers_renderTransformedValue_butOutputFieldsKeepOnlyPlainFields() {
        OutputFormat f = OutputFormat.compile("%tolower(proc.name) %proc.aname[2] %fd.types",
                new ConditionCompiler(FieldRegistry.syscall()));
        MapFieldSource ev = new MapFieldSource().put("proc.name", "BASH").put("proc.aname[2]", "sshd")
                .put("fd.types", List.of("ipv4", "file"));
        assertEquals("bash sshd (ipv4,file)", f.render(ev, TS, ZoneOffset.UTC));
        Map<String, Object> fields = new LinkedHashMap<>();
        f.fields(ev, TS, fields);
        assertEquals(Arrays.asList("proc.name", "proc.aname[2]", "fd.types"), List.copyOf(fields.keySet()));
        assertEquals(List.of("ipv4", "file"), fields.get("fd.types"));
    }

    @Test
    void invalidFormats_failWithLibsinspMessages() {
        ConditionCompiler c = new ConditionCompiler(FieldRegistry.syscall());
        assertEquals("invalid formatting syntax: formatting cannot end with a %",
                assertThrows(OutputFormatException.class, () -> OutputFormat.compile("100%", c)).getMessage());
        assertEquals("invalid formatting syntax: formatting cannot end with a number",
                assertThrows(OutputFormatException.class, () -> OutputFormat.compile("a %12", c)).getMessage());
        assertTrue(assertThrows(OutputFormatException.class, () -> OutputFormat.compile("a %nosuch.field", c))
                .getMessage().startsWith("unknown filter: "));
    }

    @Test
    void alertBody_mapHasTheJsonKeysWithTypedOutputFields() {
        Alert a = alert("pid=%proc.pid", BARE, new MapFieldSource().put("proc.pid", 7L));
        MapValue m = new AlertBody(a, BARE, AlertRecordFormat.JSON).toMap();
        assertEquals("{\"hostname\":\"minikube\",\"output\":\"12:15:24.058348969: Warning pid=7\",\"output_fields\":"
                + "{\"evt.time\":1718108124058348969,\"proc.pid\":7},\"priority\":\"Warning\",\"rule\":\"Test rule\","
                + "\"source\":\"syscall\",\"tags\":[],\"time\":\"2024-06-11T12:15:24.058348969Z\"}", m.toJson());
        MapValue text = new AlertBody(a, BARE, AlertRecordFormat.TEXT).toMap();
        assertEquals("{\"output\":\"12:15:24.058348969: Warning pid=7\"}", text.toJson());
    }

    @Test
    void syscallEventDrop_isAnInternalDebugAlert_withStringCountersAndNoTags() {
        Alert a = InternalAlerts.syscallEventDrop(TS, DropCounts.of(1000, 10, 10), true, "node-1", ZoneOffset.UTC);
        assertEquals("12:15:24.058348969: Debug Falco internal: syscall event drop. 10 system calls dropped in last "
                + "second. (ebpf_enabled=\"1\" n_drops=\"10\" n_drops_buffer_clone_fork_exit=\"0\" "
                + "n_drops_buffer_close_exit=\"0\" n_drops_buffer_connect_exit=\"0\" n_drops_buffer_dir_file_exit=\"0\" "
                + "n_drops_buffer_execve_exit=\"0\" n_drops_buffer_open_exit=\"0\" "
                + "n_drops_buffer_other_interest_exit=\"0\" n_drops_buffer_proc_exit=\"0\" n_drops_buffer_total=\"10\" "
                + "n_drops_bug=\"0\" n_drops_page_faults=\"0\" n_drops_scratch_map=\"0\" n_evts=\"1000\")", a.textLine());
        String json = AlertJson.encode(a, BARE.withJsonProperties(false, true, false, false));
        Map<String, Object> o = Json.object(Json.parse(json));
        assertEquals(List.of("hostname", "output", "output_fields", "priority", "rule", "source", "time"),
                List.copyOf(o.keySet()));
        assertEquals("Falco internal: syscall event drop. 10 system calls dropped in last second.", o.get("output"));
        assertEquals("Debug", o.get("priority"));
        assertEquals("internal", o.get("source"));
        assertEquals("10", Json.object(o.get("output_fields")).get("n_drops"));
        assertFalse(json.contains("tags"));
    }
}
