"""Dropout layers: active in training mode, the identity in evaluation mode."""
from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import check_probability

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d"]


class _DropoutNd(Module):
    """Holds ``p`` and ``inplace``; subclasses pick the functional."""

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        self.p = check_probability(type(self).__name__, p)
        self.inplace = inplace

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    """Zero each element with probability ``p`` in training, scaling the rest by ``1 / (1 - p)``.

    In evaluation mode (:meth:`Module.eval`) it returns the input unchanged.

    Parameters
    ----------
    p : float, default 0.5
        The probability of zeroing an element.
    inplace : bool, default False
        Write the result into the input.

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> drop = nn.Dropout(p=0.5)
    >>> sorted(set(drop(minigrad.ones(100)).tolist()))
    [0.0, 2.0]
    >>> drop.eval()(minigrad.ones(3))
    tensor([1., 1., 1.])
    """

    def forward(self, input):
        return F.dropout(input, self.p, self.training, self.inplace)


class Dropout1d(_DropoutNd):
    """Zero whole channels with probability ``p`` in training (see :class:`Dropout`).

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``; Output: the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Dropout1d(0.2)(minigrad.randn(20, 16, 32)).shape
    minigrad.Size([20, 16, 32])
    """

    def forward(self, input):
        return F.dropout1d(input, self.p, self.training, self.inplace)


class Dropout2d(_DropoutNd):
    """Zero whole channels with probability ``p`` in training (see :class:`Dropout`).

    A 3-d input is read as ``(N, C, L)`` with a warning, as in PyTorch.

    Shape
    -----
    - Input: ``(N, C, H, W)``; Output: the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Dropout2d(0.2)(minigrad.randn(20, 16, 8, 8)).shape
    minigrad.Size([20, 16, 8, 8])
    """

    def forward(self, input):
        return F.dropout2d(input, self.p, self.training, self.inplace)


class Dropout3d(_DropoutNd):
    """Zero whole channels with probability ``p`` in training (see :class:`Dropout`).

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``; Output: the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Dropout3d(0.2)(minigrad.randn(2, 4, 3, 3, 3)).shape
    minigrad.Size([2, 4, 3, 3, 3])
    """

    def forward(self, input):
        return F.dropout3d(input, self.p, self.training, self.inplace)
