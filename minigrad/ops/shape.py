"""Reshaping, reordering, joining, splitting, flipping, rolling, padding and indexing."""
import math
import numbers
import sys

import numpy as np

from minigrad._ext import patches as _patches
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim
from minigrad.ops._args import accepts_axis, check_allocation, check_int, int_sequence, is_int
from minigrad.ops.broadcast import sum_to
from minigrad.ops.elementwise import clone
from minigrad.ops.indexing import index_select, masked_fill
from minigrad.tensor import Tensor


# ---------------------------------------------------------------- argument checks
def _dims_message(shape):
    return "[" + ", ".join(map(str, shape)) + "]"


def _resolve_shape(shape, numel, op, source):
    try:
        shape = tuple(shape)
    except TypeError:
        shape = None
    if shape is None or any(isinstance(s, bool) or not isinstance(s, (int, np.integer))
                            for s in shape):
        raise TypeError(f"{op}: shape must be a sequence of ints, got {shape!r:.60}")
    shape = tuple(int(s) for s in shape)
    unknown = [i for i, s in enumerate(shape) if s == -1]
    if len(unknown) > 1:
        raise ValueError(f"{op}: only one dimension can be inferred, got shape {list(shape)}")
    if any(s < -1 for s in shape):
        raise ValueError(f"{op}: invalid shape dimension in {list(shape)}")
    known = int(math.prod([s for s in shape if s != -1]))
    if unknown:
        if known == 0 or numel % known:
            raise ValueError(f"{op}: shape {list(shape)} is invalid for input of size {numel} "
                             f"(shape {_dims_message(source)})")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise ValueError(f"{op}: shape {list(shape)} is invalid for input of size {numel} "
                         f"(shape {_dims_message(source)})")
    return shape


def _check_sequence(tensors, op):
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(f"{op}: expected a list or tuple of tensors, got {type(tensors).__name__}")
    if not tensors:
        raise ValueError(f"{op}: expected a non-empty list of tensors")
    for t in tensors:
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: expected tensors, got {type(t).__name__}")
    dtypes = {t._data.dtype for t in tensors}
    if len(dtypes) > 1:
        raise TypeError(f"{op}: expected tensors of one dtype, got {sorted(map(str, dtypes))}")
    return list(tensors)


def _is_basic(index):
    items = index if isinstance(index, tuple) else (index,)
    return all(
        isinstance(i, (int, np.integer, slice)) or i is None or i is Ellipsis for i in items
    )


def _convert_index(index):
    items = index if isinstance(index, tuple) else (index,)
    converted = []
    for item in items:
        if isinstance(item, Tensor):
            item = item._data
        elif isinstance(item, list):
            item = np.asarray(item)
        if isinstance(item, np.ndarray) and item.dtype.kind not in "iub":
            raise IndexError(
                f"getitem: tensors used as indices must be integer or bool, got dtype {item.dtype}"
            )
        if isinstance(item, bool):
            item = np.asarray(item)
        converted.append(item)
    return tuple(converted)


def _dim_list(dims, ndim, op):
    items = tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)
    axes = tuple(normalize_dim(d, ndim, op) for d in items)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{op}: dims {list(items)} has a dimension more than once")
    return axes


def _repeat_counts(repeats, length, op):
    if isinstance(repeats, Tensor):
        counts = repeats._data
        if counts.dtype.kind not in "iu":
            raise TypeError(f"{op}: repeats must be an integer tensor, got dtype {counts.dtype}")
        if counts.ndim > 1:
            raise ValueError(f"{op}: repeats must be 0-d or 1-d, got {counts.ndim} dimensions")
        if length is not None and counts.ndim == 1 and counts.shape[0] not in (1, length):
            raise ValueError(
                f"{op}: repeats must have the same size as input along dim, got {counts.shape[0]} "
                f"repeats for size {length}"
            )
        counts = counts.reshape(-1)
    elif is_int(repeats):
        counts = np.asarray([repeats])
    else:
        raise TypeError(f"{op}: repeats must be an int or a Tensor, got {type(repeats).__name__}")
    if (counts < 0).any():
        raise ValueError(f"{op}: repeats can not be negative, got {counts.tolist()}")
    if length is not None and counts.shape[0] == 1:
        counts = np.full(length, counts[0])
    return counts.astype(np.int64)


# ---------------------------------------------------------------- Functions
class Reshape(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape), None


class Permute(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, dims):
        ctx.inverse = tuple(np.argsort(dims))
        return a.transpose(dims)

    @staticmethod
    def backward(ctx, grad):
        return grad.transpose(ctx.inverse), None


class Expand(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return np.broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, grad):
        return sum_to(grad, ctx.shape), None


class Repeat(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, repeats):
        lead = len(repeats) - a.ndim
        ctx.shape = (1,) * lead + a.shape
        ctx.repeats = repeats
        ctx.original = a.shape
        return np.tile(a.reshape(ctx.shape), repeats)

    @staticmethod
    def backward(ctx, grad):
        # Split each dimension into (repeat, size) and sum over the repeats.
        split = []
        for r, s in zip(ctx.repeats, ctx.shape):
            split += [r, s]
        summed = grad.reshape(split).sum(axis=tuple(range(0, len(split), 2)))
        return summed.reshape(ctx.original), None


class Concatenate(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, axis, *arrays):
        ctx.axis = axis
        ctx.bounds = np.cumsum([x.shape[axis] for x in arrays])[:-1]
        return np.concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx, grad):
        return (None,) + tuple(np.split(grad, ctx.bounds, axis=ctx.axis))


class Pad(Function):
    """Padding. Reflect, replicate and circular padding of float tensors in at most their last
    3 dimensions run the gather and scatter kernels of ``minigrad/_ext/patches.pyx`` (where
    NumPy's ``pad`` and ``add.at`` took 2.5 to 3 times as long); the rest runs NumPy's ``pad``."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, widths, mode, value):
        ctx.widths, ctx.mode, ctx.shape, ctx.dtype = widths, mode, a.shape, a.dtype
        check_allocation("pad", "padded output", [n + lo + hi for n, (lo, hi) in
                                                  zip(a.shape, widths)], a.itemsize)
        ctx.plan = _pad_plan(a, widths, mode)
        if ctx.plan is not None:
            planes, tables, (H, W) = ctx.plan
            out = np.empty(tuple(lo + n + hi for n, (lo, hi) in zip(a.shape, widths)), a.dtype)
            _patches.pad_forward(_as_planes(a, planes), _as_planes(out, planes), *tables, H, W,
                                 get_num_threads())
            return out
        if mode == "constant":
            return np.pad(a, widths, mode="constant", constant_values=value)
        return np.pad(a, widths, mode=_NUMPY_PAD_MODES[mode])

    @staticmethod
    def backward(ctx, grad):
        if ctx.plan is not None:
            planes, tables, (H, W) = ctx.plan
            grad_in = np.empty(ctx.shape, dtype=ctx.dtype)
            _patches.pad_backward(_as_planes(grad.astype(ctx.dtype, copy=False), planes),
                                  _as_planes(grad_in, planes), *tables, H, W, get_num_threads())
            return grad_in, None, None, None
        if ctx.mode == "constant":
            inner = tuple(slice(lo, grad.shape[i] - hi) for i, (lo, hi) in enumerate(ctx.widths))
            return grad[inner], None, None, None
        return _pad_backward_by_index(grad, ctx.shape, ctx.widths, ctx.mode), None, None, None


_NUMPY_PAD_MODES = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}
_UNIT_TABLE = np.zeros(1, dtype=np.intp)


def _source_table(size, lo, hi, mode):
    """For each output index of one dimension, the input index it copies."""
    o = np.arange(-lo, size + hi, dtype=np.intp)
    if mode == "replicate":
        return np.clip(o, 0, size - 1)
    if mode == "circular":
        return o % size if size else o
    reflected = np.abs(o)  # reflect: at most one bounce, since the padding is below the size
    return np.where(reflected >= size, 2 * (size - 1) - reflected, reflected)


def _pad_plan(a, widths, mode):
    """``(planes, three source tables, (H, W))`` for the kernels, or None where NumPy pads.

    The kernels see the padded dimensions (at most 3, with unit ones in front)
    as planes of the dimensions before them flattened. Constant padding stays
    with NumPy, whose block copies beat a gather (16x64x64x64 floats by 1,
    forward and backward: 40 ms against 79 ms), as do integer tensors.
    """
    padded = [d for d, (lo, hi) in enumerate(widths) if lo or hi]
    first = padded[0] if padded else a.ndim - 1
    if (mode == "constant" or a.dtype not in (np.float32, np.float64) or a.ndim == 0
            or a.ndim - first > 3):
        return None
    lead = 3 - (a.ndim - first)
    tables = [_UNIT_TABLE] * lead + [_source_table(a.shape[d], *widths[d], mode)
                                     for d in range(first, a.ndim)]
    inner = (1,) * lead + a.shape[first:]
    return math.prod(a.shape[:first]), tables, inner[1:]


def _pad_backward_by_index(grad, shape, widths, mode):
    # Pad an array of flat input indices the same way: each output position
    # then names the input element it copied, and the gradient is scattered back.
    index = np.arange(math.prod(shape)).reshape(shape)
    source = np.pad(index, widths, mode=_NUMPY_PAD_MODES[mode])
    out = np.zeros(math.prod(shape), grad.dtype)
    np.add.at(out, source.ravel(), grad.ravel())
    return out.reshape(shape)


def _as_planes(array, planes):
    """``array`` as a C-contiguous ``(planes, plane size)`` array; a view when it already is one."""
    array = np.ascontiguousarray(array)
    return array.reshape(planes, array.size // planes if planes else 0)


class GetItem(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, index):
        ctx.shape, ctx.index = a.shape, index
        try:
            return np.asarray(a[index])
        except IndexError as error:
            raise IndexError(f"getitem: {error} (tensor of shape {_dims_message(a.shape)})") from None

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, grad.dtype)
        if _is_basic(ctx.index):
            out[ctx.index] = grad
        else:
            # Advanced indices may repeat: accumulate instead of overwrite.
            np.add.at(out, ctx.index, grad)
        return out, None


class Flip(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, axes):
        ctx.axes = axes
        return np.flip(a, axes)

    @staticmethod
    def backward(ctx, grad):
        return np.flip(grad, ctx.axes), None


class Roll(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, shifts, axes):
        ctx.shifts, ctx.axes = shifts, axes
        return np.roll(a, shifts, axes)

    @staticmethod
    def backward(ctx, grad):
        return np.roll(grad, tuple(-s for s in ctx.shifts), ctx.axes), None, None


# ---------------------------------------------------------------- public functions
def reshape(a, shape):
    """The same values in a new shape.

    Parameters
    ----------
    a : Tensor
        Any tensor.
    shape : tuple of int
        The new shape, with as many elements as ``a``; one entry may be ``-1``
        and is then inferred. ``Tensor.reshape`` also takes the sizes as
        separate arguments.

    Returns
    -------
    Tensor
        A view of ``a`` when its memory layout allows, otherwise a copy.

    Raises
    ------
    ValueError
        If the number of elements differs.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.reshape(minigrad.arange(6), (3, -1))
    tensor([[0, 1],
            [2, 3],
            [4, 5]])
    """
    _require_tensor(a, "reshape")
    return _reshape(a, shape, "reshape")


def _reshape(a, shape, op):
    shape = _resolve_shape(shape, a._data.size, op, a.shape)
    if shape == a.shape:
        return a
    return Reshape.apply(a, shape)


def view(a, shape):
    """Like :func:`reshape`, but only for contiguous tensors (the result shares memory)."""
    if not a._data.flags.c_contiguous:
        raise RuntimeError(
            "view: the tensor is not contiguous; use .reshape(...) or .contiguous().view(...)"
        )
    return _reshape(a, shape, "view")


def flatten(a, start_dim=0, end_dim=-1):
    """Merge the dimensions ``start_dim`` to ``end_dim`` (inclusive) into one.

    Parameters
    ----------
    a : Tensor
        Any tensor; a 0-d tensor becomes 1-d.
    start_dim, end_dim : int, default 0 and -1
        The first and last dimension to merge, negative values counting from
        the end; ``start_dim`` must not come after ``end_dim``.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> minigrad.flatten(minigrad.zeros(2, 3, 4), start_dim=1).shape
    minigrad.Size([2, 12])
    """
    _require_tensor(a, "flatten")
    if a.ndim == 0:
        return reshape(a, (1,))
    start = normalize_dim(start_dim, a.ndim, "flatten")
    end = normalize_dim(end_dim, a.ndim, "flatten")
    if start > end:
        raise ValueError(f"flatten: start_dim {start_dim} cannot come after end_dim {end_dim}")
    if start == end:
        return a
    # Built from the tensor's own sizes: no need to check it as a user's shape.
    shape = a._data.shape
    return Reshape.apply(a, shape[:start] + (math.prod(shape[start:end + 1]),) + shape[end + 1:])


@accepts_axis
def squeeze(a, dim=None):
    """Remove dimensions of size 1.

    Parameters
    ----------
    a : Tensor
        Any tensor.
    dim : int, optional
        Remove only this dimension, and only if its size is 1; without it,
        every dimension of size 1.

    Returns
    -------
    Tensor
        A view of ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.squeeze(minigrad.zeros(1, 3, 1)).shape
    minigrad.Size([3])
    >>> minigrad.squeeze(minigrad.zeros(1, 3, 1), dim=0).shape
    minigrad.Size([3, 1])
    """
    _require_tensor(a, "squeeze")
    if dim is None:
        shape = tuple(s for s in a.shape if s != 1)
    else:
        dims = int_sequence("squeeze", "dim", dim)
        axes = {normalize_dim(d, a.ndim, "squeeze") for d in dims} if a.ndim else set()
        shape = tuple(s for i, s in enumerate(a.shape) if not (i in axes and s == 1))
    return reshape(a, shape)


@accepts_axis
def unsqueeze(a, dim):
    """Insert a dimension of size 1 at position ``dim``.

    Parameters
    ----------
    a : Tensor
        Any tensor.
    dim : int
        The position of the new dimension, in ``[-a.ndim - 1, a.ndim]``.

    Returns
    -------
    Tensor
        A view of ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.unsqueeze(minigrad.zeros(28, 28), 0).shape   # add a channel axis
    minigrad.Size([1, 28, 28])
    """
    _require_tensor(a, "unsqueeze")
    axis = normalize_dim(dim, a.ndim + 1, "unsqueeze")
    return reshape(a, a.shape[:axis] + (1,) + a.shape[axis:])


def contiguous(a):
    """A C-contiguous copy of ``a``, recorded."""
    return clone(a)


def permute(a, dims):
    """Reorder the dimensions: dimension ``i`` of the result is dimension ``dims[i]`` of ``a``.

    Parameters
    ----------
    a : Tensor
        Any tensor.
    dims : tuple of int
        A permutation of the dimensions. ``Tensor.permute`` also takes them as
        separate arguments.

    Returns
    -------
    Tensor
        A view of ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.permute(minigrad.zeros(2, 3, 4), (2, 0, 1)).shape
    minigrad.Size([4, 2, 3])
    """
    _require_tensor(a, "permute")
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"permute: dims must be a sequence of ints, got {type(dims).__name__}")
    dims = int_sequence("permute", "dims", dims)
    dims = tuple(normalize_dim(d, a.ndim, "permute") for d in dims) if a.ndim else tuple(dims)
    if sorted(dims) != list(range(a.ndim)):
        raise ValueError(
            f"permute: dims {list(dims)} are not a permutation of the {a.ndim} dimensions "
            f"of a tensor of shape {_dims_message(a.shape)}"
        )
    return Permute.apply(a, dims)


def transpose(a, dim0, dim1):
    """Swap dimensions ``dim0`` and ``dim1``.

    Parameters
    ----------
    a : Tensor
        Any tensor.
    dim0, dim1 : int
        The two dimensions to swap, negative values counting from the end;
        they may be equal.

    Returns
    -------
    Tensor
        A view of ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.transpose(minigrad.arange(6.).reshape(2, 3), 0, 1)
    tensor([[0., 3.],
            [1., 4.],
            [2., 5.]])
    """
    _require_tensor(a, "transpose")
    return _transpose(a, dim0, dim1, "transpose")


def _transpose(a, dim0, dim1, op):
    if a.ndim == 0:
        return a
    d0 = normalize_dim(dim0, a.ndim, op)
    d1 = normalize_dim(dim1, a.ndim, op)
    dims = list(range(a.ndim))
    dims[d0], dims[d1] = dims[d1], dims[d0]
    return Permute.apply(a, tuple(dims))


def ravel(input):
    """The elements of ``input`` in one dimension, in row-major order.

    Parameters
    ----------
    input : Tensor
        Any tensor; a 0-d tensor becomes a tensor of one element.

    Returns
    -------
    Tensor
        Of shape ``(input.numel(),)``: a view of ``input`` when it is
        contiguous, otherwise a copy.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.ravel(minigrad.tensor([[1, 2], [3, 4]]))
    tensor([1, 2, 3, 4])
    """
    _require_tensor(input, "ravel")
    return reshape(input, (-1,))


def unflatten(input, dim, sizes):
    """Split dimension ``dim`` of ``input`` into several of the given ``sizes``.

    Parameters
    ----------
    input : Tensor
        A tensor with at least one dimension.
    dim : int
        The dimension to split, negative values counting from the end.
    sizes : sequence of int
        The new dimensions; their product must equal ``input.shape[dim]``.
        One of them may be ``-1`` and is then inferred.

    Returns
    -------
    Tensor
        A view of ``input`` when its memory layout allows, otherwise a copy.

    Raises
    ------
    ValueError
        If ``sizes`` is empty or its product differs from the size of ``dim``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.unflatten(minigrad.zeros(2, 12), 1, (3, -1)).shape
    minigrad.Size([2, 3, 4])
    """
    _require_tensor(input, "unflatten")
    axis = normalize_dim(dim, input.ndim, "unflatten")
    if not isinstance(sizes, (tuple, list)):
        raise TypeError(f"unflatten: sizes must be a tuple or list of ints, got {sizes!r:.60}")
    sizes = int_sequence("unflatten", "sizes", tuple(sizes))
    if not sizes:
        raise ValueError("unflatten: sizes must be non-empty")
    if input.ndim == 0:
        raise ValueError("unflatten: cannot unflatten a 0-d tensor")
    size = input.shape[axis]
    try:
        sizes = _resolve_shape(sizes, size, "unflatten", (size,))
    except ValueError:
        raise ValueError(f"unflatten: sizes {list(sizes)} do not multiply to the size "
                         f"{size} of dimension {dim} of input {_dims_message(input.shape)}"
                         ) from None
    return reshape(input, input.shape[:axis] + sizes + input.shape[axis + 1:])


def _moved_dims(dims, ndim, what):
    dims = int_sequence("movedim", what, dims)
    return tuple(normalize_dim(d, ndim, "movedim") for d in dims)


def movedim(input, source, destination):
    """Move the dimensions ``source`` of ``input`` to the positions ``destination``.

    The other dimensions keep their order. ``moveaxis`` is another name of it,
    as in PyTorch and NumPy.

    Parameters
    ----------
    input : Tensor
        Any tensor.
    source : int or sequence of int
        The dimensions to move, negative values counting from the end.
    destination : int or sequence of int
        Their positions in the result, as many as ``source``.

    Returns
    -------
    Tensor
        A view of ``input``, as :func:`permute` gives.

    Raises
    ------
    ValueError
        If ``source`` and ``destination`` differ in length or repeat a dimension.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.movedim(minigrad.zeros(2, 3, 4), 0, -1).shape
    minigrad.Size([3, 4, 2])
    >>> minigrad.movedim(minigrad.zeros(2, 3, 4), (0, 1), (2, 0)).shape
    minigrad.Size([3, 4, 2])
    """
    _require_tensor(input, "movedim")
    src = _moved_dims(source, input.ndim, "source")
    dst = _moved_dims(destination, input.ndim, "destination")
    if len(src) != len(dst):
        raise ValueError(f"movedim: source ({len(src)} dims) and destination ({len(dst)} dims) "
                         f"must hold the same number of dims")
    for what, dims in (("source", src), ("destination", dst)):
        if len(set(dims)) != len(dims):
            raise ValueError(f"movedim: repeated dim in {what} {list(dims)}")
    if input.ndim == 0:
        return input
    rest = iter(d for d in range(input.ndim) if d not in src)
    placed = dict(zip(dst, src))
    order = tuple(placed[i] if i in placed else next(rest) for i in range(input.ndim))
    return Permute.apply(input, order)


def moveaxis(input, source, destination):
    """Move the dimensions ``source`` of ``input`` to ``destination`` (as :func:`movedim`).

    Parameters
    ----------
    input : Tensor
        Any tensor.
    source : int or sequence of int
        The dimensions to move, negative values counting from the end.
    destination : int or sequence of int
        Their positions in the result, as many as ``source``.

    Returns
    -------
    Tensor
        A view of ``input``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.moveaxis(minigrad.zeros(2, 3, 4), 2, 0).shape
    minigrad.Size([4, 2, 3])
    """
    return movedim(input, source, destination)


def swapaxes(input, axis0, axis1):
    """Swap dimensions ``axis0`` and ``axis1``; another name of :func:`transpose`.

    Parameters
    ----------
    input : Tensor
        Any tensor.
    axis0, axis1 : int
        The two dimensions to swap, negative values counting from the end.

    Returns
    -------
    Tensor
        A view of ``input``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.swapaxes(minigrad.zeros(2, 3, 4), 0, -1).shape
    minigrad.Size([4, 3, 2])
    """
    _require_tensor(input, "swapaxes")
    return _transpose(input, axis0, axis1, "swapaxes")


def swapdims(input, dim0, dim1):
    """Swap dimensions ``dim0`` and ``dim1``; another name of :func:`transpose`.

    Parameters
    ----------
    input : Tensor
        Any tensor.
    dim0, dim1 : int
        The two dimensions to swap, negative values counting from the end.

    Returns
    -------
    Tensor
        A view of ``input``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.swapdims(minigrad.zeros(2, 3), 0, 1).shape
    minigrad.Size([3, 2])
    """
    _require_tensor(input, "swapdims")
    return _transpose(input, dim0, dim1, "swapdims")


def narrow(input, dim, start, length):
    """The elements ``start`` to ``start + length`` (exclusive) of ``input`` along ``dim``.

    Parameters
    ----------
    input : Tensor
        A tensor with at least one dimension.
    dim : int
        The dimension to narrow, negative values counting from the end.
    start : int or Tensor
        The first index, negative values counting from the end of ``dim``; a
        0-d integer tensor is read as its value.
    length : int
        The number of elements kept, at least 0.

    Returns
    -------
    Tensor
        A view of ``input``.

    Raises
    ------
    IndexError
        If ``start`` lies outside dimension ``dim``.
    ValueError
        If ``length`` is negative or ``start + length`` exceeds the size of ``dim``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.narrow(minigrad.arange(12).reshape(3, 4), 1, 1, 2)
    tensor([[ 1,  2],
            [ 5,  6],
            [ 9, 10]])
    """
    _require_tensor(input, "narrow")
    if input.ndim == 0:
        raise ValueError("narrow: cannot be applied to a 0-d tensor")
    axis = normalize_dim(dim, input.ndim, "narrow")
    if isinstance(start, Tensor):
        if start.ndim != 0 or start._data.dtype.kind not in "iu":
            raise TypeError(f"narrow: start must be an int or a 0-d integer tensor, got a tensor "
                            f"of shape {_dims_message(start.shape)} and dtype {start.dtype}")
        start = int(start._data)
    if not is_int(start):
        raise TypeError(f"narrow: start must be an int, got {start!r}")
    if not is_int(length):
        raise TypeError(f"narrow: length must be an int, got {length!r}")
    size = input.shape[axis]
    if not -size <= start <= size:
        raise IndexError(f"narrow: start ({start}) is out of range for dimension {dim} of "
                         f"size {size}")
    start = start % size if start < 0 else int(start)
    if length < 0:
        raise ValueError(f"narrow: length must be non-negative, got {length}")
    if start + length > size:
        raise ValueError(f"narrow: start ({start}) + length ({length}) exceeds dimension {dim} "
                         f"of size {size}")
    index = (slice(None),) * axis + (slice(start, start + length),)
    return GetItem.apply(input, index)


def select(input, dim, index):
    """The slice of ``input`` at ``index`` along ``dim``, which is removed.

    Parameters
    ----------
    input : Tensor
        A tensor with at least one dimension.
    dim : int
        The dimension to index, negative values counting from the end.
    index : int
        The position along ``dim``, negative values counting from its end.

    Returns
    -------
    Tensor
        A view of ``input`` with one dimension fewer; ``input[..., index]``
        for the last dimension.

    Raises
    ------
    IndexError
        If ``index`` lies outside dimension ``dim``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.select(minigrad.arange(6).reshape(2, 3), 1, -1)
    tensor([2, 5])
    """
    _require_tensor(input, "select")
    if input.ndim == 0:
        raise IndexError("select: cannot be applied to a 0-d tensor")
    axis = normalize_dim(dim, input.ndim, "select")
    if isinstance(index, Tensor) and index.ndim == 0 and index._data.dtype.kind in "iu":
        index = int(index._data)
    if not is_int(index):
        raise TypeError(f"select: index must be an int, got {index!r}")
    size = input.shape[axis]
    if not -size <= index < size:
        raise IndexError(f"select: index {index} is out of range for dimension {dim} of size "
                         f"{size} (tensor of shape {_dims_message(input.shape)})")
    return GetItem.apply(input, (slice(None),) * axis + (int(index) % size,))


def expand(a, sizes):
    """Broadcast ``a`` to ``sizes`` without copying; ``-1`` keeps a dimension."""
    return _expand(a, sizes, "expand")


def broadcast_to(input, size):
    """``input`` broadcast to ``size`` without copying, as :meth:`Tensor.expand`.

    Parameters
    ----------
    input : Tensor
        Any tensor.
    size : int or sequence of int
        The new shape, with at least ``input.ndim`` entries; each dimension of
        ``input`` must be 1 or equal to its size, and ``-1`` keeps it.

    Returns
    -------
    Tensor
        A view of ``input``; the gradient is summed back over the broadcast dimensions.

    Raises
    ------
    ValueError
        If ``input`` does not broadcast to ``size``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.broadcast_to(minigrad.tensor([1, 2, 3]), (2, 3))
    tensor([[1, 2, 3],
            [1, 2, 3]])
    """
    return _expand(input, size, "broadcast_to")


def _expand(a, sizes, op):
    _require_tensor(a, op)
    sizes = int_sequence(op, "sizes", sizes)
    if len(sizes) < a.ndim:
        raise ValueError(
            f"{op}: the number of sizes ({len(sizes)}) must be at least the number of "
            f"dimensions of the tensor ({a.ndim})"
        )
    lead = len(sizes) - a.ndim
    shape = []
    for i, s in enumerate(sizes):
        if s == -1:
            if i < lead:
                raise ValueError(f"{op}: -1 is not allowed in a new leading dimension")
            s = a.shape[i - lead]
        elif s < 0:
            raise ValueError(f"{op}: sizes must be non-negative (or -1 to keep a dimension), "
                             f"got {list(sizes)}")
        elif i >= lead and a.shape[i - lead] not in (1, s):
            raise ValueError(
                f"{op}: the size of dimension {i} ({a.shape[i - lead]}) must match the "
                f"expanded size ({s}) when it is not 1; tensor {_dims_message(a.shape)}, "
                f"sizes {list(sizes)}"
            )
        shape.append(s)
    if math.prod(shape) * a._data.itemsize > np.iinfo(np.intp).max:
        # A view needs no memory, but NumPy cannot index one of 2**63 bytes or more.
        raise ValueError(f"{op}: a view of shape {shape} spans more than 2**63 bytes, more than "
                         f"NumPy can index")
    return Expand.apply(a, tuple(shape))


def repeat(a, repeats):
    """Tile ``a``: dimension ``i`` repeated ``repeats[i]`` times (as ``torch.Tensor.repeat``)."""
    _require_tensor(a, "repeat")
    repeats = int_sequence("repeat", "repeats", repeats)
    if len(repeats) < a.ndim:
        raise ValueError(
            f"repeat: the number of repeats ({len(repeats)}) can not be smaller than the "
            f"number of dimensions of the tensor ({a.ndim})"
        )
    if any(r < 0 for r in repeats):
        raise ValueError(f"repeat: repeats must be non-negative, got {list(repeats)}")
    return Repeat.apply(a, repeats)


def tile(input, dims):
    """``input`` repeated ``dims[i]`` times along each dimension ``i``.

    Unlike :meth:`Tensor.repeat`, ``dims`` may be shorter than ``input.ndim``:
    ones are then prepended, so ``tile(x, (2,))`` repeats the last dimension.

    Parameters
    ----------
    input : Tensor
        Any tensor.
    dims : sequence of int
        The repeat counts, none negative; with more entries than ``input.ndim``,
        new leading dimensions.

    Returns
    -------
    Tensor
        A new tensor; the gradient sums over the copies.

    Raises
    ------
    TypeError
        If ``dims`` is not a sequence of ints.
    ValueError
        If a count is negative.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.tile(x, (2,))
    tensor([[1, 2, 1, 2],
            [3, 4, 3, 4]])
    >>> minigrad.tile(minigrad.tensor([1, 2]), (2, 1)).shape
    minigrad.Size([2, 2])
    """
    _require_tensor(input, "tile")
    if not (isinstance(dims, (tuple, list)) and all(map(is_int, dims))):
        raise TypeError(f"tile: dims must be a tuple of ints, got {dims!r}")
    if any(d < 0 for d in dims):
        raise ValueError(f"tile: dims must be non-negative, got {list(dims)}")
    repeats = (1,) * (input.ndim - len(dims)) + tuple(int(d) for d in dims)
    shape = (1,) * (len(repeats) - input.ndim) + tuple(input.shape)
    check_allocation("tile", "result", [r * n for r, n in zip(repeats, shape)],
                     input._data.itemsize)
    return Repeat.apply(input, repeats)


def t(input):
    """The transpose of a tensor with at most 2 dimensions; 0-d and 1-d tensors come back as is.

    Parameters
    ----------
    input : Tensor
        A tensor with at most 2 dimensions.

    Returns
    -------
    Tensor
        A view of ``input``.

    Raises
    ------
    ValueError
        If ``input`` has more than 2 dimensions.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.t(minigrad.tensor([[1, 2, 3]]))
    tensor([[1],
            [2],
            [3]])
    """
    _require_tensor(input, "t")
    if input.ndim > 2:
        raise ValueError(f"t: expected a tensor with at most 2 dimensions, got {input.ndim}")
    return Permute.apply(input, tuple(range(input.ndim))[::-1])


@accepts_axis
def cat(tensors, dim=0):
    """Join tensors along an existing dimension.

    Parameters
    ----------
    tensors : sequence of Tensor
        Tensors of one dtype whose shapes agree except along ``dim``.
    dim : int, default 0
        The dimension to join along, negative values counting from the end.

    Returns
    -------
    Tensor
        The gradient is split back into the pieces.

    Examples
    --------
    >>> import minigrad
    >>> a, b = minigrad.zeros(2, 3), minigrad.ones(1, 3)
    >>> minigrad.cat([a, b]).shape
    minigrad.Size([3, 3])
    """
    tensors = _check_sequence(tensors, "cat")
    first = tensors[0]
    axis = normalize_dim(dim, first.ndim, "cat")
    for i, t in enumerate(tensors):
        if t.ndim != first.ndim or any(
            t.shape[d] != first.shape[d] for d in range(first.ndim) if d != axis
        ):
            raise ValueError(
                f"cat: sizes of tensors must match except in dimension {axis}; tensor 0 has "
                f"shape {_dims_message(first.shape)}, tensor {i} has {_dims_message(t.shape)}"
            )
    return Concatenate.apply(axis, *tensors)


concat = cat


@accepts_axis
def stack(tensors, dim=0):
    """Join tensors of equal shape along a new dimension.

    Parameters
    ----------
    tensors : sequence of Tensor
        Tensors of one shape and dtype.
    dim : int, default 0
        The position of the new dimension.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> minigrad.stack([minigrad.zeros(2, 3), minigrad.ones(2, 3)], dim=1).shape
    minigrad.Size([2, 2, 3])
    """
    tensors = _check_sequence(tensors, "stack")
    first = tensors[0]
    for i, t in enumerate(tensors):
        if t.shape != first.shape:
            raise ValueError(
                f"stack: expects each tensor to be equal size, but got {_dims_message(first.shape)} "
                f"at entry 0 and {_dims_message(t.shape)} at entry {i}"
            )
    axis = normalize_dim(dim, first.ndim + 1, "stack")
    return cat([unsqueeze(t, axis) for t in tensors], axis)


@accepts_axis
def split(a, split_size_or_sections, dim=0):
    """Split a tensor along ``dim`` into pieces of a given size, or of listed sizes.

    Parameters
    ----------
    a : Tensor
        The tensor to cut.
    split_size_or_sections : int or sequence of int
        An int gives pieces of that size (the last one may be smaller); a
        sequence gives the size of each piece, summing to ``a.shape[dim]``.
    dim : int, default 0
        The dimension to cut along, negative values counting from the end.

    Returns
    -------
    tuple of Tensor
        Views of ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.split(minigrad.arange(5), 2)
    (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    >>> minigrad.split(minigrad.arange(5), [1, 4])
    (tensor([0]), tensor([1, 2, 3, 4]))

    An empty dimension splits into one empty piece, as in PyTorch.
    """
    _require_tensor(a, "split")
    _check_splittable(a, "split")
    axis = normalize_dim(dim, a.ndim, "split")
    length = a.shape[axis]
    if isinstance(split_size_or_sections, (int, np.integer)):
        size = int(split_size_or_sections)
        if size < 0 or (size == 0 and length != 0):
            raise ValueError(f"split: split_size must be positive, got {size}")
        if length == 0:
            sizes = [0]
        else:
            sizes = [size] * (length // size) + ([length % size] if length % size else [])
    else:
        sizes = list(int_sequence("split", "split_size_or_sections", split_size_or_sections))
        if sum(sizes) != length or any(s < 0 for s in sizes):
            raise ValueError(
                f"split: split_sizes {sizes} do not add up to {length}, the size of dimension {axis}"
            )
    pieces = []
    start = 0
    for size in sizes:
        index = (slice(None),) * axis + (slice(start, start + size),)
        pieces.append(getitem(a, index))
        start += size
    return tuple(pieces)


@accepts_axis
def chunk(a, chunks, dim=0):
    """Split a tensor along ``dim`` into ``chunks`` pieces of equal size (the last may be smaller).

    Parameters
    ----------
    a : Tensor
        The tensor to cut.
    chunks : int
        The number of pieces wanted; fewer come back when the size does not
        allow that many.
    dim : int, default 0
        The dimension to cut along, negative values counting from the end.

    Returns
    -------
    tuple of Tensor
        Views of ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.chunk(minigrad.arange(5), 2)
    (tensor([0, 1, 2]), tensor([3, 4]))

    An empty dimension gives ``chunks`` empty pieces, as in PyTorch.
    """
    _require_tensor(a, "chunk")
    if isinstance(chunks, bool) or not isinstance(chunks, (int, np.integer)):
        raise TypeError(f"chunk: chunks must be an int, got {type(chunks).__name__}")
    if chunks <= 0:
        raise ValueError(f"chunk: chunks must be positive, got {chunks}")
    _check_splittable(a, "chunk")
    axis = normalize_dim(dim, a.ndim, "chunk")
    length = a.shape[axis]
    if length == 0:
        return tuple(getitem(a, (slice(None),) * axis + (slice(0, 0),)) for _ in range(chunks))
    return split(a, -(-length // chunks), dim)


def _pad_value(a, value):
    """``pad``'s fill value: a number that the tensor's dtype can hold (or a 1-element tensor)."""
    if isinstance(value, Tensor) and value._data.size == 1:
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"pad: value must be a real number, got {value!r}")
    if a._data.dtype.kind in "iub" and not math.isfinite(value):
        raise ValueError(f"pad: cannot fill a {a._data.dtype} tensor with {value}")
    return value


def _require_tensor(a, op):
    if not isinstance(a, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(a).__name__}")


def _check_splittable(a, op):
    if a.ndim == 0:
        raise ValueError(f"{op}: expected a tensor with at least 1 dimension, got a 0-d tensor")


def pad(input, pad, mode="constant", value=None):
    """Pad the last dimensions of a tensor, as ``torch.nn.functional.pad``.

    Parameters
    ----------
    input : Tensor
        The tensor to pad, of any dtype, with at least ``len(pad) // 2``
        dimensions.
    pad : sequence of int
        (left, right) pairs starting from the last dimension: ``(1, 1)`` pads
        the last dimension by one on each side, ``(1, 1, 2, 2)`` also the
        second-to-last by two. In constant and circular modes negative values
        crop; circular mode then wraps around what remains, as PyTorch does.
    mode : {'constant', 'reflect', 'replicate', 'circular'}, default 'constant'
        Fill with ``value``; mirror the tensor without repeating the edge;
        repeat the edge; or wrap around.
    value : float, optional
        The fill value of constant mode; 0 when None.

    Returns
    -------
    Tensor
        Differentiable; the gradient of a padded element flows back to the
        element it was copied from.

    Raises
    ------
    ValueError
        For an odd number of pad values or more pairs than dimensions, an
        unknown mode, negative padding in reflect or replicate mode, a crop
        larger than the size, reflect padding not smaller than the size, or
        circular padding larger than the (cropped) size.

    Notes
    -----
    PyTorch pads in reflect, replicate and circular modes only inputs of
    ``n + 1`` or ``n + 2`` dimensions for ``n`` padded ones (``n`` at most 3);
    minigrad pads the last ``n`` dimensions of an input of any rank in every
    mode.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> x = minigrad.tensor([[[1.0, 2.0, 3.0]]])
    >>> F.pad(x, (1, 2))
    tensor([[[0., 1., 2., 3., 0., 0.]]])
    >>> F.pad(x, (2, 2), mode="reflect")
    tensor([[[3., 2., 1., 2., 3., 2., 1.]]])
    >>> F.pad(x, (1, 1), mode="replicate")
    tensor([[[1., 1., 2., 3., 3.]]])
    >>> F.pad(x, (1, 1), mode="circular")
    tensor([[[3., 1., 2., 3., 1.]]])
    """
    _require_tensor(input, "pad")
    a = input
    value = 0.0 if value is None else _pad_value(a, value)
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise ValueError(
            f"pad: mode must be one of 'constant', 'reflect', 'replicate', 'circular', got {mode!r}"
        )
    if not isinstance(pad, (tuple, list)) or not all(map(is_int, pad)):
        raise TypeError(f"pad: pad must be a tuple of ints, got {pad!r}")
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2 or len(pad) // 2 > a.ndim:
        raise ValueError(
            f"pad: padding length must be even and at most twice the number of dimensions "
            f"({a.ndim}), got {len(pad)}"
        )
    n = len(pad) // 2
    widths = [(0, 0)] * (a.ndim - n) + [(pad[2 * i], pad[2 * i + 1]) for i in reversed(range(n))]
    if mode in ("constant", "circular") and any(lo < 0 or hi < 0 for lo, hi in widths):
        a, widths = _crop(a, widths, pad)
    out_shape = [max(lo, 0) + size + max(hi, 0) for size, (lo, hi) in zip(a.shape, widths)]
    # Non-zero sizes only: NumPy refuses such a shape even when another size is 0.
    if math.prod(n for n in out_shape if n) > sys.maxsize // a._data.dtype.itemsize:
        raise ValueError(f"pad: the output of shape {out_shape} would be too large to allocate "
                         f"(input {_dims_message(a.shape)}, pad {pad})")
    if mode == "constant":
        return Pad.apply(a, tuple(widths), mode, value)
    for d, (lo, hi) in enumerate(widths):
        if lo < 0 or hi < 0:
            raise ValueError(f"pad: negative padding is supported only in constant and "
                             f"circular modes, got {pad} in {mode} mode")
        size = a.shape[d]
        if mode == "reflect" and (lo or hi) and (lo >= size or hi >= size):
            raise ValueError(
                f"pad: padding ({lo}, {hi}) must be smaller than the size {size} of "
                f"dimension {d} in reflect mode (input {_dims_message(a.shape)})"
            )
        if mode == "circular" and (lo > size or hi > size):
            raise ValueError(
                f"pad: padding ({lo}, {hi}) must be at most the size {size} of "
                f"dimension {d} in circular mode (input {_dims_message(a.shape)})"
            )
        if size == 0 and (lo or hi):
            raise ValueError(f"pad: cannot pad an empty dimension {d} in {mode} mode")
    return Pad.apply(a, tuple(widths), mode, value)


def _crop(a, widths, pad):
    """Negative padding crops: ``a`` cropped, and the widths left to pad what remains."""
    for d, (lo, hi) in enumerate(widths):
        if a.shape[d] + min(lo, 0) + min(hi, 0) < 0:
            raise ValueError(
                f"pad: padding ({lo}, {hi}) crops more than the size {a.shape[d]} of dimension {d} "
                f"(input {_dims_message(a.shape)}, pad {pad})"
            )
    crop = tuple(slice(max(-lo, 0), a.shape[d] - max(-hi, 0)) for d, (lo, hi) in enumerate(widths))
    return getitem(a, crop), [(max(lo, 0), max(hi, 0)) for lo, hi in widths]


def getitem(a, index):
    """``a[index]`` with ints, slices, ``None``, ``...``, integer arrays and bool masks."""
    return GetItem.apply(a, _convert_index(index))


def flip(input, dims):
    """Reverse the order of the elements along each of ``dims``.

    Parameters
    ----------
    input : Tensor
        Any tensor.
    dims : int or sequence of int
        The dimensions to reverse, negative values counting from the end; each at
        most once.

    Returns
    -------
    Tensor
        A view of ``input`` (PyTorch copies); the gradient is flipped back.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.arange(6).reshape(2, 3)
    >>> minigrad.flip(x, [0, 1])
    tensor([[5, 4, 3],
            [2, 1, 0]])
    """
    _require_tensor(input, "flip")
    axes = _dim_list(dims, input.ndim, "flip")
    return Flip.apply(input, axes if input.ndim else ())


def fliplr(input):
    """Flip a tensor of at least 2 dimensions left to right (along dimension 1).

    Parameters
    ----------
    input : Tensor
        At least 2-d; dimension 1 (the columns of a matrix) is reversed.

    Returns
    -------
    Tensor
        ``input``'s shape and dtype; the gradient is flipped back.

    Raises
    ------
    ValueError
        If ``input`` has fewer than 2 dimensions.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.fliplr(minigrad.tensor([[1, 2], [3, 4]]))
    tensor([[2, 1],
            [4, 3]])
    """
    _require_tensor(input, "fliplr")
    if input.ndim < 2:
        raise ValueError(f"fliplr: input must be at least 2-d, got {input.ndim} dimension(s)")
    return Flip.apply(input, (1,))


def flipud(input):
    """Flip a tensor of at least 1 dimension upside down (along dimension 0).

    Parameters
    ----------
    input : Tensor
        At least 1-d; dimension 0 (the rows of a matrix) is reversed.

    Returns
    -------
    Tensor
        ``input``'s shape and dtype; the gradient is flipped back.

    Raises
    ------
    ValueError
        If ``input`` is 0-d.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.flipud(minigrad.tensor([[1, 2], [3, 4]]))
    tensor([[3, 4],
            [1, 2]])
    """
    _require_tensor(input, "flipud")
    if input.ndim < 1:
        raise ValueError("flipud: input must be at least 1-d, got 0 dimensions")
    return Flip.apply(input, (0,))


def rot90(input, k=1, dims=(0, 1)):
    """Rotate ``input`` by 90 degrees ``k`` times in the plane of ``dims``.

    The rotation goes from the first dimension of ``dims`` towards the
    second, as NumPy's ``rot90`` does.

    Parameters
    ----------
    input : Tensor
        A tensor with at least 2 dimensions.
    k : int, default 1
        The number of quarter turns; negative values turn the other way.
    dims : pair of int, default (0, 1)
        The two distinct dimensions spanning the plane, negative values
        counting from the end.

    Returns
    -------
    Tensor
        ``input`` rotated; the sizes of ``dims`` swap for odd ``k``.

    Raises
    ------
    ValueError
        If ``dims`` does not hold two distinct dimensions or ``input`` has fewer than 2.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.rot90(minigrad.tensor([[1, 2], [3, 4]]))
    tensor([[2, 4],
            [1, 3]])
    """
    _require_tensor(input, "rot90")
    k = check_int("rot90", "k", k)
    dims = int_sequence("rot90", "dims", dims)
    if len(dims) != 2:
        raise ValueError(f"rot90: expected 2 rotation dims, got dims={list(dims)}")
    if input.ndim < 2:
        raise ValueError(f"rot90: expected a tensor with at least 2 dimensions, got {input.ndim}")
    first, second = (normalize_dim(d, input.ndim, "rot90") for d in dims)
    if first == second:
        raise ValueError(f"rot90: expected two different rotation dims, got dims={list(dims)}")
    turns = k % 4
    if turns == 1:
        return _transpose(flip(input, (second,)), first, second, "rot90")
    if turns == 2:
        return flip(input, (first, second))
    if turns == 3:
        return _transpose(flip(input, (first,)), first, second, "rot90")
    return clone(input)

def roll(input, shifts, dims=None):
    """Shift the elements along ``dims`` circularly: those pushed off one end re-enter at the other.

    Parameters
    ----------
    input : Tensor
        Any tensor; elements shifted past the end come back at the start.
    shifts : int or sequence of int
        How far to shift, one per dimension in ``dims``.
    dims : int or sequence of int, optional
        Without it, the tensor is flattened, rolled and given back its shape.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.arange(6).reshape(2, 3)
    >>> minigrad.roll(x, 1)
    tensor([[5, 0, 1],
            [2, 3, 4]])
    >>> minigrad.roll(x, (1, -1), (0, 1))
    tensor([[4, 5, 3],
            [1, 2, 0]])
    """
    _require_tensor(input, "roll")
    shift_list = tuple(shifts) if isinstance(shifts, (tuple, list)) else (shifts,)
    for s in shift_list:
        if not is_int(s):
            raise TypeError(f"roll: shifts must be ints, got {type(s).__name__}")
    if dims is None:
        if len(shift_list) != 1:
            raise ValueError(f"roll: without dims, shifts must be one int, got {list(shift_list)}")
        return reshape(Roll.apply(reshape(input, (-1,)), shift_list, (0,)), input.shape)
    axes = tuple(normalize_dim(d, input.ndim, "roll")
                 for d in (tuple(dims) if isinstance(dims, (tuple, list)) else (dims,)))
    if len(axes) != len(shift_list):
        raise ValueError(
            f"roll: shifts and dimensions must align, got {len(shift_list)} shifts and "
            f"{len(axes)} dims"
        )
    if input.ndim == 0:
        return input.clone()
    return Roll.apply(input, tuple(int(s) for s in shift_list), axes)


def _triangle(input, diagonal, lower, op):
    _require_tensor(input, op)
    if input.ndim < 2:
        raise ValueError(f"{op}: input tensor must have at least 2 dimensions, got {input.ndim}")
    if not is_int(diagonal):
        raise TypeError(f"{op}: diagonal must be an int, got {type(diagonal).__name__}")
    rows, cols = input.shape[-2:]
    keep = np.tri(rows, cols, int(diagonal), dtype=np.bool_)
    if not lower:
        keep = ~np.tri(rows, cols, int(diagonal) - 1, dtype=np.bool_)
    return masked_fill(input, Tensor._make(~keep, False), 0)


def tril(input, diagonal=0):
    """The lower triangle of the last two dimensions; the rest set to zero.

    Parameters
    ----------
    input : Tensor
        At least 2-d; a batch of matrices in the leading dimensions.
    diagonal : int, default 0
        Keep the elements on and below this diagonal: 0 is the main one,
        positive values above it, negative values below.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.tril(minigrad.ones(3, 3))
    tensor([[1., 0., 0.],
            [1., 1., 0.],
            [1., 1., 1.]])
    >>> minigrad.tril(minigrad.ones(2, 3), diagonal=1)
    tensor([[1., 1., 0.],
            [1., 1., 1.]])
    """
    return _triangle(input, diagonal, True, "tril")


def triu(input, diagonal=0):
    """The upper triangle of the last two dimensions; the rest set to zero.

    Parameters
    ----------
    input : Tensor
        At least 2-d; a batch of matrices in the leading dimensions.
    diagonal : int, default 0
        Keep the elements on and above this diagonal: 0 is the main one,
        positive values above it, negative values below.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.triu(minigrad.ones(3, 3), diagonal=1)
    tensor([[0., 1., 1.],
            [0., 0., 1.],
            [0., 0., 0.]])
    """
    return _triangle(input, diagonal, False, "triu")


@accepts_axis
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Repeat each element (or each slice along ``dim``) ``repeats`` times in place.

    Unlike :meth:`Tensor.repeat`, which tiles the whole tensor, each element
    is followed by its copies: ``[1, 2]`` repeated twice is ``[1, 1, 2, 2]``.

    Parameters
    ----------
    input : Tensor
        The tensor whose elements are repeated.
    repeats : int or Tensor
        One count for all, or one non-negative count per element along ``dim``.
    dim : int, optional
        Without it, the tensor is flattened first.
    output_size : int, optional
        The length of the result along ``dim``, checked if given.

    Returns
    -------
    Tensor
        Differentiable: each element receives the sum of its copies' gradients.
        ``repeat_interleave(repeats)`` with a 1-d int tensor alone repeats
        ``arange(len(repeats))``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.repeat_interleave(minigrad.tensor([1, 2]), 2)
    tensor([1, 1, 2, 2])
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.repeat_interleave(x, minigrad.tensor([1, 2]), dim=0)
    tensor([[1, 2],
            [3, 4],
            [3, 4]])
    >>> minigrad.repeat_interleave(minigrad.tensor([2, 0, 1]))
    tensor([0, 0, 2])
    """
    _require_tensor(input, "repeat_interleave")
    if repeats is None:
        counts = _repeat_counts(input, None, "repeat_interleave")
        return Tensor._make(np.repeat(np.arange(len(counts), dtype=np.int64), counts), False)
    if dim is None:
        input, axis = reshape(input, (-1,)), 0
    else:
        axis = normalize_dim(dim, input.ndim, "repeat_interleave")
        if input.ndim == 0:
            input = reshape(input, (1,))
    length = input.shape[axis]
    counts = _repeat_counts(repeats, length, "repeat_interleave")
    source = np.repeat(np.arange(length, dtype=np.int64), counts)
    if output_size is not None and output_size != source.shape[0]:
        raise ValueError(
            f"repeat_interleave: output_size {output_size} does not match the {source.shape[0]} "
            f"elements the repeats give"
        )
    return index_select(input, axis, Tensor._make(source, False))
