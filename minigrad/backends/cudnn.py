"""``minigrad.backends.cudnn``: cuDNN's switches, accepted and ignored.

PyTorch runs convolutions on the GPU through NVIDIA's cuDNN and lets a
script choose how: ``benchmark`` (time several algorithms and keep the
fastest), ``deterministic`` (only algorithms whose results do not vary from
run to run), ``enabled`` and ``allow_tf32``. minigrad does not use cuDNN:
its convolutions run its own CPU kernels, which give bit-identical results
at any thread count, so there is nothing to tune. The four attributes exist,
hold PyTorch's defaults and may be set; setting them changes nothing.

Examples
--------
>>> import minigrad
>>> minigrad.backends.cudnn.benchmark = True
>>> minigrad.backends.cudnn.deterministic = True
>>> minigrad.backends.cudnn.is_available(), minigrad.backends.cudnn.version()
(False, None)
"""

__all__ = ["is_available", "version"]

enabled = True
benchmark = False
deterministic = False
allow_tf32 = True


def is_available() -> bool:
    """Whether cuDNN can be used: always False.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.backends.cudnn.is_available()
    False
    """
    return False


def version():
    """cuDNN's version: ``None``, as PyTorch without cuDNN.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.backends.cudnn.version() is None
    True
    """
    return None
