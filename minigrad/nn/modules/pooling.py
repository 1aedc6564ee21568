"""Pooling layers: max, average, adaptive, Lp and max-unpooling, in 1, 2 and 3-d.

Hyper-parameters are stored as given (PyTorch's reprs print them that way)
and checked in ``__init__``; ``forward`` calls ``nn.functional``.
"""

from minigrad.nn import functional as F
from minigrad.nn.modules._utils import _pair, _single, _triple
from minigrad.nn.modules.module import Module
from minigrad.ops.pool import _check_divisor, _check_norm_type, _check_output_size, _check_window

__all__ = [
    "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d", "AvgPool2d", "AvgPool3d",
    "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d",
    "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "LPPool1d", "LPPool2d", "LPPool3d",
]


# ---------------------------------------------------------------- max pooling
class _MaxPoolNd(Module):
    _n = 0

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1,
                 return_indices: bool = False, ceil_mode: bool = False):
        super().__init__()
        _check_window(type(self).__name__, self._n, kernel_size, stride, padding, dilation)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input):
        return type(self)._pool(input, self.kernel_size, self.stride, self.padding, self.dilation,
                                ceil_mode=self.ceil_mode, return_indices=self.return_indices)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
                f"dilation={self.dilation}, ceil_mode={self.ceil_mode}")


class MaxPool1d(_MaxPoolNd):
    r"""Max pooling over ``(N, C, L_in)`` input.

    Each output element is the maximum of its window (kernel size :math:`K`,
    stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of each per
    spatial dimension):

    .. math::

        \text{out}[n, c, i] = \max_{0 \le k < K}
            x[n, c,\; S i + D k - P]

    Padded positions hold :math:`-\infty`. Of equal maxima the first in
    row-major order wins, and a NaN in a window propagates. The gradient of an
    output flows to the element that won. A window lying wholly in the
    padding (dilation allows it) gives :math:`-\infty` and index -1.

    Parameters
    ----------
    kernel_size : int or tuple of 1 int
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 1 int, optional
        :math:`S`, the step between two windows (at least 1). ``None``, the
        default, means ``kernel_size``: windows that tile the input without
        overlapping.
    padding : int or tuple of 1 int, default 0
        :math:`P`, the positions added at both ends of each spatial dimension
        (at least 0 and at most half of ``kernel_size``, a ``ValueError``
        otherwise). They count as :math:`-\infty`, so they never win.
    dilation : int or tuple of 1 int, default 1
        :math:`D`, the spacing between the elements of a window (at least 1).
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: the position ``l`` in the row, the form that
        ``max_unpool1d`` takes.
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S, P, D`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up, unless the last window
      would then start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.MaxPool1d(2)(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]))
    tensor([[[3., 2.]]])
    """

    _n = 1
    _pool = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    r"""Max pooling over ``(N, C, H_in, W_in)`` input.

    Each output element is the maximum of its window (kernel size :math:`K`,
    stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of each per
    spatial dimension):

    .. math::

        \text{out}[n, c, i, j] = \max_{0 \le k < K_h,\; 0 \le l < K_w}
            x[n, c,\; S_h i + D_h k - P_h,\; S_w j + D_w l - P_w]

    Padded positions hold :math:`-\infty`. Of equal maxima the first in
    row-major order wins, and a NaN in a window propagates. The gradient of an
    output flows to the element that won. A window lying wholly in the
    padding (dilation allows it) gives :math:`-\infty` and index -1.

    Parameters
    ----------
    kernel_size : int or tuple of 2 ints
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 2 ints, optional
        :math:`S`, the step between two windows (at least 1). ``None``, the
        default, means ``kernel_size``: windows that tile the input without
        overlapping.
    padding : int or tuple of 2 ints, default 0
        :math:`P`, the positions added at both ends of each spatial dimension
        (at least 0 and at most half of ``kernel_size``, a ``ValueError``
        otherwise). They count as :math:`-\infty`, so they never win.
    dilation : int or tuple of 2 ints, default 1
        :math:`D`, the spacing between the elements of a window (at least 1).
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``h * W + w`` within the plane, the form that
        ``max_unpool2d`` takes.
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S, P, D`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up, unless the last window
      would then start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> pool = nn.MaxPool2d(2)
    >>> pool
    MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
    >>> pool(minigrad.randn(1, 6, 28, 28)).shape
    minigrad.Size([1, 6, 14, 14])
    """

    _n = 2
    _pool = staticmethod(F.max_pool2d)


class MaxPool3d(_MaxPoolNd):
    r"""Max pooling over ``(N, C, D_in, H_in, W_in)`` input.

    Each output element is the maximum of its window (kernel size :math:`K`,
    stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of each per
    spatial dimension):

    .. math::

        \text{out}[n, c, t, i, j] = \max_{0 \le m < K_d,\; 0 \le k < K_h,\; 0 \le l < K_w}
            x[n, c,\; S_d t + D_d m - P_d,\; S_h i + D_h k - P_h,\; S_w j + D_w l - P_w]

    Padded positions hold :math:`-\infty`. Of equal maxima the first in
    row-major order wins, and a NaN in a window propagates. The gradient of an
    output flows to the element that won. A window lying wholly in the
    padding (dilation allows it) gives :math:`-\infty` and index -1.

    Parameters
    ----------
    kernel_size : int or tuple of 3 ints
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 3 ints, optional
        :math:`S`, the step between two windows (at least 1). ``None``, the
        default, means ``kernel_size``: windows that tile the input without
        overlapping.
    padding : int or tuple of 3 ints, default 0
        :math:`P`, the positions added at both ends of each spatial dimension
        (at least 0 and at most half of ``kernel_size``, a ``ValueError``
        otherwise). They count as :math:`-\infty`, so they never win.
    dilation : int or tuple of 3 ints, default 1
        :math:`D`, the spacing between the elements of a window (at least 1).
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``(d * H + h) * W + w`` within the volume, the form that
        ``max_unpool3d`` takes.
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S, P, D`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up, unless the last window
      would then start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.MaxPool3d(2)(minigrad.randn(1, 2, 4, 4, 4)).shape
    minigrad.Size([1, 2, 2, 2, 2])
    """

    _n = 3
    _pool = staticmethod(F.max_pool3d)


# ---------------------------------------------------------------- average pooling
class AvgPool1d(Module):
    r"""Average pooling over ``(N, C, L_in)`` input.

    Each output element is the mean of its window (kernel size :math:`K`,
    stride :math:`S`, padding :math:`P`, one of each per spatial dimension):

    .. math::

        \text{out}[n, c, i] = \frac{1}{\text{divisor}}
            \sum_{0 \le k < K} x[n, c,\; S i + k - P]

    where padded positions read zero and the divisor is the window's size
    :math:`\prod K` (padding included, but not the part of a ``ceil_mode``
    window past the padding), the number of input elements it covers when
    ``count_include_pad=False``.

    Parameters
    ----------
    kernel_size : int or tuple of 1 int
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 1 int, optional
        :math:`S`, the step between two windows (at least 1). ``None``, the
        default, means ``kernel_size``: windows that tile the input without
        overlapping.
    padding : int or tuple of 1 int, default 0
        :math:`P`, the zeros added at both ends of each spatial dimension (at
        least 0 and at most half of ``kernel_size``, a ``ValueError``
        otherwise).
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).
    count_include_pad : bool, default True
        Whether the padded zeros count in a window's divisor. With ``False``
        a window divides by the number of input elements it covers.

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S, P`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} + 2P - K}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up, unless the last window
      would then start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> pool = nn.AvgPool1d(2)
    >>> pool
    AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))
    >>> pool(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]))
    tensor([[[2., 1.]]])
    """

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True):
        super().__init__()
        _check_window("AvgPool1d", 1, kernel_size, stride, padding)
        self.kernel_size = _single(kernel_size)
        self.stride = _single(stride if stride is not None else kernel_size)
        self.padding = _single(padding)
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input):
        return F.avg_pool1d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _AvgPoolNd(Module):
    _n = 0

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
                 count_include_pad: bool = True, divisor_override: int | None = None):
        super().__init__()
        op = type(self).__name__
        _check_window(op, self._n, kernel_size, stride, padding)
        _check_divisor(op, divisor_override)
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input):
        return type(self)._pool(input, self.kernel_size, self.stride, self.padding,
                                self.ceil_mode, self.count_include_pad, self.divisor_override)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AvgPool2d(_AvgPoolNd):
    r"""Average pooling over ``(N, C, H_in, W_in)`` input.

    Each output element is the mean of its window (kernel size :math:`K`,
    stride :math:`S`, padding :math:`P`, one of each per spatial dimension):

    .. math::

        \text{out}[n, c, i, j] = \frac{1}{\text{divisor}}
            \sum_{0 \le k < K_h,\; 0 \le l < K_w} x[n, c,\; S_h i + k - P_h,\; S_w j + l - P_w]

    where padded positions read zero and the divisor is the window's size
    :math:`\prod K` (padding included, but not the part of a ``ceil_mode``
    window past the padding), the number of input elements it covers when
    ``count_include_pad=False``, or ``divisor_override`` when given.

    Parameters
    ----------
    kernel_size : int or tuple of 2 ints
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 2 ints, optional
        :math:`S`, the step between two windows (at least 1). ``None``, the
        default, means ``kernel_size``: windows that tile the input without
        overlapping.
    padding : int or tuple of 2 ints, default 0
        :math:`P`, the zeros added at both ends of each spatial dimension (at
        least 0 and at most half of ``kernel_size``, a ``ValueError``
        otherwise).
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).
    count_include_pad : bool, default True
        Whether the padded zeros count in a window's divisor. With ``False``
        a window divides by the number of input elements it covers.
    divisor_override : int, optional
        When given, every window's sum is divided by this (non-zero) number
        instead; ``None``, the default, divides by the window's size. Zero
        is a ``ValueError``.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S, P`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} + 2P - K}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up, unless the last window
      would then start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AvgPool2d(2)(minigrad.ones(1, 1, 4, 4))
    tensor([[[[1., 1.],
              [1., 1.]]]])
    """

    _n = 2
    _pool = staticmethod(F.avg_pool2d)


class AvgPool3d(_AvgPoolNd):
    r"""Average pooling over ``(N, C, D_in, H_in, W_in)`` input.

    Each output element is the mean of its window (kernel size :math:`K`,
    stride :math:`S`, padding :math:`P`, one of each per spatial dimension):

    .. math::

        \text{out}[n, c, t, i, j] = \frac{1}{\text{divisor}}
            \sum_{0 \le m < K_d,\; 0 \le k < K_h,\; 0 \le l < K_w} x[n, c,\; S_d t + m - P_d,\; S_h
            i + k - P_h,\; S_w j + l - P_w]

    where padded positions read zero and the divisor is the window's size
    :math:`\prod K` (padding included, but not the part of a ``ceil_mode``
    window past the padding), the number of input elements it covers when
    ``count_include_pad=False``, or ``divisor_override`` when given.

    Parameters
    ----------
    kernel_size : int or tuple of 3 ints
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 3 ints, optional
        :math:`S`, the step between two windows (at least 1). ``None``, the
        default, means ``kernel_size``: windows that tile the input without
        overlapping.
    padding : int or tuple of 3 ints, default 0
        :math:`P`, the zeros added at both ends of each spatial dimension (at
        least 0 and at most half of ``kernel_size``, a ``ValueError``
        otherwise).
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).
    count_include_pad : bool, default True
        Whether the padded zeros count in a window's divisor. With ``False``
        a window divides by the number of input elements it covers.
    divisor_override : int, optional
        When given, every window's sum is divided by this (non-zero) number
        instead; ``None``, the default, divides by the window's size. Zero
        is a ``ValueError``.

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S, P`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} + 2P - K}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up, unless the last window
      would then start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AvgPool3d(2)(minigrad.ones(1, 1, 2, 2, 2)).shape
    minigrad.Size([1, 1, 1, 1, 1])
    """

    _n = 3
    _pool = staticmethod(F.avg_pool3d)


# ---------------------------------------------------------------- adaptive pooling
class _AdaptiveAvgPoolNd(Module):
    _n = 0

    def __init__(self, output_size):
        super().__init__()
        _check_output_size(type(self).__name__, self._n, output_size)
        self.output_size = output_size

    def forward(self, input):
        return type(self)._pool(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    r"""Average pooling of ``(N, C, L_in)`` input to a fixed output size.

    The input's size :math:`L_\text{in}` along each spatial dimension is split
    into :math:`L_\text{out}` bins; bin :math:`i` covers

    .. math::

        \Bigl[\Bigl\lfloor \frac{i\, L_\text{in}}{L_\text{out}} \Bigr\rfloor,\;
              \Bigl\lceil \frac{(i + 1)\, L_\text{in}}{L_\text{out}} \Bigr\rceil\Bigr)

    so the bins cover the input, differ in size by at most one and may
    overlap. An output element is the mean of the input over the product
    :math:`B` of its bins (one per dimension):

    .. math::

        \text{out}[n, c, \mathbf{i}] = \frac{1}{|B(\mathbf{i})|} \sum_{\mathbf{m} \in
        B(\mathbf{i})} x[n, c, \mathbf{m}]

    Parameters
    ----------
    output_size : int or tuple of 1 int or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AdaptiveAvgPool1d(1)(minigrad.tensor([[[1.0, 2.0, 6.0]]]))
    tensor([[[3.]]])
    """

    _n = 1
    _pool = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    r"""Average pooling of ``(N, C, H_in, W_in)`` input to a fixed output size.

    The input's size :math:`L_\text{in}` along each spatial dimension is split
    into :math:`L_\text{out}` bins; bin :math:`i` covers

    .. math::

        \Bigl[\Bigl\lfloor \frac{i\, L_\text{in}}{L_\text{out}} \Bigr\rfloor,\;
              \Bigl\lceil \frac{(i + 1)\, L_\text{in}}{L_\text{out}} \Bigr\rceil\Bigr)

    so the bins cover the input, differ in size by at most one and may
    overlap. An output element is the mean of the input over the product
    :math:`B` of its bins (one per dimension):

    .. math::

        \text{out}[n, c, \mathbf{i}] = \frac{1}{|B(\mathbf{i})|} \sum_{\mathbf{m} \in
        B(\mathbf{i})} x[n, c, \mathbf{m}]

    Parameters
    ----------
    output_size : int or tuple of 2 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AdaptiveAvgPool2d((5, 7))(minigrad.randn(1, 64, 8, 9)).shape
    minigrad.Size([1, 64, 5, 7])
    """

    _n = 2
    _pool = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    r"""Average pooling of ``(N, C, D_in, H_in, W_in)`` input to a fixed output size.

    The input's size :math:`L_\text{in}` along each spatial dimension is split
    into :math:`L_\text{out}` bins; bin :math:`i` covers

    .. math::

        \Bigl[\Bigl\lfloor \frac{i\, L_\text{in}}{L_\text{out}} \Bigr\rfloor,\;
              \Bigl\lceil \frac{(i + 1)\, L_\text{in}}{L_\text{out}} \Bigr\rceil\Bigr)

    so the bins cover the input, differ in size by at most one and may
    overlap. An output element is the mean of the input over the product
    :math:`B` of its bins (one per dimension):

    .. math::

        \text{out}[n, c, \mathbf{i}] = \frac{1}{|B(\mathbf{i})|} \sum_{\mathbf{m} \in
        B(\mathbf{i})} x[n, c, \mathbf{m}]

    Parameters
    ----------
    output_size : int or tuple of 3 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AdaptiveAvgPool3d(1)(minigrad.randn(2, 3, 4, 4, 4)).shape
    minigrad.Size([2, 3, 1, 1, 1])
    """

    _n = 3
    _pool = staticmethod(F.adaptive_avg_pool3d)


class _AdaptiveMaxPoolNd(Module):
    _n = 0

    def __init__(self, output_size, return_indices: bool = False):
        super().__init__()
        _check_output_size(type(self).__name__, self._n, output_size)
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, input):
        return type(self)._pool(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    r"""Max pooling of ``(N, C, L_in)`` input to a fixed output size.

    The input's size :math:`L_\text{in}` along each spatial dimension is split
    into :math:`L_\text{out}` bins; bin :math:`i` covers

    .. math::

        \Bigl[\Bigl\lfloor \frac{i\, L_\text{in}}{L_\text{out}} \Bigr\rfloor,\;
              \Bigl\lceil \frac{(i + 1)\, L_\text{in}}{L_\text{out}} \Bigr\rceil\Bigr)

    so the bins cover the input, differ in size by at most one and may
    overlap. An output element is the maximum (ties and NaN as in max pooling) of the input over
    the product
    :math:`B` of its bins (one per dimension):

    .. math::

        \text{out}[n, c, \mathbf{i}] = \max_{\mathbf{m} \in B(\mathbf{i})} x[n, c, \mathbf{m}]

    Parameters
    ----------
    output_size : int or tuple of 1 int or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: the position ``l`` in the row, the form that
        ``max_unpool1d`` takes.

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AdaptiveMaxPool1d(1)(minigrad.tensor([[[1.0, 2.0, 6.0]]]))
    tensor([[[6.]]])
    """

    _n = 1
    _pool = staticmethod(F.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    r"""Max pooling of ``(N, C, H_in, W_in)`` input to a fixed output size.

    The input's size :math:`L_\text{in}` along each spatial dimension is split
    into :math:`L_\text{out}` bins; bin :math:`i` covers

    .. math::

        \Bigl[\Bigl\lfloor \frac{i\, L_\text{in}}{L_\text{out}} \Bigr\rfloor,\;
              \Bigl\lceil \frac{(i + 1)\, L_\text{in}}{L_\text{out}} \Bigr\rceil\Bigr)

    so the bins cover the input, differ in size by at most one and may
    overlap. An output element is the maximum (ties and NaN as in max pooling) of the input over
    the product
    :math:`B` of its bins (one per dimension):

    .. math::

        \text{out}[n, c, \mathbf{i}] = \max_{\mathbf{m} \in B(\mathbf{i})} x[n, c, \mathbf{m}]

    Parameters
    ----------
    output_size : int or tuple of 2 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``h * W + w`` within the plane, the form that
        ``max_unpool2d`` takes.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AdaptiveMaxPool2d(2)(minigrad.randn(1, 3, 5, 5)).shape
    minigrad.Size([1, 3, 2, 2])
    """

    _n = 2
    _pool = staticmethod(F.adaptive_max_pool2d)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    r"""Max pooling of ``(N, C, D_in, H_in, W_in)`` input to a fixed output size.

    The input's size :math:`L_\text{in}` along each spatial dimension is split
    into :math:`L_\text{out}` bins; bin :math:`i` covers

    .. math::

        \Bigl[\Bigl\lfloor \frac{i\, L_\text{in}}{L_\text{out}} \Bigr\rfloor,\;
              \Bigl\lceil \frac{(i + 1)\, L_\text{in}}{L_\text{out}} \Bigr\rceil\Bigr)

    so the bins cover the input, differ in size by at most one and may
    overlap. An output element is the maximum (ties and NaN as in max pooling) of the input over
    the product
    :math:`B` of its bins (one per dimension):

    .. math::

        \text{out}[n, c, \mathbf{i}] = \max_{\mathbf{m} \in B(\mathbf{i})} x[n, c, \mathbf{m}]

    Parameters
    ----------
    output_size : int or tuple of 3 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``(d * H + h) * W + w`` within the volume, the form that
        ``max_unpool3d`` takes.

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.AdaptiveMaxPool3d(1)(minigrad.randn(1, 2, 3, 3, 3)).shape
    minigrad.Size([1, 2, 1, 1, 1])
    """

    _n = 3
    _pool = staticmethod(F.adaptive_max_pool3d)


# ---------------------------------------------------------------- max-unpooling
class _MaxUnpoolNd(Module):
    _n = 0
    _tuple = None

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        _check_window(type(self).__name__, self._n, kernel_size, stride, padding,
                      half_padding=False)
        as_tuple = type(self)._tuple
        self.kernel_size = as_tuple(kernel_size)
        self.stride = as_tuple(stride if stride is not None else kernel_size)
        self.padding = as_tuple(padding)

    def forward(self, input, indices, output_size=None):
        return type(self)._unpool(input, indices, self.kernel_size, self.stride, self.padding,
                                  output_size)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool1d(_MaxUnpoolNd):
    r"""A partial inverse of :class:`MaxPool1d` over ``(N, C, L_in)`` input.

    The layer is called as ``unpool(input, indices, output_size=None)``.
    ``indices`` are the int64 flat indices (within each row) that
    ``MaxPool1d(..., return_indices=True)`` returned with ``input``;
    ``output_size``, the spatial sizes ``(L_out)`` optionally preceded
    by the batch and channel sizes, picks one of the output sizes that the
    pooling maps to the input's size (each within :math:`S` of the default
    below, a ``ValueError`` otherwise).

    It puts every value back where the maximum it came from was and leaves
    zeros elsewhere, undoing the size change of max pooling (not the values
    it dropped):

    .. math::

        \text{out}[n, c, \text{idx}[n, c, \mathbf{i}]] = x[n, c, \mathbf{i}],
        \qquad \text{out} = 0 \text{ elsewhere}

    with :math:`\text{idx}` the flat index within each output row. Of
    repeated indices (overlapping windows) the last one wins, while the
    gradient flows back to every input that names an index.

    Parameters
    ----------
    kernel_size : int or tuple of 1 int
        :math:`K`, the window size of the pooling being inverted (at least 1).
    stride : int or tuple of 1 int, optional
        :math:`S`, that pooling's stride (at least 1); ``None``, the default,
        means ``kernel_size``.
    padding : int or tuple of 1 int, default 0
        :math:`P`, that pooling's padding (at least 0).

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``, as ``indices``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, each
      spatial size, unless ``output_size`` gives it, being

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + K

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> pool, unpool = nn.MaxPool1d(2, return_indices=True), nn.MaxUnpool1d(2)
    >>> out, idx = pool(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]))
    >>> unpool(out, idx)
    tensor([[[0., 3., 2., 0.]]])
    """

    _n = 1
    _tuple = staticmethod(_single)
    _unpool = staticmethod(F.max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    r"""A partial inverse of :class:`MaxPool2d` over ``(N, C, H_in, W_in)`` input.

    The layer is called as ``unpool(input, indices, output_size=None)``.
    ``indices`` are the int64 flat indices (within each plane) that
    ``MaxPool2d(..., return_indices=True)`` returned with ``input``;
    ``output_size``, the spatial sizes ``(H_out, W_out)`` optionally preceded
    by the batch and channel sizes, picks one of the output sizes that the
    pooling maps to the input's size (each within :math:`S` of the default
    below, a ``ValueError`` otherwise).

    It puts every value back where the maximum it came from was and leaves
    zeros elsewhere, undoing the size change of max pooling (not the values
    it dropped):

    .. math::

        \text{out}[n, c, \text{idx}[n, c, \mathbf{i}]] = x[n, c, \mathbf{i}],
        \qquad \text{out} = 0 \text{ elsewhere}

    with :math:`\text{idx}` the flat index within each output plane. Of
    repeated indices (overlapping windows) the last one wins, while the
    gradient flows back to every input that names an index.

    Parameters
    ----------
    kernel_size : int or tuple of 2 ints
        :math:`K`, the window size of the pooling being inverted (at least 1).
    stride : int or tuple of 2 ints, optional
        :math:`S`, that pooling's stride (at least 1); ``None``, the default,
        means ``kernel_size``.
    padding : int or tuple of 2 ints, default 0
        :math:`P`, that pooling's padding (at least 0).

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``, as ``indices``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, each
      spatial size, unless ``output_size`` gives it, being

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + K

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    >>> out, idx = pool(minigrad.randn(1, 1, 4, 4))
    >>> unpool(out, idx).shape
    minigrad.Size([1, 1, 4, 4])
    """

    _n = 2
    _tuple = staticmethod(_pair)
    _unpool = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    r"""A partial inverse of :class:`MaxPool3d` over ``(N, C, D_in, H_in, W_in)`` input.

    The layer is called as ``unpool(input, indices, output_size=None)``.
    ``indices`` are the int64 flat indices (within each volume) that
    ``MaxPool3d(..., return_indices=True)`` returned with ``input``;
    ``output_size``, the spatial sizes ``(D_out, H_out, W_out)`` optionally preceded
    by the batch and channel sizes, picks one of the output sizes that the
    pooling maps to the input's size (each within :math:`S` of the default
    below, a ``ValueError`` otherwise).

    It puts every value back where the maximum it came from was and leaves
    zeros elsewhere, undoing the size change of max pooling (not the values
    it dropped):

    .. math::

        \text{out}[n, c, \text{idx}[n, c, \mathbf{i}]] = x[n, c, \mathbf{i}],
        \qquad \text{out} = 0 \text{ elsewhere}

    with :math:`\text{idx}` the flat index within each output volume. Of
    repeated indices (overlapping windows) the last one wins, while the
    gradient flows back to every input that names an index.

    Parameters
    ----------
    kernel_size : int or tuple of 3 ints
        :math:`K`, the window size of the pooling being inverted (at least 1).
    stride : int or tuple of 3 ints, optional
        :math:`S`, that pooling's stride (at least 1); ``None``, the default,
        means ``kernel_size``.
    padding : int or tuple of 3 ints, default 0
        :math:`P`, that pooling's padding (at least 0).

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``, as ``indices``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, each
      spatial size, unless ``output_size`` gives it, being

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + K

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> pool, unpool = nn.MaxPool3d(2, return_indices=True), nn.MaxUnpool3d(2)
    >>> out, idx = pool(minigrad.randn(1, 1, 2, 2, 2))
    >>> unpool(out, idx).shape
    minigrad.Size([1, 1, 2, 2, 2])
    """

    _n = 3
    _tuple = staticmethod(_triple)
    _unpool = staticmethod(F.max_unpool3d)


# ---------------------------------------------------------------- power-average pooling
class _LPPoolNd(Module):
    _n = 0

    def __init__(self, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
        super().__init__()
        op = type(self).__name__
        _check_window(op, self._n, kernel_size, stride, 0)
        _check_norm_type(op, norm_type)
        self.norm_type = norm_type
        self.kernel_size = kernel_size
        self.stride = stride
        self.ceil_mode = ceil_mode

    def forward(self, input):
        return type(self)._pool(input, float(self.norm_type), self.kernel_size, self.stride,
                                self.ceil_mode)

    def extra_repr(self) -> str:
        return (f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, ceil_mode={self.ceil_mode}")


class LPPool1d(_LPPoolNd):
    r"""Power-average pooling over ``(N, C, L_in)`` input.

    Each output element is the :math:`p`-th root of the sum of the
    :math:`p`-th powers over its window (kernel size :math:`K`, stride
    :math:`S`, one of each per spatial dimension, no padding):

    .. math::

        \text{out}[n, c, i] = \Bigl(\sum_{0 \le k < K}
            x[n, c,\; S i + k]^{\,p}\Bigr)^{1/p}

    :math:`p = 1` is sum pooling and, for non-negative inputs,
    :math:`p \to \infty` max pooling. A negative input to a fractional power gives NaN, and
    the gradient is not finite where a window sums to zero.

    Parameters
    ----------
    norm_type : float
        :math:`p`, the power (positive and finite; a ``ValueError`` otherwise).
        :math:`p = 1` sums each window; for non-negative inputs a large
        :math:`p` approaches max pooling.
    kernel_size : int or tuple of 1 int
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 1 int, optional
        :math:`S`, the step between two windows (at least 1); ``None``, the
        default, means ``kernel_size``.
    ceil_mode : bool, default False
        Whether the output size rounds up, keeping a last window that only
        partly covers the input; such a window sums the elements it covers
        (PyTorch scales that sum up to the full window instead).

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} - K}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LPPool1d(2, 2)(minigrad.tensor([[[3.0, 4.0]]]))
    tensor([[[5.]]])
    """

    _n = 1
    _pool = staticmethod(F.lp_pool1d)


class LPPool2d(_LPPoolNd):
    r"""Power-average pooling over ``(N, C, H_in, W_in)`` input.

    Each output element is the :math:`p`-th root of the sum of the
    :math:`p`-th powers over its window (kernel size :math:`K`, stride
    :math:`S`, one of each per spatial dimension, no padding):

    .. math::

        \text{out}[n, c, i, j] = \Bigl(\sum_{0 \le k < K_h,\; 0 \le l < K_w}
            x[n, c,\; S_h i + k,\; S_w j + l]^{\,p}\Bigr)^{1/p}

    :math:`p = 1` is sum pooling and, for non-negative inputs,
    :math:`p \to \infty` max pooling. A negative input to a fractional power gives NaN, and
    the gradient is not finite where a window sums to zero.

    Parameters
    ----------
    norm_type : float
        :math:`p`, the power (positive and finite; a ``ValueError`` otherwise).
        :math:`p = 1` sums each window; for non-negative inputs a large
        :math:`p` approaches max pooling.
    kernel_size : int or tuple of 2 ints
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 2 ints, optional
        :math:`S`, the step between two windows (at least 1); ``None``, the
        default, means ``kernel_size``.
    ceil_mode : bool, default False
        Whether the output size rounds up, keeping a last window that only
        partly covers the input; such a window sums the elements it covers
        (PyTorch scales that sum up to the full window instead).

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} - K}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LPPool2d(1, 2)(minigrad.ones(1, 1, 2, 2))
    tensor([[[[4.]]]])
    """

    _n = 2
    _pool = staticmethod(F.lp_pool2d)


class LPPool3d(_LPPoolNd):
    r"""Power-average pooling over ``(N, C, D_in, H_in, W_in)`` input.

    Each output element is the :math:`p`-th root of the sum of the
    :math:`p`-th powers over its window (kernel size :math:`K`, stride
    :math:`S`, one of each per spatial dimension, no padding):

    .. math::

        \text{out}[n, c, t, i, j] = \Bigl(\sum_{0 \le m < K_d,\; 0 \le k < K_h,\; 0 \le l < K_w}
            x[n, c,\; S_d t + m,\; S_h i + k,\; S_w j + l]^{\,p}\Bigr)^{1/p}

    :math:`p = 1` is sum pooling and, for non-negative inputs,
    :math:`p \to \infty` max pooling. A negative input to a fractional power gives NaN, and
    the gradient is not finite where a window sums to zero.

    Parameters
    ----------
    norm_type : float
        :math:`p`, the power (positive and finite; a ``ValueError`` otherwise).
        :math:`p = 1` sums each window; for non-negative inputs a large
        :math:`p` approaches max pooling.
    kernel_size : int or tuple of 3 ints
        :math:`K`, the window's size (at least 1), one per spatial dimension;
        an int is used for every dimension.
    stride : int or tuple of 3 ints, optional
        :math:`S`, the step between two windows (at least 1); ``None``, the
        default, means ``kernel_size``.
    ceil_mode : bool, default False
        Whether the output size rounds up, keeping a last window that only
        partly covers the input; such a window sums the elements it covers
        (PyTorch scales that sum up to the full window instead).

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, each
      spatial size following from the input's with that dimension's
      :math:`K, S`:

      .. math::

          L_\text{out} = \left\lfloor \frac{L_\text{in} - K}{S} \right\rfloor + 1

      With ``ceil_mode`` the division rounds up.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LPPool3d(2, 2)(minigrad.ones(1, 1, 2, 2, 2)).shape
    minigrad.Size([1, 1, 1, 1, 1])
    """

    _n = 3
    _pool = staticmethod(F.lp_pool3d)
