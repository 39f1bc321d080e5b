package dev.peregrine.inputs.forward;

import dev.peregrine.pipeline.plugin.OptionSpec;
import dev.peregrine.pipeline.plugin.Options;
import dev.peregrine.pipeline.plugin.PluginConfigException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * in_forward's options (Fluent Bit 5.1.1 plugins/in_forward/fw.c config map plus the generic network and TLS
 * properties of flb_input.c) and their validated values.
 */
record ForwardOptions(String listen, int port, String unixPath, Integer unixPerm, long bufferChunkSize,
                      long bufferMaxSize, String tagPrefix, byte[] sharedKey, String selfHostname,
                      Map<String, String> users, int workers, int backlog, Tls tls) {

    static final OptionSpec LISTEN = OptionSpec.str("listen", "0.0.0.0", "Listen address");
    static final OptionSpec PORT = OptionSpec.integer("port", "24224", "TCP port");
    static final OptionSpec UNIX_PATH = OptionSpec.str("unix_path", null,
        "Listen on this Unix socket instead of TCP");
    static final OptionSpec UNIX_PERM = OptionSpec.str("unix_perm", null, "Octal permissions of the Unix socket");
    static final OptionSpec BUFFER_CHUNK_SIZE = OptionSpec.size("buffer_chunk_size", "1024000",
        "Initial per-connection buffer size and its growth step");
    static final OptionSpec BUFFER_MAX_SIZE = OptionSpec.size("buffer_max_size", "6144000",
        "Largest frame (and decompressed payload) accepted from a connection");
    static final OptionSpec TAG_PREFIX = OptionSpec.str("tag_prefix", null, "Prefix added to the incoming tag");
    static final OptionSpec SHARED_KEY = OptionSpec.str("shared_key", null,
        "Shared key of the secure-forward handshake");
    static final OptionSpec EMPTY_SHARED_KEY = OptionSpec.bool("empty_shared_key", "false",
        "Run the handshake with an empty shared key");
    static final OptionSpec SELF_HOSTNAME = OptionSpec.str("self_hostname", "localhost",
        "Hostname sent in the PONG of the handshake");
    static final OptionSpec SECURITY_USERS = OptionSpec.slist("security.users", 1,
        "A user and password for the handshake, as 'user password'; may be repeated").multi();
    static final OptionSpec WORKERS = OptionSpec.integer("workers", "1", "Listener workers");

    static final OptionSpec NET_BACKLOG = OptionSpec.integer("net.backlog", "128", "Listen backlog");
    static final OptionSpec NET_KEEPALIVE = OptionSpec.bool("net.keepalive", "true", "TCP keepalive");
    static final OptionSpec NET_IO_TIMEOUT = OptionSpec.time("net.io_timeout", "0s", "I/O timeout (accepted)");
    static final OptionSpec NET_ACCEPT_TIMEOUT = OptionSpec.time("net.accept_timeout", "10s",
        "Accept timeout (accepted)");
    static final OptionSpec NET_KEEPALIVE_IDLE = OptionSpec.integer("net.keepalive_idle_timeout", "30",
        "Keepalive idle timeout (accepted)");
    static final OptionSpec NET_KEEPALIVE_MAX = OptionSpec.integer("net.keepalive_max_recycle", "0",
        "Keepalive recycle count (accepted)");

    static final OptionSpec TLS = OptionSpec.bool("tls", "off", "Enable TLS");
    static final OptionSpec TLS_VERIFY = OptionSpec.bool("tls.verify", "on", "Verify certificates");
    static final OptionSpec TLS_VERIFY_CLIENT_CERT = OptionSpec.bool("tls.verify_client_cert", "off",
        "Require and verify a client certificate");
    static final OptionSpec TLS_VERIFY_HOSTNAME = OptionSpec.bool("tls.verify_hostname", "off",
        "Verify the peer's hostname");
    static final OptionSpec TLS_DEBUG = OptionSpec.integer("tls.debug", "1", "TLS debug level (accepted)");
    static final OptionSpec TLS_CA_FILE = OptionSpec.str("tls.ca_file", null, "CA certificates (PEM)");
    static final OptionSpec TLS_CA_PATH = OptionSpec.str("tls.ca_path", null, "Directory of CA certificates");
    static final OptionSpec TLS_CRT_FILE = OptionSpec.str("tls.crt_file", null, "Server certificate (PEM)");
    static final OptionSpec TLS_KEY_FILE = OptionSpec.str("tls.key_file", null, "Server private key (PEM, PKCS#8)");
    static final OptionSpec TLS_KEY_PASSWD = OptionSpec.str("tls.key_passwd", null, "Private key password");
    static final OptionSpec TLS_VHOST = OptionSpec.str("tls.vhost", null, "TLS SNI host name");
    static final OptionSpec TLS_MIN_VERSION = OptionSpec.str("tls.min_version", null, "Lowest TLS version");
    static final OptionSpec TLS_MAX_VERSION = OptionSpec.str("tls.max_version", null, "Highest TLS version");
    static final OptionSpec TLS_CIPHERS = OptionSpec.str("tls.ciphers", null, "TLS cipher suites");

    static final List<OptionSpec> ALL = List.of(LISTEN, PORT, UNIX_PATH, UNIX_PERM, BUFFER_CHUNK_SIZE,
        BUFFER_MAX_SIZE, TAG_PREFIX, SHARED_KEY, EMPTY_SHARED_KEY, SELF_HOSTNAME, SECURITY_USERS, WORKERS,
        NET_BACKLOG, NET_KEEPALIVE, NET_IO_TIMEOUT, NET_ACCEPT_TIMEOUT, NET_KEEPALIVE_IDLE, NET_KEEPALIVE_MAX,
        TLS, TLS_VERIFY, TLS_VERIFY_CLIENT_CERT, TLS_VERIFY_HOSTNAME, TLS_DEBUG, TLS_CA_FILE, TLS_CA_PATH,
        TLS_CRT_FILE, TLS_KEY_FILE, TLS_KEY_PASSWD, TLS_VHOST, TLS_MIN_VERSION, TLS_MAX_VERSION, TLS_CIPHERS);

    record Tls(String crtFile, String keyFile, String keyPasswd, String caFile, boolean verifyClient,
               String minVersion, String maxVersion, List<String> ciphers) {
    }

    /** Whether the HELO/PING/PONG handshake runs (any of Shared_Key, Empty_Shared_Key, Security.Users). */
    boolean handshake() {
        return sharedKey != null;
    }

    static ForwardOptions from(Options o) throws PluginConfigException {
        Map<String, String> users = new LinkedHashMap<>();
        for (List<String> u : o.<List<String>>all(SECURITY_USERS)) {
            if (u.size() != 2) {
                throw new PluginConfigException("security.users: '" + String.join(" ", u)
                    + "' (expected: 'user password')");
            }
            users.put(u.get(0), u.get(1));
        }
        String key = o.str(SHARED_KEY);
        boolean empty = o.bool(EMPTY_SHARED_KEY);
        if (!users.isEmpty() && key == null && !empty) {
            throw new PluginConfigException("security.users is set but no shared_key or empty_shared_key");
        }
        byte[] sharedKey = key != null ? key.getBytes(java.nio.charset.StandardCharsets.UTF_8)
            : empty ? new byte[0] : null;
        long chunk = o.size(BUFFER_CHUNK_SIZE);
        long max = o.size(BUFFER_MAX_SIZE);
        if (chunk <= 0 || max <= 0) {
            throw new PluginConfigException("buffer_chunk_size and buffer_max_size must be > 0");
        }
        if (max < chunk) {
            throw new PluginConfigException("buffer_max_size (" + max + ") is smaller than buffer_chunk_size ("
                + chunk + ")");
        }
        if (max > Integer.MAX_VALUE - 64) {
            throw new PluginConfigException("buffer_max_size: " + max + " (expected: at most " + (Integer.MAX_VALUE
                - 64) + ")");
        }
        String unixPath = o.str(UNIX_PATH);
        int workers = (int) o.integer(WORKERS, 1);
        if (workers < 1) {
            throw new PluginConfigException("workers: " + workers + " (expected: >= 1)");
        }
        if (unixPath != null && workers > 1) {
            throw new PluginConfigException("workers > 1 is not supported with unix_path");
        }
        Integer perm = null;
        if (o.str(UNIX_PERM) != null) {
            try {
                perm = Integer.parseInt(o.str(UNIX_PERM), 8) & 07777;
            } catch (NumberFormatException e) {
                throw new PluginConfigException("unix_perm: '" + o.str(UNIX_PERM) + "' (expected: an octal mode)");
            }
        }
        long port = o.integer(PORT, 24224);
        if (port < 0 || port > 65535) {
            throw new PluginConfigException("port: " + port + " (expected: 0..65535)");
        }
        Tls tls = null;
        if (o.bool(TLS)) {
            if (o.str(TLS_CRT_FILE) == null || o.str(TLS_KEY_FILE) == null) {
                throw new PluginConfigException("tls is on but tls.crt_file or tls.key_file is not set");
            }
            String ciphers = o.str(TLS_CIPHERS);
            tls = new Tls(o.str(TLS_CRT_FILE), o.str(TLS_KEY_FILE), o.str(TLS_KEY_PASSWD), o.str(TLS_CA_FILE),
                o.bool(TLS_VERIFY_CLIENT_CERT), o.str(TLS_MIN_VERSION), o.str(TLS_MAX_VERSION),
                ciphers == null ? null : List.of(ciphers.split("[:,]")));
        }
        return new ForwardOptions(o.str(LISTEN), (int) port, unixPath, perm, chunk, max, o.str(TAG_PREFIX),
            sharedKey, o.str(SELF_HOSTNAME), users, workers, (int) o.integer(NET_BACKLOG, 128), tls);
    }
}
