/**
 * Registry of the filter fields Falco knows for the {@code syscall} source (libsinsp filterchecks plus the
 * container plugin), with libsinsp's value types and flags, and the operator/type compatibility rules of
 * {@code libsinsp/filter_compare.cpp flt_is_comparable}.
 */
package dev.peregrine.filters.falco.fields;
