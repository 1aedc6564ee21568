"""Distance layers: the pairwise p-norm distance and the cosine similarity."""
from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import check_int, check_number

__all__ = ["PairwiseDistance", "CosineSimilarity"]


class PairwiseDistance(Module):
    """:func:`~minigrad.nn.functional.pairwise_distance` as a layer.

    .. math:: d(x, y) = \\lVert x - y + \\epsilon e \\rVert_p

    Parameters
    ----------
    p : float, default 2.0
        The order of the norm.
    eps : float, default 1e-6
        Added to the difference, to avoid division by zero in the gradient.
    keepdim : bool, default False
        Keep the vector dimension, with size 1.

    Shape
    -----
    - Input1: ``(N, D)`` or ``(D)``; Input2: the same, or broadcastable
    - Output: ``(N)`` or ``()``; ``(N, 1)`` or ``(1)`` with ``keepdim``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.PairwiseDistance(p=1.0, eps=0.0)(minigrad.tensor([[1.0, 2.0]]), minigrad.zeros(1, 2))
    tensor([3.])
    """

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False):
        super().__init__()
        self.norm = check_number("PairwiseDistance", "p", p)
        self.eps = check_number("PairwiseDistance", "eps", eps)
        self.keepdim = keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)


class CosineSimilarity(Module):
    """:func:`~minigrad.nn.functional.cosine_similarity` as a layer.

    .. math::
        \\frac{x_1 \\cdot x_2}{\\max(\\lVert x_1 \\rVert_2, \\epsilon)
        \\max(\\lVert x_2 \\rVert_2, \\epsilon)}

    Parameters
    ----------
    dim : int, default 1
        The dimension of the vectors.
    eps : float, default 1e-8
        The smallest norm divided by.

    Shape
    -----
    - Input1: ``(*_1, D, *_2)``; Input2: the same, or broadcastable
    - Output: ``(*_1, *_2)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.CosineSimilarity(dim=0)(minigrad.tensor([1.0, 0.0]), minigrad.tensor([2.0, 0.0]))
    tensor(1.)
    """

    def __init__(self, dim: int = 1, eps: float = 1e-8):
        super().__init__()
        self.dim = check_int("CosineSimilarity", "dim", dim)
        self.eps = check_number("CosineSimilarity", "eps", eps)

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)
