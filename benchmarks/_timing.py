"""Shared timing helpers for the benchmark scripts: medians of repeats after warm-up."""
import statistics
import time

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
