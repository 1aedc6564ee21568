"""Indexing by tensors of indices or masks: nonzero, where, gather, scatter, index_*, masked_*.

``x[index]`` itself (basic and advanced indexing) is in :mod:`minigrad.ops.shape`.

The primitives, with a hand-written backward, are :class:`Where`,
:class:`Gather` (whose backward is a scatter-add), :class:`Scatter` and
:class:`ScatterAdd` (whose backward for ``src`` is a gather), and
:class:`IndexSelect` and :class:`IndexAdd` (each the other's backward).
The rest compose them: ``masked_fill`` and ``index_fill`` are a ``where``,
``take_along_dim`` is an ``expand`` and a ``gather``, ``masked_select`` an
``expand`` and a boolean ``x[mask]``.

Index tensors hold int64 (int32 also for ``index_select`` and
``index_add``), as in PyTorch; an index outside ``[0, size)`` raises
``IndexError``. Where several indices name one position, ``scatter`` keeps
one of the values (the last, here; PyTorch leaves the choice unspecified),
while ``scatter_add`` and ``index_add`` add them all.
"""
import numbers

import numpy as np

from minigrad.autograd.function import Function
from minigrad.autograd.grad_mode import is_grad_enabled
from minigrad.dtypes import normalize_dim
from minigrad.ops._args import accepts_axis
from minigrad.ops.broadcast import sum_to
from minigrad.ops.elementwise import _check_operand, _fix_promotion, to_dtype
from minigrad.tensor import Tensor


# ---------------------------------------------------------------- argument checks
def _dims(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


def _tensor(x, op, name="input"):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(x).__name__}")
    return x


def _index_array(index, op, dtypes=(np.int64,)):
    if not isinstance(index, Tensor):
        raise TypeError(f"{op}: expected index to be a Tensor, got {type(index).__name__}")
    data = index._data
    if data.dtype not in dtypes:
        names = " or ".join(np.dtype(d).name for d in dtypes)
        raise TypeError(f"{op}: expected index of dtype {names}, got {data.dtype}")
    return data


def _check_range(op, index, size, dim):
    if index.size and (index.min() < 0 or index.max() >= size):
        bad = index.min() if index.min() < 0 else index.max()
        raise IndexError(
            f"{op}: index {int(bad)} is out of bounds for dimension {dim} with size {size}"
        )


def _check_gather_scatter(op, shape, axis, index, src_shape=None):
    """The checks PyTorch makes on gather/scatter indices: same rank, sizes within bounds."""
    if index.ndim != len(shape):
        raise ValueError(
            f"{op}: index should have the same number of dimensions as input "
            f"({len(shape)}), got {index.ndim}"
        )
    for d in range(index.ndim):
        if d != axis and index.shape[d] > shape[d]:
            raise ValueError(
                f"{op}: size of index {_dims(index.shape)} must not exceed the input's "
                f"{_dims(shape)} in dimension {d} (other than dim {axis})"
            )
        if src_shape is not None and index.shape[d] > src_shape[d]:
            raise ValueError(
                f"{op}: size of index {_dims(index.shape)} must not exceed src's "
                f"{_dims(src_shape)} in dimension {d}"
            )
    _check_range(op, index, shape[axis], axis)


def _positions(index, axis):
    """NumPy's advanced index naming, for each element of ``index``, the position it targets.

    Element ``(i, j, k)`` of ``index`` along ``axis == 1`` targets
    ``(i, index[i, j, k], k)``: open ranges in the other dimensions broadcast
    against the index itself.
    """
    grids = list(np.ogrid[tuple(slice(0, n) for n in index.shape)])
    grids[axis] = index
    return tuple(grids)


def _prefix(array, shape):
    """The leading ``shape`` block of ``array`` (``src`` may be larger than the index)."""
    return array[tuple(slice(0, n) for n in shape)]


def _bool_mask(mask, op, name="condition"):
    data = mask._data if isinstance(mask, Tensor) else None
    if data is None:
        raise TypeError(f"{op}: expected {name} to be a bool Tensor, got {type(mask).__name__}")
    if data.dtype != np.bool_:
        raise TypeError(f"{op}: expected a bool {name}, got dtype {data.dtype}")
    return data


def _scatter_args(op, input, dim, index, src):
    _tensor(input, op)
    idx = _index_array(index, op)
    axis = normalize_dim(dim, input.ndim, op)
    if isinstance(src, Tensor):
        if src._data.dtype != input._data.dtype:
            raise TypeError(
                f"{op}: expected src to have the input's dtype {input._data.dtype}, "
                f"got {src._data.dtype}"
            )
        if src.ndim != idx.ndim:
            raise ValueError(
                f"{op}: index and src should have the same number of dimensions, "
                f"got {idx.ndim} and {src.ndim}"
            )
        _check_gather_scatter(op, input.shape, axis, idx, src.shape)
    elif isinstance(src, (int, float, bool, np.number, np.bool_)):
        _check_gather_scatter(op, input.shape, axis, idx)
        src = Tensor._make(np.asarray(src, dtype=input._data.dtype), False)
    else:
        raise TypeError(f"{op}: src must be a Tensor or a number, got {type(src).__name__}")
    return axis, idx, src


def _index_1d(op, input, dim, index):
    _tensor(input, op)
    idx = _index_array(index, op, (np.int64, np.int32))
    if idx.ndim > 1:
        raise ValueError(f"{op}: index should have at most 1 dimension, got {idx.ndim}")
    axis = normalize_dim(dim, input.ndim, op)
    _check_range(op, idx, input.shape[axis] if input.ndim else 1, axis)
    return axis, idx.reshape(-1)


# ---------------------------------------------------------------- Functions
class Where(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, condition, a, b):
        try:
            out = np.where(condition, a, b)
        except ValueError:
            raise ValueError(
                f"where: shapes {list(np.shape(condition))}, {list(np.shape(a))} and "
                f"{list(np.shape(b))} are not broadcastable"
            ) from None
        ctx.condition = condition
        ctx.shapes = (np.shape(a), np.shape(b))
        return _fix_promotion(out, a, b)

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes
        need_a, need_b = ctx.needs_input_grad[1:]
        zero = np.zeros((), grad.dtype)
        return (
            None,
            sum_to(np.where(ctx.condition, grad, zero), sa) if need_a else None,
            sum_to(np.where(ctx.condition, zero, grad), sb) if need_b else None,
        )


class Gather(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis, index):
        positions = _positions(index, axis)
        ctx.shape, ctx.positions = a.shape, positions
        return np.asarray(a[positions])

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, grad.dtype)
        np.add.at(out, ctx.positions, grad)
        return out, None, None


class Scatter(Function):
    """``input`` with the values of ``src`` written at the positions ``index`` names."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, src, axis, index):
        positions = _positions(index, axis)
        out = a.copy()
        out[positions] = src if np.ndim(src) == 0 else _prefix(src, index.shape)
        ctx.positions, ctx.src_shape = positions, np.shape(src)
        return out

    @staticmethod
    def backward(ctx, grad):
        grad_a = grad_src = None
        if ctx.needs_input_grad[0]:
            grad_a = grad.copy()
            grad_a[ctx.positions] = 0
        if ctx.needs_input_grad[1]:
            grad_src = _gathered_grad(grad, ctx.positions, ctx.src_shape)
        return grad_a, grad_src, None, None


class ScatterAdd(Function):
    """``input`` with the values of ``src`` added at the positions ``index`` names."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, src, axis, index):
        positions = _positions(index, axis)
        out = np.array(a, copy=True)
        np.add.at(out, positions, src if np.ndim(src) == 0 else _prefix(src, index.shape))
        ctx.positions, ctx.src_shape = positions, np.shape(src)
        return out

    @staticmethod
    def backward(ctx, grad):
        grad_src = None
        if ctx.needs_input_grad[1]:
            grad_src = _gathered_grad(grad, ctx.positions, ctx.src_shape)
        return grad, grad_src, None, None


def _gathered_grad(grad, positions, src_shape):
    """The gradient of ``src``: ``grad`` gathered at the positions written, zero past the index."""
    picked = grad[positions]
    if src_shape == ():
        return np.asarray(picked.sum())
    out = np.zeros(src_shape, grad.dtype)
    out[tuple(slice(0, n) for n in picked.shape)] = picked
    return out


class IndexSelect(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axis, index):
        ctx.shape, ctx.axis, ctx.index = a.shape, axis, index
        return np.take(a, index, axis=axis)

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, grad.dtype)
        np.add.at(out, (slice(None),) * ctx.axis + (ctx.index,), grad)
        return out, None, None


class IndexAdd(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, source, axis, index, alpha):
        ctx.axis, ctx.index, ctx.alpha = axis, index, alpha
        out = np.array(a, copy=True)
        np.add.at(out, (slice(None),) * axis + (index,), source if alpha == 1 else source * alpha)
        return out

    @staticmethod
    def backward(ctx, grad):
        grad_source = None
        if ctx.needs_input_grad[1]:
            grad_source = np.take(grad, ctx.index, axis=ctx.axis)
            if ctx.alpha != 1:
                grad_source = grad_source * grad.dtype.type(ctx.alpha)
        return grad, grad_source, None, None, None


# ---------------------------------------------------------------- public functions
def nonzero(input, *, as_tuple=False):
    """The indices of the nonzero elements.

    Parameters
    ----------
    input : Tensor
        Of any dtype; nonzero elements (True for bool) are listed.
    as_tuple : bool, default False
        Return one 1-d index tensor per dimension (usable as ``x[indices]``)
        instead of one ``(n, input.ndim)`` tensor. A 0-d input counts as 1-d.

    Returns
    -------
    Tensor or tuple of Tensor
        int64, in row-major order.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[0.0, 1.0], [2.0, 0.0]])
    >>> minigrad.nonzero(x)
    tensor([[0, 1],
            [1, 0]])
    >>> minigrad.nonzero(x, as_tuple=True)
    (tensor([0, 1]), tensor([1, 0]))
    """
    data = _tensor(input, "nonzero")._data
    if not isinstance(as_tuple, bool):
        raise TypeError(f"nonzero: as_tuple must be a bool, got {type(as_tuple).__name__}")
    if as_tuple:
        indices = np.nonzero(np.atleast_1d(data))
        return tuple(Tensor._make(i.astype(np.int64), False) for i in indices)
    return Tensor._make(np.argwhere(data).astype(np.int64), False)


def where(condition, input=None, other=None):
    """Pick elements of ``input`` where ``condition`` holds and of ``other`` elsewhere.

    With ``condition`` alone, the same as ``nonzero(condition, as_tuple=True)``.

    Parameters
    ----------
    condition : Tensor
        A bool tensor (a comparison such as ``x > 0``).
    input, other : Tensor or scalar
        The values to pick from; the three arguments broadcast together.

    Returns
    -------
    Tensor or tuple of Tensor
        The broadcast shape. The gradient of each element flows to the operand
        it was picked from.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([-1.0, 2.0, -3.0])
    >>> minigrad.where(x > 0, x, 0.0)
    tensor([0., 2., 0.])
    >>> minigrad.where(x < 0)
    (tensor([0, 2]),)
    """
    cond = _bool_mask(condition, "where")
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if input is None or other is None:
        raise TypeError("where: expected both input and other, or neither")
    return Where.apply(cond, _check_operand(input, "where"), _check_operand(other, "where"))


def masked_fill(input, mask, value):
    """``input`` with ``value`` where ``mask`` is True.

    Parameters
    ----------
    input : Tensor
        The tensor to fill; it is not modified (``Tensor.masked_fill_`` is the
        in-place form).
    mask : Tensor
        bool, broadcastable with ``input``.
    value : number or 0-d Tensor
        Converted to ``input``'s dtype. A 0-d tensor that requires grad gets
        the sum of the gradient over the filled positions.

    Returns
    -------
    Tensor
        ``input``'s dtype, the broadcast shape of ``input`` and ``mask``.

    Examples
    --------
    >>> import minigrad
    >>> scores = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> mask = minigrad.tensor([[False, True], [False, False]])
    >>> minigrad.masked_fill(scores, mask, float("-inf"))
    tensor([[1., -inf],
            [3., 4.]])
    """
    _tensor(input, "masked_fill")
    cond = _bool_mask(mask, "masked_fill", "mask")
    dtype = input._data.dtype
    if isinstance(value, Tensor):
        if value.ndim != 0:
            raise ValueError(
                f"masked_fill: only supports a 0-dimensional value tensor, but got a tensor "
                f"with {value.ndim} dimension(s)"
            )
        if value._data.dtype != dtype:
            value = to_dtype(value, dtype)
    elif isinstance(value, (int, float, bool, np.number, np.bool_)):
        value = Tensor._make(np.asarray(value, dtype=dtype), False)
    else:
        raise TypeError(
            f"masked_fill: value must be a number or a 0-d Tensor, got {type(value).__name__}"
        )
    return Where.apply(cond, value, input)


@accepts_axis
def gather(input, dim, index, *, sparse_grad=False):
    """Values of ``input`` along ``dim`` at the positions ``index`` names.

    For a 3-d input and ``dim=1``: ``out[i][j][k] = input[i][index[i][j][k]][k]``.

    Parameters
    ----------
    input : Tensor
        The values to read from.
    dim : int
        The dimension ``index`` runs along, negative values counting from the end.
    index : Tensor
        int64, with as many dimensions as ``input`` and no larger than it
        in the dimensions other than ``dim``.
    sparse_grad : bool, default False
        Accepted for compatibility; the gradient is always dense.

    Returns
    -------
    Tensor
        ``index``'s shape. The gradient is scattered (and added, for
        repeated indices) back to the positions read.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> minigrad.gather(x, 1, minigrad.tensor([[0, 0], [1, 0]]))
    tensor([[1., 1.],
            [4., 3.]])
    """
    _tensor(input, "gather")
    idx = _index_array(index, "gather")
    axis = normalize_dim(dim, input.ndim, "gather")
    if input.ndim == 0:  # a 0-d input counts as 1-d
        return gather(input.reshape(1), 0, index.reshape(-1)).reshape(index.shape)
    _check_gather_scatter("gather", input.shape, axis, idx)
    return Gather.apply(input, axis, idx)


def _as_1d(x):
    return x.reshape(-1) if isinstance(x, Tensor) else x


def _scatter_multiply(a, axis, idx, src):
    if a.requires_grad or src.requires_grad:
        if is_grad_enabled():
            raise RuntimeError("scatter: the gradient of reduce='multiply' is not implemented")
    out = a._data.copy()
    values = src._data if src.ndim == 0 else _prefix(src._data, idx.shape)
    np.multiply.at(out, _positions(idx, axis), values)
    return Tensor._make(out, False)


@accepts_axis
def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    """``input`` with ``src`` written along ``dim`` at the positions ``index`` names.

    For a 3-d input and ``dim=1``: ``out[i][index[i][j][k]][k] = src[i][j][k]``.

    Parameters
    ----------
    input : Tensor
        The tensor written into; it is not modified.
    dim : int
        The dimension ``index`` runs along, negative values counting from the end.
    index : Tensor
        int64, with as many dimensions as ``input``; no larger than ``src``
        in any dimension and than ``input`` in those other than ``dim``.
    src : Tensor or number
        The values, of ``input``'s dtype; a number writes itself everywhere.
    value : number, optional
        Keyword form of a number ``src``.
    reduce : {None, 'add', 'multiply'}, optional
        Combine with the value already there instead of replacing it.

    Returns
    -------
    Tensor
        ``input``'s shape. Without ``reduce``, overwritten positions pass no
        gradient to ``input``, and ``src`` gets the gradient at the position
        each of its values went to. With ``reduce='multiply'`` there is no
        gradient (as in PyTorch).

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.zeros(2, 3)
    >>> minigrad.scatter(x, 1, minigrad.tensor([[2], [0]]), minigrad.tensor([[5.0], [7.0]]))
    tensor([[0., 0., 5.],
            [7., 0., 0.]])
    >>> minigrad.scatter(x, 0, minigrad.tensor([[1, 0, 1]]), 2.0)
    tensor([[0., 2., 0.],
            [2., 0., 2.]])
    """
    if (src is None) == (value is None):
        raise TypeError("scatter: expected exactly one of src and value")
    src = value if src is None else src
    if reduce not in (None, "add", "multiply"):
        raise ValueError(
            f"scatter: reduce argument must be either 'add' or 'multiply', got {reduce!r}"
        )
    if reduce == "add":
        return scatter_add(input, dim, index, src)
    if isinstance(input, Tensor) and input.ndim == 0:  # a 0-d input counts as 1-d
        return scatter(input.reshape(1), dim, _as_1d(index), _as_1d(src), reduce=reduce).reshape(())
    axis, idx, src = _scatter_args("scatter", input, dim, index, src)
    if reduce == "multiply":
        return _scatter_multiply(input, axis, idx, src)
    return Scatter.apply(input, src, axis, idx)


@accepts_axis
def scatter_add(input, dim, index, src):
    """``input`` with ``src`` added along ``dim`` at the positions ``index`` names.

    For a 3-d input and ``dim=1``: ``out[i][index[i][j][k]][k] += src[i][j][k]``;
    repeated indices add up.

    Parameters
    ----------
    input : Tensor
        The tensor added to; it is not modified.
    dim : int
        The dimension ``index`` runs along, negative values counting from the end.
    index : Tensor
        int64, with as many dimensions as ``input``; no larger than ``src`` in any
        dimension and than ``input`` in those other than ``dim``. Its values are
        positions along ``dim`` of ``input``.
    src : Tensor
        The values to add, of ``input``'s dtype; only its part covered by
        ``index``'s shape is used.

    Returns
    -------
    Tensor
        ``input``'s shape; the gradient of ``input`` passes unchanged, that of
        ``src`` is the gradient gathered at the positions it was added to.

    Examples
    --------
    >>> import minigrad
    >>> counts = minigrad.zeros(3)
    >>> minigrad.scatter_add(counts, 0, minigrad.tensor([0, 2, 0]), minigrad.ones(3))
    tensor([2., 0., 1.])
    """
    if not isinstance(src, Tensor):
        raise TypeError(f"scatter_add: src must be a Tensor, got {type(src).__name__}")
    if isinstance(input, Tensor) and input.ndim == 0:  # a 0-d input counts as 1-d
        return scatter_add(input.reshape(1), dim, _as_1d(index), _as_1d(src)).reshape(())
    axis, idx, src = _scatter_args("scatter_add", input, dim, index, src)
    return ScatterAdd.apply(input, src, axis, idx)


@accepts_axis
def take_along_dim(input, indices, dim=None):
    """Values of ``input`` at ``indices`` along ``dim``, broadcasting the other dimensions.

    Without ``dim``, ``indices`` index the flattened ``input``. With it, this
    is :func:`gather` after broadcasting ``input`` and ``indices`` in every
    dimension but ``dim``: the companion of ``argsort`` and ``argmax(keepdim=True)``.

    Parameters
    ----------
    input : Tensor
        The values to pick from.
    indices : Tensor
        int64 positions. With ``dim``, it has as many dimensions as ``input`` and
        broadcasts with it in every dimension but ``dim``; without, it indexes the
        flattened ``input`` and may have any shape.
    dim : int, optional
        The dimension to pick along, negative values counting from the end; None
        (the default) flattens ``input`` first.

    Returns
    -------
    Tensor
        The shape of ``indices`` (after broadcasting, with ``dim``); the gradient
        is added back to the positions read.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[10.0, 30.0, 20.0], [60.0, 40.0, 50.0]])
    >>> best = x.argmax(dim=1, keepdim=True)
    >>> minigrad.take_along_dim(x, best, dim=1)
    tensor([[30.],
            [60.]])
    >>> minigrad.take_along_dim(x, minigrad.tensor([5, 0]))
    tensor([50., 10.])
    """
    _tensor(input, "take_along_dim")
    idx = _index_array(indices, "take_along_dim")
    if dim is None:
        flat = input.reshape(-1)
        _check_range("take_along_dim", idx, flat.shape[0], 0)
        return Gather.apply(flat, 0, idx.reshape(-1))
    axis = normalize_dim(dim, input.ndim, "take_along_dim")
    if idx.ndim != input.ndim:
        raise ValueError(
            f"take_along_dim: input and indices should have the same number of dimensions, "
            f"got {input.ndim} and {idx.ndim}"
        )
    try:
        shape = np.broadcast_shapes(input.shape[:axis] + (1,) + input.shape[axis + 1:],
                                    idx.shape[:axis] + (1,) + idx.shape[axis + 1:])
    except ValueError:
        raise ValueError(
            f"take_along_dim: input {_dims(input.shape)} and indices {_dims(idx.shape)} are not "
            f"broadcastable outside dim {axis}"
        ) from None
    input_shape = shape[:axis] + (input.shape[axis],) + shape[axis + 1:]
    index_shape = shape[:axis] + (idx.shape[axis],) + shape[axis + 1:]
    idx = np.broadcast_to(idx, index_shape)
    _check_range("take_along_dim", idx, input.shape[axis], axis)
    return Gather.apply(input.expand(input_shape), axis, idx)


def take(input, index):
    """The elements of ``input``, seen as 1-d in row-major order, at the positions ``index``.

    Parameters
    ----------
    input : Tensor
        The values to pick from, of any shape.
    index : Tensor
        int64 positions into the flattened ``input``, in ``[-input.numel(),
        input.numel())``; negative values count from the end.

    Returns
    -------
    Tensor
        The shape of ``index``; the gradient is added back to the positions read.

    Raises
    ------
    IndexError
        If a position lies outside the flattened ``input``.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[4.0, 3.0, 5.0], [6.0, 7.0, 8.0]])
    >>> minigrad.take(x, minigrad.tensor([[0, 2], [-1, 4]]))
    tensor([[4., 5.],
            [8., 7.]])
    """
    _tensor(input, "take")
    idx = _index_array(index, "take")
    size = input._data.size
    if idx.size and (idx.min() < -size or idx.max() >= size):
        bad = idx.min() if idx.min() < -size else idx.max()
        raise IndexError(f"take: index {int(bad)} is out of range for a tensor of {size} "
                         f"elements (shape {_dims(input.shape)})")
    flat = np.where(idx < 0, idx + size, idx).reshape(-1)
    return Gather.apply(input.reshape(-1), 0, flat).reshape(idx.shape)

def fill_diagonal(input, fill_value, wrap=False):
    """``input`` with ``fill_value`` on its main diagonal; :meth:`Tensor.fill_diagonal_` in place.

    Parameters
    ----------
    input : Tensor
        A matrix, or a tensor of more dimensions that all have one size; the
        diagonal holds the elements whose indices are all equal.
    fill_value : number
        The value written.
    wrap : bool, default False
        For a matrix taller than wide: start the diagonal again after each
        ``columns + 1`` rows (NumPy's and PyTorch's wrap), instead of stopping
        at the last column.

    Returns
    -------
    Tensor
        Of ``input``'s shape and dtype; the gradient passes where no value was written.

    Raises
    ------
    ValueError
        If ``input`` has fewer than 2 dimensions, or more than 2 of different sizes.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.zeros(4, 2).fill_diagonal_(5.0, wrap=True)
    tensor([[5., 0.],
            [0., 5.],
            [0., 0.],
            [5., 0.]])
    """
    _tensor(input, "fill_diagonal_")
    if isinstance(fill_value, (bool, np.bool_)) or not isinstance(fill_value, numbers.Number):
        raise TypeError(f"fill_diagonal_: fill_value must be a number, got {fill_value!r}")
    if input.ndim < 2:
        raise ValueError(f"fill_diagonal_: expected a tensor with at least 2 dimensions, got "
                         f"{input.ndim}")
    if input.ndim > 2 and len(set(input.shape)) != 1:
        raise ValueError(f"fill_diagonal_: all dimensions of a tensor with more than 2 must "
                         f"have one size, got shape {_dims(input.shape)}")
    mask = np.zeros(input.shape, np.bool_)
    np.fill_diagonal(mask, True, wrap=bool(wrap))
    return masked_fill(input, Tensor._make(mask, False), fill_value)

def masked_select(input, mask):
    """The elements of ``input`` where ``mask`` is True, as a 1-d tensor.

    ``input`` and ``mask`` broadcast together; the gradient flows back to the
    selected elements.

    Parameters
    ----------
    input : Tensor
        The values to pick from.
    mask : Tensor
        bool, with a shape that broadcasts with ``input``'s; True marks the
        elements to keep.

    Returns
    -------
    Tensor
        1-d, the selected elements of the broadcast ``input`` in row-major order;
        the gradient flows back to them (summed where broadcasting repeated one).

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, -2.0], [-3.0, 4.0]])
    >>> minigrad.masked_select(x, x > 0)
    tensor([1., 4.])
    """
    _tensor(input, "masked_select")
    cond = _bool_mask(mask, "masked_select", "mask")
    try:
        shape = np.broadcast_shapes(input.shape, cond.shape)
    except ValueError:
        raise ValueError(
            f"masked_select: shapes {_dims(input.shape)} and {_dims(cond.shape)} of input and "
            f"mask are not broadcastable"
        ) from None
    return input.expand(shape)[Tensor._make(np.broadcast_to(cond, shape), False)]


@accepts_axis
def index_select(input, dim, index):
    """The slices of ``input`` along ``dim`` at the positions in ``index``.

    Parameters
    ----------
    input : Tensor
        The values to pick from.
    dim : int
        The dimension ``index`` runs along, negative values counting from the end.
    index : Tensor
        1-d (or 0-d) int64 or int32; positions may repeat.

    Returns
    -------
    Tensor
        ``input``'s shape with ``len(index)`` along ``dim``. The gradient is
        added back to the slices read.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> minigrad.index_select(x, 1, minigrad.tensor([2, 0]))
    tensor([[3., 1.],
            [6., 4.]])
    """
    axis, idx = _index_1d("index_select", input, dim, index)
    if input.ndim == 0:
        return IndexSelect.apply(input.reshape(1), 0, idx).reshape(())
    return IndexSelect.apply(input, axis, idx)


@accepts_axis
def index_add(input, dim, index, source, *, alpha=1):
    """``input`` with ``alpha * source`` added to the slices along ``dim`` named by ``index``.

    ``out[..., index[i], ...] += alpha * source[..., i, ...]``; repeated
    positions add up.

    Parameters
    ----------
    input : Tensor
        The tensor added to; it is not modified.
    dim : int
        The dimension ``index`` runs along, negative values counting from the end.
    index : Tensor
        1-d int64 or int32.
    source : Tensor
        ``input``'s dtype and shape, with ``len(index)`` along ``dim``.
    alpha : number, default 1
        The multiplier of ``source`` (keyword only).

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.zeros(3, 2)
    >>> minigrad.index_add(x, 0, minigrad.tensor([0, 2, 0]), minigrad.ones(3, 2), alpha=2)
    tensor([[4., 4.],
            [0., 0.],
            [2., 2.]])
    """
    axis, idx = _index_1d("index_add", input, dim, index)
    _tensor(source, "index_add", "source")
    if source._data.dtype != input._data.dtype:
        raise TypeError(
            f"index_add: expected source to have the input's dtype {input._data.dtype}, "
            f"got {source._data.dtype}"
        )
    if input.ndim == 0:  # a 0-d input counts as 1-d
        return index_add(input.reshape(1), dim, index.reshape(-1), source.reshape(-1),
                         alpha=alpha).reshape(())
    expected = input.shape[:axis] + (idx.shape[0],) + input.shape[axis + 1:]
    if source.shape != expected:
        raise ValueError(
            f"index_add: source should have shape {_dims(expected)} (input {_dims(input.shape)} "
            f"with {idx.shape[0]} along dim {axis}), got {_dims(source.shape)}"
        )
    if not isinstance(alpha, (int, float, np.number)) or isinstance(alpha, bool):
        raise TypeError(f"index_add: alpha must be a number, got {type(alpha).__name__}")
    return IndexAdd.apply(input, source, axis, idx, alpha)


@accepts_axis
def index_fill(input, dim, index, value):
    """``input`` with ``value`` in the slices along ``dim`` named by ``index``.

    Parameters
    ----------
    input : Tensor
        The tensor to fill; it is not modified (``Tensor.index_fill_`` is the
        in-place form).
    dim : int
        The dimension ``index`` runs along, negative values counting from the end.
    index : Tensor
        int64 or int32, 0-d or 1-d: the positions along ``dim`` to fill, each in
        ``[0, input.shape[dim])``; repeats are allowed.
    value : number or 0-d Tensor
        The value written into every selected slice; a 0-d tensor that requires
        grad receives the sum of the gradients of the filled positions.

    Returns
    -------
    Tensor
        ``input``'s shape and dtype. The filled positions pass no gradient to
        ``input``.

    Raises
    ------
    ValueError
        If ``index`` has more than one dimension.
    IndexError
        If an index is out of range.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.index_fill(minigrad.zeros(2, 3), 1, minigrad.tensor([0, 2]), -1.0)
    tensor([[-1.,  0., -1.],
            [-1.,  0., -1.]])
    """
    axis, idx = _index_1d("index_fill", input, dim, index)
    mask = np.zeros(input.shape[axis] if input.ndim else 1, np.bool_)
    mask[idx] = True
    if input.ndim:
        mask = mask.reshape((-1,) + (1,) * (input.ndim - axis - 1))
    else:
        mask = mask.reshape(())
    return masked_fill(input, Tensor._make(mask, False), value)
