"""``minigrad.backends.mps``: Apple's GPU backend, which minigrad does not have.

Examples
--------
>>> import minigrad
>>> device = minigrad.device("mps" if minigrad.backends.mps.is_available() else "cpu")
>>> device
device(type='cpu')
"""

__all__ = ["is_available", "is_built"]


def is_available() -> bool:
    """Whether Apple's MPS GPU backend can be used: always False.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.backends.mps.is_available()
    False
    """
    return False


def is_built() -> bool:
    """Whether minigrad was built with the MPS backend: always False.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.backends.mps.is_built()
    False
    """
    return False
