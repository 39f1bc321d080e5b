/** The {@code stdout} output, as Fluent Bit's plugins/out_stdout/stdout.c (FACTS.md 4g). */
package dev.peregrine.outputs.stdout;
