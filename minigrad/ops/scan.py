"""Scans along one dimension: cumsum, cumprod, cummax, cummin, logcumsumexp; and diff.

The gradient of a scan is a scan of the gradient run backwards (a reversed
cumulative sum, for ``cumsum``); each Function below writes out the one it
needs. ``diff`` composes slicing and subtraction.
"""
from collections import namedtuple

import numpy as np

from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim, resolve
from minigrad.ops._args import check_int
from minigrad.ops.shape import cat
from minigrad.ops.sort import SelectAlong, _as_1d
from minigrad.tensor import Tensor

CumMaxResult = namedtuple("cummax", ["values", "indices"])
CumMinResult = namedtuple("cummin", ["values", "indices"])


# ---------------------------------------------------------------- argument checks
def _check(op, a, dim):
    """``dim`` as a non-negative axis of ``a`` (a 0-d tensor scans as one element)."""
    if not isinstance(a, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(a).__name__}")
    if dim is None:
        raise TypeError(f"{op}: dim is required (an int), got None")
    return normalize_dim(dim, a.ndim, op)


def _accumulator(a, dtype, op):
    """The input in the scan's dtype: ``dtype`` if given; bool and integers as int64 (PyTorch)."""
    if dtype is not None:
        return a.astype(resolve(dtype, op))
    if a._data.dtype.kind in "bui" and a._data.dtype != np.int64:
        return Tensor._make(a._data.astype(np.int64), False)
    return a


def _reverse_cumsum(x, axis):
    return np.flip(np.cumsum(np.flip(x, axis), axis=axis), axis)


# ---------------------------------------------------------------- Functions
class CumSum(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis):
        ctx.axis = axis
        return np.cumsum(a, axis=axis)

    @staticmethod
    def backward(ctx, grad):
        # out_j = sum_{i<=j} x_i, so dL/dx_i = sum_{j>=i} g_j.
        return _reverse_cumsum(grad, ctx.axis), None


class CumProd(Function):
    """The running product; the gradient is exact where the input has zeros.

    ``dL/dx_i = sum_{j>=i} g_j prod_{k<=j, k!=i} x_k``. Without zeros that is
    ``revcumsum(g * out)_i / x_i``. With a first zero at ``z`` in a row, the
    elements after ``z`` get nothing (every product they appear in holds
    ``x_z = 0``), those before keep the formula (out is 0 from ``z`` on, so
    only the terms before ``z`` count), and ``x_z`` itself gets
    ``out_{z-1} * sum_{j>=z} g_j prod_{z<k<=j} x_k``.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis):
        out = np.cumprod(a, axis=axis)
        ctx.save_for_backward(a, out)
        ctx.axis = axis
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        x = np.moveaxis(a, ctx.axis, -1).reshape(-1, a.shape[ctx.axis])
        o = np.moveaxis(out, ctx.axis, -1).reshape(x.shape)
        g = np.moveaxis(grad, ctx.axis, -1).reshape(x.shape)
        zero = x == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.where(zero, 0, _reverse_cumsum(g * o, -1) / np.where(zero, 1, x))
        for r in np.flatnonzero(zero.any(axis=1)):
            z = np.argmax(zero[r])
            result[r, z + 1:] = 0
            prefix = o[r, z - 1] if z > 0 else 1
            tail = np.cumprod(x[r, z + 1:])
            result[r, z] = prefix * (g[r, z] + (g[r, z + 1:] * tail).sum())
        shaped = result.reshape(np.moveaxis(a, ctx.axis, -1).shape)
        return np.moveaxis(shaped, -1, ctx.axis).astype(a.dtype, copy=False), None


class LogCumSumExp(Function):
    """``log(cumsum(exp(x)))`` without overflow (``numpy.logaddexp.accumulate``)."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis):
        out = np.logaddexp.accumulate(a, axis=axis)
        ctx.save_for_backward(a, out)
        ctx.axis = axis
        return out

    @staticmethod
    def backward(ctx, grad):
        # dL/dx_i = sum_{j>=i} g_j exp(x_i - out_j). The sum runs in log space,
        # split by the sign of g (as PyTorch does), so that no exp overflows.
        a, out = ctx.saved_tensors
        axis = ctx.axis
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            result = np.zeros_like(a)
            for sign in (1, -1):
                part = np.where(sign * grad > 0, sign * grad, 0)
                log_terms = np.log(part) - out
                log_sums = np.flip(np.logaddexp.accumulate(np.flip(log_terms, axis), axis=axis),
                                   axis)
                result += sign * np.exp(a + log_sums)
        return result, None


def _cumulative_extreme_indices(data, axis, is_max):
    """Where each running max (min) was attained: the last occurrence on ties, as PyTorch.

    A position attains the running extreme when it is at least (most) every
    earlier element; later positions point to the latest such position.
    NaN propagates: once seen it is the extreme.
    """
    running = (np.maximum if is_max else np.minimum).accumulate(data, axis)
    attains = data == running
    if data.dtype.kind == "f":
        attains |= np.isnan(data)
    positions = np.arange(data.shape[axis]).reshape(
        [-1 if i == axis else 1 for i in range(data.ndim)])
    return np.maximum.accumulate(np.where(attains, positions, 0), axis=axis)


def _cumulative_extreme(op, result, input, dim, is_max):
    axis = _check(op, input, dim)
    data = _as_1d(input._data)
    indices = _cumulative_extreme_indices(data, axis, is_max)
    values = SelectAlong.apply(input, indices, axis, True)
    return result(values, Tensor._make(indices.reshape(input.shape).astype(np.int64), False))


# ---------------------------------------------------------------- public functions
def cumsum(input, dim, dtype=None):
    """The cumulative sum along ``dim``: ``out[i]`` sums ``input[0]`` to ``input[i]``.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; bool and integer tensors are summed as int64, as in
        PyTorch. A 0-d tensor scans as one element.
    dim : int
        The dimension to scan along, negative values counting from the end; required.
    dtype : dtype, optional
        Convert the input to this dtype first (to sum in float64, say).

    Returns
    -------
    Tensor
        Of ``input``'s shape; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cumsum(minigrad.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), dim=1)
    tensor([[ 1.,  3.,  6.],
            [ 4.,  9., 15.]])
    """
    axis = _check("cumsum", input, dim)
    a = _accumulator(input, dtype, "cumsum")
    if a.ndim == 0:
        return CumSum.apply(a.reshape(1), 0).reshape(())
    return CumSum.apply(a, axis)


def cumprod(input, dim, dtype=None):
    """The cumulative product along ``dim``: ``out[i]`` multiplies ``input[0]`` to ``input[i]``.

    The gradient is exact where the input holds zeros (no division by them).

    Parameters
    ----------
    input : Tensor
        Bool and integer tensors multiply as int64, as in PyTorch.
    dim : int
        The dimension to scan along, negative values counting from the end; required.
    dtype : dtype, optional
        Convert the input to this dtype first.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([2.0, 0.0, 3.0], requires_grad=True)
    >>> y = minigrad.cumprod(x, dim=0)
    >>> y
    tensor([2., 0., 0.], grad_fn=<CumProdBackward>)
    >>> y.sum().backward()
    >>> x.grad                                  # d(2 + 2*x1 + 2*x1*x2)/dx at x1 = 0
    tensor([1., 8., 0.])
    """
    axis = _check("cumprod", input, dim)
    a = _accumulator(input, dtype, "cumprod")
    if a.ndim == 0:
        return CumProd.apply(a.reshape(1), 0).reshape(())
    return CumProd.apply(a, axis)


def logcumsumexp(input, dim):
    """``log(cumsum(exp(input)))`` along ``dim``, computed without overflow.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor; a 0-d tensor scans as one element.
    dim : int
        The dimension to scan along, negative values counting from the end; required.

    Returns
    -------
    Tensor
        Of ``input``'s shape and dtype; differentiable. Each output element is the
        log-sum-exp of the inputs up to it, so the gradient at ``input[j]`` sums
        the softmax weights it receives in every later output.

    Raises
    ------
    TypeError
        For an integer or bool tensor.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logcumsumexp(minigrad.tensor([1000.0, 1000.0]), dim=0)   # 1000, 1000 + log 2
    tensor([1000.0000, 1000.6932])
    """
    axis = _check("logcumsumexp", input, dim)
    if input._data.dtype.kind != "f":
        raise TypeError(f"logcumsumexp: expected a floating-point tensor, got dtype {input.dtype}")
    if input.ndim == 0:
        return LogCumSumExp.apply(input.reshape(1), 0).reshape(())
    return LogCumSumExp.apply(input, axis)


def cummax(input, dim):
    """The running maximum along ``dim`` and where each was attained.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; a 0-d tensor scans as one element.
    dim : int
        The dimension to scan along, negative values counting from the end; required.

    Returns
    -------
    (values, indices)
        A named tuple of two tensors of ``input``'s shape: ``values[i]`` is the
        largest of ``input[0]`` to ``input[i]`` (in ``input``'s dtype),
        ``indices[i]`` (int64) where it was attained. On ties the index is the
        last occurrence, as in PyTorch; the gradient of each value goes to that
        element (summed where several outputs point to one element).

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cummax(minigrad.tensor([1.0, 3.0, 2.0, 3.0]), dim=0)
    cummax(values=tensor([1., 3., 3., 3.]), indices=tensor([0, 1, 1, 3]))
    """
    return _cumulative_extreme("cummax", CumMaxResult, input, dim, True)


def cummin(input, dim):
    """The running minimum along ``dim`` and where each was attained.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; a 0-d tensor scans as one element.
    dim : int
        The dimension to scan along, negative values counting from the end; required.

    Returns
    -------
    (values, indices)
        A named tuple of two tensors of ``input``'s shape: ``values[i]`` is the
        smallest of ``input[0]`` to ``input[i]`` (in ``input``'s dtype),
        ``indices[i]`` (int64) where it was attained. On ties the index is the
        last occurrence, as in PyTorch; the gradient of each value goes to that
        element (summed where several outputs point to one element).

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cummin(minigrad.tensor([2.0, 1.0, 3.0, 1.0]), dim=0)
    cummin(values=tensor([2., 1., 1., 1.]), indices=tensor([0, 1, 1, 3]))
    """
    return _cumulative_extreme("cummin", CumMinResult, input, dim, False)


def diff(input, n=1, dim=-1, prepend=None, append=None):
    """The ``n``-th forward difference along ``dim``: ``out[i] = input[i + 1] - input[i]``.

    Parameters
    ----------
    input : Tensor
        At least one dimension. For bool tensors the difference is
        ``input[i + 1] != input[i]``, as in PyTorch.
    n : int, default 1
        How many times to difference; each pass shortens ``dim`` by one.
    dim : int, default -1
        The dimension to difference along, negative values counting from the end.
    prepend, append : Tensor, optional
        Joined to ``input`` along ``dim`` before differencing; their other
        dimensions must match the input's.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> minigrad.diff(minigrad.tensor([1.0, 4.0, 9.0, 16.0]))
    tensor([3., 5., 7.])
    >>> minigrad.diff(minigrad.tensor([1.0, 4.0, 9.0, 16.0]), n=2)
    tensor([2., 2.])
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"diff: expected a Tensor, got {type(input).__name__}")
    if input.ndim == 0:
        raise ValueError("diff: expected a tensor with at least one dimension, got a 0-d tensor")
    check_int("diff", "n", n, minimum=0)
    axis = normalize_dim(dim, input.ndim, "diff")
    parts = [p for p in (prepend, input, append) if p is not None]
    for p in parts:
        if not isinstance(p, Tensor):
            raise TypeError(
                f"diff: expected prepend and append to be Tensors, got {type(p).__name__}"
            )
    x = cat(parts, dim=axis) if len(parts) > 1 else input
    head = (slice(None),) * axis
    # Past the dimension's size every difference is empty: n=10**6 looped a million times.
    for _ in range(min(n, x.shape[axis] + 1)):
        later, earlier = x[head + (slice(1, None),)], x[head + (slice(None, -1),)]
        if x._data.dtype == np.bool_:
            x = later != earlier
        else:
            x = later - earlier
    return x
