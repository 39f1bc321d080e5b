/**
 * The {@code dummy} input: generates records from a JSON template at a fixed rate, with Fluent Bit's in_dummy
 * options and defaults (plugins/in_dummy in Fluent Bit 5.1.1).
 */
package dev.peregrine.inputs.dummy;
