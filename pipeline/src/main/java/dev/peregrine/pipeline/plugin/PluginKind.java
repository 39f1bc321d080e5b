package dev.peregrine.pipeline.plugin;

public enum PluginKind {
    INPUT("input"), FILTER("filter"), OUTPUT("output");

    private final String label;

    PluginKind(String label) {
        this.label = label;
    }

    /** "input", "filter" or "output", as in log prefixes and config sections. */
    public String label() {
        return label;
    }
}
