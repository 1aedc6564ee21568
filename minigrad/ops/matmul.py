"""Matrix products, batched and broadcast as ``numpy.matmul``."""
import numpy as np

from minigrad.autograd.function import Function
from minigrad.ops.broadcast import sum_to
from minigrad.tensor import Tensor


class MatMul(Function):
    ndarray_io = True
    differentiable_backward = False

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.matmul(a, b)

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
            grad_a = sum_to(np.matmul(g, np.swapaxes(b2, -1, -2)), a2.shape).reshape(a.shape)
        if need_b:
            grad_b = sum_to(np.matmul(np.swapaxes(a2, -1, -2), g), b2.shape).reshape(b.shape)
        return grad_a, grad_b


def matmul(a, b):
    """The matrix product ``a @ b``.

    Follows ``numpy.matmul``: 1-d operands are vectors, leading dimensions
    are batch dimensions and broadcast. The product runs in NumPy's BLAS.

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
    if a.data.dtype != b.data.dtype:
        raise TypeError(
            f"matmul: expected both operands to have the same dtype, got {a.data.dtype} and "
            f"{b.data.dtype}"
        )
    return MatMul.apply(a, b)
