/**
 * Recursive-descent parser for Falco filter conditions, following the EBNF and lexing rules of libsinsp
 * {@code filter/parser.h}/{@code parser.cpp} and the string escaping of {@code filter/escaping.cpp}
 * (see FACTS.md section 2).
 */
package dev.peregrine.filters.falco.parse;
