"""Reductions over one, several or all dimensions."""
import builtins
from collections import namedtuple

import numpy as np

from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim
from minigrad.tensor import Tensor


def _axes(dim, ndim, op):
    """``dim`` (None, an int or a sequence) as a tuple of non-negative axes, or None for all."""
    if dim is None:
        return None
    dims = tuple(dim) if isinstance(dim, (tuple, list)) else (dim,)
    axes = tuple(sorted({normalize_dim(d, ndim, op) for d in dims}))
    if len(axes) != len(dims):
        raise ValueError(f"{op}: dim {dim} appears multiple times in the list of dims")
    if ndim == 0:
        return None
    return axes


def _expand_back(grad, shape, axes, keepdim):
    """Reshape a reduced gradient so that it broadcasts against the input."""
    if axes is None:
        return np.broadcast_to(grad.reshape((1,) * len(shape)), shape)
    if not keepdim:
        grad = np.expand_dims(grad, axes)
    return np.broadcast_to(grad, shape)


def _require_float(op, a):
    if a._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {a._data.dtype}")


class Sum(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axes, keepdim):
        ctx.shape, ctx.axes, ctx.keepdim = a.shape, axes, keepdim
        return np.asarray(a.sum(axis=axes, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad):
        return _expand_back(grad, ctx.shape, ctx.axes, ctx.keepdim), None, None


class Mean(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axes, keepdim):
        ctx.shape, ctx.axes, ctx.keepdim = a.shape, axes, keepdim
        ctx.count = a.size if axes is None else int(np.prod([a.shape[i] for i in axes]))
        return np.asarray(a.mean(axis=axes, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad):
        scaled = grad / grad.dtype.type(ctx.count)
        return _expand_back(scaled, ctx.shape, ctx.axes, ctx.keepdim), None, None


class Var(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axes, correction, keepdim):
        mean = a.mean(axis=axes, keepdims=True)
        centered = a - mean
        count = a.size if axes is None else int(np.prod([a.shape[i] for i in axes]))
        ctx.centered, ctx.axes, ctx.keepdim = centered, axes, keepdim
        ctx.denominator = builtins.max(count - correction, 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.asarray(
                (centered * centered).sum(axis=axes, keepdims=keepdim) / a.dtype.type(ctx.denominator)
            )

    @staticmethod
    def backward(ctx, grad):
        centered = ctx.centered
        full = _expand_back(grad, centered.shape, ctx.axes, ctx.keepdim)
        with np.errstate(divide="ignore", invalid="ignore"):
            return full * centered * centered.dtype.type(2.0 / ctx.denominator), None, None, None


class Extreme(Function):
    """max/min over all elements or one dimension; ties share the gradient evenly."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis, keepdim, is_max):
        out = a.max(axis=axis, keepdims=True) if is_max else a.min(axis=axis, keepdims=True)
        ctx.mask = a == out
        ctx.axis, ctx.keepdim = axis, keepdim
        if not keepdim:
            out = out.reshape(()) if axis is None else np.squeeze(out, axis)
        return np.asarray(out)

    @staticmethod
    def backward(ctx, grad):
        mask = ctx.mask
        axes = None if ctx.axis is None else (ctx.axis,)
        count = mask.sum(axis=ctx.axis, keepdims=True).astype(grad.dtype)
        g = _expand_back(grad, mask.shape, axes, ctx.keepdim)
        return g * mask / count, None, None, None


class ExtremeAlongDim(Function):
    """max/min along a dimension returning values and indices; the gradient goes to the index."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis, keepdim, is_max):
        indices = a.argmax(axis=axis) if is_max else a.argmin(axis=axis)
        indices = np.expand_dims(indices, axis)
        values = np.take_along_axis(a, indices, axis)
        ctx.shape, ctx.axis, ctx.indices, ctx.keepdim = a.shape, axis, indices, keepdim
        if not keepdim:
            values, indices = np.squeeze(values, axis), np.squeeze(indices, axis)
        indices = indices.astype(np.int64)
        ctx.mark_non_differentiable(indices)
        return values, indices

    @staticmethod
    def backward(ctx, grad_values, grad_indices):
        if not ctx.keepdim:
            grad_values = np.expand_dims(grad_values, ctx.axis)
        out = np.zeros(ctx.shape, grad_values.dtype)
        np.put_along_axis(out, ctx.indices, grad_values, ctx.axis)
        return out, None, None, None


class LogSumExp(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axes, keepdim):
        peak = a.max(axis=axes, keepdims=True)
        peak = np.where(np.isfinite(peak), peak, 0)
        total = np.exp(a - peak).sum(axis=axes, keepdims=True)
        # All -inf gives -inf and a +inf element gives +inf, as in PyTorch,
        # without NumPy's warnings (the gradient there is nan).
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.log(total) + peak
            ctx.softmax = np.exp(a - out)
        ctx.axes, ctx.keepdim = axes, keepdim
        if not keepdim:
            out = out.reshape(()) if axes is None else np.squeeze(out, axes)
        return np.asarray(out)

    @staticmethod
    def backward(ctx, grad):
        g = _expand_back(grad, ctx.softmax.shape, ctx.axes, ctx.keepdim)
        return g * ctx.softmax, None, None


_MinMax = namedtuple("MinMax", ["values", "indices"])


def sum(a, dim=None, keepdim=False):
    """The sum of the elements over ``dim``.

    Parameters
    ----------
    a : Tensor
        Bool tensors are summed as int64 (counting the True elements).
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1, so that the result broadcasts
        against ``a``.

    Returns
    -------
    Tensor
        ``a``'s shape without the reduced dimensions (a 0-d tensor when every
        dimension is reduced).

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    >>> minigrad.sum(x)
    tensor(21.)
    >>> x.sum(dim=0)
    tensor([5., 7., 9.])
    """
    if a._data.dtype == np.bool_:
        a = Tensor._make(a._data.astype(np.int64), False)
    return Sum.apply(a, _axes(dim, a.ndim, "sum"), keepdim)


def mean(a, dim=None, keepdim=False):
    """The mean of the elements over ``dim``.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor (``TypeError`` otherwise; convert integers with
        ``.float()`` first).
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1, so that the result broadcasts
        against ``a``.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    >>> x.mean(dim=1, keepdim=True)
    tensor([[3.],
            [4.]])
    """
    _require_float("mean", a)
    return Mean.apply(a, _axes(dim, a.ndim, "mean"), keepdim)


def var(a, dim=None, unbiased=True, keepdim=False, correction=None):
    """The variance of the elements over ``dim``.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted.
    unbiased : bool, default True
        Divide by ``n - 1`` (Bessel's correction) instead of ``n``.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    correction : int, optional
        Divide by ``n - correction``; overrides ``unbiased``.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    >>> x.var(dim=1)
    tensor([4., 4.])
    >>> x.var(dim=1, unbiased=False)
    tensor([2.6666667, 2.6666667])
    """
    _require_float("var", a)
    if correction is None:
        correction = 1 if unbiased else 0
    return Var.apply(a, _axes(dim, a.ndim, "var"), correction, keepdim)


def std(a, dim=None, unbiased=True, keepdim=False, correction=None):
    """The standard deviation over ``dim``: the square root of :func:`var`.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted.
    unbiased : bool, default True
        Divide by ``n - 1`` (Bessel's correction) instead of ``n``.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    correction : int, optional
        Divide by ``n - correction``; overrides ``unbiased``.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> minigrad.std(minigrad.tensor([1.0, 5.0, 3.0]))
    tensor(2.)
    """
    _require_float("std", a)
    if correction is None:
        correction = 1 if unbiased else 0
    return Var.apply(a, _axes(dim, a.ndim, "std"), correction, keepdim).sqrt()


def _extreme(a, dim, keepdim, is_max, op):
    if a._data.size == 0:
        raise ValueError(f"{op}: cannot reduce an empty tensor")
    if dim is None:
        return Extreme.apply(a, None, False, is_max)
    if isinstance(dim, Tensor):
        raise TypeError(f"{op}: dim must be an int; for the elementwise {op}, use minigrad.{op}imum")
    axis = normalize_dim(dim, a.ndim, op)
    if a.ndim == 0:
        return _MinMax(a, Tensor._make(np.zeros((), np.int64), False))
    return _MinMax(*ExtremeAlongDim.apply(a, axis, keepdim, is_max))


def max(a, dim=None, keepdim=False):
    """The largest element, or the largest elements along ``dim`` with their indices.

    Parameters
    ----------
    a : Tensor
    dim : int, optional
        Without it, the maximum of all elements (a 0-d tensor); tied maxima
        share the gradient evenly. With it, the maxima along ``dim`` and where
        they are; the gradient goes to that index (the first one on ties).
    keepdim : bool, default False
        Keep ``dim`` with size 1.

    Returns
    -------
    Tensor or (values, indices)
        With ``dim``, a named tuple of the values and their int64 indices.

    Raises
    ------
    ValueError
        For an empty tensor.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    >>> minigrad.max(x)
    tensor(6.)
    >>> values, indices = x.max(dim=1)
    >>> values, indices
    (tensor([5., 6.]), tensor([1, 2]))
    """
    return _extreme(a, dim, keepdim, True, "max")


def min(a, dim=None, keepdim=False):
    """The smallest element, or the smallest elements along ``dim`` with their indices.

    Parameters
    ----------
    a : Tensor
    dim : int, optional
        Without it, the minimum of all elements (a 0-d tensor); tied minima
        share the gradient evenly. With it, the minima along ``dim`` and where
        they are; the gradient goes to that index (the first one on ties).
    keepdim : bool, default False
        Keep ``dim`` with size 1.

    Returns
    -------
    Tensor or (values, indices)
        With ``dim``, a named tuple of the values and their int64 indices.

    Raises
    ------
    ValueError
        For an empty tensor.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    >>> minigrad.min(x, dim=0)
    MinMax(values=tensor([1., 2., 3.]), indices=tensor([0, 1, 0]))
    """
    return _extreme(a, dim, keepdim, False, "min")


def logsumexp(a, dim, keepdim=False):
    """``log(sum(exp(a)))`` over ``dim``, computed without overflow.

    The largest element is subtracted before exponentiating and added back
    after the logarithm, so large inputs do not overflow to ``inf``.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int
        The dimensions to reduce.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logsumexp(minigrad.tensor([1000.0, 1000.0]), dim=0)   # 1000 + log 2
    tensor(1000.6932)
    """
    _require_float("logsumexp", a)
    return LogSumExp.apply(a, _axes(dim, a.ndim, "logsumexp"), keepdim)


def _arg(a, dim, keepdim, fn, op):
    if a._data.size == 0:
        raise ValueError(f"{op}: cannot reduce an empty tensor")
    if dim is None:
        out = np.asarray(fn(a._data))
        if keepdim:
            out = out.reshape((1,) * a.ndim)
    else:
        axis = normalize_dim(dim, a.ndim, op)
        out = fn(a._data, axis=axis, keepdims=keepdim) if a.ndim else np.asarray(0)
    return Tensor._make(np.asarray(out, dtype=np.int64), False)


def argmax(a, dim=None, keepdim=False):
    """The indices of the largest elements (the first one on ties).

    Parameters
    ----------
    a : Tensor
    dim : int, optional
        Without it, the index into the flattened tensor.
    keepdim : bool, default False
        Keep ``dim`` with size 1.

    Returns
    -------
    Tensor
        int64; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> logits = minigrad.tensor([[0.1, 2.0, -1.0], [3.0, 0.0, 0.5]])
    >>> logits.argmax(dim=1)        # the predicted class of each row
    tensor([1, 0])
    >>> minigrad.argmax(logits)
    tensor(3)
    """
    return _arg(a, dim, keepdim, np.argmax, "argmax")


def argmin(a, dim=None, keepdim=False):
    """The indices of the smallest elements (the first one on ties).

    Parameters
    ----------
    a : Tensor
    dim : int, optional
        Without it, the index into the flattened tensor.
    keepdim : bool, default False
        Keep ``dim`` with size 1.

    Returns
    -------
    Tensor
        int64; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.argmin(minigrad.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]]), dim=0)
    tensor([0, 1, 0])
    """
    return _arg(a, dim, keepdim, np.argmin, "argmin")
