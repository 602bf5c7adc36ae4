#!/bin/sh
# Entrypoint wrapper of the GPU image: says which NVIDIA GPUs the container sees, or why it sees none, then runs
# the runtime ("$@"). With no GPU visible, TensorFlow, PyTorch and ONNX Runtime all run on the CPU; this line makes
# that explicit instead of leaving it to three engines' own warnings.
# GPU selection is CUDA's own: CUDA_VISIBLE_DEVICES (unset = every GPU the container was given).

say() { echo "modelrt: $*" >&2; }

cpu_fallback() {
  say "no NVIDIA GPU visible ($1); TensorFlow, PyTorch and ONNX Runtime will run on the CPU"
}

visible=${CUDA_VISIBLE_DEVICES-all}
case "$visible" in
  "" | -1 | none | NoDevFiles)
    cpu_fallback "CUDA_VISIBLE_DEVICES='$visible' hides every GPU" ;;
  *)
    if ! ls /dev/nvidia[0-9]* >/dev/null 2>&1; then
      cpu_fallback "no /dev/nvidia* device: start the container with --gpus (Docker) or the NVIDIA device plugin (Kubernetes)"
    elif ! ldconfig -p 2>/dev/null | grep -q 'libcuda\.so\.1'; then
      cpu_fallback "GPU devices present but no driver library libcuda.so.1: use the NVIDIA container runtime"
    elif command -v nvidia-smi >/dev/null 2>&1; then
      say "NVIDIA GPU(s) given to the container (CUDA_VISIBLE_DEVICES=$visible):"
      nvidia-smi -L 2>&1 | sed 's/^/modelrt:   /' >&2
    else
      say "NVIDIA GPU device(s) $(ls /dev/nvidia[0-9]* | tr '\n' ' ')visible (CUDA_VISIBLE_DEVICES=$visible)"
    fi ;;
esac

exec "$@"
