#!/usr/bin/env bash
# meshgate against HAProxy and nginx on loopback, same backends, same load, one run each
# (dev.meshgate.benchmarks.compare.CompareProxies): SNI passthrough (connections/s, p50/p99
# connect-to-first-byte, CPU per 1,000 connections, peak RSS, RSS per idle connection) and HTTP
# ingress through wrk (requests/s, p50/p99, CPU per 1,000 requests, peak RSS). Installs haproxy,
# nginx (with its stream module) and wrk from the distribution's packages when missing.
#
#   gateway-benchmarks/compare.sh [seconds] [concurrency] [idle connections]
#
# meshgate runs with MESHGATE_JVM_FLAGS (default: the small-footprint flags the README documents).
# Needs Linux (/proc); takes about 2 minutes with the defaults (10 s per proxy after a 10 s warm-up).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
[ -e /usr/lib/nginx/modules/ngx_stream_module.so ] || missing+=(libnginx-mod-stream)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q "${missing[@]}"
fi

mvn -B -q package -DskipTests -pl gateway-examples,gateway-benchmarks -am

default_flags="-Xms12m -Xmx12m -Xmn3m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
  -XX:ReservedCodeCacheSize=12m -XX:MaxMetaspaceSize=40m -Xss256k -XX:MaxDirectMemorySize=16m -XX:-UsePerfData
  -Dio.netty.eventLoopThreads=2"
read -r -a flags <<< "$(echo "${MESHGATE_JVM_FLAGS:-$default_flags}" | tr '\n' ' ')"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp gateway-benchmarks/target/benchmarks.jar dev.meshgate.benchmarks.compare.CompareProxies \
  gateway-examples/target/meshgate.jar "${1:-10}" "${2:-200}" "${3:-1000}" "${flags[@]}"
