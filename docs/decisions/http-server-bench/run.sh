#!/usr/bin/env bash
# Median-of-3 comparison of the HTTP server libraries: each server in its own JVM, the closed-loop client in another.
# Usage: docs/decisions/http-server-bench/run.sh [seconds] [threads]   (from anywhere; builds first)
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:$(cat target/cp.txt)"
SECONDS_PER_RUN=${1:-10}; THREADS=${2:-16}; PORT=18080
for lib in netty jetty; do
  java -Xmx256m -cp "$CP" HttpLibraryBench server "$lib" "$PORT" & pid=$!
  sleep 2
  for run in 1 2 3; do
    echo "$lib run $run: $(java -Xmx256m -cp "$CP" HttpLibraryBench client "$PORT" "$SECONDS_PER_RUN" "$THREADS")"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
