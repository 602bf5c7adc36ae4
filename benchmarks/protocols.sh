#!/usr/bin/env bash
# Every front of one packaged runtime side by side, in one run (issue 12 item 7): TF Serving mode serving
# test-models/pt_linear as version 1, gRPC and HTTP on their own ports of the one server process.
#  1. The tiny model (x 1x4, test-models/pt_linear/expected.json case 0) swept over G2 gRPC, TF Serving REST, KServe v2
#     gRPC and v2 REST at the given levels: calls/s, p50, p99, server CPU us/call, and the ratios rest/g2 and
#     v2-grpc/g2 of server CPU per call (the issue's targets: <= 1.5 and <= 1.1).
#  2. One 1M-element FP32 tensor (x 262144x4 = 1,048,576 floats, 4 MiB) through TF Serving REST JSON, v2 REST JSON,
#     v2 REST binary (the binary tensor data extension), v2 gRPC raw_input_contents and G2 tensor_content (for
#     reference): calls/s, tensor MB/s, request body size and MB/s, server CPU per call and per tensor MB. A call
#     takes from ~0.1 s (binary) to seconds (JSON) there, so each level measures a number of calls, not a duration.
# Every level warms up (unmeasured) before it is measured; every path is also warmed in the server before any is
# measured. Usage: benchmarks/protocols.sh [tiny levels] [seconds] [large levels] [large calls]  (defaults 1,16 10 1 10)
# Env: WARMUP_S (per level, default 5). Needs the packaged jars: mvn -B -q -pl benchmarks -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
levels=${1:-1,16}; seconds=${2:-10}; big_levels=${3:-1}; big_calls=${4:-10}; warmup=${WARMUP_S:-5}
work="$(mktemp -d)"; server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/pt_linear/1" && cp test-models/pt_linear/files/* "$work/pt_linear/1/"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
grpc_port=$(free_port); rest_port=$(free_port)
java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -jar grpc-server/target/modelrt.jar --log-level warn \
  --model_name=pt_linear --model_base_path="$work/pt_linear" --port "$grpc_port" --rest_api_port "$rest_port" &
server=$!
for _ in $(seq 600); do # 60 s at most, and not a moment after the server died
  curl -sf "http://localhost:$rest_port/v1/models/pt_linear" | grep -q AVAILABLE && break
  kill -0 "$server" 2>/dev/null || { echo "protocols.sh: the runtime exited before serving" >&2; exit 1; }
  sleep 0.1
done
curl -sf "http://localhost:$rest_port/v1/models/pt_linear" | grep -q AVAILABLE \
  || { echo "protocols.sh: the runtime did not serve pt_linear within 60 s" >&2; exit 1; }

failed=0
load() { # NAME LEVELS WARMUP PROTOCOL ARGS...: one sweep, its CSV in $work/NAME.csv, its table on stdout
  local name=$1 l=$2 w=$3 protocol=$4; shift 4
  local target="localhost:$grpc_port"; case $protocol in rest|v2-rest) target="localhost:$rest_port";; esac
  java -Dai.djl.offline=true -cp benchmarks/target/benchmarks.jar org.modelrt.bench.load.LoadGenerator \
    --model-name pt_linear --protocol "$protocol" --target "$target" --concurrency "$l" --warmup "$w" \
    --pid "$server" --csv "$work/$name.csv" "$@" || { echo "($name: failed calls, exit $?)"; failed=1; }
}
tiny=(--request test-models/pt_linear/expected.json)
big=(--input x:DT_FLOAT:262144x4)
tiny_protocols=(g2 rest v2-grpc v2-rest)

# Unmeasured first: every path JIT-compiled in the server before any is measured.
big_runs=("rest:rest" "v2-rest:v2-rest" "v2-rest-binary:v2-rest --content" "v2-grpc-raw:v2-grpc --content"
  "g2-content:g2 --content")
for p in "${tiny_protocols[@]}"; do
  load "warm-$p" 16 "$warmup" "$p" "${tiny[@]}" --duration "$warmup" > /dev/null 2>&1
done
for run in "${big_runs[@]}"; do
  read -r -a args <<< "${run#*:}"; load "warm-big-${run%%:*}" 1 0 "${args[@]}" "${big[@]}" --requests 3 > /dev/null 2>&1
done
failed=0 # a path that failed while warming fails again, with its table, when measured
echo "load average before the measured runs: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== tiny model (pt_linear, x 1x4), levels $levels, ${seconds}s each"
for p in "${tiny_protocols[@]}"; do load "tiny-$p" "$levels" "$warmup" "$p" "${tiny[@]}" --duration "$seconds"; done

echo "== 1M-element FP32 tensor (pt_linear, x 262144x4), levels $big_levels, $big_calls calls each"
for run in "${big_runs[@]}"; do
  read -r -a args <<< "${run#*:}"
  load "big-${run%%:*}" "$big_levels" "$warmup" "${args[@]}" "${big[@]}" --requests "$big_calls" \
    > "$work/big-${run%%:*}.txt"
  cat "$work/big-${run%%:*}.txt"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# CSV columns: target,protocol,concurrency,calls,seconds,throughput_per_s,p50_us,p90_us,p99_us,max_us,errors,
# status_counts,server_cpu_us_per_call
echo
echo "== summary: tiny model (server CPU per call; ratios against g2 at the same level)"
printf '%-9s %8s %10s %9s %9s %14s %8s\n' protocol callers calls/s "p50 us" "p99 us" "srv cpu us/call" "x g2"
for p in "${tiny_protocols[@]}"; do
  [ -f "$work/tiny-$p.csv" ] || continue
  awk -F, -v p="$p" -v g2="$work/tiny-g2.csv" '
    BEGIN { while ((getline line < g2) > 0) { split(line, f, ","); if (f[3] ~ /^[0-9]+$/) base[f[3]] = f[13] } }
    NR > 1 { r = ($3 in base && base[$3] > 0) ? sprintf("%.2f", $13 / base[$3]) : "-"
             printf "%-9s %8d %10.1f %9.1f %9.1f %14.1f %8s%s\n", p, $3, $6, $7, $9, $13, r,
               ($11 > 0 ? "  " $11 " errors" : "") }
  ' "$work/tiny-$p.csv"
done
echo "targets: rest/g2 <= 1.5, v2-grpc/g2 <= 1.1 (server CPU per call)"
echo
echo "== summary: 1M-element FP32 tensor (4.194 MB of tensor data per call)"
printf '%-15s %7s %8s %9s %12s %10s %14s %14s\n' path callers calls/s "tensor MB/s" "body MB" "body MB/s" \
  "srv cpu ms/call" "srv cpu ms/MB"
for run in "${big_runs[@]}"; do
  name=${run%%:*}; [ -f "$work/big-$name.csv" ] || continue
  body=$(sed -n 's/.*request payload \([0-9]*\) B.*/\1/p' "$work/big-$name.txt")
  awk -F, -v n="$name" -v body="${body:-0}" 'NR > 1 {
    printf "%-15s %7d %8.2f %11.1f %12.3f %10.1f %14.2f %14.3f%s\n", n, $3, $6, $6 * 4.194304, body / 1e6,
      $6 * body / 1e6, $13 / 1000, $13 / 1000 / 4.194304, ($11 > 0 ? "  " $11 " errors" : "") }' "$work/big-$name.csv"
done
exit "$failed"
