"""Helpers for the fixture scripts: write tensors as {"shape": [...], "data": [...]}."""
import json


def entry(t):
    t = t.detach().to("cpu").double().contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def write(path, entries):
    with open(path, "w") as f:
        json.dump(entries, f, separators=(",", ":"))
        f.write("\n")
