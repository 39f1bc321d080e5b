package dev.peregrine.filters.falco.rules;

/** Internal: aborts loading of the current file with one located error. */
final class RuleLoadException extends RuntimeException {
    final transient LoadMessage detail;

    RuleLoadException(LoadMessage detail) {
        super(detail.message());
        this.detail = detail;
    }
}
