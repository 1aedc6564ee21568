"""Pooling over 1, 2 or 3 spatial dimensions: max, average, adaptive, power-average, unpooling.

The three layers of the op, in the order of this module: the argument
checks, output sizes and *window tables* (one per spatial dimension, see
``minigrad/_ext/pool.pyx``); the Functions :class:`MaxPool` (plain and
adaptive max pooling), :class:`AvgPool` (plain and adaptive average pooling)
and :class:`MaxUnpool`, forward and backward side by side; then the public
functions (also exported by ``minigrad.nn.functional``). The power-average
``lp_pool`` is composed from average pooling and ``pow``. 1-d and 2-d pooling
run the 3-d kernels of ``minigrad._ext.pool`` with unit leading dimensions.

Every public function follows its PyTorch namesake (names, signatures,
defaults, output sizes, tie and NaN rules). Inputs are ``(N, C, *spatial)``
or unbatched ``(C, *spatial)``, float32 or float64 (integer inputs raise
``TypeError``, where PyTorch also pools integers).
"""
import functools
import math
from typing import NamedTuple

import numpy as np

from minigrad._ext import pool as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.ops._args import check_allocation, check_bool, check_number, int_tuple, is_int
from minigrad.tensor import Tensor

__all__ = [
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "lp_pool1d",
    "lp_pool2d",
    "lp_pool3d",
]


# ----------------------------------------------------------------------------- checks, windows
# A window table has one row (first, count, factor) per output position of one
# spatial dimension; a plan bundles the tables of every dimension with the grid
# the kernels iterate over. Window tables depend only on integers and are cached:
# building one takes a dozen small NumPy calls, more than the kernel itself on a
# small input.
_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


_SPATIAL_NAMES = {1: "L", 2: "H, W", 3: "D, H, W"}


# The window table of a unit dimension added to run 1-d and 2-d pooling in 3-d.
_UNIT_WINDOW = np.array([[0, 1, 1]], dtype=np.intp)


def _table(first, count, factor):
    """Window table rows ``(first, count, factor)``, as the kernels read them.

    Read-only, because the tables are cached and shared between calls.
    """
    table = np.ascontiguousarray(np.stack([first, count, factor], axis=1), dtype=np.intp)
    table.setflags(write=False)
    return table


class _Plan(NamedTuple):
    """What a kernel needs besides the arrays, with 1-d and 2-d padded to 3-d."""

    n: int  # number of spatial dimensions of the user's input
    grid: tuple  # input plane (D, H, W)
    out_grid: tuple  # output plane (OD, OH, OW)
    windows: tuple | None  # three (O, 3) window tables; None for unpooling
    steps: tuple  # distance between window taps: the dilation, else 1
    divisor: float  # average pooling: 0 for the product of the factors, else this
    kernel_2x2: bool = False  # 2-d max pooling by 2x2 windows at stride 2, nothing else
    # The user's arguments (kernel, stride, padding, ...), for tools that describe
    # the op rather than run it: ONNX export, the graph picture.
    params: dict | None = None


def _make_plan(n, spatial, out_spatial, windows=None, steps=None, divisor=0.0):
    lead = 3 - n
    return _Plan(
        n=n,
        grid=(1,) * lead + tuple(spatial),
        out_grid=(1,) * lead + tuple(out_spatial),
        windows=None if windows is None else (_UNIT_WINDOW,) * lead + tuple(windows),
        steps=(1,) * lead + (tuple(steps) if steps is not None else (1,) * n),
        divisor=float(divisor),
    )


def _planes(x, plan):
    """``x`` as a C-contiguous ``(planes, elements per plane)`` array.

    A view when ``x`` is C-contiguous already, so kernels write through it
    into arrays allocated in their final shape.
    """
    x = np.ascontiguousarray(x)
    split = x.ndim - plan.n
    return x.reshape(math.prod(x.shape[:split]), math.prod(x.shape[split:]))


def _out_shape(shape, plan):
    return tuple(shape[: len(shape) - plan.n]) + plan.out_grid[3 - plan.n:]


def _check_input(op, input, n):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(input).__name__}")
    if input._data.dtype not in _FLOATS:
        raise TypeError(
            f"{op}: expected a float32 or float64 input, got dtype {input._data.dtype}"
        )
    if input.ndim not in (n + 1, n + 2):
        names = _SPATIAL_NAMES[n]
        raise ValueError(
            f"{op}: expected a {n + 1}-d (C, {names}) or {n + 2}-d (N, C, {names}) input, "
            f"got shape {list(input.shape)}"
        )
    if 0 in input.shape[-(n + 1):]:
        raise ValueError(
            f"{op}: expected non-zero channel and spatial sizes (only the batch may be "
            f"empty), got shape {list(input.shape)}"
        )


def _stride(op, stride, kernel, n):
    # PyTorch takes None and an empty sequence alike to mean "the kernel size".
    if stride is None or (isinstance(stride, (tuple, list)) and len(stride) == 0):
        return kernel
    return int_tuple(op, "stride", stride, n, 1)


def _check_window(op, n, kernel_size, stride, padding, dilation=1, half_padding=True):
    """Kernel size, stride, padding and dilation as ``n``-tuples, checked.

    The pooling layers call this (and the checks below) in their
    constructors, so a layer and its functional twin reject a bad argument
    with the same exception.
    """
    kernel = int_tuple(op, "kernel_size", kernel_size, n, 1)
    stride = _stride(op, stride, kernel, n)
    padding = int_tuple(op, "padding", padding, n, 0)
    dilation = int_tuple(op, "dilation", dilation, n, 1)
    if half_padding and any(2 * p > k for p, k in zip(padding, kernel)):
        raise ValueError(
            f"{op}: padding should be at most half of kernel_size, got padding={padding} "
            f"and kernel_size={kernel}"
        )
    return kernel, stride, padding, dilation


def _check_divisor(op, divisor_override):
    if divisor_override is not None and (not is_int(divisor_override) or divisor_override == 0):
        error = ValueError if is_int(divisor_override) else TypeError
        raise error(f"{op}: divisor_override must be a non-zero int or None, "
                    f"got {divisor_override!r}")


def _check_norm_type(op, norm_type):
    p = check_number(op, "norm_type", norm_type)
    if not 0 < p < math.inf:
        raise ValueError(f"{op}: norm_type must be positive and finite, got {norm_type}")
    return p


def _pool_len(size, kernel, stride, padding, dilation, ceil_mode):
    """Number of windows along one dimension, as PyTorch counts them.

    With ``ceil_mode`` a last, partial window is added only when it starts
    inside the input or the left padding (never in the right padding alone).
    """
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    count = (-(-span // stride) if ceil_mode else span // stride) + 1
    if ceil_mode and (count - 1) * stride >= size + padding:
        count -= 1
    return count


def _check_out_size(op, spatial, out, **params):
    if min(out) < 1:
        described = ", ".join(f"{k}={v}" for k, v in params.items())
        raise ValueError(
            f"{op}: input of spatial size {tuple(spatial)} is too small for {described}: "
            f"the output size would be {tuple(out)}"
        )


@functools.lru_cache(maxsize=256)
def _max_window(size, count, kernel, stride, padding, dilation):
    """Window table of max pooling: first in-bounds tap and number of such taps (factor unused)."""
    start = np.arange(count, dtype=np.intp) * stride - padding
    # Skip the taps that fall in the left padding: ceil(-start / dilation) of them.
    skipped = -((np.minimum(start, 0)) // dilation)
    first = start + skipped * dilation
    stop = np.minimum(start + (kernel - 1) * dilation + 1, size)
    taps = np.maximum(-((first - stop) // dilation), 0)
    return _table(first, taps, np.ones_like(first))


@functools.lru_cache(maxsize=256)
def _avg_window(size, count, kernel, stride, padding, count_include_pad):
    """Window table of average pooling.

    With ``count_include_pad`` a window's divisor counts the padding it
    covers but not what a ``ceil_mode`` window sticks out beyond it.
    """
    start = np.arange(count, dtype=np.intp) * stride - padding
    end = np.minimum(start + kernel, size + padding)
    first = np.maximum(start, 0)
    stop = np.minimum(end, size)
    factor = end - start if count_include_pad else stop - first
    return _table(first, stop - first, factor)


@functools.lru_cache(maxsize=256)
def _adaptive_window(size, count):
    """Window table of adaptive pooling: bin ``o`` is ``[floor(o*L/O), ceil((o+1)*L/O))``."""
    o = np.arange(count, dtype=np.intp)
    first = o * size // count
    stop = -(-(o + 1) * size // count)
    return _table(first, stop - first, stop - first)


def _check_output_size(op, n, output_size):
    """An adaptive pooling's ``output_size`` as an ``n``-tuple of ints and Nones."""
    values = output_size if isinstance(output_size, (tuple, list)) else (output_size,)
    if output_size is None or not all(v is None or is_int(v) for v in values):
        raise TypeError(
            f"{op}: output_size must be an int or a tuple of {n} ints or None, "
            f"got {output_size!r}"
        )
    if len(values) not in (1, n):
        raise ValueError(
            f"{op}: output_size must be an int or a tuple of {n} ints or None, "
            f"got {len(values)} values: {output_size!r}"
        )
    if any(v is not None and v < 0 for v in values):
        raise ValueError(f"{op}: output_size must be non-negative, got {output_size!r}")
    return tuple(None if v is None else int(v) for v in values) * (n if len(values) == 1 else 1)


def _adaptive_size(op, output_size, spatial):
    values = _check_output_size(op, len(spatial), output_size)
    return tuple(size if v is None else v for v, size in zip(values, spatial))


def _max_pool(op, n, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    _check_input(op, input, n)
    arguments = (op, n, input._data.shape[-n:], kernel_size, stride, padding, dilation,
                 ceil_mode)
    plan = (_max_pool_plan_of_ints(*arguments) if _plain_ints(arguments)
            else _max_pool_plan(*arguments))
    return MaxPool.apply(input, plan, bool(return_indices))


def _plain_ints(arguments):
    # Plain ints, tuples of them, None, a bool or a string: a pooling layer's
    # arguments as code writes them. Anything else (lists, NumPy ints) is
    # checked afresh at every call, so that an argument refused on its own is
    # never taken for an equal one accepted before (1 == True == np.int64(1)).
    for value in arguments:
        kind = type(value)
        if kind is tuple:
            for item in value:
                if type(item) is not int:
                    return False
        elif kind is not int and kind is not bool and kind is not str and value is not None:
            return False
    return True


def _max_pool_plan(op, n, spatial, kernel_size, stride, padding, dilation, ceil_mode):
    """The checked geometry of max pooling ``n``-d maps of size ``spatial``."""
    kernel, stride, padding, dilation = _check_window(op, n, kernel_size, stride, padding,
                                                      dilation)
    out = [_pool_len(*args, bool(ceil_mode))
           for args in zip(spatial, kernel, stride, padding, dilation)]
    _check_out_size(op, spatial, out, kernel_size=kernel, stride=stride, padding=padding,
                    dilation=dilation)
    windows = [_max_window(*args) for args in zip(spatial, out, kernel, stride, padding, dilation)]
    plan = _make_plan(n, spatial, out, windows, steps=dilation)._replace(params=dict(
        kernel_size=kernel, stride=stride, padding=padding, dilation=dilation,
        ceil_mode=bool(ceil_mode)))
    if n == 2 and kernel == stride == (2, 2) and padding == (0, 0) and dilation == (1, 1) \
            and out == [spatial[0] // 2, spatial[1] // 2]:
        plan = plan._replace(kernel_2x2=True)
    return plan


# A model pools maps of a few sizes, call after call. typed: True and 1 differ.
_max_pool_plan_of_ints = functools.lru_cache(maxsize=256, typed=True)(_max_pool_plan)


def _avg_pool(op, n, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
              divisor_override):
    _check_input(op, input, n)
    kernel, stride, padding, _ = _check_window(op, n, kernel_size, stride, padding)
    _check_divisor(op, divisor_override)
    spatial = input.shape[-n:]
    out = [_pool_len(size, k, s, p, 1, bool(ceil_mode))
           for size, k, s, p in zip(spatial, kernel, stride, padding)]
    _check_out_size(op, spatial, out, kernel_size=kernel, stride=stride, padding=padding)
    windows = [_avg_window(*args, bool(count_include_pad))
               for args in zip(spatial, out, kernel, stride, padding)]
    plan = _make_plan(n, spatial, out, windows, divisor=divisor_override or 0)._replace(
        params=dict(kernel_size=kernel, stride=stride, padding=padding,
                    ceil_mode=bool(ceil_mode), count_include_pad=bool(count_include_pad),
                    divisor_override=divisor_override))
    return AvgPool.apply(input, plan)


def _unpool_size(op, input, kernel, stride, padding, output_size):
    n = len(kernel)
    spatial = input.shape[-n:]
    default = [(size - 1) * s - 2 * p + k
               for size, k, s, p in zip(spatial, kernel, stride, padding)]
    if output_size is None:
        _check_out_size(op, spatial, default, kernel_size=kernel, stride=stride,
                        padding=padding)
        return default
    if isinstance(output_size, Tensor) or not isinstance(output_size, (tuple, list)) or \
            len(output_size) not in (n, input.ndim) or not all(map(is_int, output_size)):
        raise TypeError(
            f"{op}: output_size must be a tuple of {n} ints (optionally preceded by the "
            f"batch and channel sizes), got {output_size!r}"
        )
    wanted = [int(v) for v in output_size[len(output_size) - n:]]
    for d, (size, low, s) in enumerate(zip(wanted, default, stride)):
        if not (max(low - s, 0) < size < low + s):
            raise ValueError(
                f"{op}: invalid output_size {tuple(wanted)}: dimension {d} must be between "
                f"{max(low - s, 0) + 1} and {low + s - 1}, got {size}"
            )
    return wanted


def _max_unpool(op, n, input, indices, kernel_size, stride, padding, output_size):
    _check_input(op, input, n)
    if not isinstance(indices, Tensor):
        raise TypeError(f"{op}: expected indices to be a Tensor, got {type(indices).__name__}")
    if indices._data.dtype != np.int64:
        raise TypeError(f"{op}: expected int64 indices, got dtype {indices._data.dtype}")
    if indices.shape != input.shape:
        raise ValueError(
            f"{op}: expected indices of the input's shape {list(input.shape)}, "
            f"got {list(indices.shape)}"
        )
    kernel, stride, padding, _ = _check_window(op, n, kernel_size, stride, padding,
                                               half_padding=False)
    out = _unpool_size(op, input, kernel, stride, padding, output_size)
    plane = math.prod(out)
    if indices._data.size:
        low, high = int(indices._data.min()), int(indices._data.max())
        if low < 0 or high >= plane:
            bad = low if low < 0 else high
            raise ValueError(
                f"{op}: found an invalid max index {bad}: the output planes "
                f"{tuple(out)} have {plane} elements"
            )
    plan = _make_plan(n, input.shape[-n:], out)
    return MaxUnpool.apply(input, indices, plan)


def _adaptive_plan(op, n, input, output_size):
    _check_input(op, input, n)
    spatial = input.shape[-n:]
    out = _adaptive_size(op, output_size, spatial)
    check_allocation(op, "output", tuple(input.shape[:-n]) + tuple(out), input._data.itemsize)
    windows = [_adaptive_window(size, count) for size, count in zip(spatial, out)]
    return _make_plan(n, spatial, out, windows)._replace(params=dict(output_size=tuple(out)))


def _adaptive_avg_pool(op, n, input, output_size):
    return AvgPool.apply(input, _adaptive_plan(op, n, input, output_size))


def _adaptive_max_pool(op, n, input, output_size, return_indices):
    return MaxPool.apply(input, _adaptive_plan(op, n, input, output_size),
                         check_bool(op, "return_indices", return_indices))


def _lp_pool(op, n, input, norm_type, kernel_size, stride, ceil_mode):
    _check_input(op, input, n)
    p = _check_norm_type(op, norm_type)
    # A divisor of 1 turns average pooling into window sums.
    sums = _avg_pool(op, n, input ** p, kernel_size, stride, 0, ceil_mode, True, 1)
    return sums ** (1.0 / p)


# ----------------------------------------------------------------------------- Functions
class MaxPool(Function):
    """Max pooling, plain or adaptive: forward records each window's argmax, backward scatters."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, plan, return_indices):
        shape = _out_shape(x.shape, plan)
        out = np.empty(shape, dtype=x.dtype)
        # Inference keeps no indices: they would double the bytes written.
        keep_indices = return_indices or ctx.needs_input_grad[0]
        indices = np.empty(shape, dtype=np.int64) if keep_indices else None
        index_planes = _planes(indices, plan) if keep_indices else None
        if plan.kernel_2x2:
            _kernels.max_pool_2x2_forward(_planes(x, plan), _planes(out, plan), index_planes,
                                          plan.grid[1], plan.grid[2], get_num_threads())
        else:
            _kernels.max_pool_forward(_planes(x, plan), _planes(out, plan), index_planes,
                                      plan.grid[1], plan.grid[2],
                                      *plan.windows, *plan.steps, get_num_threads())
        if not keep_indices:
            return out
        # Saved through save_for_backward so that changing returned indices in
        # place before backward is reported instead of misrouting gradients.
        ctx.save_for_backward(indices)
        ctx.in_shape, ctx.dtype, ctx.plan = x.shape, x.dtype, plan
        return (out, indices) if return_indices else out

    @staticmethod
    def backward(ctx, grad, grad_indices=None):
        (indices,) = ctx.saved_tensors
        grad = grad.astype(ctx.dtype, copy=False)
        grad_in = np.empty(ctx.in_shape, dtype=ctx.dtype)
        _kernels.max_pool_backward(_planes(grad, ctx.plan), _planes(indices, ctx.plan),
                                   _planes(grad_in, ctx.plan), get_num_threads())
        return grad_in, None, None


class AvgPool(Function):
    """Average pooling, plain or adaptive: window sums over per-window divisors."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, plan):
        out = np.empty(_out_shape(x.shape, plan), dtype=x.dtype)
        _kernels.avg_pool_forward(_planes(x, plan), _planes(out, plan), plan.grid[1],
                                  plan.grid[2], *plan.windows, plan.divisor, get_num_threads())
        ctx.in_shape, ctx.dtype, ctx.plan = x.shape, x.dtype, plan
        return out

    @staticmethod
    def backward(ctx, grad):
        plan = ctx.plan
        grad = grad.astype(ctx.dtype, copy=False)
        grad_in = np.zeros(ctx.in_shape, dtype=ctx.dtype)
        _kernels.avg_pool_backward(_planes(grad, plan), _planes(grad_in, plan), plan.grid[1],
                                   plan.grid[2], *plan.windows, plan.divisor, get_num_threads())
        return grad_in, None


class MaxUnpool(Function):
    """Max-unpooling: place each value at its recorded index of a zero output."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, indices, plan):
        out = np.zeros(_out_shape(x.shape, plan), dtype=x.dtype)
        _kernels.max_unpool_forward(_planes(x, plan), _planes(indices, plan), _planes(out, plan),
                                    get_num_threads())
        ctx.save_for_backward(indices)
        ctx.dtype, ctx.plan = x.dtype, plan
        return out

    @staticmethod
    def backward(ctx, grad):
        (indices,) = ctx.saved_tensors
        grad = grad.astype(ctx.dtype, copy=False)
        grad_in = np.empty(indices.shape, dtype=ctx.dtype)
        _kernels.max_unpool_backward(_planes(grad, ctx.plan), _planes(indices, ctx.plan),
                                     _planes(grad_in, ctx.plan), get_num_threads())
        return grad_in, None, None


# ----------------------------------------------------------------------------- public API
def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    r"""Max pooling over one spatial dimension.

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
    input : Tensor
        ``(N, C, L_in)``, or ``(C, L_in)`` for one unbatched
        sample; float32 or float64.
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
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: the position ``l`` in the row, the form that
        ``max_unpool1d`` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The maxima, ``(N, C, L_out)`` (or unbatched); with
        ``return_indices``, also their int64 indices, of the same shape.

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For an input of the wrong rank, sizes out of range (see Parameters)
        or an input smaller than one window.

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
    >>> from minigrad.ops.pool import max_pool1d
    >>> x = minigrad.tensor([[[1., 3., 2., 5., 4.]]])
    >>> max_pool1d(x, 2)
    tensor([[[3., 5.]]])
    >>> max_pool1d(x, 2, ceil_mode=True, return_indices=True)
    (tensor([[[3., 5., 4.]]]), tensor([[[1, 3, 4]]]))
    """
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)




def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    r"""Max pooling over two spatial dimensions.

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
    input : Tensor
        ``(N, C, H_in, W_in)``, or ``(C, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
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
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``h * W + w`` within the plane, the form that
        ``max_unpool2d`` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The maxima, ``(N, C, H_out, W_out)`` (or unbatched); with
        ``return_indices``, also their int64 indices, of the same shape.

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For an input of the wrong rank, sizes out of range (see Parameters)
        or an input smaller than one window.

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
    >>> from minigrad.ops.pool import max_pool2d
    >>> x = minigrad.tensor([[[[1., 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]]])
    >>> max_pool2d(x, 2, stride=2)
    tensor([[[[6., 8.],
              [3., 4.]]]])
    >>> max_pool2d(x, 2, return_indices=True)[1]
    tensor([[[[ 5,  7],
              [ 8, 15]]]])
    """
    return _max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)




def max_pool3d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    r"""Max pooling over three spatial dimensions.

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
    input : Tensor
        ``(N, C, D_in, H_in, W_in)``, or ``(C, D_in, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
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
    ceil_mode : bool, default False
        Whether the output size rounds up instead of down, which keeps a last
        window that only partly covers the input (see Shape).
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``(d * H + h) * W + w`` within the volume, the form that
        ``max_unpool3d`` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The maxima, ``(N, C, D_out, H_out, W_out)`` (or unbatched); with
        ``return_indices``, also their int64 indices, of the same shape.

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For an input of the wrong rank, sizes out of range (see Parameters)
        or an input smaller than one window.

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
    >>> from minigrad.ops.pool import max_pool3d
    >>> x = minigrad.arange(8.).reshape(1, 2, 2, 2)
    >>> max_pool3d(x, 2, return_indices=True)
    (tensor([[[[7.]]]]), tensor([[[[7]]]]))
    """
    return _max_pool("max_pool3d", 3, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)




def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True):
    r"""Average pooling over one spatial dimension.

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
    input : Tensor
        ``(N, C, L_in)``, or ``(C, L_in)`` for one unbatched
        sample; float32 or float64.
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

    Returns
    -------
    Tensor
        The means, ``(N, C, L_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For an input of the wrong rank, sizes out of range (see Parameters)
        or an input smaller than one window.

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
    >>> from minigrad.ops.pool import avg_pool1d
    >>> x = minigrad.tensor([[[1., 3., 2., 6., 4.]]])
    >>> avg_pool1d(x, 2)
    tensor([[[2., 4.]]])
    >>> avg_pool1d(x, 2, padding=1, count_include_pad=False)
    tensor([[[1.0000, 2.5000, 5.0000]]])
    """
    return _avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, None)




def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None):
    r"""Average pooling over two spatial dimensions.

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
    input : Tensor
        ``(N, C, H_in, W_in)``, or ``(C, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
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

    Returns
    -------
    Tensor
        The means, ``(N, C, H_out, W_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For an input of the wrong rank, sizes out of range (see Parameters)
        or an input smaller than one window.

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
    >>> from minigrad.ops.pool import avg_pool2d
    >>> x = minigrad.tensor([[[[1., 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]]])
    >>> avg_pool2d(x, 2)
    tensor([[[[3.2500, 5.2500],
              [2.0000, 2.0000]]]])
    >>> avg_pool2d(x, 2, divisor_override=1)
    tensor([[[[13., 21.],
              [ 8.,  8.]]]])
    """
    return _avg_pool("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, divisor_override)




def avg_pool3d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None):
    r"""Average pooling over three spatial dimensions.

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
    input : Tensor
        ``(N, C, D_in, H_in, W_in)``, or ``(C, D_in, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
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

    Returns
    -------
    Tensor
        The means, ``(N, C, D_out, H_out, W_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For an input of the wrong rank, sizes out of range (see Parameters)
        or an input smaller than one window.

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
    >>> from minigrad.ops.pool import avg_pool3d
    >>> x = minigrad.arange(8.).reshape(1, 2, 2, 2)
    >>> avg_pool3d(x, 2)
    tensor([[[[3.5000]]]])
    """
    return _avg_pool("avg_pool3d", 3, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, divisor_override)




def max_unpool1d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None):
    r"""A partial inverse of ``max_pool1d``.

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
    input : Tensor
        The pooled values, ``(N, C, L_in)`` or ``(C, L_in)``;
        float32 or float64.
    indices : Tensor
        int64, the shape of ``input``: where each value goes, as the flat
        index within its output row that
        ``max_pool1d(..., return_indices=True)`` returned.
    kernel_size : int or tuple of 1 int
        :math:`K`, the window size of the pooling being inverted (at least 1).
    stride : int or tuple of 1 int, optional
        :math:`S`, that pooling's stride (at least 1); ``None``, the default,
        means ``kernel_size``.
    padding : int or tuple of 1 int, default 0
        :math:`P`, that pooling's padding (at least 0).
    output_size : tuple of ints, optional
        The output's spatial size ``(L_out)``, optionally preceded by
        the batch and channel sizes. Pooling maps several input sizes to the
        same output size; this picks one. Each size must lie strictly within
        :math:`S` of the default (see Shape), a ``ValueError`` otherwise.

    Returns
    -------
    Tensor
        ``(N, C, L_out)`` (or unbatched), zero except at ``indices``.

    Raises
    ------
    TypeError
        For a non-float input, non-int64 indices or non-integer sizes.
    ValueError
        For an input of the wrong rank, indices of another shape or out of
        range, or an invalid ``output_size``.

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
    >>> from minigrad.ops.pool import max_pool1d, max_unpool1d
    >>> x = minigrad.tensor([[[1., 3., 2., 5.]]])
    >>> out, idx = max_pool1d(x, 2, return_indices=True)
    >>> max_unpool1d(out, idx, 2)
    tensor([[[0., 3., 0., 5.]]])
    """
    return _max_unpool("max_unpool1d", 1, input, indices, kernel_size, stride, padding,
                       output_size)




def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None):
    r"""A partial inverse of ``max_pool2d``.

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
    input : Tensor
        The pooled values, ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``;
        float32 or float64.
    indices : Tensor
        int64, the shape of ``input``: where each value goes, as the flat
        index within its output plane that
        ``max_pool2d(..., return_indices=True)`` returned.
    kernel_size : int or tuple of 2 ints
        :math:`K`, the window size of the pooling being inverted (at least 1).
    stride : int or tuple of 2 ints, optional
        :math:`S`, that pooling's stride (at least 1); ``None``, the default,
        means ``kernel_size``.
    padding : int or tuple of 2 ints, default 0
        :math:`P`, that pooling's padding (at least 0).
    output_size : tuple of ints, optional
        The output's spatial size ``(H_out, W_out)``, optionally preceded by
        the batch and channel sizes. Pooling maps several input sizes to the
        same output size; this picks one. Each size must lie strictly within
        :math:`S` of the default (see Shape), a ``ValueError`` otherwise.

    Returns
    -------
    Tensor
        ``(N, C, H_out, W_out)`` (or unbatched), zero except at ``indices``.

    Raises
    ------
    TypeError
        For a non-float input, non-int64 indices or non-integer sizes.
    ValueError
        For an input of the wrong rank, indices of another shape or out of
        range, or an invalid ``output_size``.

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
    >>> from minigrad.ops.pool import max_pool2d, max_unpool2d
    >>> x = minigrad.tensor([[[[1., 2], [4, 3]]]])
    >>> out, idx = max_pool2d(x, 2, return_indices=True)
    >>> max_unpool2d(out, idx, 2)
    tensor([[[[0., 0.],
              [4., 0.]]]])
    """
    return _max_unpool("max_unpool2d", 2, input, indices, kernel_size, stride, padding,
                       output_size)




def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None):
    r"""A partial inverse of ``max_pool3d``.

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
    input : Tensor
        The pooled values, ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``;
        float32 or float64.
    indices : Tensor
        int64, the shape of ``input``: where each value goes, as the flat
        index within its output volume that
        ``max_pool3d(..., return_indices=True)`` returned.
    kernel_size : int or tuple of 3 ints
        :math:`K`, the window size of the pooling being inverted (at least 1).
    stride : int or tuple of 3 ints, optional
        :math:`S`, that pooling's stride (at least 1); ``None``, the default,
        means ``kernel_size``.
    padding : int or tuple of 3 ints, default 0
        :math:`P`, that pooling's padding (at least 0).
    output_size : tuple of ints, optional
        The output's spatial size ``(D_out, H_out, W_out)``, optionally preceded by
        the batch and channel sizes. Pooling maps several input sizes to the
        same output size; this picks one. Each size must lie strictly within
        :math:`S` of the default (see Shape), a ``ValueError`` otherwise.

    Returns
    -------
    Tensor
        ``(N, C, D_out, H_out, W_out)`` (or unbatched), zero except at ``indices``.

    Raises
    ------
    TypeError
        For a non-float input, non-int64 indices or non-integer sizes.
    ValueError
        For an input of the wrong rank, indices of another shape or out of
        range, or an invalid ``output_size``.

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
    >>> from minigrad.ops.pool import max_pool3d, max_unpool3d
    >>> x = minigrad.arange(8.).reshape(1, 2, 2, 2)
    >>> out, idx = max_pool3d(x, 2, return_indices=True)
    >>> max_unpool3d(out, idx, 2).sum().item()
    7.0
    """
    return _max_unpool("max_unpool3d", 3, input, indices, kernel_size, stride, padding,
                       output_size)




def adaptive_avg_pool1d(input: Tensor, output_size):
    r"""Average pooling over one spatial dimension to a given output size.

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
    input : Tensor
        ``(N, C, L_in)``, or ``(C, L_in)`` for one unbatched
        sample; float32 or float64.
    output_size : int or tuple of 1 int or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.

    Returns
    -------
    Tensor
        ``(N, C, L_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For an input of the wrong rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_avg_pool1d
    >>> adaptive_avg_pool1d(minigrad.tensor([[[1., 2., 3., 4., 5.]]]), 2)
    tensor([[[2., 4.]]])
    """
    return _adaptive_avg_pool("adaptive_avg_pool1d", 1, input, output_size)




def adaptive_avg_pool2d(input: Tensor, output_size):
    r"""Average pooling over two spatial dimensions to a given output size.

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
    input : Tensor
        ``(N, C, H_in, W_in)``, or ``(C, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
    output_size : int or tuple of 2 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.

    Returns
    -------
    Tensor
        ``(N, C, H_out, W_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For an input of the wrong rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_avg_pool2d
    >>> x = minigrad.arange(16.).reshape(1, 1, 4, 4)
    >>> adaptive_avg_pool2d(x, 1)
    tensor([[[[7.5000]]]])
    >>> adaptive_avg_pool2d(x, (None, 1)).shape
    minigrad.Size([1, 1, 4, 1])
    """
    return _adaptive_avg_pool("adaptive_avg_pool2d", 2, input, output_size)




def adaptive_avg_pool3d(input: Tensor, output_size):
    r"""Average pooling over three spatial dimensions to a given output size.

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
    input : Tensor
        ``(N, C, D_in, H_in, W_in)``, or ``(C, D_in, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
    output_size : int or tuple of 3 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.

    Returns
    -------
    Tensor
        ``(N, C, D_out, H_out, W_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For an input of the wrong rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_avg_pool3d
    >>> adaptive_avg_pool3d(minigrad.arange(8.).reshape(1, 2, 2, 2), 1)
    tensor([[[[3.5000]]]])
    """
    return _adaptive_avg_pool("adaptive_avg_pool3d", 3, input, output_size)




def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    r"""Max pooling over one spatial dimension to a given output size.

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
    input : Tensor
        ``(N, C, L_in)``, or ``(C, L_in)`` for one unbatched
        sample; float32 or float64.
    output_size : int or tuple of 1 int or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: the position ``l`` in the row, the form that
        ``max_unpool1d`` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The maxima, ``(N, C, L_out)`` (or unbatched); with
        ``return_indices``, also their int64 indices, of the same shape.

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For an input of the wrong rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_max_pool1d
    >>> adaptive_max_pool1d(minigrad.tensor([[[1., 5., 3., 4., 2.]]]), 2, return_indices=True)
    (tensor([[[5., 4.]]]), tensor([[[1, 3]]]))
    """
    return _adaptive_max_pool("adaptive_max_pool1d", 1, input, output_size, return_indices)




def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    r"""Max pooling over two spatial dimensions to a given output size.

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
    input : Tensor
        ``(N, C, H_in, W_in)``, or ``(C, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
    output_size : int or tuple of 2 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``h * W + w`` within the plane, the form that
        ``max_unpool2d`` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The maxima, ``(N, C, H_out, W_out)`` (or unbatched); with
        ``return_indices``, also their int64 indices, of the same shape.

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For an input of the wrong rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_max_pool2d
    >>> x = minigrad.arange(16.).reshape(1, 1, 4, 4)
    >>> adaptive_max_pool2d(x, 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    return _adaptive_max_pool("adaptive_max_pool2d", 2, input, output_size, return_indices)




def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    r"""Max pooling over three spatial dimensions to a given output size.

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
    input : Tensor
        ``(N, C, D_in, H_in, W_in)``, or ``(C, D_in, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
    output_size : int or tuple of 3 ints or None
        The output's spatial size, one per dimension (at least 0); an int is
        used for every dimension, and ``None`` in a tuple keeps that
        dimension's input size.
    return_indices : bool, default False
        Whether to return, besides the maxima, the int64 index of each
        maximum's input element: ``(d * H + h) * W + w`` within the volume, the form that
        ``max_unpool3d`` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The maxima, ``(N, C, D_out, H_out, W_out)`` (or unbatched); with
        ``return_indices``, also their int64 indices, of the same shape.

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For an input of the wrong rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``, the sizes
      of ``output_size``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_max_pool3d
    >>> adaptive_max_pool3d(minigrad.arange(8.).reshape(1, 2, 2, 2), 1)
    tensor([[[[7.]]]])
    """
    return _adaptive_max_pool("adaptive_max_pool3d", 3, input, output_size, return_indices)




def lp_pool1d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False):
    r"""Power-average pooling over one spatial dimension.

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
    input : Tensor
        ``(N, C, L_in)``, or ``(C, L_in)`` for one unbatched
        sample; float32 or float64.
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

    Returns
    -------
    Tensor
        ``(N, C, L_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input, or a non-numeric ``norm_type`` or sizes.
    ValueError
        For an input of the wrong rank, a ``norm_type`` that is not positive
        and finite, sizes out of range or an input smaller than one window.

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
    >>> from minigrad.ops.pool import lp_pool1d
    >>> lp_pool1d(minigrad.tensor([[[3., 4., 1., 1.]]]), 2, 2)
    tensor([[[5.0000, 1.4142]]])
    """
    return _lp_pool("lp_pool1d", 1, input, norm_type, kernel_size, stride, ceil_mode)




def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False):
    r"""Power-average pooling over two spatial dimensions.

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
    input : Tensor
        ``(N, C, H_in, W_in)``, or ``(C, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
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

    Returns
    -------
    Tensor
        ``(N, C, H_out, W_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input, or a non-numeric ``norm_type`` or sizes.
    ValueError
        For an input of the wrong rank, a ``norm_type`` that is not positive
        and finite, sizes out of range or an input smaller than one window.

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
    >>> from minigrad.ops.pool import lp_pool2d
    >>> lp_pool2d(minigrad.tensor([[[[1., 2], [2, 4]]]]), 2, 2)
    tensor([[[[5.]]]])
    """
    return _lp_pool("lp_pool2d", 2, input, norm_type, kernel_size, stride, ceil_mode)




def lp_pool3d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False):
    r"""Power-average pooling over three spatial dimensions.

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
    input : Tensor
        ``(N, C, D_in, H_in, W_in)``, or ``(C, D_in, H_in, W_in)`` for one unbatched
        sample; float32 or float64.
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

    Returns
    -------
    Tensor
        ``(N, C, D_out, H_out, W_out)`` (or unbatched).

    Raises
    ------
    TypeError
        For a non-float input, or a non-numeric ``norm_type`` or sizes.
    ValueError
        For an input of the wrong rank, a ``norm_type`` that is not positive
        and finite, sizes out of range or an input smaller than one window.

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
    >>> from minigrad.ops.pool import lp_pool3d
    >>> lp_pool3d(minigrad.ones(1, 2, 2, 2), 1, 2)
    tensor([[[[8.]]]])
    """
    return _lp_pool("lp_pool3d", 3, input, norm_type, kernel_size, stride, ceil_mode)


