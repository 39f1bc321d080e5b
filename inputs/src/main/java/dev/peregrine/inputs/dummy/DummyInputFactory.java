package dev.peregrine.inputs.dummy;

import dev.peregrine.pipeline.plugin.Input;
import dev.peregrine.pipeline.plugin.InputFactory;
import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.PluginConfigException;
import dev.peregrine.pipeline.plugin.PluginContext;

import java.util.List;

public final class DummyInputFactory implements InputFactory {
    static final OptionSpec SAMPLES = OptionSpec.integer("samples", "0",
        "Number of collects to generate, 0 for no limit");
    static final OptionSpec DUMMY = OptionSpec.str("dummy", "{\"message\":\"dummy\"}",
        "The JSON record(s) to generate: one or more objects separated by spaces");
    static final OptionSpec METADATA = OptionSpec.str("metadata", "{}", "JSON metadata map of each record");
    static final OptionSpec RATE = OptionSpec.integer("rate", "1", "Collects per second");
    static final OptionSpec INTERVAL_SEC = OptionSpec.integer("interval_sec", "0",
        "Seconds between collects (overrides rate when set)");
    static final OptionSpec INTERVAL_NSEC = OptionSpec.integer("interval_nsec", "0",
        "Nanoseconds between collects (overrides rate when set)");
    static final OptionSpec COPIES = OptionSpec.integer("copies", "1", "Copies of the records per collect");
    static final OptionSpec START_TIME_SEC = OptionSpec.integer("start_time_sec", "-1",
        "Timestamp seconds of the records (with Fixed_Timestamp)");
    static final OptionSpec START_TIME_NSEC = OptionSpec.integer("start_time_nsec", "-1",
        "Timestamp nanoseconds of the records (with Fixed_Timestamp)");
    static final OptionSpec FIXED_TIMESTAMP = OptionSpec.bool("fixed_timestamp", "off",
        "Give every record the same timestamp");
    static final OptionSpec FLUSH_ON_STARTUP = OptionSpec.bool("flush_on_startup", "false",
        "Generate the first records at start instead of after one interval");
    static final OptionSpec TEST_HANG_ON_EXIT = OptionSpec.bool("test_hang_on_exit", "false",
        "Testing only: accepted for compatibility, ignored");

    @Override
    public String name() {
        return "dummy";
    }

    @Override
    public String description() {
        return "Generate dummy data";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(SAMPLES, DUMMY, METADATA, RATE, INTERVAL_SEC, INTERVAL_NSEC, COPIES, START_TIME_SEC,
            START_TIME_NSEC, FIXED_TIMESTAMP, FLUSH_ON_STARTUP, TEST_HANG_ON_EXIT);
    }

    @Override
    public Input create(PluginContext ctx) throws PluginConfigException {
        return new DummyInput(ctx);
    }
}
