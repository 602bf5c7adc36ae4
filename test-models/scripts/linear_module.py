"""The Linear(4, 3) shared by pt_linear, pt_nosig, pt_eager, onnx_linear and the bundled example.

torch.manual_seed(0) fixes its weights; expected values come from those weights with numpy, never from the model.
"""
import numpy as np
import torch

import fixture_json as fj

# Batch 1 (the README's sample request) and batch 3 with fractions, negatives and large magnitudes.
LINEAR_INPUTS = [
    [[1.0, 2.0, 3.0, 4.0]],
    [[0.5, -1.5, 2.25, 0.0],
     [-3.0, 0.125, 1.0, -0.75],
     [10.0, -20.0, 30.0, -40.0]],
]


class LinearModel(torch.nn.Module):
    """Linear(4, 3) whose forward argument is named x, as its signature says."""

    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(4, 3)

    def forward(self, x):
        return self.linear(x)


def seeded_linear():
    torch.manual_seed(0)
    return LinearModel().eval()


def seeded_bare_linear():
    """The same weights as seeded_linear(), as a plain nn.Linear (what an eager torch.save user would pickle)."""
    torch.manual_seed(0)
    return torch.nn.Linear(4, 3).eval()


def linear_cases(linear):
    """Cases for y = x W^T + b, computed in float64 from the nn.Linear's parameters."""
    weight = linear.weight.detach().numpy().astype(np.float64)
    bias = linear.bias.detach().numpy().astype(np.float64)
    cases = []
    for x in LINEAR_INPUTS:
        x64 = np.array(x, dtype=np.float64)
        cases.append(fj.case({"x": fj.tensor("DT_FLOAT", x64)},
                             {"y": fj.tensor("DT_FLOAT", x64 @ weight.T + bias)}))
    return cases
