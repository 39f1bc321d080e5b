package dev.peregrine.pipeline.plugin;

/**
 * The [SERVICE] settings plugins may need.
 *
 * @param flushSeconds     Flush, in seconds
 * @param graceSeconds     Grace, in seconds
 * @param jsonEscapeUnicode json.escape_unicode: non-ASCII written as \\uXXXX in JSON output
 * @param jsonConvertNanToNull json.convert_nan_to_null
 * @param storagePath      storage.path, or null (memory only)
 */
public record ServiceSettings(double flushSeconds, double graceSeconds, boolean jsonEscapeUnicode,
                              boolean jsonConvertNanToNull, String storagePath) {
    public static final ServiceSettings DEFAULTS = new ServiceSettings(1, 5, true, false, null);
}
