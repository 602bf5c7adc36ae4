# Checks of the GPU image ($CT_IMAGE_GPU) on a machine with no GPU; sourced by run.sh. What can be checked here: the
# image builds, carries the GPU settings, and starts CPU-only with a clear message, serving every engine's fixture.

gpu_inspect() { podman image inspect --format "$1" "$CT_IMAGE_GPU"; }

gpu_image_is_a_hydrosphere_runtime() {
  local env
  env=$(gpu_inspect '{{.Config.Env}}')
  expect_eq "user" "10001:10001" "$(gpu_inspect '{{.Config.User}}')" &&
  expect_eq "label DEPLOYMENT_TYPE" "APP" "$(gpu_inspect '{{index .Config.Labels "DEPLOYMENT_TYPE"}}')" &&
  expect_contains "env" "APP_PORT=9090" "$env" &&
  expect_contains "env" "TF_FORCE_GPU_ALLOW_GROWTH=true" "$env" &&
  expect_contains "env" "PYTORCH_VERSION=2.7.1" "$env" &&
  expect_contains "env" "PYTORCH_LIBRARY_PATH=" "$env" &&
  expect_contains "volumes" "/model" "$(gpu_inspect '{{.Config.Volumes}}')" &&
  expect_contains "healthcheck" "org.modelrt.server.cli.HealthProbe" "$(gpu_inspect '{{.Config.Healthcheck.Test}}')"
}

# The GPU natives are the ones in the image: TF's CUDA build and ORT's CUDA provider.
gpu_image_holds_the_cuda_natives() {
  local listing
  listing=$(run_once --network none --entrypoint /bin/sh "$CT_IMAGE_GPU" -c \
    'ls /opt/modelrt/native/onnxruntime /opt/modelrt/lib; du -m /opt/modelrt/native/tensorflow/libtensorflow_cc.so.2')
  expect_contains "ORT natives" "libonnxruntime_providers_cuda.so" "$listing" &&
  expect_contains "ORT jar" "onnxruntime_gpu-1.21.0.jar" "$listing" || return 1
  if grep -E 'pytorch-native-cpu|onnxruntime-1\.' <<<"$listing"; then
    log "CPU native jars in the GPU image (above)"
    return 1
  fi
  # DJL's cu121 libtensorflow_cc is ~965 MiB; TF-Java's CPU build is ~400 MiB.
  local mib
  mib=$(awk '/libtensorflow_cc/ {print $1}' <<<"$listing")
  ((mib > 900)) || { log "libtensorflow_cc.so.2 is $mib MiB: not the CUDA build"; return 1; }
}

gpu_entrypoint_says_why_no_gpu() {
  local out
  out=$(run_once --network none -e CUDA_VISIBLE_DEVICES=-1 --entrypoint /opt/modelrt/bin/gpu-check \
    "$CT_IMAGE_GPU" true 2>&1)
  expect_contains "message with CUDA_VISIBLE_DEVICES=-1" "CUDA_VISIBLE_DEVICES='-1' hides every GPU" "$out" || return 1
  out=$(run_once --network none --entrypoint /opt/modelrt/bin/gpu-check "$CT_IMAGE_GPU" true 2>&1)
  expect_contains "message with no GPU device" "no /dev/nvidia* device" "$out"
}

gpu_serves_fixture_on_cpu() {
  local model=$1 port id rc=0
  port=$(free_port)
  run_model id "$CT_IMAGE_GPU" "$port" -v "$TEST_MODELS/$model:/model:ro" || return 1
  wait_state "$id" "$port" || rc=1
  ((rc)) || check_predictions "127.0.0.1:$port" "$TEST_MODELS/$model/expected.json" --api g2 || rc=1
  ((rc)) || expect_contains "start-up message" "no NVIDIA GPU visible" "$(podman logs "$id" 2>&1)" || rc=1
  ((rc)) || metric "GPU image on CPU, $model: run -> SERVING" "${STATE_MS} ms"
  remove_container "$id"
  return $rc
}

run_gpu_checks() {
  check "gpu image: Hydrosphere runtime metadata and GPU settings" gpu_image_is_a_hydrosphere_runtime
  check "gpu image: CUDA natives (TF cu121, ORT CUDA provider), no CPU native jars" gpu_image_holds_the_cuda_natives
  check "gpu image: entrypoint says why no GPU is used" gpu_entrypoint_says_why_no_gpu
  local model
  for model in "${ENGINE_FIXTURES[@]}"; do
    check "gpu image: starts CPU-only and serves $model" gpu_serves_fixture_on_cpu "$model"
  done
  metric "GPU image size" "$(image_size_mb "$CT_IMAGE_GPU") MB"
}
