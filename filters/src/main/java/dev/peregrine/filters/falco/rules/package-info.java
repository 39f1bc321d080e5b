/**
 * Falco rules files: YAML loading (lists, macros, rules, append/override, exceptions, version requirements),
 * compilation into indexed rule sets and rule evaluation, following Falco's
 * {@code userspace/engine/rule_loader_{reader,collector,compiler}.cpp}, {@code falco_engine.cpp} and
 * {@code evttype_index_ruleset.cpp} (FACTS.md section 1).
 */
package dev.peregrine.filters.falco.rules;
