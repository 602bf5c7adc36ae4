"""Asserts that a saved model, loaded back from its file, reproduces the cases computed for its expected.json."""
import numpy as np


def within_tolerance(actual, expected, tolerance):
    """The README's rule: |actual - expected| <= tolerance * max(1, |expected|), elementwise."""
    return np.all(np.abs(actual - expected) <= tolerance * np.maximum(1.0, np.abs(expected)))


def assert_agrees(model_name, run, cases, tolerance):
    """run(dict input name -> float32 array, in argument order) -> dict output name -> array."""
    for index, case in enumerate(cases):
        feeds = {name: np.array(t["values"], dtype=np.float32).reshape(t["shape"])
                 for name, t in case["inputs"].items()}
        produced = run(feeds)
        for name, t in case["outputs"].items():
            expected = np.array(t["values"], dtype=np.float64).reshape(t["shape"])
            actual = np.asarray(produced[name], dtype=np.float64)
            if actual.shape != expected.shape or not within_tolerance(actual, expected, tolerance):
                raise AssertionError("%s case %d output %s: expected %s, the model gave %s"
                                     % (model_name, index, name, expected.tolist(), actual.tolist()))
    print("%s: %d cases agree" % (model_name, len(cases)))
