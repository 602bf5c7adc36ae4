#!/usr/bin/env bash
# The container test, run by .ci/run after `mvn -B verify` (root, Debian/Ubuntu, no Docker engine needed):
#   1. installs podman/buildah/runc/debootstrap if missing,
#   2. makes stand-ins for the base images the Dockerfiles name, only where absent (standins.sh),
#   3. builds Dockerfile.cpu and Dockerfile.gpu with podman, exactly as `docker build` would,
#   4. runs the CPU image on every engine's fixture (Predict values from the host, health, non-root, offline,
#      read-only, the FROM-runtime model image, a bad model) and the GPU image CPU-only.
# Every container it starts is removed by its id on exit. Ends with "container-test: N passed, M failed".
# Settings: MODELRT_CT_CACHE (rootfs tarball cache), MODELRT_CT_IMAGE_CPU/_GPU (tags), MODELRT_CT_SKIP_GPU=1.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
source "$CT_DIR/checks-cpu.sh"
source "$CT_DIR/checks-gpu.sh"

CT_LOG_DIR=${MODELRT_CT_LOG_DIR:-$CT_DIR/target}

# build_image DOCKERFILE TAG [BUILD ARGS...]: podman build of the Dockerfile exactly as a user's `docker build`:
# Maven downloads into the Dockerfile's own cache mount (kept by buildah between runs on one machine).
build_image() {
  local dockerfile=$1 tag=$2; shift 2
  local mounts=() log="$CT_LOG_DIR/build-${dockerfile#Dockerfile.}.log" t0=$SECONDS
  # The host's CA store (Debian layout), for downloads from inside the build behind a TLS-inspecting proxy.
  [[ -f /etc/ssl/certs/java/cacerts ]] && mounts+=(-v /etc/ssl/certs:/etc/ssl/certs:ro)
  log "building $dockerfile as $tag (log: $log)"
  if ! podman build --format docker --pull=never "${mounts[@]}" "$@" -f "$REPO_ROOT/$dockerfile" -t "$tag" \
       "$REPO_ROOT" >"$log" 2>&1; then
    tail -40 "$log" >&2
    return 1
  fi
  metric "build $dockerfile (podman, layer cache as found)" "$((SECONDS - t0)) s"
}

# The stand-in for the PyTorch CUDA base holds the CPU libtorch (no CUDA build can be had here): build against it
# with the cpu flavor, and without the cuDNN 8 wheel (PyPI is not reachable here).
gpu_build_args() {
  local base
  base=$(sed -n 's/^ARG PYTORCH_IMAGE=//p' "$REPO_ROOT/Dockerfile.gpu")
  if [[ -n $(image_label "$base" org.modelrt.standin) ]]; then
    log "$base is a local stand-in: building the GPU image with PYTORCH_FLAVOR=cpu and no cuDNN 8 wheel"
    printf '%s\n' --build-arg PYTORCH_FLAVOR=cpu --build-arg TF_CUDNN8_PIP=
  fi
}

summary() {
  local line
  log "---- measurements ----"
  for line in "${CT_METRICS[@]}"; do printf '  %s\n' "$line" >&2; done
  log "wall time: $((SECONDS - CT_T0)) s"
  for line in "${CT_FAILURES[@]}"; do log "failed: $line"; done
  echo "container-test: $CT_PASSED passed, $CT_FAILED failed"
}

on_exit() {
  cleanup_containers
}

main() {
  CT_T0=$SECONDS
  [[ $(id -u) == 0 ]] || die "rootful podman, debootstrap and chroot need root"
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM # so that the EXIT trap still removes the containers when CI stops the run
  mkdir -p "$CT_LOG_DIR"
  bash "$CT_DIR/install-tools.sh" || die "could not install the container tools"
  local t0=$SECONDS
  bash "$CT_DIR/standins.sh" || die "could not make the base image stand-ins"
  metric "base images (stand-ins where absent)" "$((SECONDS - t0)) s"
  package_runtime || die "could not package the runtime whose clients the test uses"

  check "build Dockerfile.cpu" build_image Dockerfile.cpu "$CT_IMAGE_CPU"
  if ((CT_FAILED == 0)); then
    run_cpu_checks
  fi
  if [[ ${MODELRT_CT_SKIP_GPU:-0} != 1 ]]; then
    local failed_before=$CT_FAILED gpu_args
    mapfile -t gpu_args < <(gpu_build_args)
    check "build Dockerfile.gpu" build_image Dockerfile.gpu "$CT_IMAGE_GPU" "${gpu_args[@]}"
    ((CT_FAILED > failed_before)) || run_gpu_checks
  fi
  summary
  ((CT_FAILED == 0 && CT_PASSED > 0))
}

main "$@"; exit # one line: bash has read all of it before main runs
