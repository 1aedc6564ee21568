"""Embedding lookups and one-hot encoding.

As every op family: the argument checks, the Function (the lookup: a row
gather forward, a scatter-add of the rows' gradients backward, in NumPy),
then the public functions.

The lookup's backward adds each output row's gradient into the row of the
weight it came from (``np.add.at``, so repeated indices accumulate), skips
``padding_idx``, and with ``scale_grad_by_freq`` divides each row's
gradient by how often its index occurs in the batch, as PyTorch does.
"""
import numpy as np

from minigrad.autograd.function import Function
from minigrad.ops._args import check_int, check_number, is_int
from minigrad.tensor import Tensor

__all__ = ["embedding", "one_hot"]


# ---------------------------------------------------------------- argument checks
def _check_indices(op, input):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: input must be a Tensor of indices, got {type(input).__name__}")
    if input._data.dtype.kind not in "iu":
        raise TypeError(
            f"{op}: expected an integer tensor of indices (int64 or int32), got dtype "
            f"{input._data.dtype}"
        )


def _check_padding_idx(op, padding_idx, num_embeddings):
    """``padding_idx`` as a non-negative row, or None; negative counts from the end."""
    if padding_idx is None:
        return None
    check_int(op, "padding_idx", padding_idx)
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise ValueError(
            f"{op}: padding_idx must be within num_embeddings ({num_embeddings}), got "
            f"padding_idx={padding_idx}"
        )
    return padding_idx % num_embeddings


def _check_in_range(op, indices, num_embeddings):
    if indices.size and (indices.min() < 0 or indices.max() >= num_embeddings):
        bad = indices[(indices < 0) | (indices >= num_embeddings)].flat[0]
        raise IndexError(
            f"{op}: index {bad} is out of range for a weight of {num_embeddings} rows"
        )


# ---------------------------------------------------------------- the Function
class Embedding(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.indices, ctx.weight_shape = indices, weight.shape
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        return weight[indices]

    @staticmethod
    def backward(ctx, grad):
        indices = ctx.indices.reshape(-1)
        rows = grad.reshape(indices.size, ctx.weight_shape[1])
        if ctx.scale_grad_by_freq:
            counts = np.bincount(indices, minlength=ctx.weight_shape[0])
            rows = rows / counts[indices][:, None]
        grad_weight = np.zeros(ctx.weight_shape, grad.dtype)
        np.add.at(grad_weight, indices, rows)
        if ctx.padding_idx is not None:
            grad_weight[ctx.padding_idx] = 0
        return grad_weight, None, None, None


def _renorm_(weight, indices, max_norm, norm_type):
    """Scale, in place and unrecorded, the looked-up rows whose norm exceeds ``max_norm``."""
    rows = np.unique(indices)
    data = weight._data
    selected = data[rows]
    if np.isinf(norm_type):
        norms = np.abs(selected).max(axis=1, initial=0)
    else:
        norms = (np.abs(selected) ** norm_type).sum(axis=1) ** (1.0 / norm_type)
    over = norms > max_norm
    if over.any():
        # PyTorch's factor, with its 1e-7 guard against landing just above max_norm.
        scale = (max_norm / (norms[over] + 1e-7)).astype(data.dtype)
        data[rows[over]] = selected[over] * scale[:, None]
        weight._vc[0] += 1


# ---------------------------------------------------------------- public functions
def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None,
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Tensor:
    """Look up rows of ``weight``: ``weight[input]``.

    Parameters
    ----------
    input : Tensor
        Integer indices into the rows of ``weight``, any shape.
    weight : Tensor
        The table, ``(num_embeddings, embedding_dim)``.
    padding_idx : int, optional
        A row whose gradient is always 0 (it is still looked up).
    max_norm : float, optional
        Before the lookup, rescale in place every looked-up row whose
        ``norm_type``-norm is larger than this to that norm (not recorded
        by autograd, as in PyTorch).
    norm_type : float, default 2.0
        The norm ``max_norm`` refers to.
    scale_grad_by_freq : bool, default False
        Divide each row's gradient by the number of times its index occurs
        in ``input``.
    sparse : bool, default False
        Sparse gradients are not supported: must be False.

    Returns
    -------
    Tensor
        ``input.shape + (embedding_dim,)``.

    Raises
    ------
    IndexError
        For an index outside ``[0, num_embeddings)``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> table = minigrad.tensor([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]])
    >>> F.embedding(minigrad.tensor([[2, 1], [1, 1]]), table)
    tensor([[[3., 4.],
             [1., 2.]],
    <BLANKLINE>
            [[1., 2.],
             [1., 2.]]])
    """
    _check_indices("embedding", input)
    if not isinstance(weight, Tensor):
        raise TypeError(f"embedding: weight must be a Tensor, got {type(weight).__name__}")
    if weight.ndim != 2:
        raise ValueError(
            f"embedding: expected a 2-d weight (num_embeddings, embedding_dim), got shape "
            f"{list(weight.shape)}"
        )
    if sparse:
        raise ValueError("embedding: sparse gradients are not supported; use sparse=False")
    padding_idx = _check_padding_idx("embedding", padding_idx, weight.shape[0])
    indices = input._data.astype(np.intp, copy=False)
    _check_in_range("embedding", indices, weight.shape[0])
    if max_norm is not None:
        max_norm = check_number("embedding", "max_norm", max_norm)
        _renorm_(weight, indices, max_norm, check_number("embedding", "norm_type", norm_type))
    return Embedding.apply(weight, indices, padding_idx, bool(scale_grad_by_freq))


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Each index as a vector of zeros with a 1 at that index (int64).

    Parameters
    ----------
    tensor : Tensor
        Non-negative integer class indices, any shape.
    num_classes : int, default -1
        The length of the vectors; -1 means one more than the largest index.

    Returns
    -------
    Tensor
        int64, ``tensor.shape + (num_classes,)``.

    Raises
    ------
    ValueError
        For a negative index, or one not below ``num_classes``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.one_hot(minigrad.tensor([0, 2, 1]))
    tensor([[1, 0, 0],
            [0, 0, 1],
            [0, 1, 0]])
    """
    _check_indices("one_hot", tensor)
    if not is_int(num_classes):
        raise TypeError(f"one_hot: num_classes must be an int, got {num_classes!r}")
    indices = tensor._data.astype(np.int64, copy=False)
    if indices.size and indices.min() < 0:
        raise ValueError("one_hot: class values must be non-negative")
    if num_classes == -1:
        if indices.size == 0:
            raise ValueError("one_hot: can not infer the total number of classes from an "
                             "empty tensor; pass num_classes")
        num_classes = int(indices.max()) + 1
    elif num_classes < -1:
        raise ValueError(f"one_hot: num_classes must be -1 or non-negative, got {num_classes}")
    elif indices.size and indices.max() >= num_classes:
        raise ValueError(f"one_hot: class values must be smaller than num_classes "
                         f"({num_classes}), got {int(indices.max())}")
    out = np.zeros(indices.shape + (num_classes,), np.int64)
    np.put_along_axis(out, indices[..., None], 1, axis=-1)
    return Tensor._make(out, False)
