"""Golden values of the comparison, logical and selection ops for tests/test_comparison_ops.cpp
and tests/test_selection_ops.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_selection_golden.py

Every case applies one op to fixed float64 inputs and stores, under "<case>/": the inputs ("x",
and "y" for binary ops), the output "out" (bool outputs as 0 and 1) and, for ops with two
outputs, the int64 "indices". Differentiable cases also store the weights "w" and the gradient
"grad_x" of (out * w).sum(). NaN is written as the string "nan", which JSON cannot spell.
"comparison_cases" and "selection_cases" list the case names.
"""
import math
import os

import torch

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
NAN = math.nan

torch.manual_seed(0)


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def quarters(*shape):
    """Multiples of 0.25 in [-1, 1]: exact, so that comparisons see equal values."""
    return torch.randint(-4, 5, shape).double() / 4


TIES = torch.tensor([[2.0, 1.0, 2.0, 1.0, NAN, 0.0], [3.0, 3.0, -1.0, 3.0, -1.0, 0.5]])

# name -> (op on inputs, inputs); ops return a tensor or (values, indices).
COMPARISON_CASES = {
    "eq": (torch.eq, [quarters(3, 1, 4), quarters(2, 4)]),
    "ne": (torch.ne, [quarters(3, 1, 4), quarters(2, 4)]),
    "lt": (torch.lt, [quarters(3, 1, 4), quarters(2, 4)]),
    "le": (torch.le, [quarters(3, 1, 4), quarters(2, 4)]),
    "gt": (torch.gt, [quarters(3, 1, 4), quarters(2, 4)]),
    "ge": (torch.ge, [quarters(3, 1, 4), quarters(2, 4)]),
    "lt_number": (lambda x: x < 0.25, [quarters(3, 4)]),
    "number_lt": (lambda x: 0.25 < x, [quarters(3, 4)]),
    "eq_nan": (torch.eq, [torch.tensor([NAN, 1.0, NAN]), torch.tensor([NAN, 1.0, 2.0])]),
    "ne_nan": (torch.ne, [torch.tensor([NAN, 1.0, NAN]), torch.tensor([NAN, 1.0, 2.0])]),
    "logical_and": (torch.logical_and, [quarters(3, 1, 4), quarters(2, 4)]),
    "logical_or": (torch.logical_or, [quarters(3, 1, 4), quarters(2, 4)]),
    "logical_not": (torch.logical_not, [torch.tensor([0.0, -0.0, 1.0, NAN, -2.5])]),
    "any_dim1": (lambda x: x.any(1), [quarters(3, 4).clamp(min=0)]),
    "all_dim0_keepdim": (lambda x: x.all(0, keepdim=True), [quarters(3, 4) + 0.25]),
    "masked_fill": (lambda x: x.masked_fill(x > 0.2, -5.0), [randn(3, 4)]),
    "masked_fill_broadcast_mask": (lambda x: x.masked_fill(torch.tensor([True, False, False, True]), 7.5),
                                   [randn(3, 4)]),
}

SELECTION_CASES = {
    "max_dim1": (lambda x: torch.max(x, 1), [randn(3, 4, 5)]),
    "max_dim_neg1_keepdim": (lambda x: torch.max(x, -1, keepdim=True), [randn(3, 4)]),
    "min_dim0": (lambda x: torch.min(x, 0), [randn(3, 4)]),
    "max_ties": (lambda x: torch.max(x, 1), [TIES]),
    "min_ties": (lambda x: torch.min(x, 1), [TIES]),
    "min_all": (torch.min, [torch.tensor([[1.0, -2.0, 3.0], [-2.0, 0.5, 4.0]])]),
    "argmax_dim2": (lambda x: torch.argmax(x, 2), [randn(2, 3, 4)]),
    "argmin_dim0_keepdim": (lambda x: torch.argmin(x, 0, keepdim=True), [randn(3, 4)]),
    "argmax_all": (torch.argmax, [randn(3, 4)]),
    "argmin_all": (torch.argmin, [randn(3, 4)]),
    "argmax_ties": (lambda x: torch.argmax(x, 1), [TIES]),
    "argmin_ties": (lambda x: torch.argmin(x, 1), [TIES]),
    "topk_3": (lambda x: torch.topk(x, 3), [randn(3, 5)]),
    "topk_2_dim0_smallest": (lambda x: torch.topk(x, 2, dim=0, largest=False), [randn(4, 3)]),
    "sort": (torch.sort, [randn(3, 5)]),
    "sort_dim0_descending": (lambda x: torch.sort(x, 0, descending=True), [randn(4, 3)]),
    "sort_ties": (torch.sort, [TIES]),
    "sort_ties_descending": (lambda x: torch.sort(x, descending=True), [TIES]),
    "cumsum_dim1": (lambda x: torch.cumsum(x, 1), [randn(2, 4, 3)]),
    "cumsum_dim_neg1": (lambda x: torch.cumsum(x, -1), [randn(3, 4)]),
}


def special_entry(t):
    e = entry(t)
    e["data"] = [v if not math.isnan(v) else "nan" for v in e["data"]]
    return e


def add_case(out, name, op, inputs):
    xs = [t.clone().requires_grad_(True) for t in inputs]
    result = op(*xs)
    values, indices = (result[0], result[1]) if isinstance(result, tuple) else (result, None)
    if values.dtype == torch.int64:  # argmax and argmin: the indices are the result
        values, indices = None, values
    prefix = name + "/"
    for key, t in zip(["x", "y"], xs):
        out[prefix + key] = special_entry(t)
    if indices is not None:
        out[prefix + "indices"] = entry(indices)
    if values is None:
        return
    out[prefix + "out"] = special_entry(values)
    if values.requires_grad:
        w = torch.arange(values.numel(), dtype=torch.float64).reshape(values.shape) % 5 - 1.5
        (grad,) = torch.autograd.grad((values * w).sum(), xs[0])
        out[prefix + "w"] = entry(w)
        out[prefix + "grad_x"] = special_entry(grad)


def main():
    out = {"comparison_cases": list(COMPARISON_CASES), "selection_cases": list(SELECTION_CASES)}
    for cases in (COMPARISON_CASES, SELECTION_CASES):
        for name, (op, inputs) in cases.items():
            add_case(out, name, op, inputs)
    write(os.path.join(HERE, "selection_ops.json"), out)


if __name__ == "__main__":
    main()
