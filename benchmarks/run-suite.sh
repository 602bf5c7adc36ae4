#!/usr/bin/env bash
# Runs the standard benchmark suite and writes docs/benchmarks.md (15-25 minutes on 2 cores).
# Builds the runtime and the benchmarks jar first (no tests), then runs org.modelrt.bench.suite.StandardSuite
# from the repository root. Extra arguments go to the suite (--help lists them). MVN_OFFLINE=1 builds with -o.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q ${MVN_OFFLINE:+-o} -pl benchmarks -am package -DskipTests

# The TensorFlow engine finds the natives the build unpacked (JMH forks inherit the environment).
export TENSORFLOW_LIBRARY_PATH="$PWD/benchmarks/target/native/tensorflow"
export TF_CPP_MIN_LOG_LEVEL=2

commit="$(git rev-parse --short HEAD)"
if ! git diff --quiet HEAD -- . ':(exclude)docs/benchmarks.md'; then
  commit="$commit + uncommitted changes"
fi

exec java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar \
  org.modelrt.bench.suite.StandardSuite --commit "$commit" "$@"
