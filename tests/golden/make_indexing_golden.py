"""Golden values of the indexing ops for tests/test_indexing_ops.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_indexing_golden.py

Every case applies one op (gather, scatter_add, index_select, F.embedding) with a fixed int64
index, in float32 and in float64, and stores under "<case>/<dtype>/": the floating inputs ("x",
and "y" for scatter_add's src), the index "index" (as numbers), the weights "w", the output
"out" and the gradient of (out * w).sum() with respect to each floating input ("grad_x",
"grad_y"). Indices repeat, so that gradients accumulate. "cases" lists the case names.
"""
import os

import torch
import torch.nn.functional as F

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))

torch.manual_seed(0)


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def index(values):
    return torch.tensor(values, dtype=torch.int64)


# name -> (op on (inputs..., index), floating inputs as float64, index)
CASES = {
    "gather_dim0": (lambda x, i: torch.gather(x, 0, i), [randn(4, 3)], index([[3, 0, 1], [0, 0, 3]])),
    "gather_dim_neg1": (lambda x, i: x.gather(-1, i), [randn(2, 5)], index([[4, 4, 0], [1, 2, 1]])),
    "gather_3d_dim1_longer_index": (lambda x, i: torch.gather(x, 1, i), [randn(2, 3, 4)],
                                    index([[[2, 0], [2, 1], [0, 0], [1, 2], [2, 2]]])),
    "scatter_add_dim0": (lambda x, y, i: torch.scatter_add(x, 0, i, y), [randn(3, 4), randn(2, 4)],
                         index([[2, 0, 2, 1], [2, 2, 0, 1]])),
    "scatter_add_dim_neg1": (lambda x, y, i: x.scatter_add(-1, i, y), [randn(2, 5), randn(2, 3)],
                             index([[4, 4, 0], [1, 2, 1]])),
    "index_select_dim0": (lambda x, i: torch.index_select(x, 0, i), [randn(4, 3)], index([3, 0, 3, 1])),
    "index_select_dim_neg1": (lambda x, i: x.index_select(-1, i), [randn(2, 3, 4)], index([0, 3, 3])),
    "embedding": (lambda w, i: F.embedding(i, w), [randn(5, 3)], index([[1, 4, 1], [0, 2, 4]])),
    "embedding_padding_idx_1": (lambda w, i: F.embedding(i, w, padding_idx=1), [randn(5, 3)],
                                index([[1, 4, 1], [0, 2, 4]])),
    "embedding_padding_idx_neg1": (lambda w, i: F.embedding(i, w, padding_idx=-1), [randn(5, 3)],
                                   index([[1, 4, 1], [0, 2, 4]])),
}


def main():
    out = {"cases": list(CASES)}
    for name, (op, inputs, idx) in CASES.items():
        for dtype, dtype_name in [(torch.float32, "float32"), (torch.float64, "float64")]:
            xs = [t.to(dtype).requires_grad_(True) for t in inputs]
            y = op(*xs, idx)
            w = (torch.arange(y.numel(), dtype=torch.float64).reshape(y.shape) % 5 - 1.5).to(dtype)
            grads = torch.autograd.grad((y * w).sum(), xs)
            prefix = name + "/" + dtype_name + "/"
            for key, t in zip(["x", "y"], xs):
                out[prefix + key] = entry(t)
            out[prefix + "index"] = entry(idx)
            out[prefix + "w"] = entry(w)
            out[prefix + "out"] = entry(y)
            for key, g in zip(["grad_x", "grad_y"], grads):
                out[prefix + key] = entry(g)
    write(os.path.join(HERE, "indexing_ops.json"), out)


if __name__ == "__main__":
    main()
