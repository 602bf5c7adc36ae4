#!/usr/bin/python3
"""Makes the ONNX fixtures test-models/onnx_* (opset 13) with Debian's python3-torch and python3-onnx; see ../README.md.

Run with /usr/bin/python3. Each saved file passes onnx.checker and is evaluated with numpy (onnx_numpy_eval)
against its expected values, which are computed with numpy from the weights.
"""
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper

import fixture_json as fj
from case_check import assert_agrees
from linear_module import linear_cases, seeded_linear
from onnx_numpy_eval import evaluate
from two_input_cases import two_input_cases

OPSET = 13
# IR 8 is what onnx 1.12 writes for opset 13 by default; onnxruntime 1.21 reads IR up to 10.
IR_VERSION = 8


def save_and_check(name, write_model, cases):
    """write_model(path) writes the .onnx file; it is then read back, checked and evaluated."""
    model_dir = fj.fresh_model_dir(name)
    model_file = model_dir / "files" / "model.onnx"
    write_model(str(model_file))
    fj.write_expected(model_dir / "expected.json", cases)
    model = onnx.load(str(model_file))
    onnx.checker.check_model(model, full_check=True)
    assert [i.name for i in model.graph.input] == list(cases[0]["inputs"]), name + ": graph input order"
    assert [o.name for o in model.graph.output] == list(cases[0]["outputs"]), name + ": graph output order"
    run = lambda feeds: evaluate(model, {k: v.astype(np.float64) for k, v in feeds.items()})
    assert_agrees(name, run, cases, fj.DEFAULT_TOLERANCE)


def export_linear(path):
    """Same weights as pt_linear; the batch dimension is symbolic."""
    torch.onnx.export(seeded_linear(), torch.zeros(1, 4), path, opset_version=OPSET,
                      input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})


def float_n4(name):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch", 4])


def write_graph(path, graph_name, nodes, outputs, initializers=()):
    """A graph over inputs x then a (declared in that order, which is not alphabetical)."""
    graph = helper.make_graph(nodes, graph_name, [float_n4("x"), float_n4("a")],
                              [float_n4(o) for o in outputs], initializer=list(initializers))
    model = helper.make_model(graph, producer_name="modelrt-test-models",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.save(model, path)


def write_twoin(path):
    two = helper.make_tensor("two", TensorProto.FLOAT, [], [2.0])
    nodes = [helper.make_node("Mul", ["a", "two"], ["two_a"]), helper.make_node("Sub", ["x", "two_a"], ["y"])]
    write_graph(path, "twoin", nodes, ["y"], [two])


def write_multiout(path):
    nodes = [helper.make_node("Add", ["x", "a"], ["sum"]), helper.make_node("Sub", ["x", "a"], ["diff"])]
    write_graph(path, "multiout", nodes, ["sum", "diff"])


# Byte strings for onnx_string, all valid UTF-8: ONNX Runtime's Java API takes strings as Java Strings, so bytes that are
# not UTF-8 cannot reach the model (modelrt refuses them; see ../README.md). Multi-byte UTF-8 of 2, 3 and 4 bytes.
STRING_CASES = [[b"hello"],
                ["h\u00e9llo".encode("utf-8"), b"", "\u65e5\u672c\u8a9e".encode("utf-8"),
                 "\U0001f600 ok".encode("utf-8")]]


def write_string_identity(path):
    """text DT_STRING [n] -> echo, the same strings (Identity): whatever bytes the model holds come back."""
    text = helper.make_tensor_value_info("text", TensorProto.STRING, ["n"])
    echo = helper.make_tensor_value_info("echo", TensorProto.STRING, ["n"])
    graph = helper.make_graph([helper.make_node("Identity", ["text"], ["echo"])], "string_identity", [text], [echo])
    model = helper.make_model(graph, producer_name="modelrt-test-models",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    onnx.save(model, path)


def save_and_check_strings(name, write_model, texts):
    model_dir = fj.fresh_model_dir(name)
    model_file = model_dir / "files" / "model.onnx"
    write_model(str(model_file))
    cases = [fj.case({"text": fj.string_tensor(t)}, {"echo": fj.string_tensor(t)}) for t in texts]
    fj.write_expected(model_dir / "expected.json", cases)
    model = onnx.load(str(model_file))
    onnx.checker.check_model(model, full_check=True)
    for index, t in enumerate(texts):
        produced = evaluate(model, {"text": np.array(t, dtype=object)})["echo"]
        if list(produced) != t:
            raise AssertionError("%s case %d: expected %s, the model gave %s" % (name, index, t, list(produced)))
    print("%s: %d cases agree" % (name, len(texts)))


def main():
    save_and_check("onnx_linear", export_linear, linear_cases(seeded_linear().linear))
    save_and_check("onnx_twoin", write_twoin, two_input_cases({"y": lambda x, a: x - 2 * a}))
    save_and_check("onnx_multiout", write_multiout,
                   two_input_cases({"sum": lambda x, a: x + a, "diff": lambda x, a: x - a}))
    save_and_check_strings("onnx_string", write_string_identity, STRING_CASES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
