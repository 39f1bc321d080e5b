package dev.peregrine.pipeline.cli;

/** Version strings shown by -V, the banner and the HTTP API. */
public final class Version {
    private Version() {
    }

    public static final String PEREGRINE = "0.1.0";
    /** The Fluent Bit release whose behaviour Peregrine follows (configs, output bytes, HTTP API shapes). */
    public static final String FLUENT_BIT = "5.1.1";
}
