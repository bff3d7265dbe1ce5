#!/usr/bin/env bash
# Builds the JMH jar and runs the benchmarks with the GC profiler (allocation per operation).
# Extra arguments go to JMH, e.g.:  gateway-benchmarks/run.sh 'ClientHelloParse' -p hello=curl-517
# Run from anywhere; the corpus is read from ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests -pl gateway-benchmarks -am
java -version 2>&1 | head -n 1
exec java -Dmeshgate.shared.dir="$(pwd)/../shared" -jar gateway-benchmarks/target/benchmarks.jar \
  -prof gc -rf text -rff gateway-benchmarks/target/jmh-result.txt "$@"
