"""Lays out a fixture directory and writes its expected.json and signature.json in the shared schema (../README.md).

Values are flattened row-major. DT_FLOAT values are written from float64 numpy arithmetic, so they are the exact
result the float32 model approximates; consumers compare them with the file's tolerance.
"""
import base64
import json
import re
import shutil
from pathlib import Path

import numpy as np

DEFAULT_TOLERANCE = 1e-5
TEST_MODELS = Path(__file__).resolve().parent.parent


def fresh_model_dir(name):
    """Empties test-models/<name>/ and creates its files/ directory; returns test-models/<name>."""
    model_dir = TEST_MODELS / name
    shutil.rmtree(model_dir, ignore_errors=True)
    (model_dir / "files").mkdir(parents=True)
    return model_dir


def tensor(dtype, values):
    """One tensor: dtype is the wire name (DT_FLOAT, DT_INT64, ...), values any numpy-convertible array."""
    array = np.asarray(values)
    flat = [v.item() for v in array.reshape(-1)]
    if dtype == "DT_FLOAT":
        flat = [float(v) for v in flat]
    elif dtype in ("DT_INT32", "DT_INT64"):
        flat = [int(v) for v in flat]
    else:
        raise ValueError("no JSON form for " + dtype + " in the python fixtures")
    return {"dtype": dtype, "shape": list(array.shape), "values": flat}


def string_tensor(values, shape=None):
    """A DT_STRING tensor of byte strings (bytes objects, which need not be UTF-8), base64 in the file."""
    return {"dtype": "DT_STRING", "shape": list(shape) if shape is not None else [len(values)],
            "encoding": "base64", "values": [base64.b64encode(v).decode("ascii") for v in values]}


def case(inputs, outputs):
    """One case: dicts name -> tensor(), inputs in the model's argument order."""
    return {"inputs": inputs, "outputs": outputs}


def field(name, dtype, shape):
    return {"name": name, "dtype": dtype, "shape": list(shape)}


def signature_json(inputs, outputs):
    """The signature.json a TorchScript fixture carries as an extra file; inputs in forward() argument order."""
    return json.dumps({"inputs": inputs, "outputs": outputs})


def write_expected(path, cases, signature="serving_default", tolerance=DEFAULT_TOLERANCE,
                   load_error_contains=None):
    document = {}
    if signature is not None:
        document["signature"] = signature
    if load_error_contains is not None:
        document["load_error_contains"] = load_error_contains
    document["tolerance"] = tolerance
    document["cases"] = cases
    with open(path, "w", encoding="utf-8") as out:
        out.write(_compact_number_lists(json.dumps(document, indent=2)) + "\n")


def _compact_number_lists(text):
    """json.dumps(indent=2) puts every number on its own line; keep flat lists on one line instead."""
    return re.sub(r"\[\s+([^\[\]{}\"]*?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
