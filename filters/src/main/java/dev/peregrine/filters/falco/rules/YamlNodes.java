package dev.peregrine.filters.falco.rules;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small accessors over snakeyaml's composed node graph (which keeps line/column marks). */
final class YamlNodes {
    private YamlNodes() {
    }

    static Map<String, Node> mapping(MappingNode m) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                out.put(k.getValue(), t.getValueNode());
            }
        }
        return out;
    }

    static boolean isNull(Node n) {
        return n == null || n.getTag().equals(Tag.NULL);
    }

    static boolean isScalar(Node n) {
        return n instanceof ScalarNode && !isNull(n);
    }

    static boolean isSequence(Node n) {
        return n instanceof SequenceNode;
    }

    static String text(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    static int col(Node n) {
        return n.getStartMark().getColumn() + 1;
    }
}
