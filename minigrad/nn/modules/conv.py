"""Convolution layers: Conv1d/2d/3d and ConvTranspose1d/2d/3d over one N-d base.

The layers hold the weight and hyper-parameters and call
``nn.functional.conv*``. A ``padding_mode`` other than ``'zeros'`` pads the
input with ``nn.functional.pad`` first and convolves with no padding, as
PyTorch does.
"""
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
    """1-d convolution (cross-correlation) over ``(N, C_in, L)`` input.

    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and output; both divisible by ``groups``.
    kernel_size : int or tuple
    stride : int or tuple, default 1
    padding : int, tuple or {'valid', 'same'}, default 0
        Implicit padding on both sides; ``'same'`` keeps the length (stride 1 only).
    dilation : int or tuple, default 1
    groups : int, default 1
        Blocked connections: each group of input channels feeds its own group of outputs.
    bias : bool, default True
    padding_mode : {'zeros', 'reflect', 'replicate', 'circular'}, default 'zeros'
    device, dtype : optional
        Only the CPU; the parameters' dtype.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, kernel_size)``, drawn from
        ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` with
        ``fan_in = in_channels / groups * kernel_size``.
    bias : Parameter or None
        ``(out_channels,)``, from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``
    - Output: ``(N, C_out, L_out)`` with
      ``L_out = floor((L_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> m = nn.Conv1d(16, 33, 3, stride=2)
    >>> m(minigrad.randn(20, 16, 50)).shape
    minigrad.Size([20, 33, 24])
    """

    _n = 1
    _conv = staticmethod(F.conv1d)


class Conv2d(_Conv):
    """2-d convolution (cross-correlation) over ``(N, C_in, H, W)`` input.

    Parameters as :class:`Conv1d`, with ``kernel_size``, ``stride``,
    ``padding`` and ``dilation`` an int or a pair ``(h, w)``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, kH, kW)``, drawn from
        ``U(-1/sqrt(fan_in), 1/sqrt(fan_in))`` with ``fan_in = in_channels / groups * kH * kW``.
    bias : Parameter or None
        ``(out_channels,)``, from the same distribution.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``
    - Output: ``(N, C_out, H_out, W_out)`` with
      ``H_out = floor((H_in + 2 * padding[0] - dilation[0] * (kernel_size[0] - 1) - 1)
      / stride[0] + 1)``
      and ``W_out`` likewise

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
    """3-d convolution (cross-correlation) over ``(N, C_in, D, H, W)`` input.

    Parameters as :class:`Conv1d`, with ``kernel_size``, ``stride``,
    ``padding`` and ``dilation`` an int or a triple ``(d, h, w)``.

    Attributes
    ----------
    weight : Parameter
        ``(out_channels, in_channels / groups, kD, kH, kW)``, initialized as :class:`Conv2d`.
    bias : Parameter or None
        ``(out_channels,)``.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``
    - Output: ``(N, C_out, D_out, H_out, W_out)``, each size as in :class:`Conv1d`

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Conv3d(2, 4, 3, padding=1)(minigrad.randn(1, 2, 4, 4, 4)).shape
    minigrad.Size([1, 4, 4, 4, 4])
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
    """1-d transposed convolution (the gradient of :class:`Conv1d` with respect to its input).

    Parameters
    ----------
    in_channels, out_channels : int
        Both divisible by ``groups``.
    kernel_size : int or tuple
    stride : int or tuple, default 1
    padding : int or tuple, default 0
        ``dilation * (kernel_size - 1) - padding`` zeros are added to both sides.
    output_padding : int or tuple, default 0
        Extra size added to one side of the output (smaller than stride or dilation).
    groups : int, default 1
    bias : bool, default True
    dilation : int or tuple, default 1
    padding_mode : {'zeros'}
        The only mode, as in PyTorch.
    device, dtype : optional

    Attributes
    ----------
    weight : Parameter
        ``(in_channels, out_channels / groups, kernel_size)``; initialized like
        :class:`Conv1d` with ``fan_in = out_channels / groups * kernel_size``
        (computed from the weight's dimension 1, as PyTorch).
    bias : Parameter or None
        ``(out_channels,)``.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``
    - Output: ``(N, C_out, L_out)`` with
      ``L_out = (L_in - 1) * stride - 2 * padding + dilation * (kernel_size - 1)
      + output_padding + 1``

    ``forward(input, output_size=None)``: ``output_size`` picks the output
    padding that gives that size.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ConvTranspose1d(4, 2, 3, stride=2)(minigrad.randn(1, 4, 5)).shape
    minigrad.Size([1, 2, 11])
    """

    _n = 1
    _conv = staticmethod(F.conv_transpose1d)


class ConvTranspose2d(_ConvTranspose):
    """2-d transposed convolution (the gradient of :class:`Conv2d` with respect to its input).

    Parameters and initialization as :class:`ConvTranspose1d`, with pairs.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``
    - Output: ``(N, C_out, H_out, W_out)`` with
      ``H_out = (H_in - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kernel_size[0] - 1)
      + output_padding[0] + 1``
      and ``W_out`` likewise

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
    """3-d transposed convolution (the gradient of :class:`Conv3d` with respect to its input).

    Parameters and initialization as :class:`ConvTranspose1d`, with triples.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``
    - Output: ``(N, C_out, D_out, H_out, W_out)``, each size as in :class:`ConvTranspose1d`

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
    """A :class:`Conv1d` whose ``in_channels`` is read from the first input.

    The arguments are :class:`Conv1d`'s without ``in_channels``. The first
    call materializes the weight and bias, initializes them as
    :class:`Conv1d` does and turns the module into a :class:`Conv1d`.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``, any ``C_in`` divisible by ``groups``
    - Output: as :class:`Conv1d`

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
    """A :class:`Conv2d` whose ``in_channels`` is read from the first input.

    The arguments are :class:`Conv2d`'s without ``in_channels``; see
    :class:`LazyConv1d`.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``, any ``C_in`` divisible by
      ``groups``
    - Output: as :class:`Conv2d`

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
    """A :class:`Conv3d` whose ``in_channels`` is read from the first input.

    The arguments are :class:`Conv3d`'s without ``in_channels``; see
    :class:`LazyConv1d`.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``
    - Output: as :class:`Conv3d`

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyConv3d(2, 2)(minigrad.ones(1, 3, 4, 4, 4)).shape
    minigrad.Size([1, 2, 3, 3, 3])
    """

    cls_to_become = Conv3d


class LazyConvTranspose1d(_LazyConvTranspose, ConvTranspose1d):
    """A :class:`ConvTranspose1d` whose ``in_channels`` is read from the first input.

    The arguments are :class:`ConvTranspose1d`'s without ``in_channels``;
    see :class:`LazyConv1d`.

    Shape
    -----
    - Input: ``(N, C_in, L_in)`` or ``(C_in, L_in)``
    - Output: as :class:`ConvTranspose1d`

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyConvTranspose1d(2, 3, stride=2)(minigrad.ones(1, 4, 5)).shape
    minigrad.Size([1, 2, 11])
    """

    cls_to_become = ConvTranspose1d


class LazyConvTranspose2d(_LazyConvTranspose, ConvTranspose2d):
    """A :class:`ConvTranspose2d` whose ``in_channels`` is read from the first input.

    The arguments are :class:`ConvTranspose2d`'s without ``in_channels``;
    see :class:`LazyConv1d`.

    Shape
    -----
    - Input: ``(N, C_in, H_in, W_in)`` or ``(C_in, H_in, W_in)``
    - Output: as :class:`ConvTranspose2d`

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
    """A :class:`ConvTranspose3d` whose ``in_channels`` is read from the first input.

    The arguments are :class:`ConvTranspose3d`'s without ``in_channels``;
    see :class:`LazyConv1d`.

    Shape
    -----
    - Input: ``(N, C_in, D_in, H_in, W_in)`` or ``(C_in, D_in, H_in, W_in)``
    - Output: as :class:`ConvTranspose3d`

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LazyConvTranspose3d(2, 2)(minigrad.ones(1, 3, 2, 2, 2)).shape
    minigrad.Size([1, 2, 3, 3, 3])
    """

    cls_to_become = ConvTranspose3d
