/**
 * The record_modifier filter as in Fluent Bit 5.1.1 ({@code plugins/filter_record_modifier/filter_modifier.c}):
 * Record, Remove_key, Allowlist_key (Whitelist_key), UUID_key.
 */
package dev.peregrine.filters.recordmodifier;
