/** The grep filter as in Fluent Bit 5.1.1 ({@code plugins/filter_grep/grep.c}): Regex, Exclude, Logical_Op. */
package dev.peregrine.filters.grep;
