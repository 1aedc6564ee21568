"""Helpers shared by the layer modules: tuples of hyper-parameters and factory arguments."""
import numpy as np

from minigrad import dtypes
from minigrad.device import check_device


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
    from minigrad.nn.parameter import Parameter

    return Parameter(np.empty(shape, dtype))


def _check_int(op, name, value, minimum=1):
    """``value`` as an int, or a ValueError if it is not an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        kind = "a positive" if minimum == 1 else "a non-negative" if minimum == 0 else "an"
        raise ValueError(f"{op}: {name} must be {kind} integer, got {value!r}")
    return int(value)


def _check_probability(op, p):
    if isinstance(p, bool) or not isinstance(p, (int, float, np.number)) or not 0 <= p <= 1:
        raise ValueError(f"{op}: dropout probability has to be between 0 and 1, but got {p}")
    return p


def _int_tuple(op, name, value, n, minimum):
    """An int or a sequence of 1 or ``n`` ints, each ``>= minimum``, as an ``n``-tuple."""
    values = tuple(value) if isinstance(value, (list, tuple)) else (value,) * n
    if len(values) == 1:
        values = values * n
    if len(values) != n or any(
            isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < minimum
            for v in values):
        bound = "positive" if minimum == 1 else "non-negative"
        raise ValueError(f"{op}: {name} must be a {bound} int or a tuple of {n} of them, "
                         f"got {value!r}")
    return tuple(int(v) for v in values)
