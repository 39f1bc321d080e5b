package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

import java.util.ArrayList;
import java.util.List;

/**
 * A parenthesised transformer argument list ({@code ("-n", proc.name)}), libsinsp's {@code list_check}: the
 * elements' values in order, list elements spliced in; missing as soon as one element is missing.
 */
final class ListExtractor implements Extractor {
    private final Extractor[] elements;

    ListExtractor(Extractor[] elements) {
        this.elements = elements;
    }

    @Override
    public Object extract(FieldSource event) {
        List<Object> out = new ArrayList<>(elements.length);
        for (Extractor e : elements) {
            Object v = e.extract(event);
            if (v == null) {
                return null;
            }
            if (v instanceof List<?> l) {
                out.addAll(l);
            } else {
                out.add(v);
            }
        }
        return out;
    }

    @Override
    public FieldType type() {
        return FieldType.CHARBUF;
    }

    @Override
    public boolean isList() {
        return true;
    }

    @Override
    public FieldRef field() {
        for (Extractor e : elements) {
            if (e.field() != null) {
                return e.field();
            }
        }
        return null;
    }

    @Override
    public boolean transformed() {
        return true;
    }
}
