/**
 * JSON and text conversions of msgpack values, byte for byte as Fluent Bit v5.1.1 does them.
 *
 * <ul>
 *   <li>{@link dev.peregrine.pipeline.json.FluentJsonDecoder}: JSON text to msgpack values, following
 *   {@code flb_pack_json} with its default yyjson backend ({@code src/flb_pack.c}: read flags
 *   STOP_WHEN_DONE, ALLOW_INVALID_UNICODE, REPLACE_INVALID_UNICODE).</li>
 *   <li>{@link dev.peregrine.pipeline.json.JsonEncoder}: msgpack to JSON as {@code flb_msgpack_to_json}
 *   ({@code msgpack2json} in {@code src/flb_pack.c}, strings through {@code flb_utils_write_str} in
 *   {@code src/flb_utils.c}).</li>
 *   <li>{@link dev.peregrine.pipeline.json.JsonRecordEncoder}: whole records with a date key, as
 *   {@code flb_pack_msgpack_to_json_format} (formats json, json_lines, json_stream).</li>
 *   <li>{@link dev.peregrine.pipeline.json.MsgpackTextEncoder}: the msgpack-c {@code msgpack_object_print}
 *   text that out_stdout's default format and out_file's csv/ltsv/template formats print.</li>
 * </ul>
 * Strings are handled as bytes throughout: msgpack strings may hold invalid UTF-8 and Fluent Bit has exact rules
 * for it. Output goes to a reusable {@link dev.peregrine.pipeline.json.ByteSink}.
 */
package dev.peregrine.pipeline.json;
