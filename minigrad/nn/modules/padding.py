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
    r"""Pads the last dimension with a constant ``value``.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\ v & \text{otherwise}
        \end{cases}

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right)``, the last dimension first (the order
        ``F.pad`` takes). A negative size crops
        instead.
    value : float
        :math:`v`, the value written into every padded position.

    Shape
    -----
    - Input: ``(*, W_in)`` with any number of leading dimensions
    - Output: ``(*, W_out)``, where ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConstantPad1d((1, 2), 3.5)(minigrad.zeros(1, 2))
    tensor([[3.5000, 0.0000, 0.0000, 3.5000, 3.5000]])
    """

    _n = 1


class ConstantPad2d(_ConstantPadNd):
    r"""Pads the last two dimensions with a constant ``value``.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\ v & \text{otherwise}
        \end{cases}

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom)``, the last dimension first (the order
        ``F.pad`` takes). A negative size crops
        instead.
    value : float
        :math:`v`, the value written into every padded position.

    Shape
    -----
    - Input: ``(*, H_in, W_in)`` with any number of leading dimensions
    - Output: ``(*, H_out, W_out)``, where ``H_out = H_in + top + bottom`` and
      ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConstantPad2d((1, 1, 2, 0), 1.0)(minigrad.zeros(1, 2, 2)).shape
    minigrad.Size([1, 4, 4])
    """

    _n = 2


class ConstantPad3d(_ConstantPadNd):
    r"""Pads the last three dimensions with a constant ``value``.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\ v & \text{otherwise}
        \end{cases}

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom, front, back)``, the last dimension first (the order
        ``F.pad`` takes). A negative size crops
        instead.
    value : float
        :math:`v`, the value written into every padded position.

    Shape
    -----
    - Input: ``(*, D_in, H_in, W_in)`` with any number of leading dimensions
    - Output: ``(*, D_out, H_out, W_out)``, where ``D_out = D_in + front + back``,
      ``H_out = H_in + top + bottom`` and ``W_out = W_in + left + right``

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
    r"""Pads the last dimension with zeros.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\ 0 & \text{otherwise}
        \end{cases}

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right)``, the last dimension first (the order
        ``F.pad`` takes). A negative size crops
        instead.

    Shape
    -----
    - Input: ``(*, W_in)`` with any number of leading dimensions
    - Output: ``(*, W_out)``, where ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ZeroPad1d(1)(minigrad.ones(1, 2))
    tensor([[0., 1., 1., 0.]])
    """

    _n = 1


class ZeroPad2d(_ZeroPadNd):
    r"""Pads the last two dimensions with zeros.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\ 0 & \text{otherwise}
        \end{cases}

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom)``, the last dimension first (the order
        ``F.pad`` takes). A negative size crops
        instead.

    Shape
    -----
    - Input: ``(*, H_in, W_in)`` with any number of leading dimensions
    - Output: ``(*, H_out, W_out)``, where ``H_out = H_in + top + bottom`` and
      ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ZeroPad2d((1, 1, 0, 0))(minigrad.ones(1, 1, 2))
    tensor([[[0., 1., 1., 0.]]])
    """

    _n = 2


class ZeroPad3d(_ZeroPadNd):
    r"""Pads the last three dimensions with zeros.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\ 0 & \text{otherwise}
        \end{cases}

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom, front, back)``, the last dimension first (the order
        ``F.pad`` takes). A negative size crops
        instead.

    Shape
    -----
    - Input: ``(*, D_in, H_in, W_in)`` with any number of leading dimensions
    - Output: ``(*, D_out, H_out, W_out)``, where ``D_out = D_in + front + back``,
      ``H_out = H_in + top + bottom`` and ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ZeroPad3d(1)(minigrad.ones(1, 1, 1, 1)).shape
    minigrad.Size([1, 3, 3, 3])
    """

    _n = 3


class ReflectionPad1d(_PadNd):
    r"""Pads the last dimension with the reflection of the input about its edges.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x[\rho(i - a)], \qquad \rho(j) = \begin{cases} -j & j < 0 \\ 2(L_\text{in} - 1) - j
        & j \ge L_\text{in} \\ j & \text{otherwise} \end{cases}

    the rule applying to each padded dimension in turn. The edge value itself is not repeated, so
    each padding must be
    smaller than the dimension it pads (a ``ValueError`` otherwise).

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, W_out)``, where ``W_out = W_in + left + right``

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
    r"""Pads the last two dimensions with the reflection of the input about its edges.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x[\rho(i - a)], \qquad \rho(j) = \begin{cases} -j & j < 0 \\ 2(L_\text{in} - 1) - j
        & j \ge L_\text{in} \\ j & \text{otherwise} \end{cases}

    the rule applying to each padded dimension in turn. The edge value itself is not repeated, so
    each padding must be
    smaller than the dimension it pads (a ``ValueError`` otherwise).

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, H_in, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, H_out, W_out)``, where ``H_out = H_in + top + bottom`` and
      ``W_out = W_in + left + right``

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
    r"""Pads the last three dimensions with the reflection of the input about its edges.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x[\rho(i - a)], \qquad \rho(j) = \begin{cases} -j & j < 0 \\ 2(L_\text{in} - 1) - j
        & j \ge L_\text{in} \\ j & \text{otherwise} \end{cases}

    the rule applying to each padded dimension in turn. The edge value itself is not repeated, so
    each padding must be
    smaller than the dimension it pads (a ``ValueError`` otherwise).

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom, front, back)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, D_in, H_in, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, D_out, H_out, W_out)``, where ``D_out = D_in + front + back``,
      ``H_out = H_in + top + bottom`` and ``W_out = W_in + left + right``

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
    r"""Pads the last dimension by repeating the input's edge values.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x\bigl[\min(\max(i - a, 0),\; L_\text{in} - 1)\bigr]

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, W_out)``, where ``W_out = W_in + left + right``

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
    r"""Pads the last two dimensions by repeating the input's edge values.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x\bigl[\min(\max(i - a, 0),\; L_\text{in} - 1)\bigr]

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, H_in, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, H_out, W_out)``, where ``H_out = H_in + top + bottom`` and
      ``W_out = W_in + left + right``

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
    r"""Pads the last three dimensions by repeating the input's edge values.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x\bigl[\min(\max(i - a, 0),\; L_\text{in} - 1)\bigr]

    the rule applying to each padded dimension in turn.

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom, front, back)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, D_in, H_in, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, D_out, H_out, W_out)``, where ``D_out = D_in + front + back``,
      ``H_out = H_in + top + bottom`` and ``W_out = W_in + left + right``

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
    r"""Pads the last dimension periodically, wrapping the input around.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x\bigl[(i - a) \bmod L_\text{in}\bigr]

    the rule applying to each padded dimension in turn. Each padding must be at most the size of
    the dimension it
    pads (a ``ValueError`` otherwise).

    Parameters
    ----------
    padding : int or tuple of 2 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, W_out)``, where ``W_out = W_in + left + right``

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
    r"""Pads the last two dimensions periodically, wrapping the input around.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x\bigl[(i - a) \bmod L_\text{in}\bigr]

    the rule applying to each padded dimension in turn. Each padding must be at most the size of
    the dimension it
    pads (a ``ValueError`` otherwise).

    Parameters
    ----------
    padding : int or tuple of 4 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, H_in, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, H_out, W_out)``, where ``H_out = H_in + top + bottom`` and
      ``W_out = W_in + left + right``

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
    r"""Pads the last three dimensions periodically, wrapping the input around.

    Along each padded dimension, of input size :math:`L_\text{in}`, with
    :math:`a` positions added before (left, top or front) and :math:`b`
    after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

    .. math::

        y[i] = x\bigl[(i - a) \bmod L_\text{in}\bigr]

    the rule applying to each padded dimension in turn. Each padding must be at most the size of
    the dimension it
    pads (a ``ValueError`` otherwise).

    Parameters
    ----------
    padding : int or tuple of 6 ints
        The number of positions added: an int adds it on every side; a tuple
        gives ``(left, right, top, bottom, front, back)``, the last dimension first (the order
        ``F.pad`` takes). Each size at least 0.

    Shape
    -----
    - Input: ``(*, D_in, H_in, W_in)``, the ``*`` being ``C`` or ``N, C``
    - Output: ``(*, D_out, H_out, W_out)``, where ``D_out = D_in + front + back``,
      ``H_out = H_in + top + bottom`` and ``W_out = W_in + left + right``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.CircularPad3d(1)(minigrad.zeros(1, 1, 2, 2, 2)).shape
    minigrad.Size([1, 1, 4, 4, 4])
    """

    _n = 3
    _mode = "circular"
