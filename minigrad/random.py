"""minigrad's random number generator.

Every random creation function, initializer, dropout mask and shuffle draws
from one NumPy ``Generator``; ``manual_seed`` replaces it, so a seed makes a
whole program reproducible.
"""
import numpy as np

__all__ = ["manual_seed", "seed", "generator", "get_rng_state", "set_rng_state"]

_generator = np.random.default_rng()


def manual_seed(seed):
    """Seed minigrad's random generator.

    Every random function of minigrad (``rand``, ``randn``, weight
    initialization, dropout, ``DataLoader`` shuffling) then draws the same
    numbers in the same order, run after run.

    Parameters
    ----------
    seed : int
        A non-negative integer; the generator is rebuilt from it, so the same
        seed gives the same numbers. (NumPy's generator rejects negative seeds
        with ``ValueError``, which PyTorch would accept.)

    Returns
    -------
    numpy.random.Generator
        The new generator.

    Raises
    ------
    TypeError
        If ``seed`` is not an int.

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
    # A negative seed wraps around to 64 bits, as in PyTorch (NumPy refuses it).
    _generator = np.random.default_rng(int(seed) % 2**64)
    return _generator


def seed():
    """Seed minigrad's generator from the operating system's entropy.

    Returns
    -------
    int
        The seed used, which :func:`manual_seed` accepts to repeat the run.

    Examples
    --------
    >>> import minigrad
    >>> s = minigrad.seed()
    >>> a = minigrad.rand(2)
    >>> _ = minigrad.manual_seed(s)
    >>> bool((minigrad.rand(2) == a).all())
    True
    """
    value = int(np.random.SeedSequence().entropy % (2**63))
    manual_seed(value)
    return value


def generator():
    """The generator in use."""
    return _generator


def get_rng_state():
    """The state of minigrad's generator, to restore later with :func:`set_rng_state`.

    Returns
    -------
    dict
        The NumPy bit generator's state (plain data: it can be saved with
        :func:`minigrad.save`).

    Examples
    --------
    >>> import minigrad
    >>> state = minigrad.get_rng_state()
    >>> a = minigrad.randn(3)
    >>> minigrad.set_rng_state(state)
    >>> bool((minigrad.randn(3) == a).all())
    True
    """
    return _generator.bit_generator.state


def set_rng_state(state):
    """Restore a state of minigrad's generator returned by :func:`get_rng_state`.

    The random numbers drawn afterwards repeat those drawn after the state was
    taken; checkpoints save it so that a resumed run shuffles its data as the
    uninterrupted run would.

    Parameters
    ----------
    state : dict
        A state returned by :func:`get_rng_state` (the NumPy bit generator's
        state); anything else raises ``TypeError`` or ``ValueError``.

    Examples
    --------
    >>> import minigrad
    >>> state = minigrad.get_rng_state()
    >>> first = minigrad.randperm(5)
    >>> minigrad.set_rng_state(state)
    >>> minigrad.randperm(5).tolist() == first.tolist()
    True
    """
    if not isinstance(state, dict):
        raise TypeError(f"set_rng_state: expected a state from get_rng_state (a dict), got "
                        f"{type(state).__name__}")
    try:
        _generator.bit_generator.state = state
    except (TypeError, ValueError, KeyError) as error:
        raise ValueError(f"set_rng_state: not a state from get_rng_state ({error})") from None
