package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Field transformers ({@code tolower toupper b64 basename len join concat}). A missing input yields a
 * missing output. {@code getopt} is {@link GetoptExtractor}.
 */
final class TransformerExtractor implements Extractor {
    private final String name;
    private final Extractor[] args;
    private final String[] constants;
    private final FieldType type;

    TransformerExtractor(String name, Extractor[] args, String[] constants) {
        this.name = name;
        this.args = args;
        this.constants = constants;
        this.type = name.equals("len") ? FieldType.UINT64
                : args.length > 0 && args[0] != null && args[0].type() == FieldType.BYTEBUF && !name.equals("b64")
                ? FieldType.BYTEBUF : FieldType.CHARBUF;
    }

    @Override
    public Object extract(FieldSource event) {
        switch (name) {
            case "tolower":
            case "toupper":
            case "b64":
            case "basename":
            case "len": {
                Object v = args[0].extract(event);
                if (v == null) {
                    return null;
                }
                return apply(v);
            }
            case "join": {
                // join(sep, (a, b, ...)) or join(sep, listField): constants[0] is the separator, args the list items.
                // As libsinsp: the list is extracted whole, so one missing item makes the result missing; an empty
                // list joins to "".
                StringBuilder sb = new StringBuilder();
                boolean first = true;
                for (int i = 1; i < args.length; i++) {
                    Object v = args[i] == null ? constants[i] : args[i].extract(event);
                    if (v == null) {
                        return null;
                    }
                    for (Object item : v instanceof List<?> l ? l : List.of(v)) {
                        if (!first) {
                            sb.append(constants[0]);
                        }
                        sb.append(ValueText.of(item));
                        first = false;
                    }
                }
                return sb.toString();
            }
            case "concat": {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < args.length; i++) {
                    Object v = args[i] == null ? constants[i] : args[i].extract(event);
                    if (v == null) {
                        return null;
                    }
                    sb.append(ValueText.of(v));
                }
                return sb.toString();
            }
            default:
                return null;
        }
    }

    private Object apply(Object v) {
        if (v instanceof List<?> list) {
            if (name.equals("len")) {
                return (long) list.size();
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o == null ? null : apply(o));
            }
            return out;
        }
        String s = ValueText.of(v);
        switch (name) {
            case "tolower":
                return s.toLowerCase(Locale.ROOT);
            case "toupper":
                return s.toUpperCase(Locale.ROOT);
            case "b64":
                try {
                    return new String(Base64.getDecoder().decode(s.trim()), StandardCharsets.ISO_8859_1);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            case "basename": {
                int slash = s.lastIndexOf('/');
                return slash < 0 ? s : s.substring(slash + 1);
            }
            case "len":
                return (long) (v instanceof byte[] b ? b.length : s.length());
            default:
                return null;
        }
    }

    @Override
    public FieldType type() {
        return type;
    }

    @Override
    public boolean isList() {
        return args.length > 0 && args[0] != null && args[0].isList() && !name.equals("len")
                && !name.equals("join") && !name.equals("concat");
    }

    @Override
    public FieldRef field() {
        for (Extractor a : args) {
            if (a != null) {
                return a.field();
            }
        }
        return null;
    }

    @Override
    public boolean transformed() {
        return true;
    }
}
