#!/usr/bin/env bash
# The whole test suite: installs what the tests need, then builds every module and runs every test
# (unit, golden cases against the real agent process, end-to-end).
set -euo pipefail
cd "$(dirname "$0")"
export PEREGRINE_SHARED="${PEREGRINE_SHARED:-$(cd .. && pwd)/shared}"
if ! command -v mvn >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq maven openjdk-17-jdk-headless >/dev/null
  else
    echo "test.sh: needs java 17 and maven (apt-get install maven openjdk-17-jdk-headless)" >&2
    exit 1
  fi
fi
# Node.js and npm run the real Forward clients (npm fluent-logger, @fluent-org/logger) and the offline Kubernetes
# schema validation of k8s/.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "test.sh: needs node and npm (apt-get install nodejs npm)" >&2
    exit 1
  fi
fi
# The syscall input loads its eBPF object through the system's libbpf (Debian: libbpf1); its tests run as root.
if ! ldconfig -p 2>/dev/null | grep -q 'libbpf\.so\.1'; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq libbpf1 >/dev/null
  else
    echo "test.sh: the syscall tests need libbpf1 and root" >&2
  fi
fi
# capsh (Debian: libcap2-bin) runs the agent as an unprivileged user with capabilities in the syscall tests.
if ! command -v capsh >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq libcap2-bin >/dev/null
fi
# The BPF objects: rebuilt from bpf/*.c with clang into bpf/build/ (not committed), and every test runs against that
# build; the committed bpf/*.bpf.o are what a plain `mvn install` bundles (the Java build needs no clang). Builds are
# reproducible (bpf/Makefile), so under CI a committed object that differs from the build is an error: a BPF source
# changed without `make -C bpf` and a commit of the objects.
bpf_tools() {
  command -v clang >/dev/null 2>&1 && command -v llvm-strip >/dev/null 2>&1 && command -v make >/dev/null 2>&1 \
    && [ -e /usr/include/bpf/bpf_helpers.h ]
}
if ! bpf_tools && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq make clang llvm libbpf-dev >/dev/null
fi
BPF_OPTS=()
if bpf_tools; then
  make -s -B -C bpf OUT=build  # -B: always from the sources checked out now
  BPF_OPTS=(-Dperegrine.bpf.dir="$PWD/bpf/build")
  for o in peregrine.bpf.o test_reject.bpf.o; do
    if ! cmp -s "bpf/build/$o" "bpf/$o"; then
      echo "test.sh: bpf/$o differs from a build of its source: run make -C bpf and commit bpf/$o" >&2
      if [ "${CI:-}" = true ]; then exit 1; fi
    fi
  done
elif [ "${CI:-}" = true ]; then
  echo "test.sh: CI builds the BPF objects: needs make, clang, llvm and libbpf-dev" >&2
  exit 1
else
  echo "test.sh: no clang here: testing the committed BPF objects" >&2
fi
mvn -B -ntp clean install "${BPF_OPTS[@]}" "$@"
