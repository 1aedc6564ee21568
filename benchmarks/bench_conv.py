"""Convolution forward and forward+backward time, side by side with PyTorch CPU when installed.

For every shape and thread count the table shows minigrad's forward time (no
graph recorded), its forward+backward time (gradients of input, weight and
bias; ``.grad`` reset between calls), the GFLOP/s that forward+backward
achieves, PyTorch's times for the same calls, and the ratio minigrad / torch
(below 1: minigrad is faster). Times are medians of repeats after warm-up;
the two libraries run alternately so both see the same machine load.

The first LeNet-5 layer also appears as in training, where the input image
needs no gradient ("no dx").

    python benchmarks/bench_conv.py
    python benchmarks/bench_conv.py --threads 1 2 --repeats 21 --only lenet
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _timing import interleaved_medians, print_simd_level, print_table, try_import_torch

import minigrad
from minigrad.ops import conv

# (label, conv rank, input shape, out channels, kernel, padding, groups, input needs grad)
CASES = [
    ("lenet conv1 (no dx)", 2, (64, 1, 28, 28), 20, 5, 2, 1, False),
    ("lenet conv1", 2, (64, 1, 28, 28), 20, 5, 2, 1, True),
    ("lenet conv2", 2, (64, 20, 14, 14), 50, 5, 2, 1, True),
    ("resnet 64", 2, (32, 64, 56, 56), 64, 3, 1, 1, True),
    ("resnet 128", 2, (32, 128, 28, 28), 128, 3, 1, 1, True),
    # The last stages of CIFAR-sized networks: few positions, one GEMM over the batch.
    ("cifar 256 8x8", 2, (64, 256, 8, 8), 256, 3, 1, 1, True),
    ("cifar 512 4x4", 2, (64, 512, 4, 4), 512, 3, 1, 1, True),
    ("cifar 512 2x2", 2, (64, 512, 2, 2), 512, 3, 1, 1, True),
    ("depthwise", 2, (32, 64, 56, 56), 64, 3, 1, 64, True),
    ("conv1d", 1, (32, 64, 1024), 64, 5, 2, 1, True),
    ("conv3d", 3, (8, 16, 16, 32, 32), 32, 3, 1, 1, True),
]


def _flops(case, out_shape):
    """Floating-point operations (2 per multiply-add) of forward + backward."""
    _, nd, shape, _, k, _, groups, needs_dx = case
    forward = 2 * (shape[1] // groups) * k ** nd * int(np.prod(out_shape))
    # The backward repeats the forward's work once per gradient of x and w.
    return forward * (3 if needs_dx else 2)


def _minigrad_calls(case, x, w, b, grad):
    _, nd, _, _, _, padding, groups, _ = case
    fn = getattr(conv, f"conv{nd}d")

    def forward():
        with minigrad.no_grad():
            fn(x, w, b, padding=padding, groups=groups)

    def forward_backward():
        x.grad = w.grad = b.grad = None
        fn(x, w, b, padding=padding, groups=groups).backward(grad)

    return forward, forward_backward


def _torch_calls(torch, case, x, w, b, grad):
    _, nd, _, _, _, padding, groups, _ = case
    fn = getattr(torch.nn.functional, f"conv{nd}d")

    def forward():
        with torch.no_grad():
            fn(x, w, b, padding=padding, groups=groups)

    def forward_backward():
        x.grad = w.grad = b.grad = None
        fn(x, w, b, padding=padding, groups=groups).backward(grad)

    return forward, forward_backward


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--only", default="", help="run only cases whose label contains this")
    parser.add_argument("--no-torch", action="store_true", help="do not compare with PyTorch")
    args = parser.parse_args()
    print_simd_level()
    torch = None if args.no_torch else try_import_torch()
    rng = np.random.default_rng(0)
    rows = []
    for case in CASES:
        label, nd, shape, out_channels, k, padding, groups, needs_dx = case
        if args.only not in label:
            continue
        data = rng.standard_normal(shape, dtype=np.float32)
        weight = rng.standard_normal((out_channels, shape[1] // groups) + (k,) * nd,
                                     dtype=np.float32) * 0.1
        bias = rng.standard_normal(out_channels, dtype=np.float32)
        x = minigrad.tensor(data, requires_grad=needs_dx)
        w = minigrad.tensor(weight, requires_grad=True)
        b = minigrad.tensor(bias, requires_grad=True)
        with minigrad.no_grad():
            out_shape = getattr(conv, f"conv{nd}d")(x, w, b, padding=padding, groups=groups).shape
        grad = rng.standard_normal(out_shape, dtype=np.float32)
        flops = _flops(case, out_shape)
        fns = list(_minigrad_calls(case, x, w, b, minigrad.tensor(grad)))
        if torch is not None:
            tx = torch.tensor(data, requires_grad=needs_dx)
            tw = torch.tensor(weight, requires_grad=True)
            tb = torch.tensor(bias, requires_grad=True)
            fns += list(_torch_calls(torch, case, tx, tw, tb, torch.tensor(grad)))
        for threads in args.threads:
            minigrad.set_num_threads(threads)
            if torch is not None:
                torch.set_num_threads(threads)
            times = interleaved_medians(fns, args.repeats)
            row = [label, "x".join(map(str, shape)), threads,
                   f"{times[0] * 1e3:.2f}", f"{times[1] * 1e3:.2f}",
                   f"{flops / times[1] / 1e9:.1f}"]
            if torch is not None:
                row += [f"{times[2] * 1e3:.2f}", f"{times[3] * 1e3:.2f}",
                        f"{times[0] / times[2]:.2f}", f"{times[1] / times[3]:.2f}"]
            rows.append(row)
            print("  ".join(map(str, row)), file=sys.stderr, flush=True)
    headers = ["case", "input", "threads", "fwd ms", "fwd+bwd ms", "GFLOP/s"]
    if torch is not None:
        headers += ["torch fwd ms", "torch fwd+bwd ms", "fwd ratio", "fwd+bwd ratio"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
