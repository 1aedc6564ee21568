"""The dtypes minigrad works with, and turning user values into arrays.

Floating point defaults to float32 as in PyTorch; float64 is supported
everywhere (gradient checks run in it); int64 and bool hold indices and masks.
"""
import numpy as np

float16 = np.dtype(np.float16)
float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
int32 = np.dtype(np.int32)
int64 = np.dtype(np.int64)
uint8 = np.dtype(np.uint8)
bool_ = np.dtype(np.bool_)

float = float32
double = float64
half = float16
long = int64

_SUPPORTED = {float32, float64, float16, int32, int64, uint8, np.dtype(np.int8),
              np.dtype(np.int16), bool_}

_default_float = float32


def get_default_dtype():
    """The dtype of tensors made from Python floats: float32 unless changed.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.get_default_dtype()
    dtype('float32')
    """
    return _default_float


def set_default_dtype(dtype):
    """Make ``dtype`` the dtype of tensors made from Python floats and of new layers.

    Parameters
    ----------
    dtype : float32 or float64
        The new default floating-point dtype; it holds for the whole process
        until changed again.

    Raises
    ------
    TypeError
        For any other dtype.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.set_default_dtype(minigrad.float64)
    >>> minigrad.tensor([1.5]).dtype
    dtype('float64')
    >>> minigrad.set_default_dtype(minigrad.float32)
    """
    global _default_float
    dtype = resolve(dtype, "set_default_dtype")
    if dtype not in (float32, float64):
        raise TypeError(f"set_default_dtype: expected float32 or float64, got {dtype}")
    _default_float = dtype


def resolve(dtype, op):
    """``dtype`` as a NumPy dtype, or a ``TypeError`` naming ``op``."""
    if not isinstance(dtype, (str, type, np.dtype)):
        # np.dtype() would take any object with a .dtype, a tensor's included.
        raise TypeError(f"{op}: a {type(dtype).__name__} is not a dtype")
    try:
        resolved = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}: {dtype!r} is not a dtype") from None
    if resolved not in _SUPPORTED:
        raise TypeError(f"{op}: unsupported dtype {resolved}")
    return resolved


def as_array(data, dtype, op):
    """Turn ``data`` (nested lists, scalars, arrays) into an ndarray, always a copy.

    Python floats become the default float dtype and Python ints int64, as
    in PyTorch; arrays keep their dtype unless ``dtype`` is given. (A Tensor
    passes its array: this module knows nothing of tensors.)
    """
    if dtype is not None:
        dtype = resolve(dtype, op)
    if isinstance(data, np.ndarray):
        array = data
        if array.dtype == np.float64 and dtype is None:
            return array.copy()
    else:
        try:
            array = np.asarray(data)
        except ValueError as error:
            raise ValueError(f"{op}: could not make an array of the data: {error}") from None
        if array.dtype == np.float64 and dtype is None:
            return array.astype(_default_float)
    if array.dtype.kind == "O":
        raise TypeError(f"{op}: could not convert {type(data).__name__} to a numeric array")
    if dtype is not None:
        try:
            return np.array(array, dtype=dtype, copy=True)
        except (TypeError, ValueError) as error:
            raise type(error)(f"{op}: could not convert the data to {dtype}: {error}") from None
    if array.dtype not in _SUPPORTED:
        if array.dtype.kind == "f":
            return array.astype(_default_float)
        if array.dtype.kind in "iu":
            return array.astype(int64)
        raise TypeError(f"{op}: unsupported dtype {array.dtype}")
    return np.array(array, copy=True)


def normalize_dim(dim, ndim, op):
    """A possibly negative dimension index as a non-negative one."""
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be an int, got {type(dim).__name__}")
    lo = -max(ndim, 1)
    hi = max(ndim, 1) - 1
    if not lo <= dim <= hi:
        raise IndexError(f"{op}: dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})")
    return int(dim) % max(ndim, 1)

