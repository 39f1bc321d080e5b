/**
 * The {@code null} output, as Fluent Bit's plugins/out_null: accepts and discards every chunk. (The package is not
 * called {@code null} because that is a Java keyword.)
 */
package dev.peregrine.outputs.nullout;
