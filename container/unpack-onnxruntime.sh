#!/bin/sh
# Build stage of Dockerfile.cpu/.gpu: moves ONNX Runtime's linux-x64 natives out of its jar, in the packaged runtime
# TARGET (grpc-server/target), into TARGET/native/onnxruntime, where -Donnxruntime.native.path loads them in place.
# The jar carries natives for every platform (137 MB CPU, 491 MB GPU); left inside, ORT would copy them to /tmp at
# every start, and its CUDA provider (343 MB) would not be found beside libonnxruntime.so. The jar keeps its classes.
set -eu
TARGET=$(cd "${1:?usage: unpack-onnxruntime.sh GRPC_SERVER_TARGET}" && pwd)
out="$TARGET/native/onnxruntime"

# onnxruntime-<version>.jar (CPU) or onnxruntime_gpu-<version>.jar, not DJL's onnxruntime-engine jar.
set -- $(ls "$TARGET"/lib/onnxruntime-[0-9]*.jar "$TARGET"/lib/onnxruntime_gpu-[0-9]*.jar 2>/dev/null)
[ "$#" -eq 1 ] || { echo "expected exactly one ONNX Runtime jar in $TARGET/lib, found: $*" >&2; exit 1; }
jar=$1

work=$(mktemp -d)
mkdir -p "$out"
(
  cd "$work"
  jar xf "$jar"
  mv ai/onnxruntime/native/linux-x64/*.so "$out/"
  rm -rf ai/onnxruntime/native
  rm "$jar"
  jar --create --file "$jar" --manifest META-INF/MANIFEST.MF $(ls -A | grep -vx META-INF) META-INF
)
rm -rf "$work"
for lib in libonnxruntime.so libonnxruntime4j_jni.so; do
  [ -f "$out/$lib" ] || { echo "no $lib in $jar" >&2; exit 1; }
done
echo "ONNX Runtime natives moved out of $(basename "$jar"): $(ls "$out" | tr '\n' ' ')"
