#!/usr/bin/env bash
# Fault and load tests of the packaged runtime (issue 16 item 4): the shipped jar, real engines, real clients, all
# on 127.0.0.1. Results are printed and kept under benchmarks/target/reliability/; docs/reliability.md quotes them.
#
#   benchmarks/reliability.sh [STEP...]     steps: long sigterm uploads connections swap broken (default: all),
#                                            and allocator (the allocator settings' cost; not in the default list)
#
# Needs the packaged runtime and benchmarks: mvn -B -pl grpc-server,benchmarks -am package -DskipTests.
# Every server it starts is stopped by the script (trap), every loop is bounded in count and time.
# Environment: CALLS (long run, default 1000000), CALLERS (64), UPLOADS (200), UPLOAD_PARALLEL (50),
# UPLOAD_MB (50), CONNECTIONS (2000), PORT_BASE (19400), RUNTIME_JAVA_OPTS (JVM flags, default none), RUNTIME_ENV (the runtime's environment, default the
# allocator settings the images ship; RUNTIME_ENV=none runs it with none, e.g. for the "before" of the uploads).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=grpc-server/target/modelrt.jar
BENCH=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/reliability
CALLS=${CALLS:-1000000}
CALLERS=${CALLERS:-64}
UPLOADS=${UPLOADS:-200}
UPLOAD_PARALLEL=${UPLOAD_PARALLEL:-50}
UPLOAD_MB=${UPLOAD_MB:-50}
CONNECTIONS=${CONNECTIONS:-2000}
PORT_BASE=${PORT_BASE:-19400}
# What Dockerfile.cpu/gpu and run-example.sh set: glibc returns freed native buffers (gRPC's direct memory) to the OS.
SHIPPED_ENV="MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072"
RUNTIME_ENV=${RUNTIME_ENV:-$SHIPPED_ENV}
[[ $RUNTIME_ENV == none ]] && RUNTIME_ENV=""
# JVM flags for the runtime; none by default (the README's java -jar line). The standard suite's pinned heap,
# RUNTIME_JAVA_OPTS="-Xms256m -Xmx256m -XX:+AlwaysPreTouch", tells heap growth from native growth.
RUNTIME_JAVA_OPTS=${RUNTIME_JAVA_OPTS:-}
STEPS=("$@")
[[ ${#STEPS[@]} -gt 0 ]] || STEPS=(long sigterm uploads connections swap broken)

[[ -f $JAR && -f $BENCH ]] || { echo "reliability.sh: build first: mvn -B -pl grpc-server,benchmarks -am package -DskipTests" >&2; exit 2; }
mkdir -p "$OUT"
TMP=$(mktemp -d /tmp/modelrt-reliability.XXXXXX)
chmod 755 "$TMP" # the broken-permissions case runs the runtime as nobody
SERVERS=()
HELPERS=()

cleanup() {
  local p
  for p in "${HELPERS[@]}" "${SERVERS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${HELPERS[@]}" "${SERVERS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)] $*"; }
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status" 2>/dev/null || echo -1; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
# The G1 heap's committed and used size, e.g. "heap 315392K committed, 43620K used".
heap() { jcmd "$1" GC.heap_info 2>/dev/null | awk '/heap +total/ {print "heap " $4 " committed, " $6 " used"; exit}' | tr -d ','; }
bench() { java -cp "$BENCH" "$@"; }
probe() { java -cp "$JAR" org.modelrt.server.cli.HealthProbe "$@"; }

# wait_decided PID PORT: waits (at most 300 s) until the runtime answers SERVING or NOT_SERVING, or its process has
# exited; prints the probe's answer, or "exited". A process that died must not keep the probe polling for minutes.
wait_decided() {
  local pid=$1 port=$2 out
  for _ in $(seq 1 150); do
    if out=$(probe --addr "127.0.0.1:$port" --wait-seconds 2 2>&1) || [[ $out == "status: NOT_SERVING: "* ]]; then
      echo "$out"
      return
    fi
    kill -0 "$pid" 2>/dev/null || { echo exited; return; }
  done
  echo "undecided after 300 s"
}

# start_server NAME PORT ARGS...: the packaged runtime in the background (SERVER_PID), waits until it has decided.
start_server() {
  local name=$1 port=$2
  shift 2
  # shellcheck disable=SC2086 # RUNTIME_ENV and RUNTIME_JAVA_OPTS are lists of words
  env $RUNTIME_ENV java $RUNTIME_JAVA_OPTS -jar "$JAR" --port "$port" "$@" > "$OUT/$name.log" 2>&1 &
  SERVER_PID=$!
  SERVERS+=("$SERVER_PID")
  wait_decided "$SERVER_PID" "$port"
}

# stop_server PID: SIGTERM, then the exit code (bounded: SIGKILL after 30 s).
stop_server() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# sample PID FILE SECONDS: RSS (MiB) and descriptor count every 0.5 s into FILE, in the background (SAMPLER).
sample() {
  local pid=$1 file=$2 n=$(( $3 * 2 ))
  ( for _ in $(seq 1 "$n"); do
      echo "$(date +%s.%N | cut -c1-14) $(rss "$pid") $(fds "$pid")"; sleep 0.5
    done > "$file" ) &
  SAMPLER=$!
  HELPERS+=("$SAMPLER")
}

step_long() {
  local port=$((PORT_BASE + 1)) first=100000
  log "long: $CALLS calls at $CALLERS callers on pt_linear (RSS at start, after $first, at the end)"
  start_server long "$port" --model-dir test-models/pt_linear
  local pid=$SERVER_PID
  log "long: server RSS once serving: $(rss "$pid") MiB, fds $(fds "$pid"), $(heap "$pid")"
  bench org.modelrt.bench.load.LoadGenerator --target "127.0.0.1:$port" --request test-models/pt_linear/expected.json \
    --concurrency "$CALLERS" --warmup 5 --requests "$first" --pid "$pid" --json "$OUT/long-first.json" \
    | tee "$OUT/long-first.txt"
  log "long: after the first $first calls: RSS $(rss "$pid") MiB, fds $(fds "$pid"), $(heap "$pid")"
  bench org.modelrt.bench.load.LoadGenerator --target "127.0.0.1:$port" --request test-models/pt_linear/expected.json \
    --concurrency "$CALLERS" --warmup 0 --requests $((CALLS - first)) --pid "$pid" --json "$OUT/long-rest.json" \
    | tee "$OUT/long-rest.txt"
  log "long: after $CALLS calls: RSS $(rss "$pid") MiB, fds $(fds "$pid"), $(heap "$pid")"
  stop_server "$pid"
}

step_sigterm() {
  local port=$((PORT_BASE + 2)) rc rows
  for rows in 1 20000; do
    log "sigterm: $CALLERS callers, [${rows},4] inputs, SIGTERM after 5 s, --shutdown-grace-seconds 8"
    start_server "sigterm-$rows" "$port" --model-dir test-models/pt_linear --shutdown-grace-seconds 8
    local pid=$SERVER_PID
    rc=0
    bench org.modelrt.bench.fault.SigtermUnderLoad "127.0.0.1:$port" "$CALLERS" 5 "$pid" "$rows" \
      | tee "$OUT/sigterm-$rows.txt" || rc=$?
    wait "$pid" && log "sigterm: server exit code 0" || log "sigterm: server exit code $?"
    log "sigterm: tool exit $rc (0: no call sent before the signal failed, every later one OK or UNAVAILABLE)"
    grep -E "Received SIG|Stopped accepting|in flight has finished|cancelling|Stopped$" "$OUT/sigterm-$rows.log" || true
  done
}

# One killed-uploads run against a fresh server with the given environment.
uploads_run() {
  local tag=$1 port=$2 before peak back limit t_kill
  RUNTIME_ENV=$3 start_server "uploads-$tag" "$port" --model-dir test-models/pt_linear
  local pid=$SERVER_PID
  sleep 2
  before=$(rss "$pid")
  local fds_before
  fds_before=$(fds "$pid")
  log "uploads[$tag] env '${3:-none}': before: RSS $before MiB, fds $fds_before"
  sample "$pid" "$OUT/uploads-$tag.rss" 400
  local sampler=$SAMPLER
  bench org.modelrt.bench.fault.KilledUploads 127.0.0.1 "$port" "$UPLOADS" "$UPLOAD_PARALLEL" "$UPLOAD_MB" \
    | tee "$OUT/uploads-$tag.txt" || log "uploads[$tag]: KilledUploads exit $?"
  t_kill=$(date +%s.%N | cut -c1-14)
  sleep 30
  kill "$sampler" 2>/dev/null || true
  peak=$(awk '{print $2}' "$OUT/uploads-$tag.rss" | sort -n | tail -1)
  limit=$((before + 100))
  back=$(awk -v t="$t_kill" -v l="$limit" '$1 >= t && $2 <= l {printf "%.1f", $1 - t; exit}' "$OUT/uploads-$tag.rss")
  log "uploads[$tag]: peak RSS $peak MiB; 30 s after the last kill: RSS $(rss "$pid") MiB, fds $(fds "$pid")" \
    "(before: $fds_before); back within 100 MiB of before: ${back:-NOT within 30} s after the last kill"
  java -cp "$JAR" org.modelrt.server.cli.PredictClient --addr "127.0.0.1:$port" --input x=1,2,3,4 --shape x=1,4 \
    && log "uploads[$tag]: still serving" || log "uploads[$tag]: Predict FAILED after the uploads"
  stop_server "$pid"
}

step_uploads() {
  log "uploads: $UPLOADS clients killed mid-upload of a $UPLOAD_MB MB tensor, $UPLOAD_PARALLEL at a time"
  uploads_run before $((PORT_BASE + 3)) ""
  uploads_run after $((PORT_BASE + 4)) "$SHIPPED_ENV"
}

step_connections() {
  local port=$((PORT_BASE + 5)) outstanding
  start_server connections "$port" --model-dir test-models/pt_linear
  local pid=$SERVER_PID
  # 128 = --max-in-flight: nothing may be refused; 0 = every call at once: refusals beyond 128 in flight are by design.
  for outstanding in 128 0; do
    log "connections: $CONNECTIONS connections held open, one Predict each, $outstanding at a time (0: all)"
    bench org.modelrt.bench.fault.ManyConnections "127.0.0.1:$port" "$CONNECTIONS" "$outstanding" "$pid" \
      | tee "$OUT/connections-$outstanding.txt" || log "connections: ManyConnections exit $?"
  done
  stop_server "$pid"
}

step_swap() {
  local port=$((PORT_BASE + 6)) base=$TMP/swap/m rc=0
  mkdir -p "$base/1"
  cp test-models/pt_linear/files/* "$base/1/"
  log "swap: TF Serving mode, model m version 1; versions 2 and 3 renamed in under load"
  start_server swap "$port" --model_name m --model_base_path "$base" --file_system_poll_wait_seconds 1
  local pid=$SERVER_PID
  bench org.modelrt.bench.load.LoadGenerator --target "127.0.0.1:$port" --model-name m \
    --request test-models/pt_linear/expected.json --concurrency "$CALLERS" --warmup 2 --duration 45 \
    --pid "$pid" --json "$OUT/swap.json" > "$OUT/swap.txt" 2>&1 &
  local gen=$!
  HELPERS+=("$gen")
  sleep 12
  cp -r "$base/1" "$base/.2.tmp" && mv "$base/.2.tmp" "$base/2"
  log "swap: version 2 renamed in"
  sleep 15
  cp -r "$base/1" "$base/.3.tmp" && mv "$base/.3.tmp" "$base/3"
  log "swap: version 3 renamed in"
  wait "$gen" || rc=$?
  cat "$OUT/swap.txt"
  log "swap: load generator exit $rc (0: every call OK)"
  grep -E "Loaded model|Unload|nload" "$OUT/swap.log" || true
  stop_server "$pid"
}

# What the allocator settings cost: small and 1 MiB requests, with and without them, alternated (noisy machine).
step_allocator() {
  local port=$((PORT_BASE + 8)) round tag env_
  for round in 1 2; do
    for tag in none shipped; do
      [[ $tag == none ]] && env_="" || env_=$SHIPPED_ENV
      RUNTIME_ENV=$env_ start_server "allocator-$tag-$round" "$port" --model-dir test-models/pt_linear
      local pid=$SERVER_PID
      log "allocator[$tag, round $round]: env '${env_:-none}'"
      bench org.modelrt.bench.load.LoadGenerator --target "127.0.0.1:$port" --request test-models/pt_linear/expected.json \
        --concurrency 64 --warmup 5 --duration 15 --pid "$pid" 2>/dev/null | tail -3
      bench org.modelrt.bench.load.LoadGenerator --target "127.0.0.1:$port" --input x:DT_FLOAT:65536x4 --content \
        --concurrency 4 --warmup 5 --duration 15 --pid "$pid" 2>/dev/null | tail -3
      stop_server "$pid"
    done
  done
}

# The broken model directories, made here (no broken binaries in the repository).
make_corpus() {
  local c=$TMP/broken
  mkdir -p "$c"
  half() { head -c $(( $(stat -c %s "$1") / 2 )) "$1" > "$2"; }
  mkdir -p "$c/pt-truncated/files" && half test-models/pt_linear/files/model.pt "$c/pt-truncated/files/model.pt"
  mkdir -p "$c/onnx-truncated/files" && half test-models/onnx_linear/files/model.onnx "$c/onnx-truncated/files/model.onnx"
  mkdir -p "$c/tf-truncated-pb" && cp -r test-models/tf_linear/files "$c/tf-truncated-pb/" \
    && half test-models/tf_linear/files/saved_model.pb "$c/tf-truncated-pb/files/saved_model.pb"
  mkdir -p "$c/pt-zero-bytes/files" && : > "$c/pt-zero-bytes/files/model.pt"
  mkdir -p "$c/onnx-zero-bytes/files" && : > "$c/onnx-zero-bytes/files/model.onnx"
  mkdir -p "$c/pt-unreadable/files" && cp test-models/pt_linear/files/model.pt "$c/pt-unreadable/files/" \
    && chmod 000 "$c/pt-unreadable/files/model.pt"
  mkdir -p "$c/onnx-dir-unreadable/files" && cp test-models/onnx_linear/files/model.onnx "$c/onnx-dir-unreadable/files/" \
    && chmod 000 "$c/onnx-dir-unreadable/files"
  mkdir -p "$c/pt-symlink-loop/files" && ln -s loop-b "$c/pt-symlink-loop/files/model.pt" \
    && ln -s model.pt "$c/pt-symlink-loop/files/loop-b"
  mkdir -p "$c/dir-symlink-loop" && ln -s files "$c/dir-symlink-loop/files"
  mkdir -p "$c/tf-no-variables-index" && cp -r test-models/tf_linear/files "$c/tf-no-variables-index/" \
    && rm "$c/tf-no-variables-index/files/variables/variables.index"
  chmod -R a+rX "$c" 2>/dev/null || true
  chmod 000 "$c/pt-unreadable/files/model.pt" "$c/onnx-dir-unreadable/files"
}

step_broken() {
  local port=$((PORT_BASE + 7)) dir name reason verdict home=$TMP/nobody-home
  make_corpus
  mkdir -p "$home" && chmod 777 "$home"
  # As root every file is readable: the runtime runs as nobody so that permissions mean something.
  local as_nobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$home")
  : > "$OUT/broken.txt"
  for dir in "$TMP"/broken/*/; do
    name=$(basename "$dir")
    "${as_nobody[@]}" $RUNTIME_ENV java $RUNTIME_JAVA_OPTS -jar "$JAR" --port "$port" --model-dir "$dir" > "$OUT/broken-$name.log" 2>&1 &
    local pid=$!
    SERVERS+=("$pid")
    reason=$(wait_decided "$pid" "$port")
    sleep 1
    verdict=ok
    if ! kill -0 "$pid" 2>/dev/null; then
      # Refused at start instead of staying up: the reason is what the process printed last.
      local code=0
      wait "$pid" || code=$?
      verdict="PROCESS EXITED with code $code"
      reason="exit $code: $(grep -v '^\s*$' "$OUT/broken-$name.log" | tail -1)"
    elif [[ $reason != "status: NOT_SERVING: "* ]]; then
      verdict="$verdict; not NOT_SERVING"
    fi
    [[ $(printf '%s\n' "$reason" | wc -l) -eq 1 ]] || verdict="$verdict; more than one line"
    grep -qE 'Exception|Error:|\.java:|\bat [a-z]+\.[a-z]|java\.|ai\.djl|org\.modelrt|\$' <<< "$reason" \
      && verdict="$verdict; Java text"
    grep -qE 'model\.pt|model\.onnx|saved_model\.pb|variables|files' <<< "$reason" || verdict="$verdict; names no file"
    printf '%-22s %-40s %s\n' "$name" "[$verdict]" "$reason" | tee -a "$OUT/broken.txt"
    stop_server "$pid"
  done
}

log "modelrt reliability: commit $(git rev-parse --short HEAD), $(nproc) cores, $(java -version 2>&1 | head -1)"
for s in "${STEPS[@]}"; do
  "step_$s"
done
log "done"
