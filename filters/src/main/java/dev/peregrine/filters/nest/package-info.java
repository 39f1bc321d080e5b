/**
 * The nest filter as in Fluent Bit 5.1.1 ({@code plugins/filter_nest/nest.c}): Operation nest/lift, Wildcard,
 * Nest_under, Nested_under, Add_prefix, Remove_prefix.
 */
package dev.peregrine.filters.nest;
