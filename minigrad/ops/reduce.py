"""Reductions over one, several or all dimensions."""
import builtins
from collections import namedtuple

import numpy as np

from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim, resolve
from minigrad.ops._args import accepts_axis, check_bool, check_number
from minigrad.ops.elementwise import maximum, minimum
from minigrad.ops.indexing import where
from minigrad.tensor import Tensor


def _axes(dim, ndim, op):
    """``dim`` (None, an int or a sequence) as a tuple of non-negative axes, or None for all.

    An empty sequence reduces every dimension, as in PyTorch (``x.sum(dim=())``
    is ``x.sum()``), not none of them as in NumPy.
    """
    if dim is None:
        return None
    dims = tuple(dim) if isinstance(dim, (tuple, list)) else (dim,)
    if not dims:
        return None
    axes = tuple(sorted({normalize_dim(d, ndim, op) for d in dims}))
    if len(axes) != len(dims):
        raise ValueError(f"{op}: dim {dim} appears multiple times in the list of dims")
    if ndim == 0:
        return None
    return axes


def _require_tensor(op, a):
    if not isinstance(a, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(a).__name__}")


def _expand_back(grad, shape, axes, keepdim):
    """Reshape a reduced gradient so that it broadcasts against the input."""
    if axes is None:
        return np.broadcast_to(grad.reshape((1,) * len(shape)), shape)
    if not keepdim:
        grad = np.expand_dims(grad, axes)
    return np.broadcast_to(grad, shape)


def _require_float(op, a):
    _require_tensor(op, a)
    if a._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {a._data.dtype}")


def _correction(op, dim, unbiased, correction):
    """(dim, correction) from PyTorch's two spellings: ``correction=`` and legacy ``unbiased``."""
    if isinstance(dim, bool):  # ``x.var(False)``: the legacy overload without dim
        dim, unbiased = None, dim if unbiased is None else unbiased
    if correction is not None and unbiased is not None:
        raise ValueError(f"{op}: pass correction= or unbiased=, not both")
    if correction is None:
        correction = 0 if unbiased is False else 1
    check_number(op, "correction", correction)
    return dim, correction


def _promote_integer_sum(a):
    """Bool and integer tensors are summed (and multiplied) as int64, as in PyTorch."""
    kind = a._data.dtype.kind
    if kind == "b" or (kind in "iu" and a._data.dtype != np.int64):
        return Tensor._make(a._data.astype(np.int64), False)
    return a


def _with_dtype(a, dtype, op):
    if dtype is None:
        return a
    return a.astype(resolve(dtype, op))


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
        # A denominator of 0 (one element, unbiased) gives nan, as in PyTorch:
        # NumPy's division, not Python's, which would raise ZeroDivisionError.
        real = centered.dtype.type
        with np.errstate(divide="ignore", invalid="ignore"):
            return full * centered * (real(2.0) / real(ctx.denominator)), None, None, None


class Std(Function):
    """The square root of :class:`Var`, whose gradient is 0 where the deviation is 0.

    ``d std = d var / (2 std)`` divides by zero for a constant slice; PyTorch
    takes the gradient there as 0 (the variance's gradient is 0 too), where
    composing ``var(...).sqrt()`` would give nan.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axes, correction, keepdim):
        out = np.sqrt(Var.forward(ctx, a, axes, correction, keepdim))
        ctx.std = out
        return out

    @staticmethod
    def backward(ctx, grad):
        std = ctx.std
        with np.errstate(divide="ignore", invalid="ignore"):
            grad_var = np.where(std == 0, 0, grad / (2 * std)).astype(grad.dtype, copy=False)
        return Var.backward(ctx, grad_var)


class Extreme(Function):
    """max/min (amax/amin) over all elements or some dimensions; ties share the gradient evenly.

    NaN wins, as in PyTorch. Where it does, ``max``/``min`` share the slice's
    gradient among its NaNs; ``amax``/``amin`` (``nan_gradient=True``) give
    the whole slice a NaN gradient, as PyTorch's do.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axes, keepdim, is_max, nan_gradient):
        out = a.max(axis=axes, keepdims=True) if is_max else a.min(axis=axes, keepdims=True)
        ctx.mask = (a == out) | (np.isnan(a) & np.isnan(out)) if a.dtype.kind == "f" else a == out
        ctx.nan_slices = np.isnan(out) if nan_gradient and a.dtype.kind == "f" else None
        ctx.axes, ctx.keepdim = axes, keepdim
        if not keepdim:
            out = out.reshape(()) if axes is None else np.squeeze(out, axes)
        return np.asarray(out)

    @staticmethod
    def backward(ctx, grad):
        mask = ctx.mask
        count = mask.sum(axis=ctx.axes, keepdims=True).astype(grad.dtype)
        g = _expand_back(grad, mask.shape, ctx.axes, ctx.keepdim)
        grad_a = g * mask / count
        if ctx.nan_slices is not None and ctx.nan_slices.any():
            grad_a = np.where(ctx.nan_slices, grad.dtype.type(np.nan), grad_a)
        return grad_a, None, None, None, None


class Prod(Function):
    """The product over all elements or one dimension.

    The gradient of element i is the product of the others, computed as the
    product of the elements before i times the product of those after it
    (exclusive scans from both ends), so zeros need no special case: with one
    zero only that element gets a gradient, with two none does.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis, keepdim):
        ctx.save_for_backward(a)
        ctx.axis, ctx.keepdim = axis, keepdim
        return np.asarray(np.prod(a, axis=axis, keepdims=keepdim))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        axis = ctx.axis
        rows = np.moveaxis(a, axis, -1) if axis is not None else a.reshape(-1)
        ones = np.ones(rows.shape[:-1] + (1,), a.dtype)
        before = np.cumprod(np.concatenate([ones, rows[..., :-1]], axis=-1), axis=-1)
        after = np.flip(np.cumprod(np.flip(np.concatenate([rows[..., 1:], ones], axis=-1), -1),
                                   axis=-1), -1)
        others = before * after
        others = np.moveaxis(others, -1, axis) if axis is not None else others.reshape(a.shape)
        axes = None if axis is None else (axis,)
        return _expand_back(grad, a.shape, axes, ctx.keepdim) * others, None, None


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
        # initial=-inf: an empty dimension sums to 0, whose log is -inf, as in PyTorch.
        peak = a.max(axis=axes, keepdims=True, initial=-np.inf)
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


# The named tuples of ``torch.return_types``.
_MaxResult = namedtuple("max", ["values", "indices"])
_MinResult = namedtuple("min", ["values", "indices"])
_MinMaxPair = namedtuple("aminmax", ["min", "max"])


@accepts_axis
def sum(a, dim=None, keepdim=False):
    """The sum of the elements over ``dim``.

    Parameters
    ----------
    a : Tensor
        Bool tensors are summed as int64 (counting the True elements).
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted or ``()``, as
        in PyTorch.
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
    _require_tensor("sum", a)
    keepdim = check_bool("sum", "keepdim", keepdim)
    if a._data.dtype == np.bool_:
        a = Tensor._make(a._data.astype(np.int64), False)
    return Sum.apply(a, _axes(dim, a.ndim, "sum"), keepdim)


@accepts_axis
def mean(a, dim=None, keepdim=False):
    """The mean of the elements over ``dim``.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor (``TypeError`` otherwise; convert integers with
        ``.float()`` first).
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted or ``()``, as
        in PyTorch.
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


@accepts_axis
def var(a, dim=None, unbiased=None, keepdim=False, correction=None):
    """The variance of the elements over ``dim``.

    ``sum((a - mean)^2) / max(0, n - correction)``, with ``n`` the number of
    elements reduced.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted (or ``()``).
    unbiased : bool, optional
        Legacy spelling: True is ``correction=1``, False ``correction=0``.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    correction : int, default 1
        Divide by ``n - correction``: 1 is Bessel's correction (the unbiased
        estimate), 0 the population variance.

    Returns
    -------
    Tensor
        nan where ``n - correction <= 0`` (one element, unbiased), and a
        nan gradient there, as in PyTorch.

    Raises
    ------
    ValueError
        When both ``unbiased`` and ``correction`` are given.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    >>> x.var(dim=1)
    tensor([4., 4.])
    >>> x.var(dim=1, correction=0)
    tensor([2.6667, 2.6667])
    """
    _require_float("var", a)
    dim, correction = _correction("var", dim, unbiased, correction)
    keepdim = check_bool("var", "keepdim", keepdim)
    return Var.apply(a, _axes(dim, a.ndim, "var"), correction, keepdim)


@accepts_axis
def std(a, dim=None, unbiased=None, keepdim=False, correction=None):
    """The standard deviation over ``dim``: the square root of :func:`var`.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int, optional
        The dimensions to reduce; all of them when omitted (or ``()``).
    unbiased : bool, optional
        Legacy spelling: True is ``correction=1``, False ``correction=0``.
        Give at most one of the two.
    keepdim : bool, default False
        Keep the reduced dimensions with size 1.
    correction : int, default 1
        The variance under the square root divides the sum of squared
        deviations by ``max(0, n - correction)``, ``n`` being the number of
        elements reduced: 1 is Bessel's correction, 0 the population
        standard deviation.

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
    dim, correction = _correction("std", dim, unbiased, correction)
    keepdim = check_bool("std", "keepdim", keepdim)
    return Std.apply(a, _axes(dim, a.ndim, "std"), correction, keepdim)


@accepts_axis
def var_mean(a, dim=None, unbiased=None, keepdim=False, correction=None):
    """The variance and the mean over ``dim``, as a tuple ``(var, mean)``.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end; all of
        them when omitted (or ``()``). NumPy's ``axis`` is accepted as an alias.
    unbiased : bool, optional
        Legacy spelling of ``correction``: True is ``correction=1``, False
        ``correction=0``. Give at most one of the two.
    keepdim : bool, default False
        Whether the reduced dimensions stay in both results with size 1 (alias
        ``keepdims``).
    correction : int, default 1
        The variance divides the sum of squared deviations by
        ``max(0, n - correction)``, ``n`` being the number of elements reduced:
        1 is Bessel's correction (the unbiased estimate), 0 the population
        variance. Where ``n - correction <= 0`` the result is not finite
        (NaN for a single element, inf otherwise).

    Raises
    ------
    ValueError
        When both ``unbiased`` and ``correction`` are given.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.var_mean(minigrad.tensor([1.0, 5.0, 3.0]))
    (tensor(4.), tensor(3.))
    """
    _require_float("var_mean", a)
    dim, correction = _correction("var_mean", dim, unbiased, correction)
    keepdim = check_bool("var_mean", "keepdim", keepdim)
    axes = _axes(dim, a.ndim, "var_mean")
    return Var.apply(a, axes, correction, keepdim), Mean.apply(a, axes, keepdim)


@accepts_axis
def std_mean(a, dim=None, unbiased=None, keepdim=False, correction=None):
    """The standard deviation and the mean over ``dim``, as a tuple ``(std, mean)``.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end; all of
        them when omitted (or ``()``). NumPy's ``axis`` is accepted as an alias.
    unbiased : bool, optional
        Legacy spelling of ``correction``: True is ``correction=1``, False
        ``correction=0``. Give at most one of the two.
    keepdim : bool, default False
        Whether the reduced dimensions stay in both results with size 1 (alias
        ``keepdims``).
    correction : int, default 1
        The variance divides the sum of squared deviations by
        ``max(0, n - correction)``, ``n`` being the number of elements reduced:
        1 is Bessel's correction (the unbiased estimate), 0 the population
        variance. Where ``n - correction <= 0`` the result is not finite
        (NaN for a single element, inf otherwise).

    Raises
    ------
    ValueError
        When both ``unbiased`` and ``correction`` are given.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.std_mean(minigrad.tensor([1.0, 5.0, 3.0]))
    (tensor(2.), tensor(3.))
    """
    _require_float("std_mean", a)
    dim, correction = _correction("std_mean", dim, unbiased, correction)
    keepdim = check_bool("std_mean", "keepdim", keepdim)
    axes = _axes(dim, a.ndim, "std_mean")
    return Std.apply(a, axes, correction, keepdim), Mean.apply(a, axes, keepdim)


def _extreme(a, dim, keepdim, is_max, op):
    _require_tensor(op, a)
    if isinstance(dim, Tensor):  # PyTorch's max(input, other) and min(input, other)
        if keepdim is not False:
            raise TypeError(f"{op}: {op}(input, other) takes no keepdim, got keepdim={keepdim!r}")
        return (maximum if is_max else minimum)(a, dim)
    keepdim = check_bool(op, "keepdim", keepdim)
    if a._data.size == 0:
        raise ValueError(f"{op}: cannot reduce an empty tensor")
    if dim is None:
        return Extreme.apply(a, None, False, is_max, False)
    axis = normalize_dim(dim, a.ndim, op)
    result = _MaxResult if is_max else _MinResult
    if a.ndim == 0:
        return result(a, Tensor._make(np.zeros((), np.int64), False))
    return result(*ExtremeAlongDim.apply(a, axis, keepdim, is_max))


@accepts_axis
def max(a, dim=None, keepdim=False):
    """The largest element, or the largest elements along ``dim`` with their indices.

    Parameters
    ----------
    a : Tensor
        Of any real dtype; NaN propagates (a slice holding NaN gives NaN).
    dim : int or Tensor, optional
        A tensor here is ``other`` of PyTorch's ``max(input, other)``: the
        result is then the elementwise :func:`maximum` of the two (broadcast).
        Without it, the maximum of all elements (a 0-d tensor); tied maxima
        share the gradient evenly. With it (negative values count from the
        end), the maxima along ``dim`` and where they are, as a named tuple
        ``(values, indices)``; the gradient goes to that index (the first one
        on ties).
    keepdim : bool, default False
        Whether ``dim`` stays in the results with size 1; only with ``dim``.

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


@accepts_axis
def min(a, dim=None, keepdim=False):
    """The smallest element, or the smallest elements along ``dim`` with their indices.

    Parameters
    ----------
    a : Tensor
        Of any real dtype; NaN propagates (a slice holding NaN gives NaN).
    dim : int or Tensor, optional
        A tensor here is ``other`` of PyTorch's ``min(input, other)``: the
        result is then the elementwise :func:`minimum` of the two (broadcast).
        Without it, the minimum of all elements (a 0-d tensor); tied minima
        share the gradient evenly. With it (negative values count from the
        end), the minima along ``dim`` and where they are, as a named tuple
        ``(values, indices)``; the gradient goes to that index (the first one
        on ties).
    keepdim : bool, default False
        Whether ``dim`` stays in the results with size 1; only with ``dim``.

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
    min(values=tensor([1., 2., 3.]), indices=tensor([0, 1, 0]))
    """
    return _extreme(a, dim, keepdim, False, "min")


@accepts_axis
def logsumexp(a, dim, keepdim=False):
    """``log(sum(exp(a)))`` over ``dim``, computed without overflow.

    The largest element is subtracted before exponentiating and added back
    after the logarithm, so large inputs do not overflow to ``inf``.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int
        The dimensions to reduce; ``()`` reduces all of them (where PyTorch
        raises an error).
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
    _require_tensor(op, a)
    keepdim = check_bool(op, "keepdim", keepdim)
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


@accepts_axis
def argmax(a, dim=None, keepdim=False):
    """The indices of the largest elements (the first one on ties).

    Parameters
    ----------
    a : Tensor
        Of any real dtype. On ties the first index wins; NaN counts as the
        extreme value.
    dim : int, optional
        Without it, the index into the flattened tensor.
    keepdim : bool, default False
        Whether ``dim`` stays in the result with size 1; only with ``dim``.

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


@accepts_axis
def argmin(a, dim=None, keepdim=False):
    """The indices of the smallest elements (the first one on ties).

    Parameters
    ----------
    a : Tensor
        Of any real dtype. On ties the first index wins; NaN counts as the
        extreme value.
    dim : int, optional
        Without it, the index into the flattened tensor.
    keepdim : bool, default False
        Whether ``dim`` stays in the result with size 1; only with ``dim``.

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


@accepts_axis
def prod(a, dim=None, keepdim=False, dtype=None):
    """The product of the elements, over all of them or along one dimension.

    Parameters
    ----------
    a : Tensor
        Bool and integer tensors multiply as int64.
    dim : int, optional
        The dimension to reduce; every element when omitted.
    keepdim : bool, default False
        Keep ``dim`` with size 1.
    dtype : dtype, optional
        Convert ``a`` to this dtype first.

    Returns
    -------
    Tensor
        The gradient of an element is the product of the others, exact with
        zeros in the input (no division).

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 2.0, 3.0], [4.0, 0.0, 6.0]], requires_grad=True)
    >>> x.prod(dim=1)
    tensor([6., 0.], grad_fn=<ProdBackward>)
    >>> x.prod(dim=1).sum().backward()
    >>> x.grad
    tensor([[ 6.,  3.,  2.],
            [ 0., 24.,  0.]])
    """
    _require_tensor("prod", a)
    a = _promote_integer_sum(_with_dtype(a, dtype, "prod"))
    if dim is None:
        return Prod.apply(a, None, False)
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"prod: dim must be an int, got {type(dim).__name__}")
    axis = normalize_dim(dim, a.ndim, "prod")
    if a.ndim == 0:
        return Prod.apply(a, None, False)
    return Prod.apply(a, axis, keepdim)


def _amax_amin(a, dim, keepdim, is_max, op):
    _require_tensor(op, a)
    keepdim = check_bool(op, "keepdim", keepdim)
    axes = _axes(dim, a.ndim, op)
    reduced = a._data.shape if axes is None else [a._data.shape[i] for i in axes]
    if 0 in reduced or (axes is None and a._data.size == 0):
        raise ValueError(
            f"{op}: cannot reduce over a dimension of size 0 (input shape {list(a.shape)})"
        )
    return Extreme.apply(a, axes, keepdim, is_max, True)


@accepts_axis
def amax(a, dim=(), keepdim=False):
    """The largest elements over ``dim``, without indices.

    Unlike :func:`max` with ``dim``, several dimensions may be reduced at
    once, and tied maxima share the gradient evenly.

    Parameters
    ----------
    a : Tensor
        Of any real dtype; NaN propagates (a slice holding NaN gives NaN).
    dim : int or tuple of int, default ()
        The dimensions to reduce, negative values counting from the end; ``()``
        reduces all of them, as in PyTorch. NumPy's ``axis`` is accepted as an alias.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1 (alias
        ``keepdims``).

    Returns
    -------
    Tensor
        Of ``a``'s dtype.

    Raises
    ------
    ValueError
        When a reduced dimension has size 0.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 5.0], [5.0, 2.0]], requires_grad=True)
    >>> x.amax(dim=1)
    tensor([5., 5.], grad_fn=<ExtremeBackward>)
    >>> x.amax().backward()                 # two tied maxima share the gradient
    >>> x.grad
    tensor([[0.0000, 0.5000],
            [0.5000, 0.0000]])
    """
    return _amax_amin(a, dim, keepdim, True, "amax")


@accepts_axis
def amin(a, dim=(), keepdim=False):
    """The smallest elements over ``dim``.

    Parameters
    ----------
    a : Tensor
        Of any real dtype; NaN propagates (a slice holding NaN gives NaN).
    dim : int or tuple of int, default ()
        The dimensions to reduce, negative values counting from the end; ``()``
        reduces all of them, as in PyTorch. Several dimensions may be reduced at
        once, unlike :func:`min` with ``dim``. NumPy's ``axis`` is accepted as an
        alias.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1 (alias
        ``keepdims``).

    Returns
    -------
    Tensor
        Of ``a``'s dtype, without indices. Tied minima share the gradient evenly.

    Raises
    ------
    ValueError
        When a reduced dimension has size 0.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.amin(minigrad.tensor([[1.0, 5.0], [0.0, 2.0]]), dim=0)
    tensor([0., 2.])
    """
    return _amax_amin(a, dim, keepdim, False, "amin")


@accepts_axis
def aminmax(a, *, dim=None, keepdim=False):
    """The minimum and the maximum over all elements or along ``dim``.

    Parameters
    ----------
    a : Tensor
        Of any real dtype, with no dimension of size 0 among those reduced.
    dim : int, optional
        The dimension to reduce; every element when omitted.
    keepdim : bool, default False
        Whether the reduced dimension stays in both results with size 1.

    Returns
    -------
    (min, max)
        A named tuple; gradients as :func:`amin` and :func:`amax`.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.aminmax(minigrad.tensor([[1.0, 2.0], [3.0, 0.0]]), dim=1)
    aminmax(min=tensor([1., 0.]), max=tensor([2., 3.]))
    """
    if dim is not None and not isinstance(dim, (int, np.integer)):
        raise TypeError(f"aminmax: dim must be an int, got {type(dim).__name__}")
    dims = () if dim is None else dim
    return _MinMaxPair(_amax_amin(a, dims, keepdim, False, "aminmax"),
                       _amax_amin(a, dims, keepdim, True, "aminmax"))


def _nan_to_zero(a):
    nan = Tensor._make(np.isnan(a._data), False)
    return where(nan, 0.0, a), nan


@accepts_axis
def nansum(a, dim=None, keepdim=False):
    """The sum over ``dim``, with NaN counted as zero (their gradient is zero).

    Parameters
    ----------
    a : Tensor
        Of any real dtype; integer and bool tensors hold no NaN and are summed as
        :func:`sum` sums them (bool and integers as int64).
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end; all of
        them when omitted. NumPy's ``axis`` is accepted as an alias.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1 (alias
        ``keepdims``).

    Returns
    -------
    Tensor
        A slice holding only NaN sums to 0.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.nansum(minigrad.tensor([1.0, float("nan"), 2.0]))
    tensor(3.)
    """
    _require_tensor("nansum", a)
    if a._data.dtype.kind != "f":
        return sum(a, dim, keepdim)
    return sum(_nan_to_zero(a)[0], dim, keepdim)


@accepts_axis
def nanmean(a, dim=None, keepdim=False):
    """The mean over ``dim`` of the elements that are not NaN.

    A slice of NaN only gives NaN, as in PyTorch.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end; all of
        them when omitted. NumPy's ``axis`` is accepted as an alias.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1 (alias
        ``keepdims``).

    Returns
    -------
    Tensor
        Of ``a``'s dtype; differentiable, with zero gradient at the NaN elements.

    Raises
    ------
    TypeError
        For an integer or bool tensor.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.nanmean(minigrad.tensor([1.0, float("nan"), 2.0]))
    tensor(1.5000)
    """
    _require_float("nanmean", a)
    values, nan = _nan_to_zero(a)
    count = sum(Tensor._make(~nan._data, False), dim, keepdim)
    with np.errstate(divide="ignore", invalid="ignore"):  # 0 / 0 for a slice of NaN only
        return sum(values, dim, keepdim) / count.astype(a._data.dtype)
