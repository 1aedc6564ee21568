"""Padding layers: constant (and zero), reflection, replication and circular, in 1, 2 and 3-d.

``padding`` is an int (the same on every side) or a tuple of ``2 * N``
ints ``(left, right, top, bottom, front, back)``, starting from the last
dimension, as ``nn.functional.pad`` takes it.
"""

from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import is_int
from minigrad.tensor import Tensor

__all__ = [
    "ZeroPad1d", "ZeroPad2d", "ZeroPad3d", "ConstantPad1d", "ConstantPad2d", "ConstantPad3d",
    "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
    "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d",
    "CircularPad1d", "CircularPad2d", "CircularPad3d",
]


def _padding_tuple(op, padding, n):
    if is_int(padding):
        return (int(padding),) * (2 * n)
    message = f"{op}: padding must be an int or a tuple of {2 * n} ints, got {padding!r}"
    if not isinstance(padding, (list, tuple)) or not all(map(is_int, padding)):
        raise TypeError(message)
    if len(padding) != 2 * n:
        raise ValueError(message)
    return tuple(int(p) for p in padding)


class _PadNd(Module):
    """Shared state and forward; subclasses set ``_n`` (1, 2, 3) and ``_mode``."""

    _n = 0
    _mode = "constant"

    def __init__(self, padding):
        super().__init__()
        self.padding = _padding_tuple(type(self).__name__, padding, self._n)

    def forward(self, input):
        if not isinstance(input, Tensor):
            raise TypeError(f"{type(self).__name__}: expected input to be a Tensor, got "
                            f"{type(input).__name__}")
        if self._mode != "constant" and input.ndim not in (self._n + 1, self._n + 2):
            raise ValueError(
                f"{type(self).__name__}: expected a {self._n + 1}-d or {self._n + 2}-d input, got "
                f"shape {list(input.shape)}"
            )
        return F.pad(input, self.padding, self._mode, self._value())

    def _value(self):
        return 0.0

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value: float):
        super().__init__(padding)
        self.value = value

    def _value(self):
        return self.value

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dimension with ``value``.

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The same size on both sides, or ``(left, right)``.
    value : float
        The fill value.

    Shape
    -----
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``
    - Output: ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConstantPad1d((1, 2), 3.5)(minigrad.zeros(1, 2))
    tensor([[3.5000, 0.0000, 0.0000, 3.5000, 3.5000]])
    """

    _n = 1


class ConstantPad2d(_ConstantPadNd):
    """Pad the last two dimensions with ``value``.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The same size on every side, or ``(left, right, top, bottom)``.
    value : float
        The fill value.

    Shape
    -----
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConstantPad2d((1, 1, 2, 0), 1.0)(minigrad.zeros(1, 2, 2)).shape
    minigrad.Size([1, 4, 4])
    """

    _n = 2


class ConstantPad3d(_ConstantPadNd):
    """Pad the last three dimensions with ``value``.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The same size on every side, or
        ``(left, right, top, bottom, front, back)``.
    value : float
        The fill value.

    Shape
    -----
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``
    - Output: each of D, H, W grows by its two paddings

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConstantPad3d(1, 0.5)(minigrad.zeros(1, 1, 1, 1)).shape
    minigrad.Size([1, 3, 3, 3])
    """

    _n = 3


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad1d(_ZeroPadNd):
    """Pad the last dimension with zeros.

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The same size on both sides, or ``(left, right)``.

    Shape
    -----
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``
    - Output: ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ZeroPad1d(1)(minigrad.ones(1, 2))
    tensor([[0., 1., 1., 0.]])
    """

    _n = 1


class ZeroPad2d(_ZeroPadNd):
    """Pad the last two dimensions with zeros.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The same size on every side, or ``(left, right, top, bottom)``.

    Shape
    -----
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ZeroPad2d((1, 1, 0, 0))(minigrad.ones(1, 1, 2))
    tensor([[[0., 1., 1., 0.]]])
    """

    _n = 2


class ZeroPad3d(_ZeroPadNd):
    """Pad the last three dimensions with zeros.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The same size on every side, or
        ``(left, right, top, bottom, front, back)``.

    Shape
    -----
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``
    - Output: ``D_out = D_in + front + back``, ``H_out = H_in + top + bottom``,
      ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ZeroPad3d(1)(minigrad.ones(1, 1, 1, 1)).shape
    minigrad.Size([1, 3, 3, 3])
    """

    _n = 3


class ReflectionPad1d(_PadNd):
    """Pad the last dimension with its reflection (the edge value is not repeated).

    Each padding must be smaller than the padded dimension.

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The same size on both sides, or ``(left, right)``.

    Shape
    -----
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``
    - Output: ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReflectionPad1d(2)(minigrad.tensor([[0.0, 1.0, 2.0, 3.0]]))
    tensor([[2., 1., 0., 1., 2., 3., 2., 1.]])
    """

    _n = 1
    _mode = "reflect"


class ReflectionPad2d(_PadNd):
    """Pad the last two dimensions with their reflection.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The same size on every side, or ``(left, right, top, bottom)``.

    Shape
    -----
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReflectionPad2d(1)(minigrad.zeros(1, 1, 3, 3)).shape
    minigrad.Size([1, 1, 5, 5])
    """

    _n = 2
    _mode = "reflect"


class ReflectionPad3d(_PadNd):
    """Pad the last three dimensions with their reflection.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The same size on every side, or
        ``(left, right, top, bottom, front, back)``.

    Shape
    -----
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``
    - Output: each of D, H, W grows by its two paddings

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReflectionPad3d(1)(minigrad.zeros(1, 1, 2, 2, 2)).shape
    minigrad.Size([1, 1, 4, 4, 4])
    """

    _n = 3
    _mode = "reflect"


class ReplicationPad1d(_PadNd):
    """Pad the last dimension by repeating its edge values.

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The same size on both sides, or ``(left, right)``.

    Shape
    -----
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``
    - Output: ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReplicationPad1d((2, 1))(minigrad.tensor([[0.0, 1.0]]))
    tensor([[0., 0., 0., 1., 1.]])
    """

    _n = 1
    _mode = "replicate"


class ReplicationPad2d(_PadNd):
    """Pad the last two dimensions by repeating their edge values.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The same size on every side, or ``(left, right, top, bottom)``.

    Shape
    -----
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReplicationPad2d(1)(minigrad.zeros(1, 1, 3, 3)).shape
    minigrad.Size([1, 1, 5, 5])
    """

    _n = 2
    _mode = "replicate"


class ReplicationPad3d(_PadNd):
    """Pad the last three dimensions by repeating their edge values.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The same size on every side, or
        ``(left, right, top, bottom, front, back)``.

    Shape
    -----
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``
    - Output: each of D, H, W grows by its two paddings

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReplicationPad3d(1)(minigrad.zeros(1, 1, 2, 2, 2)).shape
    minigrad.Size([1, 1, 4, 4, 4])
    """

    _n = 3
    _mode = "replicate"


class CircularPad1d(_PadNd):
    """Pad the last dimension periodically (wrapping around).

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The same size on both sides, or ``(left, right)``.

    Shape
    -----
    - Input: ``(C, W_in)`` or ``(N, C, W_in)``
    - Output: ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.CircularPad1d(1)(minigrad.tensor([[0.0, 1.0, 2.0]]))
    tensor([[2., 0., 1., 2., 0.]])
    """

    _n = 1
    _mode = "circular"


class CircularPad2d(_PadNd):
    """Pad the last two dimensions periodically.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The same size on every side, or ``(left, right, top, bottom)``.

    Shape
    -----
    - Input: ``(C, H_in, W_in)`` or ``(N, C, H_in, W_in)``
    - Output: ``H_out = H_in + top + bottom``, ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.CircularPad2d(1)(minigrad.zeros(1, 1, 3, 3)).shape
    minigrad.Size([1, 1, 5, 5])
    """

    _n = 2
    _mode = "circular"


class CircularPad3d(_PadNd):
    """Pad the last three dimensions periodically.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The same size on every side, or
        ``(left, right, top, bottom, front, back)``.

    Shape
    -----
    - Input: ``(C, D_in, H_in, W_in)`` or ``(N, C, D_in, H_in, W_in)``
    - Output: each of D, H, W grows by its two paddings

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.CircularPad3d(1)(minigrad.zeros(1, 1, 2, 2, 2)).shape
    minigrad.Size([1, 1, 4, 4, 4])
    """

    _n = 3
    _mode = "circular"
