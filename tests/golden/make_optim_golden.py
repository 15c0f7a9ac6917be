"""Golden trajectories of torch.optim.Adam, AdamW, RMSprop and Adagrad for tests/test_optim_golden.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_optim_golden.py

In float64, a GRU(3, 4) over a sequence (5, 2, 3) followed by a Linear(4, 2) on its last
output minimises the MSE to a target (2, 2), for 20 steps of each optimizer: once per option
combination ("runs"), and once with two parameter groups of different options ("group_runs":
group 0 the GRU's parameters with its own options, group 1 the Linear's with the defaults).
"init/<param>" holds the initial weights, "<run>/<param>" the weights after the last step.
"""
import itertools
import os

import torch

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 20


class Model(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = torch.nn.GRU(3, 4)
        self.head = torch.nn.Linear(4, 2)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[-1])


torch.manual_seed(0)
MODEL = Model().double()
INIT = {name: p.detach().clone() for name, p in MODEL.named_parameters()}
X = torch.randn(5, 2, 3, dtype=torch.float64)
Y = torch.randn(2, 2, dtype=torch.float64)

# Option grids; every run also takes "lr".
GRIDS = {
    "Adam": {"amsgrad": [False, True], "maximize": [False, True], "weight_decay": [0.0, 0.1]},
    "AdamW": {"amsgrad": [False, True], "maximize": [False, True], "weight_decay": [0.0, 0.1]},
    "RMSprop": {"centered": [False, True], "momentum": [0.0, 0.9], "maximize": [False, True],
                "weight_decay": [0.0, 0.1]},
    "Adagrad": {"lr_decay": [0.0, 0.05], "maximize": [False, True], "weight_decay": [0.0, 0.1],
                "initial_accumulator_value": [0.0, 0.5]},
}
LR = {"Adam": 0.01, "AdamW": 0.01, "RMSprop": 0.005, "Adagrad": 0.05}
# The parameter-group runs: group 0's own options; group 1 takes the defaults.
GROUPS = {
    "Adam": ({"lr": 0.02, "amsgrad": True, "weight_decay": 0.1}, {"lr": 0.005}),
    "AdamW": ({"lr": 0.02, "weight_decay": 0.0}, {"lr": 0.005, "weight_decay": 0.2}),
    "RMSprop": ({"lr": 0.01, "centered": True, "momentum": 0.5}, {"lr": 0.002, "alpha": 0.9}),
    "Adagrad": ({"lr": 0.1, "lr_decay": 0.1}, {"lr": 0.02, "initial_accumulator_value": 0.1}),
}


def train(name, groups, defaults):
    MODEL.load_state_dict(INIT)
    opt = getattr(torch.optim, name)(groups(), foreach=False, **defaults)
    for _ in range(STEPS):
        opt.zero_grad()
        torch.nn.functional.mse_loss(MODEL(X), Y).backward()
        opt.step()
    return {n: p.detach().clone() for n, p in MODEL.named_parameters()}


def run_name(optimizer, options):
    return optimizer + "_" + "_".join("{}{}".format(k, v) for k, v in sorted(options.items()))


def main():
    out = {"x": entry(X), "y": entry(Y), "steps": STEPS}
    for n, p in INIT.items():
        out["init/" + n] = entry(p)
    runs = []
    for optimizer, grid in GRIDS.items():
        for values in itertools.product(*grid.values()):
            options = dict(zip(grid.keys(), values), lr=LR[optimizer])
            name = run_name(optimizer, options)
            final = train(optimizer, MODEL.parameters, options)
            runs.append({"name": name, "optimizer": optimizer, "options": options})
            for n, p in final.items():
                out[name + "/" + n] = entry(p)
    out["runs"] = runs
    group_runs = []
    for optimizer, (own, defaults) in GROUPS.items():
        name = optimizer + "_groups"
        groups = lambda: [dict(own, params=list(MODEL.gru.parameters())),
                          {"params": list(MODEL.head.parameters())}]
        final = train(optimizer, groups, defaults)
        group_runs.append({"name": name, "optimizer": optimizer, "group0": own,
                           "defaults": defaults})
        for n, p in final.items():
            out[name + "/" + n] = entry(p)
    out["group_runs"] = group_runs
    write(os.path.join(HERE, "optim_trajectories.json"), out)


if __name__ == "__main__":
    main()
