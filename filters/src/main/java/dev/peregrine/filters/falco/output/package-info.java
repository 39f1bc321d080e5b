/**
 * Falco alerts: compiled rule output formats and the alert text/JSON encodings.
 *
 * <p>Follows Falco's {@code userspace/engine/formats.cpp} (prefix {@code "%evt.time: Priority"}, JSON object with
 * sorted keys, text escaped as a JSON string body), {@code userspace/falco/falco_outputs.cpp} (internal alerts),
 * {@code event_drops.cpp} (the syscall-drop alert) and libsinsp's {@code eventformatter.cpp} ({@code %field},
 * {@code %N field} widths, {@code <NA>} for missing values, typed JSON values), as summarised in
 * {@code shared/falco-tests/FACTS.md} section 3.
 */
package dev.peregrine.filters.falco.output;
