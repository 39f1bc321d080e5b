/**
 * Fluent Bit's record accessor ({@code src/flb_record_accessor.c}, {@code src/flb_ra_key.c},
 * {@code src/record_accessor/ra.l|ra.y}): {@link dev.peregrine.pipeline.accessor.RecordAccessor} reads a value at
 * {@code $key['sub'][0]}; {@link dev.peregrine.pipeline.accessor.RecordTemplate} renders text with {@code $key},
 * {@code $TAG}, {@code $TAG[n]} and {@code $0..$9} parts.
 */
package dev.peregrine.pipeline.accessor;
