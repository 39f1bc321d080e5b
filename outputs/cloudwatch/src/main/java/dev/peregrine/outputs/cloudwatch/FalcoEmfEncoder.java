package dev.peregrine.outputs.cloudwatch;

import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a Falco alert record into a CloudWatch Embedded Metric Format document, so that CloudWatch derives a
 * count metric per alert from the log event itself: an alarm on "any alert" or on one priority then needs no
 * metric filter, and the log event keeps every field of the alert for Logs Insights.
 *
 * <p>A record is an alert when it has string {@code rule} and {@code priority} and a map {@code output_fields}
 * (Falco's json_output), either at the top level or inside a map under {@code log} (a tail/FireLens record whose
 * {@code log} was decoded as JSON). The document is the record plus:
 * <pre>
 * "_aws": {"Timestamp": ms, "CloudWatchMetrics": [{"Namespace": metric_namespace,
 *          "Dimensions": [["Priority"], ["Rule","Priority"], [], (["K8sNamespace","Priority"])],
 *          "Metrics": [{"Name": "FalcoAlerts", "Unit": "Count"}]}]},
 * "Rule": ..., "Priority": ..., ("K8sNamespace": ...), "FalcoAlerts": 1
 * </pre>
 * The empty dimension set publishes the metric without dimensions: that is the "any alert" series.
 * {@code metric_dimensions} replaces the default sets; names absent from a document are left out of its sets,
 * because EMF rejects a dimension that is not a member of the document.
 */
final class FalcoEmfEncoder {
    static final String METRIC = "FalcoAlerts";
    static final String RULE = "Rule";
    static final String PRIORITY = "Priority";
    static final String NAMESPACE = "K8sNamespace";

    private static final Value RULE_KEY = ValueFactory.newString("rule");
    private static final Value PRIORITY_KEY = ValueFactory.newString("priority");
    private static final Value OUTPUT_FIELDS_KEY = ValueFactory.newString("output_fields");
    private static final Value LOG_KEY = ValueFactory.newString("log");

    private final String metricNamespace;
    private final List<List<String>> dimensions;

    FalcoEmfEncoder(String metricNamespace, List<List<String>> dimensions) {
        this.metricNamespace = metricNamespace;
        this.dimensions = dimensions;
    }

    /** The EMF document for an alert record, or null when the record is not a Falco alert. */
    MapValue toEmf(MapValue record, long timestampMillis) {
        MapValue alert = record;
        boolean nested = false;
        if (!isAlert(alert)) {
            Value log = get(record, LOG_KEY);
            if (log == null || !log.isMapValue() || !isAlert(log.asMapValue())) {
                return null;
            }
            alert = log.asMapValue();
            nested = true;
        }
        String rule = get(alert, RULE_KEY).asStringValue().asString();
        String priority = get(alert, PRIORITY_KEY).asStringValue().asString();
        String ns = namespace(record, alert);

        List<Value> kv = new ArrayList<>();
        Set<String> ours = Set.of("_aws", RULE, PRIORITY, NAMESPACE, METRIC);
        Set<String> present = new HashSet<>(List.of(RULE, PRIORITY));
        if (ns != null) {
            present.add(NAMESPACE);
        }
        kv.add(ValueFactory.newString("_aws"));
        kv.add(aws(timestampMillis, present));
        kv.add(ValueFactory.newString(RULE));
        kv.add(ValueFactory.newString(rule));
        kv.add(ValueFactory.newString(PRIORITY));
        kv.add(ValueFactory.newString(priority));
        if (ns != null) {
            kv.add(ValueFactory.newString(NAMESPACE));
            kv.add(ValueFactory.newString(ns));
        }
        kv.add(ValueFactory.newString(METRIC));
        kv.add(ValueFactory.newInteger(1));
        if (nested) {
            copy(record, kv, ours, LOG_KEY);
        }
        copy(alert, kv, ours, null);
        return ValueFactory.newMap(kv.toArray(new Value[0]));
    }

    private Value aws(long ts, Set<String> present) {
        List<Value> sets = new ArrayList<>();
        List<List<String>> wanted = dimensions;
        if (wanted == null) {
            wanted = new ArrayList<>(List.of(List.of(PRIORITY), List.of(RULE, PRIORITY), List.of()));
            if (present.contains(NAMESPACE)) {
                wanted.add(List.of(NAMESPACE, PRIORITY));
            }
        }
        for (List<String> set : wanted) {
            List<Value> names = new ArrayList<>();
            for (String n : set) {
                if (present.contains(n)) {
                    names.add(ValueFactory.newString(n));
                }
            }
            sets.add(ValueFactory.newArray(names));
        }
        Value metric = ValueFactory.newMap(ValueFactory.newString("Name"), ValueFactory.newString(METRIC),
            ValueFactory.newString("Unit"), ValueFactory.newString("Count"));
        Value directive = ValueFactory.newMap(
            ValueFactory.newString("Namespace"), ValueFactory.newString(metricNamespace),
            ValueFactory.newString("Dimensions"), ValueFactory.newArray(sets),
            ValueFactory.newString("Metrics"), ValueFactory.newArray(metric));
        return ValueFactory.newMap(ValueFactory.newString("Timestamp"), ValueFactory.newInteger(ts),
            ValueFactory.newString("CloudWatchMetrics"), ValueFactory.newArray(directive));
    }

    private static void copy(MapValue from, List<Value> kv, Set<String> skip, Value skipKey) {
        for (var e : from.entrySet()) {
            Value k = e.getKey();
            if (k.equals(skipKey) || (k.isStringValue() && skip.contains(k.asStringValue().asString()))) {
                continue;
            }
            kv.add(k);
            kv.add(e.getValue());
        }
    }

    /** The pod's namespace: Falco's k8s.ns.name field, else the kubernetes filter's namespace_name. */
    private static String namespace(MapValue record, MapValue alert) {
        Value fields = get(alert, OUTPUT_FIELDS_KEY);
        Value ns = get(fields.asMapValue(), ValueFactory.newString("k8s.ns.name"));
        if (ns != null && ns.isStringValue()) {
            String s = ns.asStringValue().asString();
            if (!s.isEmpty() && !s.equals("<NA>")) {
                return s;
            }
        }
        Value k8s = get(record, ValueFactory.newString("kubernetes"));
        if (k8s != null && k8s.isMapValue()) {
            Value n = get(k8s.asMapValue(), ValueFactory.newString("namespace_name"));
            if (n != null && n.isStringValue() && !n.asStringValue().asString().isEmpty()) {
                return n.asStringValue().asString();
            }
        }
        return null;
    }

    static boolean isAlert(MapValue m) {
        Value r = get(m, RULE_KEY);
        Value p = get(m, PRIORITY_KEY);
        Value f = get(m, OUTPUT_FIELDS_KEY);
        return r != null && r.isStringValue() && p != null && p.isStringValue() && f != null && f.isMapValue();
    }

    private static Value get(MapValue m, Value key) {
        Value[] kvs = m.getKeyValueArray();
        for (int i = kvs.length - 2; i >= 0; i -= 2) {
            if (kvs[i].equals(key)) {
                return kvs[i + 1];
            }
        }
        return null;
    }
}
