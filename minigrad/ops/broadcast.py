"""Undoing broadcasting in the backward pass."""
import numpy as np


def sum_to(grad, shape):
    """Sum ``grad`` over the axes that broadcasting expanded, giving ``shape``.

    A gradient flowing back into an operand that NumPy broadcast must be
    summed over the leading axes broadcasting added and over the axes where
    the operand had size 1.

    Examples
    --------
    >>> sum_to(np.ones((2, 3, 4)), (3, 1)).tolist()
    [[8.0], [8.0], [8.0]]
    """
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, n in enumerate(shape) if n == 1 and grad.shape[lead + i] != 1
    )
    out = grad.sum(axis=axes, keepdims=True) if axes else grad
    if lead:
        out = out.reshape(shape)
    return out
