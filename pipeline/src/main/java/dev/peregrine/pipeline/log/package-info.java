/**
 * The agent's own log in Fluent Bit's line format ({@code [time] [level] [component] message}).
 */
package dev.peregrine.pipeline.log;
