"""``minigrad.accelerator``: the answers of ``torch.accelerator`` on a CPU-only library.

PyTorch's device-generic way to ask for a GPU (CUDA, MPS, XPU ...) is
``torch.accelerator.current_accelerator()``, which is ``None`` when there is
none. minigrad has no accelerator, so code of this form picks the CPU:

Examples
--------
>>> import minigrad
>>> device = (minigrad.accelerator.current_accelerator()
...           if minigrad.accelerator.is_available() else minigrad.device("cpu"))
>>> device
device(type='cpu')
"""

__all__ = ["is_available", "current_accelerator", "device_count"]


def is_available() -> bool:
    """Whether an accelerator (a GPU of any kind) can be used: always False.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.accelerator.is_available()
    False
    """
    return False


def current_accelerator(check_available: bool = False):
    """The accelerator's device type: always ``None``, as PyTorch without one.

    Parameters
    ----------
    check_available : bool, default False
        Accepted for PyTorch's signature; the answer is ``None`` either way.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.accelerator.current_accelerator() is None
    True
    """
    return None


def device_count() -> int:
    """The number of accelerator devices: always 0.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.accelerator.device_count()
    0
    """
    return 0
