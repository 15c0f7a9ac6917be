"""Golden dtype behaviour of PyTorch for tests/test_dtypes.cpp (dtype_golden.json).

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_dtype_golden.py

With the default dtype float32, it records
- "promotion": torch.result_type of two tensors of every pair of dtypes, each with dims
  (shape (2,)) or 0-dim, and the dtype of their sum and product;
- "scalar_promotion": torch.result_type of a tensor and a Python bool, int and float;
- "printing": repr of integer and bool tensors, with xgrad's dtype names ("dtype=int64");
- "conversions": float values converted to int64 and bool, and back.
"""
import itertools
import os

import torch

from torch_json import write

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "bool": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}


def make(dtype, has_dims):
    return torch.ones(2 if has_dims else (), dtype=dtype)


def promotion():
    rows = []
    for (a, ta), (b, tb) in itertools.product(DTYPES.items(), repeat=2):
        for a_dims, b_dims in itertools.product([True, False], repeat=2):
            x, y = make(ta, a_dims), make(tb, b_dims)
            rows.append({"a": a, "a_dims": a_dims, "b": b, "b_dims": b_dims,
                         "result": NAMES[torch.result_type(x, y)],
                         "add": NAMES[(x + y).dtype], "mul": NAMES[(x * y).dtype],
                         "div": NAMES[(x / y).dtype]})
    return rows


def scalar_promotion():
    rows = []
    for name, dtype in DTYPES.items():
        t = make(dtype, True)
        rows.append({"tensor": name, "bool": NAMES[torch.result_type(t, True)],
                     "int": NAMES[torch.result_type(t, 2)], "float": NAMES[torch.result_type(t, 2.5)]})
    return rows


PRINTED = {
    "int_vector": torch.tensor([1, 2]),
    "int_negative_wide": torch.tensor([100000, -3]),
    "int_matrix": torch.tensor([[1, -22], [333, 4]]),
    "int_scalar": torch.tensor(5),
    "int_negative_scalar": torch.tensor(-7),
    "int_empty": torch.tensor([], dtype=torch.int64),
    "int_wrapped": torch.arange(40) * 1000,
    "int_summarized": torch.arange(2000),
    "int_3d": torch.arange(12).reshape(2, 3, 2),
    "int_extremes": torch.tensor([-9223372036854775808, 9223372036854775807]),
    "bool_vector": torch.tensor([True, False]),
    "bool_scalar": torch.tensor(True),
    "bool_matrix": torch.tensor([[True, False], [False, True]]),
    "bool_empty_2d": torch.zeros(0, 2, dtype=torch.bool),
    "bool_summarized": torch.ones(2000).bool(),
}


def printing():
    return {name: repr(t).replace("dtype=torch.", "dtype=") for name, t in PRINTED.items()}


def conversions():
    floats = [1.7, -1.7, 0.5, -0.5, 0.0, 2.9, -2.9, 1e10]
    x = torch.tensor(floats, dtype=torch.float64)
    ints = [-3, 0, 1, 7]
    return {
        "floats": floats,
        "floats_to_int64": x.long().tolist(),
        "floats_to_bool": x.bool().tolist(),
        "ints": ints,
        "ints_to_bool": torch.tensor(ints).bool().tolist(),
        "bools_to_float": torch.tensor([True, False]).float().tolist(),
    }


def main():
    torch.set_default_dtype(torch.float32)
    write(os.path.join(HERE, "dtype_golden.json"), {
        "promotion": promotion(),
        "scalar_promotion": scalar_promotion(),
        "printing": printing(),
        "conversions": conversions(),
    })


if __name__ == "__main__":
    main()
