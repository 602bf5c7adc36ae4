"""The inputs shared by every two-input fixture (pt_twoin, pt_multiout, onnx_twoin, onnx_multiout).

x and a differ everywhere, so swapping them changes x - 2a and x - a: a loader that binds by sorted name fails.
"""
import numpy as np

import fixture_json as fj

# Batch 1 and batch 2, as (x, a) pairs.
TWO_INPUTS = [
    ([[1.0, 2.0, 3.0, 4.0]], [[0.5, 0.5, 0.5, 0.5]]),
    ([[0.0, -1.0, 2.5, 8.0], [100.0, -0.25, 3.0, 7.0]], [[1.0, 2.0, -3.0, 0.125], [-50.0, 0.5, 1.5, 4.0]]),
]


def two_input_cases(outputs):
    """outputs: name -> f(x, a) over float64 arrays, in the model's output order."""
    cases = []
    for x, a in TWO_INPUTS:
        x64, a64 = np.array(x, dtype=np.float64), np.array(a, dtype=np.float64)
        cases.append(fj.case({"x": fj.tensor("DT_FLOAT", x64), "a": fj.tensor("DT_FLOAT", a64)},
                             {name: fj.tensor("DT_FLOAT", f(x64, a64)) for name, f in outputs.items()}))
    return cases
