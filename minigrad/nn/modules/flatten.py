"""Flatten and Unflatten: reshape layers."""
from collections.abc import Sequence

import numpy as np

from minigrad.dtypes import normalize_dim
from minigrad.nn.modules.module import Module
from minigrad.ops._args import check_tensor

__all__ = ["Flatten", "Unflatten"]


class Flatten(Module):
    """Merge dimensions ``start_dim`` to ``end_dim`` into one (by default all but the batch).

    Shape
    -----
    - Input: ``(*, S_start, ..., S_end, *)``
    - Output: ``(*, S_start * ... * S_end, *)``

    Parameters
    ----------
    start_dim : int, default 1
        The first dimension merged; negative values count from the end. The
        default keeps dimension 0, the batch.
    end_dim : int, default -1
        The last dimension merged (included); negative values count from the
        end. The default merges up to the last one.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Flatten()(minigrad.zeros(32, 1, 5, 5)).shape
    minigrad.Size([32, 25])
    >>> nn.Flatten(0, 2)(minigrad.zeros(32, 1, 5, 5)).shape
    minigrad.Size([160, 5])
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1):
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input):
        check_tensor("Flatten", "input", input)
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Split dimension ``dim`` into ``unflattened_size``; the inverse of :class:`Flatten`.

    Parameters
    ----------
    dim : int
        The dimension to split.
    unflattened_size : sequence of int
        Its new shape; one entry may be ``-1`` (inferred).

    Raises
    ------
    ValueError
        In ``forward``, if the product of ``unflattened_size`` does not equal
        the size of ``dim``.

    Shape
    -----
    - Input: ``(*, S_dim, *)``
    - Output: ``(*, U_1, ..., U_n, *)`` with ``U_1 * ... * U_n = S_dim``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Unflatten(1, (2, 5, 5))(minigrad.zeros(2, 50)).shape
    minigrad.Size([2, 2, 5, 5])
    """

    def __init__(self, dim: int, unflattened_size: Sequence[int]):
        super().__init__()
        if isinstance(dim, str):
            raise TypeError("Unflatten: named dimensions are not supported; dim must be an int")
        if not isinstance(unflattened_size, (list, tuple)) or not all(
                isinstance(s, (int, np.integer)) and not isinstance(s, bool)
                for s in unflattened_size):
            raise TypeError(
                f"Unflatten: unflattened_size must be a tuple of ints, got {unflattened_size!r}"
            )
        self.dim = dim
        self.unflattened_size = tuple(unflattened_size)

    def forward(self, input):
        check_tensor("Unflatten", "input", input)
        if input.ndim == 0:
            raise ValueError("Unflatten: expected an input of at least one dimension, got 0-d")
        axis = normalize_dim(self.dim, input.ndim, "Unflatten")
        sizes = list(self.unflattened_size)
        known = int(np.prod([s for s in sizes if s != -1]))
        size = input.shape[axis]
        if sizes.count(-1) > 1 or (-1 not in sizes and known != size) or (
                -1 in sizes and (known == 0 or size % known)):
            raise ValueError(
                f"Unflatten: unflattened_size {self.unflattened_size} does not fit dimension "
                f"{self.dim} of size {size} (input {list(input.shape)})"
            )
        return input.reshape(input.shape[:axis] + tuple(sizes) + input.shape[axis + 1:])

    def extra_repr(self) -> str:
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
