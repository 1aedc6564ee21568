"""Devices: minigrad computes on the CPU only.

PyTorch code passes devices around (``x.to(device)``, ``nn.Linear(...,
device=d)``, ``model.to("cpu")``). minigrad accepts the CPU in every
spelling PyTorch does and refuses any other device with a clear error,
instead of failing later in an unrelated way.
"""
import numpy as np

__all__ = ["check_device", "parse_to_arguments"]

_CPU_NAMES = ("cpu", "cpu:0")


def check_device(device, op):
    """Raise ``ValueError`` unless ``device`` is None or names the CPU.

    Examples
    --------
    >>> from minigrad.device import check_device
    >>> check_device("cpu", "to")
    >>> check_device("cuda", "to")
    Traceback (most recent call last):
        ...
    ValueError: to: minigrad runs on the CPU only, got device 'cuda'
    """
    if device is not None and str(device) not in _CPU_NAMES:
        raise ValueError(f"{op}: minigrad runs on the CPU only, got device {str(device)!r}")


def _is_dtype_name(text):
    try:
        np.dtype(text)
    except TypeError:
        return False
    return True


def parse_to_arguments(args, kwargs, op):
    """The dtype (or None) and ``copy`` flag of a PyTorch-style ``to(...)`` call.

    Accepts ``to(dtype)``, ``to(device)``, ``to(device, dtype)``,
    ``to(tensor)`` (its dtype) and the keywords ``device``, ``dtype``,
    ``copy`` and ``non_blocking`` (ignored: there is nothing to overlap).
    The device is checked with :func:`check_device`.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.device import parse_to_arguments
    >>> parse_to_arguments(("cpu", minigrad.float64), {}, "to")
    (dtype('float64'), False)
    >>> parse_to_arguments((), {"device": "cpu", "copy": True}, "to")
    (None, True)
    """
    from minigrad.tensor import Tensor

    kwargs = dict(kwargs)
    device = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    copy = bool(kwargs.pop("copy", False))
    kwargs.pop("non_blocking", None)
    if kwargs:
        raise TypeError(f"{op}: unexpected keyword arguments {sorted(kwargs)}")
    if len(args) > 2:
        raise TypeError(f"{op}: expected at most a device and a dtype, got {len(args)} arguments")
    for arg in args:
        if isinstance(arg, Tensor):
            dtype = arg.dtype
        elif isinstance(arg, str) and not _is_dtype_name(arg):
            device = arg
        else:
            dtype = arg
    check_device(device, op)
    return dtype, copy
