#!/usr/bin/python3
"""Makes the PyTorch fixtures test-models/pt_* with Debian's python3-torch (1.13); see ../README.md.

Run with /usr/bin/python3 (the Debian interpreter that has torch). Each TorchScript file is loaded back with
torch.jit.load and checked against the expected values, which are computed with numpy from the weights.
"""
import sys
import zipfile
from typing import Tuple

import torch

import fixture_json as fj
from case_check import assert_agrees
from linear_module import linear_cases, seeded_bare_linear, seeded_linear
from two_input_cases import two_input_cases

FLOAT_N4 = [-1, 4]


class TwoInputs(torch.nn.Module):
    """y = x - 2a. The arguments are x then a: not alphabetical, so binding by sorted names gives a wrong answer."""

    def forward(self, x: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
        return x - 2 * a


class SumAndDiff(torch.nn.Module):
    """Two outputs: (x + a, x - a), named sum and diff in the signature."""

    def forward(self, x: torch.Tensor, a: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return x + a, x - a


def torch_runner(module, output_names):
    """Calls module with the case's inputs in order and names its output (or tuple of outputs)."""
    def run(feeds):
        with torch.no_grad():
            result = module(*(torch.from_numpy(v) for v in feeds.values()))
        results = result if isinstance(result, tuple) else (result,)
        return {name: r.numpy() for name, r in zip(output_names, results)}
    return run


def strip_debug_info(model_file):
    """Rewrites a TorchScript file without its *.debug_pkl records.

    They hold source ranges with the generating script's absolute path and line numbers, so the bytes would change
    with the checkout location and with every edit of a script. Loading and running need only the code records.
    """
    reader = torch._C.PyTorchFileReader(str(model_file))
    records = {name: reader.get_record(name) for name in reader.get_all_records()}
    del reader
    writer = torch._C.PyTorchFileWriter(str(model_file))
    writer.set_min_version(int(records.pop("version")))
    for name, data in records.items():
        if not name.endswith(".debug_pkl"):
            writer.write_record(name, data, len(data))
    writer.write_end_of_file()


def save_scripted(name, module, inputs, outputs, cases, with_signature=True, load_error_contains=None):
    model_dir = fj.fresh_model_dir(name)
    model_file = model_dir / "files" / "model.pt"
    extra = {"signature.json": fj.signature_json(inputs, outputs)} if with_signature else {}
    torch.jit.save(module, str(model_file), _extra_files=extra)
    strip_debug_info(model_file)
    fj.write_expected(model_dir / "expected.json", cases, load_error_contains=load_error_contains)
    with zipfile.ZipFile(model_file) as archive:
        has_signature = any(n.endswith("/extra/signature.json") for n in archive.namelist())
        assert not any(n.endswith(".debug_pkl") for n in archive.namelist()), name + ": debug records left"
    assert has_signature == with_signature, name + ": signature.json presence"
    loaded = torch.jit.load(str(model_file))
    assert_agrees(name, torch_runner(loaded, [o["name"] for o in outputs]), cases, fj.DEFAULT_TOLERANCE)


def make_linear_models():
    linear = seeded_linear()
    traced = torch.jit.trace(linear, torch.zeros(2, 4))
    inputs, outputs = [fj.field("x", "DT_FLOAT", FLOAT_N4)], [fj.field("y", "DT_FLOAT", [-1, 3])]
    cases = linear_cases(linear.linear)
    save_scripted("pt_linear", traced, inputs, outputs, cases)
    save_scripted("pt_nosig", traced, inputs, outputs, cases, with_signature=False,
                  load_error_contains="signature.json")


def make_eager_model():
    """An eager pickle (torch.save), which is not TorchScript: the runtime must refuse it."""
    model_dir = fj.fresh_model_dir("pt_eager")
    model_file = model_dir / "files" / "model.pt"
    linear = seeded_bare_linear()
    torch.save(linear, str(model_file))
    cases = linear_cases(linear)
    fj.write_expected(model_dir / "expected.json", cases, load_error_contains="torch.jit.save")
    assert_agrees("pt_eager", torch_runner(torch.load(str(model_file)), ["y"]), cases, fj.DEFAULT_TOLERANCE)


def main():
    float_n4 = lambda n: fj.field(n, "DT_FLOAT", FLOAT_N4)
    make_linear_models()
    make_eager_model()
    save_scripted("pt_twoin", torch.jit.script(TwoInputs()), [float_n4("x"), float_n4("a")], [float_n4("y")],
                  two_input_cases({"y": lambda x, a: x - 2 * a}))
    save_scripted("pt_multiout", torch.jit.script(SumAndDiff()), [float_n4("x"), float_n4("a")],
                  [float_n4("sum"), float_n4("diff")],
                  two_input_cases({"sum": lambda x, a: x + a, "diff": lambda x, a: x - a}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
