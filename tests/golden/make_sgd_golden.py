"""Golden trajectories of torch.optim.SGD and gradient clipping for tests/test_sgd.cpp.

Run with a Python that has torch (the fixtures are committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_sgd_golden.py

In float64, params W (3, 4) and b (3) minimise
    loss = ((W @ x + b - y) ** 2).sum() + W.tanh().sum()
for 5 steps of SGD, once for every valid option combination (sgd_trajectories.json) and once
per clipping mode applied before each step (clip_grad_trajectories.json). Each run stores the
params after every step, stacked: "<run>/W" of shape (5, 3, 4) and "<run>/b" of shape (5, 3).
"""
import itertools
import os

import torch

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 5
LR = 0.05

torch.manual_seed(0)
W0 = torch.randn(3, 4, dtype=torch.float64)
B0 = torch.randn(3, dtype=torch.float64)
X = torch.randn(4, dtype=torch.float64)
Y = torch.randn(3, dtype=torch.float64)


def loss_of(w, b):
    return ((w @ X + b - Y) ** 2).sum() + w.tanh().sum()


def train(options, clip=None):
    w = W0.clone().requires_grad_(True)
    b = B0.clone().requires_grad_(True)
    opt = torch.optim.SGD([w, b], foreach=False, **options)
    ws, bs, norms = [], [], []
    for _ in range(STEPS):
        opt.zero_grad()
        loss_of(w, b).backward()
        if clip is not None:
            kind, value = clip
            if kind == "value":
                torch.nn.utils.clip_grad_value_([w, b], value)
            else:
                norm_type = float("inf") if kind == "norm_inf" else 2.0
                norms.append(float(torch.nn.utils.clip_grad_norm_([w, b], value, norm_type)))
        opt.step()
        ws.append(w.detach().clone())
        bs.append(b.detach().clone())
    return torch.stack(ws), torch.stack(bs), norms


def run_name(o):
    return "m{momentum}_d{dampening}_n{n}_wd{weight_decay}_max{x}".format(
        n="T" if o["nesterov"] else "F", x="T" if o["maximize"] else "F", **o)


def main():
    common = {"x": entry(X), "y": entry(Y), "W0": entry(W0), "b0": entry(B0), "steps": STEPS}

    sgd = dict(common)
    runs = []
    for m, d, n, wd, mx in itertools.product([0.0, 0.9], [0.0, 0.3], [False, True], [0.0, 0.05],
                                             [False, True]):
        if n and (m <= 0 or d != 0):
            continue  # refused by SGD: nesterov needs momentum and zero dampening
        o = {"lr": LR, "momentum": m, "dampening": d, "nesterov": n, "weight_decay": wd,
             "maximize": mx}
        name = run_name(o)
        w, b, _ = train(o)
        runs.append(dict(o, name=name))
        sgd[name + "/W"] = entry(w)
        sgd[name + "/b"] = entry(b)
    sgd["runs"] = runs
    write(os.path.join(HERE, "sgd_trajectories.json"), sgd)

    clip = dict(common)
    runs = []
    o = {"lr": LR, "momentum": 0.9, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0,
         "maximize": False}
    # Limits below the gradients' size, so that every mode actually clips.
    for kind, value in [("norm_2", 1.0), ("norm_inf", 0.5), ("value", 0.25)]:
        name = "clip_" + kind
        w, b, norms = train(o, (kind, value))
        runs.append(dict(o, name=name, clip=kind, clip_value=value))
        clip[name + "/W"] = entry(w)
        clip[name + "/b"] = entry(b)
        if norms:
            clip[name + "/total_norm"] = entry(torch.tensor(norms, dtype=torch.float64))
    clip["runs"] = runs
    write(os.path.join(HERE, "clip_grad_trajectories.json"), clip)


if __name__ == "__main__":
    main()
