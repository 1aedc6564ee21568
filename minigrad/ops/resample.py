"""Resampling over 1, 2 or 3 spatial dimensions: ``interpolate`` and the ``upsample`` aliases.

The three layers of the op, in the order of this module: the argument
checks and output sizes; the *tables*, one sparse interpolation matrix per
spatial axis (see ``minigrad/_ext/resample.pyx``), which hold every rule of
every mode; the Function :class:`Resample`, forward and backward side by
side (backward runs the same kernel with the transposed tables); then the
public functions (also exported by ``minigrad.nn.functional``).
``mode="area"`` is adaptive average pooling, as in PyTorch.

The rules follow PyTorch's CPU kernels, down to the precision of their
index arithmetic: nearest-neighbour indices are computed in float32
whatever the dtype (a float64 computation would pick another neighbour at
some sizes), and the source position of the linear and cubic modes is
rounded to float32 before it is floored.
"""
import functools
import itertools
import math
import sys
import warnings
from typing import NamedTuple

import numpy as np

from minigrad._ext import resample as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.ops._args import is_int
from minigrad.ops.pool import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d
from minigrad.tensor import Tensor

__all__ = ["interpolate", "upsample", "upsample_bilinear", "upsample_nearest"]

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))
MODES = ("nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area")
# The modes tied to one input rank, and the modes align_corners applies to.
_MODE_DIMS = {"linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3}
_SPATIAL_NAMES = {1: "L", 2: "H, W", 3: "D, H, W"}
_CUBIC_A = -0.75  # the cubic convolution's free parameter, as in PyTorch (and OpenCV)


# ----------------------------------------------------------------------------- checks, sizes
_PLAIN = (int, float, str, bool, type(None), np.number, np.bool_)


def _shown(value):
    """``value`` for an error message: its repr if it is plain (numbers, strings, tuples
    of them), else its type; a tensor's repr could itself fail or fill the screen."""
    if isinstance(value, _PLAIN) or (isinstance(value, (tuple, list))
                                     and all(isinstance(v, _PLAIN) for v in value)):
        return repr(value)
    return f"a {type(value).__name__}"


def _check_input(op, input, mode):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(input).__name__}")
    if input._data.dtype not in _FLOATS:
        raise TypeError(
            f"{op}: expected a float32 or float64 input, got dtype {input._data.dtype}")
    n = _MODE_DIMS.get(mode)
    if n is not None and input.ndim != n + 2:
        raise ValueError(
            f"{op}: mode {mode!r} expects a {n + 2}-d (N, C, {_SPATIAL_NAMES[n]}) input, "
            f"got shape {list(input.shape)}")
    if input.ndim not in (3, 4, 5):
        raise ValueError(
            f"{op}: expected a 3-d, 4-d or 5-d (N, C, *spatial) input, got shape "
            f"{list(input.shape)}")
    if 0 in input.shape[1:]:
        raise ValueError(
            f"{op}: expected non-zero channel and spatial sizes (only the batch may be "
            f"empty), got shape {list(input.shape)}")


def _check_flag(op, name, value, optional=True):
    if not (isinstance(value, (bool, np.bool_)) or (optional and value is None)):
        kind = "a bool or None" if optional else "a bool"
        raise TypeError(f"{op}: {name} must be {kind}, got {_shown(value)}")


def _check_mode(op, mode, align_corners, antialias, recompute_scale_factor=None):
    if not isinstance(mode, str):
        raise TypeError(f"{op}: mode must be a string, got {_shown(mode)}")
    _check_flag(op, "align_corners", align_corners)
    _check_flag(op, "recompute_scale_factor", recompute_scale_factor)
    _check_flag(op, "antialias", antialias, optional=False)
    if mode not in MODES:
        raise ValueError(f"{op}: mode must be one of {', '.join(MODES)}; got {mode!r}")
    if align_corners is not None and mode not in _MODE_DIMS:
        raise ValueError(
            f"{op}: align_corners can only be set with the interpolating modes linear, "
            f"bilinear, bicubic and trilinear, got mode {mode!r}")
    if antialias and mode not in ("bilinear", "bicubic"):
        raise ValueError(
            f"{op}: antialias=True applies to the bilinear and bicubic modes only "
            f"(4-d input), got mode {mode!r}")


def _sequence(value):
    return isinstance(value, (tuple, list))


def _check_size(op, size, n):
    values = tuple(size) if _sequence(size) else (size,)
    if not all(is_int(v) for v in values):
        raise TypeError(f"{op}: size must be an int or a tuple of {n} ints, got {_shown(size)}")
    if len(values) not in ((1, n) if not _sequence(size) else (n,)):
        raise ValueError(
            f"{op}: size must be an int or a tuple of {n} ints for an input with {n} spatial "
            f"dimensions, got {size!r}")
    return tuple(int(v) for v in values) * (n if len(values) == 1 else 1)


def _check_scale(op, scale_factor, n):
    values = tuple(scale_factor) if _sequence(scale_factor) else (scale_factor,)
    if not all(isinstance(v, (int, float, np.integer, np.floating))
               and not isinstance(v, (bool, np.bool_)) for v in values):
        raise TypeError(
            f"{op}: scale_factor must be a number or a tuple of {n} numbers, "
            f"got {_shown(scale_factor)}")
    if _sequence(scale_factor) and len(values) != n:
        raise ValueError(
            f"{op}: scale_factor must be a number or a tuple of {n} numbers for an input with "
            f"{n} spatial dimensions, got {scale_factor!r}")
    values = tuple(float(v) for v in values) * (n if len(values) == 1 else 1)
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"{op}: scale_factor must be finite, got {scale_factor!r}")
    return values


def _output_size(op, input, size, scale_factor, recompute_scale_factor):
    """The output's spatial size and the scales the index rules use (None: in / out)."""
    n = input.ndim - 2
    spatial = tuple(input.shape[2:])
    if (size is None) == (scale_factor is None):
        raise ValueError(f"{op}: exactly one of size and scale_factor must be given, got "
                         f"size={_shown(size)} and scale_factor={_shown(scale_factor)}")
    if size is not None:
        if recompute_scale_factor:
            raise ValueError(
                f"{op}: recompute_scale_factor is not meaningful with an explicit size")
        out, scales = _check_size(op, size, n), (None,) * n
    else:
        scales = _check_scale(op, scale_factor, n)
        out = tuple(math.floor(s * f) for s, f in zip(spatial, scales))
        if recompute_scale_factor:
            scales = (None,) * n
    if min(out) < 1:
        raise ValueError(
            f"{op}: input and output sizes should be greater than 0, got input spatial size "
            f"{spatial} and output size {out}")
    total = math.prod(input.shape[:2]) * math.prod(out) * input._data.itemsize
    if total > sys.maxsize:
        raise ValueError(
            f"{op}: the output {list(input.shape[:2]) + list(out)} would take {total} bytes, "
            f"more than this platform can address")
    return out, scales


# ----------------------------------------------------------------------------- tables
# An axis's table is its interpolation matrix (O, I) in compressed-row form:
# ptr (O + 1), idx and w (one entry per tap). Tables depend only on numbers
# and are cached; each is built with NumPy, in float64, and mirrors one of
# PyTorch's index rules.
def _float32_scale(size_in, size_out, scale):
    """The nearest modes' index step, computed in float32 as PyTorch computes it."""
    if scale is not None and scale > 0:
        return np.float32(1.0 / scale)
    return np.float32(size_in) / np.float32(size_out)


def _nearest(size_in, size_out, scale, exact):
    step = _float32_scale(size_in, size_out, scale)
    o = np.arange(size_out)
    if exact:
        position = ((o + 0.5) * np.float64(step)).astype(np.float32)
    else:
        position = o.astype(np.float32) * step
    return np.minimum(np.floor(position).astype(np.intp), size_in - 1)[:, None], \
        np.ones((size_out, 1))


def _source_position(size_in, size_out, scale, align_corners, cubic):
    """Where each output sits on the input axis, in input-index units."""
    o = np.arange(size_out, dtype=np.float64)
    if align_corners:
        step = (size_in - 1) / (size_out - 1) if size_out > 1 else 0.0
        return step * o
    step = 1.0 / scale if scale is not None and scale > 0 else size_in / size_out
    position = step * (o + 0.5) - 0.5
    return position if cubic else np.maximum(position, 0.0)


def _floor_and_fraction(position, size_in):
    first = np.minimum(np.floor(position.astype(np.float32)).astype(np.intp), size_in - 1)
    return first, np.clip(position - first, 0.0, 1.0)


def _linear(size_in, size_out, scale, align_corners):
    if size_in == size_out:
        return np.arange(size_out)[:, None], np.ones((size_out, 1))
    first, t = _floor_and_fraction(
        _source_position(size_in, size_out, scale, align_corners, False), size_in)
    second = first + (first < size_in - 1)
    return np.stack([first, second], 1), np.stack([1.0 - t, t], 1)


def _cubic_weights(t):
    """The four taps' weights at fraction ``t`` between taps 1 and 2 (Keys, a = -0.75)."""
    a = _CUBIC_A

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    return np.stack([far(t + 1), near(t), near(1 - t), far(2 - t)], 1)


def _cubic(size_in, size_out, scale, align_corners):
    first, t = _floor_and_fraction(
        _source_position(size_in, size_out, scale, align_corners, True), size_in)
    taps = np.clip(first[:, None] + np.arange(-1, 3), 0, size_in - 1)
    return taps, _cubic_weights(t)


def _antialiased(size_in, size_out, scale, align_corners, cubic):
    """PyTorch's ``antialias=True`` rule: when downsampling by ``s``, the filter
    (triangle, or Keys' cubic with a = -0.5) is stretched by ``s`` and covers
    ``s`` times as many inputs; taps outside the input are dropped and the
    rest renormalized. Returns (flat taps, flat weights, taps per output)."""
    if align_corners:
        step = (size_in - 1) / (size_out - 1) if size_out > 1 else 0.0
    else:
        step = 1.0 / scale if scale is not None and scale > 0 else size_in / size_out
    reach = 2.0 if cubic else 1.0
    stretch = max(step, 1.0)
    centre = step * (np.arange(size_out) + 0.5)
    first = np.maximum((centre - reach * stretch + 0.5).astype(np.intp), 0)
    stop = np.minimum((centre + reach * stretch + 0.5).astype(np.intp), size_in)
    counts = stop - first
    owner = np.repeat(np.arange(size_out), counts)
    taps = first[owner] + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts,
                                                               counts))
    d = np.abs((taps - centre[owner] + 0.5) / stretch)
    if cubic:
        a = -0.5
        weights = np.where(d < 1, ((a + 2) * d - (a + 3)) * d * d + 1,
                           np.where(d < 2, ((a * d - 5 * a) * d + 8 * a) * d - 4 * a, 0.0))
    else:
        weights = np.maximum(1.0 - d, 0.0)
    totals = np.bincount(owner, weights, minlength=size_out)
    weights = weights / np.where(totals != 0, totals, 1.0)[owner]
    return taps, weights, counts


def _rectangular(rule):
    """A rule giving (O, T) taps and weights, as (flat taps, flat weights, taps per output)."""
    def flat(*args):
        taps, weights = rule(*args)
        return taps.reshape(-1), weights.reshape(-1), np.full(len(taps), taps.shape[1])
    return flat


_RULES = {"nearest": _rectangular(functools.partial(_nearest, exact=False)),
          "nearest-exact": _rectangular(functools.partial(_nearest, exact=True)),
          "linear": _rectangular(_linear), "cubic": _rectangular(_cubic),
          "antialiased-linear": functools.partial(_antialiased, cubic=False),
          "antialiased-cubic": functools.partial(_antialiased, cubic=True)}
_NEAREST = ("nearest", "nearest-exact")


class _Table(NamedTuple):
    ptr: np.ndarray
    idx: np.ndarray
    w: np.ndarray


def _frozen(*arrays):
    for a in arrays:
        a.setflags(write=False)
    return arrays


@functools.lru_cache(maxsize=256)
def _tables(rule, size_in, size_out, scale, align_corners, dtype):
    """The axis's matrix and its transpose, as ``_Table``s with weights of ``dtype``."""
    args = (size_in, size_out, scale) + (() if rule in _NEAREST else (align_corners,))
    taps, weights, counts = _RULES[rule](*args)
    idx, w = taps.astype(np.intp), weights.astype(dtype)
    ptr = np.zeros(size_out + 1, dtype=np.intp)
    np.cumsum(counts, out=ptr[1:])
    forward = _Table(*_frozen(ptr, np.ascontiguousarray(idx), np.ascontiguousarray(w)))
    # The transpose: taps grouped by input index, each group in output order.
    by_input = np.argsort(idx, kind="stable")
    owner = np.repeat(np.arange(size_out, dtype=np.intp), counts)
    ptr_t = np.zeros(size_in + 1, dtype=np.intp)
    np.cumsum(np.bincount(idx, minlength=size_in), out=ptr_t[1:])
    backward = _Table(*_frozen(ptr_t, np.ascontiguousarray(owner[by_input]),
                               np.ascontiguousarray(w[by_input])))
    return forward, backward


# Cost of one tap on the last axis (a gather) relative to one on an outer
# axis (vector code over whole rows); it decides the order of the passes.
_GATHER_COST = 4


def _pass_order(sizes_in, sizes_out, axes, taps):
    """The order of the passes that touches the fewest elements (ties: the first found)."""
    def cost(order):
        sizes, total = list(sizes_in), 0
        for axis in order:
            others = math.prod(sizes) // sizes[axis]
            total += others * taps[axis] * (_GATHER_COST if axis == 2 else 1)
            sizes[axis] = sizes_out[axis]
        return total
    return min(itertools.permutations(axes), key=cost, default=())


class _Plan(NamedTuple):
    """What the kernel needs besides the arrays, with 1-d and 2-d padded to 3-d."""

    n: int  # number of spatial dimensions of the user's input
    grid: tuple  # input plane (D, H, W)
    out_grid: tuple  # output plane (OD, OH, OW)
    rules: tuple  # per padded axis: (rule, scale, align_corners), None where nothing changes
    params: dict  # the user's arguments, for tools that describe the op


def _make_plan(n, spatial, out, mode, scales, align_corners, antialias, params):
    rule = {"nearest": "nearest", "nearest-exact": "nearest-exact", "bicubic": "cubic"}.get(
        mode, "linear")
    if antialias:
        rule = "antialiased-" + rule
    lead = 3 - n
    # An axis that keeps its size is copied by PyTorch's linear and antialiased
    # rules whatever the scale; the other rules copy it only when the step is 1.
    rules = (None,) * lead + tuple(
        None if size_in == size_out and (scale in (None, 1.0) or "linear" in rule
                                         or rule.startswith("antialiased"))
        else (rule, scale, align_corners)
        for size_in, size_out, scale in zip(spatial, out, scales))
    return _Plan(n, (1,) * lead + tuple(spatial), (1,) * lead + tuple(out), rules, params)


def _axis_tables(plan, dtype):
    """Per padded axis, the (forward, backward) tables, or None where the axis stays."""
    return tuple(None if r is None else
                 _tables(r[0], size_in, size_out, r[1], bool(r[2]), np.dtype(dtype))
                 for r, size_in, size_out in zip(plan.rules, plan.grid, plan.out_grid))


def _run(src, dst, sizes_in, sizes_out, tables):
    """Resample every plane of ``src`` (P, prod(sizes_in)) into ``dst`` (P, prod(sizes_out))."""
    axes = [axis for axis in range(3) if tables[axis] is not None]
    order = _pass_order(sizes_in, sizes_out, axes,
                        [0 if t is None else len(t.idx) // max(len(t.ptr) - 1, 1)
                         for t in tables])
    sizes, largest = list(sizes_in), 0
    for axis in order[:-1]:
        sizes[axis] = sizes_out[axis]
        largest = max(largest, math.prod(sizes))
    threads = get_num_threads()
    # One scratch row per thread when the kernel runs plane by plane in parallel;
    # with fewer planes than threads it runs each pass in parallel, on one row.
    rows = threads if src.shape[0] >= threads else 1
    scratch = np.empty((rows, 2 * largest), dtype=src.dtype)
    _kernels.resample(src, dst, scratch, tuple(sizes_in), tuple(sizes_out), tuple(order),
                      tuple(tables), threads)


def _planes(x, plane):
    """``x`` as a C-contiguous ``(planes, plane)`` array: a view when it is contiguous."""
    x = np.ascontiguousarray(x)
    return x.reshape(-1, plane)


# ----------------------------------------------------------------------------- Function
class Resample(Function):
    """Nearest, linear and cubic resampling: separable passes forward, transposed passes back."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, plan):
        out = np.empty(x.shape[:2] + plan.out_grid[3 - plan.n:], dtype=x.dtype)
        if out.size:
            tables = _axis_tables(plan, x.dtype)
            _run(_planes(x, math.prod(plan.grid)), _planes(out, math.prod(plan.out_grid)),
                 plan.grid, plan.out_grid, [None if t is None else t[0] for t in tables])
        ctx.in_shape, ctx.dtype, ctx.plan = x.shape, x.dtype, plan
        return out

    @staticmethod
    def backward(ctx, grad):
        plan = ctx.plan
        grad = grad.astype(ctx.dtype, copy=False)
        grad_in = np.empty(ctx.in_shape, dtype=ctx.dtype)
        if grad_in.size:
            tables = _axis_tables(plan, ctx.dtype)
            _run(_planes(grad, math.prod(plan.out_grid)), _planes(grad_in, math.prod(plan.grid)),
                 plan.out_grid, plan.grid, [None if t is None else t[1] for t in tables])
        return grad_in, None


# ----------------------------------------------------------------------------- public API
_AREA = {1: adaptive_avg_pool1d, 2: adaptive_avg_pool2d, 3: adaptive_avg_pool3d}


def interpolate(input: Tensor, size=None, scale_factor=None, mode: str = "nearest",
                align_corners: bool | None = None, recompute_scale_factor: bool | None = None,
                antialias: bool = False) -> Tensor:
    r"""Resample a batch of signals, images or volumes to a new spatial size.

    Along each spatial axis an output position :math:`o` maps to a source
    position :math:`x` on the input axis of size :math:`I` (output size
    :math:`O`), with step :math:`s = I / O`, or :math:`1 / \text{scale}` when
    ``scale_factor`` is given and ``recompute_scale_factor`` is not set:

    .. math::

        x = \begin{cases}
            o \, \dfrac{I - 1}{O - 1} & \text{align\_corners (0 when } O = 1) \\
            \max\!\left(s\,(o + \tfrac12) - \tfrac12,\ 0\right) & \text{otherwise}
        \end{cases}

    (cubic keeps negative positions). With :math:`i = \lfloor x \rfloor`
    and :math:`t = x - i`, each mode weighs its inputs, the indices clamped
    to :math:`[0, I - 1]`:

    .. math::

        \text{nearest:}\quad & y_o = x_{\min(\lfloor s\,o \rfloor,\, I - 1)} \\
        \text{nearest-exact:}\quad & y_o = x_{\min(\lfloor s\,(o + 1/2) \rfloor,\, I - 1)} \\
        \text{linear:}\quad & y_o = (1 - t)\, x_i + t\, x_{i + 1} \\
        \text{cubic:}\quad & y_o = \textstyle\sum_{k=-1}^{2} W(t - k)\, x_{i + k},\quad
            W(d) = \begin{cases}
                (a + 2)|d|^3 - (a + 3)|d|^2 + 1 & |d| \le 1 \\
                a|d|^3 - 5a|d|^2 + 8a|d| - 4a & 1 < |d| < 2
            \end{cases},\ a = -0.75

    ``bilinear``, ``trilinear`` and ``bicubic`` apply the rule along each
    axis in turn, as does ``antialias=True`` with its own weights (see the
    parameter). ``area`` averages over adaptive-pooling bins
    (:func:`~minigrad.nn.functional.adaptive_avg_pool2d`). The gradient of
    every mode is the transposed resampling: each input collects the
    gradients of the outputs it contributed to, with the same weights. As in
    PyTorch, nearest-neighbour steps are computed in float32, so
    ``nearest`` reproduces PyTorch's (and OpenCV's) choice of neighbour at
    every size.

    Parameters
    ----------
    input : Tensor
        ``(N, C, L)``, ``(N, C, H, W)`` or ``(N, C, D, H, W)``, float32 or
        float64; the batch may be empty. ``linear`` takes 3-d input,
        ``bilinear`` and ``bicubic`` 4-d, ``trilinear`` 5-d.
    size : int or tuple of ints, optional
        The output's spatial size; give it or ``scale_factor``, not both.
    scale_factor : float or tuple of floats, optional
        The output's spatial size is ``floor(input size * scale_factor)``
        per axis; a factor below 1 downsamples.
    mode : str
        ``"nearest"`` (the default), ``"nearest-exact"``, ``"linear"``,
        ``"bilinear"``, ``"bicubic"``, ``"trilinear"`` or ``"area"``.
    align_corners : bool, optional
        For the linear and cubic modes only: map the centres of the corner
        elements of input and output onto each other (the step is
        ``(I - 1) / (O - 1)``) instead of their outer edges. ``None`` means
        ``False``.
    recompute_scale_factor : bool, optional
        With ``scale_factor``: compute the steps from the input and output
        sizes (``I / O``) instead of from ``1 / scale_factor``, which differ
        when ``input size * scale_factor`` is not a whole number. Must not be
        set with ``size``.
    antialias : bool
        For ``bilinear`` and ``bicubic``: when downsampling by a factor
        :math:`s > 1`, stretch the filter by :math:`s` so that every input
        contributes (the triangle :math:`\max(0, 1 - |d|/s)`, or Keys' cubic
        with :math:`a = -0.5`, over :math:`d` the distance in input units),
        then renormalize the weights of each output to sum to 1; taps beyond
        the border are dropped rather than clamped. Upsampling with it
        differs from without only at the borders.

    Returns
    -------
    Tensor
        ``(N, C, *size)``, of the input's dtype.

    Raises
    ------
    TypeError
        For a non-tensor or non-float input, non-integer sizes or non-numeric
        scale factors.
    ValueError
        For an unknown mode, an input rank the mode does not take, both or
        neither of ``size`` and ``scale_factor``, an output size below 1,
        ``align_corners`` with a mode other than the linear and cubic ones, or
        ``antialias`` with a mode other than bilinear and bicubic.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> x = minigrad.tensor([[[1., 2., 4.]]])
    >>> F.interpolate(x, scale_factor=2)
    tensor([[[1., 1., 2., 2., 4., 4.]]])
    >>> F.interpolate(x, size=5, mode="linear", align_corners=True)
    tensor([[[1.0000, 1.5000, 2.0000, 3.0000, 4.0000]]])
    >>> F.interpolate(minigrad.ones(2, 3, 8, 8), scale_factor=0.5, mode="bilinear").shape
    minigrad.Size([2, 3, 4, 4])
    """
    op = "interpolate"
    _check_mode(op, mode, align_corners, antialias, recompute_scale_factor)
    _check_input(op, input, mode)
    out, scales = _output_size(op, input, size, scale_factor, recompute_scale_factor)
    n = input.ndim - 2
    if mode == "area":
        return _AREA[n](input, out)
    params = dict(size=out, scale_factor=scales, mode=mode, align_corners=bool(align_corners),
                  antialias=bool(antialias))
    plan = _make_plan(n, input.shape[2:], out, mode, scales, align_corners, bool(antialias),
                      params)
    return Resample.apply(input, plan)


def upsample(input: Tensor, size=None, scale_factor=None, mode: str = "nearest",
             align_corners: bool | None = None) -> Tensor:
    """Deprecated alias of :func:`interpolate`, kept because PyTorch keeps it.

    Warns, as PyTorch does, then calls :func:`interpolate`.

    Parameters
    ----------
    input : Tensor
        ``(N, C, *spatial)``, float32 or float64, with 1 to 3 spatial dimensions.
    size : int or tuple of ints, optional
        The output's spatial size; give it or ``scale_factor``.
    scale_factor : float or tuple of floats, optional
        Output size ``floor(input size * scale_factor)`` per axis.
    mode : str
        Any mode of :func:`interpolate`; default ``"nearest"``.
    align_corners : bool, optional
        For the linear and cubic modes: align the corner elements' centres.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import warnings
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     F.upsample(minigrad.tensor([[[1., 2.]]]), scale_factor=2)
    tensor([[[1., 1., 2., 2.]]])
    """
    warnings.warn("upsample is deprecated; use interpolate", UserWarning, stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: ``interpolate(input, size, scale_factor, mode="nearest")``.

    Warns, as PyTorch does.

    Parameters
    ----------
    input : Tensor
        ``(N, C, *spatial)``, float32 or float64, with 1 to 3 spatial dimensions.
    size : int or tuple of ints, optional
        The output's spatial size; give it or ``scale_factor``.
    scale_factor : float or tuple of floats, optional
        Output size ``floor(input size * scale_factor)`` per axis.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import warnings
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     F.upsample_nearest(minigrad.tensor([[[1., 2.]]]), size=3)
    tensor([[[1., 1., 2.]]])
    """
    warnings.warn("upsample_nearest is deprecated; use interpolate", UserWarning, stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: ``interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)``.

    Warns, as PyTorch does. Note ``align_corners=True``, unlike the default of
    :func:`interpolate`.

    Parameters
    ----------
    input : Tensor
        ``(N, C, H, W)``, float32 or float64.
    size : int or tuple of 2 ints, optional
        The output's ``(H_out, W_out)``; give it or ``scale_factor``.
    scale_factor : float or tuple of 2 floats, optional
        Output size ``floor(input size * scale_factor)`` per axis.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import warnings
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     F.upsample_bilinear(minigrad.tensor([[[[0., 3.]]]]), size=(1, 4))
    tensor([[[[0., 1., 2., 3.]]]])
    """
    warnings.warn("upsample_bilinear is deprecated; use interpolate", UserWarning, stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
