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
from _timing import interleaved_medians, print_simd_level, print_table, try_import_torch

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


def _step(lib_fn, x, args, kwargs, grad):
    def run():
        x.grad = None
        lib_fn(x, *args, **kwargs).backward(grad)
    return run


def _inputs(rng, name, shape, kwargs):
    """The float32 input of the call and its extra positional arguments."""
    image = rng.standard_normal(shape, dtype=np.float32)
    if name == "unfold":
        return image, ()
    blocks = patches.unfold(minigrad.tensor(image), **kwargs).numpy()
    return blocks, (shape[-2:],)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    print_simd_level()
    torch = try_import_torch()
    rng = np.random.default_rng(0)
    rows = []
    for label, name, shape, kwargs in CASES:
        data, fn_args = _inputs(rng, name, shape, kwargs)
        x = minigrad.tensor(data, requires_grad=True)
        out_shape = getattr(patches, name)(x, *fn_args, **kwargs).shape
        grad = rng.standard_normal(out_shape, dtype=np.float32)
        ours = _step(getattr(patches, name), x, fn_args, kwargs, minigrad.tensor(grad))
        if torch is not None:
            xt = torch.tensor(data, requires_grad=True)
            theirs = _step(getattr(torch.nn.functional, name), xt, fn_args, kwargs,
                           torch.tensor(grad))
        for threads in args.threads:
            minigrad.set_num_threads(threads)
            fns = [ours]
            if torch is not None:
                torch.set_num_threads(threads)
                fns.append(theirs)
            times = [t * 1e3 for t in interleaved_medians(fns, args.repeats)]
            row = [label, "x".join(map(str, data.shape)), threads, f"{times[0]:.2f}"]
            if torch is not None:
                row += [f"{times[1]:.2f}", f"{times[0] / times[1]:.2f}"]
            rows.append(row)
    headers = ["op (float32, fwd+bwd)", "input", "threads", "minigrad ms"]
    if torch is not None:
        headers += [f"torch {torch.__version__} ms", "ratio"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
