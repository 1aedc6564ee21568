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
from _timing import interleaved_medians, print_simd_level, print_table, try_import_torch

import minigrad
from minigrad.ops.resample import interpolate

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


def _step(fn, x, kwargs, grad):
    def run():
        x.grad = None
        fn(x, **kwargs).backward(grad)
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--cases", type=int, default=len(CASES),
                        help="run only the first CASES rows (the first three: the U-Net decoder)")
    args = parser.parse_args()
    print_simd_level()
    torch = try_import_torch()
    rng = np.random.default_rng(0)
    rows = []
    for label, shape, kwargs in CASES[:args.cases]:
        data = rng.standard_normal(shape, dtype=np.float32)
        x = minigrad.tensor(data, requires_grad=True)
        out_shape = interpolate(x.detach(), **kwargs).shape
        grad = rng.standard_normal(out_shape, dtype=np.float32)
        ours = _step(interpolate, x, kwargs, minigrad.tensor(grad))
        if torch is not None:
            xt = torch.tensor(data, requires_grad=True)
            theirs = _step(torch.nn.functional.interpolate, xt, kwargs, torch.tensor(grad))
        for threads in args.threads:
            minigrad.set_num_threads(threads)
            fns = [ours]
            if torch is not None:
                torch.set_num_threads(threads)
                fns.append(theirs)
            times = [t * 1e3 for t in interleaved_medians(fns, args.repeats)]
            row = [label, "x".join(map(str, shape)), threads, f"{times[0]:.1f}"]
            if torch is not None:
                row += [f"{times[1]:.1f}", f"{times[0] / times[1]:.2f}"]
            rows.append(row)
    headers = ["interpolate (float32, fwd+bwd)", "input", "threads", "minigrad ms"]
    if torch is not None:
        headers += [f"torch {torch.__version__} ms", "ratio"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
