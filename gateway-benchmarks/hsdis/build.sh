#!/usr/bin/env bash
# Builds hsdis-amd64.so from hsdis.c against Debian's Capstone and installs it into the JDK that
# `java` runs (JAVA_HOME/lib), so that JMH's -prof perfasm and -XX:+PrintAssembly show
# instructions. Installs gcc and libcapstone-dev when missing. Linux x86-64 only.
#
#   gateway-benchmarks/hsdis/build.sh
#   gateway-benchmarks/run.sh ClientHelloParse -p hello=curl-517 -prof 'perfasm:events=cpu-clock'
#
# (events=cpu-clock: these VMs have no hardware counters.)
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v gcc >/dev/null 2>&1 || [ ! -e /usr/include/capstone/capstone.h ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q gcc libcapstone-dev
fi
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -O2 -shared -fPIC -o "$out/hsdis-amd64.so" hsdis.c -lcapstone
install -m 0644 "$out/hsdis-amd64.so" "$java_home/lib/hsdis-amd64.so"
echo "installed $java_home/lib/hsdis-amd64.so"
