"""Shared timing helpers for the benchmark scripts: medians of repeats after warm-up."""
import statistics
import time

import numpy as np

import minigrad


def median_time(fn, repeats=7, warmup=2, number=1):
    """The median over ``repeats`` of the mean time of ``number`` calls of ``fn``, in seconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def interleaved_medians(functions, repeats, warmup=2, number=1):
    """The median over ``repeats`` of each function's mean time of ``number`` calls, in seconds.

    The functions' samples are taken in turn: on a shared machine the load
    changes from second to second, and alternating exposes every function
    to the same conditions.
    """
    for fn in functions:
        for _ in range(warmup):
            fn()
    samples = [[] for _ in functions]
    for _ in range(repeats):
        for fn, times in zip(functions, samples):
            start = time.perf_counter()
            for _ in range(number):
                fn()
            times.append((time.perf_counter() - start) / number)
    return [statistics.median(times) for times in samples]


def print_simd_level():
    """Print the SIMD level minigrad's kernels run at, so that every table says what it measured.

    The level is the processor's best unless ``MINIGRAD_SIMD`` (``baseline``,
    ``avx2`` or ``avx512``) lowers it: ``MINIGRAD_SIMD=avx2 python
    benchmarks/lenet5.py`` measures the AVX2 kernels on an AVX-512 machine.
    """
    info = minigrad.build_info()
    print(f"minigrad SIMD level: {info['simd_level']} (this CPU runs "
          f"{', '.join(info['cpu_simd_levels'])}; MINIGRAD_SIMD sets it)")


def try_import_torch():
    """PyTorch if it is installed (it is never a dependency), else None."""
    try:
        import torch
    except ImportError:
        return None
    return torch


def print_table(headers, rows):
    """Print rows as an aligned plain-text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for k, row in enumerate(cells):
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def _backward_step(lib, data, call, grad):
    """A function running ``call(lib, x)`` and its backward on a fresh gradient of ``x``."""
    x = lib.tensor(data, requires_grad=True)
    grad = lib.tensor(grad)

    def run():
        x.grad = None
        call(lib, x).backward(grad)
    return run


def forward_backward_table(title, cases, threads_list, repeats, torch, seed=0):
    """Time forward + backward of each case in minigrad and PyTorch, in turn; print the table.

    ``cases`` holds ``(label, data, call)``: ``data`` is the float32 input
    array and ``call(lib, x)`` applies the op to the tensor ``x`` of ``lib``
    (``minigrad`` or ``torch``). Both libraries start from the same input and
    backpropagate the same random output gradient; each figure is the median
    of ``repeats`` calls, the two libraries' calls taken in turn. ``ratio`` is
    minigrad / torch: below 1 means minigrad is faster.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for label, data, call in cases:
        out_shape = call(minigrad, minigrad.tensor(data)).shape
        grad = rng.standard_normal(tuple(out_shape), dtype=np.float32)
        steps = [_backward_step(minigrad, data, call, grad)]
        if torch is not None:
            steps.append(_backward_step(torch, data, call, grad))
        for threads in threads_list:
            minigrad.set_num_threads(threads)
            if torch is not None:
                torch.set_num_threads(threads)
            times = [t * 1e3 for t in interleaved_medians(steps, repeats)]
            row = [label, "x".join(map(str, data.shape)), threads, f"{times[0]:.2f}"]
            if torch is not None:
                row += [f"{times[1]:.2f}", f"{times[0] / times[1]:.2f}"]
            rows.append(row)
    headers = [f"{title} (float32, fwd+bwd)", "input", "threads", "minigrad ms"]
    if torch is not None:
        headers += [f"torch {torch.__version__} ms", "ratio"]
    print_table(headers, rows)
