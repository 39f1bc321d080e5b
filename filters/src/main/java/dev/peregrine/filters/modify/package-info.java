/**
 * The modify filter as in Fluent Bit 5.1.1 ({@code plugins/filter_modify/modify.c}): Set, Add, Remove,
 * Remove_wildcard, Remove_regex, Move_to_start, Move_to_end, Rename, Hard_rename, Copy, Hard_copy and Condition.
 */
package dev.peregrine.filters.modify;
