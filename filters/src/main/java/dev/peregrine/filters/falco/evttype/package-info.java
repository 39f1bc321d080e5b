/**
 * Event-type analysis of conditions (libsinsp {@code filter/ppm_codes.cpp}): the set of event types for
 * which a condition can be true, used to index rules and for the "too many evt.type values" warning.
 */
package dev.peregrine.filters.falco.evttype;
