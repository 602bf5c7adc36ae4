#!/usr/bin/env bash
# Regenerates every fixture under test-models/ and the bundled example under examples/linear-torchscript/.
# Tests never run this: they read the committed files. Run it from anywhere after changing a generator, then
# commit what changed. Re-running it unchanged reproduces the committed bytes (git status stays clean).
#
# Needs: Debian's /usr/bin/python3 with python3-torch (1.13) and python3-onnx (1.12), protoc (3.21), JDK 17, Maven.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python=/usr/bin/python3   # not the python3 on PATH, which may be an interpreter without torch

cd "$repo/test-models/scripts"
"$python" -B make_torchscript.py
"$python" -B make_onnx.py

cd "$repo"
example=examples/linear-torchscript
mkdir -p "$example/files"
cp test-models/pt_linear/files/model.pt "$example/files/model.pt"
protoc --encode=hydrosphere.serving.contract.ModelSignature -I contract-model/src/main/proto \
  hydrosphere/serving/contract/signature.proto \
  < test-models/scripts/linear-torchscript.contract.txtpb > "$example/contract.protobin"
echo "$example: contract.protobin and files/model.pt written"

# The SavedModels come from Java (TF-Java inside DJL's tensorflow-api). test-compile also unpacks the TF natives.
classpath_file=target/fixtures-classpath.txt
mvn -B -q -pl engine-adapter -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test
adapter="$repo/engine-adapter"
TENSORFLOW_LIBRARY_PATH="$adapter/target/native/tensorflow" TF_CPP_MIN_LOG_LEVEL=2 \
  java -Dai.djl.offline=true \
  -cp "$adapter/target/test-classes:$adapter/target/classes:$(cat "$adapter/$classpath_file")" \
  org.modelrt.fixtures.SavedModelGenerator "$repo/test-models"
