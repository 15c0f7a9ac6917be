"""Golden values of the floating-point ops and activations for tests/test_float_ops.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_float_ops_golden.py

Every case applies one op to fixed inputs in float32 and in float64 and stores, under
"<case>/<dtype>/": the inputs ("x", and "y" for binary ops), the weights "w", the output "out"
and the gradient of (out * w).sum() with respect to each input ("grad_x", "grad_y"). Cases whose
inputs hold special values (inf, NaN, +-1e4) write each non-finite number as the string "nan",
"inf" or "-inf", which JSON cannot spell. "cases" lists the case names.
"""
import math
import os

import torch
import torch.nn.functional as F

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
INF = math.inf
NAN = math.nan

torch.manual_seed(0)


def randn(*shape, scale=1.0):
    return torch.randn(*shape, dtype=torch.float64) * scale


def quarters(*shape):
    """Multiples of 0.25 in [-1, 1]: exact in both dtypes, so that maximum/minimum see ties."""
    return torch.randint(-4, 5, shape).double() / 4


SPECIALS = torch.tensor([-1e4, 1e4, 0.0, -0.0, INF, -INF, NAN, 20.0, -20.0, 1.0], dtype=torch.float64)

# name -> (op on inputs, inputs as float64)
CASES = {
    "sin": (torch.sin, [randn(3, 4, scale=3)]),
    "sin_large": (torch.sin, [torch.tensor([100.0, -1000.0, 12345.678, 3.14159265, 1e-8])]),
    "cos": (torch.cos, [randn(3, 4, scale=3)]),
    "cos_large": (torch.cos, [torch.tensor([100.0, -1000.0, 12345.678, 1.5707963, 1e-8])]),
    "log1p": (torch.log1p, [torch.rand(3, 4, dtype=torch.float64) * 5 - 0.9]),
    "log1p_tiny": (torch.log1p, [torch.tensor([1e-10, -1e-10, 1e-5, 3e-20])]),
    "rsqrt": (torch.rsqrt, [torch.rand(3, 4, dtype=torch.float64) * 4 + 0.05]),
    "sin_special": (torch.sin, [SPECIALS]),
    "cos_special": (torch.cos, [SPECIALS]),
    "log1p_special": (torch.log1p, [torch.tensor([-1.0, -2.0, INF, -INF, NAN, 0.0, -0.0, 1e4])]),
    "rsqrt_special": (torch.rsqrt, [torch.tensor([0.0, -0.0, -1.0, INF, -INF, NAN, 4.0, 1e-30])]),
    "maximum": (torch.maximum, [quarters(3, 1, 4), quarters(2, 4)]),
    "minimum": (torch.minimum, [quarters(3, 1, 4), quarters(2, 4)]),
    "maximum_special": (torch.maximum, [torch.tensor([1.0, NAN, 2.0, NAN, INF, -INF, -0.0, 0.0]),
                                        torch.tensor([NAN, 1.0, 2.0, NAN, 1.0, -INF, 0.0, -0.0])]),
    "minimum_special": (torch.minimum, [torch.tensor([1.0, NAN, 2.0, NAN, INF, -INF, -0.0, 0.0]),
                                        torch.tensor([NAN, 1.0, 2.0, NAN, 1.0, -INF, 0.0, -0.0])]),
    "var_all": (lambda x: x.var(), [randn(2, 3, 4)]),
    # dim=None: PyTorch 1.13's gradient for an explicit dim=[] is N times too large.
    "var_all_biased": (lambda x: torch.var(x, unbiased=False), [randn(2, 3, 4)]),
    "var_dim0": (lambda x: x.var(0), [randn(2, 3, 4)]),
    "var_dim_neg1_keepdim": (lambda x: x.var(-1, keepdim=True), [randn(2, 3, 4)]),
    "var_dims_0_2_biased": (lambda x: x.var([0, 2], unbiased=False), [randn(2, 3, 4)]),
    "var_dims_neg1_0_keepdim": (lambda x: x.var([-1, 0], keepdim=True), [randn(2, 3, 4)]),
    "var_of_large_offset": (lambda x: x.var(1), [randn(2, 6) + 1e4]),
    "std_all": (lambda x: x.std(), [randn(2, 3, 4)]),
    "std_all_biased": (lambda x: torch.std(x, unbiased=False), [randn(2, 3, 4)]),
    "std_dim1": (lambda x: x.std(1), [randn(2, 3, 4)]),
    "std_dims_0_neg1_keepdim_biased": (lambda x: x.std([0, -1], unbiased=False, keepdim=True),
                                       [randn(2, 3, 4)]),
    "std_of_constant_rows": (lambda x: x.std(1), [torch.tensor([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]])]),
    "var_special": (lambda x: x.var(1), [torch.tensor([[INF, 1.0, 2.0], [NAN, 1.0, 2.0],
                                                       [1.0, 1.0, 1.0], [1e4, -1e4, 0.0]])]),
    "gelu": (F.gelu, [randn(4, 5, scale=3)]),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), [randn(4, 5, scale=3)]),
    "gelu_special": (F.gelu, [SPECIALS]),
    "gelu_tanh_special": (lambda x: F.gelu(x, approximate="tanh"), [SPECIALS]),
    "leaky_relu": (F.leaky_relu, [randn(4, 5)]),
    "leaky_relu_slope_0_2": (lambda x: F.leaky_relu(x, 0.2), [randn(4, 5)]),
    "leaky_relu_special": (lambda x: F.leaky_relu(x, 0.2), [SPECIALS]),
    "elu": (F.elu, [randn(4, 5, scale=2)]),
    "elu_alpha_0_5": (lambda x: F.elu(x, 0.5), [randn(4, 5, scale=2)]),
    # Without NaN: PyTorch's gradient there depends on where it sits (see test_float_ops.cpp).
    "elu_special": (lambda x: F.elu(x, 0.5), [SPECIALS[~SPECIALS.isnan()]]),
    # PyTorch 1.13 computes exp(x) - 1, not expm1(x): visible for tiny negative x.
    "elu_tiny": (F.elu, [torch.tensor([-1e-10, -1e-5, -1e-3, 1e-10])]),
    "softplus": (F.softplus, [randn(4, 5, scale=8)]),
    "softplus_beta_2_threshold_5": (lambda x: F.softplus(x, beta=2, threshold=5), [randn(4, 5, scale=3)]),
    "softplus_special": (F.softplus, [torch.cat([SPECIALS, torch.tensor([20.001, 19.999])])]),
    "log_sigmoid": (F.logsigmoid, [randn(4, 5, scale=5)]),
    "log_sigmoid_special": (F.logsigmoid, [torch.cat([SPECIALS, torch.tensor([-100.0, 100.0, -800.0, 800.0])])]),
}


def special_entry(t):
    e = entry(t)
    e["data"] = [v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))
                 for v in e["data"]]
    return e


def main():
    out = {"cases": list(CASES)}
    for name, (op, inputs) in CASES.items():
        for dtype, dtype_name in [(torch.float32, "float32"), (torch.float64, "float64")]:
            xs = [t.to(dtype).requires_grad_(True) for t in inputs]
            y = op(*xs)
            w = (torch.arange(y.numel(), dtype=torch.float64).reshape(y.shape) % 5 - 1.5).to(dtype)
            grads = torch.autograd.grad((y * w).sum(), xs)
            prefix = name + "/" + dtype_name + "/"
            for key, t in zip(["x", "y"], xs):
                out[prefix + key] = special_entry(t)
            out[prefix + "w"] = special_entry(w)
            out[prefix + "out"] = special_entry(y)
            for key, g in zip(["grad_x", "grad_y"], grads):
                out[prefix + key] = special_entry(g)
    write(os.path.join(HERE, "float_ops.json"), out)


if __name__ == "__main__":
    main()
