"""Argument checks, output sizes and the window tables the pooling kernels read.

A *window table* has one row ``(first, count, factor)`` per output position
of one spatial dimension (see ``minigrad/_ext/pool.pyx``); a *plan* bundles
the tables of every dimension with the grid the kernels iterate over.
Window tables depend only on integers and are cached: building one takes a
dozen small NumPy calls, more than the kernel itself on a small input.
"""
import functools
import math
import numbers
from typing import NamedTuple

import numpy as np

from minigrad.tensor import Tensor

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


def _is_int(value):
    # type() first: an isinstance check against the numbers ABC is several times slower.
    return type(value) is int or (
        isinstance(value, numbers.Integral) and not isinstance(value, bool))


def _int_tuple(op, name, value, n, minimum):
    """An int, or a sequence of 1 or ``n`` ints, as an ``n``-tuple of ints ``>= minimum``."""
    if _is_int(value):
        values = (int(value),) * n
    elif isinstance(value, (tuple, list)) and len(value) in (1, n) and all(map(_is_int, value)):
        values = tuple(int(v) for v in value) * (n if len(value) == 1 else 1)
    else:
        raise TypeError(
            f"{op}: {name} must be an int or a tuple of {n} ints, got {value!r}"
        )
    if min(values) < minimum:
        bound = "positive" if minimum == 1 else "non-negative"
        raise ValueError(f"{op}: {name} must be {bound}, got {name}={value!r}")
    return values


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
    return _int_tuple(op, "stride", stride, n, 1)


def _check_padding(op, kernel, padding):
    if any(2 * p > k for p, k in zip(padding, kernel)):
        raise ValueError(
            f"{op}: padding should be at most half of kernel_size, got padding={padding} "
            f"and kernel_size={kernel}"
        )


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


def _adaptive_size(op, output_size, spatial):
    n = len(spatial)
    values = output_size if isinstance(output_size, (tuple, list)) else (output_size,) * n
    if output_size is None or len(values) not in (1, n) or not all(
            v is None or _is_int(v) for v in values):
        raise TypeError(
            f"{op}: output_size must be an int or a tuple of {n} ints or None, "
            f"got {output_size!r}"
        )
    values = tuple(values) * (n if len(values) == 1 else 1)
    if any(v is not None and v < 0 for v in values):
        raise ValueError(f"{op}: output_size must be non-negative, got {output_size!r}")
    return tuple(size if v is None else int(v) for v, size in zip(values, spatial))
