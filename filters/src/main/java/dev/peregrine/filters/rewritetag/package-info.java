/**
 * The rewrite_tag filter as in Fluent Bit 5.1.1 ({@code plugins/filter_rewrite_tag/rewrite_tag.c}): Rule (key,
 * regex, new tag template, keep), Emitter_Name, Emitter_Storage.type, Emitter_Mem_Buf_Limit.
 */
package dev.peregrine.filters.rewritetag;
