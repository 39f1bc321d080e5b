/**
 * Configuration as Fluent Bit reads it: the classic format (src/config_format/flb_cf_fluentbit.c), the YAML
 * format (flb_cf_yaml.c), ${VAR} expansion (flb_env.c), and value syntaxes (sizes, durations, booleans, lists).
 */
package dev.peregrine.pipeline.config;
