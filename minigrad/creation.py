"""Functions that make tensors: from data, filled with a value, ranges and random draws."""
import numpy as np

from minigrad import dtypes
from minigrad import random as _random
from minigrad.tensor import Tensor

__all__ = [
    "tensor", "from_numpy", "zeros", "ones", "full", "empty", "eye", "arange", "linspace",
    "rand", "randn", "randint", "randperm", "zeros_like", "ones_like", "full_like",
    "empty_like", "rand_like", "randn_like", "randint_like",
]


def _shape(size, op):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for s in size:
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            raise TypeError(f"{op}: sizes must be ints, got {type(s).__name__}")
        if s < 0:
            raise ValueError(f"{op}: sizes must be non-negative, got {list(size)}")
    return tuple(int(s) for s in size)


def _float_dtype(dtype, op):
    return dtypes.get_default_dtype() if dtype is None else dtypes.resolve(dtype, op)


def _made(array, requires_grad):
    t = Tensor._make(array, False)
    if requires_grad:
        t.requires_grad = True
    return t


def tensor(data, dtype=None, requires_grad=False):
    """A tensor holding a copy of ``data`` (nested lists, scalars, arrays).

    Examples
    --------
    >>> import minigrad
    >>> minigrad.tensor([[1, 2], [3, 4]]).dtype
    dtype('int64')
    >>> minigrad.tensor([1.5, 2.5]).dtype
    dtype('float32')
    """
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def from_numpy(array):
    """A tensor sharing memory with ``array`` (changes to one show in the other)."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected np.ndarray, got {type(array).__name__}")
    dtypes.resolve(array.dtype, "from_numpy")
    return Tensor._make(array, False)


def zeros(*size, dtype=None, requires_grad=False):
    """A tensor of zeros of the given shape."""
    return _made(np.zeros(_shape(size, "zeros"), _float_dtype(dtype, "zeros")), requires_grad)


def ones(*size, dtype=None, requires_grad=False):
    """A tensor of ones of the given shape."""
    return _made(np.ones(_shape(size, "ones"), _float_dtype(dtype, "ones")), requires_grad)


def empty(*size, dtype=None, requires_grad=False):
    """An uninitialised tensor of the given shape."""
    return _made(np.empty(_shape(size, "empty"), _float_dtype(dtype, "empty")), requires_grad)


def full(size, fill_value, dtype=None, requires_grad=False):
    """A tensor of the given shape filled with ``fill_value``.

    The dtype follows the value (bool, int64 or the default float) unless given.
    """
    size = _shape((size,) if isinstance(size, (int, np.integer)) else tuple(size), "full")
    if dtype is None:
        dtype = np.asarray(fill_value).dtype
        if dtype.kind == "f":
            dtype = dtypes.get_default_dtype()
        elif dtype.kind in "iu":
            dtype = dtypes.int64
    return _made(np.full(size, fill_value, dtypes.resolve(dtype, "full")), requires_grad)


def eye(n, m=None, dtype=None, requires_grad=False):
    """A 2-d tensor with ones on the diagonal and zeros elsewhere."""
    n, m = _shape((n, n if m is None else m), "eye")
    return _made(np.eye(n, m, dtype=_float_dtype(dtype, "eye")), requires_grad)


def arange(start, end=None, step=1, dtype=None, requires_grad=False):
    """Values from ``start`` up to (not including) ``end`` in steps of ``step``.

    Integer arguments give int64, any float gives the default float dtype.
    """
    if end is None:
        start, end = 0, start
    if step == 0:
        raise ValueError("arange: step must be nonzero")
    if dtype is None:
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = dtypes.int64 if is_int else dtypes.get_default_dtype()
    return _made(np.arange(start, end, step, dtype=dtypes.resolve(dtype, "arange")), requires_grad)


def linspace(start, end, steps, dtype=None, requires_grad=False):
    """``steps`` values evenly spaced from ``start`` to ``end`` inclusive."""
    if steps < 0:
        raise ValueError(f"linspace: number of steps must be non-negative, got {steps}")
    return _made(np.linspace(start, end, steps, dtype=_float_dtype(dtype, "linspace")),
                 requires_grad)


def rand(*size, dtype=None, requires_grad=False):
    """Uniform samples on [0, 1) from minigrad's seeded generator."""
    dtype = _float_dtype(dtype, "rand")
    return _made(_random.generator().random(_shape(size, "rand")).astype(dtype), requires_grad)


def randn(*size, dtype=None, requires_grad=False):
    """Standard normal samples from minigrad's seeded generator."""
    dtype = _float_dtype(dtype, "randn")
    return _made(_random.generator().standard_normal(_shape(size, "randn")).astype(dtype),
                 requires_grad)


def randint(low, high=None, size=(), dtype=None):
    """Integers drawn uniformly from ``[low, high)`` (``[0, low)`` when ``high`` is omitted)."""
    if high is None:
        low, high = 0, low
    if high <= low:
        raise ValueError(f"randint: expected low < high, got low={low}, high={high}")
    size = _shape(tuple(size), "randint")
    values = _random.generator().integers(low, high, size)
    return Tensor._make(values.astype(dtypes.resolve(dtype or dtypes.int64, "randint")), False)


def randperm(n, dtype=None):
    """A random permutation of ``0 .. n-1``."""
    return Tensor._make(
        _random.generator().permutation(n).astype(dtypes.resolve(dtype or dtypes.int64, "randperm")),
        False,
    )


def _like(x, dtype):
    return x.dtype if dtype is None else dtypes.resolve(dtype, "like")


def zeros_like(x, dtype=None, requires_grad=False):
    """Zeros with the shape (and dtype, unless given) of ``x``."""
    return _made(np.zeros(x.shape, _like(x, dtype)), requires_grad)


def ones_like(x, dtype=None, requires_grad=False):
    """Ones with the shape (and dtype, unless given) of ``x``."""
    return _made(np.ones(x.shape, _like(x, dtype)), requires_grad)


def empty_like(x, dtype=None, requires_grad=False):
    """An uninitialised tensor with the shape (and dtype, unless given) of ``x``."""
    return _made(np.empty(x.shape, _like(x, dtype)), requires_grad)


def full_like(x, fill_value, dtype=None, requires_grad=False):
    """``fill_value`` everywhere, with the shape (and dtype, unless given) of ``x``."""
    return _made(np.full(x.shape, fill_value, _like(x, dtype)), requires_grad)


def rand_like(x, dtype=None, requires_grad=False):
    """Uniform samples on [0, 1) with the shape of ``x``."""
    return rand(*x.shape, dtype=dtype or x.dtype, requires_grad=requires_grad)


def randn_like(x, dtype=None, requires_grad=False):
    """Standard normal samples with the shape of ``x``."""
    return randn(*x.shape, dtype=dtype or x.dtype, requires_grad=requires_grad)


def randint_like(x, low, high=None, dtype=None):
    """Random integers with the shape of ``x``."""
    return randint(low, high, x.shape, dtype=dtype or x.dtype)
