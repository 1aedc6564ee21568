"""Pooling forward + backward time, side by side with PyTorch CPU when it is installed.

Each row times one pooling call on a float32 input that requires grad plus the
backward of its output (the input's ``.grad`` is reset between calls), at each
thread count: the median of repeats after warm-up. The two libraries run in
alternation, one call each per repeat, so that load from other processes on a
shared machine hits both alike. ``ratio`` is minigrad / torch: below 1 means
minigrad is faster.

    python benchmarks/bench_pool.py
    python benchmarks/bench_pool.py --threads 1 2 --repeats 21
"""
import argparse

import numpy as np
from _timing import forward_backward_table, print_simd_level, try_import_torch


# (label, function name, input shape, positional args, keyword args)
CASES = [
    ("max_pool2d(2, 2)", "max_pool2d", (64, 20, 28, 28), (2, 2), {}),
    ("max_pool2d(2, 2)", "max_pool2d", (64, 50, 14, 14), (2, 2), {}),
    ("max_pool2d(3, 2, pad 1)", "max_pool2d", (64, 20, 28, 28), (3, 2, 1), {}),
    ("avg_pool2d(2, 2)", "avg_pool2d", (64, 20, 28, 28), (2, 2), {}),
    ("adaptive_avg_pool2d(1)", "adaptive_avg_pool2d", (64, 50, 14, 14), (1,), {}),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=31)
    args = parser.parse_args()
    print_simd_level()
    rng = np.random.default_rng(0)
    cases = [(label, rng.standard_normal(shape, dtype=np.float32),
              lambda lib, x, name=name, a=fn_args, k=kwargs:
                  getattr(lib.nn.functional, name)(x, *a, **k))
             for label, name, shape, fn_args, kwargs in CASES]
    forward_backward_table("op", cases, args.threads, args.repeats, try_import_torch())


if __name__ == "__main__":
    main()
