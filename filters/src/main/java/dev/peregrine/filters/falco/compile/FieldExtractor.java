package dev.peregrine.filters.falco.compile;

import dev.peregrine.filters.falco.fields.FieldType;

/** Reads one field from the event. */
final class FieldExtractor implements Extractor {
    private final FieldRef ref;

    FieldExtractor(FieldRef ref) {
        this.ref = ref;
    }

    @Override
    public Object extract(FieldSource event) {
        return event.value(ref);
    }

    @Override
    public FieldType type() {
        return ref.info().type();
    }

    @Override
    public boolean isList() {
        return ref.info().isList();
    }

    @Override
    public FieldRef field() {
        return ref;
    }

    @Override
    public boolean transformed() {
        return false;
    }
}
