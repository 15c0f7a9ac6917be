#!/usr/bin/env python3
"""Writes the golden fixtures of the recurrent modules from PyTorch (Debian's python3-torch).

Each case builds a torch module (LSTMCell, RNNCell, LSTM, GRU or RNN) from a fixed seed, runs it
on a padded or a packed batch, backpropagates a weighted sum of its output and final states, and
stores into recurrent_<case>.json the settings, the inputs, every parameter, the outputs and the
gradients of the inputs and of every parameter. tests/test_recurrent_golden.cpp loads the same
parameters and inputs into xgrad's module and must reproduce the outputs and gradients.

Dropout in training mode cannot be reproduced by xgrad, whose generator is not torch's: those
cases store the masks PyTorch drew between layers (dropout_mask_l0, ...) and check here that
composing single-layer modules with these masks gives the module's output and gradients.

Also written: pad_sequence and pad_packed_sequence results (recurrent_packing_utilities.json), and
an Embedding -> bidirectional LSTM -> Linear classifier, its state_dict in
torch_lstm_classifier.safetensors and its inputs and outputs in recurrent_lstm_classifier.json.

Run from anywhere: /usr/bin/python3 tests/golden/make_recurrent_golden.py
"""
import os

import torch

from make_safetensors_golden import write_safetensors
from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS, BATCH, INPUT, HIDDEN = 4, 3, 3, 4
MODULES = {"LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU, "RNN": torch.nn.RNN}


def dtype_name(dtype):
    return str(dtype).replace("torch.", "")


def path(name):
    return os.path.join(HERE, "recurrent_" + name + ".json")


def store_parameters(entries, module):
    for pname, p in module.named_parameters():
        entries[pname] = entry(p)
        entries["grad_" + pname] = entry(p.grad)


# ------------------------------------------------------------------------------ cells

def cell_case(name, kind, dtype, batched=True, bias=True, has_hx=True, nonlinearity="tanh"):
    """Three steps of a cell; loss = sum(h_t * w) (+ sum(c_t * w_c) for an LSTMCell)."""
    torch.manual_seed(len(name))
    if kind == "LSTMCell":
        cell = torch.nn.LSTMCell(INPUT, HIDDEN, bias=bias).to(dtype)
    else:
        cell = torch.nn.RNNCell(INPUT, HIDDEN, bias=bias, nonlinearity=nonlinearity).to(dtype)
    steps = 3
    shape_x = (steps, BATCH, INPUT) if batched else (steps, INPUT)
    shape_h = (BATCH, HIDDEN) if batched else (HIDDEN,)
    lstm = kind == "LSTMCell"
    x = torch.randn(shape_x, dtype=dtype, requires_grad=True)
    h0 = torch.randn(shape_h, dtype=dtype, requires_grad=True) if has_hx else None
    c0 = torch.randn(shape_h, dtype=dtype, requires_grad=True) if has_hx and lstm else None
    w_h = torch.randn((steps,) + shape_h, dtype=dtype)
    w_c = torch.randn((steps,) + shape_h, dtype=dtype)
    state = (h0, c0) if lstm and has_hx else h0
    hs, cs = [], []
    for t in range(steps):
        state = cell(x[t], state)
        hs.append(state[0] if lstm else state)
        if lstm:
            cs.append(state[1])
    outputs = torch.stack(hs)
    loss = (outputs * w_h).sum()
    if lstm:
        cell_states = torch.stack(cs)
        loss = loss + (cell_states * w_c).sum()
    loss.backward()
    entries = {
        "settings": {"cell": kind, "dtype": dtype_name(dtype), "batched": batched, "bias": bias,
                     "has_hx": has_hx, "nonlinearity": nonlinearity, "steps": steps,
                     "input_size": INPUT, "hidden_size": HIDDEN},
        "x": entry(x), "outputs": entry(outputs), "output_weights": entry(w_h),
        "grad_x": entry(x.grad),
    }
    if lstm:
        entries["cell_states"] = entry(cell_states)
        entries["cell_state_weights"] = entry(w_c)
    if has_hx:
        entries["h0"] = entry(h0)
        entries["grad_h0"] = entry(h0.grad)
        if lstm:
            entries["c0"] = entry(c0)
            entries["grad_c0"] = entry(c0.grad)
    store_parameters(entries, cell)
    write(path(name), entries)


# ------------------------------------------------------------------------------ sequence modules

def build(kind, dtype, num_layers=1, bias=True, batch_first=False, bidirectional=False,
          dropout=0.0, nonlinearity="tanh", input_size=INPUT):
    extra = {"nonlinearity": nonlinearity} if kind == "RNN" else {}
    return MODULES[kind](input_size, HIDDEN, num_layers=num_layers, bias=bias,
                         batch_first=batch_first, dropout=dropout, bidirectional=bidirectional,
                         **extra).to(dtype)


def settings_of(kind, dtype, num_layers, bias, batch_first, bidirectional, dropout, nonlinearity,
                batched, has_hx, train):
    return {"module": kind, "dtype": dtype_name(dtype), "num_layers": num_layers, "bias": bias,
            "batch_first": batch_first, "bidirectional": bidirectional, "dropout": dropout,
            "nonlinearity": nonlinearity, "batched": batched, "has_hx": has_hx, "train": train,
            "packed": False, "input_size": INPUT, "hidden_size": HIDDEN}


def make_inputs(kind, dtype, num_layers, directions, batch_first, batched, has_hx):
    if batched:
        shape_x = (BATCH, STEPS, INPUT) if batch_first else (STEPS, BATCH, INPUT)
        shape_h = (num_layers * directions, BATCH, HIDDEN)
    else:
        shape_x, shape_h = (STEPS, INPUT), (num_layers * directions, HIDDEN)
    x = torch.randn(shape_x, dtype=dtype, requires_grad=True)
    h0 = torch.randn(shape_h, dtype=dtype, requires_grad=True) if has_hx else None
    c0 = torch.randn(shape_h, dtype=dtype, requires_grad=True) if has_hx and kind == "LSTM" else None
    return x, h0, c0


def hx_of(kind, h0, c0):
    if h0 is None:
        return None
    return (h0, c0) if kind == "LSTM" else h0


def split_state(kind, state):
    return state if kind == "LSTM" else (state, None)


def backward_loss(kind, dtype, output, h_n, c_n):
    """Backpropagates sum(output * w_out) + sum(h_n * w_h) (+ sum(c_n * w_c)); returns weights."""
    w_out = torch.randn(output.shape, dtype=dtype)
    w_h = torch.randn(h_n.shape, dtype=dtype)
    loss = (output * w_out).sum() + (h_n * w_h).sum()
    weights = {"output_weights": entry(w_out), "h_n_weights": entry(w_h)}
    if kind == "LSTM":
        w_c = torch.randn(c_n.shape, dtype=dtype)
        loss = loss + (c_n * w_c).sum()
        weights["c_n_weights"] = entry(w_c)
    loss.backward()
    return weights


def store_run(entries, x, h0, c0, output, h_n, c_n):
    entries.update({"x": entry(x), "output": entry(output), "h_n": entry(h_n),
                    "grad_x": entry(x.grad)})
    if c_n is not None:
        entries["c_n"] = entry(c_n)
    if h0 is not None:
        entries["h0"] = entry(h0)
        entries["grad_h0"] = entry(h0.grad)
    if c0 is not None:
        entries["c0"] = entry(c0)
        entries["grad_c0"] = entry(c0.grad)


def module_case(name, kind, dtype, num_layers=1, bias=True, batch_first=False,
                bidirectional=False, batched=True, has_hx=True, nonlinearity="tanh", dropout=0.0):
    """A padded batch through a whole module in eval mode."""
    torch.manual_seed(len(name))
    module = build(kind, dtype, num_layers, bias, batch_first, bidirectional, dropout, nonlinearity)
    module.eval()
    x, h0, c0 = make_inputs(kind, dtype, num_layers, 2 if bidirectional else 1, batch_first,
                            batched, has_hx)
    output, state = module(x, hx_of(kind, h0, c0))
    h_n, c_n = split_state(kind, state)
    if dropout > 0:  # in eval mode, dropout changes nothing
        plain = build(kind, dtype, num_layers, bias, batch_first, bidirectional, 0.0, nonlinearity)
        plain.load_state_dict(module.state_dict())
        plain_output, plain_state = plain(x, hx_of(kind, h0, c0))
        assert torch.equal(plain_output, output), name
        assert torch.equal(split_state(kind, plain_state)[0], h_n), name
    entries = {"settings": settings_of(kind, dtype, num_layers, bias, batch_first, bidirectional,
                                       dropout, nonlinearity, batched, has_hx, False)}
    entries.update(backward_loss(kind, dtype, output, h_n, c_n))
    store_run(entries, x, h0, c0, output, h_n, c_n)
    store_parameters(entries, module)
    write(path(name), entries)


# ------------------------------------------------------------------------------ training dropout

def layer_module(kind, dtype, module, layer, bidirectional):
    """A single-layer module holding `module`'s layer `layer` (both directions)."""
    directions = 2 if bidirectional else 1
    size = INPUT if layer == 0 else directions * HIDDEN
    single = build(kind, dtype, 1, True, False, bidirectional, 0.0, "tanh", input_size=size)
    with torch.no_grad():
        for pname, p in single.named_parameters():
            p.copy_(getattr(module, pname.replace("_l0", "_l%d" % layer)))
    return single


def composed_by_hand(kind, dtype, module, x, h0, c0, masks, p, bidirectional):
    """The module's layers as single-layer modules, output * mask / (1 - p) between them."""
    directions = 2 if bidirectional else 1
    layers = [layer_module(kind, dtype, module, k, bidirectional) for k in range(len(masks) + 1)]
    h_list, c_list, inp = [], [], x
    for k, layer in enumerate(layers):
        rows = slice(k * directions, (k + 1) * directions)
        hx = None if h0 is None else hx_of(kind, h0[rows], None if c0 is None else c0[rows])
        out, state = layer(inp, hx)
        h, c = split_state(kind, state)
        h_list.append(h)
        c_list.append(c)
        inp = out * masks[k] / (1 - p) if k < len(masks) else out
    c_n = torch.cat(c_list) if kind == "LSTM" else None
    return inp, torch.cat(h_list), c_n, layers


def dropout_training_case(name, kind, dtype, num_layers, p, bidirectional, seed):
    """Train mode under torch.manual_seed(seed); stores the masks ATen drew between layers."""
    torch.manual_seed(len(name))
    module = build(kind, dtype, num_layers, True, False, bidirectional, p)
    module.train()
    directions = 2 if bidirectional else 1
    x, h0, c0 = make_inputs(kind, dtype, num_layers, directions, False, True, True)
    torch.manual_seed(seed)
    output, state = module(x, hx_of(kind, h0, c0))
    h_n, c_n = split_state(kind, state)
    entries = {"settings": settings_of(kind, dtype, num_layers, True, False, bidirectional, p,
                                       "tanh", True, True, True)}
    entries["settings"]["seed"] = seed
    torch.manual_seed(len(name) + 1)
    entries.update(backward_loss(kind, dtype, output, h_n, c_n))
    # ATen's _rnn_impl applies dropout(layer output) between layers, which on the CPU draws
    # empty_like(output).bernoulli_(1 - p) once per layer boundary, in order.
    torch.manual_seed(seed)
    masks = [torch.empty(STEPS, BATCH, directions * HIDDEN, dtype=dtype).bernoulli_(1 - p)
             for _ in range(num_layers - 1)]
    # Check the masks: the same weights, layer by layer with the masks, give the same results.
    x2 = x.detach().clone().requires_grad_()
    h2 = h0.detach().clone().requires_grad_()
    c2 = c0.detach().clone().requires_grad_() if c0 is not None else None
    out2, hn2, cn2, layers = composed_by_hand(kind, dtype, module, x2, h2, c2, masks, p,
                                              bidirectional)
    w = {k: torch.tensor(v["data"], dtype=dtype).reshape(v["shape"]) for k, v in entries.items()
         if k.endswith("_weights")}
    loss = (out2 * w["output_weights"]).sum() + (hn2 * w["h_n_weights"]).sum()
    if kind == "LSTM":
        loss = loss + (cn2 * w["c_n_weights"]).sum()
    loss.backward()
    close = dict(rtol=1e-10, atol=1e-12)
    assert torch.allclose(out2, output, **close), name
    assert torch.allclose(hn2, h_n, **close), name
    if kind == "LSTM":
        assert torch.allclose(cn2, c_n, **close), name
        assert torch.allclose(c2.grad, c0.grad, **close), name
    assert torch.allclose(x2.grad, x.grad, **close), name
    assert torch.allclose(h2.grad, h0.grad, **close), name
    for k, layer in enumerate(layers):
        for pname, q in layer.named_parameters():
            original = getattr(module, pname.replace("_l0", "_l%d" % k))
            assert torch.allclose(q.grad, original.grad, **close), (name, pname, k)
    for k, mask in enumerate(masks):
        entries["dropout_mask_l%d" % k] = entry(mask)
    store_run(entries, x, h0, c0, output, h_n, c_n)
    store_parameters(entries, module)
    write(path(name), entries)


# ------------------------------------------------------------------------------ packed batches

def packed_case(name, kind, dtype, num_layers, bidirectional, lengths, enforce_sorted,
                batch_first=False, has_hx=True, nonlinearity="tanh"):
    """A padded x (random numbers in the padding) packed, run, and padded back."""
    torch.manual_seed(len(name))
    module = build(kind, dtype, num_layers, True, batch_first, bidirectional, 0.0, nonlinearity)
    module.eval()
    x, h0, c0 = make_inputs(kind, dtype, num_layers, 2 if bidirectional else 1, batch_first,
                            True, has_hx)
    lengths_t = torch.tensor(lengths, dtype=torch.int64)
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths_t, batch_first=batch_first,
                                                     enforce_sorted=enforce_sorted)
    packed_output, state = module(packed, hx_of(kind, h0, c0))
    output, output_lengths = torch.nn.utils.rnn.pad_packed_sequence(packed_output,
                                                                    batch_first=batch_first)
    assert output_lengths.tolist() == lengths
    h_n, c_n = split_state(kind, state)
    settings = settings_of(kind, dtype, num_layers, True, batch_first, bidirectional, 0.0,
                           nonlinearity, True, has_hx, False)
    settings.update({"packed": True, "enforce_sorted": enforce_sorted})
    entries = {"settings": settings, "lengths": entry(lengths_t),
               "packed_data": entry(packed_output.data),
               "batch_sizes": entry(packed_output.batch_sizes)}
    if packed_output.sorted_indices is not None:
        entries["sorted_indices"] = entry(packed_output.sorted_indices)
        entries["unsorted_indices"] = entry(packed_output.unsorted_indices)
    entries.update(backward_loss(kind, dtype, output, h_n, c_n))
    store_run(entries, x, h0, c0, output, h_n, c_n)
    store_parameters(entries, module)
    write(path(name), entries)


def packing_utilities_case(name):
    torch.manual_seed(len(name))
    rnn = torch.nn.utils.rnn
    sequences = [torch.randn(n, 2, dtype=torch.float64, requires_grad=True) for n in (2, 4, 1)]
    entries = {}
    for k, s in enumerate(sequences):
        entries["sequence_%d" % k] = entry(s)
    for batch_first in (False, True):
        padded = rnn.pad_sequence(sequences, batch_first=batch_first, padding_value=7.0)
        weights = torch.randn(padded.shape, dtype=torch.float64)
        grads = torch.autograd.grad((padded * weights).sum(), sequences)
        key = "batch_first" if batch_first else "sequence_first"
        entries["pad_sequence_" + key] = entry(padded)
        entries["pad_sequence_%s_weights" % key] = entry(weights)
        for k, g in enumerate(grads):
            entries["pad_sequence_%s_grad_%d" % (key, k)] = entry(g)
    x = torch.randn(3, 3, 2, dtype=torch.float64)
    lengths = torch.tensor([3, 1, 2], dtype=torch.int64)
    packed = rnn.pack_padded_sequence(x, lengths, enforce_sorted=False)
    entries["total_length_x"] = entry(x)
    entries["total_length_lengths"] = entry(lengths)
    for batch_first in (False, True):
        padded, out_lengths = rnn.pad_packed_sequence(packed, batch_first=batch_first,
                                                      padding_value=-1.0, total_length=5)
        assert out_lengths.tolist() == lengths.tolist()
        key = "batch_first" if batch_first else "sequence_first"
        entries["pad_packed_total_length_" + key] = entry(padded)
    write(path(name), entries)


# ------------------------------------------------------------------------------ the classifier

class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(20, 5, padding_idx=0)
        self.lstm = torch.nn.LSTM(5, 6, num_layers=2, bidirectional=True)
        self.head = torch.nn.Linear(12, 3)

    def forward(self, tokens, lengths):
        rnn = torch.nn.utils.rnn
        packed = rnn.pack_padded_sequence(self.embedding(tokens), lengths, enforce_sorted=False)
        output, (h_n, c_n) = self.lstm(packed)
        padded, _ = rnn.pad_packed_sequence(output, total_length=tokens.shape[0])
        return self.head(padded), h_n, c_n


def classifier_case():
    torch.manual_seed(2026)
    model = Classifier().eval()
    steps, lengths = 7, [7, 4, 5]
    tokens = torch.randint(1, 20, (steps, len(lengths)), dtype=torch.int64)
    for b, n in enumerate(lengths):
        tokens[n:, b] = 0
    lengths_t = torch.tensor(lengths, dtype=torch.int64)
    with torch.no_grad():
        logits, h_n, c_n = model(tokens, lengths_t)
    write_safetensors(os.path.join(HERE, "torch_lstm_classifier.safetensors"),
                      {k: v.float() for k, v in model.state_dict().items()})
    write(path("lstm_classifier"), {"tokens": entry(tokens), "lengths": entry(lengths_t),
                                    "logits": entry(logits), "h_n": entry(h_n),
                                    "c_n": entry(c_n)})


def main():
    torch.set_num_threads(1)
    f32, f64 = torch.float32, torch.float64
    cell_case("lstm_cell_batched_float64", "LSTMCell", f64)
    cell_case("lstm_cell_unbatched_no_hx", "LSTMCell", f32, batched=False, has_hx=False)
    cell_case("rnn_cell_tanh_batched_float64", "RNNCell", f64)
    cell_case("rnn_cell_relu_unbatched_no_bias", "RNNCell", f32, batched=False, bias=False,
              nonlinearity="relu")
    module_case("lstm_one_layer", "LSTM", f64)
    module_case("lstm_three_layers_bidirectional_no_hx", "LSTM", f64, num_layers=3,
                bidirectional=True, has_hx=False)
    module_case("lstm_two_layers_batch_first_float32", "LSTM", f32, num_layers=2,
                batch_first=True)
    module_case("lstm_unbatched", "LSTM", f64, batched=False)
    module_case("lstm_two_layers_no_bias", "LSTM", f64, num_layers=2, bias=False)
    module_case("gru_two_layers_bidirectional", "GRU", f64, num_layers=2, bidirectional=True)
    module_case("gru_bidirectional_batch_first_float32_no_hx", "GRU", f32, bidirectional=True,
                batch_first=True, has_hx=False)
    module_case("rnn_tanh_three_layers_bidirectional", "RNN", f64, num_layers=3,
                bidirectional=True)
    module_case("rnn_relu_two_layers_batch_first", "RNN", f64, num_layers=2, batch_first=True,
                nonlinearity="relu")
    module_case("lstm_dropout_eval", "LSTM", f64, num_layers=3, dropout=0.4)
    dropout_training_case("lstm_dropout_train", "LSTM", f64, 3, 0.4, False, seed=11)
    dropout_training_case("gru_dropout_train_bidirectional", "GRU", f64, 2, 0.4, True, seed=12)
    packed_case("lstm_packed_bidirectional_unsorted", "LSTM", f64, 2, True, [2, 4, 1], False)
    packed_case("gru_packed_sorted_batch_first_float32", "GRU", f32, 1, False, [4, 3, 3], True,
                batch_first=True)
    packed_case("rnn_packed_unsorted_no_hx", "RNN", f64, 2, False, [1, 3, 2], False,
                has_hx=False)
    packing_utilities_case("packing_utilities")
    classifier_case()


if __name__ == "__main__":
    main()
