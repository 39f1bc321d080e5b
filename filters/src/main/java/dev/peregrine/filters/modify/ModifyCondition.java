package dev.peregrine.filters.modify;

import dev.peregrine.pipeline.accessor.RecordAccessor;
import dev.peregrine.pipeline.parser.RubyRegex;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * One Condition line. Every condition must hold for the rules to run. Keys are looked up with the record accessor;
 * value comparisons accept only strings (regexes also match booleans as "true"/"false").
 */
record ModifyCondition(Type type, RecordAccessor a, String aText, RubyRegex aRegex, String b, RubyRegex bRegex) {
    enum Type {
        KEY_EXISTS, KEY_DOES_NOT_EXIST, A_KEY_MATCHES, NO_KEY_MATCHES, KEY_VALUE_EQUALS, KEY_VALUE_DOES_NOT_EQUAL,
        KEY_VALUE_MATCHES, KEY_VALUE_DOES_NOT_MATCH, MATCHING_KEYS_HAVE_MATCHING_VALUES,
        MATCHING_KEYS_DO_NOT_HAVE_MATCHING_VALUES
    }

    boolean test(MapValue map, Value[] kvs) {
        return switch (type) {
            case KEY_EXISTS -> a.exists(map);
            case KEY_DOES_NOT_EXIST -> !a.exists(map);
            case A_KEY_MATCHES -> anyKeyMatches(kvs);
            case NO_KEY_MATCHES -> !anyKeyMatches(kvs);
            case KEY_VALUE_EQUALS -> valueEquals(map);
            case KEY_VALUE_DOES_NOT_EQUAL -> a.exists(map) && !valueEquals(map);
            case KEY_VALUE_MATCHES -> valueMatches(map);
            case KEY_VALUE_DOES_NOT_MATCH -> a.exists(map) && !valueMatches(map);
            case MATCHING_KEYS_HAVE_MATCHING_VALUES -> matchingKeysHaveMatchingValues(kvs);
            case MATCHING_KEYS_DO_NOT_HAVE_MATCHING_VALUES -> !matchingKeysHaveMatchingValues(kvs);
        };
    }

    private boolean anyKeyMatches(Value[] kvs) {
        for (int i = 0; i < kvs.length; i += 2) {
            if (ModifyRule.regexMatches(kvs[i], aRegex)) {
                return true;
            }
        }
        return false;
    }

    private boolean valueEquals(MapValue map) {
        Value v = a.get(map);
        return v != null && b != null && ModifyRule.strEquals(v, b);
    }

    private boolean valueMatches(MapValue map) {
        Value v = a.get(map);
        return v != null && ModifyRule.regexMatches(v, bRegex);
    }

    private boolean matchingKeysHaveMatchingValues(Value[] kvs) {
        for (int i = 0; i < kvs.length; i += 2) {
            if (ModifyRule.regexMatches(kvs[i], aRegex) && !ModifyRule.regexMatches(kvs[i + 1], bRegex)) {
                return false;
            }
        }
        return true;
    }
}
