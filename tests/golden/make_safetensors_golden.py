#!/usr/bin/env python3
"""safetensors interop fixtures between PyTorch and xgrad, in both directions.

The safetensors files are written and read here by hand (struct + json), without the
`safetensors` package: 8 bytes of little-endian header length N, N bytes of JSON header padded
with spaces to a multiple of 8, then the tensors' little-endian bytes.

PyTorch -> xgrad (run with Debian's python3-torch, /usr/bin/python3):

    /usr/bin/python3 tests/golden/make_safetensors_golden.py

writes the state_dict of a torch.nn.GRUCell and of a 2-layer torch.nn.GRU, in float32 and in
float64, to tests/golden/torch_{gru_cell,gru}_{float32,float64}.safetensors, int64 and bool
tensors to tests/golden/torch_int64_bool.safetensors, and their inputs
and torch's outputs to tests/golden/safetensors_torch_io.json ("<case>/x", "<case>/h0", ...). tests/test_safetensors_pytorch.cpp
loads each file into xgrad's module with xgrad::load and must reproduce the outputs.

xgrad -> PyTorch:

    XGRAD_REGENERATE_GOLDEN=1 build/tests/xgrad_tests -tc=xgrad_saves_the_committed_interop_file
    /usr/bin/python3 tests/golden/make_safetensors_golden.py --check \\
        tests/golden/xgrad_gru_cell.safetensors tests/golden/xgrad_gru_cell_io.safetensors

The first command (without the variable, the same test checks that xgrad still writes those
files) has xgrad save a GRUCell's state_dict and, in the second file, an input, a hidden state
and xgrad's output. --check reads both with the reader below, loads the state_dict into a
torch.nn.GRUCell (strict) and checks that torch computes xgrad's output; it exits non-zero
otherwise.
"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_HEADER = 100_000_000  # the reference implementation's cap
FORMATS = {"F32": ("f", 4), "F64": ("d", 8), "I64": ("q", 8), "BOOL": ("?", 1)}


# ------------------------------------------------------------------------------ the format

def safetensors_bytes(tensors, metadata=None):
    """The safetensors bytes of an ordered {name: torch tensor} (float32/float64/int64/bool)."""
    import torch

    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = dict(metadata)
    for name, t in tensors.items():
        t = t.detach().to("cpu").contiguous()
        dtype = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.bool: "BOOL"}[t.dtype]
        code, width = FORMATS[dtype]
        values = t.reshape(-1).tolist()
        chunk = struct.pack("<%d%s" % (len(values), code), *values)
        assert len(chunk) == t.numel() * width
        header[name] = {"dtype": dtype, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def write_safetensors(path, tensors, metadata=None):
    with open(path, "wb") as f:
        f.write(safetensors_bytes(tensors, metadata))
    # What was written reads back as the same tensors, in the same order.
    back, _ = read_safetensors(path)
    assert list(back) == list(tensors), path
    assert all(back[k].dtype == t.dtype and back[k].equal(t) for k, t in tensors.items()), path


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate keys in the header: %s" % keys)
    return dict(pairs)


def read_safetensors(path):
    """(ordered {name: torch tensor}, metadata) from a safetensors file, checked as xgrad does."""
    import torch

    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError("%s: shorter than the 8-byte header length" % path)
    (n,) = struct.unpack("<Q", data[:8])
    if n > MAX_HEADER or n > len(data) - 8:
        raise ValueError("%s: bad header length %d" % (path, n))
    header = json.loads(data[8:8 + n].decode("utf-8"), object_pairs_hook=_no_duplicates)
    if not isinstance(header, dict):
        raise ValueError("%s: the header is not an object" % path)
    body = data[8 + n:]
    metadata = header.pop("__metadata__", {})
    entries = sorted(header.items(), key=lambda kv: tuple(kv[1]["data_offsets"]))
    covered, tensors = 0, {}
    for name, info in entries:
        code, width = FORMATS[info["dtype"]]
        shape = info["shape"]
        begin, end = info["data_offsets"]
        numel = 1
        for size in shape:
            if not isinstance(size, int) or size < 0:
                raise ValueError("%s: tensor %s has a bad shape %s" % (path, name, shape))
            numel *= size
        if begin != covered or end - begin != numel * width or end > len(body):
            raise ValueError("%s: tensor %s has bad data_offsets %s" % (path, name, [begin, end]))
        values = struct.unpack("<%d%s" % (numel, code), body[begin:end])
        dtype = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "BOOL": torch.bool}[info["dtype"]]
        tensors[name] = torch.tensor(values, dtype=dtype).reshape(shape)
        covered = end
    if covered != len(body):
        raise ValueError("%s: %d bytes of data belong to no tensor" % (path, len(body) - covered))
    return tensors, metadata


# ------------------------------------------------------------------------- PyTorch -> xgrad

def entry(t):
    t = t.detach().to("cpu").double().contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def gru_cell_case(name, dtype, io):
    import torch

    torch.manual_seed(len(name))
    cell = torch.nn.GRUCell(5, 7).to(dtype)
    x = torch.randn(3, 5, dtype=dtype)
    h0 = torch.randn(3, 7, dtype=dtype)
    with torch.no_grad():
        h1 = cell(x, h0)
    write_safetensors(os.path.join(HERE, name + ".safetensors"), cell.state_dict())
    io.update({name + "/x": entry(x), name + "/h0": entry(h0), name + "/h1": entry(h1)})


def gru_case(name, dtype, io):
    import torch

    torch.manual_seed(len(name))
    gru = torch.nn.GRU(4, 6, num_layers=2).to(dtype)
    x = torch.randn(5, 2, 4, dtype=dtype)
    h0 = torch.randn(2, 2, 6, dtype=dtype)
    with torch.no_grad():
        output, h_n = gru(x, h0)
    write_safetensors(os.path.join(HERE, name + ".safetensors"), gru.state_dict())
    io.update({name + "/x": entry(x), name + "/h0": entry(h0), name + "/output": entry(output),
               name + "/h_n": entry(h_n)})


def int_bool_case(name):
    """int64 and bool tensors beside a float32 one, read by tests/test_safetensors_dtypes.cpp."""
    import torch

    write_safetensors(os.path.join(HERE, name + ".safetensors"), {
        "ids": torch.tensor([[-3, 0], [9223372036854775807, -9223372036854775808]]),
        "weight": torch.tensor([0.5, -1.5]),
        "mask": torch.tensor([True, False, True]),
    })


def make_golden():
    import torch

    torch.set_num_threads(1)
    io = {}
    gru_cell_case("torch_gru_cell_float32", torch.float32, io)
    gru_cell_case("torch_gru_cell_float64", torch.float64, io)
    gru_case("torch_gru_float32", torch.float32, io)
    gru_case("torch_gru_float64", torch.float64, io)
    int_bool_case("torch_int64_bool")
    with open(os.path.join(HERE, "safetensors_torch_io.json"), "w") as f:
        json.dump(io, f, separators=(",", ":"))
        f.write("\n")


# ------------------------------------------------------------------------- xgrad -> PyTorch

def check(state_path, io_path):
    import torch

    state, _ = read_safetensors(state_path)
    io, _ = read_safetensors(io_path)
    hidden, inputs = state["weight_ih"].shape[0] // 3, state["weight_ih"].shape[1]
    dtype = state["weight_ih"].dtype
    cell = torch.nn.GRUCell(inputs, hidden, bias="bias_ih" in state).to(dtype)
    cell.load_state_dict(state, strict=True)
    with torch.no_grad():
        h1 = cell(io["x"].to(dtype), io["h0"].to(dtype))
    tolerance = 1e-5 if dtype == torch.float32 else 1e-12
    error = (h1 - io["h1"].to(dtype)).abs().max().item()
    print("%s: GRUCell(%d, %d) %s, max |torch - xgrad| = %.3g" % (
        os.path.basename(state_path), inputs, hidden, dtype, error))
    if not torch.allclose(h1, io["h1"].to(dtype), rtol=tolerance, atol=tolerance):
        print("FAILED: torch's output differs from xgrad's", file=sys.stderr)
        return 1
    print("OK: torch reproduces xgrad's output")
    return 0


def main(argv):
    if len(argv) == 0:
        make_golden()
        return 0
    if len(argv) == 3 and argv[0] == "--check":
        return check(argv[1], argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
