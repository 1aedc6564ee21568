"""The ops of a LeNet-5 training step one by one, side by side with PyTorch CPU.

Every row is one op at the shape it has in ``examples/lenet5.py`` at batch 64
(plus a batch norm over the first convolution's output, which LeNet-5 does
not have), float32. ``fwd`` times the op alone; ``fwd+bwd`` times the op and
the backward of its output with a fixed output gradient, inputs requiring
grad as they do in training (the first convolution's input does not).
GFLOP/s counts two operations per multiply-add of the convolutions and
linear layers (three times the forward's for forward+backward, twice for
the first convolution, whose input needs no gradient); the other ops move
memory rather than compute, so they show none. Times are medians of repeats,
the two libraries' samples taken in turn; ``ratio`` is minigrad's time over
PyTorch's: below 1 means minigrad is faster.

    python benchmarks/lenet5_ops.py
    python benchmarks/lenet5_ops.py --threads 2 --repeats 21
"""
import argparse

import numpy as np
from _timing import interleaved_medians, print_simd_level, print_table, try_import_torch

import minigrad

BATCH = 64


def _conv(in_ch, size, out_ch, input_grad):
    def build(lib, rng):
        F = lib.nn.functional
        x = lib.tensor(rng.standard_normal((BATCH, in_ch, size, size), dtype=np.float32),
                       requires_grad=input_grad)
        w = lib.tensor(rng.standard_normal((out_ch, in_ch, 5, 5), dtype=np.float32) * 0.1,
                       requires_grad=True)
        b = lib.tensor(np.zeros(out_ch, np.float32), requires_grad=True)
        return lambda: F.conv2d(x, w, b, padding=2), (x, w, b)
    macs = BATCH * out_ch * size * size * in_ch * 25
    return build, macs, 3 if input_grad else 2


def _linear(fan_in, fan_out):
    def build(lib, rng):
        F = lib.nn.functional
        x = lib.tensor(rng.standard_normal((BATCH, fan_in), dtype=np.float32),
                       requires_grad=True)
        w = lib.tensor(rng.standard_normal((fan_out, fan_in), dtype=np.float32) * 0.05,
                       requires_grad=True)
        b = lib.tensor(np.zeros(fan_out, np.float32), requires_grad=True)
        return lambda: F.linear(x, w, b), (x, w, b)
    return build, BATCH * fan_in * fan_out, 3


def _unary(shape, call):
    def build(lib, rng):
        x = lib.tensor(rng.standard_normal(shape, dtype=np.float32), requires_grad=True)
        return lambda: call(lib.nn.functional, x), (x,)
    return build, None, None


def _batch_norm(shape):
    def build(lib, rng):
        x = lib.tensor(rng.standard_normal(shape, dtype=np.float32), requires_grad=True)
        w = lib.tensor(np.ones(shape[1], np.float32), requires_grad=True)
        b = lib.tensor(np.zeros(shape[1], np.float32), requires_grad=True)
        mean, var = lib.zeros(shape[1]), lib.ones(shape[1])
        return (lambda: lib.nn.functional.batch_norm(x, mean, var, w, b, training=True),
                (x, w, b))
    return build, None, None


def _cross_entropy():
    def build(lib, rng):
        x = lib.tensor(rng.standard_normal((BATCH, 10), dtype=np.float32), requires_grad=True)
        t = lib.tensor(rng.integers(0, 10, BATCH))
        return lambda: lib.nn.functional.cross_entropy(x, t), (x,)
    return build, None, None


OPS = [
    ("conv1 1->20 k5, 28x28", _conv(1, 28, 20, False)),
    ("relu 20x28x28", _unary((BATCH, 20, 28, 28), lambda F, x: F.relu(x))),
    ("max_pool2d 2x2, 20x28x28", _unary((BATCH, 20, 28, 28), lambda F, x: F.max_pool2d(x, 2))),
    ("batch_norm 20x28x28 (train)", _batch_norm((BATCH, 20, 28, 28))),
    ("conv2 20->50 k5, 14x14", _conv(20, 14, 50, True)),
    ("relu 50x14x14", _unary((BATCH, 50, 14, 14), lambda F, x: F.relu(x))),
    ("max_pool2d 2x2, 50x14x14", _unary((BATCH, 50, 14, 14), lambda F, x: F.max_pool2d(x, 2))),
    ("linear 2450->500", _linear(2450, 500)),
    ("relu 500", _unary((BATCH, 500), lambda F, x: F.relu(x))),
    ("linear 500->10", _linear(500, 10)),
    ("cross_entropy 10 classes", _cross_entropy()),
]


def _timers(lib, build, rng):
    forward, inputs = build(lib, rng)
    grad = lib.tensor(np.ones(tuple(forward().shape), np.float32))

    def forward_only():
        with lib.no_grad():
            forward()

    def forward_backward():
        for t in inputs:
            t.grad = None
        out = forward()
        out.backward() if out.ndim == 0 else out.backward(grad)
    return forward_only, forward_backward


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    print_simd_level()
    torch = try_import_torch()
    libs = [minigrad] + ([torch] if torch is not None else [])
    rows = []
    for threads in args.threads:
        minigrad.set_num_threads(threads)
        if torch is not None:
            torch.set_num_threads(threads)
        for label, (build, macs, passes) in OPS:
            timers = [_timers(lib, build, np.random.default_rng(0)) for lib in libs]
            probe = interleaved_medians([timers[0][1]], 1, 1)[0]
            number = max(1, int(0.02 / probe))
            fwd = interleaved_medians([t[0] for t in timers], args.repeats, number=number)
            both = interleaved_medians([t[1] for t in timers], args.repeats, number=number)
            row = [threads, label, f"{fwd[0] * 1e3:.3f}", f"{both[0] * 1e3:.3f}"]
            row.append("-" if macs is None else f"{passes * 2 * macs / both[0] / 1e9:.1f}")
            if torch is not None:
                row += [f"{fwd[1] * 1e3:.3f}", f"{both[1] * 1e3:.3f}",
                        f"{fwd[0] / fwd[1]:.2f}", f"{both[0] / both[1]:.2f}"]
            rows.append(row)
    headers = ["threads", "op (batch 64, float32)", "fwd ms", "fwd+bwd ms", "GFLOP/s"]
    if torch is not None:
        headers += ["torch fwd ms", "torch fwd+bwd ms", "fwd ratio", "fwd+bwd ratio"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
