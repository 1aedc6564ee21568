"""Norms and singular values (``minigrad.linalg`` and ``minigrad.norm``).

Two primitives carry the gradients: :class:`VectorNorm` for ``p``-norms
(whose gradient at a zero vector is 0, the subgradient PyTorch picks) and
:class:`SingularValues` (``dS = U^T dA V``, so the gradient is
``U diag(g) V^T``). The other norms compose them with ``abs``, ``sum``,
``amax`` and ``amin``.
"""
import math

import numpy as np

from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim, resolve
from minigrad.ops import reduce as _reduce
from minigrad.ops.elementwise import abs as _abs
from minigrad.ops.shape import permute, unsqueeze
from minigrad.tensor import Tensor

_MATRIX_ORDS = ("fro", "nuc", math.inf, -math.inf, 1, -1, 2, -2)


# ---------------------------------------------------------------- argument checks
def _check_input(op, x, dtype):
    """``x`` converted to ``dtype`` if given; it must then be floating point."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(x).__name__}")
    if dtype is not None:
        x = x.astype(resolve(dtype, op))
    if x._data.dtype.kind != "f":
        raise TypeError(
            f"{op}: expected a floating-point tensor, got dtype {x._data.dtype} "
            f"(pass dtype= or convert with .float())"
        )
    return x


def _check_ord(op, ord, allowed=None):
    if isinstance(ord, bool) or not isinstance(ord, (int, float, np.integer, np.floating, str)):
        raise TypeError(f"{op}: ord must be a number or a string, got {type(ord).__name__}")
    if allowed is not None and ord not in allowed:
        raise ValueError(f"{op}: ord must be one of {list(allowed)}, got {ord!r}")
    if allowed is None and isinstance(ord, str):
        raise ValueError(f"{op}: ord must be a number for a vector norm, got {ord!r}")


def _matrix_dims(op, A, dim):
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        raise ValueError(f"{op}: dim must be a pair of ints, got {dim!r}")
    if A.ndim < 2:
        raise ValueError(
            f"{op}: expected a tensor with at least 2 dimensions, got shape {list(A.shape)}"
        )
    d0, d1 = (normalize_dim(d, A.ndim, op) for d in dim)
    if d0 == d1:
        raise ValueError(f"{op}: dim must name two different dimensions, got {dim!r}")
    return d0, d1


# ---------------------------------------------------------------- Functions
class VectorNorm(Function):
    """``sum(|x|^p)^(1/p)`` over ``axes`` for a finite ``p``; ``p = 0`` counts nonzeros."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, p, axes, keepdim):
        if p == 0:
            out = (x != 0).sum(axis=axes, keepdims=True)
        elif p == 2:
            out = np.sqrt((x * x).sum(axis=axes, keepdims=True))
        elif p == 1:
            out = np.abs(x).sum(axis=axes, keepdims=True)
        else:
            with np.errstate(divide="ignore"):
                out = (np.abs(x) ** p).sum(axis=axes, keepdims=True) ** (1.0 / p)
        out = out.astype(x.dtype, copy=False)
        ctx.save_for_backward(x, out)
        ctx.p, ctx.axes, ctx.keepdim = p, axes, keepdim
        if not keepdim:
            out = out.reshape(()) if axes is None else np.squeeze(out, axes)
        return np.asarray(out)

    @staticmethod
    def backward(ctx, grad):
        x, norm = ctx.saved_tensors
        p = ctx.p
        g = _reduce._expand_back(grad, x.shape, ctx.axes, ctx.keepdim)
        if p == 0:  # a count: piecewise constant
            return np.zeros(x.shape, grad.dtype), None, None, None
        if p == 1:
            return g * np.sign(x), None, None, None
        # d||x||/dx = sign(x) |x|^(p-1) / ||x||^(p-1); taken as 0 where x = 0
        # (p < 1 would give inf) and where the whole norm is 0, as in PyTorch.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if p == 2:
                local = x / norm
            else:
                local = np.sign(x) * np.abs(x) ** (p - 1) / norm ** (p - 1)
        local = np.where((x == 0) | (norm == 0), 0, local).astype(x.dtype, copy=False)
        return g * local, None, None, None


class SingularValues(Function):
    """The singular values of the matrices in the last two dimensions, in descending order."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a):
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        ctx.u, ctx.vh = u, vh
        return s

    @staticmethod
    def backward(ctx, grad):
        # dS_i = u_i^T dA v_i for distinct singular values.
        return np.matmul(ctx.u * grad[..., None, :], ctx.vh)


# ---------------------------------------------------------------- public functions
def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """The ``ord``-norm of ``x`` seen as a vector (over ``dim``).

    ``ord`` ``p`` gives ``sum(|x|^p)^(1/p)``; ``inf`` is ``max(|x|)``,
    ``-inf`` ``min(|x|)``, and ``0`` the number of nonzero elements.

    Parameters
    ----------
    x : Tensor
        Floating point, or converted to one by ``dtype``; any shape.
    ord : float, default 2
        The order ``p`` of the norm: any real number, ``inf`` or ``-inf``.
        Orders below 1 do not give true norms but are computed by the same formula.
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end; all of
        them when omitted (or ``()``), giving a 0-d result.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1.
    dtype : dtype, optional
        Convert ``x`` to this dtype before computing (keyword only); needed for
        integer tensors.

    Returns
    -------
    Tensor
        The gradient at a zero vector is 0 (PyTorch's subgradient); tied
        maxima share the gradient of ``inf``; the gradient of ``ord=0`` is 0.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import linalg
    >>> x = minigrad.tensor([[3.0, -4.0], [0.0, 0.0]], requires_grad=True)
    >>> linalg.vector_norm(x, dim=1)
    tensor([5., 0.], grad_fn=<VectorNormBackward>)
    >>> linalg.vector_norm(x, dim=1).sum().backward()
    >>> x.grad
    tensor([[ 0.6000, -0.8000],
            [ 0.0000,  0.0000]])
    >>> linalg.vector_norm(x, ord=float("inf"))
    tensor(4., grad_fn=<ExtremeBackward>)
    """
    op = "vector_norm"
    x = _check_input(op, x, dtype)
    _check_ord(op, ord)
    axes = _reduce._axes(dim, x.ndim, op)
    if ord == math.inf or ord == -math.inf:
        return _reduce._amax_amin(_abs(x), () if axes is None else axes, keepdim,
                                  ord > 0, op)
    if x.ndim == 0:
        axes = None
    return VectorNorm.apply(x, float(ord), axes, keepdim)


def svdvals(A):
    """The singular values of the matrices in the last two dimensions, largest first.

    Parameters
    ----------
    A : Tensor
        Floating point, with at least 2 dimensions: a matrix of shape ``(m, n)``
        or a batch ``(*, m, n)`` of them.

    Returns
    -------
    Tensor
        ``(*, min(m, n))``. The gradient assumes distinct singular values.

    Raises
    ------
    ValueError
        If ``A`` has fewer than 2 dimensions.
    TypeError
        If ``A`` is not a floating-point tensor.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import linalg
    >>> linalg.svdvals(minigrad.tensor([[3.0, 0.0], [0.0, -4.0]]))
    tensor([4., 3.])
    """
    A = _check_input("svdvals", A, None)
    if A.ndim < 2:
        raise ValueError(
            f"svdvals: expected a tensor with at least 2 dimensions, got shape {list(A.shape)}"
        )
    return SingularValues.apply(A)


def _restore_dims(out, d0, d1, keepdim):
    if keepdim:
        for d in sorted((d0, d1)):
            out = unsqueeze(out, d)
    return out


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """A norm of the matrices spanned by the two dimensions ``dim``.

    ===========  =========================================
    ``ord``      norm
    ===========  =========================================
    ``'fro'``    Frobenius: ``sqrt(sum(A^2))``
    ``'nuc'``    nuclear: the sum of the singular values
    ``inf``      the largest sum of ``|A|`` along a row
    ``-inf``     the smallest sum along a row
    ``1``        the largest sum of ``|A|`` down a column
    ``-1``       the smallest sum down a column
    ``2``        the largest singular value
    ``-2``       the smallest singular value
    ===========  =========================================

    Parameters
    ----------
    A : Tensor
        At least 2 dimensions; the others are batch dimensions. Floating point, or
        converted to one by ``dtype``.
    ord : str or float, default 'fro'
        One of the orders in the table above; any other value raises ``ValueError``.
    dim : pair of int, default (-2, -1)
        The matrix dimensions (rows, columns): two different dimensions, negative
        values counting from the end.
    keepdim : bool, default False
        Whether the two reduced dimensions stay in the result with size 1.
    dtype : dtype, optional
        Convert ``A`` to this dtype before computing (keyword only).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import linalg
    >>> A = minigrad.tensor([[1.0, -2.0], [3.0, 4.0]])
    >>> linalg.matrix_norm(A, ord=1), linalg.matrix_norm(A, ord=float("inf"))
    (tensor(6.), tensor(7.))
    """
    op = "matrix_norm"
    A = _check_input(op, A, dtype)
    _check_ord(op, ord, _MATRIX_ORDS)
    d0, d1 = _matrix_dims(op, A, dim)
    if ord == "fro":
        return VectorNorm.apply(A, 2.0, tuple(sorted((d0, d1))), keepdim)
    if ord in ("nuc", 2, -2):
        rest = [d for d in range(A.ndim) if d not in (d0, d1)]
        s = SingularValues.apply(permute(A, tuple(rest) + (d0, d1)))
        if ord == "nuc":
            out = _reduce.sum(s, -1)
        else:
            out = _reduce._amax_amin(s, -1, False, ord == 2, op)
        return _restore_dims(out, d0, d1, keepdim)
    # 1/-1 sum down the columns (over rows, d0) and pick over the columns;
    # inf/-inf the other way round.
    summed, picked = (d0, d1) if abs(ord) == 1 else (d1, d0)
    sums = _reduce.sum(_abs(A), summed, keepdim=True)
    out = _reduce._amax_amin(sums, picked, True, ord > 0, op)
    if keepdim:
        return out
    return out.squeeze(max(d0, d1)).squeeze(min(d0, d1))


def linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """A vector or a matrix norm, as ``torch.linalg.norm``.

    With an int ``dim`` (or a 1-d input and no ``dim``) it is
    :func:`vector_norm`; with a pair ``dim`` (or a 2-d input and no ``dim``)
    :func:`matrix_norm`. With neither ``ord`` nor ``dim`` it is the 2-norm of
    all elements, whatever the number of dimensions.

    Parameters
    ----------
    A : Tensor
        Floating point, or converted to one by ``dtype``.
    ord : str or float, optional
        The order. A vector norm takes a number ``p`` (``sum(|x|^p)^(1/p)``),
        ``inf`` (the largest ``|x|``) or ``-inf`` (the smallest). A matrix
        norm takes ``'fro'`` (the square root of the sum of squares),
        ``'nuc'`` (the sum of the singular values), ``2`` and ``-2`` (the
        largest and smallest singular value), ``1`` and ``-1`` (the largest
        and smallest column sum of ``|A|``), ``inf`` and ``-inf`` (the largest
        and smallest row sum). ``None`` means 2 for vectors and ``'fro'`` for
        matrices.
    dim : int or pair of int, optional
        An int (or 1-tuple) asks for a vector norm over that dimension, a pair for
        a matrix norm over those two dimensions; negative values count from the
        end. When omitted, a 1-d input gets a vector norm and a 2-d input a
        matrix norm; other inputs need ``dim`` unless ``ord`` is also omitted.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1.
    dtype : dtype, optional
        Convert ``A`` to this dtype before computing (keyword only).

    Raises
    ------
    ValueError
        With ``ord`` but no ``dim`` for an input that is neither 1-d nor 2-d.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import linalg
    >>> A = minigrad.tensor([[3.0, 0.0], [0.0, 4.0]])
    >>> linalg.norm(A), linalg.norm(A, ord=2), linalg.norm(A, dim=1)
    (tensor(5.), tensor(4.), tensor([3., 4.]))
    """
    op = "linalg.norm"
    if isinstance(dim, (tuple, list)) and len(dim) == 1:
        dim = dim[0]
    if dim is None:
        if ord is None:
            return vector_norm(A, 2, None, keepdim, dtype=dtype)
        ndim = A.ndim if isinstance(A, Tensor) else -1
        if ndim == 1:
            return vector_norm(A, ord, None, keepdim, dtype=dtype)
        if ndim == 2:
            return matrix_norm(A, ord, (-2, -1), keepdim, dtype=dtype)
        raise ValueError(
            f"{op}: with ord and no dim the input must be 1-d or 2-d, got {ndim} dimensions"
        )
    if isinstance(dim, (tuple, list)):
        return matrix_norm(A, "fro" if ord is None else ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """A norm, as ``torch.norm``: a vector norm unless ``p`` is ``'nuc'``.

    ``'fro'`` (the default) is the 2-norm over ``dim`` (every element when
    omitted); a number ``p`` is the ``p``-norm over ``dim``; ``'nuc'`` is the
    nuclear norm of the matrices in ``dim`` (a pair; the whole 2-d input
    when omitted). Prefer :func:`minigrad.linalg.vector_norm` and
    :func:`minigrad.linalg.matrix_norm`, as PyTorch recommends.

    Parameters
    ----------
    input : Tensor
        Floating point, or converted to one by ``dtype``.
    p : {'fro', 'nuc'} or float, default 'fro'
        ``'fro'`` is the square root of the sum of squares over ``dim`` (at most
        two dimensions); ``'nuc'`` the nuclear norm, the sum of the singular
        values of the matrices in ``dim``; a number ``p`` (``inf`` and ``-inf``
        included) the vector ``p``-norm ``sum(|x|^p)^(1/p)`` over ``dim``.
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end. When
        omitted, every element counts (``'nuc'`` then needs a 2-d input).
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1.
    dtype : dtype, optional
        Convert ``input`` to this dtype before computing; needed for integer tensors.

    Returns
    -------
    Tensor
        Differentiable in ``input``.

    Raises
    ------
    ValueError
        For another string ``p``, or ``'fro'`` over more than two dimensions.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[3.0, -4.0], [1.0, 1.0]])
    >>> x.norm(), x.norm(dim=1), x.norm(p=1)
    (tensor(5.1962), tensor([5.0000, 1.4142]), tensor(9.))
    """
    op = "norm"
    if isinstance(p, str):
        if p == "fro":
            if isinstance(dim, (tuple, list)) and len(dim) > 2:
                raise ValueError(f"norm: p='fro' takes at most 2 dims, got {dim!r}")
            return vector_norm(input, 2, dim, keepdim, dtype=dtype)
        if p == "nuc":
            if dim is None:
                if not isinstance(input, Tensor) or input.ndim != 2:
                    shape = list(input.shape) if isinstance(input, Tensor) else None
                    raise ValueError(
                        f"norm: p='nuc' without dim needs a 2-d input, got shape {shape}"
                    )
                dim = (-2, -1)
            return matrix_norm(input, "nuc", dim, keepdim, dtype=dtype)
        raise ValueError(f"{op}: p must be 'fro', 'nuc' or a number, got {p!r}")
    return vector_norm(input, p, dim, keepdim, dtype=dtype)
