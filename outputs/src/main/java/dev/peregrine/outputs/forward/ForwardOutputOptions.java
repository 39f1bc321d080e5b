package dev.peregrine.outputs.forward;

import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** out_forward's options (Fluent Bit 5.1.1 plugins/out_forward/forward.c config map) and their validated values. */
record ForwardOutputOptions(String host, int port, byte[] sharedKey, String selfHostname, String username,
                            String password, boolean requireAck, boolean gzip, boolean sendOptions,
                            boolean timeAsInteger, String tag, boolean retainMetadata, Tls tls,
                            long connectTimeoutMillis, long ackTimeoutMillis) {

    static final OptionSpec HOST = OptionSpec.str("host", "127.0.0.1", "Host of the Forward server");
    static final OptionSpec PORT = OptionSpec.integer("port", "24224", "TCP port of the Forward server");
    static final OptionSpec SHARED_KEY = OptionSpec.str("shared_key", null,
        "Shared key of the secure-forward handshake");
    static final OptionSpec EMPTY_SHARED_KEY = OptionSpec.bool("empty_shared_key", "false",
        "Run the handshake with an empty shared key");
    static final OptionSpec SELF_HOSTNAME = OptionSpec.str("self_hostname", "localhost",
        "Hostname sent in the PING of the handshake");
    static final OptionSpec USERNAME = OptionSpec.str("username", "", "User for the handshake");
    static final OptionSpec PASSWORD = OptionSpec.str("password", "", "Password for the handshake");
    static final OptionSpec REQUIRE_ACK = OptionSpec.bool("require_ack_response", "false",
        "Send a chunk id and wait for the server's ack before answering OK");
    static final OptionSpec COMPRESS = OptionSpec.str("compress", null, "Compression: gzip");
    static final OptionSpec SEND_OPTIONS = OptionSpec.bool("send_options", "false",
        "Always send the options map (it is always sent: the fluent_signal option needs it)");
    static final OptionSpec TIME_AS_INTEGER = OptionSpec.bool("time_as_integer", "false",
        "Send times as integer seconds (Fluentd v0.12)");
    static final OptionSpec TAG = OptionSpec.str("tag", null, "Tag sent instead of the record's tag");
    static final OptionSpec RETAIN_METADATA = OptionSpec.bool("retain_metadata_in_forward_mode", "true",
        "Send entries as [[time, metadata], record]");
    static final OptionSpec FLUENTD_COMPAT = OptionSpec.bool("fluentd_compat", "false",
        "Fluentd compatibility for metrics and traces (accepted)");
    static final OptionSpec ADD_OPTION = OptionSpec.slist("add_option", 1, "Extra option (accepted)").multi();
    static final OptionSpec UPSTREAM = OptionSpec.str("upstream", null, "Upstream servers file (not supported)");
    static final OptionSpec NET_CONNECT_TIMEOUT = OptionSpec.time("net.connect_timeout", "10s",
        "Connection timeout");
    static final OptionSpec NET_IO_TIMEOUT = OptionSpec.time("net.io_timeout", "0s",
        "Wait for an ack at most this long (0: 60 seconds)");
    static final OptionSpec NET_KEEPALIVE = OptionSpec.bool("net.keepalive", "true", "Reuse the connection");

    static final OptionSpec TLS = OptionSpec.bool("tls", "off", "Enable TLS");
    static final OptionSpec TLS_VERIFY = OptionSpec.bool("tls.verify", "on", "Verify the server certificate");
    static final OptionSpec TLS_VERIFY_HOSTNAME = OptionSpec.bool("tls.verify_hostname", "off",
        "Verify the server's hostname");
    static final OptionSpec TLS_DEBUG = OptionSpec.integer("tls.debug", "1", "TLS debug level (accepted)");
    static final OptionSpec TLS_CA_FILE = OptionSpec.str("tls.ca_file", null, "CA certificates (PEM)");
    static final OptionSpec TLS_CA_PATH = OptionSpec.str("tls.ca_path", null, "Directory of CA certificates");
    static final OptionSpec TLS_CRT_FILE = OptionSpec.str("tls.crt_file", null, "Client certificate (PEM)");
    static final OptionSpec TLS_KEY_FILE = OptionSpec.str("tls.key_file", null, "Client private key (PEM)");
    static final OptionSpec TLS_KEY_PASSWD = OptionSpec.str("tls.key_passwd", null, "Private key password");
    static final OptionSpec TLS_VHOST = OptionSpec.str("tls.vhost", null, "TLS SNI host name");
    static final OptionSpec TLS_MIN_VERSION = OptionSpec.str("tls.min_version", null, "Lowest TLS version");
    static final OptionSpec TLS_MAX_VERSION = OptionSpec.str("tls.max_version", null, "Highest TLS version");
    static final OptionSpec TLS_CIPHERS = OptionSpec.str("tls.ciphers", null, "TLS cipher suites");

    static final List<OptionSpec> ALL = List.of(HOST, PORT, SHARED_KEY, EMPTY_SHARED_KEY, SELF_HOSTNAME, USERNAME,
        PASSWORD, REQUIRE_ACK, COMPRESS, SEND_OPTIONS, TIME_AS_INTEGER, TAG, RETAIN_METADATA, FLUENTD_COMPAT,
        ADD_OPTION, UPSTREAM, NET_CONNECT_TIMEOUT, NET_IO_TIMEOUT, NET_KEEPALIVE, TLS, TLS_VERIFY,
        TLS_VERIFY_HOSTNAME, TLS_DEBUG, TLS_CA_FILE, TLS_CA_PATH, TLS_CRT_FILE, TLS_KEY_FILE, TLS_KEY_PASSWD,
        TLS_VHOST, TLS_MIN_VERSION, TLS_MAX_VERSION, TLS_CIPHERS);

    record Tls(boolean verify, boolean verifyHostname, String caFile, String crtFile, String keyFile,
               String keyPasswd, String vhost) {
    }

    boolean handshake() {
        return sharedKey != null;
    }

    static ForwardOutputOptions from(Options o) throws PluginConfigException {
        if (o.str(UPSTREAM) != null) {
            throw new PluginConfigException("upstream: Upstream files are not supported yet (use host and port)");
        }
        String compress = o.str(COMPRESS);
        if (compress != null && !compress.equalsIgnoreCase("gzip")) {
            throw new PluginConfigException("compress: '" + compress + "' (expected: gzip)");
        }
        long port = o.integer(PORT, 24224);
        if (port < 1 || port > 65535) {
            throw new PluginConfigException("port: " + port + " (expected: 1..65535)");
        }
        String key = o.str(SHARED_KEY);
        byte[] sharedKey = key != null ? key.getBytes(StandardCharsets.UTF_8)
            : o.bool(EMPTY_SHARED_KEY) ? new byte[0] : null;
        Tls tls = o.bool(TLS) ? new Tls(o.bool(TLS_VERIFY), o.bool(TLS_VERIFY_HOSTNAME), o.str(TLS_CA_FILE),
            o.str(TLS_CRT_FILE), o.str(TLS_KEY_FILE), o.str(TLS_KEY_PASSWD), o.str(TLS_VHOST)) : null;
        double io = o.seconds(NET_IO_TIMEOUT);
        return new ForwardOutputOptions(o.str(HOST), (int) port, sharedKey, o.str(SELF_HOSTNAME), o.str(USERNAME),
            o.str(PASSWORD), o.bool(REQUIRE_ACK), compress != null, o.bool(SEND_OPTIONS), o.bool(TIME_AS_INTEGER),
            o.str(TAG), o.bool(RETAIN_METADATA), tls, (long) (o.seconds(NET_CONNECT_TIMEOUT) * 1000),
            io > 0 ? (long) (io * 1000) : 60_000);
    }
}
