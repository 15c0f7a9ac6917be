#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora into tests/fuzz/corpus/<target>/.

fuzz_safetensors: files laid out as xgrad writes them (float64 tensors first, the header
padded with spaces), one in PyTorch's key order, and a few broken ones.
fuzz_op_shapes: short programs, each a list of one-byte decisions in the order the target makes
them (see fuzz_op_shapes.cpp); FuzzedDataProvider reads them from the end, hence reversed.
"""
import json
import math
import struct
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def safetensors(tensors, metadata=None, key_order=("dtype", "shape", "data_offsets")):
    """tensors: (name, "F32" | "F64" | "I64" | "BOOL", shape, values), written in the order given."""
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, values in tensors:
        code = {"F32": "f", "F64": "d", "I64": "q", "BOOL": "?"}[dtype]
        raw = struct.pack("<%d%s" % (len(values), code), *values)
        fields = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        header[name] = {key: fields[key] for key in key_order}
        data += raw
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def raw_file(header_text, data=b""):
    text = header_text.encode()
    return struct.pack("<Q", len(text)) + text + data


SAFETENSORS = {
    "one_f32": safetensors([("weight", "F32", [2, 3], [0.5, -1.0, 2.0, 3.25, -0.0, 1e-3])]),
    "f64_f32_scalar_metadata": safetensors(
        [("a", "F64", [2], [math.pi, -math.inf]), ("b", "F32", [3, 1], [1.0, math.nan, 7.0]),
         ("c", "F32", [], [42.0])], metadata={"format": "pt", "step": "3"}),
    "empty_tensors": safetensors(
        [("none", "F64", [0], []), ("wide", "F64", [2, 0, 3], []), ("one", "F32", [1], [1.0]),
         ("also_none", "F32", [4, 0], [])]),
    "no_tensors": safetensors([]),
    "metadata_only": safetensors([], metadata={"": "", "note": "no tensors"}),
    "pytorch_key_order": safetensors(
        [("layer.bias", "F32", [2], [0.0, 1.0]), ("layer.weight", "F32", [2, 2], [1, 2, 3, 4])],
        metadata={"format": "pt"}, key_order=("data_offsets", "dtype", "shape")),
    "int64_and_bool": safetensors(
        [("ids", "I64", [2], [-3, 9223372036854775807]), ("w", "F32", [1], [0.5]),
         ("mask", "BOOL", [3], [True, False, True])]),
    "unicode_name": safetensors([("gewicht\u00e4\u20ac", "F32", [1], [3.0])]),
    "broken_truncated_data": safetensors([("w", "F32", [4], [1, 2, 3, 4])])[:-5],
    "broken_overlap": raw_file(
        '{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},'
        '"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', bytes(8)),
    "broken_dtype_bf16": raw_file('{"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}',
                                  bytes(4)),
    "broken_header_length": struct.pack("<Q", 2**63 + 5) + b"{}      ",
    "broken_duplicate_key": raw_file(
        '{"x":{"dtype":"F32","shape":[],"data_offsets":[0,4]},'
        '"x":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}', bytes(4)),
    "broken_empty_but_strides_overflow": raw_file(
        '{"x":{"dtype":"F32","shape":[0,9223372036854775807,6],"data_offsets":[0,0]}}'),
    "broken_not_json": raw_file('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]', bytes(4)),
}

# Op codes and table positions, as in fuzz_op_shapes.cpp.
(NEW, BINARY, MATMUL, RESHAPE, JOIN, VIEW, SPLIT, REDUCE, SOFTMAX, GRU_CELL, GRU_CELL_FUNCTIONAL,
 BACKWARD, CONVERT, UNARY, TOGGLE_GRAD_MODE, INDEX, WRITE_THROUGH_VIEW, BINARY_ON_VIEWS) = range(18)
MINUS_ONE_SIZE, MINUS_ONE_DIM, MINUS_TWO_DIM = 9, 5, 6


def new(*shape, f64=0, grad=1):
    return [NEW, len(shape), *shape, f64, grad]


def program(*decisions):
    flat = []
    for decision in decisions:
        flat += decision if isinstance(decision, list) else [decision]
    return bytes(reversed(flat))


# Where the pool holds one tensor, pick() reads no byte.
OP_SHAPES = {
    "broadcast_mul_backward": program(
        new(2, 3), BINARY, 0, 2, 1, 0, 0, 1, 2,     # a * (a's shape with dim 0 set to 1)
        BACKWARD, 1, 0, 0),                          # (a * b).sum().backward()
    "batched_matmul_backward": program(
        MATMUL, 2, 3, 4, 2, 1, 0, 2, 0, 1, 1, 0, 1, 0,  # (2, 2, 3) @ (3, 4)
        BACKWARD, 0, 0),
    "reshape_infer_backward": program(
        new(2, 6), RESHAPE, 0, 3, 3, MINUS_ONE_SIZE, 2, BACKWARD, 1, 0, 0),  # reshape({3, -1, 2})
    "cat_dim1_backward": program(
        new(2, 3), JOIN, 2, 0, 1, 1, 4, 0, 1, 1, 0,  # cat({a, a with dim 1 of size 4}, 1)
        BACKWARD, 1, 0, 0),
    "views_expand_backward": program(
        new(3, 1), VIEW, 0, 0, 1,                    # transpose(0, 1)
        VIEW, 1, 6, 3, 2, 1, 3,                      # expand({2, 1, 3})
        VIEW, 2, 2, MINUS_ONE_DIM, 1, 2,             # narrow(-1, 1, 2)
        BACKWARD, 3, 0, 0),
    "chunk_and_split": program(
        new(5, 4), SPLIT, 1, 3, 0, SPLIT, 0, 0, 2, MINUS_ONE_DIM),  # chunk(3, 0), split(2, -1)
    "reductions_backward": program(
        new(2, 3, 4), REDUCE, 2, 0, MINUS_ONE_DIM, 1, 5,      # amax({0, -1}, keepdim)
        REDUCE, 0, 1, 1, 0, 6, BACKWARD, 1, 0, 0),           # logsumexp({1})
    "softmax_backward": program(new(4, 5, f64=1), SOFTMAX, 1, MINUS_ONE_DIM, BACKWARD, 1, 0, 0),
    "gru_cell_batched_backward": program(
        GRU_CELL, 5, 6, 0, 1, 3, 0, 1, 0, 0, 1,     # GRUCell(3, 4) on (3, 3) and hx (3, 4)
        BACKWARD, 0, 0),
    "gru_cell_mismatched_hx": program(GRU_CELL, 5, 6, 1, 1, 2, 0, 1, 0, 1, 0),  # (2, 3), (4)
    "gru_cell_functional_unbatched": program(
        GRU_CELL_FUNCTIONAL, 3, 2, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
        BACKWARD, 0, 0),  # input (3), hx (2), weights (6, 3), (6, 2), biases (6)
    "no_grad_in_place": program(
        new(2, 2), TOGGLE_GRAD_MODE, CONVERT, 4, 0, 0, 0, TOGGLE_GRAD_MODE, UNARY, 1, 3),
    "double_backward": program(
        new(3, f64=1), UNARY, 7, BACKWARD, 1, 0, 3, 0, 0, BACKWARD, 2, 0, 0),
    "write_through_views": program(
        new(2, 3, 4, grad=0), WRITE_THROUGH_VIEW, 1,  # two view ops, then fill_(7)
        0, 2, 0,                                      # transpose(0, 2)
        1, 1, 2, 2,                                   # narrow(1, 1, 2)
        0),
    "binary_on_permuted_view": program(
        new(2, 3, 4, grad=0), BINARY_ON_VIEWS,
        1, 1, 0, 0, 6, 3, 2, 0, 1,  # a: one view op, permute({2, 0, 1}) -> (4, 2, 3)
        0, 1, 1, 0, 1,              # b: related(a) without its first dim, (2, 3), requiring grad
        0,                          # b: no view op
        0),                         # a + b, checked against the sum of copies
    "bad_dims": program(
        new(2, 3), SOFTMAX, 1, 12, VIEW, 0, MINUS_TWO_DIM, 13, REDUCE, 2, 0, 12, 1, 3,
        JOIN, 0, 4, 0),  # softmax(max), transpose(-2, min), sum({0, max}), cat({})
}

for target, seeds in (("fuzz_safetensors", SAFETENSORS), ("fuzz_op_shapes", OP_SHAPES)):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (folder / name).write_bytes(data)
