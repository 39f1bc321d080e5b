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
mvn -B -ntp clean install "$@"
