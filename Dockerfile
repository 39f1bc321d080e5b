# syntax=docker/dockerfile:1
# Peregrine container image: one process that does the work of the Falco and Fluent Bit DaemonSets.
#
#   docker build -t peregrine:dev .
#
# Three stages: build the runnable jar with Maven; cut a minimal Java runtime with jlink; copy both onto Debian slim
# with libbpf (the syscall input's eBPF loader). Size target: <= 150 MB uncompressed (docs/migration.md has the
# breakdown: Debian slim ~75 MB, jlinked runtime ~40 MB, agent jar ~30 MB, libbpf + libelf + zlib ~1.5 MB).
#
# The image runs as an unprivileged user by default, which is enough for the log pipeline (forward, tail of files it
# can read, cloudwatch_logs). The syscall input loads eBPF programs: run it as uid 0 with the capabilities BPF,
# PERFMON, SYS_RESOURCE and SYS_PTRACE (k8s/daemonset.yaml does; Linux >= 5.8), never with --privileged.

ARG MAVEN_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- 1. build: the runnable jar (dist/target/peregrine.jar) and, when the sources have them, the BPF objects ------
FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
# Every module the root pom lists must be here, or Maven refuses to read the reactor (even with -pl).
COPY pom.xml ./
COPY pipeline pipeline
COPY syscalls syscalls
COPY inputs inputs
COPY filters filters
COPY outputs outputs
COPY dist dist
COPY it it
COPY bench bench
COPY bin bin
COPY conf conf
# The compiled eBPF objects (bpf/*.bpf.o) where the tree has them. `pom.xml` is listed first only so that this COPY
# has one source that always exists: a wildcard that matches nothing is then no error, and an image built from a tree
# without bpf/ still works for everything but the syscall input.
COPY pom.xml bp[f] /tmp/bpf/
RUN set -eu; mkdir -p /out/bpf; \
    for o in /tmp/bpf/*.bpf.o; do if [ -e "$o" ]; then cp "$o" /out/bpf/; fi; done; \
    rm -rf /tmp/bpf
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -DskipTests -pl dist -am install

# ---- 2. jre: only the JDK modules the agent uses ----------------------------------------------------------------
FROM build AS jre
# From `jdeps --print-module-deps --ignore-missing-deps` on the shaded jar's classes: java.base, java.sql (sqlite-jdbc,
# tail offsets), java.xml (the AWS SDK's STS query protocol for IRSA), java.logging, jdk.unsupported (sun.misc.Signal
# for SIGTERM, Netty's and msgpack's Unsafe). Added because they are only reached at run time: jdk.crypto.ec (ECDHE
# TLS to the AWS endpoints), java.naming (JNDI DNS lookups some clients try first). java.desktop, which jdeps lists
# for SnakeYAML's JavaBean introspection, is left out on purpose: Peregrine only loads YAML into maps (it/ runs YAML
# configs and rules on this exact module list to prove it). it/.../JlinkRuntimeTest reads this line: keep it one line.
ARG JRE_MODULES=java.base,java.logging,java.naming,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported
# --generate-cds-archive: the runtime's base class-data archive, which the agent's own archive (below) builds on.
RUN jlink --add-modules "${JRE_MODULES}" --strip-debug --no-man-pages --no-header-files --compress=2 \
      --generate-cds-archive --output /opt/java

# ---- 3. runtime -----------------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
# libbpf1 (and its libelf1/zlib1g) is what the syscall input loads through jnr-ffi; nothing else is needed: the
# runtime carries its own CA certificates (lib/security/cacerts) and time zone data.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libbpf1 \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log \
 && groupadd --system --gid 10001 peregrine \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/peregrine --no-create-home \
      --shell /usr/sbin/nologin peregrine \
 && mkdir -p /var/lib/peregrine && chown peregrine:peregrine /var/lib/peregrine
COPY --from=jre /opt/java /opt/java
COPY --from=build /src/dist/target/peregrine.jar /opt/peregrine/peregrine.jar
COPY --from=build /out/bpf /usr/lib/peregrine/bpf
COPY bin/peregrine /opt/peregrine/bin/peregrine
COPY conf /etc/peregrine
ENV JAVA_HOME=/opt/java \
    PATH=/opt/peregrine/bin:/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PEREGRINE_JAR=/opt/peregrine/peregrine.jar
# The agent's class-data archive (bin/peregrine maps it at every start: about half the start-up CPU), recorded from a
# short real run as root while /opt/peregrine is writable; the second command moves it into place. Best effort: an
# image without it only starts slower.
RUN (cd /tmp && timeout -s TERM 6 peregrine -i dummy -o null -m '*' >/dev/null 2>&1; \
     peregrine --dry-run -i dummy -o null -m '*' >/dev/null 2>&1; ls -l /opt/peregrine/) || true
USER 10001:10001
WORKDIR /var/lib/peregrine
# The HTTP API (health, metrics) and the forward input's default port.
EXPOSE 2020 24224
# bin/peregrine execs java, so the JVM is PID 1 and gets Kubernetes' SIGTERM directly (it flushes within Grace).
ENTRYPOINT ["peregrine", "-c", "/etc/peregrine/peregrine.conf"]
