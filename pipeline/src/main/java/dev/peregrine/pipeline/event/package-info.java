/**
 * The record model of Fluent Bit: EventTime, metadata and body maps (msgpack), chunks of events sharing a tag
 * encoded as Fluent Bit's chunks ([[time, metadata], body]...); typed and raw bodies stay undecoded until read.
 */
package dev.peregrine.pipeline.event;
