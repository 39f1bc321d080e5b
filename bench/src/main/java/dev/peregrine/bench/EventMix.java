package dev.peregrine.bench;

import dev.peregrine.filters.falco.evttype.EventTypeNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic stream of syscall events shaped like a busy Kubernetes node.
 *
 * <p>Proportions (per 100 events): read 26, write 20, openat 22, close 18, connect 5, execve 3, accept4 2,
 * mkdirat 1, unlinkat 1, setuid 1, clone 1. Processes: host daemons (kubelet, containerd, dockerd, sshd, journald,
 * node_exporter, cron) and containers (nginx, java, python3/gunicorn, node, postgres, redis, envoy), with
 * realistic ancestry, command lines, images and file paths. Values are chosen so that most rules get past their
 * event type and first checks and fail late (e.g. a python3 in a container reading {@code /etc/ld.so.cache});
 * about 0.5% of events are real detections (a shell in a container, a read of {@code /etc/shadow}).
 */
final class EventMix {
    private record Proc(String name, String exepath, String args, String pname, String pexepath, String[] ancestors,
                        String user, long uid, String containerId, String containerName, String image, String tag,
                        String pod, String ns, String[] readFiles, String[] writeFiles, String[] peers) {
        boolean inContainer() {
            return !containerId.equals("host");
        }
    }

    private static final String[] LIBS = {"/etc/ld.so.cache", "/usr/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/lib/x86_64-linux-gnu/libpthread.so.0", "/proc/self/stat", "/proc/self/status",
            "/sys/fs/cgroup/cpu.max", "/dev/null", "/dev/urandom", "/etc/localtime", "/etc/nsswitch.conf",
            "/etc/resolv.conf", "/etc/hosts", "/etc/passwd", "/etc/ssl/certs/ca-certificates.crt"};

    private static final Proc[] PROCS = {
        new Proc("kubelet", "/usr/bin/kubelet", "--config=/var/lib/kubelet/config.yaml", "systemd",
                "/usr/lib/systemd/systemd", new String[] {"systemd"}, "root", 0, "host", "host", null, null, null,
                null, new String[] {"/var/lib/kubelet/pods/4f1c/volumes/kubernetes.io~projected/token",
                "/proc/1234/cgroup", "/sys/fs/cgroup/kubepods.slice/memory.stat", "/etc/kubernetes/kubelet.conf"},
                new String[] {"/var/lib/kubelet/pods/4f1c/etc-hosts", "/var/log/pods/ns_pod/c/0.log"},
                new String[] {"10.0.0.1:6443", "10.0.3.17:10250"}),
        new Proc("containerd", "/usr/bin/containerd", "", "systemd", "/usr/lib/systemd/systemd",
                new String[] {"systemd"}, "root", 0, "host", "host", null, null, null, null,
                new String[] {"/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db",
                "/run/containerd/io.containerd.runtime.v2.task/k8s.io/ab12/config.json"},
                new String[] {"/var/lib/containerd/io.containerd.metadata.v1.bolt/meta.db"},
                new String[] {"52.94.2.10:443"}),
        new Proc("containerd-shim", "/usr/bin/containerd-shim-runc-v2", "-namespace k8s.io -id ab12",
                "systemd", "/usr/lib/systemd/systemd", new String[] {"systemd"}, "root", 0, "host", "host", null,
                null, null, null, new String[] {"/run/containerd/io.containerd.runtime.v2.task/k8s.io/ab12/init.pid"},
                new String[] {"/run/containerd/io.containerd.runtime.v2.task/k8s.io/ab12/log.json"}, new String[0]),
        new Proc("sshd", "/usr/sbin/sshd", "-D", "systemd", "/usr/lib/systemd/systemd", new String[] {"systemd"},
                "root", 0, "host", "host", null, null, null, null, new String[] {"/etc/ssh/sshd_config",
                "/etc/shadow", "/etc/pam.d/sshd"}, new String[] {"/var/log/auth.log"}, new String[0]),
        new Proc("systemd-journal", "/usr/lib/systemd/systemd-journald", "", "systemd",
                "/usr/lib/systemd/systemd", new String[] {"systemd"}, "root", 0, "host", "host", null, null, null,
                null, new String[] {"/proc/812/cmdline", "/proc/812/comm"},
                new String[] {"/var/log/journal/3c1d/system.journal"}, new String[0]),
        new Proc("node_exporter", "/usr/bin/node_exporter", "--path.rootfs=/host", "containerd-shim",
                "/usr/bin/containerd-shim-runc-v2", new String[] {"containerd-shim", "systemd"}, "nobody", 65534,
                "5f1e2d3c4b5a", "node-exporter", "quay.io/prometheus/node-exporter", "v1.8.1",
                "node-exporter-x7k2p", "monitoring", new String[] {"/host/proc/stat", "/host/proc/meminfo",
                "/host/sys/class/net/eth0/statistics/rx_bytes"}, new String[0], new String[0]),
        new Proc("nginx", "/usr/sbin/nginx", "-g daemon off;", "nginx", "/usr/sbin/nginx",
                new String[] {"nginx", "containerd-shim", "systemd"}, "nginx", 101, "3ad7b26ded6d", "web",
                "docker.io/library/nginx", "1.27", "web-6d9f7c-abcde", "shop", new String[] {"/etc/nginx/nginx.conf",
                "/usr/share/nginx/html/index.html", "/etc/nginx/conf.d/default.conf"},
                new String[] {"/var/log/nginx/access.log", "/var/cache/nginx/client_temp/0000000001"},
                new String[] {"10.0.7.21:8080", "10.96.0.10:53"}),
        new Proc("java", "/opt/java/openjdk/bin/java", "-Xmx2g -jar /app/orders.jar", "containerd-shim",
                "/usr/bin/containerd-shim-runc-v2", new String[] {"containerd-shim", "systemd"}, "app", 1000,
                "9c8b7a6f5e4d", "orders", "ghcr.io/acme/orders", "2.14.3", "orders-7c9d8-qwert", "shop",
                new String[] {"/app/orders.jar", "/opt/java/openjdk/lib/modules", "/app/config/application.yaml",
                "/proc/self/mountinfo"}, new String[] {"/tmp/hsperfdata_app/1", "/app/logs/orders.log"},
                new String[] {"10.0.9.4:5432", "10.96.0.10:53", "34.120.5.7:443", "10.0.7.30:9092"}),
        new Proc("python3", "/usr/local/bin/python3.12", "/usr/local/bin/gunicorn app:app -w 4", "python3",
                "/usr/local/bin/python3.12", new String[] {"python3", "containerd-shim", "systemd"}, "app", 1000,
                "1b2c3d4e5f60", "api", "ghcr.io/acme/api", "5.2.0", "api-5b6c7d-zxcvb", "shop",
                new String[] {"/app/app.py", "/usr/local/lib/python3.12/json/__init__.py",
                "/usr/local/lib/python3.12/site-packages/flask/app.py"}, new String[] {"/tmp/tmpa8f3k2/wgi"},
                new String[] {"10.0.9.4:5432", "10.0.5.6:6379", "10.96.0.10:53"}),
        new Proc("node", "/usr/local/bin/node", "/srv/server.js", "containerd-shim",
                "/usr/bin/containerd-shim-runc-v2", new String[] {"containerd-shim", "systemd"}, "node", 1000,
                "77aa88bb99cc", "frontend", "docker.io/acme/frontend", "1.9.0", "frontend-8f7e6-lkjhg", "shop",
                new String[] {"/srv/server.js", "/srv/node_modules/express/index.js"},
                new String[] {"/srv/.npm/_logs/debug.log"}, new String[] {"10.0.7.21:8080", "10.96.0.10:53"}),
        new Proc("postgres", "/usr/lib/postgresql/16/bin/postgres", "-D /var/lib/postgresql/data", "postgres",
                "/usr/lib/postgresql/16/bin/postgres", new String[] {"postgres", "containerd-shim", "systemd"},
                "postgres", 999, "0f0e0d0c0b0a", "db", "docker.io/library/postgres", "16.3", "db-0", "shop",
                new String[] {"/var/lib/postgresql/data/base/16384/2619", "/var/lib/postgresql/data/global/pg_control"},
                new String[] {"/var/lib/postgresql/data/pg_wal/000000010000000000000003",
                "/var/lib/postgresql/data/base/16384/16397"}, new String[0]),
        new Proc("redis-server", "/usr/local/bin/redis-server", "*:6379", "containerd-shim",
                "/usr/bin/containerd-shim-runc-v2", new String[] {"containerd-shim", "systemd"}, "redis", 999,
                "abcdefabcdef", "cache", "docker.io/library/redis", "7.2", "cache-0", "shop",
                new String[] {"/data/dump.rdb"}, new String[] {"/data/appendonly.aof"}, new String[0]),
        new Proc("envoy", "/usr/local/bin/envoy", "-c /etc/envoy/envoy.yaml", "pilot-agent",
                "/usr/local/bin/pilot-agent", new String[] {"pilot-agent", "containerd-shim", "systemd"}, "istio-proxy",
                1337, "c0ffeec0ffee", "istio-proxy", "docker.io/istio/proxyv2", "1.22.1", "orders-7c9d8-qwert",
                "shop", new String[] {"/etc/istio/proxy/envoy-rev.json", "/var/run/secrets/tokens/istio-token"},
                new String[] {"/etc/istio/proxy/XDS"}, new String[] {"10.0.0.15:15012", "142.250.74.78:443"}),
    };

    /** Programs started by execve: mostly ordinary, a few shells in containers (detections). */
    private static final String[][] EXECS = {
        {"runc", "/usr/bin/runc", "--root /run/containerd/runc/k8s.io exec"},
        {"iptables", "/usr/sbin/iptables", "-w 5 -t nat -S"},
        {"mount", "/usr/bin/mount", "-t tmpfs tmpfs /var/lib/kubelet/pods/x"},
        {"ls", "/usr/bin/ls", "-la /app"},
        {"cat", "/usr/bin/cat", "/proc/meminfo"},
        {"grep", "/usr/bin/grep", "-q ready /tmp/status"},
        {"pg_isready", "/usr/lib/postgresql/16/bin/pg_isready", "-U postgres"},
        {"curl", "/usr/bin/curl", "-sf http://localhost:8080/healthz"},
        {"nginx", "/usr/sbin/nginx", "-s reload"},
        {"python3", "/usr/local/bin/python3.12", "-c import sys"},
    };

    private EventMix() {
    }

    static List<SyntheticEvent> generate(int n, long seed) {
        Random rnd = new Random(seed);
        List<SyntheticEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(rnd));
        }
        return out;
    }

    private static SyntheticEvent event(Random rnd) {
        Proc p = PROCS[rnd.nextInt(PROCS.length)];
        int r = rnd.nextInt(100);
        String type = r < 26 ? "read" : r < 46 ? "write" : r < 68 ? "openat" : r < 86 ? "close" : r < 91 ? "connect"
                : r < 94 ? "execve" : r < 96 ? "accept4" : r < 97 ? "mkdirat" : r < 98 ? "unlinkat"
                : r < 99 ? "setuid" : "clone";
        SyntheticEvent e = new SyntheticEvent(type, EventTypeNames.indexOf(type));
        process(e, p, rnd);
        switch (type) {
            case "openat" -> open(e, p, rnd);
            case "read", "write", "close" -> io(e, p, rnd);
            case "connect", "accept4" -> network(e, p, rnd);
            case "execve" -> exec(e, p, rnd);
            case "mkdirat", "unlinkat" -> path(e, p, rnd);
            case "setuid" -> e.put("evt.arg.uid", 0L).put("evt.rawres", 0L).put("evt.res", "SUCCESS");
            default -> e.put("evt.rawres", (long) (1000 + rnd.nextInt(30000))).put("evt.res", "SUCCESS");
        }
        return e;
    }

    private static void process(SyntheticEvent e, Proc p, Random rnd) {
        long pid = 1000 + rnd.nextInt(60000);
        e.put("proc.name", p.name()).put("proc.exe", p.exepath()).put("proc.exepath", p.exepath())
                .put("proc.args", p.args()).put("proc.cmdline", (p.name() + " " + p.args()).trim())
                .put("proc.pname", p.pname()).put("proc.pexe", p.pexepath()).put("proc.pexepath", p.pexepath())
                .put("proc.pcmdline", p.pname()).put("proc.pid", pid).put("proc.ppid", pid - 3)
                .put("proc.vpid", p.inContainer() ? 7L + rnd.nextInt(40) : pid).put("proc.tty", 0L)
                .put("proc.sname", p.ancestors()[p.ancestors().length - 1]).put("proc.cwd", "/")
                .put("proc.is_exe_upper_layer", false).put("proc.is_exe_from_memfd", false)
                .put("proc.aname", List.of(p.ancestors())).put("user.name", p.user()).put("user.uid", p.uid())
                .put("user.loginuid", -1L).put("user.loginname", "").put("group.gid", p.uid())
                .put("group.name", p.user()).put("container.id", p.containerId())
                .put("container.name", p.containerName()).put("container.privileged", false)
                .put("evt.num", (long) rnd.nextInt(1 << 30));
        for (int i = 0; i < p.ancestors().length; i++) {
            e.put("proc.aname[" + (i + 1) + "]", p.ancestors()[i]);
        }
        if (p.image() != null) {
            e.put("container.image.repository", p.image()).put("container.image.tag", p.tag())
                    .put("container.image", p.image() + ":" + p.tag()).put("k8s.pod.name", p.pod())
                    .put("k8s.ns.name", p.ns());
        }
    }

    private static void file(SyntheticEvent e, String name) {
        int slash = name.lastIndexOf('/');
        e.put("fd.name", name).put("fd.directory", slash <= 0 ? "/" : name.substring(0, slash))
                .put("fd.filename", name.substring(slash + 1)).put("fd.typechar", "f").put("fd.type", "file");
    }

    private static void open(SyntheticEvent e, Proc p, Random rnd) {
        boolean write = p.writeFiles().length > 0 && rnd.nextInt(4) == 0;
        String name;
        if (write) {
            name = p.writeFiles()[rnd.nextInt(p.writeFiles().length)];
        } else {
            name = rnd.nextInt(3) == 0 ? LIBS[rnd.nextInt(LIBS.length)] : p.readFiles()[rnd.nextInt(p.readFiles().length)];
        }
        file(e, name);
        boolean failed = rnd.nextInt(20) == 0;
        long fd = failed ? -2 : 3 + rnd.nextInt(200);
        e.put("fd.num", fd).put("evt.rawres", fd).put("evt.res", failed ? "ENOENT" : "SUCCESS")
                .put("evt.arg.flags", write ? "O_WRONLY|O_CREAT|O_APPEND|O_CLOEXEC" : "O_RDONLY|O_CLOEXEC")
                .put("evt.arg.name", name).put("evt.is_open_read", !write).put("evt.is_open_write", write)
                .put("evt.is_open_exec", false).put("evt.is_open_create", write);
    }

    private static void io(SyntheticEvent e, Proc p, Random rnd) {
        if (p.peers().length > 0 && rnd.nextBoolean()) {
            socket(e, p.peers()[rnd.nextInt(p.peers().length)], rnd);
        } else {
            String[] files = rnd.nextBoolean() && p.writeFiles().length > 0 ? p.writeFiles() : p.readFiles();
            file(e, files[rnd.nextInt(files.length)]);
        }
        long n = 64 + rnd.nextInt(8192);
        e.put("fd.num", 3L + rnd.nextInt(200)).put("evt.rawres", n).put("evt.res", "SUCCESS")
                .put("evt.buflen", n).put("evt.is_io", true);
    }

    private static void socket(SyntheticEvent e, String peer, Random rnd) {
        String ip = peer.substring(0, peer.indexOf(':'));
        long port = Long.parseLong(peer.substring(peer.indexOf(':') + 1));
        String local = "10.0.3.17";
        long lport = 32768 + rnd.nextInt(28000);
        // addresses as a decoder hands them over: raw 4-byte values (FieldSource also accepts literals)
        byte[] sip = ipv4(ip);
        byte[] cip = ipv4(local);
        e.put("fd.name", local + ":" + lport + "->" + peer).put("fd.typechar", "4").put("fd.type", "ipv4")
                .put("fd.sockfamily", "ip").put("fd.l4proto", port == 53 ? "udp" : "tcp")
                .put("fd.cip", cip).put("fd.sip", sip).put("fd.lip", cip).put("fd.rip", sip)
                .put("fd.cport", lport).put("fd.sport", port).put("fd.lport", lport).put("fd.rport", port)
                .put("fd.snet", sip).put("fd.rnet", sip).put("fd.cnet", cip).put("fd.lnet", cip)
                .put("fd.connected", true).put("fd.sip.name", "").put("fd.rip.name", "");
    }

    private static byte[] ipv4(String dotted) {
        String[] p = dotted.split("\\.");
        return new byte[] {(byte) Integer.parseInt(p[0]), (byte) Integer.parseInt(p[1]), (byte) Integer.parseInt(p[2]),
                (byte) Integer.parseInt(p[3])};
    }

    private static void network(SyntheticEvent e, Proc p, Random rnd) {
        String peer = p.peers().length == 0 ? "10.0.7.21:8080" : p.peers()[rnd.nextInt(p.peers().length)];
        socket(e, peer, rnd);
        boolean inProgress = rnd.nextBoolean();
        e.put("fd.num", 3L + rnd.nextInt(200)).put("evt.rawres", inProgress ? -115L : 0L)
                .put("evt.res", inProgress ? "EINPROGRESS" : "SUCCESS");
    }

    private static void exec(SyntheticEvent e, Proc parent, Random rnd) {
        String[] x = EXECS[rnd.nextInt(EXECS.length)];
        boolean shell = parent.inContainer() && rnd.nextInt(10) == 0;
        String name = shell ? "sh" : x[0];
        String exe = shell ? "/bin/sh" : x[1];
        String args = shell ? "-c " + x[0] + " " + x[2] : x[2];
        String[] anc = new String[parent.ancestors().length + 1];
        anc[0] = parent.name();
        System.arraycopy(parent.ancestors(), 0, anc, 1, parent.ancestors().length);
        e.put("proc.name", name).put("proc.exe", exe).put("proc.exepath", exe).put("proc.args", args)
                .put("proc.cmdline", name + " " + args).put("proc.pname", parent.name())
                .put("proc.pexe", parent.exepath()).put("proc.pexepath", parent.exepath())
                .put("proc.pcmdline", (parent.name() + " " + parent.args()).trim()).put("proc.aname", List.of(anc))
                .put("evt.rawres", 0L).put("evt.res", "SUCCESS").put("evt.arg.flags", "")
                .put("proc.tty", 0L);
        for (int i = 0; i < anc.length; i++) {
            e.put("proc.aname[" + (i + 1) + "]", anc[i]);
        }
    }

    private static void path(SyntheticEvent e, Proc p, Random rnd) {
        String[] files = p.writeFiles().length > 0 ? p.writeFiles() : p.readFiles();
        String name = files[rnd.nextInt(files.length)];
        e.put("evt.arg.path", name).put("evt.arg.name", name).put("evt.rawres", 0L).put("evt.res", "SUCCESS");
    }
}
