"""Golden values of the nn layers for tests/test_embedding.cpp, tests/test_layer_norm.cpp,
tests/test_activation_modules.cpp and tests/test_containers.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_layers_golden.py

Every case stores its inputs (as float64 numbers), its output "out" and the gradients of
(out * w).sum(), w a fixed weight tensor stored as "w", under "<case>/<dtype>/" for float64 and
float32 (computed in that dtype): "grad_x" for the input, "grad_<name>" for each parameter.
"""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {"float64": torch.float64, "float32": torch.float32}

torch.manual_seed(0)
out = {}


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float64)


def leaf(t, dtype):
    return t.detach().to(dtype).clone().requires_grad_()


def store(prefix, **tensors):
    for name, t in tensors.items():
        if t is not None:
            out[prefix + name] = entry(t)


# Embedding: a (5, 3) weight looked up at (2, 3) indices, with and without padding_idx.
indices = torch.tensor([[0, 2, 4], [2, 1, 0]])
out["embedding/indices"] = entry(indices)
emb_weight = randn(5, 3)
emb_w = randn(2, 3, 3)
for case, padding_idx in {"embedding": None, "embedding_padding": 2}.items():
    for dname, dtype in DTYPES.items():
        weight = leaf(emb_weight, dtype)
        y = F.embedding(indices, weight, padding_idx=padding_idx)
        (y * emb_w.to(dtype)).sum().backward()
        store(f"{case}/{dname}/", weight=emb_weight, w=emb_w, out=y, grad_weight=weight.grad)

# LayerNorm: (input shape, normalized_shape, affine).
LAYER_NORM = {
    "layer_norm_2d": ([4, 5], [5], True),
    "layer_norm_3d": ([2, 3, 4], [4], True),
    "layer_norm_3d_two_dims": ([2, 3, 4], [3, 4], True),
    "layer_norm_3d_no_affine": ([2, 3, 4], [3, 4], False),
}
for case, (shape, normalized_shape, affine) in LAYER_NORM.items():
    x0 = randn(*shape) * 2 + 0.5
    w0 = randn(*shape)
    weight0 = 1 + 0.3 * randn(*normalized_shape)
    bias0 = 0.3 * randn(*normalized_shape)
    out[f"{case}/normalized_shape"] = normalized_shape
    out[f"{case}/affine"] = affine
    for dname, dtype in DTYPES.items():
        x = leaf(x0, dtype)
        weight = leaf(weight0, dtype) if affine else None
        bias = leaf(bias0, dtype) if affine else None
        y = F.layer_norm(x, normalized_shape, weight, bias)
        (y * w0.to(dtype)).sum().backward()
        store(f"{case}/{dname}/", x=x0, w=w0, out=y, grad_x=x.grad,
              weight=weight0 if affine else None, bias=bias0 if affine else None,
              grad_weight=weight.grad if affine else None, grad_bias=bias.grad if affine else None)

# GELU, both approximations.
gelu_x = randn(3, 4) * 2
gelu_w = randn(3, 4)
for approximate in ["none", "tanh"]:
    for dname, dtype in DTYPES.items():
        x = leaf(gelu_x, dtype)
        y = nn.GELU(approximate)(x)
        (y * gelu_w.to(dtype)).sum().backward()
        store(f"gelu_{approximate}/{dname}/", x=gelu_x, w=gelu_w, out=y, grad_x=x.grad)

# Sequential(Linear(3, 4), ReLU(), Linear(4, 2), Tanh()) on a (5, 3) input.
seq_x = randn(5, 3)
seq_w = randn(5, 2)
seq_params = {"0.weight": randn(4, 3), "0.bias": randn(4), "2.weight": randn(2, 4),
              "2.bias": randn(2)}
for dname, dtype in DTYPES.items():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2), nn.Tanh()).to(dtype)
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(seq_params[name])
    x = leaf(seq_x, dtype)
    y = model(x)
    (y * seq_w.to(dtype)).sum().backward()
    store(f"sequential/{dname}/", x=seq_x, w=seq_w, out=y, grad_x=x.grad)
    for name, p in model.named_parameters():
        store(f"sequential/{dname}/", **{name: seq_params[name], "grad_" + name: p.grad})

# Dropout in eval() is the identity.
drop = nn.Dropout(0.5).eval()
drop_x = randn(3, 4)
store("dropout_eval/", x=drop_x, out=drop(drop_x))

write(os.path.join(HERE, "layers.json"), out)
