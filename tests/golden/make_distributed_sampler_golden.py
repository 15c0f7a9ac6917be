"""Golden index lists of torch.utils.data.DistributedSampler for
tests/test_distributed_sampler.cpp (distributed_sampler.json).

Run with a Python that has torch (the fixture is committed; the tests never need torch):
    /usr/bin/python3 tests/golden/make_distributed_sampler_golden.py

Each case is a dataset size, num_replicas, shuffle, seed, drop_last and epoch (set_epoch), with
the list of indices every rank's sampler gives; the sizes cover an even split, padding shorter
and longer than the dataset, dropping, and an empty dataset.
"""
import json
import os

from torch.utils.data import DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))


def case(size, replicas, shuffle, seed, drop_last, epoch):
    ranks = []
    for rank in range(replicas):
        sampler = DistributedSampler(range(size), num_replicas=replicas, rank=rank, shuffle=shuffle,
                                     seed=seed, drop_last=drop_last)
        sampler.set_epoch(epoch)
        ranks.append(list(sampler))
    return {"size": size, "num_replicas": replicas, "shuffle": shuffle, "seed": seed,
            "drop_last": drop_last, "epoch": epoch, "ranks": ranks}


def main():
    cases = []
    for size, replicas in [(12, 2), (10, 3), (2, 5), (7, 4), (0, 2), (100, 8)]:
        for shuffle in (False, True):
            for drop_last in (False, True):
                cases.append(case(size, replicas, shuffle, 0, drop_last, 0))
    cases.append(case(10, 3, True, 7, False, 3))
    cases.append(case(33, 2, True, 123456, True, 9))
    with open(os.path.join(HERE, "distributed_sampler.json"), "w") as f:
        json.dump({"cases": cases}, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
