"""Helpers shared by the layer modules: tuples of hyper-parameters and factory arguments.

The argument checks are those of the ops, in :mod:`minigrad.ops._args`.
"""
import numpy as np

from minigrad import dtypes
from minigrad._device import check_device
from minigrad.nn.parameter import Parameter


def _ntuple(n, name):
    def parse(value):
        if isinstance(value, (list, tuple)):
            return tuple(value)
        return (value,) * n

    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")


def _factory_dtype(op, device, dtype):
    """The dtype of a layer's parameters from PyTorch's ``device=`` / ``dtype=`` arguments."""
    check_device(device, op)
    if dtype is None:
        return dtypes.get_default_dtype()
    resolved = dtypes.resolve(dtype, op)
    if resolved.kind != "f":
        raise TypeError(f"{op}: parameters must have a floating-point dtype, got {resolved}")
    return resolved


def _empty(shape, dtype):
    return Parameter(np.empty(shape, dtype))
