"""One training run of torch.optim.Adam with a warmup-then-cosine lr schedule and gradient
clipping, for tests/test_adam_warmup_cosine_run.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_adam_warmup_cosine_golden.py

In float64, a GRU(3, 5) reads a (6, 4, 3) sequence and a Linear(5, 2) maps its last output to
the prediction; loss = mse_loss(prediction, y). Adam has two parameter groups (the GRU with
lr 0.01, the head with lr 0.005 and weight_decay 0.01); the schedule is
SequentialLR(LinearLR(0.1, 1.0, 5), CosineAnnealingLR(25, 1e-4), milestones [5]); each of the
30 steps clips the gradients' 2-norm to 0.2 before optimizer.step() and scheduler.step().
adam_warmup_cosine_run.json holds the initial parameters and data, each step's loss, total
gradient norm and lrs, and the final parameters.
"""
import os
import warnings

import torch

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 30


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(3, 5)
        self.head = torch.nn.Linear(5, 2)

    def forward(self, x):
        output, _ = self.gru(x)
        return self.head(output[-1])


def main():
    warnings.simplefilter("ignore")
    torch.manual_seed(0)
    model = Model().double()
    x = torch.randn(6, 4, 3, dtype=torch.float64)
    y = torch.randn(4, 2, dtype=torch.float64)
    out = {"steps": STEPS, "x": entry(x), "y": entry(y)}
    for name, p in model.named_parameters():
        out["initial/" + name] = entry(p)

    optimizer = torch.optim.Adam([
        {"params": model.gru.parameters(), "lr": 0.01},
        {"params": model.head.parameters(), "lr": 0.005, "weight_decay": 0.01},
    ], foreach=False)
    warmup = torch.optim.lr_scheduler.LinearLR(optimizer, 0.1, 1.0, 5)
    cosine = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, 25, 1e-4)
    scheduler = torch.optim.lr_scheduler.SequentialLR(optimizer, [warmup, cosine], [5])

    losses, norms, lrs = [], [], []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        norms.append(float(torch.nn.utils.clip_grad_norm_(model.parameters(), 0.2)))
        optimizer.step()
        scheduler.step()
        losses.append(float(loss))
        lrs.append([g["lr"] for g in optimizer.param_groups])
    out["losses"] = losses
    out["grad_norms"] = norms
    out["lrs"] = lrs
    for name, p in model.named_parameters():
        out["final/" + name] = entry(p)
    write(os.path.join(HERE, "adam_warmup_cosine_run.json"), out)


if __name__ == "__main__":
    main()
