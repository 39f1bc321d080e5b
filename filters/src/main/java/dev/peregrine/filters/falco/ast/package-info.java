/**
 * Abstract syntax tree of a Falco filter condition, mirroring the node kinds of libsinsp
 * {@code filter/ast.h} (and, or, not, identifier, value, list, transformer list, unary check,
 * binary check, field, field transformer). Every node keeps its source {@link Position}.
 */
package dev.peregrine.filters.falco.ast;
