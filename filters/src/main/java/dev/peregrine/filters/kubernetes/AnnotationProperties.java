package dev.peregrine.filters.kubernetes;

import dev.peregrine.pipeline.log.Log;
import dev.peregrine.pipeline.parser.ParserRegistry;

import java.util.Locale;

/**
 * What a pod's {@code fluentbit.io/parser[_stdout|_stderr][-container]} and {@code fluentbit.io/exclude...}
 * annotations ask for one container (Fluent Bit's kube_property.c). A container-specific annotation always wins;
 * a generic one only fills what is still unset, so annotation order does not matter for them.
 */
record AnnotationProperties(String stdoutParser, String stderrParser, boolean stdoutExclude, boolean stderrExclude) {
    static final AnnotationProperties NONE = new AnnotationProperties(null, null, false, false);

    private static final int NO_STREAM = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    private static final int UNDEF = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;

    /** Accumulates annotations in pod order. */
    static final class Builder {
        private final KubernetesOptions options;
        private final ParserRegistry parsers;
        private final Log log;
        private final String namespace;
        private final String podName;
        private final String containerName;
        private String stdoutParser;
        private String stderrParser;
        private int stdoutExclude = UNDEF;
        private int stderrExclude = UNDEF;

        Builder(KubernetesOptions options, ParserRegistry parsers, Log log, PodIdentity id) {
            this.options = options;
            this.parsers = parsers;
            this.log = log;
            this.namespace = id.namespace();
            this.podName = id.podName();
            this.containerName = id.containerName();
        }

        /** @param prop the key after {@code fluentbit.io/} */
        void set(String prop, String value) {
            boolean parser;
            String cur;
            if (prop.startsWith("parser")) {
                parser = true;
                cur = prop.substring(6);
            } else if (prop.startsWith("exclude")) {
                parser = false;
                cur = prop.substring(7);
            } else {
                log.warn("unknown annotation 'fluentbit.io/" + prop + "' (ns='" + namespace + "' pod_name='"
                        + podName + "')");
                return;
            }
            int stream = NO_STREAM;
            if (cur.startsWith("_")) {
                cur = cur.substring(1);
                if (cur.startsWith("stdout")) {
                    stream = STDOUT;
                } else if (cur.startsWith("stderr")) {
                    stream = STDERR;
                } else {
                    log.warn("invalid stream in annotation 'fluentbit.io/" + prop + "' (ns='" + namespace
                            + "' pod_name='" + podName + "')");
                    return;
                }
                cur = cur.substring(6);
            }
            String container = null;
            if (cur.startsWith("-")) {
                cur = cur.substring(1);
                if (cur.isEmpty()) {
                    log.warn("invalid container in annotation 'fluentbit.io/" + prop + "' (ns='" + namespace
                            + "' pod_name='" + podName + "')");
                    return;
                }
                container = cur;
                cur = "";
            }
            if (!cur.isEmpty()) {
                log.warn("invalid annotation 'fluentbit.io/" + prop + "' (ns='" + namespace + "' pod_name='"
                        + podName + "')");
                return;
            }
            if (container != null && !container.equals(containerName)) {
                return;
            }
            boolean specific = container != null;
            if (parser) {
                setParser(specific, stream, value);
            } else {
                setExclude(specific, stream, value);
            }
        }

        private void setParser(boolean specific, int stream, String value) {
            if (!options.k8sLoggingParser()) {
                notAllowed("fluentbit.io/parser");
                return;
            }
            if (parsers == null || !parsers.contains(value)) {
                log.warn("annotation parser '" + value + "' not found (ns='" + namespace + "' pod_name='" + podName
                        + "', container_name='" + containerName + "')");
                return;
            }
            if ((stream == NO_STREAM || stream == STDOUT) && (specific || stdoutParser == null)) {
                stdoutParser = value;
            }
            if ((stream == NO_STREAM || stream == STDERR) && (specific || stderrParser == null)) {
                stderrParser = value;
            }
        }

        private void setExclude(boolean specific, int stream, String value) {
            if (!options.k8sLoggingExclude()) {
                notAllowed("fluentbit.io/exclude");
                return;
            }
            String v = value.toLowerCase(Locale.ROOT);
            // flb_utils_bool: only true/on/yes exclude; anything else (even garbage) is an explicit "false"
            int exclude = v.equals("true") || v.equals("on") || v.equals("yes") ? TRUE : FALSE;
            if ((stream == NO_STREAM || stream == STDOUT) && (specific || stdoutExclude == UNDEF)) {
                stdoutExclude = exclude;
            }
            if ((stream == NO_STREAM || stream == STDERR) && (specific || stderrExclude == UNDEF)) {
                stderrExclude = exclude;
            }
        }

        private void notAllowed(String prop) {
            log.warn("annotation '" + prop + "' not allowed (ns='" + namespace + "' pod_name='" + podName + "')");
        }

        AnnotationProperties build() {
            if (stdoutParser == null && stderrParser == null && stdoutExclude != TRUE && stderrExclude != TRUE) {
                return NONE;
            }
            return new AnnotationProperties(stdoutParser, stderrParser, stdoutExclude == TRUE,
                    stderrExclude == TRUE);
        }
    }
}
