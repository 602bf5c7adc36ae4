#!/usr/bin/env bash
# Dynamic batching off vs on, side by side in one run: the packaged runtime serving the 256-1024-1024-10 MLP
# (test-models/pt_mlp, made here by test-models/scripts/make_batching_models.py if missing), driven by the load
# generator at 1, 16 and 64 callers. Each server runs in its own JVM with the suite's flags, one after the other.
#
# Needs: mvn -B -pl benchmarks -am package -DskipTests (grpc-server/target/modelrt.jar, benchmarks/target/
# benchmarks.jar), Debian's /usr/bin/python3 with python3-torch for the fixture. Results: benchmarks/target/batching/.
#
#   benchmarks/batching-mlp.sh [BATCHING FLAGS...]   default flags: --enable_batching --max-batch-size 64
# Env: LEVELS (1,16,64), WARMUP (5 s), DURATION (10 s), PORT (9471), SERVER_JVM_FLAGS (extra flags for both servers),
# SKIP_UNBATCHED=1 (only the batched server: for trying batching flags), ORDER ("unbatched batched").
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
out=benchmarks/target/batching
mkdir -p "$out"
port="${PORT:-9471}"
levels="${LEVELS:-1,16,64}"
warmup="${WARMUP:-5}"
duration="${DURATION:-10}"
batching=("$@")
[ ${#batching[@]} -gt 0 ] || batching=(--enable_batching --max-batch-size 64)

[ -f test-models/pt_mlp/files/model.pt ] || (cd test-models/scripts && /usr/bin/python3 -B make_batching_models.py mlp)

run() { # name, runtime flags...
  local name="$1"; shift
  local log="$out/$name.log"
  : > "$log"
  java -Xms256m -Xmx256m -XX:+AlwaysPreTouch ${SERVER_JVM_FLAGS:-} -jar grpc-server/target/modelrt.jar \
    --model-dir test-models/pt_mlp --port "$port" --rest_api_port 0 "$@" >> "$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    grep -q "Health is SERVING" "$log" && break
    kill -0 "$pid" 2>/dev/null || { echo "$name exited:"; cat "$log"; exit 1; }
    sleep 0.2
  done
  echo "== $name: modelrt $* (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  java -cp benchmarks/target/benchmarks.jar org.modelrt.bench.load.LoadGenerator --target "localhost:$port" \
    --input x:DT_FLOAT:1x256 --content --concurrency "$levels" --warmup "$warmup" --duration "$duration" \
    --pid "$pid" --csv "$out/$name.csv" --json "$out/$name.json" | tee "$out/$name.txt"
  echo "   (load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
  kill -TERM "$pid"
  wait "$pid" || true
}

for name in ${ORDER:-unbatched batched}; do
  case "$name" in
    unbatched) [ -n "${SKIP_UNBATCHED:-}" ] || run unbatched ;;
    batched) run batched "${batching[@]}" ;;
  esac
done
