"""minigrad's random number generator.

Every random creation function, initializer, dropout mask and shuffle draws
from one NumPy ``Generator``; ``manual_seed`` replaces it, so a seed makes a
whole program reproducible.
"""
import numpy as np

__all__ = ["manual_seed", "seed", "generator", "get_rng_state", "set_rng_state"]

_generator = np.random.default_rng()


def manual_seed(seed):
    """Seed minigrad's generator; returns the generator.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0); a = minigrad.rand(2)
    >>> _ = minigrad.manual_seed(0); b = minigrad.rand(2)
    >>> bool((a == b).all())
    True
    """
    global _generator
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"manual_seed: expected an int seed, got {type(seed).__name__}")
    _generator = np.random.default_rng(int(seed))
    return _generator


def seed():
    """Seed the generator from the operating system's entropy; returns the seed."""
    value = int(np.random.SeedSequence().entropy % (2**63))
    manual_seed(value)
    return value


def generator():
    """The generator in use."""
    return _generator


def get_rng_state():
    """The generator's state, to restore later with ``set_rng_state``."""
    return _generator.bit_generator.state


def set_rng_state(state):
    """Restore a state returned by ``get_rng_state``."""
    _generator.bit_generator.state = state
