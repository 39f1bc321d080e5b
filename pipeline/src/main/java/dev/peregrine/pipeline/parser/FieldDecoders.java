package dev.peregrine.pipeline.parser;

import org.msgpack.value.MapValue;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parser's {@code Decode_Field} / {@code Decode_Field_As} rules ({@code flb_parser_decoder.c}): after parsing, the
 * string value of a field is decoded as {@code json}, {@code escaped}, {@code escaped_utf8} or {@code mysql_quoted}.
 * {@code Decode_Field_As} replaces the value in place; {@code Decode_Field} (json only) appends the decoded map's
 * keys at the end of the record. An optional third word {@code try_next} / {@code do_next} chains rules of the same
 * field.
 */
public final class FieldDecoders {
    enum Backend { JSON, ESCAPED, ESCAPED_UTF8, MYSQL_QUOTED }

    enum Action { NONE, TRY_NEXT, DO_NEXT }

    record Rule(boolean as, Backend backend, Action action) {
    }

    private final Map<String, List<Rule>> byKey = new LinkedHashMap<>();

    private FieldDecoders() {
    }

    /**
     * Builds the rules from {@code (key, value)} pairs in config order; keys other than decode_field(_as) are ignored.
     *
     * @return null when there is no rule
     * @throws IllegalArgumentException with Fluent Bit's wording on a bad rule
     */
    public static FieldDecoders of(List<Map.Entry<String, String>> properties) {
        FieldDecoders d = new FieldDecoders();
        for (Map.Entry<String, String> e : properties) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            boolean as;
            if (k.equals("decode_field")) {
                as = false;
            } else if (k.equals("decode_field_as")) {
                as = true;
            } else {
                continue;
            }
            // Fluent Bit splits on runs of blanks: "Decode_Field_As   json    log" names the field "log".
            List<String> parts = new ArrayList<>(dev.peregrine.pipeline.config.ConfigValues.slist(e.getValue(), 2));
            if (parts.size() < 2) {
                throw new IllegalArgumentException("invalid number of parameters in decoder");
            }
            Backend b = switch (parts.get(0).toLowerCase(Locale.ROOT)) {
                case "json" -> Backend.JSON;
                case "escaped" -> Backend.ESCAPED;
                case "escaped_utf8" -> Backend.ESCAPED_UTF8;
                case "mysql_quoted" -> Backend.MYSQL_QUOTED;
                default -> throw new IllegalArgumentException("field decoder '" + parts.get(0) + "' unknown");
            };
            Action a = Action.NONE;
            if (parts.size() >= 3) {
                String act = parts.get(2).toLowerCase(Locale.ROOT);
                a = act.equals("try_next") ? Action.TRY_NEXT : act.equals("do_next") ? Action.DO_NEXT : Action.NONE;
            }
            d.byKey.computeIfAbsent(parts.get(1), x -> new ArrayList<>()).add(new Rule(as, b, a));
        }
        return d.byKey.isEmpty() ? null : d;
    }

    /** Applies the rules to a parsed record; returns the same map when no field has a rule. */
    public MapValue apply(MapValue map) {
        Value[] kvs = map.getKeyValueArray();
        boolean any = false;
        for (int i = 0; i < kvs.length; i += 2) {
            if (kvs[i].isStringValue() && byKey.containsKey(kvs[i].asStringValue().asString())) {
                any = true;
                break;
            }
        }
        if (!any) {
            return map;
        }
        List<Value> out = new ArrayList<>(kvs.length);
        List<Value> extra = new ArrayList<>();
        for (int i = 0; i < kvs.length; i += 2) {
            Value k = kvs[i];
            Value v = kvs[i + 1];
            List<Rule> rules = k.isStringValue() && v.isStringValue() ? byKey.get(k.asStringValue().asString()) : null;
            if (rules == null) {
                out.add(k);
                out.add(v);
                continue;
            }
            String data = v.asStringValue().asString();
            Value asValue = null;
            Value defaultValue = null;
            for (Rule r : rules) {
                if (!r.as && r.action == Action.DO_NEXT && defaultValue != null) {
                    continue;
                }
                if (asValue != null && !asValue.isStringValue()) {
                    continue;
                }
                Value dec = decode(r.backend, data);
                if (dec == null) {
                    if (r.action == Action.TRY_NEXT || r.action == Action.DO_NEXT) {
                        continue;
                    }
                    break;
                }
                if (r.as) {
                    asValue = dec;
                    if (dec.isStringValue()) {
                        data = dec.asStringValue().asString();
                    }
                } else {
                    defaultValue = dec;
                }
                if (r.action != Action.DO_NEXT) {
                    break;
                }
            }
            out.add(k);
            out.add(asValue != null ? asValue : v);
            if (defaultValue != null && defaultValue.isMapValue()) {
                for (Value x : defaultValue.asMapValue().getKeyValueArray()) {
                    extra.add(x);
                }
            }
        }
        out.addAll(extra);
        return ValueFactory.newMap(out.toArray(new Value[0]));
    }

    private static Value decode(Backend b, String data) {
        switch (b) {
            case JSON: {
                int lead = 0;
                while (lead < data.length() && data.charAt(lead) == ' ') {
                    lead++;
                }
                String t = data.substring(lead);
                if (t.isEmpty() || (t.charAt(0) != '{' && t.charAt(0) != '[')) {
                    return null;
                }
                Value v;
                try {
                    v = dev.peregrine.pipeline.json.FluentJsonDecoder.decodeOne(t);
                } catch (dev.peregrine.pipeline.json.JsonDecodeException e) {
                    return null;
                }
                return v.isMapValue() ? v : null;
            }
            case ESCAPED:
            case ESCAPED_UTF8:
                return ValueFactory.newString(EscapeDecoder.unescape(data));
            case MYSQL_QUOTED: {
                int n = data.length();
                if (n >= 2 && ((data.charAt(0) == '\'' && data.charAt(n - 1) == '\'')
                        || (data.charAt(0) == '"' && data.charAt(n - 1) == '"'))) {
                    return ValueFactory.newString(mysqlUnquote(data.substring(1, n - 1)));
                }
                return ValueFactory.newString(data);
            }
            default:
                return null;
        }
    }

    private static String mysqlUnquote(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case '0' -> b.append('\0');
                    case 'Z' -> b.append((char) 26);
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
