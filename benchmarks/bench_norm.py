"""Normalization forward + backward time, side by side with PyTorch CPU when it is installed.

Each row times one call on a float32 input that requires grad, with an affine
weight and bias that require grad (and, for batch norm, running statistics
updated in training mode), plus the backward of its output; gradients are
reset between calls. Times are medians of repeats after warm-up, at each
thread count; minigrad and torch samples alternate so that both see the same
machine load. ``ratio`` is minigrad / torch: below 1 means minigrad is faster.
The machine may be shared: repeat a run before trusting a small difference.

    python benchmarks/bench_norm.py
    python benchmarks/bench_norm.py --threads 1 2 --repeats 21
"""
import argparse

import numpy as np
from _timing import interleaved_medians, print_simd_level, print_table, try_import_torch

import minigrad
from minigrad.ops import norm

# (label, input shape, calls per timing sample, call(F, x, weight, bias, running_mean, running_var))
CASES = [
    ("batch_norm (training)", (64, 64, 56, 56), 1,
     lambda F, x, w, b, rm, rv: F.batch_norm(x, rm, rv, w, b, training=True)),
    ("layer_norm (512,)", (64, 512), 50,
     lambda F, x, w, b, rm, rv: F.layer_norm(x, (512,), w, b)),
    ("group_norm (8 groups)", (32, 64, 56, 56), 1,
     lambda F, x, w, b, rm, rv: F.group_norm(x, 8, w, b)),
]


def _inputs(lib, data, grad, n_affine, requires_grad):
    """x, weight, bias, running mean, running var and the output gradient as ``lib`` tensors."""
    make = lib.tensor
    x = make(data, requires_grad=True)
    w = make(np.ones(n_affine, np.float32), requires_grad=requires_grad)
    b = make(np.zeros(n_affine, np.float32), requires_grad=requires_grad)
    rm = make(np.zeros(n_affine, np.float32))
    rv = make(np.ones(n_affine, np.float32))
    return x, w, b, rm, rv, make(grad)


def _step(F, call, x, w, b, rm, rv, grad):
    def run():
        x.grad = w.grad = b.grad = None
        call(F, x, w, b, rm, rv).backward(grad)
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    print_simd_level()
    torch = try_import_torch()
    rng = np.random.default_rng(0)
    rows = []
    for label, shape, number, call in CASES:
        data = rng.standard_normal(shape, dtype=np.float32)
        grad = rng.standard_normal(shape, dtype=np.float32)
        n_affine = shape[-1] if label.startswith("layer_norm") else shape[1]
        ours = _step(norm, call, *_inputs(minigrad, data, grad, n_affine, True))
        if torch is not None:
            theirs = _step(torch.nn.functional, call, *_inputs(torch, data, grad, n_affine, True))
        for threads in args.threads:
            minigrad.set_num_threads(threads)
            if torch is None:
                (ms,) = interleaved_medians([ours], args.repeats, 3, number)
                rows.append([label, "x".join(map(str, shape)), threads, f"{ms * 1e3:.3f}"])
                continue
            torch.set_num_threads(threads)
            ms, tms = interleaved_medians([ours, theirs], args.repeats, 3, number)
            rows.append([label, "x".join(map(str, shape)), threads, f"{ms * 1e3:.3f}",
                         f"{tms * 1e3:.3f}", f"{ms / tms:.2f}"])
    headers = ["op (float32, fwd+bwd)", "input", "threads", "minigrad ms"]
    if torch is not None:
        headers += [f"torch {torch.__version__} ms", "ratio"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
