"""Forward + backward time of the fused linear, cross-entropy and dropout ops, and module overhead.

Shapes are LeNet-5's (batch 64): its three fully connected layers, its loss
over 10 classes, and a dropout on a 120-wide hidden layer. Each row times one
forward and its backward on float32 inputs that require grad; the last rows
time calling a module (``nn.Identity``) and walking a model's parameters.
Times are medians of repeats after warm-up; minigrad and torch samples
alternate so that both see the same machine load. ``ratio`` is
minigrad / torch: below 1 means minigrad is faster. Both libraries run on
``--threads`` threads (minigrad keeps BLAS itself on one thread and splits
its GEMMs over its own threads).

    python benchmarks/bench_nn.py
    python benchmarks/bench_nn.py --threads 1 2 --repeats 21
"""
import argparse
import statistics
import time

import numpy as np
from _timing import print_simd_level, print_table, try_import_torch

import minigrad
import minigrad.nn.functional as F


def _linear_case(lib, functional, rng, n, fan_in, fan_out):
    x = lib.tensor(rng.standard_normal((n, fan_in)).astype(np.float32), requires_grad=True)
    w = lib.tensor(rng.standard_normal((fan_out, fan_in)).astype(np.float32), requires_grad=True)
    b = lib.tensor(rng.standard_normal(fan_out).astype(np.float32), requires_grad=True)
    grad = lib.tensor(np.ones((n, fan_out), np.float32))

    def run():
        x.grad = w.grad = b.grad = None
        functional.linear(x, w, b).backward(grad)
    return run


def _cross_entropy_case(lib, functional, rng, smoothing=0.0):
    x = lib.tensor(rng.standard_normal((64, 10)).astype(np.float32), requires_grad=True)
    t = lib.tensor(rng.integers(0, 10, 64))

    def run():
        x.grad = None
        functional.cross_entropy(x, t, label_smoothing=smoothing).backward()
    return run


def _dropout_case(lib, functional, rng):
    x = lib.tensor(rng.standard_normal((64, 120)).astype(np.float32), requires_grad=True)
    grad = lib.tensor(np.ones((64, 120), np.float32))

    def run():
        x.grad = None
        functional.dropout(x, 0.5).backward(grad)
    return run


def _module_call_case(lib, functional, rng):
    module = lib.nn.Identity()
    x = lib.tensor(np.ones(3, np.float32))
    return lambda: module(x)


def _parameters_case(lib, functional, rng):
    model = lib.nn.Sequential(lib.nn.Linear(400, 120), lib.nn.ReLU(), lib.nn.Linear(120, 84),
                              lib.nn.ReLU(), lib.nn.Linear(84, 10))
    return lambda: list(model.parameters())


CASES = [
    ("linear 64x400 -> 120", 20, lambda *a: _linear_case(*a, 64, 400, 120)),
    ("linear 64x120 -> 84", 50, lambda *a: _linear_case(*a, 64, 120, 84)),
    ("linear 64x84 -> 10", 100, lambda *a: _linear_case(*a, 64, 84, 10)),
    ("cross_entropy 64x10", 100, _cross_entropy_case),
    ("cross_entropy 64x10, smoothing", 100, lambda *a: _cross_entropy_case(*a, 0.1)),
    ("dropout 64x120", 100, _dropout_case),
    ("module call (Identity)", 2000, _module_call_case),
    ("parameters() of 3 Linear", 2000, _parameters_case),
]


def _sample(fn, number):
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    print_simd_level()
    torch = try_import_torch()
    rows = []
    for threads in args.threads:
        minigrad.set_num_threads(threads)
        if torch is not None:
            torch.set_num_threads(threads)
        for label, number, build in CASES:
            mine = build(minigrad, F, np.random.default_rng(0))
            theirs = build(torch, torch.nn.functional, np.random.default_rng(0)) \
                if torch is not None else None
            for fn in (mine, theirs):
                if fn is not None:
                    fn()
            samples_m, samples_t = [], []
            for _ in range(args.repeats):
                samples_m.append(_sample(mine, number))
                if theirs is not None:
                    samples_t.append(_sample(theirs, number))
            tm = statistics.median(samples_m) * 1e6
            tt = statistics.median(samples_t) * 1e6 if samples_t else None
            rows.append((threads, label, f"{tm:.1f}",
                         "-" if tt is None else f"{tt:.1f}",
                         "-" if tt is None else f"{tm / tt:.2f}"))
    print_table(["threads", "case (forward + backward)", "minigrad us", "torch us", "ratio"],
                rows)


if __name__ == "__main__":
    main()
