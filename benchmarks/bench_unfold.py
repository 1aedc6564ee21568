"""Unfold and fold forward + backward time, side by side with PyTorch CPU when it is installed.

Each row times one ``unfold`` (or ``fold``) call on a float32 input that
requires grad plus the backward of its output (the input's ``.grad`` is reset
between calls), at each thread count: the median of repeats after warm-up.
The two libraries run in alternation, one call each per repeat, so that load
from other processes on a shared machine hits both alike. ``ratio`` is
minigrad / torch: below 1 means minigrad is faster.

    python benchmarks/bench_unfold.py
    python benchmarks/bench_unfold.py --threads 1 2 --repeats 21
    MINIGRAD_SIMD=avx2 python benchmarks/bench_unfold.py
"""
import argparse

import numpy as np
from _timing import forward_backward_table, print_simd_level, try_import_torch

import minigrad
from minigrad.ops import patches

# (label, function name, image shape (N, C, H, W), keyword arguments)
CASES = [
    ("unfold k3 p1", "unfold", (16, 64, 64, 64), {"kernel_size": 3, "padding": 1}),
    ("unfold k3 p1 s2", "unfold", (16, 64, 64, 64), {"kernel_size": 3, "padding": 1, "stride": 2}),
    ("unfold k5", "unfold", (64, 6, 28, 28), {"kernel_size": 5}),
    ("unfold k2 s2", "unfold", (16, 64, 64, 64), {"kernel_size": 2, "stride": 2}),
    ("fold k3 p1", "fold", (16, 64, 64, 64), {"kernel_size": 3, "padding": 1}),
    ("fold k3 p1 s2", "fold", (16, 64, 64, 64), {"kernel_size": 3, "padding": 1, "stride": 2}),
    ("fold k5", "fold", (64, 6, 28, 28), {"kernel_size": 5}),
]


def _case(rng, label, name, shape, kwargs):
    """``(label, data, call)``: fold's input is the unfolded blocks of a random image."""
    image = rng.standard_normal(shape, dtype=np.float32)
    if name == "unfold":
        return label, image, lambda lib, x: lib.nn.functional.unfold(x, **kwargs)
    blocks = patches.unfold(minigrad.tensor(image), **kwargs).numpy()
    return label, blocks, lambda lib, x: lib.nn.functional.fold(x, shape[-2:], **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    print_simd_level()
    rng = np.random.default_rng(0)
    cases = [_case(rng, *case) for case in CASES]
    forward_backward_table("op", cases, args.threads, args.repeats, try_import_torch())


if __name__ == "__main__":
    main()
