/**
 * Fluent Bit's [PARSER] and [MULTILINE_PARSER] definitions: formats json, regex, logfmt and ltsv with Time_Key,
 * Time_Format (Fluent Bit's strptime with {@code %L}), Time_Keep, Time_Offset, Time_Strict, Types,
 * Decode_Field(_As) and Skip_Empty_Values, as in Fluent Bit 5.1.1 ({@code src/flb_parser*.c},
 * {@code src/flb_strptime.c}, {@code src/flb_regex.c}).
 *
 * <p>Entry points for the core: {@link dev.peregrine.pipeline.parser.ParserDefinitions#fromSection} and
 * {@link dev.peregrine.pipeline.parser.ParserDefinitions#multilineFromSection}; Onigmo patterns are compiled with
 * {@link dev.peregrine.pipeline.parser.RubyRegex}.
 */
package dev.peregrine.pipeline.parser;
