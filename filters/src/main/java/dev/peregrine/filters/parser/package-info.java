/**
 * The parser filter as in Fluent Bit 5.1.1 ({@code plugins/filter_parser/filter_parser.c}): Key_Name (a key or a
 * record accessor), Parser (repeatable, first success wins), Reserve_Data, Preserve_Key.
 */
package dev.peregrine.filters.parser;
