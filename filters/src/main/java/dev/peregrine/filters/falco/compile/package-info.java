/**
 * Compiles condition ASTs into allocation-free predicate trees and evaluates them with libsinsp semantics
 * ({@code sinsp_filtercheck.cpp compare}, {@code filter_compare.cpp}): a field that cannot be extracted makes
 * every comparison false, string operators follow strcmp/strstr/fnmatch/RE2 behaviour, {@code pmatch} is a
 * component-wise path-prefix match, and list fields use set semantics.
 */
package dev.peregrine.filters.falco.compile;
