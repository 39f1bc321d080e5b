package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.json.JsonEncoder;
import org.junit.jupiter.api.Test;
import org.msgpack.value.MapValue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.peregrine.outputs.cloudwatch.TestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CloudWatchEmfTest {
    private static String text(MapValue v) {
        return new String(new JsonEncoder(true, false).toJson(v), StandardCharsets.UTF_8);
    }

    @Test
    void nestedUnderLogWithKubernetesNamespaceAndCustomDimensions() {
        FalcoEmfEncoder emf = new FalcoEmfEncoder("Falco", CloudWatchOptions.parseDimensions(
            "Rule,Priority;K8sNamespace,Missing"));
        MapValue doc = emf.toEmf(json("{\"log\":{\"rule\":\"R\",\"priority\":\"Critical\",\"output_fields\":{}},"
            + "\"kubernetes\":{\"namespace_name\":\"kube-system\"},\"stream\":\"stdout\"}"), 7);
        assertEquals("{\"_aws\":{\"Timestamp\":7,\"CloudWatchMetrics\":[{\"Namespace\":\"Falco\",\"Dimensions\":"
            + "[[\"Rule\",\"Priority\"],[\"K8sNamespace\"]],\"Metrics\":[{\"Name\":\"FalcoAlerts\",\"Unit\":\"Count\"}]}]},"
            + "\"Rule\":\"R\",\"Priority\":\"Critical\",\"K8sNamespace\":\"kube-system\",\"FalcoAlerts\":1,"
            + "\"kubernetes\":{\"namespace_name\":\"kube-system\"},\"stream\":\"stdout\",\"rule\":\"R\","
            + "\"priority\":\"Critical\",\"output_fields\":{}}", text(doc));
    }

    @Test
    void otherRecordsAreLeftAlone() {
        FalcoEmfEncoder emf = new FalcoEmfEncoder("Falco", null);
        assertNull(emf.toEmf(json("{\"rule\":\"R\",\"priority\":\"Warning\"}"), 1));
        assertNull(emf.toEmf(json("{\"log\":\"text\"}"), 1));
        assertEquals(List.of(List.of("a", "b"), List.of("c")), CloudWatchOptions.parseDimensions("a,b;c"));
    }

    @Test
    void bothNamesAreRegistered() {
        CloudWatchOutputFactory f = new CloudWatchOutputFactory();
        assertEquals("cloudwatch_logs", f.name());
        assertEquals(List.of("cloudwatch"), f.aliases());
        assertEquals(1, f.defaultWorkers());
    }
}
