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
# The BPF objects: rebuilt from bpf/*.c with clang into bpf/build/ (not committed), and every test runs against that
# build; the committed bpf/peregrine.bpf.o is what a plain `mvn install` bundles (the Java build needs no clang).
bpf_tools() {
  command -v clang >/dev/null 2>&1 && command -v llvm-strip >/dev/null 2>&1 && command -v bpftool >/dev/null 2>&1 \
    && command -v make >/dev/null 2>&1 && [ -e /usr/include/bpf/bpf_helpers.h ]
}
if ! bpf_tools && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq make clang llvm libbpf-dev bpftool >/dev/null
fi
BPF_OPTS=()
if bpf_tools && [ -r /sys/kernel/btf/vmlinux ]; then
  make -s -C bpf OUT=build
  BPF_OPTS=(-Dperegrine.bpf.dir="$PWD/bpf/build")
  if ! cmp -s bpf/build/peregrine.bpf.o bpf/peregrine.bpf.o; then
    echo "test.sh: bpf/peregrine.bpf.o differs from this machine's build of bpf/peregrine.bpf.c; testing the build" \
      "(after changing a BPF source, run make -C bpf and commit the object)" >&2
  fi
elif [ "${CI:-}" = true ]; then
  echo "test.sh: CI builds the BPF objects: needs make, clang, llvm, libbpf-dev, bpftool and /sys/kernel/btf/vmlinux" >&2
  exit 1
else
  echo "test.sh: no clang/bpftool/kernel BTF here: testing the committed BPF objects" >&2
fi
mvn -B -ntp clean install "${BPF_OPTS[@]}" "$@"
