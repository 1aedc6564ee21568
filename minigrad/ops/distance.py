"""Vector norms and what is built on them: ``normalize``, ``pairwise_distance``,
``cosine_similarity``, ``dist``.

As every op family: the argument checks, the one Function (the p-norm along
a dimension, forward and backward side by side, in NumPy), then the public
functions, which compose it with elementwise ops and so need no backward of
their own.

The norm's gradient is ``x |x|^(p-2) / ||x||^(p-1)``; where the norm is 0 it
is taken as 0, as PyTorch does, instead of 0/0.
"""
import numpy as np

from minigrad.autograd.function import Function
from minigrad.autograd.grad_mode import no_grad
from minigrad.dtypes import normalize_dim
from minigrad.ops._args import check_number
from minigrad.ops.elementwise import clamp
from minigrad.ops.linalg import vector_norm
from minigrad.tensor import Tensor

__all__ = ["normalize", "pairwise_distance", "cosine_similarity"]


# ---------------------------------------------------------------- argument checks
def _check_tensor(op, name, x):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: {name} must be a Tensor, got {type(x).__name__}")
    if x._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point {name}, got dtype {x._data.dtype}")


def _check_order(op, p):
    p = check_number(op, "p", p)
    if p < 0:
        raise ValueError(f"{op}: p must be non-negative, got p={p}")
    return p


def _broadcast_shape(op, a, b):
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(
            f"{op}: the shapes of x1 {list(a.shape)} and x2 {list(b.shape)} do not broadcast"
        ) from None


# ---------------------------------------------------------------- the Function
class VectorNorm(Function):
    """``(sum |x|^p)^(1/p)`` along one axis; ``p=inf`` the largest ``|x|``, ``p=0`` the count
    of non-zeros (whose gradient is 0)."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, p, axis, keepdim):
        a = np.abs(x)
        if p == 0:
            out = (a != 0).sum(axis=axis, keepdims=True).astype(x.dtype)
        elif np.isinf(p):
            out = a.max(axis=axis, keepdims=True, initial=0)
        elif p == 1:
            out = a.sum(axis=axis, keepdims=True)
        elif p == 2:
            out = np.sqrt((x * x).sum(axis=axis, keepdims=True))
        else:
            out = (a ** p).sum(axis=axis, keepdims=True) ** (1.0 / p)
        out = out.astype(x.dtype, copy=False)
        ctx.save_for_backward(x, out)
        ctx.p, ctx.axis, ctx.keepdim = p, axis, keepdim
        return out if keepdim else np.squeeze(out, axis)

    @staticmethod
    def backward(ctx, grad):
        x, norm = ctx.saved_tensors
        p = ctx.p
        if not ctx.keepdim:
            grad = np.expand_dims(grad, ctx.axis)
        with np.errstate(divide="ignore", invalid="ignore"):
            if p == 0:
                local = np.zeros_like(x)
            elif np.isinf(p):
                winners = (np.abs(x) == norm) & (norm > 0)
                count = winners.sum(axis=ctx.axis, keepdims=True)
                local = np.sign(x) * winners / np.maximum(count, 1)
            elif p == 1:
                local = np.sign(x)
            elif p == 2:
                local = np.where(norm > 0, x / norm, 0)
            else:
                local = np.where(norm > 0, x * np.abs(x) ** (p - 2) / norm ** (p - 1), 0)
        return (local * grad).astype(x.dtype, copy=False), None, None, None


def _vector_norm(x, p, dim, keepdim):
    return VectorNorm.apply(x, p, dim, keepdim)


# ---------------------------------------------------------------- public functions
def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12,
              out=None) -> Tensor:
    """``input`` divided by its ``p``-norm along ``dim``: ``x / max(||x||_p, eps)``.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor of any shape.
    p : float, default 2.0
        The order of the norm (``float('inf')`` for the largest magnitude).
    dim : int or tuple of int, default 1
        The dimension along which every vector is scaled to norm 1.
    eps : float, default 1e-12
        The smallest norm divided by, so a zero vector stays zero.
    out : None
        Not supported (PyTorch's output tensor); must be None.

    Returns
    -------
    Tensor
        ``input``'s shape.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.normalize(minigrad.tensor([[3.0, 4.0], [0.0, 0.0]]))
    tensor([[0.6000, 0.8000],
            [0.0000, 0.0000]])
    """
    _check_tensor("normalize", "input", input)
    p = _check_order("normalize", p)
    eps = check_number("normalize", "eps", eps)
    if out is not None:
        raise ValueError("normalize: out= is not supported")
    if input.ndim == 0:
        dims = []
    else:
        dims = [dim] if not isinstance(dim, (tuple, list)) else list(dim)
    axes = tuple(sorted(normalize_dim(d, max(input.ndim, 1), "normalize") for d in dims))
    if input.ndim == 0:
        norm = input.abs() if p != 0 else (input != 0).astype(input.dtype)
    elif len(axes) == 1:
        norm = _vector_norm(input, p, axes[0], True)
    else:
        # Several dimensions: move them last and flatten them into one.
        rest = [i for i in range(input.ndim) if i not in axes]
        moved = input.permute(rest + list(axes))
        flat = moved.reshape(tuple(moved.shape[:len(rest)]) + (-1,))
        norm = _vector_norm(flat, p, -1, True)
        shape = [1 if i in axes else input.shape[i] for i in range(input.ndim)]
        norm = norm.reshape(shape)
    return input / clamp(norm, min=eps)


def pairwise_distance(x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Tensor:
    """The ``p``-norm distance between rows: ``||x1 - x2 + eps||_p`` along the last dimension.

    Parameters
    ----------
    x1, x2 : Tensor
        Floating-point tensors that broadcast, ``(N, D)`` or ``(D,)``.
    p : float, default 2.0
        The order of the norm.
    eps : float, default 1e-6
        Added to the difference, so the gradient is defined where ``x1 == x2``.
    keepdim : bool, default False
        Keep the last dimension, with size 1.

    Returns
    -------
    Tensor
        ``(N,)`` (or ``(N, 1)`` with ``keepdim``); 0-d for 1-d inputs.

    Shape
    -----
    - Input1: ``(N, D)`` or ``(D,)``; Input2: the same or broadcastable
    - Output: ``(N)`` or ``()``

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.pairwise_distance(minigrad.tensor([[3.0, 4.0]]), minigrad.tensor([[0.0, 0.0]]), eps=0.0)
    tensor([5.])
    """
    _check_tensor("pairwise_distance", "x1", x1)
    _check_tensor("pairwise_distance", "x2", x2)
    p = _check_order("pairwise_distance", p)
    eps = check_number("pairwise_distance", "eps", eps)
    shape = _broadcast_shape("pairwise_distance", x1, x2)
    if len(shape) == 0:
        raise ValueError("pairwise_distance: expected inputs of at least one dimension, got 0-d")
    return _vector_norm(x1 - x2 + eps, p, len(shape) - 1, keepdim)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim``.

    .. math::
        \\frac{x_1 \\cdot x_2}{\\max(\\lVert x_1 \\rVert_2, \\epsilon)
        \\max(\\lVert x_2 \\rVert_2, \\epsilon)}

    As in PyTorch, each input is divided by its clamped norm before the dot
    product; the clamp does not enter the gradient.

    Parameters
    ----------
    x1, x2 : Tensor
        Floating-point tensors that broadcast.
    dim : int, default 1
        The dimension of the vectors.
    eps : float, default 1e-8
        The smallest norm divided by.

    Returns
    -------
    Tensor
        The broadcast shape without ``dim``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.cosine_similarity(minigrad.tensor([[1.0, 0.0], [1.0, 0.0]]),
    ...                     minigrad.tensor([[0.0, 2.0], [3.0, 0.0]]))
    tensor([0., 1.])
    """
    _check_tensor("cosine_similarity", "x1", x1)
    _check_tensor("cosine_similarity", "x2", x2)
    eps = check_number("cosine_similarity", "eps", eps)
    shape = _broadcast_shape("cosine_similarity", x1, x2)
    axis = normalize_dim(dim, max(len(shape), 1), "cosine_similarity")
    if x1.shape != shape:
        x1 = x1.expand(*shape)
    if x2.shape != shape:
        x2 = x2.expand(*shape)
    norms = []
    for x in (x1, x2):
        norm = _vector_norm(x, 2, axis, True)
        with no_grad():
            # PyTorch clamps in place without recording it: the gradient treats the
            # clamped norm as the norm.
            norm._data = np.maximum(norm._data, eps).astype(norm._data.dtype)
        norms.append(norm)
    return ((x1 / norms[0]) * (x2 / norms[1])).sum(axis)


def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:
    """The ``p``-norm of ``input - other``, over all elements.

    Parameters
    ----------
    input, other : Tensor
        Floating-point tensors that broadcast together.
    p : float, default 2
        The order of the norm: any real number, ``inf`` (the largest absolute
        difference) or ``-inf`` (the smallest); 0 counts the nonzero differences.

    Returns
    -------
    Tensor
        0-d; differentiable in both inputs, as :func:`minigrad.linalg.vector_norm`.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.dist(minigrad.tensor([[1.0, 5.0]]), minigrad.tensor([4.0, 1.0]))
    tensor(5.)
    >>> minigrad.dist(minigrad.tensor([1.0, 5.0]), minigrad.tensor([4.0, 1.0]), p=float("inf"))
    tensor(4.)
    """
    _check_tensor("dist", "input", input)
    _check_tensor("dist", "other", other)
    p = check_number("dist", "p", p)
    try:
        np.broadcast_shapes(input.shape, other.shape)
    except ValueError:
        raise ValueError(f"dist: the shapes of input {list(input.shape)} and other "
                         f"{list(other.shape)} do not broadcast") from None
    return vector_norm(input - other, p)
