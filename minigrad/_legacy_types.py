"""PyTorch's legacy tensor types: ``minigrad.FloatTensor(2, 3)``, ``isinstance(t, LongTensor)``.

Older PyTorch scripts make tensors with the typed constructors
(``torch.FloatTensor(64, 3, 32, 32)``, ``torch.LongTensor([1, 2])``) and test
types with them (``isinstance(x.data, torch.cuda.FloatTensor)``). Each type
here is a class whose instances are the ordinary :class:`~minigrad.Tensor`
objects of its dtype: calling it makes a tensor, ``isinstance`` compares
dtypes. The ``minigrad.cuda`` variants hold no tensor (minigrad has no GPU)
and refuse to make one, as PyTorch does without CUDA.
"""
import numpy as np

from minigrad import dtypes
from minigrad._device import check_device
from minigrad.tensor import Tensor, legacy_constructor_array


class _LegacyType(type):
    """The metaclass of the legacy types: their calls make tensors, ``isinstance`` checks dtype."""

    def __instancecheck__(cls, obj):
        return not cls.is_cuda and isinstance(obj, Tensor) and obj.dtype == cls.dtype

    def __call__(cls, *args, device=None):
        name = cls._name()
        if cls.is_cuda:
            raise RuntimeError(f"{name}: minigrad runs on CPUs only; there is no CUDA device")
        check_device(device, name)
        return Tensor._make(legacy_constructor_array(name, cls.dtype, args), False)

    def _name(cls):
        """``FloatTensor`` or ``cuda.FloatTensor``, for messages."""
        return ("cuda." if cls.is_cuda else "") + cls.__qualname__

    def __repr__(cls):
        return f"<class '{cls.__module__}.{cls.__qualname__}'>"


_CPU_DOC = """PyTorch's legacy type of {dtype} tensors: makes them, and ``isinstance`` finds them.

Calling it makes an ordinary :class:`~minigrad.Tensor` of dtype {dtype};
``isinstance(t, minigrad.{name})`` is true for every {dtype} tensor. Prefer
:func:`minigrad.empty` and :func:`minigrad.tensor` in new code.

Parameters
----------
*args : ints, Size, sequence or Tensor
    Nothing: an empty tensor of shape ``(0,)``. Ints, or one
    :class:`~minigrad.Size`: an uninitialised tensor of that shape. One
    sequence (list, tuple, NumPy array): a tensor holding that data, in
    {dtype}. One tensor of dtype {dtype}: a tensor sharing its memory.
device : str or minigrad.device, optional
    The CPU (the default); any other device raises ``ValueError``.

Returns
-------
Tensor

Raises
------
TypeError
    For a scalar, a string, sizes mixed with data, or a tensor of another dtype.
ValueError
    For a negative size.
MemoryError
    For a shape larger than the machine's memory.

Examples
--------
>>> import minigrad
>>> minigrad.{name}(2, 3).shape
minigrad.Size([2, 3])
>>> minigrad.{name}([1, 0]).dtype
dtype('{dtype}')
>>> isinstance(minigrad.zeros(2).to(minigrad.{name}.dtype), minigrad.{name})
True
"""

_CUDA_DOC = """PyTorch's legacy type of CUDA {dtype} tensors, which minigrad never has.

``isinstance(t, minigrad.cuda.{name})`` is always false, so scripts that
test for GPU tensors take their CPU branch; calling it raises, as PyTorch
does without CUDA.

Parameters
----------
*args : ints, Size, sequence or Tensor
    What :class:`minigrad.{name}` takes.
device : str or minigrad.device, optional
    Ignored: the call raises first.

Raises
------
RuntimeError
    Always: there is no CUDA device.

Examples
--------
>>> import minigrad
>>> isinstance(minigrad.zeros(2).to(minigrad.cuda.{name}.dtype), minigrad.cuda.{name})
False
>>> minigrad.cuda.{name}(2)
Traceback (most recent call last):
    ...
RuntimeError: cuda.{name}: minigrad runs on CPUs only; there is no CUDA device
"""


def _legacy_type(name, dtype, module, is_cuda=False):
    dtype = np.dtype(dtype)
    doc = (_CUDA_DOC if is_cuda else _CPU_DOC).format(name=name, dtype=dtype)
    return _LegacyType(name, (), {"dtype": dtype, "is_cuda": is_cuda,
                                  "__module__": module, "__doc__": doc})


_DTYPES = {
    "FloatTensor": dtypes.float32, "DoubleTensor": dtypes.float64, "HalfTensor": np.float16,
    "LongTensor": dtypes.int64, "IntTensor": np.int32, "ShortTensor": np.int16,
    "CharTensor": np.int8, "ByteTensor": np.uint8, "BoolTensor": np.bool_,
}

#: ``minigrad.FloatTensor`` and the others, by name.
CPU_TYPES = {name: _legacy_type(name, dtype, "minigrad") for name, dtype in _DTYPES.items()}
#: ``minigrad.cuda.FloatTensor`` and the others: never an instance, never made.
CUDA_TYPES = {name: _legacy_type(name, dtype, "minigrad.cuda", is_cuda=True)
              for name, dtype in _DTYPES.items()}
