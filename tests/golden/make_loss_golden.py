"""Golden values of the classification losses for tests/test_classification_losses.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_loss_golden.py

Every case applies torch.nn.functional.cross_entropy or nll_loss with the options it lists to
fixed logits in float32 and in float64 and stores, under "<case>/<dtype>/": the input "x", the
target "target" (int64 class indices, written as numbers, or float class probabilities), the
weights "w", the output "out" and the gradient of (out * w).sum() with respect to x ("grad_x").
"cases" lists the case names, and "<case>/options" the op, reduction, ignore_index and
label_smoothing.
"""
import os

import torch
import torch.nn.functional as F

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))

torch.manual_seed(0)


def logits(*shape):
    return torch.randn(*shape, dtype=torch.float64) * 2


def index(*values):
    return torch.tensor(values, dtype=torch.int64)


def probabilities(*shape, dim=1):
    return torch.softmax(torch.randn(*shape, dtype=torch.float64), dim)


# name -> (op, input, target, reduction, ignore_index, label_smoothing)
CASES = {
    "ce_index_mean": ("cross_entropy", logits(4, 5), index(4, 0, 2, 1), "mean", -100, 0.0),
    "ce_index_sum": ("cross_entropy", logits(4, 5), index(4, 0, 2, 1), "sum", -100, 0.0),
    "ce_index_none": ("cross_entropy", logits(4, 5), index(4, 0, 2, 1), "none", -100, 0.0),
    "ce_ignored_default": ("cross_entropy", logits(4, 5), index(3, -100, 2, -100), "mean", -100, 0.0),
    "ce_ignore_index_1": ("cross_entropy", logits(4, 5), index(1, 0, 1, 4), "mean", 1, 0.0),
    "ce_smoothing_mean": ("cross_entropy", logits(4, 5), index(4, 0, 2, 1), "mean", -100, 0.1),
    "ce_smoothing_ignored_mean": ("cross_entropy", logits(4, 5), index(4, -100, 2, 1), "mean", -100, 0.25),
    "ce_smoothing_ignored_sum": ("cross_entropy", logits(4, 5), index(4, -100, 2, 1), "sum", -100, 0.25),
    "ce_smoothing_ignored_none": ("cross_entropy", logits(4, 5), index(4, -100, 2, 1), "none", -100, 0.25),
    "ce_smoothing_one": ("cross_entropy", logits(3, 4), index(0, 3, 1), "mean", -100, 1.0),
    "ce_unbatched": ("cross_entropy", logits(5), index(3).reshape(()), "mean", -100, 0.0),
    "ce_unbatched_smoothing": ("cross_entropy", logits(5), index(3).reshape(()), "none", -100, 0.3),
    "ce_probabilities_mean": ("cross_entropy", logits(3, 4), probabilities(3, 4), "mean", -100, 0.0),
    "ce_probabilities_smoothing": ("cross_entropy", logits(3, 4), probabilities(3, 4), "mean", -100, 0.2),
    "ce_probabilities_smoothing_none": ("cross_entropy", logits(3, 4), probabilities(3, 4), "none", -100, 0.2),
    "ce_kdim_mean": ("cross_entropy", logits(2, 3, 4), index(0, 2, 1, 1, 2, 0, 0, 1).reshape(2, 4), "mean", -100, 0.0),
    "ce_kdim_ignored_smoothing": ("cross_entropy", logits(2, 3, 4), index(0, -100, 1, 1, 2, 0, -100, 1).reshape(2, 4), "mean", -100, 0.1),
    "ce_kdim_4d_none": ("cross_entropy", logits(2, 3, 2, 2), index(0, 2, 1, 1, 2, 0, 0, 1).reshape(2, 2, 2), "none", -100, 0.0),
    "ce_kdim_probabilities": ("cross_entropy", logits(2, 3, 4), probabilities(2, 3, 4), "sum", -100, 0.15),
    "nll_mean": ("nll_loss", logits(4, 5), index(4, 0, 2, 1), "mean", -100, 0.0),
    "nll_ignored_sum": ("nll_loss", logits(4, 5), index(4, 0, -100, 1), "sum", -100, 0.0),
    "nll_ignore_index_0_mean": ("nll_loss", logits(4, 5), index(4, 0, 0, 1), "mean", 0, 0.0),
    "nll_unbatched": ("nll_loss", logits(5), index(2).reshape(()), "none", -100, 0.0),
    "nll_kdim_none": ("nll_loss", logits(2, 3, 4), index(0, 2, 1, -100, 2, 0, 0, 1).reshape(2, 4), "none", -100, 0.0),
    "nll_kdim_mean": ("nll_loss", logits(2, 3, 4), index(0, 2, 1, -100, 2, 0, 0, 1).reshape(2, 4), "mean", -100, 0.0),
}


def apply(op, x, target, reduction, ignore_index, label_smoothing):
    if op == "nll_loss":
        return F.nll_loss(x, target, reduction=reduction, ignore_index=ignore_index)
    return F.cross_entropy(x, target, reduction=reduction, ignore_index=ignore_index,
                           label_smoothing=label_smoothing)


def main():
    out = {"cases": list(CASES)}
    for name, (op, x64, target64, reduction, ignore_index, smoothing) in CASES.items():
        out[name + "/options"] = {"op": op, "reduction": reduction, "ignore_index": ignore_index,
                                  "label_smoothing": smoothing}
        for dtype in (torch.float32, torch.float64):
            prefix = "%s/%s/" % (name, "float32" if dtype == torch.float32 else "float64")
            x = x64.to(dtype).requires_grad_()
            target = target64.to(dtype) if target64.is_floating_point() else target64
            y = apply(op, x, target, reduction, ignore_index, smoothing)
            w = torch.randn(y.shape, dtype=torch.float64).to(dtype)
            (y * w).sum().backward()
            out[prefix + "x"] = entry(x)
            out[prefix + "target"] = entry(target)
            out[prefix + "w"] = entry(w)
            out[prefix + "out"] = entry(y)
            out[prefix + "grad_x"] = entry(x.grad)
    write(os.path.join(HERE, "classification_losses.json"), out)


if __name__ == "__main__":
    main()
