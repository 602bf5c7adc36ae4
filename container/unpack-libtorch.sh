#!/bin/sh
# Build stage of Dockerfile.cpu: moves libtorch out of DJL's pytorch-native-cpu jar, in the packaged runtime TARGET
# (grpc-server/target), into TARGET/native/pytorch, and drops the jar. The image then loads libtorch in place through
# PYTORCH_LIBRARY_PATH + PYTORCH_FLAVOR=cpu + PYTORCH_VERSION, the way the GPU image loads its CUDA libtorch, instead
# of carrying it twice (the 112 MB jar on the classpath and the 432 MB DJL cache it unpacks to).
set -eu
TARGET=$(cd "${1:?usage: unpack-libtorch.sh GRPC_SERVER_TARGET PYTORCH_VERSION}" && pwd)
VERSION=${2:?usage: unpack-libtorch.sh GRPC_SERVER_TARGET PYTORCH_VERSION}
out="$TARGET/native/pytorch"

set -- $(ls "$TARGET"/lib/pytorch-native-cpu-*.jar 2>/dev/null)
[ "$#" -eq 1 ] || { echo "expected exactly one pytorch-native-cpu jar in $TARGET/lib, found: $*" >&2; exit 1; }
jar=$1

work=$(mktemp -d)
(
  cd "$work"
  jar xf "$jar" native/lib/pytorch.properties pytorch/
  # e.g. version=2.7.1-20250812, flavor=cpu: the image's PYTORCH_VERSION must name this build, or DJL downloads.
  found=$(sed -n 's/^version=//p' native/lib/pytorch.properties)
  case "$found" in
    "$VERSION" | "$VERSION"-*) ;;
    *) echo "$(basename "$jar") holds libtorch $found, the image says PYTORCH_VERSION=$VERSION" >&2; exit 1 ;;
  esac
  mkdir -p "$out"
  mv pytorch/cpu/linux-x86_64/* "$out/"
)
rm -rf "$work" "$jar"
[ -f "$out/libtorch.so" ] || { echo "no libtorch.so in $jar" >&2; exit 1; }
echo "libtorch $VERSION moved out of $(basename "$jar"): $(ls "$out" | tr '\n' ' ')"
