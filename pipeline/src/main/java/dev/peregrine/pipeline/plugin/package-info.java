/**
 * The plugin SPI: factories found with ServiceLoader, options declared as data (Fluent Bit's config maps),
 * validation into typed options, and the Input/Filter/Output lifecycles.
 */
package dev.peregrine.pipeline.plugin;
