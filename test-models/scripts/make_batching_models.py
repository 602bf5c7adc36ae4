#!/usr/bin/python3
"""Makes the batching fixtures with Debian's python3-torch (1.13); see ../README.md.

  pt_batchsum  committed: y = x.sum(0, keepdim=True), an output that is not batch-major (one row whatever the
               batch), so dynamic batching must leave its signature alone.
  pt_varlen    committed: (y, z) = (2 x + 1, 3 ids + 1) for x DT_FLOAT [-1,-1] and ids DT_INT64 [-1,-1,-1],
               elementwise over inputs whose non-batch dimensions vary, for pad_variable_length_inputs.
  pt_mlp       NOT committed (5.4 MB of float32 weights, over the repository's 2 MiB per file): the benchmark's
               256-1024-1024-10 ReLU MLP, weights from torch.manual_seed(0). Run `make_batching_models.py mlp`
               to write test-models/pt_mlp/files/model.pt; the same torch build writes the same weights.

Run with /usr/bin/python3 from this directory. Each file is loaded back and checked against the eager module.
"""
import sys
from typing import Tuple

import torch

import fixture_json as fj
from make_torchscript import strip_debug_info


class BatchSum(torch.nn.Module):
    """Sums the rows: batching two callers' rows would give each the other's sum."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.sum(0, keepdim=True)


class VarLen(torch.nn.Module):
    """Elementwise over any sizes: a caller's values in a padded batch are its own, the padding's are f(pad)."""

    def forward(self, x: torch.Tensor, ids: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        return x * 2.0 + 1.0, ids * 3 + 1


def mlp():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(256, 1024), torch.nn.ReLU(), torch.nn.Linear(1024, 1024),
                               torch.nn.ReLU(), torch.nn.Linear(1024, 10)).eval()


def save(name, module, example, inputs, outputs):
    model_dir = fj.fresh_model_dir(name)
    model_file = model_dir / "files" / "model.pt"
    torch.jit.save(module, str(model_file), _extra_files={"signature.json": fj.signature_json(inputs, outputs)})
    strip_debug_info(model_file)
    loaded = torch.jit.load(str(model_file))
    with torch.no_grad():
        for rows in (1, 3):
            x = torch.rand(rows, example.shape[1])
            assert torch.allclose(loaded(x), module(x), atol=1e-6), name + ": reloaded model disagrees"
    print(model_file, model_file.stat().st_size, "bytes")


def save_varlen():
    """pt_varlen: no weights (the seed is set anyway, as for every fixture); checked on two sizes after reloading."""
    torch.manual_seed(0)
    model_dir = fj.fresh_model_dir("pt_varlen")
    model_file = model_dir / "files" / "model.pt"
    inputs = [fj.field("x", "DT_FLOAT", [-1, -1]), fj.field("ids", "DT_INT64", [-1, -1, -1])]
    outputs = [fj.field("y", "DT_FLOAT", [-1, -1]), fj.field("z", "DT_INT64", [-1, -1, -1])]
    torch.jit.save(torch.jit.script(VarLen()), str(model_file),
                   _extra_files={"signature.json": fj.signature_json(inputs, outputs)})
    strip_debug_info(model_file)
    loaded = torch.jit.load(str(model_file))
    with torch.no_grad():
        for rows, length, depth in ((1, 3, 2), (4, 7, 1)):
            x = torch.rand(rows, length)
            ids = torch.randint(-2**40, 2**40, (rows, length, depth), dtype=torch.int64)
            y, z = loaded(x, ids)
            assert torch.allclose(y, x * 2 + 1) and y.dtype == torch.float32, "pt_varlen: y disagrees"
            assert torch.equal(z, ids * 3 + 1) and z.dtype == torch.int64, "pt_varlen: z disagrees"
    print(model_file, model_file.stat().st_size, "bytes")


def main(args):
    if "mlp" in args:
        module = mlp()
        with torch.no_grad():
            traced = torch.jit.trace(module, torch.zeros(2, 256))
        save("pt_mlp", traced, torch.zeros(1, 256), [fj.field("x", "DT_FLOAT", [-1, 256])],
             [fj.field("y", "DT_FLOAT", [-1, 10])])
    else:
        save("pt_batchsum", torch.jit.script(BatchSum()), torch.zeros(1, 4), [fj.field("x", "DT_FLOAT", [-1, 4])],
             [fj.field("y", "DT_FLOAT", [1, 4])])
        save_varlen()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
