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
from _timing import interleaved_medians, print_simd_level, print_table, try_import_torch

import minigrad
import minigrad.nn.functional as F

# (input shape, pad)
CASES = [((16, 64, 64, 64), (1, 1, 1, 1)), ((8, 32, 16, 16, 16), (1, 1, 1, 1, 1, 1)),
         ((64, 32, 512), (3, 3))]
MODES = ["constant", "reflect", "replicate", "circular"]


def _step(pad_fn, x, pad, mode, grad):
    def run():
        x.grad = None
        pad_fn(x, pad, mode=mode).backward(grad)
    return run


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print_simd_level()
    torch = try_import_torch()
    rng = np.random.default_rng(0)
    rows = []
    for shape, pad in CASES:
        data = rng.standard_normal(shape, dtype=np.float32)
        for mode in MODES:
            x = minigrad.tensor(data, requires_grad=True)
            grad = rng.standard_normal(F.pad(x, pad, mode=mode).shape, dtype=np.float32)
            ours = _step(F.pad, x, pad, mode, minigrad.tensor(grad))
            if torch is not None:
                theirs = _step(torch.nn.functional.pad, torch.tensor(data, requires_grad=True),
                               pad, mode, torch.tensor(grad))
            for threads in args.threads:
                minigrad.set_num_threads(threads)
                fns = [ours]
                if torch is not None:
                    torch.set_num_threads(threads)
                    fns.append(theirs)
                times = [t * 1e3 for t in interleaved_medians(fns, args.repeats)]
                row = [f"pad {mode} {pad}", "x".join(map(str, shape)), threads, f"{times[0]:.2f}"]
                if torch is not None:
                    row += [f"{times[1]:.2f}", f"{times[0] / times[1]:.2f}"]
                rows.append(row)
    headers = ["op (float32, fwd+bwd)", "input", "threads", "minigrad ms"]
    if torch is not None:
        headers += [f"torch {torch.__version__} ms", "ratio"]
    print_table(headers, rows)


if __name__ == "__main__":
    main()
