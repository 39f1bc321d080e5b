/**
 * The {@code cloudwatch_logs} output (Fluent Bit's C plugin) and its {@code cloudwatch} alias (the Go plugin name
 * used by FireLens setups): CloudWatch Logs PutLogEvents with the service's batching limits, via the AWS SDK for
 * Java v2.
 */
package dev.peregrine.outputs.cloudwatch;
