# Checks of the CPU image ($CT_IMAGE_CPU); sourced by run.sh, each function is one check.

TEST_MODELS="$REPO_ROOT/test-models"
ENGINE_FIXTURES=(pt_linear onnx_linear tf_linear)

inspect() { podman image inspect --format "$1" "$CT_IMAGE_CPU"; }

cpu_image_is_a_hydrosphere_runtime() {
  expect_eq "user" "10001:10001" "$(inspect '{{.Config.User}}')" &&
  expect_eq "label DEPLOYMENT_TYPE" "APP" "$(inspect '{{index .Config.Labels "DEPLOYMENT_TYPE"}}')" &&
  expect_contains "env" "APP_PORT=9090" "$(inspect '{{.Config.Env}}')" &&
  expect_contains "volumes" "/model" "$(inspect '{{.Config.Volumes}}')" &&
  expect_contains "exposed ports" "9090/tcp" "$(inspect '{{.Config.ExposedPorts}}')" &&
  expect_contains "healthcheck" "org.modelrt.server.cli.HealthProbe" "$(inspect '{{.Config.Healthcheck.Test}}')"
}

cpu_image_holds_a_jre_only() {
  local out leftovers
  out=$(run_once --network none --entrypoint /bin/sh "$CT_IMAGE_CPU" -c \
    'for t in javac jar jlink mvn; do command -v $t; done; ls -d /root/.m2 /src /usr/share/maven 2>/dev/null;
     java -version 2>&1 | grep "version \""')
  expect_contains "java -version in the image" 'version "17' "$out" || return 1
  leftovers=$(grep -v 'version "17' <<<"$out")
  expect_eq "JDK tools, Maven or build leftovers in the runtime image" "" "$leftovers"
}

# Each native is in the image once, unpacked: no native jar on the classpath (ORT's jar keeps only its classes).
cpu_image_holds_each_native_once() {
  local listing
  listing=$(run_once --network none --entrypoint /bin/sh "$CT_IMAGE_CPU" -c \
    'cd /opt/modelrt && ls native/* && ls -l lib | awk "/onnxruntime-[0-9]/ {print \"ort-jar-bytes=\" \$5}" && ls lib')
  expect_contains "natives" "libtensorflow_cc.so.2" "$listing" &&
  expect_contains "natives" "libtorch_cpu.so" "$listing" &&
  expect_contains "natives" "libonnxruntime.so" "$listing" || return 1
  if grep -E 'pytorch-native|tensorflow-core-native|tensorflow-native' <<<"$listing"; then
    log "native jars on the runtime classpath (above)"
    return 1
  fi
  local ort_bytes
  ort_bytes=$(sed -n 's/^ort-jar-bytes=//p' <<<"$listing")
  ((ort_bytes < 1000000)) || { log "the ONNX Runtime jar still holds natives: $ort_bytes bytes"; return 1; }
}

# JDK 17 sizes its heap from the cgroup limit: with 1 GiB, MaxRAMPercentage=50 gives a 512 MiB heap.
cpu_heap_follows_the_container_memory_limit() {
  local heap
  heap=$(run_once --network none --memory 1g --entrypoint java "$CT_IMAGE_CPU" -XX:+PrintFlagsFinal -version \
    2>/dev/null | awk '$2 == "MaxHeapSize" {print $4}')
  expect_eq "MaxHeapSize under --memory 1g" "536870912" "$heap"
}

# One engine fixture mounted read-only at /model: SERVING, right Predict values from the host over both APIs,
# running as uid 10001, nothing unpacked at start. Records time-to-SERVING and RSS.
cpu_serves_fixture() {
  local model=$1 port id rc=0
  port=$(free_port)
  run_model id "$CT_IMAGE_CPU" "$port" -v "$TEST_MODELS/$model:/model:ro" || return 1
  cpu_check_serving_container "$model" "$id" "$port" || rc=1
  remove_container "$id"
  return $rc
}

cpu_check_serving_container() {
  local model=$1 id=$2 port=$3
  wait_state "$id" "$port" || return 1
  check_predictions "127.0.0.1:$port" "$TEST_MODELS/$model/expected.json" --api g2 &&
  check_predictions "127.0.0.1:$port" "$TEST_MODELS/$model/expected.json" --api g3 || return 1
  expect_eq "uid of the runtime process" "10001" \
    "$(podman exec "$id" awk '/^Uid:/ {print $2}' /proc/1/status)" || return 1
  if podman logs "$id" 2>&1 | grep -E 'Extracting .* to cache|Downloading'; then
    log "the runtime unpacked or downloaded natives at start (above)"
    return 1
  fi
  metric "CPU $model: run -> SERVING" "${STATE_MS} ms"
  metric "CPU $model: RSS after Predict" "$(rss_mib "$id") MiB"
  if [[ $model == pt_linear ]]; then cpu_healthcheck_turns_healthy "$id" || return 1; fi
  cpu_stops_cleanly "$id"
}

# docker stop sends SIGTERM to pid 1 (the JVM itself: exec-form ENTRYPOINT), which drains and exits 0 well inside
# the 10 s before SIGKILL; an engine crashing at exit would show here as 134/139.
cpu_stops_cleanly() {
  local id=$1 t0
  t0=$(now_ms)
  podman stop -t 10 "$id" >/dev/null 2>&1
  local took=$(($(now_ms) - t0))
  expect_eq "exit code after SIGTERM (podman stop)" "0" "$(podman inspect --format '{{.State.ExitCode}}' "$id")" || return 1
  ((took < 10000)) || { log "stopping took $took ms: killed at the timeout, not drained"; return 1; }
}

# podman runs no health timers without systemd; `podman healthcheck run` executes the image's HEALTHCHECK command
# in the container and records the result, exactly as the timer would.
cpu_healthcheck_turns_healthy() {
  local id=$1 i status
  local t0
  for ((i = 0; i < 30; i++)); do
    t0=$(now_ms)
    podman healthcheck run "$id" >/dev/null 2>&1 && break
    sleep 2
  done
  metric "HEALTHCHECK run (JVM probe), wall" "$(($(now_ms) - t0)) ms"
  status=$(podman inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null \
    || podman inspect --format '{{.State.Healthcheck.Status}}' "$id")
  expect_eq "health status (HEALTHCHECK: the runtime's HealthProbe)" "healthy" "$status" || return 1
  # The probe's class-data archive must map, or every probe silently costs twice the CPU: -Xshare:on makes the JVM
  # refuse to start without it. The command is the image's own HEALTHCHECK ("CMD java ...").
  local probe
  read -r -a probe <<<"$(inspect '{{range .Config.Healthcheck.Test}}{{.}} {{end}}')"
  [[ ${probe[0]} == CMD && ${probe[1]} == java ]] || { log "unexpected HEALTHCHECK: ${probe[*]}"; return 1; }
  podman exec "$id" java -Xshare:on "${probe[@]:2}" >/dev/null 2>&1 \
    || { log "HEALTHCHECK with -Xshare:on failed: its class-data archive does not map"; return 1; }
}

# No network at all (not even a published port) and a read-only root filesystem with only /tmp writable: the engines
# must find everything in the image and write nothing under /opt. Checked from inside with the test's clients.
cpu_serves_fixture_offline_read_only() {
  local model=$1 id rc=0 cp=/opt/modelrt/modelrt.jar
  start_container id --network none --read-only --tmpfs /tmp --memory 1g \
    -v "$TEST_MODELS/$model:/model:ro" "$CT_IMAGE_CPU" || return 1
  podman exec "$id" java -cp "$cp" "$PROBE" --wait-seconds 120 || { podman logs --tail 40 "$id" >&2; rc=1; }
  ((rc)) || podman exec "$id" java -cp "$cp" "$PREDICT" --request /model/expected.json --check >/dev/null || rc=1
  remove_container "$id"
  return $rc
}

# Hydrosphere 2.x/3.x build a model image FROM the runtime: ADD model /model, WORKDIR /model/files. The example has
# a G3 contract.protobin whose signature is "predict"; its weights are pt_linear's, so are the expected values.
cpu_model_image_built_from_the_runtime() {
  local ctx tag=localhost/modelrt-test-model:linear port id
  ctx=$(mktemp -d /tmp/modelrt-ct-model.XXXXXX)
  cp -r "$REPO_ROOT/examples/linear-torchscript" "$ctx/model"
  cat >"$ctx/Dockerfile" <<EOF
FROM $CT_IMAGE_CPU
LABEL MODEL_NAME=linear-torchscript MODEL_VERSION=1
ADD model /model
WORKDIR /model/files
EOF
  podman build -q --format docker --pull=never -t "$tag" "$ctx" >/dev/null || { rm -rf "$ctx"; return 1; }
  rm -rf "$ctx"
  port=$(free_port)
  run_model id "$tag" "$port" || return 1
  wait_state "$id" "$port" &&
  expect_eq "working directory of the runtime" "/model/files" "$(podman exec "$id" readlink /proc/1/cwd)" &&
  check_predictions "127.0.0.1:$port" "$TEST_MODELS/pt_linear/expected.json" --api g3 &&
  check_predictions "127.0.0.1:$port" "$TEST_MODELS/pt_linear/expected.json" --api g2 --signature predict
  local rc=$?
  remove_container "$id"
  podman rmi -f "$tag" >/dev/null 2>&1 || true
  return $rc
}

# An eager-mode pickle is no TorchScript: the runtime must stay up, report NOT_SERVING with the reason, and the
# HEALTHCHECK must not call it healthy.
cpu_bad_model_is_not_serving_with_a_reason() {
  local port id rc=0
  port=$(free_port)
  run_model id "$CT_IMAGE_CPU" "$port" -v "$TEST_MODELS/pt_eager:/model:ro" || return 1
  wait_state "$id" "$port" || rc=$?
  expect_eq "HealthProbe exit (1 = not SERVING)" "1" "$rc" &&
  expect_contains "health" "status: NOT_SERVING" "$STATE_LINE" &&
  expect_contains "NOT_SERVING reason" "torch.jit.save" "$STATE_LINE" &&
  expect_eq "container still running" "true" "$(podman inspect --format '{{.State.Running}}' "$id")"
  rc=$?
  if ((rc == 0)) && podman healthcheck run "$id" >/dev/null 2>&1; then
    log "HEALTHCHECK passed for a model that is NOT_SERVING"
    rc=1
  fi
  remove_container "$id"
  return $rc
}

# TF Serving's Docker convention: the model at /models/<name>/<version>/, named by -e MODEL_NAME.
cpu_serves_a_tf_serving_layout_named_by_model_name() {
  local port id rc=0 layout
  layout=$(mktemp -d)
  mkdir -p "$layout/linear/1" && cp -r "$TEST_MODELS/pt_linear/files/." "$layout/linear/1/" && chmod -R a+rX "$layout"
  port=$(free_port)
  run_model id "$CT_IMAGE_CPU" "$port" -v "$layout:/models:ro" -e MODEL_NAME=linear || { rm -rf "$layout"; return 1; }
  wait_state "$id" "$port" &&
    check_predictions "127.0.0.1:$port" "$TEST_MODELS/pt_linear/expected.json" --api g2 --model linear || rc=1
  remove_container "$id"
  rm -rf "$layout"
  return $rc
}

# KServe: the CPU image run exactly as deploy/kserve/servingruntime.yaml runs it (its command and args, with the
# InferenceService's name for {{.Name}}, its two ports), the model's files straight under /mnt/models as KServe's
# storage initializer leaves a PyTorch model; then v2 REST infer, v2 gRPC ModelInfer and TF Serving REST predict.
cpu_serves_as_the_kserve_servingruntime() {
  local rest grpc id rc=0 script body
  script=$(sed -n '/^        - |$/,/^      ports:$/p' "$REPO_ROOT/deploy/kserve/servingruntime.yaml" | sed '1d;$d' \
    | sed 's/^          //; s/{{\.Name}}/linear/g')
  [[ $script == *"--model_name"* ]] || { log "no container args found in the ServingRuntime"; return 1; }
  rest=$(free_port); grpc=$(free_port)
  RUN_T0=$(now_ms)
  start_container id --memory 2g -p "127.0.0.1:$rest:8080" -p "127.0.0.1:$grpc:8081" \
    -v "$TEST_MODELS/pt_linear/files:/mnt/models:ro" --entrypoint /bin/sh "$CT_IMAGE_CPU" -c "$script" || return 1
  wait_state "$id" "$grpc" || { remove_container "$id"; return 1; }
  body=$(curl -sf -X POST "http://127.0.0.1:$rest/v2/models/linear/infer" -H 'Content-Type: application/json' \
    -d '{"id": "ct", "inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}') || rc=1
  log "v2 REST infer: $body"
  [[ $body == *'"id":"ct"'* && $body == *'-2.65141'* ]] || rc=1
  client_v2 "127.0.0.1:$grpc" linear || rc=1
  body=$(curl -sf -X POST "http://127.0.0.1:$rest/v1/models/linear:predict" \
    -d '{"instances": [[1.0, 2.0, 3.0, 4.0]]}') || rc=1
  log "TF Serving REST predict: $body"
  [[ $body == *'"predictions"'* && $body == *'-2.65141'* ]] || rc=1
  body=$(curl -sf "http://127.0.0.1:$rest/v2/health/ready" -o /dev/null -w '%{http_code}') || rc=1
  expect_eq "readiness probe (GET /v2/health/ready)" "200" "$body" || rc=1
  ((rc == 0)) || podman logs --tail 40 "$id" >&2
  remove_container "$id"
  return $rc
}

run_cpu_checks() {
  check "cpu image: Hydrosphere runtime metadata" cpu_image_is_a_hydrosphere_runtime
  check "cpu image: JRE only, no JDK/Maven/build caches" cpu_image_holds_a_jre_only
  check "cpu image: every native unpacked once, no native jars" cpu_image_holds_each_native_once
  check "cpu image: heap follows the container memory limit" cpu_heap_follows_the_container_memory_limit
  local model
  for model in "${ENGINE_FIXTURES[@]}"; do
    check "cpu image: serves $model (Predict values from the host, uid 10001)" cpu_serves_fixture "$model"
    check "cpu image: serves $model with --network none, read-only root" cpu_serves_fixture_offline_read_only "$model"
  done
  check "cpu image: model image FROM runtime + ADD model /model + WORKDIR /model/files" \
    cpu_model_image_built_from_the_runtime
  check "cpu image: bad model -> NOT_SERVING with a reason" cpu_bad_model_is_not_serving_with_a_reason
  check "cpu image: TF Serving layout under /models, -e MODEL_NAME" cpu_serves_a_tf_serving_layout_named_by_model_name
  check "cpu image: as the KServe ServingRuntime runs it (v2 REST, v2 gRPC, TF Serving REST)" \
    cpu_serves_as_the_kserve_servingruntime
  metric "CPU image size" "$(image_size_mb "$CT_IMAGE_CPU") MB"
}
