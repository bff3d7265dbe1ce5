#!/usr/bin/env bash
# Instructions per call of ClientHelloParseBenchmark's three operations (meshgate's parse, Netty's
# extraction, the length-field walk), counted by valgrind: repeatable to a few percent on a shared
# VM where JMH's times are not. Each runs in ParseLoop twice under valgrind (cachegrind without
# cache simulation), 200,000 and 600,000 calls, with synchronous JIT compilation; the difference
# divided by 400,000 is the cost of one call in C2-compiled code. Installs valgrind when missing.
# About 2 minutes per hello on 2 cores (the two runs of an operation in parallel).
#
#   gateway-benchmarks/instructions.sh [hello ...]      default: all five of the parse benchmark
#
# Counts are instructions, not time (a call that waits on memory costs more than its count says):
# they compare two versions of the parser exactly; for time, ParseLoop rounds and run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q valgrind
fi
mvn -B -q package -DskipTests -pl gateway-benchmarks -am
if [ $# -eq 0 ]; then
  set -- curl-517 chromium-2040 openssl-3-records chromium-2-records chromium-4-records
fi
corpus="$(pwd)/gateway-sni/src/test/resources/corpus/clienthello"
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    --smc-check=all-non-file java -Xbatch -XX:+UseSerialGC -Xms256m -Xmx256m \
    -Dmeshgate.corpus.dir="$corpus" -cp gateway-benchmarks/target/benchmarks.jar \
    dev.meshgate.benchmarks.sni.ParseLoop count "$1" "$2" "$3" 2>&1 \
    | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
short_out=$(mktemp)
trap 'rm -f "$short_out"' EXIT
for hello in "$@"; do
  line="$hello"
  for variant in meshgate netty walk; do
    count $variant "$hello" 200000 > "$short_out" &
    long=$(count $variant "$hello" 600000)
    wait
    line="$line  $variant $(( (long - $(cat "$short_out")) / 400000 ))"
  done
  echo "$line"
done
