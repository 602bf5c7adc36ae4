#!/usr/bin/env bash
# REST vs gRPC on one packaged runtime, in one run: TF Serving mode serving test-models/pt_linear as version 1, the
# load generator's closed loop first over G2 gRPC, then over TF Serving's REST predict (columnar JSON), same tensors,
# same levels, the server's CPU per call from /proc. Usage: benchmarks/rest-vs-grpc.sh [concurrency] [seconds]
# Needs the packaged jars: mvn -B -q -pl benchmarks -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
levels=${1:-1,16}; seconds=${2:-10}
work="$(mktemp -d)"; trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/pt_linear/1" && cp test-models/pt_linear/files/* "$work/pt_linear/1/"
grpc_port=19090; rest_port=18501
java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -jar grpc-server/target/modelrt.jar --log-level warn \
  --model_name=pt_linear --model_base_path="$work/pt_linear" --port "$grpc_port" --rest_api_port "$rest_port" &
server=$!
until curl -sf "http://localhost:$rest_port/v1/models/pt_linear" | grep -q AVAILABLE; do sleep 0.2; done
load() { # LEVELS SECONDS ARGS...
  local l=$1 s=$2; shift 2
  java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar org.modelrt.bench.load.LoadGenerator \
    --model-name pt_linear --request test-models/pt_linear/expected.json --concurrency "$l" \
    --warmup 5 --duration "$s" --pid "$server" "$@"
}
# Unmeasured first: both paths JIT-compiled in the server before either is measured.
load 16 10 --protocol g2 --target "localhost:$grpc_port" > /dev/null 2>&1
load 16 10 --protocol rest --target "localhost:$rest_port" > /dev/null 2>&1
echo "load average before the measured runs: $(cut -d' ' -f1-3 /proc/loadavg)"
load "$levels" "$seconds" --protocol g2 --target "localhost:$grpc_port"
load "$levels" "$seconds" --protocol rest --target "localhost:$rest_port"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
