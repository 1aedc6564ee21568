"""Loss layers: each holds its options (and class weights, as buffers) and calls ``nn.functional``.

``reduction`` is ``'mean'`` (default), ``'sum'`` or ``'none'``. The
deprecated ``size_average`` and ``reduce`` arguments are accepted, with a
warning, and turned into a ``reduction`` as PyTorch does.
"""

from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import check_number, check_tensor
from minigrad.ops.loss import _legacy_reduction
from minigrad.tensor import Tensor

__all__ = [
    "L1Loss", "MSELoss", "SmoothL1Loss", "HuberLoss", "NLLLoss", "CrossEntropyLoss", "BCELoss",
    "BCEWithLogitsLoss",
    "KLDivLoss", "MarginRankingLoss", "TripletMarginLoss", "CosineEmbeddingLoss",
    "MultiLabelSoftMarginLoss", "PoissonNLLLoss", "GaussianNLLLoss",
]


class _Loss(Module):
    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__()
        self.reduction = _legacy_reduction(type(self).__name__, size_average, reduce, reduction)


class _WeightedLoss(_Loss):
    def __init__(self, weight: Tensor | None = None, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        if weight is not None:
            check_tensor(type(self).__name__, "weight", weight)
        self.register_buffer("weight", weight)


class L1Loss(_Loss):
    """The mean absolute error ``|input - target|`` (see :func:`~minigrad.nn.functional.l1_loss`).

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.L1Loss()(minigrad.tensor([1.0, 3.0]), minigrad.tensor([0.0, 0.0]))
    tensor(2.)
    """

    def forward(self, input, target):
        return F.l1_loss(input, target, reduction=self.reduction)


class MSELoss(_Loss):
    """The mean squared error (see :func:`~minigrad.nn.functional.mse_loss`).

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.MSELoss(reduction="sum")(minigrad.tensor([1.0, 3.0]), minigrad.tensor([0.0, 0.0]))
    tensor(10.)
    """

    def forward(self, input, target):
        return F.mse_loss(input, target, reduction=self.reduction)


class SmoothL1Loss(_Loss):
    """Squared error below ``beta``, absolute error above.

    See :func:`~minigrad.nn.functional.smooth_l1_loss`.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.SmoothL1Loss()(minigrad.tensor([0.5, 3.0]), minigrad.tensor([0.0, 0.0]))
    tensor(1.3125)
    """

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean", beta: float = 1.0):
        super().__init__(size_average, reduce, reduction)
        if check_number("SmoothL1Loss", "beta", beta) < 0:
            raise ValueError(f"SmoothL1Loss: beta must be non-negative, got {beta}")
        self.beta = beta

    def forward(self, input, target):
        return F.smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class HuberLoss(_Loss):
    """The Huber loss (see :func:`~minigrad.nn.functional.huber_loss`).

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.HuberLoss(delta=2.0)(minigrad.tensor([3.0]), minigrad.tensor([0.0]))
    tensor(4.)
    """

    def __init__(self, reduction: str = "mean", delta: float = 1.0):
        super().__init__(reduction=reduction)
        if check_number("HuberLoss", "delta", delta) <= 0:
            raise ValueError(f"HuberLoss: delta must be positive, got {delta}")
        self.delta = delta

    def forward(self, input, target):
        return F.huber_loss(input, target, reduction=self.reduction, delta=self.delta)


class NLLLoss(_WeightedLoss):
    """The negative log-likelihood of class indices under log-probabilities.

    See :func:`~minigrad.nn.functional.nll_loss`. ``weight`` (one per class)
    is registered as a buffer, so it is saved in the ``state_dict``.

    Shape
    -----
    - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_k)``
    - Target: ``()``, ``(N)`` or ``(N, d_1, ..., d_k)``
    - Output: scalar, or the target's shape with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> logp = minigrad.tensor([[-0.5, -1.0], [-2.0, -0.1]])
    >>> nn.NLLLoss()(logp, minigrad.tensor([1, 0]))
    tensor(1.5000)
    """

    def __init__(self, weight: Tensor | None = None, size_average=None,
                 ignore_index: int = -100, reduce=None, reduction: str = "mean"):
        super().__init__(weight, size_average, reduce, reduction)
        self.ignore_index = ignore_index

    def forward(self, input, target):
        return F.nll_loss(input, target, weight=self.weight, ignore_index=self.ignore_index,
                          reduction=self.reduction)


class CrossEntropyLoss(_WeightedLoss):
    """Cross-entropy between logits and class indices or class probabilities.

    See :func:`~minigrad.nn.functional.cross_entropy` for the formula, the
    ``weight``, ``ignore_index`` and ``label_smoothing`` options and the
    reductions. ``weight`` is registered as a buffer.

    Shape
    -----
    - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_k)``
    - Target: ``()``, ``(N)`` or ``(N, d_1, ..., d_k)`` of class indices, or the input's shape
      (probabilities)
    - Output: scalar, or the per-element losses with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> loss = nn.CrossEntropyLoss()
    >>> round(loss(minigrad.zeros(2, 4), minigrad.tensor([0, 3])).item(), 4)
    1.3863
    """

    def __init__(self, weight: Tensor | None = None, size_average=None,
                 ignore_index: int = -100, reduce=None, reduction: str = "mean",
                 label_smoothing: float = 0.0):
        super().__init__(weight, size_average, reduce, reduction)
        if not 0.0 <= check_number("CrossEntropyLoss", "label_smoothing", label_smoothing) <= 1.0:
            raise ValueError(
                f"CrossEntropyLoss: label_smoothing must be between 0.0 and 1.0, got "
                f"{label_smoothing}"
            )
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing

    def forward(self, input, target):
        return F.cross_entropy(input, target, weight=self.weight, ignore_index=self.ignore_index,
                               reduction=self.reduction, label_smoothing=self.label_smoothing)


class BCELoss(_WeightedLoss):
    """Binary cross-entropy between probabilities and targets.

    See :func:`~minigrad.nn.functional.binary_cross_entropy`. ``weight`` is
    registered as a buffer.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> round(nn.BCELoss()(minigrad.tensor([0.5]), minigrad.tensor([1.0])).item(), 4)
    0.6931
    """

    def forward(self, input, target):
        return F.binary_cross_entropy(input, target, weight=self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Sigmoid and binary cross-entropy in one numerically stable step.

    See :func:`~minigrad.nn.functional.binary_cross_entropy_with_logits`.
    ``weight`` and ``pos_weight`` are registered as buffers.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> loss = nn.BCEWithLogitsLoss(pos_weight=minigrad.tensor([2.0]))
    >>> round(loss(minigrad.tensor([[0.0]]), minigrad.tensor([[1.0]])).item(), 4)
    1.3863
    """

    def __init__(self, weight: Tensor | None = None, size_average=None, reduce=None,
                 reduction: str = "mean", pos_weight: Tensor | None = None):
        super().__init__(size_average, reduce, reduction)
        if weight is not None:
            check_tensor(type(self).__name__, "weight", weight)
        if pos_weight is not None:
            check_tensor(type(self).__name__, "pos_weight", pos_weight)
        self.register_buffer("weight", weight)
        self.register_buffer("pos_weight", pos_weight)

    def forward(self, input, target):
        return F.binary_cross_entropy_with_logits(input, target, self.weight,
                                                  pos_weight=self.pos_weight,
                                                  reduction=self.reduction)


class KLDivLoss(_Loss):
    """The Kullback-Leibler divergence (see :func:`~minigrad.nn.functional.kl_div`).

    .. math:: L = y \\left(\\log y - x\\right)

    ``input`` holds log-probabilities; ``target`` probabilities, or
    log-probabilities with ``log_target=True``. ``reduction='batchmean'``
    gives the divergence as defined mathematically.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> loss = nn.KLDivLoss(reduction="batchmean")
    >>> loss(minigrad.tensor([[0.5, 0.5]]).log(), minigrad.tensor([[0.5, 0.5]]))
    tensor(0.)
    """

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean",
                 log_target: bool = False):
        Module.__init__(self)
        if size_average is not None or reduce is not None:
            reduction = _legacy_reduction("KLDivLoss", size_average, reduce, reduction)
        elif reduction not in ("mean", "batchmean", "sum", "none"):
            raise ValueError(f"KLDivLoss: reduction must be 'none', 'batchmean', 'mean' or "
                             f"'sum', got {reduction!r}")
        self.reduction = reduction
        self.log_target = log_target

    def forward(self, input, target):
        return F.kl_div(input, target, reduction=self.reduction, log_target=self.log_target)


class MarginRankingLoss(_Loss):
    """A hinge on the ranking of two scores (see
    :func:`~minigrad.nn.functional.margin_ranking_loss`).

    .. math:: L = \\max(0, -y (x_1 - x_2) + \\text{margin})

    Shape
    -----
    - Input1: ``(N)`` or ``()``; Input2 and Target: the same shape
    - Output: scalar, or ``(N)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.MarginRankingLoss(margin=1.0)(minigrad.tensor([2.0]), minigrad.tensor([1.5]),
    ...                                  minigrad.tensor([1.0]))
    tensor(0.5000)
    """

    def __init__(self, margin: float = 0.0, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = check_number("MarginRankingLoss", "margin", margin)

    def forward(self, input1, input2, target):
        return F.margin_ranking_loss(input1, input2, target, margin=self.margin,
                                     reduction=self.reduction)


class TripletMarginLoss(_Loss):
    """The triplet loss on p-norm distances (see
    :func:`~minigrad.nn.functional.triplet_margin_loss`).

    .. math:: L = \\max(d(a, p) - d(a, n) + \\text{margin}, 0)

    Shape
    -----
    - Input: ``(N, D)`` or ``(D,)`` for anchor, positive and negative alike
    - Output: scalar, or ``(N)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> a = minigrad.tensor([[0.0, 0.0]])
    >>> nn.TripletMarginLoss(eps=0.0)(a, minigrad.tensor([[3.0, 4.0]]), minigrad.tensor([[0.0, 1.0]]))
    tensor(5.)
    """

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                 size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = check_number("TripletMarginLoss", "margin", margin)
        if self.margin <= 0:
            raise ValueError(f"TripletMarginLoss: margin must be greater than 0, got {margin}")
        self.p = check_number("TripletMarginLoss", "p", p)
        self.eps = check_number("TripletMarginLoss", "eps", eps)
        self.swap = swap

    def forward(self, anchor, positive, negative):
        return F.triplet_margin_loss(anchor, positive, negative, margin=self.margin, p=self.p,
                                     eps=self.eps, swap=self.swap, reduction=self.reduction)


class CosineEmbeddingLoss(_Loss):
    """Pull together (``y = 1``) or push apart (``y = -1``) pairs by their cosine (see
    :func:`~minigrad.nn.functional.cosine_embedding_loss`).

    .. math::
        L = \\begin{cases} 1 - \\cos(x_1, x_2) & y = 1 \\\\
        \\max(0, \\cos(x_1, x_2) - \\text{margin}) & y = -1 \\end{cases}

    Shape
    -----
    - Input1: ``(N, D)`` or ``(D,)``; Input2: the same; Target: ``(N)`` or ``()``
    - Output: scalar, or ``(N)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.CosineEmbeddingLoss()(minigrad.tensor([[1.0, 0.0]]), minigrad.tensor([[2.0, 0.0]]),
    ...                          minigrad.tensor([1.0]))
    tensor(0.)
    """

    def __init__(self, margin: float = 0.0, size_average=None, reduce=None,
                 reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.margin = check_number("CosineEmbeddingLoss", "margin", margin)

    def forward(self, input1, input2, target):
        return F.cosine_embedding_loss(input1, input2, target, margin=self.margin,
                                       reduction=self.reduction)


class MultiLabelSoftMarginLoss(_WeightedLoss):
    """Binary cross-entropy per label from logits, averaged over the labels (see
    :func:`~minigrad.nn.functional.multilabel_soft_margin_loss`).

    Shape
    -----
    - Input: ``(N, C)`` or ``(C,)``; Target: the same shape, 0 or 1
    - Output: scalar, or ``(N)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.MultiLabelSoftMarginLoss()(minigrad.tensor([[0.0, 0.0]]), minigrad.tensor([[1.0, 0.0]]))
    tensor(0.6931)
    """

    def forward(self, input, target):
        return F.multilabel_soft_margin_loss(input, target, weight=self.weight,
                                             reduction=self.reduction)


class PoissonNLLLoss(_Loss):
    """The Poisson negative log-likelihood (see :func:`~minigrad.nn.functional.poisson_nll_loss`).

    .. math:: L = e^{x} - y x \\quad\\text{(log_input=True)}

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, the same shape
    - Output: scalar, or ``(*)`` with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.PoissonNLLLoss()(minigrad.tensor([0.0]), minigrad.tensor([1.0]))
    tensor(1.)
    """

    def __init__(self, log_input: bool = True, full: bool = False, size_average=None,
                 eps: float = 1e-8, reduce=None, reduction: str = "mean"):
        super().__init__(size_average, reduce, reduction)
        self.log_input, self.full = log_input, full
        self.eps = check_number("PoissonNLLLoss", "eps", eps)

    def forward(self, log_input, target):
        return F.poisson_nll_loss(log_input, target, log_input=self.log_input, full=self.full,
                                  eps=self.eps, reduction=self.reduction)


class GaussianNLLLoss(_Loss):
    """The Gaussian negative log-likelihood (see
    :func:`~minigrad.nn.functional.gaussian_nll_loss`).

    .. math::
        L = \\frac{1}{2}\\left(\\log \\max(\\sigma^2, \\epsilon)
        + \\frac{(x - y)^2}{\\max(\\sigma^2, \\epsilon)}\\right)

    Shape
    -----
    - Input: ``(N, *)`` or ``(*)``; Target: the same shape; Var: the same
      shape, one dimension short, or with one dimension of size 1
    - Output: scalar, or the input's shape with ``reduction='none'``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.GaussianNLLLoss()(minigrad.tensor([0.0]), minigrad.tensor([0.0]), minigrad.tensor([1.0]))
    tensor(0.)
    """

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean"):
        super().__init__(reduction=reduction)
        self.full = full
        self.eps = check_number("GaussianNLLLoss", "eps", eps)

    def forward(self, input, target, var):
        return F.gaussian_nll_loss(input, target, var, full=self.full, eps=self.eps,
                                   reduction=self.reduction)
