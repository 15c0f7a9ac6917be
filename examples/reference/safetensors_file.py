"""Writes tensors as a safetensors file without the `safetensors` package: 8 bytes of
little-endian header length N, N bytes of JSON header padded with spaces to a multiple of 8, then
the tensors' little-endian bytes (https://github.com/huggingface/safetensors#format)."""
import json
import struct

import torch

FORMATS = {torch.float32: ("F32", "f"), torch.float64: ("F64", "d"), torch.int64: ("I64", "q")}


def write_safetensors(path, tensors):
    """Writes an ordered {name: float32, float64 or int64 tensor} to `path`."""
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().to("cpu").contiguous()
        dtype, code = FORMATS[t.dtype]
        values = t.reshape(-1).tolist()
        chunk = struct.pack("<%d%s" % (len(values), code), *values)
        header[name] = {"dtype": dtype, "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))
