"""Per-op overhead of the tape: a 1-element add forward, and add + sum + backward.

Prints microseconds per call (median of repeats) for minigrad and, when it is
installed, PyTorch in the same run.

    python benchmarks/overhead.py
"""
import argparse

import minigrad
from _timing import median_time, print_simd_level, print_table, try_import_torch


def measure(lib, number):
    a = lib.ones(1, requires_grad=True)
    b = lib.ones(1, requires_grad=True)
    c = lib.ones(1)
    d = lib.ones(1)

    def add_forward():
        c + d

    def add_recorded():
        a + b

    def add_sum_backward():
        (a + b).sum().backward()

    return [
        median_time(add_forward, number=number) * 1e6,
        median_time(add_recorded, number=number) * 1e6,
        median_time(add_sum_backward, number=number // 10) * 1e6,
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20000, help="calls per timed repeat")
    args = parser.parse_args()
    print_simd_level()
    names = ["add forward (no grad)", "add forward (recorded)", "add + sum + backward"]
    ours = measure(minigrad, args.number)
    torch = try_import_torch()
    if torch is not None:
        torch.set_num_threads(1)
        theirs = measure(torch, args.number)
        rows = [(n, f"{m:.2f}", f"{t:.2f}", f"{m / t:.2f}") for n, m, t in zip(names, ours, theirs)]
        print_table(["op (1 element)", "minigrad us", f"torch {torch.__version__} us", "ratio"], rows)
    else:
        print_table(["op (1 element)", "minigrad us"], [(n, f"{m:.2f}") for n, m in zip(names, ours)])


if __name__ == "__main__":
    main()
