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


@pytest.fixture(params=["baseline", "avx2", "avx512"])
def simd_level(request):
    """Run the test at each SIMD level this processor runs, in turn."""
    from minigrad._ext import _cpu

    if request.param not in _cpu.cpu_simd_levels():
        pytest.skip(f"this processor has no {request.param}")
    previous = _cpu.set_simd_level(request.param)
    yield request.param
    _cpu.set_simd_level(previous)
