/** The {@code file} output, as Fluent Bit's plugins/out_file/file.c (static destinations; no rotation). */
package dev.peregrine.outputs.file;
