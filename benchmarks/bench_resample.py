"""Resampling (interpolate) forward + backward time, side by side with PyTorch CPU when installed.

Each row times one ``interpolate`` call on a float32 input that requires grad
plus the backward of its output (the input's ``.grad`` is reset between
calls), at each thread count: the median of repeats after warm-up. The two
libraries run in alternation, one call each per repeat, so that load from
other processes on a shared machine hits both alike. ``ratio`` is minigrad /
torch: below 1 means minigrad is faster. The first rows are a U-Net
decoder's upsampling, (16, 64, 64, 64) to 128 x 128.

    python benchmarks/bench_resample.py
    MINIGRAD_SIMD=avx2 python benchmarks/bench_resample.py --threads 2 --repeats 21
"""
import argparse

import numpy as np
from _timing import forward_backward_table, print_simd_level, try_import_torch


# (label, input shape, keyword arguments of interpolate)
CASES = [
    ("bilinear x2", (16, 64, 64, 64), dict(scale_factor=2, mode="bilinear")),
    ("bilinear x2 align_corners", (16, 64, 64, 64),
     dict(scale_factor=2, mode="bilinear", align_corners=True)),
    ("nearest x2", (16, 64, 64, 64), dict(scale_factor=2, mode="nearest")),
    ("bicubic x2", (16, 32, 32, 32), dict(scale_factor=2, mode="bicubic")),
    ("bilinear to 3/4", (16, 32, 64, 64), dict(scale_factor=0.75, mode="bilinear")),
    ("trilinear x2", (2, 16, 24, 24, 24), dict(scale_factor=2, mode="trilinear")),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--cases", type=int, default=len(CASES),
                        help="run only the first CASES rows (the first three: the U-Net decoder)")
    args = parser.parse_args()
    print_simd_level()
    rng = np.random.default_rng(0)
    cases = [(label, rng.standard_normal(shape, dtype=np.float32),
              lambda lib, x, k=kwargs: lib.nn.functional.interpolate(x, **k))
             for label, shape, kwargs in CASES[:args.cases]]
    forward_backward_table("interpolate", cases, args.threads, args.repeats, try_import_torch())


if __name__ == "__main__":
    main()
