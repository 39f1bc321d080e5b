package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

/** A literal transformer argument ({@code "nt:"} in {@code getopt(..., "nt:")}): libsinsp's raw string check. */
final class ConstantExtractor implements Extractor {
    private final String value;

    ConstantExtractor(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    @Override
    public Object extract(FieldSource event) {
        return value;
    }

    @Override
    public FieldType type() {
        return FieldType.CHARBUF;
    }

    @Override
    public boolean isList() {
        return false;
    }

    @Override
    public FieldRef field() {
        return null;
    }

    @Override
    public boolean transformed() {
        return true;
    }
}
