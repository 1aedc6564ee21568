"""Pooling layers: max, average, adaptive, Lp and max-unpooling, in 1, 2 and 3-d.

Hyper-parameters are stored as given (PyTorch's reprs print them that way)
and checked in ``__init__``; ``forward`` calls ``nn.functional``. The
docstrings are filled from the family templates in ``minigrad/ops/_pool_docs.py``,
which the functional twins share.
"""

from minigrad.nn import functional as F
from minigrad.nn.modules._utils import _pair, _single, _triple
from minigrad.nn.modules.module import Module
from minigrad.ops._pool_docs import layer_doc
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
    __doc__ = layer_doc("max_pool", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.MaxPool1d(2)(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]))
        tensor([[[3., 2.]]])
        """)

    _n = 1
    _pool = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    __doc__ = layer_doc("max_pool", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> pool = nn.MaxPool2d(2)
        >>> pool
        MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
        >>> pool(minigrad.randn(1, 6, 28, 28)).shape
        minigrad.Size([1, 6, 14, 14])
        """)

    _n = 2
    _pool = staticmethod(F.max_pool2d)


class MaxPool3d(_MaxPoolNd):
    __doc__ = layer_doc("max_pool", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.MaxPool3d(2)(minigrad.randn(1, 2, 4, 4, 4)).shape
        minigrad.Size([1, 2, 2, 2, 2])
        """)

    _n = 3
    _pool = staticmethod(F.max_pool3d)


# ---------------------------------------------------------------- average pooling
class AvgPool1d(Module):
    __doc__ = layer_doc("avg_pool", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> pool = nn.AvgPool1d(2)
        >>> pool
        AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))
        >>> pool(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]))
        tensor([[[2., 1.]]])
        """)

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
    __doc__ = layer_doc("avg_pool", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AvgPool2d(2)(minigrad.ones(1, 1, 4, 4))
        tensor([[[[1., 1.],
                  [1., 1.]]]])
        """)

    _n = 2
    _pool = staticmethod(F.avg_pool2d)


class AvgPool3d(_AvgPoolNd):
    __doc__ = layer_doc("avg_pool", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AvgPool3d(2)(minigrad.ones(1, 1, 2, 2, 2)).shape
        minigrad.Size([1, 1, 1, 1, 1])
        """)

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
    __doc__ = layer_doc("adaptive_avg_pool", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AdaptiveAvgPool1d(1)(minigrad.tensor([[[1.0, 2.0, 6.0]]]))
        tensor([[[3.]]])
        """)

    _n = 1
    _pool = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    __doc__ = layer_doc("adaptive_avg_pool", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AdaptiveAvgPool2d((5, 7))(minigrad.randn(1, 64, 8, 9)).shape
        minigrad.Size([1, 64, 5, 7])
        """)

    _n = 2
    _pool = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    __doc__ = layer_doc("adaptive_avg_pool", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AdaptiveAvgPool3d(1)(minigrad.randn(2, 3, 4, 4, 4)).shape
        minigrad.Size([2, 3, 1, 1, 1])
        """)

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
    __doc__ = layer_doc("adaptive_max_pool", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AdaptiveMaxPool1d(1)(minigrad.tensor([[[1.0, 2.0, 6.0]]]))
        tensor([[[6.]]])
        """)

    _n = 1
    _pool = staticmethod(F.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    __doc__ = layer_doc("adaptive_max_pool", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AdaptiveMaxPool2d(2)(minigrad.randn(1, 3, 5, 5)).shape
        minigrad.Size([1, 3, 2, 2])
        """)

    _n = 2
    _pool = staticmethod(F.adaptive_max_pool2d)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    __doc__ = layer_doc("adaptive_max_pool", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.AdaptiveMaxPool3d(1)(minigrad.randn(1, 2, 3, 3, 3)).shape
        minigrad.Size([1, 2, 1, 1, 1])
        """)

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
    __doc__ = layer_doc("max_unpool", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> pool, unpool = nn.MaxPool1d(2, return_indices=True), nn.MaxUnpool1d(2)
        >>> out, idx = pool(minigrad.tensor([[[1.0, 3.0, 2.0, 0.0]]]))
        >>> unpool(out, idx)
        tensor([[[0., 3., 2., 0.]]])
        """)

    _n = 1
    _tuple = staticmethod(_single)
    _unpool = staticmethod(F.max_unpool1d)


class MaxUnpool2d(_MaxUnpoolNd):
    __doc__ = layer_doc("max_unpool", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
        >>> out, idx = pool(minigrad.randn(1, 1, 4, 4))
        >>> unpool(out, idx).shape
        minigrad.Size([1, 1, 4, 4])
        """)

    _n = 2
    _tuple = staticmethod(_pair)
    _unpool = staticmethod(F.max_unpool2d)


class MaxUnpool3d(_MaxUnpoolNd):
    __doc__ = layer_doc("max_unpool", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> pool, unpool = nn.MaxPool3d(2, return_indices=True), nn.MaxUnpool3d(2)
        >>> out, idx = pool(minigrad.randn(1, 1, 2, 2, 2))
        >>> unpool(out, idx).shape
        minigrad.Size([1, 1, 2, 2, 2])
        """)

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
    __doc__ = layer_doc("lp_pool", 1, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.LPPool1d(2, 2)(minigrad.tensor([[[3.0, 4.0]]]))
        tensor([[[5.]]])
        """)

    _n = 1
    _pool = staticmethod(F.lp_pool1d)


class LPPool2d(_LPPoolNd):
    __doc__ = layer_doc("lp_pool", 2, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.LPPool2d(1, 2)(minigrad.ones(1, 1, 2, 2))
        tensor([[[[4.]]]])
        """)

    _n = 2
    _pool = staticmethod(F.lp_pool2d)


class LPPool3d(_LPPoolNd):
    __doc__ = layer_doc("lp_pool", 3, """
        >>> import minigrad
        >>> from minigrad import nn
        >>> nn.LPPool3d(2, 2)(minigrad.ones(1, 1, 2, 2, 2)).shape
        minigrad.Size([1, 1, 1, 1, 1])
        """)

    _n = 3
    _pool = staticmethod(F.lp_pool3d)
