package dev.peregrine.pipeline.plugin;

import java.util.Locale;

/**
 * One option of a plugin, as data: the same table drives parsing, validation, {@code -h} and the docs.
 *
 * @param name         the option's key, lowercase (keys are case-insensitive)
 * @param type         how the value is parsed
 * @param defaultValue the default as text, or null for none
 * @param description  one line for {@code -h}
 * @param multiple     whether the key may be given several times (Fluent Bit's FLB_CONFIG_MAP_MULT)
 * @param splits       for {@link OptionType#SLIST}: at most this many splits (SLIST_n); -1 for unlimited
 * @param required     whether a value must be given
 */
public record OptionSpec(String name, OptionType type, String defaultValue, String description, boolean multiple,
                         int splits, boolean required) {

    public OptionSpec {
        name = name.toLowerCase(Locale.ROOT);
    }

    public static OptionSpec str(String name, String def, String description) {
        return new OptionSpec(name, OptionType.STR, def, description, false, -1, false);
    }

    public static OptionSpec integer(String name, String def, String description) {
        return new OptionSpec(name, OptionType.INT, def, description, false, -1, false);
    }

    public static OptionSpec dbl(String name, String def, String description) {
        return new OptionSpec(name, OptionType.DOUBLE, def, description, false, -1, false);
    }

    public static OptionSpec bool(String name, String def, String description) {
        return new OptionSpec(name, OptionType.BOOL, def, description, false, -1, false);
    }

    public static OptionSpec size(String name, String def, String description) {
        return new OptionSpec(name, OptionType.SIZE, def, description, false, -1, false);
    }

    public static OptionSpec time(String name, String def, String description) {
        return new OptionSpec(name, OptionType.TIME, def, description, false, -1, false);
    }

    public static OptionSpec clist(String name, String def, String description) {
        return new OptionSpec(name, OptionType.CLIST, def, description, false, -1, false);
    }

    /** A space-separated list split at most {@code splits} times (Fluent Bit's SLIST_n). */
    public static OptionSpec slist(String name, int splits, String description) {
        return new OptionSpec(name, OptionType.SLIST, null, description, false, splits, false);
    }

    public OptionSpec multi() {
        return new OptionSpec(name, type, defaultValue, description, true, splits, required);
    }

    public OptionSpec req() {
        return new OptionSpec(name, type, defaultValue, description, multiple, splits, true);
    }
}
