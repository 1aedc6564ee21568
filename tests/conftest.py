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
