/**
 * Fluent Bit's HTTP monitoring API (src/http_server/): paths, JSON shapes and Prometheus metric names.
 */
package dev.peregrine.pipeline.http;
