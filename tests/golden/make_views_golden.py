"""Golden layouts of the view ops for tests/test_views.cpp.

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_views_golden.py

Every case applies a chain of view ops to a base (torch.arange(24.).reshape(2, 3, 4), the 2-D
torch.arange(12.).reshape(3, 4) for t(), torch.arange(3.).reshape(3, 1) for expand) and stores,
under its name: "sizes", "strides" (x.stride()), "storage_offset", "is_contiguous", "is_view"
(x._base is not None), "shares_storage" (x uses the base's storage) and "values" (the elements
in row-major order). A piece of unbind, split or chunk is "<op>_<index>". "cases" lists the names.
"""
import os

import torch

from torch_json import entry, write

HERE = os.path.dirname(os.path.abspath(__file__))

BASE = torch.arange(24.0, dtype=torch.float64).reshape(2, 3, 4)
BASE_2D = torch.arange(12.0, dtype=torch.float64).reshape(3, 4)
BASE_COLUMN = torch.arange(3.0, dtype=torch.float64).reshape(3, 1)

# name -> (base, the chain of ops on it)
CASES = {
    "select_0_1": (BASE, lambda x: x.select(0, 1)),
    "select_2_-1": (BASE, lambda x: x.select(2, -1)),
    "index_1": (BASE, lambda x: x[1]),
    "narrow_1_1_2": (BASE, lambda x: x.narrow(1, 1, 2)),
    "narrow_2_1_2": (BASE, lambda x: x.narrow(2, 1, 2)),
    "transpose_0_2": (BASE, lambda x: x.transpose(0, 2)),
    "t_2d": (BASE_2D, lambda x: x.t()),
    "permute_2_0_1": (BASE, lambda x: x.permute(2, 0, 1)),
    "expand_column": (BASE_COLUMN, lambda x: x.expand(2, 3, 4)),
    "unsqueeze_1": (BASE, lambda x: x.unsqueeze(1)),
    "squeeze_1_of_narrow": (BASE, lambda x: x.narrow(1, 1, 1).squeeze(1)),
    "squeeze_of_narrow": (BASE, lambda x: x.narrow(1, 1, 1).squeeze()),
    "flatten": (BASE, lambda x: x.flatten()),
    "view_6_4": (BASE, lambda x: x.view(6, 4)),
    "view_-1": (BASE, lambda x: x.view(-1)),
    "narrow_2_1_2_view_6_2": (BASE, lambda x: x.narrow(2, 1, 2).view(6, 2)),
    "reshape_4_6": (BASE, lambda x: x.reshape(4, 6)),
    "reshape_of_transpose": (BASE, lambda x: x.transpose(0, 2).reshape(4, 6)),
    "detach": (BASE, lambda x: x.detach()),
    "transpose_0_1_narrow_0_1_2_select_2_3":
        (BASE, lambda x: x.transpose(0, 1).narrow(0, 1, 2).select(2, 3)),
    "permute_2_0_1_index_1_t": (BASE, lambda x: x.permute(2, 0, 1)[1].t()),
    "narrow_2_1_3_unsqueeze_0_select_3_0":
        (BASE, lambda x: x.narrow(2, 1, 3).unsqueeze(0).select(3, 0)),
}

# name -> (base, op returning pieces)
PIECES = {
    "unbind_1": (BASE, lambda x: x.unbind(1)),
    "split_2_dim_2": (BASE, lambda x: x.split(2, dim=2)),
    "chunk_2_dim_0": (BASE, lambda x: x.chunk(2, dim=0)),
}


def layout(x, base):
    return {
        "sizes": list(x.shape),
        "strides": list(x.stride()),
        "storage_offset": x.storage_offset(),
        "is_contiguous": x.is_contiguous(),
        "is_view": x._base is not None,
        "shares_storage": x.storage().data_ptr() == base.storage().data_ptr(),
        "values": entry(x),
    }


def main():
    out = {}
    for name, (base, op) in CASES.items():
        out[name] = layout(op(base), base)
    for name, (base, op) in PIECES.items():
        for i, piece in enumerate(op(base)):
            out[f"{name}_{i}"] = layout(piece, base)
    out["cases"] = list(out.keys())
    write(os.path.join(HERE, "views.json"), out)


if __name__ == "__main__":
    main()
