#!/bin/sh
# Build stage of Dockerfile.cpu/.gpu: lays out the packaged runtime (grpc-server/target) as DEST:
#   DEST/modelrt.jar, DEST/lib/*.jar, DEST/native/tensorflow/*.so (found beside lib/ by the engine adapter),
#   DEST/native/onnxruntime/*.so  ONNX Runtime's linux-x64 natives, loaded in place via -Donnxruntime.native.path.
# ORT's jar carries its natives for every platform (137 MB CPU, 491 MB GPU); they are moved out of it: left inside,
# ORT would copy them to /tmp at every start (and its CUDA provider, 343 MB, beside no libonnxruntime.so).
set -eu
TARGET=${1:?usage: layout-runtime.sh GRPC_SERVER_TARGET DEST}
DEST=${2:?usage: layout-runtime.sh GRPC_SERVER_TARGET DEST}

mkdir -p "$DEST/native/onnxruntime"
cp "$TARGET/modelrt.jar" "$DEST/"
cp -r "$TARGET/lib" "$DEST/"
cp -r "$TARGET/native/tensorflow" "$DEST/native/"

# onnxruntime-<version>.jar (CPU) or onnxruntime_gpu-<version>.jar, not DJL's onnxruntime-engine jar.
set -- $(ls "$DEST"/lib/onnxruntime-[0-9]*.jar "$DEST"/lib/onnxruntime_gpu-[0-9]*.jar 2>/dev/null)
[ "$#" -eq 1 ] || { echo "expected exactly one ONNX Runtime jar in $DEST/lib, found: $*" >&2; exit 1; }
ort_jar=$1
work=$(mktemp -d)
(
  cd "$work"
  jar xf "$ort_jar"
  mv ai/onnxruntime/native/linux-x64/*.so "$DEST/native/onnxruntime/"
  rm -rf ai/onnxruntime/native
  rm "$ort_jar"
  jar --create --file "$ort_jar" --manifest META-INF/MANIFEST.MF $(ls -A | grep -vx META-INF) META-INF
)
rm -rf "$work"
for lib in libonnxruntime.so libonnxruntime4j_jni.so; do
  [ -f "$DEST/native/onnxruntime/$lib" ] || { echo "missing $lib after unpacking $ort_jar" >&2; exit 1; }
done
ls "$DEST"/native/tensorflow/libjnitensorflow.so >/dev/null
echo "runtime laid out in $DEST: $(ls "$DEST/lib" | wc -l) jars, natives: $(ls "$DEST/native/tensorflow" "$DEST/native/onnxruntime" | tr '\n' ' ')"
