/**
 * Falco rules language engine: condition grammar, rule loader, compiler and evaluator.
 *
 * <p>Follows the behaviour of Falco's rule engine ({@code falcosecurity/falco userspace/engine}) and
 * the libsinsp filter language ({@code falcosecurity/libs userspace/libsinsp/filter}), as summarised in
 * {@code shared/falco-tests/FACTS.md}.
 */
package dev.peregrine.filters.falco;
