"""Golden lr sequences of torch.optim.lr_scheduler for tests/test_lr_scheduler.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_scheduler_golden.py

Each run drives one scheduler over an SGD (or the run's "optimizer") with three parameter
groups of different lrs for
STEPS steps (ReduceLROnPlateau with the fixed metric sequence "metrics") and stores, in
scheduler_lrs.json, the groups' lrs after construction and after every step ("lrs", STEPS + 1
rows of one lr per group) and, for OneCycleLR, the groups' momentum (Adam's beta1) likewise
("momenta").
"""
import math
import os
import warnings

import torch
from torch.optim import lr_scheduler as sched

from torch_json import write

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 100
LRS = [0.1, 0.01, 0.5]
MOMENTUM = 0.9

# A loss that falls, stalls, wobbles and falls again: the plateaus ReduceLROnPlateau looks for.
METRICS = [1.0 / (1 + i // 12) + 0.001 * ((i * 7) % 5) + (0.3 if 40 <= i < 48 else 0.0)
           for i in range(STEPS)]

# name: (kind, settings[, optimizer]). Every setting is what both PyTorch and xgrad take by
# that name. The optimizer is SGD with momentum unless named.
RUNS = {
    "step_lr": ("StepLR", {"step_size": 7, "gamma": 0.5}),
    "step_lr_default_gamma": ("StepLR", {"step_size": 30}),
    "multi_step_lr": ("MultiStepLR", {"milestones": [60, 10, 25, 25], "gamma": 0.3}),
    "exponential_lr": ("ExponentialLR", {"gamma": 0.97}),
    "cosine_annealing_lr_restarts": ("CosineAnnealingLR", {"T_max": 30, "eta_min": 0.001}),
    "cosine_annealing_lr": ("CosineAnnealingLR", {"T_max": 100}),
    "linear_lr_warmup": ("LinearLR", {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 10}),
    "linear_lr_decay": ("LinearLR", {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 40}),
    "linear_lr_default": ("LinearLR", {}),
    "lambda_lr": ("LambdaLR", {"lambda": "pow"}),
    "lambda_lr_per_group": ("LambdaLR", {"lambda": ["pow", "inverse", "pow"]}),
    "one_cycle_lr_cos": ("OneCycleLR", {"max_lr": 0.8, "total_steps": STEPS}),
    "one_cycle_lr_linear": ("OneCycleLR", {"max_lr": 0.4, "total_steps": STEPS, "pct_start": 0.25,
                                           "anneal_strategy": "linear", "div_factor": 10.0,
                                           "final_div_factor": 100.0}),
    "one_cycle_lr_three_phase": ("OneCycleLR", {"max_lr": 0.8, "total_steps": STEPS + 20,
                                                "three_phase": True, "base_momentum": 0.8,
                                                "max_momentum": 0.9}),
    "one_cycle_lr_no_momentum": ("OneCycleLR", {"max_lr": 0.8, "total_steps": STEPS,
                                                "cycle_momentum": False}),
    "one_cycle_lr_adam": ("OneCycleLR", {"max_lr": 0.01, "total_steps": STEPS}, "Adam"),
    "one_cycle_lr_adamw_three_phase": ("OneCycleLR", {"max_lr": 0.02, "total_steps": STEPS,
                                                      "three_phase": True, "pct_start": 0.2},
                                       "AdamW"),
    "sequential_lr_warmup_cosine": ("SequentialLR", {
        "schedulers": [["LinearLR", {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 10}],
                       ["CosineAnnealingLR", {"T_max": 90, "eta_min": 1e-4}]],
        "milestones": [10]}),
    "sequential_lr_three_stages": ("SequentialLR", {
        "schedulers": [["ExponentialLR", {"gamma": 0.9}],
                       ["StepLR", {"step_size": 5, "gamma": 0.5}],
                       ["CosineAnnealingLR", {"T_max": 20, "eta_min": 0.0}]],
        "milestones": [20, 50]}),
    "reduce_lr_on_plateau": ("ReduceLROnPlateau", {}),
    "reduce_lr_on_plateau_tuned": ("ReduceLROnPlateau", {
        "patience": 2, "factor": 0.5, "cooldown": 3, "threshold": 0.01, "min_lrs": [0.02, 0.001, 0.1]}),
    "reduce_lr_on_plateau_max_abs": ("ReduceLROnPlateau", {
        "mode": "max", "threshold_mode": "abs", "threshold": 0.05, "patience": 1, "factor": 0.7,
        "eps": 0.003}),
}

LAMBDAS = {"pow": lambda epoch: 0.95 ** epoch, "inverse": lambda epoch: 1.0 / (1 + 0.1 * epoch)}


def make(kind, settings, optimizer):
    s = dict(settings)
    if kind == "LambdaLR":
        fn = s.pop("lambda")
        s["lr_lambda"] = [LAMBDAS[f] for f in fn] if isinstance(fn, list) else LAMBDAS[fn]
    if kind == "SequentialLR":
        s["schedulers"] = [make(k, v, optimizer) for k, v in s["schedulers"]]
    if kind == "ReduceLROnPlateau" and "min_lrs" in s:
        s["min_lr"] = s.pop("min_lrs")
    return getattr(sched, kind)(optimizer, **s)


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def run(kind, settings, optimizer_kind):
    params = [torch.zeros(1, requires_grad=True) for _ in LRS]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(params, LRS)]
    if optimizer_kind == "SGD":
        optimizer = torch.optim.SGD(groups, lr=LRS[0], momentum=MOMENTUM)
    else:
        optimizer = getattr(torch.optim, optimizer_kind)(groups, lr=LRS[0])
    scheduler = make(kind, settings, optimizer)
    lrs = [[g["lr"] for g in optimizer.param_groups]]
    momenta = [[momentum_of(g) for g in optimizer.param_groups]]
    for i in range(STEPS):
        optimizer.step()
        if kind == "ReduceLROnPlateau":
            scheduler.step(METRICS[i])
        else:
            scheduler.step()
        lrs.append([g["lr"] for g in optimizer.param_groups])
        momenta.append([momentum_of(g) for g in optimizer.param_groups])
        assert kind == "ReduceLROnPlateau" or lrs[-1] == scheduler.get_last_lr()
    return lrs, momenta


def main():
    warnings.simplefilter("ignore")
    out = {"steps": STEPS, "lrs": LRS, "momentum": MOMENTUM, "metrics": METRICS, "runs": []}
    for name, (kind, settings, *optimizer) in RUNS.items():
        optimizer_kind = optimizer[0] if optimizer else "SGD"
        lrs, momenta = run(kind, settings, optimizer_kind)
        entry = {"name": name, "kind": kind, "settings": settings, "optimizer": optimizer_kind,
                 "lrs": lrs}
        if kind == "OneCycleLR":
            entry["momenta"] = momenta
        out["runs"].append(entry)
    write(os.path.join(HERE, "scheduler_lrs.json"), out)


if __name__ == "__main__":
    main()
