"""Sorting and selecting by rank: sort, argsort, topk, kthvalue, median, mode, unique.

Every op that returns values picks them from its input at computed indices,
so one primitive, :class:`SelectAlong`, carries all their gradients: the
gradient of a picked value goes back to the place it was picked from.

Sorts are stable (ties keep their input order, in both directions), so
results are reproducible; PyTorch's ``stable=False`` only permits another
order of ties. ``topk`` and ``kthvalue`` follow the same rule, where PyTorch
leaves open which of several tied elements they return (its CPU kernels'
partial sorts may pick a later one). NaN sorts as the largest value, as in
PyTorch.
"""
from collections import namedtuple

import numpy as np

from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim
from minigrad.ops._args import check_bool, check_int
from minigrad.tensor import Tensor

# The named tuples of ``torch.return_types``.
SortResult = namedtuple("sort", ["values", "indices"])
TopKResult = namedtuple("topk", ["values", "indices"])
KthValueResult = namedtuple("kthvalue", ["values", "indices"])
MedianResult = namedtuple("median", ["values", "indices"])
ModeResult = namedtuple("mode", ["values", "indices"])


# ---------------------------------------------------------------- argument checks
def _check_tensor(op, a):
    if not isinstance(a, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(a).__name__}")


def _axis(op, a, dim):
    """``dim`` as a non-negative axis of ``a`` (0 for a 0-d tensor, treated as one element)."""
    return normalize_dim(dim, a.ndim, op)


def _check_k(op, k, size, low, dim):
    check_int(op, "k", k)
    if not low <= k <= size:
        raise ValueError(
            f"{op}: k ({k}) is out of range for dimension {dim} of size {size} "
            f"(expected {low} <= k <= {size})"
        )


def _argsort(x, axis, descending):
    """Stable argsort; descending keeps tied elements in their input order too."""
    if not descending:
        return np.argsort(x, axis=axis, kind="stable")
    # Sorting the reversed input ascending and reversing the result puts ties
    # in increasing index order; NaN (last ascending) comes first, as in PyTorch.
    n = x.shape[axis]
    flipped = np.argsort(np.flip(x, axis), axis=axis, kind="stable")
    return (n - 1) - np.flip(flipped, axis)


def _as_1d(a):
    """0-d data as one element (the ops treat a scalar as a 1-element dimension 0)."""
    return a.reshape(1) if a.ndim == 0 else a


# ---------------------------------------------------------------- the primitive
def _scatter_add_along(shape, indices, values, axis):
    """Zeros of ``shape`` with ``values`` added at ``indices`` along ``axis`` (repeats add up)."""
    out = np.zeros(shape, values.dtype)
    out_rows = np.moveaxis(out, axis, -1)
    idx = np.moveaxis(indices, axis, -1)
    vals = np.moveaxis(values, axis, -1)
    lead = np.indices(idx.shape[:-1], sparse=True)
    np.add.at(out_rows, tuple(i[..., None] for i in lead) + (idx,), vals)
    return out


class SelectAlong(Function):
    """The elements of ``a`` at ``indices`` along ``axis`` (``numpy.take_along_axis``).

    ``indices`` has ``a``'s number of dimensions; without ``keepdim`` the
    selection axis (of size 1) is dropped from the result.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, indices, axis, keepdim):
        ctx.shape, ctx.indices, ctx.axis, ctx.keepdim = a.shape, indices, axis, keepdim
        values = np.take_along_axis(_as_1d(a), indices, axis)
        if not keepdim:
            values = np.squeeze(values, axis)
        return values.reshape(()) if a.ndim == 0 else values

    @staticmethod
    def backward(ctx, grad):
        shape = ctx.shape if ctx.shape else (1,)
        if not ctx.keepdim:
            grad = np.expand_dims(grad, ctx.axis)
        out = _scatter_add_along(shape, ctx.indices, grad.reshape(ctx.indices.shape), ctx.axis)
        return out.reshape(ctx.shape), None, None, None


def _select(a, indices, axis, keepdim=True):
    """(values, int64 indices) as tensors; the values carry the gradient."""
    values = SelectAlong.apply(a, indices, axis, keepdim)
    if not keepdim:
        indices = np.squeeze(indices, axis)
    if a.ndim == 0:
        indices = indices.reshape(())
    return values, Tensor._make(np.array(indices, dtype=np.int64), False)


# ---------------------------------------------------------------- public functions
def sort(input, dim=-1, descending=False, *, stable=False):
    """The elements sorted along ``dim``, with the indices that sort them.

    Parameters
    ----------
    input : Tensor
        Of any real dtype. NaN sorts as larger than every number.
    dim : int, default -1
        The dimension to sort along, negative values counting from the end.
    descending : bool, default False
        Whether the largest element comes first.
    stable : bool, default False
        Accepted for PyTorch's signature (keyword only); minigrad's sort is
        always stable (tied elements keep their input order, in both directions).

    Returns
    -------
    (values, indices)
        A named tuple; ``indices`` is int64. The gradient of each value goes
        back to the element it came from.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[3.0, 1.0, 2.0], [0.0, 5.0, 5.0]])
    >>> minigrad.sort(x, descending=True)
    sort(values=tensor([[3., 2., 1.],
            [5., 5., 0.]]), indices=tensor([[0, 2, 1],
            [1, 2, 0]]))
    """
    _check_tensor("sort", input)
    descending = check_bool("sort", "descending", descending)
    axis = _axis("sort", input, dim)
    order = _argsort(_as_1d(input._data), axis, descending)
    return SortResult(*_select(input, order, axis))


def msort(input):
    """The elements of ``input`` sorted along its first dimension, in ascending order.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; a 0-d tensor is its own sort. NaN sorts last.

    Returns
    -------
    Tensor
        The values of ``sort(input, dim=0)``; differentiable.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.msort(minigrad.tensor([[3.0, 1.0], [2.0, 4.0]]))
    tensor([[2., 1.],
            [3., 4.]])
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"msort: expected input to be a Tensor, got {type(input).__name__}")
    return sort(input, dim=0).values

def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort ``input`` along ``dim``: ``sort(...).indices``.

    Parameters
    ----------
    input : Tensor
        Of any real dtype. NaN sorts as larger than every number.
    dim : int, default -1
        The dimension to sort along, negative values counting from the end.
    descending : bool, default False
        Whether the index of the largest element comes first.
    stable : bool, default False
        Accepted for PyTorch's signature; the sort is always stable, so tied
        elements keep their input order in both directions.

    Returns
    -------
    Tensor
        int64, of ``input``'s shape; ``input.gather(dim, indices)`` is the sorted
        tensor. Never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.argsort(minigrad.tensor([3.0, 1.0, 2.0]))
    tensor([1, 2, 0])
    """
    _check_tensor("argsort", input)
    descending = check_bool("argsort", "descending", descending)
    axis = _axis("argsort", input, dim)
    order = _argsort(_as_1d(input._data), axis, descending)
    return Tensor._make(order.reshape(input.shape).astype(np.int64, copy=False), False)


def topk(input, k, dim=-1, largest=True, sorted=True):
    """The ``k`` largest (or smallest) elements along ``dim`` and their indices.

    Parameters
    ----------
    input : Tensor
        Of any real dtype.
    k : int
        How many; ``0 <= k <= input.shape[dim]``.
    dim : int, default -1
        The dimension to search along, negative values counting from the end.
    largest : bool, default True
        False gives the ``k`` smallest.
    sorted : bool, default True
        Accepted for PyTorch's signature; the result is always sorted
        (largest first, or smallest first), ties in input order.

    Returns
    -------
    (values, indices)
        A named tuple; the gradient of each value goes back to its element.

    Raises
    ------
    ValueError
        When ``k`` is out of range.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.topk(minigrad.tensor([1.0, 3.0, 3.0, 2.0]), 2)
    topk(values=tensor([3., 3.]), indices=tensor([1, 2]))
    """
    _check_tensor("topk", input)
    axis = _axis("topk", input, dim)
    data = _as_1d(input._data)
    _check_k("topk", k, data.shape[axis], 0, dim)
    order = np.take(_argsort(data, axis, largest), np.arange(k), axis)
    return TopKResult(*_select(input, order, axis))


def kthvalue(input, k, dim=-1, keepdim=False):
    """The ``k``-th smallest element along ``dim`` (``k`` counts from 1) and its index.

    Tied elements rank in input order (a stable sort), so with ``[3, 1, 2, 1]``
    the first smallest is the ``1`` at index 1 and the second the one at 3.

    Parameters
    ----------
    input : Tensor
        Of any real dtype.
    k : int
        The rank of the element to pick, from 1 (the smallest) to
        ``input.shape[dim]`` (the largest).
    dim : int, default -1
        The dimension to search along, negative values counting from the end.
    keepdim : bool, default False
        Whether ``dim`` stays in the results with size 1.

    Returns
    -------
    (values, indices)
        A named tuple of tensors of ``input``'s shape without ``dim``; ``indices``
        is int64. The gradient goes to the picked element.

    Raises
    ------
    ValueError
        When ``k`` is not in ``[1, input.shape[dim]]``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.kthvalue(minigrad.tensor([3.0, 1.0, 2.0, 1.0]), 2)
    kthvalue(values=tensor(1.), indices=tensor(3))
    """
    _check_tensor("kthvalue", input)
    axis = _axis("kthvalue", input, dim)
    data = _as_1d(input._data)
    _check_k("kthvalue", k, data.shape[axis], 1, dim)
    order = np.take(_argsort(data, axis, False), [k - 1], axis)
    return KthValueResult(*_select(input, order, axis, keepdim))


def _median_indices(data, axis):
    """Where the lower median of each slice is; the first NaN of a slice that has one."""
    n = data.shape[axis]
    order = np.take(_argsort(data, axis, False), [(n - 1) // 2], axis)
    if data.dtype.kind == "f":
        nan = np.isnan(data)
        has_nan = nan.any(axis=axis, keepdims=True)
        order = np.where(has_nan, np.argmax(nan, axis=axis, keepdims=True), order)
    return order


def median(input, dim=None, keepdim=False):
    """The median: the lower of the two middle values for an even count, as in PyTorch.

    Parameters
    ----------
    input : Tensor
        Of any real dtype. For an even count the lower of the two middle
        values is returned (no averaging), as in PyTorch.
    dim : int, optional
        Without it, the median of all elements (a 0-d tensor). With it, the
        medians along ``dim`` and their indices.
    keepdim : bool, default False
        Whether ``dim`` stays in the results with size 1; only with ``dim``.

    Returns
    -------
    Tensor or (values, indices)
        NaN where a slice holds NaN. The gradient goes to the median element.

    Raises
    ------
    ValueError
        For an empty tensor (or an empty ``dim``).

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[4.0, 1.0, 3.0, 2.0], [1.0, 1.0, 5.0, 0.0]])
    >>> minigrad.median(x)                    # of 0 1 1 1 2 3 4 5
    tensor(1.)
    >>> x.median(dim=1)
    median(values=tensor([2., 1.]), indices=tensor([3, 0]))
    """
    _check_tensor("median", input)
    if dim is None:
        if input._data.size == 0:
            raise ValueError("median: cannot take the median of an empty tensor")
        flat = input.reshape(-1)
        return _select(flat, _median_indices(flat._data, 0), 0, False)[0]
    axis = _axis("median", input, dim)
    data = _as_1d(input._data)
    if data.shape[axis] == 0:
        raise ValueError(f"median: dimension {dim} of the input {list(input.shape)} is empty")
    return MedianResult(*_select(input, _median_indices(data, axis), axis, keepdim))


def mode(input, dim=-1, keepdim=False):
    """The most frequent value along ``dim`` and the index of its last occurrence.

    Of equally frequent values the smallest wins, as in PyTorch.

    Parameters
    ----------
    input : Tensor
        Of any real dtype.
    dim : int, default -1
        The dimension to search along, negative values counting from the end.
    keepdim : bool, default False
        Whether ``dim`` stays in the results with size 1.

    Returns
    -------
    (values, indices)
        A named tuple of tensors of ``input``'s shape without ``dim``; ``indices``
        is int64. The gradient goes to the element at the index.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.mode(minigrad.tensor([[2.0, 2.0, 1.0, 1.0], [5.0, 4.0, 4.0, 5.0]]))
    mode(values=tensor([1., 4.]), indices=tensor([3, 2]))
    """
    _check_tensor("mode", input)
    keepdim = check_bool("mode", "keepdim", keepdim)
    axis = _axis("mode", input, dim)
    data = _as_1d(input._data)
    if data.shape[axis] == 0:
        raise ValueError(f"mode: dimension {dim} of the input {list(input.shape)} is empty")
    rows = np.moveaxis(data, axis, -1)
    flat = rows.reshape(-1, rows.shape[-1])
    picked = np.empty(flat.shape[0], np.int64)
    for r, row in enumerate(flat):
        values, counts = np.unique(row, return_counts=True)
        winner = values[np.argmax(counts)]  # unique sorts, so ties go to the smallest
        hits = np.flatnonzero((row == winner) | (np.isnan(row) & np.isnan(winner))
                              if row.dtype.kind == "f" else row == winner)
        picked[r] = hits[-1]
    indices = np.moveaxis(picked.reshape(rows.shape[:-1] + (1,)), -1, axis)
    return ModeResult(*_select(input, indices, axis, keepdim))


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct elements (or distinct slices along ``dim``), in ascending order.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; flattened unless ``dim`` is given.
    sorted : bool, default True
        Accepted for PyTorch's signature; the result is always sorted.
    return_inverse : bool, default False
        Also return, for each element (or slice), the index of its value in
        the output: ``output[inverse]`` rebuilds the input.
    return_counts : bool, default False
        Also return how often each distinct value occurs.
    dim : int, optional
        Compare whole slices along ``dim`` instead of single elements.

    Returns
    -------
    Tensor, or a tuple (output, inverse?, counts?)
        ``inverse`` has the input's shape (``input.shape[dim]`` elements with
        ``dim``); indices and counts are int64. Not differentiable.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.unique(minigrad.tensor([[2, 1], [1, 3]]), return_inverse=True, return_counts=True)
    (tensor([1, 2, 3]), tensor([[1, 0],
            [0, 2]]), tensor([2, 1, 1]))
    """
    _check_tensor("unique", input)
    for name, flag in (("sorted", sorted), ("return_inverse", return_inverse),
                       ("return_counts", return_counts)):
        check_bool("unique", name, flag)
    data = input._data
    if dim is None:
        out, inverse, counts = np.unique(data, return_inverse=True, return_counts=True)
        inverse = inverse.reshape(data.shape)
    else:
        axis = _axis("unique", input, dim)
        if data.ndim == 0:
            raise ValueError("unique: dim is not allowed for a 0-d tensor")
        out, inverse, counts = np.unique(data, return_inverse=True, return_counts=True,
                                         axis=axis)
        inverse = inverse.reshape(-1)
    results = [Tensor._make(out, False)]
    if return_inverse:
        results.append(Tensor._make(inverse.astype(np.int64), False))
    if return_counts:
        results.append(Tensor._make(counts.astype(np.int64), False))
    return results[0] if len(results) == 1 else tuple(results)
