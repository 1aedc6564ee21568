import contextlib

import numpy as np
import pytest

import minigrad


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same seed, so random tests are reproducible."""
    minigrad.manual_seed(0)
    yield


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@contextlib.contextmanager
def running_at(level):
    """Run the block's kernels at the SIMD level ``level``; skip the test if the processor lacks it."""
    from minigrad._ext import _cpu

    if level not in _cpu.cpu_simd_levels():
        pytest.skip(f"this processor has no {level}")
    previous = _cpu.set_simd_level(level)
    try:
        yield level
    finally:
        _cpu.set_simd_level(previous)


@pytest.fixture(params=["baseline", "avx2", "avx512"])
def simd_level(request):
    """Run the test at each SIMD level this processor runs, in turn."""
    with running_at(request.param):
        yield request.param
