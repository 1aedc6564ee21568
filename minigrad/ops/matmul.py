"""Matrix products, batched and broadcast as ``numpy.matmul``.

BLAS runs on one thread beside minigrad's OpenMP kernels (see
``minigrad._config``), so 2-d float products go through :func:`matmul_2d`,
which splits them over minigrad's own threads; everything else (batches,
vectors, integers) goes to NumPy.
"""
import numpy as np

from minigrad._ext import _blas
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.ops.broadcast import sum_to
from minigrad.tensor import Tensor

_GEMM_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _gemm_operand(m):
    """``m`` as (C-contiguous array, transposed flag), without copying a transposed view."""
    if m.flags.c_contiguous:
        return m, False
    if m.T.flags.c_contiguous:
        return m.T, True
    return np.ascontiguousarray(m), False


def matmul_2d(a, b):
    """``a @ b`` for 2-d arrays, on minigrad's threads when both are float32 or float64.

    Transposed views are read in place. The output is split into pieces
    fixed by its shape (``minigrad._ext._blas.matmul``), so the product is
    bit-identical at any thread count.
    """
    if a.dtype != b.dtype or a.dtype not in _GEMM_DTYPES:
        return np.matmul(a, b)
    (a, trans_a), (b, trans_b) = _gemm_operand(a), _gemm_operand(b)
    out = np.empty((a.shape[1] if trans_a else a.shape[0], b.shape[0] if trans_b else b.shape[1]),
                   a.dtype)
    _blas.matmul(a, trans_a, b, trans_b, out, get_num_threads())
    return out


def _product(a, b):
    return matmul_2d(a, b) if a.ndim == 2 and b.ndim == 2 else np.matmul(a, b)


class MatMul(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _product(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # Treat vectors as a row (left operand) or a column (right operand)
        # so that one pair of formulas covers every case.
        a2 = a[None, :] if a.ndim == 1 else a
        b2 = b[:, None] if b.ndim == 1 else b
        # The matching unit axes go back into the gradient, the column's last:
        # a 1-d @ 1-d product has a 0-d gradient that becomes 1x1.
        g = grad
        if b.ndim == 1:
            g = np.expand_dims(g, -1)
        if a.ndim == 1:
            g = np.expand_dims(g, -2)
        grad_a = grad_b = None
        if need_a:
            grad_a = sum_to(_product(g, np.swapaxes(b2, -1, -2)), a2.shape).reshape(a.shape)
        if need_b:
            grad_b = sum_to(_product(np.swapaxes(a2, -1, -2), g), b2.shape).reshape(b.shape)
        return grad_a, grad_b


def matmul(a, b):
    """The matrix product ``a @ b``.

    Follows ``numpy.matmul``: 1-d operands are vectors, leading dimensions
    are batch dimensions and broadcast. 2-d float products are split over
    minigrad's threads; the others run in NumPy's BLAS.

    Parameters
    ----------
    a, b : Tensor
        Tensors of at least one dimension (only floating-point ones can
        require grad).

    Returns
    -------
    Tensor
        ``(..., n, m)`` for ``(..., n, k)`` times ``(..., k, m)``; a vector
        operand drops its dimension from the result.

    Raises
    ------
    ValueError
        When the inner dimensions differ or the batch dimensions do not broadcast.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> minigrad.matmul(a, minigrad.tensor([1.0, 1.0]))
    tensor([3., 7.])
    >>> (minigrad.ones(5, 2, 3) @ minigrad.ones(3, 4)).shape
    (5, 2, 4)
    """
    a = a if isinstance(a, Tensor) else Tensor(a)
    b = b if isinstance(b, Tensor) else Tensor(b)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(
            f"matmul: both arguments need at least one dimension, got shapes "
            f"{list(a.shape)} and {list(b.shape)}"
        )
    inner_a = a.shape[-1]
    inner_b = b.shape[-2] if b.ndim > 1 else b.shape[0]
    if inner_a != inner_b:
        raise ValueError(
            f"matmul: shapes {list(a.shape)} and {list(b.shape)} cannot be multiplied "
            f"({inner_a} != {inner_b})"
        )
    if a.ndim > 2 or b.ndim > 2:
        try:
            np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
        except ValueError:
            raise ValueError(
                f"matmul: batch dimensions of shapes {list(a.shape)} and {list(b.shape)} "
                f"are not broadcastable"
            ) from None
    if a._data.dtype != b._data.dtype:
        raise TypeError(
            f"matmul: expected both operands to have the same dtype, got {a._data.dtype} and "
            f"{b._data.dtype}"
        )
    return MatMul.apply(a, b)
