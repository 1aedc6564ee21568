"""The maps of the orthogonal parametrization: from an unconstrained matrix to an orthogonal one.

Three maps, as in PyTorch, each taking a tall ``(..., n, k)`` matrix
(``n >= k``) to one with orthonormal columns:

* ``matrix_exp``: the exponential of the skew-symmetric matrix built from
  the lower triangle, first ``k`` columns;
* ``cayley``: the Cayley transform ``(I - A/2)^{-1} (I + A/2)`` of the same
  skew-symmetric matrix;
* ``householder``: the product of the ``k`` Householder reflections whose
  vectors are the columns below the diagonal.

The exponential and the linear solve the first two need are Functions here
with a hand-written backward; the Householder product is composed of
differentiable ops. ``orthonormalize`` (a QR factorization, without
gradient) gives the starting points of ``right_inverse``.
"""
import numpy as np
from scipy import linalg as sla

import minigrad
from minigrad.autograd.function import Function

__all__ = ["MAPS", "cayley", "householder", "householder_inverse", "is_orthonormal", "matrix_exp",
           "orthonormalize"]

MAPS = ("matrix_exp", "cayley", "householder")


def _mT(a):
    return np.swapaxes(a, -1, -2)


class MatrixExp(Function):
    """``expm(A)``; the gradient is the upper-right block of ``expm([[A^T, G], [0, A^T]])``.

    That block is the adjoint of the exponential's Fréchet derivative at
    ``A`` applied to ``G``, so one exponential of twice the size gives the
    exact gradient.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, a):
        ctx.a = a
        return sla.expm(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.a
        n = a.shape[-1]
        block = np.zeros(a.shape[:-2] + (2 * n, 2 * n), dtype=a.dtype)
        block[..., :n, :n] = _mT(a)
        block[..., n:, n:] = _mT(a)
        block[..., :n, n:] = grad
        return sla.expm(block)[..., :n, n:]


class Solve(Function):
    """``X = M^{-1} B``; the gradients are ``M^{-T} G`` for ``B`` and ``-(M^{-T} G) X^T`` for ``M``."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, m, b):
        x = np.linalg.solve(m, b)
        ctx.m, ctx.x = m, x
        return x

    @staticmethod
    def backward(ctx, grad):
        grad_b = np.linalg.solve(_mT(ctx.m), grad)
        return -grad_b @ _mT(ctx.x), grad_b


def _skew(x):
    """``A = L - L^T`` from the lower triangle ``L`` of the tall ``x``, padded to square."""
    n, k = x.shape[-2:]
    lower = minigrad.tril(x)
    if n != k:
        zeros = minigrad.zeros(*x.shape[:-2], n, n - k, dtype=x.dtype)
        lower = minigrad.cat([lower, zeros], dim=-1)
    return lower - lower.transpose(-2, -1)


def matrix_exp(x):
    """The first ``k`` columns of ``exp(A)``, ``A`` the skew-symmetric matrix of ``x``."""
    k = x.shape[-1]
    return MatrixExp.apply(_skew(x))[..., :k]


def cayley(x):
    """The first ``k`` columns of ``(I - A/2)^{-1} (I + A/2)``, ``A`` as in :func:`matrix_exp`."""
    k = x.shape[-1]
    a = _skew(x)
    eye = minigrad.eye(a.shape[-1], dtype=x.dtype)
    return Solve.apply(eye - 0.5 * a, eye + 0.5 * a)[..., :k]


def householder(x):
    """``H_1 ... H_k`` applied to the first ``k`` columns of the identity, signs from ``diag(x)``.

    ``H_i = I - tau_i v_i v_i^T``, ``v_i`` the column ``i`` of ``x`` below
    the diagonal with a 1 on it and ``tau_i = 2 / ||v_i||^2``, so each
    ``H_i`` is an exact reflection. Column ``i`` of the product is then
    multiplied by the integer part of ``x[i, i]`` (``-1`` after
    ``right_inverse``, which makes the all-zero strictly lower triangle give
    the identity's columns), as PyTorch does.
    """
    n, k = x.shape[-2:]
    vectors = minigrad.tril(x, -1) + minigrad.eye(n, k, dtype=x.dtype)
    tau = 2.0 / (vectors * vectors).sum(dim=-2, keepdim=True)  # (..., 1, k)
    q = minigrad.eye(n, k, dtype=x.dtype).expand(*x.shape)
    for i in reversed(range(k)):
        v = vectors[..., :, i:i + 1]  # (..., n, 1)
        q = q - (tau[..., :, i:i + 1] * v) @ (v.transpose(-2, -1) @ q)
    signs = np.trunc(np.diagonal(x.detach().numpy(), axis1=-2, axis2=-1))[..., None, :]
    return q * minigrad.tensor(signs, dtype=x.dtype)


def is_orthonormal(q):
    """Whether the columns of the ``(..., n, k)`` array ``q`` are orthonormal, to rounding."""
    n, k = q.shape[-2:]
    eps = 10 * n * np.finfo(q.dtype).eps
    return np.allclose(_mT(q) @ q, np.eye(k, dtype=q.dtype), rtol=0, atol=eps)


def orthonormalize(a):
    """The ``Q`` of ``a = QR`` with ``diag(R) >= 0``: the orthonormal matrix nearest in spirit.

    The sign convention makes the factorization unique for a full-rank
    ``a``, so an orthonormal ``a`` comes back as itself.
    """
    q, r = np.linalg.qr(a)
    signs = np.sign(np.diagonal(r, axis1=-2, axis2=-1))
    return q * np.where(signs == 0, 1, signs)[..., None, :]


def householder_inverse(q):
    """Reflection vectors and diagonal signs that :func:`householder` maps to ``orthonormalize(q)``.

    LAPACK's QR (``geqrf``, NumPy's ``mode="raw"``) stores the vectors below
    the diagonal; the diagonal becomes the sign of ``R``'s, flipped where
    LAPACK skipped a reflection (``tau == 0``) so that the product keeps the
    column as it is.
    """
    raw, tau = np.linalg.qr(q, mode="raw")
    packed = _mT(raw).copy()
    diagonal = np.sign(np.diagonal(packed, axis1=-2, axis2=-1))
    diagonal = np.where(tau == 0, -diagonal, diagonal)
    k = packed.shape[-1]
    packed[..., np.arange(k), np.arange(k)] = diagonal
    return packed
