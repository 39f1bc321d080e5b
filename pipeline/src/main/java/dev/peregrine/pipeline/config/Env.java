package dev.peregrine.pipeline.config;

import dev.peregrine.pipeline.log.Log;

import java.net.InetAddress;
import java.util.Map;
import java.util.function.Function;

/**
 * ${VAR} expansion as Fluent Bit does it ({@code flb_env_var_translate}): {@code @SET}/YAML env values first, then
 * the process environment (an empty value counts as unset); {@code ${VAR:-default}}; an unset variable becomes empty
 * with a warning; {@code ${HOSTNAME}} defaults to the host name.
 */
public final class Env {
    private static final Log LOG = Log.of("env");
    private final Map<String, String> variables;
    private final Function<String, String> environment;

    public Env(Map<String, String> variables, Function<String, String> environment) {
        this.variables = variables;
        this.environment = environment;
    }

    public static Env system(Map<String, String> variables) {
        return new Env(variables, System::getenv);
    }

    public String lookup(String name) {
        String v = variables.get(name);
        if (v != null) {
            return v;
        }
        v = environment.apply(name);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        if (name.equals("HOSTNAME")) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                return null;
            }
        }
        return null;
    }

    public String expand(String value) {
        if (value == null || value.indexOf("${") < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start + 2);
            if (end < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            String expr = value.substring(start + 2, end);
            String name = expr;
            String def = null;
            int d = expr.indexOf(":-");
            if (d >= 0) {
                name = expr.substring(0, d);
                def = expr.substring(d + 2);
            }
            String v = lookup(name);
            if (v == null || v.isEmpty()) {
                if (def != null) {
                    v = def;
                } else {
                    LOG.warn("variable ${" + name + "} is used but not set");
                    v = "";
                }
            }
            out.append(v);
            i = end + 1;
        }
        return out.toString();
    }
}
