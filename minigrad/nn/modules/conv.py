"""Convolution layers: Conv1d/2d/3d and ConvTranspose1d/2d/3d over one N-d base.

The layers hold the weight and hyper-parameters and call
``nn.functional.conv*``. A ``padding_mode`` other than ``'zeros'`` pads the
input with ``nn.functional.pad`` first and convolves with no padding, as
PyTorch does.
"""
import inspect
import math
from collections.abc import Sequence

import numpy as np

from minigrad.nn import functional as F
from minigrad.nn import init
from minigrad.nn.modules._utils import _empty, _factory_dtype
from minigrad.nn.modules.lazy import LazyModuleMixin
from minigrad.nn.modules.module import Module
from minigrad.nn.parameter import UninitializedParameter
from minigrad.ops._args import (
    check_allocation, check_bool, check_int, check_tensor, int_sequence, int_tuple,
)

__all__ = ["Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
           "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
           "LazyConvTranspose3d"]

_PADDING_STRINGS = ("same", "valid")
_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


class _ConvNd(Module):
    """State shared by convolutions and transposed convolutions of any dimension.

    Subclasses set ``_n`` (the number of spatial dimensions) and
    ``_transposed``; validation and initialization happen here.
    """

    _n = 0
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation,
                 output_padding, groups, bias, padding_mode, device, dtype):
        super().__init__()
        op, n = type(self).__name__, self._n
        dtype = _factory_dtype(op, device, dtype)
        self.in_channels = check_int(op, "in_channels", in_channels, 1)
        self.out_channels = check_int(op, "out_channels", out_channels, 1)
        self.groups = check_int(op, "groups", groups, 1)
        if in_channels % groups:
            raise ValueError(f"{op}: in_channels must be divisible by groups, got "
                             f"in_channels={in_channels}, groups={groups}")
        if out_channels % groups:
            raise ValueError(f"{op}: out_channels must be divisible by groups, got "
                             f"out_channels={out_channels}, groups={groups}")
        if padding_mode not in _PADDING_MODES:
            raise ValueError(f"{op}: padding_mode must be one of {_PADDING_MODES}, but got "
                             f"padding_mode={padding_mode!r}")
        self.kernel_size = int_tuple(op, "kernel_size", kernel_size, n, 1)
        self.stride = int_tuple(op, "stride", stride, n, 1)
        self.dilation = int_tuple(op, "dilation", dilation, n, 1)
        self.output_padding = int_tuple(op, "output_padding", output_padding, n, 0)
        self.padding_mode = padding_mode
        if isinstance(padding, str):
            if padding not in _PADDING_STRINGS:
                raise ValueError(f"{op}: invalid padding string {padding!r}, should be one of "
                                 f"{_PADDING_STRINGS}")
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(f"{op}: padding='same' is not supported for strided "
                                 f"convolutions, got stride={self.stride}")
            self.padding = padding
        else:
            self.padding = int_tuple(op, "padding", padding, n, 0)
        self._reversed_padding_repeated_twice = self._pad_widths()
        if self._transposed:
            shape = (in_channels, out_channels // groups) + self.kernel_size
        else:
            shape = (out_channels, in_channels // groups) + self.kernel_size
        check_allocation(op, "weight", shape, np.dtype(dtype).itemsize)
        self.weight = _empty(shape, dtype)
        if check_bool(op, "bias", bias):
            self.bias = _empty((out_channels,), dtype)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def _pad_widths(self):
        """The explicit padding for ``F.pad`` (last dimension first), used for non-zero modes."""
        widths = []
        for d in reversed(range(self._n)):
            if self.padding == "same":
                total = self.dilation[d] * (self.kernel_size[d] - 1)
                widths += [total // 2, total - total // 2]
            elif self.padding == "valid":
                widths += [0, 0]
            else:
                widths += [self.padding[d], self.padding[d]]
        return tuple(widths)

    def reset_parameters(self) -> None:
        """Draw the weight and bias again from their initial distribution (PyTorch's)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def extra_repr(self) -> str:
        n = self._n
        text = (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}")
        if self.padding != (0,) * n:
            text += f", padding={self.padding}"
        if self.dilation != (1,) * n:
            text += f", dilation={self.dilation}"
        if self.output_padding != (0,) * n:
            text += f", output_padding={self.output_padding}"
        if self.groups != 1:
            text += f", groups={self.groups}"
        if self.bias is None:
            text += ", bias=False"
        if self.padding_mode != "zeros":
            text += f", padding_mode={self.padding_mode}"
        return text


class _Conv(_ConvNd):
    _conv = None

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 dilation=1, groups: int = 1, bias: bool = True, padding_mode: str = "zeros",
                 device=None, dtype=None):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, 0,
                         groups, bias, padding_mode, device, dtype)

    def forward(self, input):
        conv = type(self)._conv
        if self.padding_mode != "zeros":
            padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
            return conv(padded, self.weight, self.bias, self.stride, 0, self.dilation, self.groups)
        return conv(input, self.weight, self.bias, self.stride, self.padding, self.dilation,
                    self.groups)


class Conv1d(_Conv):
    r"""1-d convolution over ``(N, C_in, L)`` input, as a cross-correlation.

    In a convolution layer, each output channel :math:`o` sums, over the :math:`C_\text{in}/G` input
    channels of its group, the input cross-correlated with that channel's
    kernel, and adds a bias:

    .. math::

        \text{out}(n, o) = b(o) + \sum_{c=0}^{C_\text{in}/G - 1}
            w(o, c) \star x\bigl(n,\; g(o)\,C_\text{in}/G + c\bigr),
        \qquad g(o) = \left\lfloor \frac{o}{C_\text{out}/G} \right\rfloor

    where :math:`G` is ``groups`` and :math:`g(o)` the group of output channel
    :math:`o`. The cross-correlation :math:`\star` slides the kernel (size
    :math:`K`, stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of
    each per spatial dimension) over the input; positions outside the input
    read zero, or the values that ``padding_mode`` pads with:

    .. math::

        (w \star x)[i] = \sum_{k=0}^{K-1} w[k]\; x[S i + D k - P]

    Parameters
    ----------
    in_channels : int
        :math:`C_\text{in}`, the number of channels of the input (at least 1).
        Must be divisible by ``groups``.
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces, one
        kernel each (at least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 1 int
        :math:`K`, the kernel's size along the length (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 1 int, default 1
        :math:`S`, the step between two kernel positions (at least 1); a
        stride of 2 roughly halves each output size.
    padding : int, tuple of 1 int, 'valid' or 'same', default 0
        :math:`P`, the number of padded positions added at both ends of each
        spatial dimension (at least 0). ``'valid'`` means no padding.
        ``'same'`` pads so that the output keeps the input's size: a total
        of :math:`D(K - 1)` positions per dimension, the odd one at the end.
        ``'same'`` works only with stride 1 (a ``ValueError`` otherwise).
    dilation : int or tuple of 1 int, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1); with
        dilation 2 the :math:`K` weights span :math:`2K - 1` input positions.
    groups : int, default 1
        :math:`G`, the number of independent convolutions the channels are
        split into (at least 1): input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise);
        ``groups == in_channels`` makes a depthwise convolution.
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, default 'zeros'
        What the padded positions hold: zeros; the input mirrored about its
        edge (the edge value itself not repeated); the edge value repeated;
        or the input wrapped around from the opposite end. Any other string
        is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, K)``, drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` where
        :math:`k = C_\text{in}/G \cdot K` is the kernel's fan-in.
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or, unbatched, ``(C_in, L_in)``
    - Output: ``(N, C_out, L_out)`` or, unbatched, ``(C_out, L_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` (``'same'`` keeps the input's size):

      .. math::

          L_\text{out} = \left\lfloor
              \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> m = nn.Conv1d(16, 33, 3, stride=2)
    >>> m(minigrad.randn(20, 16, 50)).shape
    minigrad.Size([20, 33, 24])
    >>> nn.Conv1d(4, 4, 3, padding="same", groups=4)(minigrad.randn(4, 10)).shape
    minigrad.Size([4, 10])
    """

    _n = 1
    _conv = staticmethod(F.conv1d)


class Conv2d(_Conv):
    r"""2-d convolution over ``(N, C_in, H, W)`` input, as a cross-correlation.

    In a convolution layer, each output channel :math:`o` sums, over the :math:`C_\text{in}/G` input
    channels of its group, the input cross-correlated with that channel's
    kernel, and adds a bias:

    .. math::

        \text{out}(n, o) = b(o) + \sum_{c=0}^{C_\text{in}/G - 1}
            w(o, c) \star x\bigl(n,\; g(o)\,C_\text{in}/G + c\bigr),
        \qquad g(o) = \left\lfloor \frac{o}{C_\text{out}/G} \right\rfloor

    where :math:`G` is ``groups`` and :math:`g(o)` the group of output channel
    :math:`o`. The cross-correlation :math:`\star` slides the kernel (size
    :math:`K`, stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of
    each per spatial dimension) over the input; positions outside the input
    read zero, or the values that ``padding_mode`` pads with:

    .. math::

        (w \star x)[i, j] = \sum_{k=0}^{K_h-1} \sum_{l=0}^{K_w-1} w[k, l]\; x[S_h i + D_h k -
        P_h,\; S_w j + D_w l - P_w]

    Parameters
    ----------
    in_channels : int
        :math:`C_\text{in}`, the number of channels of the input (at least 1).
        Must be divisible by ``groups``.
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces, one
        kernel each (at least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 2 ints
        :math:`K`, the kernel's size, as ``(K_h, K_w)`` for height and width (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 2 ints, default 1
        :math:`S`, the step between two kernel positions (at least 1); a
        stride of 2 roughly halves each output size.
    padding : int, tuple of 2 ints, 'valid' or 'same', default 0
        :math:`P`, the number of padded positions added at both ends of each
        spatial dimension (at least 0). ``'valid'`` means no padding.
        ``'same'`` pads so that the output keeps the input's size: a total
        of :math:`D(K - 1)` positions per dimension, the odd one at the end.
        ``'same'`` works only with stride 1 (a ``ValueError`` otherwise).
    dilation : int or tuple of 2 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1); with
        dilation 2 the :math:`K` weights span :math:`2K - 1` input positions.
    groups : int, default 1
        :math:`G`, the number of independent convolutions the channels are
        split into (at least 1): input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise);
        ``groups == in_channels`` makes a depthwise convolution.
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, default 'zeros'
        What the padded positions hold: zeros; the input mirrored about its
        edge (the edge value itself not repeated); the edge value repeated;
        or the input wrapped around from the opposite end. Any other string
        is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, K_h, K_w)``, drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` where
        :math:`k = C_\text{in}/G \cdot K_h K_w` is the kernel's fan-in.
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or, unbatched, ``(C_in, H_in, W_in)``
    - Output: ``(N, C_out, H_out, W_out)`` or, unbatched, ``(C_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` (``'same'`` keeps the input's size):

      .. math::

          L_\text{out} = \left\lfloor
              \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> m = nn.Conv2d(1, 6, 5)
    >>> m
    Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
    >>> m(minigrad.randn(4, 1, 28, 28)).shape
    minigrad.Size([4, 6, 24, 24])
    >>> nn.Conv2d(3, 8, 3, padding="same", padding_mode="reflect")(minigrad.randn(1, 3, 7, 7)).shape
    minigrad.Size([1, 8, 7, 7])
    """

    _n = 2
    _conv = staticmethod(F.conv2d)


class Conv3d(_Conv):
    r"""3-d convolution over ``(N, C_in, D, H, W)`` input, as a cross-correlation.

    In a convolution layer, each output channel :math:`o` sums, over the :math:`C_\text{in}/G` input
    channels of its group, the input cross-correlated with that channel's
    kernel, and adds a bias:

    .. math::

        \text{out}(n, o) = b(o) + \sum_{c=0}^{C_\text{in}/G - 1}
            w(o, c) \star x\bigl(n,\; g(o)\,C_\text{in}/G + c\bigr),
        \qquad g(o) = \left\lfloor \frac{o}{C_\text{out}/G} \right\rfloor

    where :math:`G` is ``groups`` and :math:`g(o)` the group of output channel
    :math:`o`. The cross-correlation :math:`\star` slides the kernel (size
    :math:`K`, stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of
    each per spatial dimension) over the input; positions outside the input
    read zero, or the values that ``padding_mode`` pads with:

    .. math::

        (w \star x)[t, i, j] = \sum_{m=0}^{K_d-1} \sum_{k=0}^{K_h-1} \sum_{l=0}^{K_w-1} w[m, k,
        l]\; x[S_d t + D_d m - P_d,\; S_h i + D_h k - P_h,\; S_w j + D_w l - P_w]

    Parameters
    ----------
    in_channels : int
        :math:`C_\text{in}`, the number of channels of the input (at least 1).
        Must be divisible by ``groups``.
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces, one
        kernel each (at least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 3 ints
        :math:`K`, the kernel's size, as ``(K_d, K_h, K_w)`` for depth, height and width (at least
        1); an int is
        used for every spatial dimension.
    stride : int or tuple of 3 ints, default 1
        :math:`S`, the step between two kernel positions (at least 1); a
        stride of 2 roughly halves each output size.
    padding : int, tuple of 3 ints, 'valid' or 'same', default 0
        :math:`P`, the number of padded positions added at both ends of each
        spatial dimension (at least 0). ``'valid'`` means no padding.
        ``'same'`` pads so that the output keeps the input's size: a total
        of :math:`D(K - 1)` positions per dimension, the odd one at the end.
        ``'same'`` works only with stride 1 (a ``ValueError`` otherwise).
    dilation : int or tuple of 3 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1); with
        dilation 2 the :math:`K` weights span :math:`2K - 1` input positions.
    groups : int, default 1
        :math:`G`, the number of independent convolutions the channels are
        split into (at least 1): input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise);
        ``groups == in_channels`` makes a depthwise convolution.
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, default 'zeros'
        What the padded positions hold: zeros; the input mirrored about its
        edge (the edge value itself not repeated); the edge value repeated;
        or the input wrapped around from the opposite end. Any other string
        is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, K_d, K_h, K_w)``, drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` where
        :math:`k = C_\text{in}/G \cdot K_d K_h K_w` is the kernel's fan-in.
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or, unbatched, ``(C_in, D_in, H_in, W_in)``
    - Output: ``(N, C_out, D_out, H_out, W_out)`` or, unbatched, ``(C_out, D_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` (``'same'`` keeps the input's size):

      .. math::

          L_\text{out} = \left\lfloor
              \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Conv3d(2, 4, 3, padding=1)(minigrad.randn(1, 2, 4, 4, 4)).shape
    minigrad.Size([1, 4, 4, 4, 4])
    >>> nn.Conv3d(2, 4, (1, 3, 3), stride=(1, 2, 2))(minigrad.randn(2, 5, 9, 9)).shape
    minigrad.Size([4, 5, 4, 4])
    """

    _n = 3
    _conv = staticmethod(F.conv3d)


class _ConvTranspose(_ConvNd):
    _transposed = True
    _conv = None

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 output_padding=0, groups: int = 1, bias: bool = True, dilation=1,
                 padding_mode: str = "zeros", device=None, dtype=None):
        op = type(self).__name__
        if padding_mode != "zeros":
            raise ValueError(f'{op}: only "zeros" padding mode is supported, got '
                             f"{padding_mode!r}")
        if isinstance(padding, str):
            raise TypeError(f"{op}: padding must be an int or a tuple of {self._n} ints (a "
                            f"transposed convolution has no 'same' or 'valid'), got {padding!r}")
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation,
                         output_padding, groups, bias, padding_mode, device, dtype)

    def _output_padding(self, input, output_size):
        """The output padding that makes the output ``output_size`` (spatial, or with N and C)."""
        if output_size is None:
            return self.output_padding
        op, n = type(self).__name__, self._n
        output_size = int_sequence(op, "output_size", output_size)
        lead = input.ndim - n
        if len(output_size) == lead + n:
            output_size = output_size[lead:]
        if len(output_size) != n:
            raise ValueError(f"{op}: for {input.ndim}-d input, output_size must have {n} or "
                             f"{lead + n} elements, got {len(output_size)}")
        spatial = input.shape[lead:]
        smallest = [(spatial[d] - 1) * self.stride[d] - 2 * self.padding[d]
                    + self.dilation[d] * (self.kernel_size[d] - 1) + 1 for d in range(n)]
        largest = [smallest[d] + self.stride[d] - 1 for d in range(n)]
        for size, low, high in zip(output_size, smallest, largest):
            if not low <= size <= high:
                raise ValueError(
                    f"{op}: requested an output size of {list(output_size)}, but valid sizes "
                    f"range from {smallest} to {largest} (for an input of {list(spatial)})"
                )
        return tuple(size - low for size, low in zip(output_size, smallest))

    def forward(self, input, output_size: Sequence[int] | None = None):
        check_tensor(type(self).__name__, "input", input)
        output_padding = self._output_padding(input, output_size)
        return type(self)._conv(input, self.weight, self.bias, self.stride, self.padding,
                                output_padding, self.groups, self.dilation)


class ConvTranspose1d(_ConvTranspose):
    r"""1-d transposed convolution over ``(N, C_in, L)`` input.

    A transposed convolution is the adjoint of the convolution with the same
    parameters, which is why it computes that convolution's gradient with
    respect to its input: where the convolution gathers a window of inputs into one output,
    this layer scatters each input value, times the kernel, back onto the
    window it came from, and sums the overlaps:

    .. math::

        \text{out}[n, o, \mathbf{j}] = b[o] + \sum_{c \in \text{group}(o)}
            \sum_{\mathbf{i}, \mathbf{k} \,:\, S \mathbf{i} + D \mathbf{k} - P = \mathbf{j}}
            w\bigl[c,\; o - g(o)\,C_\text{out}/G,\; \mathbf{k}\bigr]\; x[n, c, \mathbf{i}]

    with :math:`\mathbf{i}` (input position), :math:`\mathbf{k}` (kernel
    offset) and :math:`\mathbf{j}` (output position) holding one index per
    spatial dimension (here a single one), the condition holding in each dimension
    with its own :math:`K, S, P, D`; :math:`g(o)` is the group of output
    channel :math:`o` and :math:`\text{group}(o)` its
    :math:`C_\text{in}/G` input channels. A stride of 2 roughly doubles each
    spatial size, so decoders and generators use it to up-sample.

    Parameters
    ----------
    in_channels : int
        :math:`C_\text{in}`, the number of channels of the input (at least 1).
        Must be divisible by ``groups``.
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces (at
        least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 1 int
        :math:`K`, the kernel's size along the length (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 1 int, default 1
        :math:`S`, the spacing of two neighbouring input values on the output
        (at least 1).
    padding : int or tuple of 1 int, default 0
        :math:`P` (at least 0): the convolution this layer transposes added
        :math:`P` positions at each end, so :math:`P` positions are cropped
        from each end of the full output (equivalently,
        :math:`D(K - 1) - P` zeros pad the input). No ``'same'`` or
        ``'valid'`` strings (a ``TypeError``).
    output_padding : int or tuple of 1 int, default 0
        Extra positions added at the end of each output dimension (at least
        0). A strided convolution maps several input sizes to one output
        size; this picks which of them to produce. It must be smaller than
        ``stride`` or ``dilation`` in each dimension (a ``ValueError`` on the
        first call otherwise).
    groups : int, default 1
        :math:`G`, the number of independent transposed convolutions the
        channels are split into (at least 1); input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    dilation : int or tuple of 1 int, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1).
    padding_mode : {'zeros'}, default 'zeros'
        The only mode of a transposed convolution (as in PyTorch); another
        value is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels / groups, K)`` (input channels
        first, the layout of the convolution it transposes), drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = C_\text{out}/G \cdot K` (the fan-in PyTorch
        computes from the weight's second dimension).
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or, unbatched, ``(C_in, L_in)``
    - Output: ``(N, C_out, L_out)`` or, unbatched, ``(C_out, L_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` and output padding :math:`O`:

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + D(K - 1) + O + 1

    Calling the layer as ``layer(input, output_size)`` picks the output
    padding that gives ``output_size`` (the spatial sizes, or the whole
    shape); a size outside the reachable range is a ``ValueError``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConvTranspose1d(4, 2, 3, stride=2)(minigrad.randn(1, 4, 5)).shape
    minigrad.Size([1, 2, 11])
    >>> nn.ConvTranspose1d(4, 2, 3, stride=2)(minigrad.randn(1, 4, 5), output_size=[12]).shape
    minigrad.Size([1, 2, 12])
    """

    _n = 1
    _conv = staticmethod(F.conv_transpose1d)


class ConvTranspose2d(_ConvTranspose):
    r"""2-d transposed convolution over ``(N, C_in, H, W)`` input.

    A transposed convolution is the adjoint of the convolution with the same
    parameters, which is why it computes that convolution's gradient with
    respect to its input: where the convolution gathers a window of inputs into one output,
    this layer scatters each input value, times the kernel, back onto the
    window it came from, and sums the overlaps:

    .. math::

        \text{out}[n, o, \mathbf{j}] = b[o] + \sum_{c \in \text{group}(o)}
            \sum_{\mathbf{i}, \mathbf{k} \,:\, S \mathbf{i} + D \mathbf{k} - P = \mathbf{j}}
            w\bigl[c,\; o - g(o)\,C_\text{out}/G,\; \mathbf{k}\bigr]\; x[n, c, \mathbf{i}]

    with :math:`\mathbf{i}` (input position), :math:`\mathbf{k}` (kernel
    offset) and :math:`\mathbf{j}` (output position) holding one index per
    spatial dimension (height, width), the condition holding in each dimension
    with its own :math:`K, S, P, D`; :math:`g(o)` is the group of output
    channel :math:`o` and :math:`\text{group}(o)` its
    :math:`C_\text{in}/G` input channels. A stride of 2 roughly doubles each
    spatial size, so decoders and generators use it to up-sample.

    Parameters
    ----------
    in_channels : int
        :math:`C_\text{in}`, the number of channels of the input (at least 1).
        Must be divisible by ``groups``.
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces (at
        least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 2 ints
        :math:`K`, the kernel's size, as ``(K_h, K_w)`` for height and width (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 2 ints, default 1
        :math:`S`, the spacing of two neighbouring input values on the output
        (at least 1).
    padding : int or tuple of 2 ints, default 0
        :math:`P` (at least 0): the convolution this layer transposes added
        :math:`P` positions at each end, so :math:`P` positions are cropped
        from each end of the full output (equivalently,
        :math:`D(K - 1) - P` zeros pad the input). No ``'same'`` or
        ``'valid'`` strings (a ``TypeError``).
    output_padding : int or tuple of 2 ints, default 0
        Extra positions added at the end of each output dimension (at least
        0). A strided convolution maps several input sizes to one output
        size; this picks which of them to produce. It must be smaller than
        ``stride`` or ``dilation`` in each dimension (a ``ValueError`` on the
        first call otherwise).
    groups : int, default 1
        :math:`G`, the number of independent transposed convolutions the
        channels are split into (at least 1); input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    dilation : int or tuple of 2 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1).
    padding_mode : {'zeros'}, default 'zeros'
        The only mode of a transposed convolution (as in PyTorch); another
        value is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels / groups, K_h, K_w)`` (input channels
        first, the layout of the convolution it transposes), drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = C_\text{out}/G \cdot K_h K_w` (the fan-in PyTorch
        computes from the weight's second dimension).
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or, unbatched, ``(C_in, H_in, W_in)``
    - Output: ``(N, C_out, H_out, W_out)`` or, unbatched, ``(C_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` and output padding :math:`O`:

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + D(K - 1) + O + 1

    Calling the layer as ``layer(input, output_size)`` picks the output
    padding that gives ``output_size`` (the spatial sizes, or the whole
    shape); a size outside the reachable range is a ``ValueError``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> up = nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1)
    >>> x = minigrad.randn(1, 16, 6, 6)
    >>> up(x).shape
    minigrad.Size([1, 8, 11, 11])
    >>> up(x, output_size=(12, 12)).shape
    minigrad.Size([1, 8, 12, 12])
    """

    _n = 2
    _conv = staticmethod(F.conv_transpose2d)


class ConvTranspose3d(_ConvTranspose):
    r"""3-d transposed convolution over ``(N, C_in, D, H, W)`` input.

    A transposed convolution is the adjoint of the convolution with the same
    parameters, which is why it computes that convolution's gradient with
    respect to its input: where the convolution gathers a window of inputs into one output,
    this layer scatters each input value, times the kernel, back onto the
    window it came from, and sums the overlaps:

    .. math::

        \text{out}[n, o, \mathbf{j}] = b[o] + \sum_{c \in \text{group}(o)}
            \sum_{\mathbf{i}, \mathbf{k} \,:\, S \mathbf{i} + D \mathbf{k} - P = \mathbf{j}}
            w\bigl[c,\; o - g(o)\,C_\text{out}/G,\; \mathbf{k}\bigr]\; x[n, c, \mathbf{i}]

    with :math:`\mathbf{i}` (input position), :math:`\mathbf{k}` (kernel
    offset) and :math:`\mathbf{j}` (output position) holding one index per
    spatial dimension (depth, height, width), the condition holding in each dimension
    with its own :math:`K, S, P, D`; :math:`g(o)` is the group of output
    channel :math:`o` and :math:`\text{group}(o)` its
    :math:`C_\text{in}/G` input channels. A stride of 2 roughly doubles each
    spatial size, so decoders and generators use it to up-sample.

    Parameters
    ----------
    in_channels : int
        :math:`C_\text{in}`, the number of channels of the input (at least 1).
        Must be divisible by ``groups``.
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces (at
        least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 3 ints
        :math:`K`, the kernel's size, as ``(K_d, K_h, K_w)`` for depth, height and width (at least
        1); an int is
        used for every spatial dimension.
    stride : int or tuple of 3 ints, default 1
        :math:`S`, the spacing of two neighbouring input values on the output
        (at least 1).
    padding : int or tuple of 3 ints, default 0
        :math:`P` (at least 0): the convolution this layer transposes added
        :math:`P` positions at each end, so :math:`P` positions are cropped
        from each end of the full output (equivalently,
        :math:`D(K - 1) - P` zeros pad the input). No ``'same'`` or
        ``'valid'`` strings (a ``TypeError``).
    output_padding : int or tuple of 3 ints, default 0
        Extra positions added at the end of each output dimension (at least
        0). A strided convolution maps several input sizes to one output
        size; this picks which of them to produce. It must be smaller than
        ``stride`` or ``dilation`` in each dimension (a ``ValueError`` on the
        first call otherwise).
    groups : int, default 1
        :math:`G`, the number of independent transposed convolutions the
        channels are split into (at least 1); input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    dilation : int or tuple of 3 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1).
    padding_mode : {'zeros'}, default 'zeros'
        The only mode of a transposed convolution (as in PyTorch); another
        value is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels / groups, K_d, K_h, K_w)`` (input channels
        first, the layout of the convolution it transposes), drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = C_\text{out}/G \cdot K_d K_h K_w` (the fan-in PyTorch
        computes from the weight's second dimension).
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or, unbatched, ``(C_in, D_in, H_in, W_in)``
    - Output: ``(N, C_out, D_out, H_out, W_out)`` or, unbatched, ``(C_out, D_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` and output padding :math:`O`:

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + D(K - 1) + O + 1

    Calling the layer as ``layer(input, output_size)`` picks the output
    padding that gives ``output_size`` (the spatial sizes, or the whole
    shape); a size outside the reachable range is a ``ValueError``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConvTranspose3d(2, 2, 2, stride=2)(minigrad.randn(1, 2, 2, 2, 2)).shape
    minigrad.Size([1, 2, 4, 4, 4])
    """

    _n = 3
    _conv = staticmethod(F.conv_transpose3d)


# ----------------------------------------------------------------------------- lazy layers
class _LazyConvMixin(LazyModuleMixin):
    """``in_channels`` from the first input (axis 1 if batched, 0 if not); see
    :mod:`minigrad.nn.modules.lazy`."""

    def _make_lazy(self, bias):
        # The eager constructor ran with in_channels=groups (it requires a positive
        # count); the weight and bias are replaced by uninitialized ones.
        dtype = self.weight._data.dtype
        self.in_channels = 0
        self.weight = UninitializedParameter(dtype=dtype)
        if bias:
            self.bias = UninitializedParameter(dtype=dtype)

    def reset_parameters(self) -> None:
        """Initialize as the eager layer once materialized; nothing before."""
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs) -> None:
        """Materialize the weight and bias for the channels of ``input``."""
        op, n = type(self).__name__, self._n
        if input.ndim not in (n + 1, n + 2):
            raise ValueError(f"{op}: expected {n + 1}D (unbatched) or {n + 2}D (batched) input, "
                             f"but got input of shape {list(input.shape)}")
        self.in_channels = int(input.shape[1] if input.ndim == n + 2 else input.shape[0])
        if not self.has_uninitialized_params():
            return
        if self.in_channels % self.groups:
            raise ValueError(f"{op}: in_channels must be divisible by groups, got "
                             f"in_channels={self.in_channels}, groups={self.groups}")
        if self._transposed:
            shape = (self.in_channels, self.out_channels // self.groups) + self.kernel_size
        else:
            shape = (self.out_channels, self.in_channels // self.groups) + self.kernel_size
        self.weight.materialize(shape)
        if self.bias is not None:
            self.bias.materialize((self.out_channels,))
        self.reset_parameters()


class _LazyConv(_LazyConvMixin):
    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None,
                 dtype=None):
        super().__init__(groups, out_channels, kernel_size, stride, padding, dilation, groups,
                         bias, padding_mode, device, dtype)
        self._make_lazy(bias)


class _LazyConvTranspose(_LazyConvMixin):
    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros",
                 device=None, dtype=None):
        super().__init__(groups, out_channels, kernel_size, stride, padding, output_padding,
                         groups, bias, dilation, padding_mode, device, dtype)
        self._make_lazy(bias)


class LazyConv1d(_LazyConv, Conv1d):
    r"""A :class:`Conv1d` whose ``in_channels`` is read from the first input.

    Until the first call, ``weight`` and ``bias`` are
    :class:`~minigrad.nn.parameter.UninitializedParameter` objects without a
    shape. The first call takes ``in_channels`` from the input's channel
    dimension (dimension 1 of a batched input, 0 of an unbatched one), which
    must be divisible by ``groups``; it then creates the weight and bias,
    initializes them as :class:`Conv1d` does and turns the module into a
    :class:`Conv1d`, which it is from then on.

    In a convolution layer, each output channel :math:`o` sums, over the :math:`C_\text{in}/G` input
    channels of its group, the input cross-correlated with that channel's
    kernel, and adds a bias:

    .. math::

        \text{out}(n, o) = b(o) + \sum_{c=0}^{C_\text{in}/G - 1}
            w(o, c) \star x\bigl(n,\; g(o)\,C_\text{in}/G + c\bigr),
        \qquad g(o) = \left\lfloor \frac{o}{C_\text{out}/G} \right\rfloor

    where :math:`G` is ``groups`` and :math:`g(o)` the group of output channel
    :math:`o`. The cross-correlation :math:`\star` slides the kernel (size
    :math:`K`, stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of
    each per spatial dimension) over the input; positions outside the input
    read zero, or the values that ``padding_mode`` pads with:

    .. math::

        (w \star x)[i] = \sum_{k=0}^{K-1} w[k]\; x[S i + D k - P]

    Parameters
    ----------
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces, one
        kernel each (at least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 1 int
        :math:`K`, the kernel's size along the length (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 1 int, default 1
        :math:`S`, the step between two kernel positions (at least 1); a
        stride of 2 roughly halves each output size.
    padding : int, tuple of 1 int, 'valid' or 'same', default 0
        :math:`P`, the number of padded positions added at both ends of each
        spatial dimension (at least 0). ``'valid'`` means no padding.
        ``'same'`` pads so that the output keeps the input's size: a total
        of :math:`D(K - 1)` positions per dimension, the odd one at the end.
        ``'same'`` works only with stride 1 (a ``ValueError`` otherwise).
    dilation : int or tuple of 1 int, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1); with
        dilation 2 the :math:`K` weights span :math:`2K - 1` input positions.
    groups : int, default 1
        :math:`G`, the number of independent convolutions the channels are
        split into (at least 1): input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise);
        ``groups == in_channels`` makes a depthwise convolution.
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, default 'zeros'
        What the padded positions hold: zeros; the input mirrored about its
        edge (the edge value itself not repeated); the edge value repeated;
        or the input wrapped around from the opposite end. Any other string
        is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, K)``, drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` where
        :math:`k = C_\text{in}/G \cdot K` is the kernel's fan-in.
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or, unbatched, ``(C_in, L_in)``
    - Output: ``(N, C_out, L_out)`` or, unbatched, ``(C_out, L_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` (``'same'`` keeps the input's size):

      .. math::

          L_\text{out} = \left\lfloor
              \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> conv = nn.LazyConv1d(4, 3)
    >>> conv(minigrad.ones(2, 5, 8)).shape
    minigrad.Size([2, 4, 6])
    >>> conv
    Conv1d(5, 4, kernel_size=(3,), stride=(1,))
    """

    cls_to_become = Conv1d


class LazyConv2d(_LazyConv, Conv2d):
    r"""A :class:`Conv2d` whose ``in_channels`` is read from the first input.

    Until the first call, ``weight`` and ``bias`` are
    :class:`~minigrad.nn.parameter.UninitializedParameter` objects without a
    shape. The first call takes ``in_channels`` from the input's channel
    dimension (dimension 1 of a batched input, 0 of an unbatched one), which
    must be divisible by ``groups``; it then creates the weight and bias,
    initializes them as :class:`Conv2d` does and turns the module into a
    :class:`Conv2d`, which it is from then on.

    In a convolution layer, each output channel :math:`o` sums, over the :math:`C_\text{in}/G` input
    channels of its group, the input cross-correlated with that channel's
    kernel, and adds a bias:

    .. math::

        \text{out}(n, o) = b(o) + \sum_{c=0}^{C_\text{in}/G - 1}
            w(o, c) \star x\bigl(n,\; g(o)\,C_\text{in}/G + c\bigr),
        \qquad g(o) = \left\lfloor \frac{o}{C_\text{out}/G} \right\rfloor

    where :math:`G` is ``groups`` and :math:`g(o)` the group of output channel
    :math:`o`. The cross-correlation :math:`\star` slides the kernel (size
    :math:`K`, stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of
    each per spatial dimension) over the input; positions outside the input
    read zero, or the values that ``padding_mode`` pads with:

    .. math::

        (w \star x)[i, j] = \sum_{k=0}^{K_h-1} \sum_{l=0}^{K_w-1} w[k, l]\; x[S_h i + D_h k -
        P_h,\; S_w j + D_w l - P_w]

    Parameters
    ----------
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces, one
        kernel each (at least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 2 ints
        :math:`K`, the kernel's size, as ``(K_h, K_w)`` for height and width (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 2 ints, default 1
        :math:`S`, the step between two kernel positions (at least 1); a
        stride of 2 roughly halves each output size.
    padding : int, tuple of 2 ints, 'valid' or 'same', default 0
        :math:`P`, the number of padded positions added at both ends of each
        spatial dimension (at least 0). ``'valid'`` means no padding.
        ``'same'`` pads so that the output keeps the input's size: a total
        of :math:`D(K - 1)` positions per dimension, the odd one at the end.
        ``'same'`` works only with stride 1 (a ``ValueError`` otherwise).
    dilation : int or tuple of 2 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1); with
        dilation 2 the :math:`K` weights span :math:`2K - 1` input positions.
    groups : int, default 1
        :math:`G`, the number of independent convolutions the channels are
        split into (at least 1): input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise);
        ``groups == in_channels`` makes a depthwise convolution.
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, default 'zeros'
        What the padded positions hold: zeros; the input mirrored about its
        edge (the edge value itself not repeated); the edge value repeated;
        or the input wrapped around from the opposite end. Any other string
        is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, K_h, K_w)``, drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` where
        :math:`k = C_\text{in}/G \cdot K_h K_w` is the kernel's fan-in.
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or, unbatched, ``(C_in, H_in, W_in)``
    - Output: ``(N, C_out, H_out, W_out)`` or, unbatched, ``(C_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` (``'same'`` keeps the input's size):

      .. math::

          L_\text{out} = \left\lfloor
              \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> conv = nn.LazyConv2d(6, 5, padding=2)
    >>> conv(minigrad.ones(1, 3, 8, 8)).shape
    minigrad.Size([1, 6, 8, 8])
    >>> conv.weight.shape
    minigrad.Size([6, 3, 5, 5])
    """

    cls_to_become = Conv2d


class LazyConv3d(_LazyConv, Conv3d):
    r"""A :class:`Conv3d` whose ``in_channels`` is read from the first input.

    Until the first call, ``weight`` and ``bias`` are
    :class:`~minigrad.nn.parameter.UninitializedParameter` objects without a
    shape. The first call takes ``in_channels`` from the input's channel
    dimension (dimension 1 of a batched input, 0 of an unbatched one), which
    must be divisible by ``groups``; it then creates the weight and bias,
    initializes them as :class:`Conv3d` does and turns the module into a
    :class:`Conv3d`, which it is from then on.

    In a convolution layer, each output channel :math:`o` sums, over the :math:`C_\text{in}/G` input
    channels of its group, the input cross-correlated with that channel's
    kernel, and adds a bias:

    .. math::

        \text{out}(n, o) = b(o) + \sum_{c=0}^{C_\text{in}/G - 1}
            w(o, c) \star x\bigl(n,\; g(o)\,C_\text{in}/G + c\bigr),
        \qquad g(o) = \left\lfloor \frac{o}{C_\text{out}/G} \right\rfloor

    where :math:`G` is ``groups`` and :math:`g(o)` the group of output channel
    :math:`o`. The cross-correlation :math:`\star` slides the kernel (size
    :math:`K`, stride :math:`S`, padding :math:`P`, dilation :math:`D`, one of
    each per spatial dimension) over the input; positions outside the input
    read zero, or the values that ``padding_mode`` pads with:

    .. math::

        (w \star x)[t, i, j] = \sum_{m=0}^{K_d-1} \sum_{k=0}^{K_h-1} \sum_{l=0}^{K_w-1} w[m, k,
        l]\; x[S_d t + D_d m - P_d,\; S_h i + D_h k - P_h,\; S_w j + D_w l - P_w]

    Parameters
    ----------
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces, one
        kernel each (at least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 3 ints
        :math:`K`, the kernel's size, as ``(K_d, K_h, K_w)`` for depth, height and width (at least
        1); an int is
        used for every spatial dimension.
    stride : int or tuple of 3 ints, default 1
        :math:`S`, the step between two kernel positions (at least 1); a
        stride of 2 roughly halves each output size.
    padding : int, tuple of 3 ints, 'valid' or 'same', default 0
        :math:`P`, the number of padded positions added at both ends of each
        spatial dimension (at least 0). ``'valid'`` means no padding.
        ``'same'`` pads so that the output keeps the input's size: a total
        of :math:`D(K - 1)` positions per dimension, the odd one at the end.
        ``'same'`` works only with stride 1 (a ``ValueError`` otherwise).
    dilation : int or tuple of 3 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1); with
        dilation 2 the :math:`K` weights span :math:`2K - 1` input positions.
    groups : int, default 1
        :math:`G`, the number of independent convolutions the channels are
        split into (at least 1): input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise);
        ``groups == in_channels`` makes a depthwise convolution.
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, default 'zeros'
        What the padded positions hold: zeros; the input mirrored about its
        edge (the edge value itself not repeated); the edge value repeated;
        or the input wrapped around from the opposite end. Any other string
        is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, K_d, K_h, K_w)``, drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` where
        :math:`k = C_\text{in}/G \cdot K_d K_h K_w` is the kernel's fan-in.
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or, unbatched, ``(C_in, D_in, H_in, W_in)``
    - Output: ``(N, C_out, D_out, H_out, W_out)`` or, unbatched, ``(C_out, D_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` (``'same'`` keeps the input's size):

      .. math::

          L_\text{out} = \left\lfloor
              \frac{L_\text{in} + 2P - D(K - 1) - 1}{S} \right\rfloor + 1

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyConv3d(2, 2)(minigrad.ones(1, 3, 4, 4, 4)).shape
    minigrad.Size([1, 2, 3, 3, 3])
    """

    cls_to_become = Conv3d


class LazyConvTranspose1d(_LazyConvTranspose, ConvTranspose1d):
    r"""A :class:`ConvTranspose1d` whose ``in_channels`` is read from the first input.

    Until the first call, ``weight`` and ``bias`` are
    :class:`~minigrad.nn.parameter.UninitializedParameter` objects without a
    shape. The first call takes ``in_channels`` from the input's channel
    dimension (dimension 1 of a batched input, 0 of an unbatched one), which
    must be divisible by ``groups``; it then creates the weight and bias,
    initializes them as :class:`ConvTranspose1d` does and turns the module into a
    :class:`ConvTranspose1d`, which it is from then on.

    A transposed convolution is the adjoint of the convolution with the same
    parameters, which is why it computes that convolution's gradient with
    respect to its input: where the convolution gathers a window of inputs into one output,
    this layer scatters each input value, times the kernel, back onto the
    window it came from, and sums the overlaps:

    .. math::

        \text{out}[n, o, \mathbf{j}] = b[o] + \sum_{c \in \text{group}(o)}
            \sum_{\mathbf{i}, \mathbf{k} \,:\, S \mathbf{i} + D \mathbf{k} - P = \mathbf{j}}
            w\bigl[c,\; o - g(o)\,C_\text{out}/G,\; \mathbf{k}\bigr]\; x[n, c, \mathbf{i}]

    with :math:`\mathbf{i}` (input position), :math:`\mathbf{k}` (kernel
    offset) and :math:`\mathbf{j}` (output position) holding one index per
    spatial dimension (here a single one), the condition holding in each dimension
    with its own :math:`K, S, P, D`; :math:`g(o)` is the group of output
    channel :math:`o` and :math:`\text{group}(o)` its
    :math:`C_\text{in}/G` input channels. A stride of 2 roughly doubles each
    spatial size, so decoders and generators use it to up-sample.

    Parameters
    ----------
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces (at
        least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 1 int
        :math:`K`, the kernel's size along the length (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 1 int, default 1
        :math:`S`, the spacing of two neighbouring input values on the output
        (at least 1).
    padding : int or tuple of 1 int, default 0
        :math:`P` (at least 0): the convolution this layer transposes added
        :math:`P` positions at each end, so :math:`P` positions are cropped
        from each end of the full output (equivalently,
        :math:`D(K - 1) - P` zeros pad the input). No ``'same'`` or
        ``'valid'`` strings (a ``TypeError``).
    output_padding : int or tuple of 1 int, default 0
        Extra positions added at the end of each output dimension (at least
        0). A strided convolution maps several input sizes to one output
        size; this picks which of them to produce. It must be smaller than
        ``stride`` or ``dilation`` in each dimension (a ``ValueError`` on the
        first call otherwise).
    groups : int, default 1
        :math:`G`, the number of independent transposed convolutions the
        channels are split into (at least 1); input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    dilation : int or tuple of 1 int, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1).
    padding_mode : {'zeros'}, default 'zeros'
        The only mode of a transposed convolution (as in PyTorch); another
        value is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels / groups, K)`` (input channels
        first, the layout of the convolution it transposes), drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = C_\text{out}/G \cdot K` (the fan-in PyTorch
        computes from the weight's second dimension).
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or, unbatched, ``(C_in, L_in)``
    - Output: ``(N, C_out, L_out)`` or, unbatched, ``(C_out, L_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` and output padding :math:`O`:

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + D(K - 1) + O + 1

    Calling the layer as ``layer(input, output_size)`` picks the output
    padding that gives ``output_size`` (the spatial sizes, or the whole
    shape); a size outside the reachable range is a ``ValueError``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyConvTranspose1d(2, 3, stride=2)(minigrad.ones(1, 4, 5)).shape
    minigrad.Size([1, 2, 11])
    """

    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvTranspose, ConvTranspose2d):
    r"""A :class:`ConvTranspose2d` whose ``in_channels`` is read from the first input.

    Until the first call, ``weight`` and ``bias`` are
    :class:`~minigrad.nn.parameter.UninitializedParameter` objects without a
    shape. The first call takes ``in_channels`` from the input's channel
    dimension (dimension 1 of a batched input, 0 of an unbatched one), which
    must be divisible by ``groups``; it then creates the weight and bias,
    initializes them as :class:`ConvTranspose2d` does and turns the module into a
    :class:`ConvTranspose2d`, which it is from then on.

    A transposed convolution is the adjoint of the convolution with the same
    parameters, which is why it computes that convolution's gradient with
    respect to its input: where the convolution gathers a window of inputs into one output,
    this layer scatters each input value, times the kernel, back onto the
    window it came from, and sums the overlaps:

    .. math::

        \text{out}[n, o, \mathbf{j}] = b[o] + \sum_{c \in \text{group}(o)}
            \sum_{\mathbf{i}, \mathbf{k} \,:\, S \mathbf{i} + D \mathbf{k} - P = \mathbf{j}}
            w\bigl[c,\; o - g(o)\,C_\text{out}/G,\; \mathbf{k}\bigr]\; x[n, c, \mathbf{i}]

    with :math:`\mathbf{i}` (input position), :math:`\mathbf{k}` (kernel
    offset) and :math:`\mathbf{j}` (output position) holding one index per
    spatial dimension (height, width), the condition holding in each dimension
    with its own :math:`K, S, P, D`; :math:`g(o)` is the group of output
    channel :math:`o` and :math:`\text{group}(o)` its
    :math:`C_\text{in}/G` input channels. A stride of 2 roughly doubles each
    spatial size, so decoders and generators use it to up-sample.

    Parameters
    ----------
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces (at
        least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 2 ints
        :math:`K`, the kernel's size, as ``(K_h, K_w)`` for height and width (at least 1); an int is
        used for every spatial dimension.
    stride : int or tuple of 2 ints, default 1
        :math:`S`, the spacing of two neighbouring input values on the output
        (at least 1).
    padding : int or tuple of 2 ints, default 0
        :math:`P` (at least 0): the convolution this layer transposes added
        :math:`P` positions at each end, so :math:`P` positions are cropped
        from each end of the full output (equivalently,
        :math:`D(K - 1) - P` zeros pad the input). No ``'same'`` or
        ``'valid'`` strings (a ``TypeError``).
    output_padding : int or tuple of 2 ints, default 0
        Extra positions added at the end of each output dimension (at least
        0). A strided convolution maps several input sizes to one output
        size; this picks which of them to produce. It must be smaller than
        ``stride`` or ``dilation`` in each dimension (a ``ValueError`` on the
        first call otherwise).
    groups : int, default 1
        :math:`G`, the number of independent transposed convolutions the
        channels are split into (at least 1); input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    dilation : int or tuple of 2 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1).
    padding_mode : {'zeros'}, default 'zeros'
        The only mode of a transposed convolution (as in PyTorch); another
        value is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels / groups, K_h, K_w)`` (input channels
        first, the layout of the convolution it transposes), drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = C_\text{out}/G \cdot K_h K_w` (the fan-in PyTorch
        computes from the weight's second dimension).
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or, unbatched, ``(C_in, H_in, W_in)``
    - Output: ``(N, C_out, H_out, W_out)`` or, unbatched, ``(C_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` and output padding :math:`O`:

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + D(K - 1) + O + 1

    Calling the layer as ``layer(input, output_size)`` picks the output
    padding that gives ``output_size`` (the spatial sizes, or the whole
    shape); a size outside the reachable range is a ``ValueError``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> up = nn.LazyConvTranspose2d(3, 2, stride=2)
    >>> up(minigrad.ones(1, 8, 4, 4)).shape
    minigrad.Size([1, 3, 8, 8])
    >>> up.weight.shape
    minigrad.Size([8, 3, 2, 2])
    """

    cls_to_become = ConvTranspose2d


class LazyConvTranspose3d(_LazyConvTranspose, ConvTranspose3d):
    r"""A :class:`ConvTranspose3d` whose ``in_channels`` is read from the first input.

    Until the first call, ``weight`` and ``bias`` are
    :class:`~minigrad.nn.parameter.UninitializedParameter` objects without a
    shape. The first call takes ``in_channels`` from the input's channel
    dimension (dimension 1 of a batched input, 0 of an unbatched one), which
    must be divisible by ``groups``; it then creates the weight and bias,
    initializes them as :class:`ConvTranspose3d` does and turns the module into a
    :class:`ConvTranspose3d`, which it is from then on.

    A transposed convolution is the adjoint of the convolution with the same
    parameters, which is why it computes that convolution's gradient with
    respect to its input: where the convolution gathers a window of inputs into one output,
    this layer scatters each input value, times the kernel, back onto the
    window it came from, and sums the overlaps:

    .. math::

        \text{out}[n, o, \mathbf{j}] = b[o] + \sum_{c \in \text{group}(o)}
            \sum_{\mathbf{i}, \mathbf{k} \,:\, S \mathbf{i} + D \mathbf{k} - P = \mathbf{j}}
            w\bigl[c,\; o - g(o)\,C_\text{out}/G,\; \mathbf{k}\bigr]\; x[n, c, \mathbf{i}]

    with :math:`\mathbf{i}` (input position), :math:`\mathbf{k}` (kernel
    offset) and :math:`\mathbf{j}` (output position) holding one index per
    spatial dimension (depth, height, width), the condition holding in each dimension
    with its own :math:`K, S, P, D`; :math:`g(o)` is the group of output
    channel :math:`o` and :math:`\text{group}(o)` its
    :math:`C_\text{in}/G` input channels. A stride of 2 roughly doubles each
    spatial size, so decoders and generators use it to up-sample.

    Parameters
    ----------
    out_channels : int
        :math:`C_\text{out}`, the number of channels the layer produces (at
        least 1). Must be divisible by ``groups``.
    kernel_size : int or tuple of 3 ints
        :math:`K`, the kernel's size, as ``(K_d, K_h, K_w)`` for depth, height and width (at least
        1); an int is
        used for every spatial dimension.
    stride : int or tuple of 3 ints, default 1
        :math:`S`, the spacing of two neighbouring input values on the output
        (at least 1).
    padding : int or tuple of 3 ints, default 0
        :math:`P` (at least 0): the convolution this layer transposes added
        :math:`P` positions at each end, so :math:`P` positions are cropped
        from each end of the full output (equivalently,
        :math:`D(K - 1) - P` zeros pad the input). No ``'same'`` or
        ``'valid'`` strings (a ``TypeError``).
    output_padding : int or tuple of 3 ints, default 0
        Extra positions added at the end of each output dimension (at least
        0). A strided convolution maps several input sizes to one output
        size; this picks which of them to produce. It must be smaller than
        ``stride`` or ``dilation`` in each dimension (a ``ValueError`` on the
        first call otherwise).
    groups : int, default 1
        :math:`G`, the number of independent transposed convolutions the
        channels are split into (at least 1); input channels
        :math:`[g C_\text{in}/G, (g + 1) C_\text{in}/G)` feed only output
        channels :math:`[g C_\text{out}/G, (g + 1) C_\text{out}/G)`. Both
        channel counts must be divisible by it (a ``ValueError`` otherwise).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    dilation : int or tuple of 3 ints, default 1
        :math:`D`, the spacing between the kernel's taps (at least 1).
    padding_mode : {'zeros'}, default 'zeros'
        The only mode of a transposed convolution (as in PyTorch); another
        value is a ``ValueError``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`. A non-floating dtype is a
        ``TypeError``.

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels / groups, K_d, K_h, K_w)`` (input channels
        first, the layout of the convolution it transposes), drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = C_\text{out}/G \cdot K_d K_h K_w` (the fan-in PyTorch
        computes from the weight's second dimension).
    bias : Parameter or None
        ``(out_channels,)``, drawn from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or, unbatched, ``(C_in, D_in, H_in, W_in)``
    - Output: ``(N, C_out, D_out, H_out, W_out)`` or, unbatched, ``(C_out, D_out, H_out, W_out)``,
      each spatial size following from the input's with that dimension's
      :math:`K, S, P, D` and output padding :math:`O`:

      .. math::

          L_\text{out} = (L_\text{in} - 1) S - 2P + D(K - 1) + O + 1

    Calling the layer as ``layer(input, output_size)`` picks the output
    padding that gives ``output_size`` (the spatial sizes, or the whole
    shape); a size outside the reachable range is a ``ValueError``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyConvTranspose3d(2, 2)(minigrad.ones(1, 3, 2, 2, 2)).shape
    minigrad.Size([1, 2, 3, 3, 3])
    """

    cls_to_become = ConvTranspose3d
