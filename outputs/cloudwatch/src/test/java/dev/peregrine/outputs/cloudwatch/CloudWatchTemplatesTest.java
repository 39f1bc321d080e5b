package dev.peregrine.outputs.cloudwatch;

import org.junit.jupiter.api.Test;

import static dev.peregrine.outputs.cloudwatch.TestSupport.cw;
import static dev.peregrine.outputs.cloudwatch.TestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CloudWatchTemplatesTest {
    private static final String K8S = "{\"kubernetes\":{\"namespace_name\":\"shop\",\"pod_name\":\"web-1\"}}";

    @Test
    void recordAccessorTemplatesWithFallback() throws Exception {
        StreamTargets t = new StreamTargets(cw("region", "r", "log_group_name", "fallback-group",
            "log_group_template", "/aws/eks/$kubernetes['namespace_name']", "log_stream_prefix", "from-",
            "log_stream_template", "$TAG[1].$kubernetes['pod_name']"));
        assertEquals(new StreamKey("/aws/eks/shop", "b.web-1"), t.resolve("a.b.c", () -> json(K8S)));
        assertEquals(new StreamKey("fallback-group", "from-a.b"), t.resolve("a.b", () -> json("{\"x\":1}")));
    }

    @Test
    void goPluginTemplatesWithDefaults() throws Exception {
        StreamTargets t = new StreamTargets(cw("region", "r",
            "log_group_name", "/eks/$(kubernetes['namespace_name'])-app.logs",
            "log_stream_name", "$(tag[1])/$(kubernetes['pod_name'])"));
        assertEquals(new StreamKey("/eks/shop-app.logs", "b/web-1"), t.resolve("a.b", () -> json(K8S)));
        assertEquals(new StreamKey("fluentbit-default", "/fluentbit-default"), t.resolve("a", () -> json("{}")));
        StreamTargets whole = new StreamTargets(cw("region", "r", "log_group_name", "g",
            "log_stream_name", "$(tag)"));
        assertEquals(new StreamKey("g", "x.y"), whole.resolve("x.y", () -> json("{}")));
    }

    @Test
    void staticNamesDoNotReadTheRecord() throws Exception {
        StreamTargets t = new StreamTargets(cw("region", "r", "log_group_name", "falco", "log_stream_name",
            "alerts"));
        assertEquals(new StreamKey("falco", "alerts"), t.resolve("x", () -> {
            throw new AssertionError("record read");
        }));
    }
}
