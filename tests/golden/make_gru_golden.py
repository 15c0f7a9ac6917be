#!/usr/bin/env python3
"""Writes the GRUCell and GRU golden fixtures from PyTorch (Debian's python3-torch).

Each case builds a torch module from a fixed seed, runs it, backpropagates a weighted sum of
its outputs, and stores the parameters, inputs, outputs and every gradient. The xgrad tests
load the same parameters and inputs and must reproduce the outputs and gradients.

Run from anywhere: /usr/bin/python3 tests/golden/make_gru_golden.py
"""
import os

import torch

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS, BATCH, INPUT, HIDDEN = 3, 3, 5, 7


def gru_cell_case(name, dtype, batched=True, bias=True, has_hx=True):
    torch.manual_seed(len(name))
    cell = torch.nn.GRUCell(INPUT, HIDDEN, bias=bias).to(dtype)
    shape_x = (STEPS, BATCH, INPUT) if batched else (STEPS, INPUT)
    shape_h = (BATCH, HIDDEN) if batched else (HIDDEN,)
    x = torch.randn(shape_x, dtype=dtype, requires_grad=True)
    h0 = torch.randn(shape_h, dtype=dtype, requires_grad=True) if has_hx else None
    weights = torch.randn((STEPS,) + shape_h, dtype=dtype)
    h, outputs = h0, []
    for t in range(STEPS):
        h = cell(x[t], h)
        outputs.append(h)
    outputs = torch.stack(outputs)
    (outputs * weights).sum().backward()
    entries = {
        "settings": {"dtype": str(dtype).replace("torch.", ""), "batched": batched, "bias": bias,
                     "has_hx": has_hx, "input_size": INPUT, "hidden_size": HIDDEN},
        "x": entry(x), "loss_weights": entry(weights), "outputs": entry(outputs),
        "grad_x": entry(x.grad),
    }
    if has_hx:
        entries["h0"] = entry(h0)
        entries["grad_h0"] = entry(h0.grad)
    for pname, p in cell.named_parameters():
        entries[pname] = entry(p)
        entries["grad_" + pname] = entry(p.grad)
    write(os.path.join(HERE, name + ".json"), entries)


def gru_case(name, dtype, num_layers, batch_first, batched=True, has_hx=True):
    torch.manual_seed(len(name))
    seq, batch, inp, hid = 5, 2, 4, 6
    gru = torch.nn.GRU(inp, hid, num_layers=num_layers, batch_first=batch_first).to(dtype)
    if batched:
        shape_x = (batch, seq, inp) if batch_first else (seq, batch, inp)
        shape_h = (num_layers, batch, hid)
    else:
        shape_x, shape_h = (seq, inp), (num_layers, hid)
    x = torch.randn(shape_x, dtype=dtype, requires_grad=True)
    h0 = torch.randn(shape_h, dtype=dtype, requires_grad=True) if has_hx else None
    output, h_n = gru(x, h0)
    w_out = torch.randn(output.shape, dtype=dtype)
    w_h = torch.randn(h_n.shape, dtype=dtype)
    ((output * w_out).sum() + (h_n * w_h).sum()).backward()
    entries = {
        "settings": {"dtype": str(dtype).replace("torch.", ""), "num_layers": num_layers,
                     "batch_first": batch_first, "batched": batched, "has_hx": has_hx,
                     "input_size": inp, "hidden_size": hid},
        "x": entry(x), "output": entry(output), "h_n": entry(h_n),
        "output_weights": entry(w_out), "h_n_weights": entry(w_h), "grad_x": entry(x.grad),
    }
    if has_hx:
        entries["h0"] = entry(h0)
        entries["grad_h0"] = entry(h0.grad)
    for pname, p in gru.named_parameters():
        entries[pname] = entry(p)
        entries["grad_" + pname] = entry(p.grad)
    write(os.path.join(HERE, name + ".json"), entries)


def main():
    torch.set_num_threads(1)
    gru_cell_case("gru_cell_batched", torch.float32)
    gru_cell_case("gru_cell_unbatched", torch.float32, batched=False)
    gru_cell_case("gru_cell_no_bias", torch.float32, bias=False)
    gru_cell_case("gru_cell_no_hx", torch.float32, has_hx=False)
    gru_cell_case("gru_cell_float64", torch.float64)
    gru_case("gru_two_layers_batch_first", torch.float64, num_layers=2, batch_first=True)
    gru_case("gru_two_layers_float32", torch.float32, num_layers=2, batch_first=False)
    gru_case("gru_unbatched_no_hx", torch.float64, num_layers=1, batch_first=False, batched=False,
             has_hx=False)


if __name__ == "__main__":
    main()
