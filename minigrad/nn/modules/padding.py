"""Padding layers: constant (and zero), reflection, replication and circular, in 1, 2 and 3-d.

``padding`` is an int (the same on every side) or a tuple of ``2 * N``
ints ``(left, right, top, bottom, front, back)``, starting from the last
dimension, as ``nn.functional.pad`` takes it.
"""

from minigrad._docstring import fill_docstring
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


# The fifteen padding layers share one docstring, filled per mode and dimension (see
# minigrad._docstring); only their examples are written at each class.
_PAD_DOC = r"""
$summary

Along each padded dimension, of input size :math:`L_\text{in}`, with
:math:`a` positions added before (left, top or front) and :math:`b`
after, output position :math:`i \in [0, L_\text{in} + a + b)` takes

.. math::

    $formula

the rule applying to each padded dimension in turn.$constraint

Parameters
----------
padding : int or tuple of $n_pads ints
    The number of positions added: an int adds it on every side; a tuple
    gives ``$pad_names``, the last dimension first (the order
    ``F.pad`` takes). $sign
$value
Shape
-----
- Input: ``($spatial_in)``$ranks
- Output: ``($spatial_out)``, where $growth

Examples
--------
$examples
"""

_PAD_MODES = {
    "constant": {
        "summary": "Pads the last $words with a constant ``value``.",
        "formula": r"y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\"
                   r" v & \text{otherwise} \end{cases}",
        "constraint": "",
        "sign": "A negative size crops\n    instead.",
        "ranks": " with any number of leading dimensions",
    },
    "zeros": {
        "summary": "Pads the last $words with zeros.",
        "formula": r"y[i] = \begin{cases} x[i - a] & 0 \le i - a < L_\text{in} \\"
                   r" 0 & \text{otherwise} \end{cases}",
        "constraint": "",
        "sign": "A negative size crops\n    instead.",
        "ranks": " with any number of leading dimensions",
    },
    "reflect": {
        "summary": "Pads the last $words with the reflection of the input about its edges.",
        "formula": r"y[i] = x[\rho(i - a)], \qquad \rho(j) = \begin{cases} -j & j < 0 \\"
                   r" 2(L_\text{in} - 1) - j & j \ge L_\text{in} \\ j & \text{otherwise}"
                   r" \end{cases}",
        "constraint": (" The edge value itself is not repeated, so each padding must be\n"
                       "smaller than the dimension it pads (a ``ValueError`` otherwise)."),
        "sign": "Each size at least 0.",
        "ranks": ", the ``*`` being ``C`` or ``N, C``",
    },
    "replicate": {
        "summary": "Pads the last $words by repeating the input's edge values.",
        "formula": r"y[i] = x\bigl[\min(\max(i - a, 0),\; L_\text{in} - 1)\bigr]",
        "constraint": "",
        "sign": "Each size at least 0.",
        "ranks": ", the ``*`` being ``C`` or ``N, C``",
    },
    "circular": {
        "summary": "Pads the last $words periodically, wrapping the input around.",
        "formula": r"y[i] = x\bigl[(i - a) \bmod L_\text{in}\bigr]",
        "constraint": (" Each padding must be at most the size of the dimension it\n"
                       "pads (a ``ValueError`` otherwise)."),
        "sign": "Each size at least 0.",
        "ranks": ", the ``*`` being ``C`` or ``N, C``",
    },
}

_PAD_DIMENSIONS = {
    1: {"words": "dimension", "n_pads": "2", "pad_names": "(left, right)",
        "spatial_in": "*, W_in", "spatial_out": "*, W_out",
        "growth": "``W_out = W_in + left + right``"},
    2: {"words": "two dimensions", "n_pads": "4", "pad_names": "(left, right, top, bottom)",
        "spatial_in": "*, H_in, W_in", "spatial_out": "*, H_out, W_out",
        "growth": "``H_out = H_in + top + bottom`` and\n  ``W_out = W_in + left + right``"},
    3: {"words": "three dimensions", "n_pads": "6",
        "pad_names": "(left, right, top, bottom, front, back)",
        "spatial_in": "*, D_in, H_in, W_in", "spatial_out": "*, D_out, H_out, W_out",
        "growth": "``D_out = D_in + front + back``,\n  ``H_out = H_in + top + bottom`` and "
                  "``W_out = W_in + left + right``"},
}

_VALUE = """
value : float
    :math:`v`, the value written into every padded position.
"""


def _padding_doc(mode, dim, examples):
    fields = {**_PAD_MODES[mode], **_PAD_DIMENSIONS[dim]}
    fields["summary"] = fill_docstring(fields["summary"], words=fields["words"])
    value = fill_docstring(_VALUE) + "\n" if mode == "constant" else ""
    return fill_docstring(_PAD_DOC, value=value, examples=examples, **fields)


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
    __doc__ = _padding_doc("constant", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ConstantPad1d((1, 2), 3.5)(minigrad.zeros(1, 2))
        tensor([[3.5000, 0.0000, 0.0000, 3.5000, 3.5000]])
        """)

    _n = 1


class ConstantPad2d(_ConstantPadNd):
    __doc__ = _padding_doc("constant", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ConstantPad2d((1, 1, 2, 0), 1.0)(minigrad.zeros(1, 2, 2)).shape
        minigrad.Size([1, 4, 4])
        """)

    _n = 2


class ConstantPad3d(_ConstantPadNd):
    __doc__ = _padding_doc("constant", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ConstantPad3d(1, 0.5)(minigrad.zeros(1, 1, 1, 1)).shape
        minigrad.Size([1, 3, 3, 3])
        """)

    _n = 3


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad1d(_ZeroPadNd):
    __doc__ = _padding_doc("zeros", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ZeroPad1d(1)(minigrad.ones(1, 2))
        tensor([[0., 1., 1., 0.]])
        """)

    _n = 1


class ZeroPad2d(_ZeroPadNd):
    __doc__ = _padding_doc("zeros", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ZeroPad2d((1, 1, 0, 0))(minigrad.ones(1, 1, 2))
        tensor([[[0., 1., 1., 0.]]])
        """)

    _n = 2


class ZeroPad3d(_ZeroPadNd):
    __doc__ = _padding_doc("zeros", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ZeroPad3d(1)(minigrad.ones(1, 1, 1, 1)).shape
        minigrad.Size([1, 3, 3, 3])
        """)

    _n = 3


class ReflectionPad1d(_PadNd):
    __doc__ = _padding_doc("reflect", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ReflectionPad1d(2)(minigrad.tensor([[0.0, 1.0, 2.0, 3.0]]))
        tensor([[2., 1., 0., 1., 2., 3., 2., 1.]])
        """)

    _n = 1
    _mode = "reflect"


class ReflectionPad2d(_PadNd):
    __doc__ = _padding_doc("reflect", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ReflectionPad2d(1)(minigrad.zeros(1, 1, 3, 3)).shape
        minigrad.Size([1, 1, 5, 5])
        """)

    _n = 2
    _mode = "reflect"


class ReflectionPad3d(_PadNd):
    __doc__ = _padding_doc("reflect", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ReflectionPad3d(1)(minigrad.zeros(1, 1, 2, 2, 2)).shape
        minigrad.Size([1, 1, 4, 4, 4])
        """)

    _n = 3
    _mode = "reflect"


class ReplicationPad1d(_PadNd):
    __doc__ = _padding_doc("replicate", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ReplicationPad1d((2, 1))(minigrad.tensor([[0.0, 1.0]]))
        tensor([[0., 0., 0., 1., 1.]])
        """)

    _n = 1
    _mode = "replicate"


class ReplicationPad2d(_PadNd):
    __doc__ = _padding_doc("replicate", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ReplicationPad2d(1)(minigrad.zeros(1, 1, 3, 3)).shape
        minigrad.Size([1, 1, 5, 5])
        """)

    _n = 2
    _mode = "replicate"


class ReplicationPad3d(_PadNd):
    __doc__ = _padding_doc("replicate", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.ReplicationPad3d(1)(minigrad.zeros(1, 1, 2, 2, 2)).shape
        minigrad.Size([1, 1, 4, 4, 4])
        """)

    _n = 3
    _mode = "replicate"


class CircularPad1d(_PadNd):
    __doc__ = _padding_doc("circular", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.CircularPad1d(1)(minigrad.tensor([[0.0, 1.0, 2.0]]))
        tensor([[2., 0., 1., 2., 0.]])
        """)

    _n = 1
    _mode = "circular"


class CircularPad2d(_PadNd):
    __doc__ = _padding_doc("circular", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.CircularPad2d(1)(minigrad.zeros(1, 1, 3, 3)).shape
        minigrad.Size([1, 1, 5, 5])
        """)

    _n = 2
    _mode = "circular"


class CircularPad3d(_PadNd):
    __doc__ = _padding_doc("circular", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.CircularPad3d(1)(minigrad.zeros(1, 1, 2, 2, 2)).shape
        minigrad.Size([1, 1, 4, 4, 4])
        """)

    _n = 3
    _mode = "circular"
