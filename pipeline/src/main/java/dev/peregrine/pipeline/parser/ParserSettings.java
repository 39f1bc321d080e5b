package dev.peregrine.pipeline.parser;

/**
 * What every parser format shares: name, time handling, types and decoders.
 *
 * @param name           the parser's Name
 * @param timeKey        Time_Key ("time" when not set)
 * @param timeFormat     Time_Format, or null (then no time is read)
 * @param timeKeep       Time_Keep: keep the time field in the record
 * @param timeStrict     Time_Strict: a time that does not fit the format fails instead of giving partial fields
 * @param types          Types, or null
 * @param decoders       Decode_Field(_As) rules, or null
 * @param skipEmpty      Skip_Empty_Values (regex): drop captures that matched nothing
 * @param noBareKeys     Logfmt_No_Bare_Keys: a key without '=' fails the logfmt parse
 */
public record ParserSettings(String name, String timeKey, TimeFormat timeFormat, boolean timeKeep,
                             boolean timeStrict, FieldTypes types, FieldDecoders decoders, boolean skipEmpty,
                             boolean noBareKeys) {

    public ParserSettings {
        if (timeKey == null) {
            timeKey = "time";
        }
        if (types != null && types.isEmpty()) {
            types = null;
        }
    }

    /** Settings with only a name (JSON with no time, as in tests and built-in parsers). */
    public static ParserSettings named(String name) {
        return new ParserSettings(name, null, null, false, true, null, null, true, false);
    }
}
