#!/usr/bin/env bash
# Builds the JMH jar and runs benchmarks with the GC profiler (allocation per operation).
# Without arguments it runs the SNI benchmarks (parser against Netty, handler against Netty's
# SniHandler): about 3 minutes on 2 cores. Arguments go to JMH and replace that default, e.g.
#   gateway-benchmarks/run.sh .                                   every benchmark, about 11 minutes
#   gateway-benchmarks/run.sh ClientHelloParse -p hello=curl-517  one benchmark, one input
# Short run settings (1 fork, 3 x 1 s warm-up, 5 x 1 s measurement) apply unless the command
# line gives them. Run from anywhere; the corpus is read from gateway-sni's test resources.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests -pl gateway-benchmarks -am

defaults=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
settings=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  given=false
  for arg in "$@"; do
    if [ "$arg" = "${defaults[k]}" ]; then given=true; fi
  done
  if [ "$given" = false ]; then settings+=("${defaults[k]}" "${defaults[k + 1]}"); fi
done

if [ $# -eq 0 ]; then set -- 'dev\.meshgate\.benchmarks\.sni\.'; fi

java -version 2>&1 | head -n 1
exec java -Dmeshgate.corpus.dir="$(pwd)/gateway-sni/src/test/resources/corpus/clienthello" -jar gateway-benchmarks/target/benchmarks.jar \
  -prof gc -rf text -rff gateway-benchmarks/target/jmh-result.txt "${settings[@]}" "$@"
