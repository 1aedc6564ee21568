"""Inference time of a small convnet with and without batch norm folded into its convolutions.

The network is three Conv-BatchNorm-ReLU blocks (3 -> 16 -> 32 -> 64
channels, the last two with stride 2) on 32x32 RGB images, then global
average pooling and a linear classifier: a CIFAR-sized model in evaluation
mode. ``nn.utils.fuse_conv_bn`` replaces each Conv-BatchNorm pair by one
convolution. Each row times one forward pass under ``no_grad`` (median of
repeats after warm-up, the two models timed in turns so that a change in the
machine's load affects both) and checks that both models agree; ``speedup``
is unfused / fused. The machine may be shared: repeat a run before trusting a
small difference.

    python benchmarks/bench_fusion.py
    python benchmarks/bench_fusion.py --batch 1 16 --threads 1 2 --repeats 21
"""
import argparse
import statistics
import time

import numpy as np
from _timing import print_simd_level, print_table

import minigrad
from minigrad import nn


def convnet():
    """Three Conv-BN-ReLU blocks, global average pooling and a linear layer."""
    def block(c_in, c_out, stride):
        return [nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False),
                nn.BatchNorm2d(c_out), nn.ReLU()]

    return nn.Sequential(*block(3, 16, 1), *block(16, 32, 2), *block(32, 64, 2),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


def _trained_looking(model, rng):
    """Give every batch norm non-trivial statistics and affine parameters, as after training."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.data.numpy()[...] = rng.normal(0, 0.5, n)
            m.running_var.data.numpy()[...] = rng.uniform(0.5, 2.0, n)
            m.weight.data.numpy()[...] = rng.uniform(0.5, 1.5, n)
            m.bias.data.numpy()[...] = rng.normal(0, 0.2, n)
    return model


def interleaved_medians(fns, repeats, warmup=2, min_sample=0.02):
    """Median seconds per call of each function, timed in turns so that load changes hit all.

    Each sample runs a function enough times to last about ``min_sample`` seconds.
    """
    for fn in fns:
        for _ in range(warmup):
            fn()
    numbers = []
    for fn in fns:
        start = time.perf_counter()
        fn()
        numbers.append(max(1, int(min_sample / max(time.perf_counter() - start, 1e-9))))
    samples = [[] for _ in fns]
    for _ in range(repeats):
        for fn, number, out in zip(fns, numbers, samples):
            start = time.perf_counter()
            for _ in range(number):
                fn()
            out.append((time.perf_counter() - start) / number)
    return [statistics.median(s) for s in samples]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args(argv)
    print_simd_level()
    rng = np.random.default_rng(0)
    minigrad.manual_seed(0)
    model = _trained_looking(convnet(), rng).eval()
    fused = nn.utils.fuse_conv_bn(model)
    rows = []
    for batch in args.batch:
        x = minigrad.from_numpy(rng.standard_normal((batch, 3, 32, 32), dtype=np.float32))
        with minigrad.no_grad():
            diff = float((model(x) - fused(x)).abs().max().item())
            for threads in args.threads:
                minigrad.set_num_threads(threads)
                plain, folded = interleaved_medians([lambda x=x: model(x), lambda x=x: fused(x)],
                                                    args.repeats)
                rows.append([batch, threads, f"{plain * 1e3:.3f}", f"{folded * 1e3:.3f}",
                             f"{plain / folded:.2f}", f"{diff:.1e}"])
    print_table(["batch", "threads", "conv+bn ms", "fused ms", "speedup", "max |diff|"], rows)
    return rows


if __name__ == "__main__":
    main()
