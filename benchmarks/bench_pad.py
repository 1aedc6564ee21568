"""F.pad forward + backward time in every mode, side by side with PyTorch CPU when it is installed.

Each row times one ``pad`` call on a float32 input that requires grad plus the
backward of its output, at each thread count: the median of interleaved
repeats after warm-up. ``ratio`` is minigrad / torch: below 1 means minigrad
is faster.

    python benchmarks/bench_pad.py
    python benchmarks/bench_pad.py --threads 1 2 --repeats 21
"""
import argparse

import numpy as np
from _timing import forward_backward_table, print_simd_level, try_import_torch


# (input shape, pad)
CASES = [((16, 64, 64, 64), (1, 1, 1, 1)), ((8, 32, 16, 16, 16), (1, 1, 1, 1, 1, 1)),
         ((64, 32, 512), (3, 3))]
MODES = ["constant", "reflect", "replicate", "circular"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print_simd_level()
    rng = np.random.default_rng(0)
    cases = [(f"pad {mode} {pad}", data,
              lambda lib, x, pad=pad, mode=mode: lib.nn.functional.pad(x, pad, mode=mode))
             for shape, pad in CASES
             for data in [rng.standard_normal(shape, dtype=np.float32)]
             for mode in MODES]
    forward_backward_table("op", cases, args.threads, args.repeats, try_import_torch())


if __name__ == "__main__":
    main()
