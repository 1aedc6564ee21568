"""Argument checks shared by every op family and by the layers of ``minigrad.nn``.

One copy, so the same mistake raises the same exception everywhere, in a
layer's constructor and in its functional twin alike: ``TypeError`` for a
value of the wrong type, ``ValueError`` for a value of the right type that is
out of range. Every message starts with the op (``max_pool2d``,
``MaxPool2d``) and names the argument.
"""
import functools
import math
import numbers
import os

import numpy as np

__all__ = ["accepts_axis", "check_allocation", "check_bool", "check_int", "check_number",
           "check_probability", "check_tensor", "int_sequence", "int_tuple", "is_int"]


def is_int(value) -> bool:
    """Whether ``value`` is an integer: a Python or NumPy int, but not a bool."""
    # type() first: an isinstance check against the numbers ABC is several times slower.
    return type(value) is int or (
        isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)))


def _bound(minimum):
    return {1: "positive", 0: "non-negative"}[minimum]


def check_int(op, name, value, minimum=None) -> int:
    """``value`` as an int: ``TypeError`` if it is not one, ``ValueError`` if below ``minimum``."""
    if not is_int(value):
        raise TypeError(f"{op}: {name} must be an int, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{op}: {name} must be a {_bound(minimum)} integer, got {name}={value!r}")
    return int(value)


def int_tuple(op, name, value, n, minimum=None) -> tuple:
    """An int, or a sequence of 1 or ``n`` ints, as an ``n``-tuple of ints.

    ``TypeError`` for anything else (a float, a string, a sequence holding a
    non-int); ``ValueError`` for a sequence of another length or, when
    ``minimum`` is given, a value below it.
    """
    if is_int(value):
        values = (int(value),) * n
    elif isinstance(value, (tuple, list)) and all(map(is_int, value)):
        if len(value) not in (1, n):
            raise ValueError(
                f"{op}: {name} must be an int or a tuple of {n} ints, got {len(value)} "
                f"values: {name}={value!r}"
            )
        values = tuple(int(v) for v in value) * (n if len(value) == 1 else 1)
    else:
        raise TypeError(f"{op}: {name} must be an int or a tuple of {n} ints, got {value!r}")
    if minimum is not None and min(values) < minimum:
        raise ValueError(f"{op}: {name} must be {_bound(minimum)}, got {name}={value!r}")
    return values


def int_sequence(op, name, value) -> tuple:
    """A sequence of ints (or one int) as a tuple of ints; ``TypeError`` for anything else."""
    if is_int(value):
        return (int(value),)
    if isinstance(value, (tuple, list)) and all(map(is_int, value)):
        return tuple(int(v) for v in value)
    raise TypeError(f"{op}: {name} must be an int or a sequence of ints, got {value!r}")


def check_number(op, name, value) -> float:
    """``value`` as a float, or a ``TypeError`` if it is not a real number (bools excluded)."""
    if type(value) is float:  # the common case, on every call of some ops
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{op}: {name} must be a real number, got {value!r}")
    return float(value)


def check_bool(op, name, value):
    """``value`` as a bool: a bool, an int or None (as false); ``TypeError`` for anything else.

    A tensor in particular: its truth value would be ambiguous, and an
    argument given by mistake in the wrong place should say so.
    """
    if value is None or isinstance(value, (bool, np.bool_, numbers.Integral)):
        return bool(value)
    raise TypeError(f"{op}: {name} must be a bool, got {type(value).__name__}")


def check_tensor(op, name, value):
    """``value``, or a ``TypeError`` naming ``op`` if it is not a Tensor."""
    from minigrad.tensor import Tensor  # late: minigrad.tensor imports this module

    if not isinstance(value, Tensor):
        raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(value).__name__}")
    return value


_SURELY_AVAILABLE = 1 << 26


def _physical_memory():
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return 1 << 62


def check_allocation(op, what, shape, itemsize):
    """A ``MemoryError`` naming ``op`` if an array of ``shape`` exceeds the machine's memory.

    Computed exactly, before NumPy tries (its own error names no op, or reads
    "array is too big" past 2**63 bytes).
    """
    size = math.prod(int(n) for n in shape) * itemsize
    # Asking the system costs a call into the kernel; no machine this runs on has
    # less memory than _SURELY_AVAILABLE.
    if size > _SURELY_AVAILABLE and size > _physical_memory():
        raise MemoryError(f"{op}: the {what} of shape {list(shape)} needs {size} bytes, more "
                          f"than this machine's memory")


def check_probability(op, p, name="p"):
    """A dropout probability: a number (``TypeError`` otherwise) in ``[0, 1]`` (``ValueError``)."""
    check_number(op, name, p)
    if not 0 <= p <= 1:
        raise ValueError(f"{op}: dropout probability has to be between 0 and 1, but got {p}")
    return p


def accepts_axis(fn):
    """Let ``fn`` take NumPy's ``axis=`` and ``keepdims=`` for ``dim=`` and ``keepdim=``.

    PyTorch accepts these aliases on every function with a ``dim`` argument
    (``x.sum(axis=0)``); so does minigrad, for the functions this decorates.
    Passing a name together with its alias raises ``TypeError``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.sum(minigrad.ones(2, 3), axis=1, keepdims=True).shape
    minigrad.Size([2, 1])
    """
    @functools.wraps(fn)
    def with_aliases(*args, **kwargs):
        if kwargs:
            for alias, name in (("axis", "dim"), ("keepdims", "keepdim")):
                if alias in kwargs:
                    if name in kwargs:
                        raise TypeError(f"{fn.__name__}: got both {name} and its alias {alias}")
                    kwargs[name] = kwargs.pop(alias)
        return fn(*args, **kwargs)

    return with_aliases
