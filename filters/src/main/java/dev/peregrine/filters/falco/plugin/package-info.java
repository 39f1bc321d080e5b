/**
 * The {@code falco} filter plugin and the {@code peregrine rules} command.
 *
 * <p>The filter runs Falco rules ({@code shared/falco-tests/FACTS.md} sections 1-3; Falco's {@code falco.yaml}
 * settings {@code rules_files}, {@code rule_matching}, {@code priority}, {@code json_output},
 * {@code json_include_*_property}, {@code time_format_iso_8601}, {@code append_output}) on typed syscall events and
 * emits Falco alerts as records. Options follow Fluent Bit's naming ({@code Rules_File}, {@code Rule_Matching}, ...).
 * {@code peregrine rules validate} mirrors {@code falco -V}.
 */
package dev.peregrine.filters.falco.plugin;
