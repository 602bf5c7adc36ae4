"""Evaluates the few ONNX operators the fixtures use with numpy, to check a saved .onnx file against its expected.json.

onnx 1.12 has no reference evaluator and Debian ships no onnxruntime for python, so this walks the graph itself.
An operator outside the table fails loudly rather than being skipped.
"""
import numpy as np
from onnx import helper, numpy_helper


def _gemm(node, a, b, c=None):
    attrs = {attr.name: helper.get_attribute_value(attr) for attr in node.attribute}
    a = a.T if attrs.get("transA", 0) else a
    b = b.T if attrs.get("transB", 0) else b
    result = attrs.get("alpha", 1.0) * (a @ b)
    return result if c is None else result + attrs.get("beta", 1.0) * c


_OPERATORS = {
    "Gemm": _gemm,
    "Add": lambda node, a, b: a + b,
    "Sub": lambda node, a, b: a - b,
    "Mul": lambda node, a, b: a * b,
    "Identity": lambda node, a: a.copy(),
}


def evaluate(model, feeds):
    """Runs model's graph on feeds (name -> float64 array); returns its outputs by name."""
    values = {init.name: numpy_helper.to_array(init).astype(np.float64) for init in model.graph.initializer}
    # feeds are float64 arrays, or object arrays of bytes for the string fixture
    values.update(feeds)
    for node in model.graph.node:
        if node.op_type not in _OPERATORS:
            raise ValueError("onnx_numpy_eval has no " + node.op_type)
        values[node.output[0]] = _OPERATORS[node.op_type](node, *(values[name] for name in node.input))
    return {out.name: values[out.name] for out in model.graph.output}
