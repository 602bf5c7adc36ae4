# Shared helpers of the container test; sourced, not run.
# Every container a check starts goes through start_container, which records its id; cleanup_containers (run
# from an EXIT trap) removes exactly those ids and nothing else.

CT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$CT_DIR/.." && pwd)
export CONTAINERS_CONF="$CT_DIR/containers.conf"

CT_CACHE_DIR=${MODELRT_CT_CACHE:-/var/cache/modelrt-container-test}
CT_IMAGE_CPU=${MODELRT_CT_IMAGE_CPU:-localhost/modelrt:cpu-test}
CT_IMAGE_GPU=${MODELRT_CT_IMAGE_GPU:-localhost/modelrt:gpu-test}

CT_STARTED_IDS=()
CT_PASSED=0
CT_FAILED=0
CT_FAILURES=()

log() { printf '[container-test %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# start_container VAR podman-run-args...: runs `podman run -d ARGS`, records the id, stores it in VAR.
# (Its locals have odd names: printf -v must reach the caller's variable, which a local of the same name would hide.)
start_container() {
  local __sc_var=$1; shift
  local __sc_id __sc_err
  __sc_err=$(mktemp)
  # podman logs errors about systemd health timers it cannot create here (no systemd): kept out of the output.
  __sc_id=$(podman run -d "$@" 2>"$__sc_err") \
    || { cat "$__sc_err" >&2; rm -f "$__sc_err"; log "podman run failed: $*"; return 1; }
  rm -f "$__sc_err"
  CT_STARTED_IDS+=("$__sc_id")
  printf -v "$__sc_var" '%s' "$__sc_id"
}

# run_once PODMAN-CREATE-ARGS...: runs a container to completion in the foreground, prints its output, then removes
# it by its id (no --rm: an interrupted run still leaves the id for the EXIT trap).
run_once() {
  local __ro_id __ro_rc=0
  __ro_id=$(podman create "$@" 2>/dev/null) || { log "podman create failed: $*"; return 1; }
  CT_STARTED_IDS+=("$__ro_id")
  podman start -a "$__ro_id" || __ro_rc=$?
  remove_container "$__ro_id"
  return $__ro_rc
}

remove_container() {
  local id=$1
  podman container exists "$id" || return 0
  podman rm -f -t 2 "$id" >/dev/null 2>&1 || log "could not remove container $id"
}

cleanup_containers() {
  local id
  for id in "${CT_STARTED_IDS[@]}"; do
    remove_container "$id"
  done
  CT_STARTED_IDS=()
}

# A free TCP port on the host, for one container's published gRPC port.
free_port() {
  python3 - <<'PY' 2>/dev/null || shuf -i 20000-40000 -n 1
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# Runs one named check (a function); counts it and keeps going on failure so the summary lists every failure.
check() {
  local name=$1; shift
  local t0=$SECONDS
  log "CHECK $name"
  if "$@"; then
    CT_PASSED=$((CT_PASSED + 1))
    log "PASS  $name ($((SECONDS - t0)) s)"
  else
    CT_FAILED=$((CT_FAILED + 1))
    CT_FAILURES+=("$name")
    log "FAIL  $name ($((SECONDS - t0)) s)"
  fi
}

# Asserts: fail with a message naming what was expected and what was seen.
expect_eq() {
  local what=$1 expected=$2 actual=$3
  [[ "$expected" == "$actual" ]] && return 0
  log "$what: expected '$expected', got '$actual'"
  return 1
}

expect_contains() {
  local what=$1 needle=$2 haystack=$3
  [[ "$haystack" == *"$needle"* ]] && return 0
  log "$what: expected to contain '$needle', got: $(printf '%s' "$haystack" | tail -c 2000)"
  return 1
}

# ---- the runtime's own jar on the host: its PredictClient and HealthProbe are the test's gRPC clients ---------------
MODELRT_JAR="$REPO_ROOT/grpc-server/target/modelrt.jar"

# package_runtime: builds the packaged runtime when .ci/run's mvn verify has not (a run of this script alone).
package_runtime() {
  [[ -f "$MODELRT_JAR" ]] && return 0
  log "packaging grpc-server for the test's clients"
  (cd "$REPO_ROOT" && mvn -B -q -Dstyle.color=never -pl grpc-server -am -DskipTests package)
}

client() { java -cp "$MODELRT_JAR" "$@"; }
PREDICT=org.modelrt.server.cli.PredictClient
# client_v2 HOST:PORT MODEL: KServe v2 gRPC ModelInfer on pt_linear's x from the host (a single-file Java program).
client_v2() { java -cp "$MODELRT_JAR:$(dirname "$MODELRT_JAR")/lib/*" "$REPO_ROOT/container-test/V2GrpcInfer.java" "$@"; }
PROBE=org.modelrt.server.cli.HealthProbe

# check_predictions ADDR EXPECTED_JSON ARGS...: every case of a test model's expected.json, values compared.
check_predictions() {
  local addr=$1 expected=$2; shift 2
  client "$PREDICT" --addr "$addr" --request "$expected" --check "$@" >/dev/null
}

now_ms() { date +%s%3N; }

# run_model VAR IMAGE PORT PODMAN-ARGS...: a detached runtime container publishing 9090 on 127.0.0.1:PORT,
# limited to 1 GiB (the JVM's heap then gets at most 512 MiB, the engines the rest). RUN_T0 = ms before the run.
run_model() {
  local __rm_var=$1 __rm_image=$2 __rm_port=$3; shift 3
  RUN_T0=$(now_ms)
  start_container "$__rm_var" --memory 1g -p "127.0.0.1:$__rm_port:9090" "$@" "$__rm_image"
}

# wait_state ID PORT [TIMEOUT]: waits (HealthProbe --wait-seconds) for SERVING or NOT_SERVING; sets STATE_LINE
# ("status: SERVING", or "status: NOT_SERVING: <reason>") and STATE_MS (ms since RUN_T0); returns 0 iff SERVING.
# The probe JVM starts while the container does, so STATE_MS is within one 20 ms poll of the decision.
# On anything but SERVING the logs are shown.
wait_state() {
  local id=$1 port=$2 timeout=${3:-120} rc=0
  STATE_LINE=$(client "$PROBE" --addr "127.0.0.1:$port" --wait-seconds "$timeout" 2>&1) || rc=$?
  STATE_MS=$(( $(now_ms) - RUN_T0 ))
  log "state after ${STATE_MS} ms: $STATE_LINE"
  ((rc == 0)) || { log "container logs:"; podman logs --tail 40 "$id" >&2 || true; }
  return $rc
}

# rss_mib ID: resident memory of the container's main process (the JVM, pid 1), in MiB.
rss_mib() { podman exec "$1" awk '/^VmRSS:/ {printf "%d", $2 / 1024}' /proc/1/status; }

# image_label IMAGE KEY: the label's value, empty when the image or the label is absent.
image_label() {
  local value
  value=$(podman image inspect --format "{{index .Config.Labels \"$2\"}}" "$1" 2>/dev/null) || return 0
  [[ $value == "<no value>" ]] || printf '%s' "$value"
}

image_size_mb() { podman image inspect --format '{{.Size}}' "$1" | awk '{printf "%d", $1 / 1000000}'; }

CT_METRICS=()
metric() { CT_METRICS+=("$(printf '%-44s %s' "$1" "$2")"); }
