#!/usr/bin/env bash
# Serves the bundled example model (examples/linear-torchscript) with modelrt, building the runtime first if needed.
#   ./run-example.sh                  listens on 9090
#   APP_PORT=9191 ./run-example.sh    listens on 9191
# Works from any directory. Ctrl-C stops it: it drains the calls in flight and exits 0.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/grpc-server/target/modelrt.jar"
MODEL="$ROOT/examples/linear-torchscript"
PORT="${APP_PORT:-9090}"

command -v java >/dev/null || { echo "run-example.sh: needs Java 17 or newer on the PATH" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
  command -v mvn >/dev/null || { echo "run-example.sh: needs Maven 3.8+ to build $JAR" >&2; exit 1; }
  echo "Building the runtime (first run only: a few minutes while Maven fetches the engines)..."
  (cd "$ROOT" && mvn -B -q -DskipTests -pl grpc-server -am package)
fi

cat <<HOWTO
Starting modelrt on port $PORT with the model in $MODEL
(TorchScript Linear(4,3); signature 'predict': x DT_FLOAT [-1,4] -> y DT_FLOAT [-1,3]).
Once the log says "Health is SERVING", call it from another terminal:

  java -cp $JAR org.modelrt.server.cli.PredictClient --addr localhost:$PORT --input x=1,2,3,4 --shape x=1,4
      prints  y DT_FLOAT [1, 3] = [-2.6514199, 1.3004982, -0.8323214]   (add --api g3 for the G3 API)

  grpcurl -plaintext -d '{"inputs": {"x": {"dtype": "DT_FLOAT", "tensor_shape": {"dims": [1, 4]}, "float_val": [1, 2, 3, 4]}}}' \\
      localhost:$PORT hydrosphere.serving.runtime.PredictionService/Predict

  java -cp $JAR org.modelrt.server.cli.HealthProbe --addr localhost:$PORT     (exit 0 = SERVING)

Stop it with Ctrl-C.
HOWTO

export APP_PORT="$PORT" MODEL_DIR="$MODEL"
# glibc gives back what gRPC's direct buffers freed (large uploads), as the images do (docs/reliability.md)
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}" \
  MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-131072}"
exec java -jar "$JAR"
