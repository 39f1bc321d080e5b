package dev.peregrine.filters.falco.rules;

import java.util.ArrayList;
import java.util.List;

/** Errors and warnings of loading one or more rules files. */
public final class LoadResult {
    private final List<LoadMessage> errors = new ArrayList<>();
    private final List<LoadMessage> warnings = new ArrayList<>();

    void error(LoadMessage m) {
        errors.add(m);
    }

    void warning(LoadMessage m) {
        warnings.add(m);
    }

    public boolean successful() {
        return errors.isEmpty();
    }

    public List<LoadMessage> errors() {
        return List.copyOf(errors);
    }

    public List<LoadMessage> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        errors.forEach(e -> sb.append("ERROR ").append(e).append('\n'));
        warnings.forEach(w -> sb.append("WARNING ").append(w).append('\n'));
        return sb.toString();
    }
}
