"""Convolutions and transposed convolutions in 1, 2 and 3 dimensions.

The three layers of the op: the public functions below (also exported by
``minigrad.nn.functional``) check their arguments and work out the output
size; the ``ConvNd`` and ``ConvTransposeNd`` Functions hold forward and
backward side by side; the kernels of ``minigrad._ext.conv``
(``conv_forward``, ``conv_backward_input``, ``conv_backward_weight``,
``conv_backward_bias``) do the arithmetic. A 1-d or 2-d convolution with few
output positions per sample (the last stages of VGG and ResNet) runs instead
as GEMMs over the whole batch, unfolded one row per output position by
``minigrad._ext.patches`` (see "few positions" below). 3x3 convolutions of
unit stride with 128 channels or more on small maps, and 5x5 ones such as
LeNet-5's second layer, run by Winograd's F(2x2, 3x3) and F(2x2, 5x5)
(``minigrad/ops/winograd.py``).

There is one implementation for every rank: a 1-d input ``(N, C, W)`` is
viewed as ``(N, C, 1, 1, W)`` and a 2-d one as ``(N, C, 1, H, W)``. A
transposed convolution is the input gradient of a convolution, so both
Functions share the same three kernels with their roles swapped.

Differences from PyTorch: input, weight and bias must have the same float32
or float64 dtype (no type promotion); the backward cannot itself be
differentiated (``create_graph=True`` raises, as for every built-in op).
"""
import functools
import math
from dataclasses import dataclass

import numpy as np

from minigrad._config import blas_on_one_thread
from minigrad._ext import conv as _kernels
from minigrad._ext import patches as _patch_kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.ops._args import check_allocation, check_int, int_tuple
from minigrad.ops.matmul import matmul_2d
from minigrad.ops.patches import _Blocks, _blocks_along
from minigrad.ops import conv_taps, winograd
from minigrad.ops.shape import squeeze, unsqueeze
from minigrad.tensor import Tensor

__all__ = [
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_output_size",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "conv_transpose_output_size",
]

# Sizes handed to BLAS are C ints.
_INT_MAX = 2**31 - 1


# ----------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class _Geometry:
    """One convolution, always in 3-d form (leading unit dimensions for 1-d and 2-d).

    For a transposed convolution this is the *forward* convolution it is the
    gradient of: ``in_size`` is the transposed op's output size and
    ``out_size`` its input size.
    """

    stride: tuple
    padding: tuple
    dilation: tuple
    groups: int
    in_size: tuple
    out_size: tuple


def conv_output_size(size, kernel_size, stride=1, padding=0, dilation=1):
    """The length of a convolution's output along one dimension.

    ``floor((size + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``

    Parameters
    ----------
    size, kernel_size, stride, padding, dilation : int
        The input length and the convolution's parameters along that dimension.

    Returns
    -------
    int
        The output length; less than 1 when the kernel does not fit in the
        padded input.

    Examples
    --------
    >>> conv_output_size(32, 5, stride=1, padding=2)
    32
    >>> conv_output_size(7, 3, stride=2)
    3
    """
    return (size + 2 * padding - dilation * (kernel_size - 1) - 1) // stride + 1


def conv_transpose_output_size(size, kernel_size, stride=1, padding=0, output_padding=0,
                               dilation=1):
    """The length of a transposed convolution's output along one dimension.

    ``(size - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1``

    Parameters
    ----------
    size, kernel_size, stride, padding, output_padding, dilation : int
        The input length and the transposed convolution's parameters along
        that dimension.

    Returns
    -------
    int
        The output length.

    Examples
    --------
    >>> conv_transpose_output_size(3, 3, stride=2)
    7
    >>> conv_transpose_output_size(3, 3, stride=2, output_padding=1)
    8
    """
    return (size - 1) * stride - 2 * padding + dilation * (kernel_size - 1) + output_padding + 1


def _shape(a):
    return "[" + ", ".join(map(str, a.shape)) + "]"


def _check_tensors(op, nd, input, weight, bias):
    """Types, dtypes and ranks of the tensors; returns the input and weight arrays."""
    for name, t in (("input", input), ("weight", weight)):
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(t).__name__}")
    if bias is not None and not isinstance(bias, Tensor):
        raise TypeError(f"{op}: expected bias to be a Tensor or None, got {type(bias).__name__}")
    x, w = input._data, weight._data
    if x.dtype not in (np.float32, np.float64):
        raise TypeError(f"{op}: expected a float32 or float64 input, got dtype {x.dtype}")
    if w.dtype != x.dtype:
        raise TypeError(
            f"{op}: input and weight must have the same dtype, got input {x.dtype} "
            f"and weight {w.dtype}"
        )
    if bias is not None and bias._data.dtype != x.dtype:
        raise TypeError(
            f"{op}: input and bias must have the same dtype, got input {x.dtype} "
            f"and bias {bias._data.dtype}"
        )
    if x.ndim not in (nd + 1, nd + 2):
        raise ValueError(
            f"{op}: expected a {nd + 1}-d (unbatched) or {nd + 2}-d (batched) input, "
            f"got input of shape {_shape(x)}"
        )
    if w.ndim != nd + 2:
        raise ValueError(f"{op}: expected a {nd + 2}-d weight, got weight of shape {_shape(w)}")
    if 0 in w.shape:
        raise ValueError(f"{op}: expected a non-empty weight, got weight of shape {_shape(w)}")
    if 0 in x.shape[-nd - 1:]:
        raise ValueError(
            f"{op}: expected non-empty channel and spatial dimensions, got input of shape "
            f"{_shape(x)}"
        )
    return x, w


def _check_common(op, nd, stride, dilation, groups):
    return (int_tuple(op, "stride", stride, nd, 1), int_tuple(op, "dilation", dilation, nd, 1),
            check_int(op, "groups", groups, 1))


def _check_bias(op, bias, channels, w):
    if bias is not None and bias._data.shape != (channels,):
        raise ValueError(
            f"{op}: expected bias of shape [{channels}] (one per output channel, weight "
            f"{_shape(w)}), got bias of shape {_shape(bias._data)}"
        )


def _pad3(values, fill):
    """An ``nd``-tuple as a 3-tuple, the missing leading dimensions set to ``fill``."""
    return (fill,) * (3 - len(values)) + tuple(values)


def _geometry(op, stride, padding, dilation, groups, in_size, out_size, kernel, in_per_group):
    """The 3-d geometry, after checking that every size fits the kernels' C ints."""
    values = stride + padding + dilation + in_size + out_size
    if (max(values) > _INT_MAX or math.prod(in_size) > _INT_MAX
            or math.prod(out_size) > _INT_MAX
            or in_per_group * math.prod(kernel) > _INT_MAX):
        raise ValueError(
            f"{op}: sizes too large: every size, stride, padding and dilation, and the "
            f"number of positions of an input or output channel, must be below 2**31"
        )
    return _Geometry(
        stride=_pad3(stride, 1), padding=_pad3(padding, 0), dilation=_pad3(dilation, 1),
        groups=groups, in_size=_pad3(in_size, 1), out_size=_pad3(out_size, 1),
    )


def _conv_geometry(op, nd, input, weight, bias, stride, padding, dilation, groups):
    """Check a convolution's arguments and return its geometry."""
    x, w = _check_tensors(op, nd, input, weight, bias)
    stride, dilation, groups = _check_common(op, nd, stride, dilation, groups)
    kernel, size = w.shape[2:], x.shape[-nd:]
    out_size = None
    if isinstance(padding, str):
        if padding == "valid":
            padding = (0,) * nd
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError(
                    f"{op}: padding='same' is not supported for strided convolutions, "
                    f"got stride={stride}"
                )
            # d*(k-1) zeros in total: half before, and when the total is odd
            # the extra one after (right/bottom), as PyTorch does. The kernels
            # take the padding before; the output size fixes the rest.
            padding = tuple(d * (k - 1) // 2 for d, k in zip(dilation, kernel))
            out_size = tuple(size)
        else:
            raise ValueError(
                f"{op}: invalid padding string {padding!r}, expected one of 'valid', 'same'"
            )
    else:
        padding = int_tuple(op, "padding", padding, nd, 0)
    in_channels, out_channels = x.shape[-nd - 1], w.shape[0]
    if in_channels % groups:
        raise ValueError(
            f"{op}: in_channels must be divisible by groups, got input {_shape(x)} "
            f"({in_channels} channels) and groups={groups}"
        )
    if out_channels % groups:
        raise ValueError(
            f"{op}: out_channels must be divisible by groups, got weight {_shape(w)} "
            f"({out_channels} output channels) and groups={groups}"
        )
    if in_channels != w.shape[1] * groups:
        raise ValueError(
            f"{op}: expected input with {w.shape[1] * groups} channels, got {in_channels} "
            f"(input {_shape(x)}, weight {_shape(w)}, groups={groups}; the weight is "
            f"(out_channels, in_channels / groups, *kernel_size))"
        )
    _check_bias(op, bias, out_channels, w)
    if out_size is None:
        out_size = tuple(conv_output_size(*args)
                         for args in zip(size, kernel, stride, padding, dilation))
    for axis, (o, s, k, st, p, d) in enumerate(zip(out_size, size, kernel, stride, padding,
                                                   dilation)):
        if o < 1:
            raise ValueError(
                f"{op}: the kernel is larger than the padded input in spatial dimension "
                f"{axis} (input {_shape(x)}, weight {_shape(w)}): output size = "
                f"floor((W + 2P - D*(K-1) - 1)/S) + 1 = floor(({s} + 2*{p} - {d}*({k}-1) - 1)"
                f"/{st}) + 1 = {o}, expected at least 1"
            )
    check_allocation(op, "output", x.shape[:-nd - 1] + (out_channels,) + tuple(out_size),
                     x.itemsize)
    return _geometry(op, stride, padding, dilation, groups, size, out_size, kernel, w.shape[1])


def _conv_transpose_geometry(op, nd, input, weight, bias, stride, padding, output_padding,
                             groups, dilation):
    """Check a transposed convolution's arguments and return its geometry."""
    x, w = _check_tensors(op, nd, input, weight, bias)
    stride, dilation, groups = _check_common(op, nd, stride, dilation, groups)
    if isinstance(padding, str):
        raise TypeError(
            f"{op}: expected padding to be an int or a tuple of {nd} ints (a transposed "
            f"convolution has no 'same' or 'valid'), got {padding!r}"
        )
    padding = int_tuple(op, "padding", padding, nd, 0)
    output_padding = int_tuple(op, "output_padding", output_padding, nd)
    if any(not 0 <= op_ < max(s, d) for op_, s, d in zip(output_padding, stride, dilation)):
        raise ValueError(
            f"{op}: output_padding must be non-negative and smaller than either stride or "
            f"dilation, got output_padding={output_padding}, stride={stride}, "
            f"dilation={dilation}"
        )
    in_channels = x.shape[-nd - 1]
    if in_channels % groups:
        raise ValueError(
            f"{op}: in_channels must be divisible by groups, got input {_shape(x)} "
            f"({in_channels} channels) and groups={groups}"
        )
    if in_channels != w.shape[0]:
        raise ValueError(
            f"{op}: expected input with {w.shape[0]} channels, got {in_channels} "
            f"(input {_shape(x)}, weight {_shape(w)}; a transposed convolution's weight is "
            f"(in_channels, out_channels / groups, *kernel_size))"
        )
    _check_bias(op, bias, w.shape[1] * groups, w)
    size, kernel = x.shape[-nd:], w.shape[2:]
    out_size = tuple(conv_transpose_output_size(*args) for args in
                     zip(size, kernel, stride, padding, output_padding, dilation))
    for axis, (o, s, k, st, p, op_, d) in enumerate(
            zip(out_size, size, kernel, stride, padding, output_padding, dilation)):
        if o < 1:
            raise ValueError(
                f"{op}: the output would be empty in spatial dimension {axis} (input "
                f"{_shape(x)}, weight {_shape(w)}): output size = (W-1)*S - 2P + D*(K-1) + "
                f"OP + 1 = ({s}-1)*{st} - 2*{p} + {d}*({k}-1) + {op_} + 1 = {o}, expected at "
                f"least 1"
            )
    check_allocation(op, "output", x.shape[:-nd - 1] + (w.shape[1] * groups,) + out_size,
                     x.itemsize)
    # The convolution this is the gradient of maps out_size back to size.
    return _geometry(op, stride, padding, dilation, groups, out_size, size, kernel,
                     w.shape[1])


# ----------------------------------------------------------------------------- kernels
_NO_BIAS = {np.dtype(np.float32): np.empty(0, np.float32),
            np.dtype(np.float64): np.empty(0, np.float64)}


def _bias_array(bias, dtype):
    return _NO_BIAS[dtype] if bias is None else np.ascontiguousarray(bias)


def _as5d(a):
    """A batched ``(N, C, *spatial)`` array as a C-contiguous ``(N, C, D, H, W)`` view."""
    a = np.ascontiguousarray(a)
    return a.reshape(a.shape[:2] + _pad3(a.shape[2:], 1))


def _forward(x, weight, bias, g):
    """``conv(x, weight) + bias`` on 5-d arrays."""
    scheme = winograd.usable(x.shape, weight.shape, g, x, weight)
    if scheme is not None:
        return winograd.forward(x[:, :, 0], weight[:, :, 0], bias, g.padding[1:],
                                scheme)[:, :, None]
    taps = _tiny_map_taps(x.shape, weight.shape[2:], g)
    if taps is not None:
        return conv_taps.forward(x[:, :, 0], weight[:, :, 0], bias, taps,
                                 g.out_size[1:])[:, :, None]
    blocks = _batch_gemm_blocks(x.shape, weight.shape[2:], g)
    if blocks is not None:
        return _batch_gemm_forward(x, weight, bias, g, blocks)
    out = np.empty((x.shape[0], weight.shape[0]) + g.out_size, x.dtype)
    with blas_on_one_thread:
        _kernels.conv_forward(x, weight, _bias_array(bias, x.dtype), out, g.stride, g.padding,
                              g.dilation, g.groups, get_num_threads())
    return out


def _backward_input(grad, weight, bias, g):
    """The input gradient of ``conv(., weight)`` (plus ``bias``) on 5-d arrays."""
    in_shape = (grad.shape[0], weight.shape[1] * g.groups) + g.in_size
    scheme = winograd.usable(in_shape, weight.shape, g, grad, weight)
    if scheme is not None:
        out = winograd.backward_input(grad[:, :, 0], weight[:, :, 0], g.padding[1:],
                                      scheme)[:, :, None]
        if bias is not None:
            out += bias.reshape(-1, 1, 1, 1)
        return out
    taps = _tiny_map_taps(in_shape, weight.shape[2:], g)
    if taps is not None:
        out = conv_taps.backward_input(grad[:, :, 0], weight[:, :, 0], taps,
                                       g.in_size[1:])[:, :, None]
        if bias is not None:
            out += bias.reshape(-1, 1, 1, 1)
        return out
    blocks = _batch_gemm_blocks(in_shape, weight.shape[2:], g)
    if blocks is not None:
        out = _batch_gemm_backward(None, grad, weight, g, blocks, True, False)[0]
        if bias is not None:
            out += bias.reshape(-1, 1, 1, 1)
        return out
    out = np.empty(in_shape, grad.dtype)
    with blas_on_one_thread:
        _kernels.conv_backward_input(grad, weight, _bias_array(bias, grad.dtype), out,
                                     g.stride, g.padding, g.dilation, g.groups, get_num_threads())
    return out


def _backward_weight(x, grad, weight_shape, g):
    """The weight gradient of ``conv(x, .)`` on 5-d arrays, summed over the batch."""
    kernel = _pad3(weight_shape[2:], 1)
    scheme = winograd.usable_for_weight(x.shape, (weight_shape[0], weight_shape[1]) + kernel,
                                        g, x, grad)
    if scheme is not None:
        return winograd.backward_weight(x[:, :, 0], grad[:, :, 0], g.padding[1:],
                                        scheme).reshape(weight_shape)
    taps = _tiny_map_taps(x.shape, kernel, g)
    if taps is not None:
        return conv_taps.backward_weight(x[:, :, 0], grad[:, :, 0], taps,
                                         weight_shape[:2] + kernel[1:]).reshape(weight_shape)
    blocks = _batch_gemm_blocks(x.shape, kernel, g)
    if blocks is not None:
        return _batch_gemm_backward(x, grad, None, g, blocks, False, True)[1].reshape(weight_shape)
    out = np.empty(weight_shape[:2] + kernel, x.dtype)
    with blas_on_one_thread:
        _kernels.conv_backward_weight(x, grad, out, g.stride, g.padding, g.dilation, g.groups,
                                      get_num_threads())
    return out.reshape(weight_shape)


# ----------------------------------------------------------------------------- few positions
# The kernels work one sample at a time. With few output positions per sample (the
# 2x2 to 8x8 maps of 256-512 channels at the end of VGG and ResNet) a sample's product
# is too thin for their SIMD tiles, and the weight gradient's per-sample accumulation
# outweighs the arithmetic: VGG-11's 512-channel 2x2 layer at batch 64 ran its forward
# at 27 GFLOP/s where one GEMM runs at 180. Up to this many positions, a 1-d or 2-d
# convolution of one group unfolds the batch into one row per output position and
# runs its forward, input gradient and weight gradient each as one GEMM over the
# batch. The batch is cut into chunks whose rows fit _ROWS_MAX_BYTES; the chunks
# depend on the shapes only, and matmul_2d splits its work by shape, so every sum is
# formed in the same order at any thread count. (16 MB stays below glibc's 32 MB
# ceiling for heap blocks: a larger buffer is mapped afresh, and faulted in, at every
# call.)
_FEW_POSITIONS = 64
_ROWS_MAX_BYTES = 1 << 24


def _batch_gemm_blocks(x_shape, kernel, g):
    """The unfolding of the few-positions path for a 5-d input, or None where it does not apply."""
    positions = math.prod(g.out_size)
    flat = kernel[0] == 1 and g.in_size[0] == 1 and g.out_size[0] == 1
    if not flat or x_shape[0] == 0 or g.groups != 1 or positions > _FEW_POSITIONS:
        return None
    blocks = _Blocks(kernel=tuple(kernel[1:]), dilation=g.dilation[1:], padding=g.padding[1:],
                     stride=g.stride[1:], size=g.in_size[1:], blocks=g.out_size[1:])
    if tuple(_blocks_along(*a) for a in zip(blocks.size, blocks.kernel, blocks.dilation,
                                              blocks.padding, blocks.stride)) != blocks.blocks:
        return None  # padding="same" with an even total: the kernels take it
    return blocks


@functools.lru_cache(maxsize=256)
def _taps(in_size, out_size, kernel, stride, padding, dilation):
    return conv_taps.Taps(in_size, out_size, kernel, stride, padding, dilation)


def _tiny_map_taps(x_shape, kernel, g):
    """The taps of the tiny-maps path (``conv_taps``) for a 5-d input, or None where the
    few-positions path does not apply or most (position, tap) pairs meet the input."""
    if _batch_gemm_blocks(x_shape, kernel, g) is None:
        return None
    taps = _taps(g.in_size[1:], g.out_size[1:], tuple(kernel[1:]), g.stride[1:], g.padding[1:],
                 g.dilation[1:])
    return taps if taps.share() <= conv_taps.MAX_PAIR_SHARE else None


def _batch_chunks(n, sample_bytes):
    """``(start, stop)`` slices of the batch whose rows take at most _ROWS_MAX_BYTES each."""
    step = max(1, _ROWS_MAX_BYTES // max(1, sample_bytes))
    return [(start, min(n, start + step)) for start in range(0, n, step)]


def _rows(x, blocks):
    """The blocks of ``x`` (``(N, C, H, W)``) as ``(N*L, C*KH*KW)``, one row per block."""
    n, c = x.shape[:2]
    positions = math.prod(blocks.blocks)
    out = np.empty((n, positions, c * math.prod(blocks.kernel)), x.dtype)
    _patch_kernels.unfold_rows(x, out, *blocks.kernel_args(), get_num_threads())
    return out.reshape(n * positions, -1)


def _channels_first(grad, positions):
    """``grad`` (``(N, C, ...)``) as ``(C, N*L)``: the output gradient as a GEMM operand."""
    n, c = grad.shape[:2]
    out = np.empty((c, n, positions), grad.dtype)
    _patch_kernels.swap_leading(grad.reshape(n, c, positions), out, _NO_BIAS[grad.dtype],
                                get_num_threads())
    return out.reshape(c, n * positions)


def _batch_gemm_forward(x, weight, bias, g, blocks):
    n, out_channels = x.shape[0], weight.shape[0]
    positions = math.prod(g.out_size)
    w2d = weight.reshape(out_channels, -1)
    out = np.empty((n, out_channels) + g.out_size, x.dtype)
    out3 = out.reshape(n, out_channels, positions)
    for start, stop in _batch_chunks(n, positions * w2d.nbytes // out_channels):
        product = matmul_2d(w2d, _rows(x[start:stop, :, 0], blocks).T)  # (O, n*L)
        _patch_kernels.swap_leading(product.reshape(out_channels, stop - start, positions),
                                    out3[start:stop], _bias_array(bias, x.dtype),
                                    get_num_threads())
    return out


def _batch_gemm_backward(x, grad, weight, g, blocks, need_input, need_weight):
    """The input and weight gradients of the few-positions path, as asked.

    ``x`` (5-d) is needed for the weight gradient only, ``weight`` for the
    input gradient only. Each chunk's output gradient is rearranged once for
    both GEMMs.
    """
    n, out_channels = grad.shape[:2]
    in_channels = x.shape[1] if x is not None else weight.shape[1]
    positions = math.prod(g.out_size)
    row_bytes = in_channels * math.prod(blocks.kernel) * grad.itemsize
    grad_x = (np.empty((n, in_channels) + g.in_size, grad.dtype) if need_input else None)
    w2d = weight.reshape(out_channels, -1) if need_input else None
    grad_w = None
    for start, stop in _batch_chunks(n, positions * row_bytes):
        grad_rows = _channels_first(grad[start:stop], positions)  # (O, n*L)
        if need_input:
            rows = matmul_2d(grad_rows.T, w2d)  # (n*L, C*K)
            _patch_kernels.fold_rows(rows.reshape(stop - start, positions, -1),
                                     grad_x[start:stop, :, 0], *blocks.kernel_args(),
                                     get_num_threads())
        if need_weight:
            part = matmul_2d(grad_rows, _rows(x[start:stop, :, 0], blocks))  # (O, C*K)
            grad_w = part if grad_w is None else np.add(grad_w, part, out=grad_w)
    return grad_x, grad_w


def _backward_bias(grad):
    """The bias gradient: ``grad`` summed over every axis but the channels."""
    out = np.empty(grad.shape[1], grad.dtype)
    _kernels.conv_backward_bias(grad.reshape(grad.shape[:2] + (math.prod(grad.shape[2:]),)), out,
                                get_num_threads())
    return out


# ----------------------------------------------------------------------------- Functions
class ConvNd(Function):
    """``conv(x, weight) + bias`` on batched arrays of 1, 2 or 3 spatial dimensions."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, weight, bias, geometry):
        ctx.save_for_backward(x, weight)
        ctx.geometry = geometry
        out = _forward(_as5d(x), _as5d(weight), bias, geometry)
        return out.reshape(out.shape[:2] + out.shape[5 - (x.ndim - 2):])

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        g = ctx.geometry
        grad = _as5d(grad.astype(x.dtype, copy=False))
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        grad_x = grad_w = grad_b = None
        blocks = _batch_gemm_blocks(_as5d(x).shape, _pad3(weight.shape[2:], 1), g)
        if (winograd.applies(_as5d(x).shape, _as5d(weight).shape, g)
                or _tiny_map_taps(_as5d(x).shape, _pad3(weight.shape[2:], 1), g) is not None):
            blocks = None
        if blocks is not None and need_x and need_w:
            grad_x, grad_w = _batch_gemm_backward(_as5d(x), grad, _as5d(weight), g, blocks,
                                                  True, True)
            grad_x, grad_w = grad_x.reshape(x.shape), grad_w.reshape(weight.shape)
        else:
            if need_x:
                grad_x = _backward_input(grad, _as5d(weight), None, g).reshape(x.shape)
            if need_w:
                grad_w = _backward_weight(_as5d(x), grad, weight.shape, g)
        if need_b:
            grad_b = _backward_bias(grad)
        return grad_x, grad_w, grad_b, None


class ConvTransposeNd(Function):
    """The transposed convolution: the input gradient of the convolution ``geometry``."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, weight, bias, geometry):
        ctx.save_for_backward(x, weight)
        ctx.geometry = geometry
        out = _backward_input(_as5d(x), _as5d(weight), bias, geometry)
        return out.reshape(out.shape[:2] + out.shape[5 - (x.ndim - 2):])

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        g = ctx.geometry
        grad = _as5d(grad.astype(x.dtype, copy=False))
        grad_x = grad_w = grad_b = None
        if ctx.needs_input_grad[0]:
            grad_x = _forward(grad, _as5d(weight), None, g).reshape(x.shape)
        if ctx.needs_input_grad[1]:
            # The weight gradient of the convolution that maps grad to x.
            grad_w = _backward_weight(grad, _as5d(x), weight.shape, g)
        if ctx.needs_input_grad[2]:
            grad_b = _backward_bias(grad)
        return grad_x, grad_w, grad_b, None


# ----------------------------------------------------------------------------- public API
def _convnd(op, nd, input, weight, bias, stride, padding, dilation, groups):
    geometry = _conv_geometry(op, nd, input, weight, bias, stride, padding, dilation, groups)
    if input._data.ndim == nd + 1:
        return squeeze(ConvNd.apply(unsqueeze(input, 0), weight, bias, geometry), 0)
    return ConvNd.apply(input, weight, bias, geometry)


def _conv_transposend(op, nd, input, weight, bias, stride, padding, output_padding, groups,
                      dilation):
    geometry = _conv_transpose_geometry(op, nd, input, weight, bias, stride, padding,
                                        output_padding, groups, dilation)
    if input._data.ndim == nd + 1:
        return squeeze(ConvTransposeNd.apply(unsqueeze(input, 0), weight, bias, geometry), 0)
    return ConvTransposeNd.apply(input, weight, bias, geometry)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d convolution (a cross-correlation, as in every deep-learning library).

    ``out[n, o, i] = bias[o] + sum_{c, k} weight[o, c, k] * input[n, g*C_in/groups + c,
    i*stride + k*dilation - padding]`` where ``g = o // (C_out/groups)`` is the group of
    output channel ``o`` and positions outside the input read zero.

    Parameters
    ----------
    input : Tensor
        ``(N, C_in, W)``, or ``(C_in, W)`` for one unbatched sample; float32 or float64.
        A non-contiguous input is copied first.
    weight : Tensor
        ``(C_out, C_in / groups, kW)``, the dtype of ``input``.
    bias : Tensor, optional
        ``(C_out,)``, added to every output position.
    stride : int or tuple of 1 int, default 1
        The step between two kernel positions along each dimension (at least 1).
    padding : int, tuple of 1 int, 'valid' or 'same', default 0
        Zeros added on both sides. ``'valid'`` means none; ``'same'`` (stride 1
        only) makes the output as long as the input, with ``dilation*(kW-1)``
        zeros in total and the odd one on the right.
    dilation : int or tuple of 1 int, default 1
        Spacing between kernel taps.
    groups : int, default 1
        Splits the input and output channels into this many independent
        convolutions; ``groups == C_in`` is a depthwise convolution.

    Returns
    -------
    Tensor
        ``(N, C_out, W_out)``, or ``(C_out, W_out)`` for an unbatched input.

    Raises
    ------
    TypeError
        Non-tensor arguments, a non-float dtype, different dtypes of input,
        weight and bias, or a non-integer stride, padding, dilation or groups.
    ValueError
        Wrong ranks, channel counts that do not match the weight or are not
        divisible by ``groups``, non-positive stride, dilation or groups,
        negative padding, ``'same'`` with a stride, or a kernel larger than the
        padded input.

    Shape
    -----
    - Input: ``(N, C_in, W)`` or ``(C_in, W)``
    - Weight: ``(C_out, C_in / groups, kW)``
    - Output: ``(N, C_out, W_out)`` with
      ``W_out = floor((W + 2*padding - dilation*(kW - 1) - 1) / stride) + 1``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[[1.0, 2.0, 3.0, 4.0]]])
    >>> w = minigrad.tensor([[[1.0, 0.0, -1.0]]])
    >>> conv1d(x, w)
    tensor([[[-2., -2.]]])
    >>> conv1d(x, w, padding='same')
    tensor([[[-2., -2., -2.,  3.]]])
    """
    return _convnd("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d convolution (a cross-correlation, as in every deep-learning library).

    ``out[n, o, i, j] = bias[o] + sum_{c, kh, kw} weight[o, c, kh, kw] *
    input[n, g*C_in/groups + c, i*sH + kh*dH - pH, j*sW + kw*dW - pW]`` where
    ``g = o // (C_out/groups)`` and positions outside the input read zero.

    Parameters
    ----------
    input : Tensor
        ``(N, C_in, H, W)``, or ``(C_in, H, W)`` for one unbatched sample; float32
        or float64. A non-contiguous input is copied first.
    weight : Tensor
        ``(C_out, C_in / groups, kH, kW)``, the dtype of ``input``.
    bias : Tensor, optional
        ``(C_out,)``, added to every output position.
    stride : int or tuple of 2 ints, default 1
        The step between two kernel positions along each dimension (at least 1).
    padding : int, tuple of 2 ints, 'valid' or 'same', default 0
        Zeros added on both sides of each dimension. ``'valid'`` means none;
        ``'same'`` (stride 1 only) keeps the input's size, with
        ``dilation*(k-1)`` zeros in total per dimension and the odd one at the
        bottom/right.
    dilation : int or tuple of 2 ints, default 1
        Spacing between kernel taps.
    groups : int, default 1
        Splits the input and output channels into this many independent
        convolutions; ``groups == C_in`` is a depthwise convolution.

    Returns
    -------
    Tensor
        ``(N, C_out, H_out, W_out)``, or ``(C_out, H_out, W_out)`` for an unbatched
        input.

    Raises
    ------
    TypeError
        Non-tensor arguments, a non-float dtype, different dtypes of input,
        weight and bias, or a non-integer stride, padding, dilation or groups.
    ValueError
        Wrong ranks, channel counts that do not match the weight or are not
        divisible by ``groups``, non-positive stride, dilation or groups,
        negative padding, ``'same'`` with a stride, or a kernel larger than the
        padded input (the message shows the size formula with the numbers).

    Shape
    -----
    - Input: ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    - Weight: ``(C_out, C_in / groups, kH, kW)``
    - Output: ``(N, C_out, H_out, W_out)`` with, per dimension,
      ``H_out = floor((H + 2*padding - dilation*(kH - 1) - 1) / stride) + 1``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(1, 1, 4, 4)
    >>> w = minigrad.ones(1, 1, 3, 3)
    >>> conv2d(x, w, padding=1)
    tensor([[[[4., 6., 6., 4.],
              [6., 9., 9., 6.],
              [6., 9., 9., 6.],
              [4., 6., 6., 4.]]]])
    >>> conv2d(minigrad.ones(3, 32, 32), minigrad.ones(10, 3, 5, 5), padding=2).shape
    minigrad.Size([10, 32, 32])
    >>> conv2d(minigrad.ones(1, 1, 7, 7), minigrad.ones(1, 1, 3, 3), stride=2).shape
    minigrad.Size([1, 1, 3, 3])
    """
    return _convnd("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-d convolution (a cross-correlation, as in every deep-learning library).

    ``out[n, o, d, i, j] = bias[o] + sum_{c, kd, kh, kw} weight[o, c, kd, kh, kw] *
    input[n, g*C_in/groups + c, d*sD + kd*dD - pD, i*sH + kh*dH - pH, j*sW + kw*dW - pW]``
    where ``g = o // (C_out/groups)`` and positions outside the input read zero.

    Parameters
    ----------
    input : Tensor
        ``(N, C_in, D, H, W)``, or ``(C_in, D, H, W)`` for one unbatched sample;
        float32 or float64. A non-contiguous input is copied first.
    weight : Tensor
        ``(C_out, C_in / groups, kD, kH, kW)``, the dtype of ``input``.
    bias : Tensor, optional
        ``(C_out,)``, added to every output position.
    stride : int or tuple of 3 ints, default 1
        The step between two kernel positions along each dimension (at least 1).
    padding : int, tuple of 3 ints, 'valid' or 'same', default 0
        Zeros added on both sides of each dimension. ``'valid'`` means none;
        ``'same'`` (stride 1 only) keeps the input's size, the odd zero of
        each dimension going after.
    dilation : int or tuple of 3 ints, default 1
        Spacing between kernel taps.
    groups : int, default 1
        Splits the input and output channels into this many independent
        convolutions; ``groups == C_in`` is a depthwise convolution.

    Returns
    -------
    Tensor
        ``(N, C_out, D_out, H_out, W_out)``, or without ``N`` for an unbatched input.

    Raises
    ------
    TypeError
        Non-tensor arguments, a non-float dtype, different dtypes of input,
        weight and bias, or a non-integer stride, padding, dilation or groups.
    ValueError
        Wrong ranks, channel counts that do not match the weight or are not
        divisible by ``groups``, non-positive stride, dilation or groups,
        negative padding, ``'same'`` with a stride, or a kernel larger than the
        padded input.

    Shape
    -----
    - Input: ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``
    - Weight: ``(C_out, C_in / groups, kD, kH, kW)``
    - Output: ``(N, C_out, D_out, H_out, W_out)`` with, per dimension,
      ``D_out = floor((D + 2*padding - dilation*(kD - 1) - 1) / stride) + 1``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(2, 4, 8, 8, 8)
    >>> w = minigrad.ones(6, 2, 3, 3, 3)
    >>> conv3d(x, w, stride=2, padding=1, groups=2).shape
    minigrad.Size([2, 6, 4, 4, 4])
    """
    return _convnd("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """1-d transposed convolution (the gradient of ``conv1d`` with respect to its input).

    Every input value scatters ``value * weight[c, o, :]`` onto the output,
    starting at ``i*stride - padding`` with taps ``dilation`` apart. With the
    same parameters it undoes the size change of ``conv1d``; ``output_padding``
    picks among the output sizes that a strided ``conv1d`` maps to the same size.

    Parameters
    ----------
    input : Tensor
        ``(N, C_in, W)``, or ``(C_in, W)`` for one unbatched sample; float32 or float64.
    weight : Tensor
        ``(C_in, C_out / groups, kW)`` (note: input channels first), the dtype of
        ``input``.
    bias : Tensor, optional
        ``(C_out,)``.
    stride : int or tuple of 1 int, default 1
        The spacing on the output of two neighbouring input values, the stride
        of the convolution it transposes (at least 1).
    padding : int or tuple of 1 int, default 0
        ``dilation*(kW-1) - padding`` zeros are implicitly added to both sides
        of the input, so that ``conv1d`` with ``padding`` is the adjoint.
    output_padding : int or tuple of 1 int, default 0
        Extra size added at the end of the output; smaller than stride or dilation.
    groups : int, default 1
        Splits the input and output channels into this many independent
        transposed convolutions; both channel counts must be divisible by it.
    dilation : int or tuple of 1 int, default 1
        Spacing between kernel taps (at least 1).

    Returns
    -------
    Tensor
        ``(N, C_out, W_out)``, or ``(C_out, W_out)`` for an unbatched input.

    Raises
    ------
    TypeError
        Non-tensor arguments, a non-float dtype, different dtypes, non-integer
        parameters or a string padding.
    ValueError
        Wrong ranks, channel counts that do not match the weight or are not
        divisible by ``groups``, non-positive stride, dilation or groups,
        negative padding, ``output_padding`` not below stride or dilation, or
        an empty output.

    Shape
    -----
    - Input: ``(N, C_in, W)`` or ``(C_in, W)``
    - Weight: ``(C_in, C_out / groups, kW)``
    - Output: ``(N, C_out, W_out)`` with
      ``W_out = (W - 1)*stride - 2*padding + dilation*(kW - 1) + output_padding + 1``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[[1.0, 2.0]]])
    >>> w = minigrad.tensor([[[1.0, 10.0, 100.0]]])
    >>> conv_transpose1d(x, w, stride=2)
    tensor([[[  1.,  10., 102.,  20., 200.]]])
    """
    return _conv_transposend("conv_transpose1d", 1, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """2-d transposed convolution (the gradient of ``conv2d`` with respect to its input).

    Also called a fractionally strided convolution: every input value scatters
    ``value * weight[c, o]`` onto the output at ``(i*sH - pH, j*sW - pW)``, so
    a stride of 2 doubles the size (up-sampling in decoders and GAN
    generators). With the same parameters it undoes the size change of
    ``conv2d``; ``output_padding`` picks among the output sizes that a strided
    ``conv2d`` maps to the same size.

    Parameters
    ----------
    input : Tensor
        ``(N, C_in, H, W)``, or ``(C_in, H, W)`` for one unbatched sample; float32
        or float64.
    weight : Tensor
        ``(C_in, C_out / groups, kH, kW)`` (note: input channels first), the dtype
        of ``input``.
    bias : Tensor, optional
        ``(C_out,)``.
    stride : int or tuple of 2 ints, default 1
        The spacing on the output of two neighbouring input values, the stride
        of the convolution it transposes (at least 1).
    padding : int or tuple of 2 ints, default 0
        Removes ``padding`` rows/columns from each side of the full output, so
        that ``conv2d`` with ``padding`` is the adjoint.
    output_padding : int or tuple of 2 ints, default 0
        Extra rows/columns added at the bottom/right of the output; smaller than
        stride or dilation.
    groups : int, default 1
        Splits the input and output channels into this many independent
        transposed convolutions; both channel counts must be divisible by it.
    dilation : int or tuple of 2 ints, default 1
        Spacing between kernel taps (at least 1).

    Returns
    -------
    Tensor
        ``(N, C_out, H_out, W_out)``, or ``(C_out, H_out, W_out)`` for an unbatched
        input.

    Raises
    ------
    TypeError
        Non-tensor arguments, a non-float dtype, different dtypes, non-integer
        parameters or a string padding.
    ValueError
        Wrong ranks, channel counts that do not match the weight or are not
        divisible by ``groups``, non-positive stride, dilation or groups,
        negative padding, ``output_padding`` not below stride or dilation, or
        an empty output (the message shows the size formula with the numbers).

    Shape
    -----
    - Input: ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    - Weight: ``(C_in, C_out / groups, kH, kW)``
    - Output: ``(N, C_out, H_out, W_out)`` with, per dimension,
      ``H_out = (H - 1)*stride - 2*padding + dilation*(kH - 1) + output_padding + 1``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(1, 1, 2, 2)
    >>> w = minigrad.ones(1, 1, 2, 2)
    >>> conv_transpose2d(x, w, stride=2)
    tensor([[[[1., 1., 1., 1.],
              [1., 1., 1., 1.],
              [1., 1., 1., 1.],
              [1., 1., 1., 1.]]]])
    >>> conv_transpose2d(minigrad.ones(8, 16, 7, 7), minigrad.ones(16, 4, 3, 3), stride=2,
    ...                  padding=1, output_padding=1).shape
    minigrad.Size([8, 4, 14, 14])
    """
    return _conv_transposend("conv_transpose2d", 2, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """3-d transposed convolution (the gradient of ``conv3d`` with respect to its input).

    Every input value scatters ``value * weight[c, o]`` onto the output at
    ``(d*sD - pD, i*sH - pH, j*sW - pW)``. With the same parameters it undoes
    the size change of ``conv3d``; ``output_padding`` picks among the output
    sizes that a strided ``conv3d`` maps to the same size.

    Parameters
    ----------
    input : Tensor
        ``(N, C_in, D, H, W)``, or ``(C_in, D, H, W)`` for one unbatched sample;
        float32 or float64.
    weight : Tensor
        ``(C_in, C_out / groups, kD, kH, kW)`` (note: input channels first), the
        dtype of ``input``.
    bias : Tensor, optional
        ``(C_out,)``.
    stride : int or tuple of 3 ints, default 1
        The spacing on the output of two neighbouring input values, the stride
        of the convolution it transposes (at least 1).
    padding : int or tuple of 3 ints, default 0
        Removed from each side of the full output, so that ``conv3d`` with
        ``padding`` is the adjoint.
    output_padding : int or tuple of 3 ints, default 0
        Extra size added at the end of each dimension; smaller than stride or
        dilation.
    groups : int, default 1
        Splits the input and output channels into this many independent
        transposed convolutions; both channel counts must be divisible by it.
    dilation : int or tuple of 3 ints, default 1
        Spacing between kernel taps (at least 1).

    Returns
    -------
    Tensor
        ``(N, C_out, D_out, H_out, W_out)``, or without ``N`` for an unbatched input.

    Raises
    ------
    TypeError
        Non-tensor arguments, a non-float dtype, different dtypes, non-integer
        parameters or a string padding.
    ValueError
        Wrong ranks, channel counts that do not match the weight or are not
        divisible by ``groups``, non-positive stride, dilation or groups,
        negative padding, ``output_padding`` not below stride or dilation, or
        an empty output.

    Shape
    -----
    - Input: ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``
    - Weight: ``(C_in, C_out / groups, kD, kH, kW)``
    - Output: ``(N, C_out, D_out, H_out, W_out)`` with, per dimension,
      ``D_out = (D - 1)*stride - 2*padding + dilation*(kD - 1) + output_padding + 1``

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.ones(1, 4, 3, 3, 3)
    >>> w = minigrad.ones(4, 2, 3, 3, 3)
    >>> conv_transpose3d(x, w, stride=2, padding=1).shape
    minigrad.Size([1, 2, 5, 5, 5])
    """
    return _conv_transposend("conv_transpose3d", 3, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)
