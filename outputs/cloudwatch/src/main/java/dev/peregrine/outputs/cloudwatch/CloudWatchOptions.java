package dev.peregrine.outputs.cloudwatch;

import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code cloudwatch_logs} and of its {@code cloudwatch} alias. The alias is what FireLens and the
 * old Go plugin (amazon-cloudwatch-logs-for-fluent-bit) configs use, so both option sets are accepted by both names:
 * the C plugin's ({@code log_group_template}, {@code log_stream_template} in record-accessor syntax) and the Go
 * plugin's ({@code $(...)} templates inside {@code log_group_name}/{@code log_stream_name}, with
 * {@code default_log_group_name}/{@code default_log_stream_name} as fallbacks, {@code new_log_group_tags},
 * {@code auto_create_stream}).
 *
 * <p>Validation follows cb_cloudwatch_init's order and wording, so a broken config fails the same way as with
 * Fluent Bit.
 */
public record CloudWatchOptions(
    String region,
    String logGroupName,
    String logGroupTemplate,
    String logStreamName,
    String logStreamPrefix,
    String logStreamTemplate,
    String defaultLogGroupName,
    String defaultLogStreamName,
    String logKey,
    String logFormat,
    boolean autoCreateGroup,
    boolean autoCreateStream,
    int logRetentionDays,
    String logGroupClass,
    Map<String, String> newLogGroupTags,
    String roleArn,
    String externalId,
    String stsEndpoint,
    URI endpoint,
    String profile,
    String metricNamespace,
    List<List<String>> metricDimensions,
    boolean autoRetryRequests,
    String extraUserAgent,
    boolean tlsVerify,
    boolean emfFalcoAlerts,
    long lingerMillis,
    int maxInflight) {

    public static final OptionSpec REGION = OptionSpec.str("region", null, "The AWS region to send logs to");
    public static final OptionSpec LOG_GROUP_NAME = OptionSpec.str("log_group_name", null,
        "CloudWatch Log Group Name; a $(...) template as in the Go plugin is accepted");
    public static final OptionSpec LOG_GROUP_TEMPLATE = OptionSpec.str("log_group_template", null,
        "Template for CW Log Group name using record accessor syntax. Plugin falls back to the log_group_name "
            + "configured if needed.");
    public static final OptionSpec LOG_STREAM_NAME = OptionSpec.str("log_stream_name", null,
        "CloudWatch Log Stream Name; not compatible with `log_stream_prefix`");
    public static final OptionSpec LOG_STREAM_PREFIX = OptionSpec.str("log_stream_prefix", null,
        "Prefix for CloudWatch Log Stream Name; the tag is appended to the prefix to form the stream name");
    public static final OptionSpec LOG_STREAM_TEMPLATE = OptionSpec.str("log_stream_template", null,
        "Template for CW Log Stream name using record accessor syntax. Plugin falls back to the log_stream_name "
            + "or log_stream_prefix configured if needed.");
    public static final OptionSpec DEFAULT_LOG_GROUP_NAME = OptionSpec.str("default_log_group_name",
        "fluentbit-default", "Fallback group when a $(...) template in log_group_name cannot be resolved");
    public static final OptionSpec DEFAULT_LOG_STREAM_NAME = OptionSpec.str("default_log_stream_name",
        "/fluentbit-default", "Fallback stream when a $(...) template in log_stream_name cannot be resolved");
    public static final OptionSpec LOG_KEY = OptionSpec.str("log_key", null,
        "By default, the whole log record will be sent to CloudWatch. If you specify a key name with this option, "
            + "then only the value of that key will be sent to CloudWatch.");
    public static final OptionSpec LOG_FORMAT = OptionSpec.str("log_format", null,
        "An optional parameter that can be used to tell CloudWatch the format of the data. A value of json/emf "
            + "enables CloudWatch to extract custom metrics embedded in a JSON payload.");
    public static final OptionSpec AUTO_CREATE_GROUP = OptionSpec.bool("auto_create_group", "false",
        "Automatically create the log group (log streams will always automatically be created)");
    public static final OptionSpec AUTO_CREATE_STREAM = OptionSpec.bool("auto_create_stream", "true",
        "Create the log stream when it does not exist (Go plugin option)");
    public static final OptionSpec LOG_RETENTION_DAYS = OptionSpec.integer("log_retention_days", "0",
        "If set to a number greater than zero, and newly create log group's retention policy is set to this many "
            + "days.");
    public static final OptionSpec LOG_GROUP_CLASS = OptionSpec.str("log_group_class", "",
        "Specify the log storage class. Valid values are STANDARD (default) and INFREQUENT_ACCESS.");
    public static final OptionSpec NEW_LOG_GROUP_TAGS = OptionSpec.str("new_log_group_tags", null,
        "Comma/equal delimited tags for auto created log groups, e.g. tag=val,tag2=other value");
    public static final OptionSpec ROLE_ARN = OptionSpec.str("role_arn", null,
        "ARN of an IAM role to assume (ex. for cross account access).");
    public static final OptionSpec EXTERNAL_ID = OptionSpec.str("external_id", null,
        "Specify an external ID for the STS API, can be used with the role_arn parameter if your role requires an "
            + "external ID.");
    public static final OptionSpec STS_ENDPOINT = OptionSpec.str("sts_endpoint", null,
        "Specify a custom endpoint for the STS API, can be used with the role_arn parameter");
    public static final OptionSpec ENDPOINT = OptionSpec.str("endpoint", null,
        "Specify a custom endpoint for the CloudWatch Logs API (host, https://host or http://host:port)");
    public static final OptionSpec PORT = OptionSpec.integer("port", null,
        "TCP port of the endpoint (default 443)");
    public static final OptionSpec TLS_VERIFY = OptionSpec.bool("tls.verify", "true",
        "Verify the endpoint's certificate");
    public static final OptionSpec PROFILE = OptionSpec.str("profile", null,
        "AWS Profile name. AWS Profiles can be configured with AWS CLI and are usually stored in $HOME/.aws/ "
            + "directory.");
    public static final OptionSpec METRIC_NAMESPACE = OptionSpec.str("metric_namespace", "fluent-bit-metrics",
        "Metric namespace for CloudWatch EMF logs");
    public static final OptionSpec METRIC_DIMENSIONS = OptionSpec.str("metric_dimensions", null,
        "Metric dimensions is a list of lists: 'd1,d2;d3' means [[d1, d2],[d3]].");
    public static final OptionSpec AUTO_RETRY_REQUESTS = OptionSpec.bool("auto_retry_requests", "true",
        "Immediately retry failed requests to AWS services once, for networking errors only.");
    public static final OptionSpec EXTRA_USER_AGENT = OptionSpec.str("extra_user_agent", null,
        "This option appends a string to the default user agent.");
    public static final OptionSpec ADD_ENTITY = OptionSpec.bool("add_entity", "false",
        "add entity to PutLogEvent calls (accepted, not sent)");
    public static final OptionSpec CREDENTIALS_ENDPOINT = OptionSpec.str("credentials_endpoint", null,
        "Go plugin option, not supported: use the container credentials provider's environment instead");
    public static final OptionSpec EMF_FALCO_ALERTS = OptionSpec.bool("emf_falco_alerts", "true",
        "With log_format json/emf: send Falco alerts as EMF documents with a count metric per rule and priority");
    public static final OptionSpec BATCH_LINGER = OptionSpec.time("batch_linger", "0.5",
        "How long a partly filled PutLogEvents batch waits for more events of its stream (seconds)");
    public static final OptionSpec MAX_INFLIGHT = OptionSpec.integer("max_inflight_requests", "16",
        "PutLogEvents requests in flight at once for this instance");

    public static final List<OptionSpec> SPECS = List.of(REGION, LOG_GROUP_NAME, LOG_GROUP_TEMPLATE,
        LOG_STREAM_NAME, LOG_STREAM_PREFIX, LOG_STREAM_TEMPLATE, DEFAULT_LOG_GROUP_NAME, DEFAULT_LOG_STREAM_NAME,
        LOG_KEY, LOG_FORMAT, AUTO_CREATE_GROUP, AUTO_CREATE_STREAM, LOG_RETENTION_DAYS, LOG_GROUP_CLASS,
        NEW_LOG_GROUP_TAGS, ROLE_ARN, EXTERNAL_ID, STS_ENDPOINT, ENDPOINT, PORT, TLS_VERIFY, PROFILE,
        METRIC_NAMESPACE, METRIC_DIMENSIONS, AUTO_RETRY_REQUESTS, EXTRA_USER_AGENT, ADD_ENTITY,
        CREDENTIALS_ENDPOINT, EMF_FALCO_ALERTS, BATCH_LINGER, MAX_INFLIGHT);

    public static final String EMF = "json/emf";

    /** Whether records are sent with the {@code x-amzn-logs-format: json/emf} header. */
    public boolean emf() {
        return EMF.equals(logFormat);
    }

    public static CloudWatchOptions from(Options o) throws PluginConfigException {
        String group = o.str(LOG_GROUP_NAME);
        if (group == null) {
            throw new PluginConfigException("'log_group_name' is a required field");
        }
        String stream = o.str(LOG_STREAM_NAME);
        String prefix = o.str(LOG_STREAM_PREFIX);
        if ((stream == null) == (prefix == null)) {
            throw new PluginConfigException("Either 'log_stream_name' or 'log_stream_prefix' is required");
        }
        String groupTemplate = o.str(LOG_GROUP_TEMPLATE);
        String streamTemplate = o.str(LOG_STREAM_TEMPLATE);
        try {
            if (groupTemplate != null) {
                NameTemplate.compile(groupTemplate);
            }
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException("Could not parse `log_group_template`");
        }
        try {
            if (streamTemplate != null) {
                NameTemplate.compile(streamTemplate);
            }
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException("Could not parse `log_stream_template`");
        }
        String region = o.str(REGION);
        if (region == null) {
            throw new PluginConfigException("'region' is a required field");
        }
        boolean createGroup = o.bool(AUTO_CREATE_GROUP);
        String cls = o.str(LOG_GROUP_CLASS);
        if (createGroup && cls != null && !cls.isEmpty()) {
            // cb_cloudwatch_init compares with strncmp on the constant's length: a value that starts with a valid
            // class name is accepted as that class.
            if (cls.startsWith("INFREQUENT_ACCESS")) {
                cls = "INFREQUENT_ACCESS";
            } else if (cls.startsWith("STANDARD")) {
                cls = "STANDARD";
            } else {
                throw new PluginConfigException("The valid values for log_group_class are {STANDARD, "
                    + "INFREQUENT_ACCESS}. Invalid input was " + cls);
            }
        } else {
            cls = null;
        }
        long linger = Math.round(o.seconds(BATCH_LINGER) * 1000);
        long inflight = o.integer(MAX_INFLIGHT, 16);
        if (inflight < 1) {
            throw new PluginConfigException("max_inflight_requests: " + inflight + " (expected: 1 or more)");
        }
        return new CloudWatchOptions(region, group, groupTemplate, stream, prefix, streamTemplate,
            o.str(DEFAULT_LOG_GROUP_NAME), o.str(DEFAULT_LOG_STREAM_NAME), o.str(LOG_KEY), o.str(LOG_FORMAT),
            createGroup, o.bool(AUTO_CREATE_STREAM), (int) o.integer(LOG_RETENTION_DAYS, 0), cls,
            parseTags(o.str(NEW_LOG_GROUP_TAGS)), o.str(ROLE_ARN), o.str(EXTERNAL_ID), o.str(STS_ENDPOINT),
            endpoint(o.str(ENDPOINT), o.integer(PORT)), o.str(PROFILE), o.str(METRIC_NAMESPACE),
            parseDimensions(o.str(METRIC_DIMENSIONS)), o.bool(AUTO_RETRY_REQUESTS), o.str(EXTRA_USER_AGENT),
            o.bool(TLS_VERIFY), o.bool(EMF_FALCO_ALERTS), Math.max(0, linger), (int) inflight);
    }

    /**
     * The endpoint URI: Fluent Bit strips a leading {@code https://} and always speaks TLS; a plain
     * {@code http://host:port} is kept as is so that local mocks (moto) can be used.
     */
    static URI endpoint(String value, Long port) throws PluginConfigException {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        String scheme = "https";
        if (v.startsWith("https://")) {
            v = v.substring(8);
        } else if (v.startsWith("http://")) {
            v = v.substring(7);
            scheme = "http";
        }
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            URI u = URI.create(scheme + "://" + v);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            if (u.getPort() < 0 && port != null && port != 443) {
                u = new URI(scheme, null, u.getHost(), port.intValue(), u.getPath(), null, null);
            }
            return u;
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw new PluginConfigException("invalid endpoint '" + value + "'");
        }
    }

    /** {@code metric_dimensions}: groups separated by {@code ;}, names in a group by {@code ,}. */
    static List<List<String>> parseDimensions(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        List<List<String>> out = new ArrayList<>();
        for (String group : v.split(";", -1)) {
            List<String> names = new ArrayList<>();
            for (String n : group.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
            out.add(List.copyOf(names));
        }
        return List.copyOf(out);
    }

    /** {@code new_log_group_tags}: {@code k=v,k2=v 2}. */
    static Map<String, String> parseTags(String v) throws PluginConfigException {
        Map<String, String> tags = new LinkedHashMap<>();
        if (v == null || v.isBlank()) {
            return tags;
        }
        for (String pair : v.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new PluginConfigException("new_log_group_tags: '" + pair.trim() + "' (expected: key=value)");
            }
            tags.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return tags;
    }
}
