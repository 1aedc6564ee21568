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
    r"""The mean absolute error between input and target, elementwise.

    Over the :math:`M` elements of ``input`` :math:`x` and ``target``
    :math:`y`:

    .. math::

        \ell_i = |x_i - y_i|

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    The gradient at :math:`x_i = y_i` is 0. An integer or bool target takes
    the input's dtype, and float32 with float64 computes in float64.

    Parameters
    ----------
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over all elements, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input: ``(*)``, any shape, floating point
    - Target: ``(*)``, the input's shape (another shape is a ``ValueError``;
      PyTorch would broadcast with a warning)
    - Output: a scalar, or ``(*)`` with ``reduction='none'``

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
    r"""The mean squared error between input and target, elementwise.

    Over the :math:`M` elements of ``input`` :math:`x` and ``target``
    :math:`y`:

    .. math::

        \ell_i = (x_i - y_i)^2

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    An integer or bool target takes the input's dtype, and float32 with
    float64 computes in float64.

    Parameters
    ----------
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over all elements, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input: ``(*)``, any shape, floating point
    - Target: ``(*)``, the input's shape (another shape is a ``ValueError``;
      PyTorch would broadcast with a warning)
    - Output: a scalar, or ``(*)`` with ``reduction='none'``

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
    r"""A squared error near zero and an absolute error beyond ``beta``.

    With :math:`d_i = x_i - y_i` over the :math:`M` elements:

    .. math::

        \ell_i = \begin{cases} \frac{1}{2} d_i^2 / \beta & |d_i| < \beta \\
            |d_i| - \frac{1}{2} \beta & \text{otherwise} \end{cases}

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    It is less sensitive to outliers than :class:`MSELoss` and, unlike
    :class:`L1Loss`, smooth at zero. :math:`\beta = 0` gives :class:`L1Loss`;
    :class:`HuberLoss` with :math:`\delta = \beta` is :math:`\beta` times this.

    Parameters
    ----------
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over all elements, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.
    beta : float, default 1.0
        :math:`\beta`, where the squared part hands over to the absolute one
        (at least 0, a ``ValueError`` otherwise).

    Shape
    -----
    - Input: ``(*)``, any shape, floating point
    - Target: ``(*)``, the input's shape (another shape is a ``ValueError``;
      PyTorch would broadcast with a warning)
    - Output: a scalar, or ``(*)`` with ``reduction='none'``

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
    r"""The Huber loss: squared below ``delta``, linear beyond it.

    With :math:`d_i = x_i - y_i` over the :math:`M` elements:

    .. math::

        \ell_i = \begin{cases} \frac{1}{2} d_i^2 & |d_i| < \delta \\
            \delta \left(|d_i| - \frac{1}{2} \delta\right) & \text{otherwise} \end{cases}

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    Its gradient is :math:`d_i` clipped to :math:`[-\delta, \delta]`. It
    equals :math:`\delta` times :class:`SmoothL1Loss` with :math:`\beta = \delta`.

    Parameters
    ----------
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over all elements, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.
    delta : float, default 1.0
        :math:`\delta`, where the squared part hands over to the linear one
        (positive, a ``ValueError`` otherwise).

    Shape
    -----
    - Input: ``(*)``, any shape, floating point
    - Target: ``(*)``, the input's shape (another shape is a ``ValueError``;
      PyTorch would broadcast with a warning)
    - Output: a scalar, or ``(*)`` with ``reduction='none'``

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
    r"""The negative log-likelihood of class indices under given log-probabilities.

    For sample :math:`n` (and position, for inputs with extra dimensions)
    with target class :math:`y_n`, ``input`` :math:`x` holding
    log-probabilities (:class:`LogSoftmax` output) and class weights
    :math:`w`:

    .. math::

        \ell_n = -w_{y_n}\, x_{n, y_n}, \qquad
        \ell = \begin{cases}
            \{\ell_1, \dots, \ell_N\} & \text{reduction='none'} \\
            \sum_n \ell_n \big/ \sum_n w_{y_n} & \text{reduction='mean'} \\
            \sum_n \ell_n & \text{reduction='sum'}
        \end{cases}

    the sums leaving out targets equal to ``ignore_index`` (their
    :math:`\ell_n` is 0).

    Parameters
    ----------
    weight : Tensor, optional
        :math:`w`, a weight for each of the :math:`C` classes, shape ``(C,)``
        and the input's dtype, useful for unbalanced classes; default all
        ones. Registered as a buffer, so it moves
        with the module and is saved in its ``state_dict``.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    ignore_index : int, default -100
        A target value that contributes nothing, neither to the sum nor to
        the weights the mean divides by (padding in sequence tasks).
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` is the weighted mean above (the total weight of the
        targets not ignored), ``'sum'`` the sum, ``'none'`` the losses in the
        target's shape. Another string is a ``ValueError``.

    Shape
    -----
    - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_k)``, log-probabilities
    - Target: ``()``, ``(N)`` or ``(N, d_1, ..., d_k)``, integer class indices
      in :math:`[0, C)` or ``ignore_index`` (another value is a ``ValueError``)
    - Output: a scalar, or the target's shape with ``reduction='none'``

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
    r"""The cross-entropy between class scores (logits) and target classes or class probabilities.

    It applies :class:`LogSoftmax` over the class dimension and
    :class:`NLLLoss` in one step. For sample :math:`n` (and position, for
    inputs with extra dimensions) with logits :math:`x_n` over :math:`C`
    classes and class weights :math:`w`, a class-index target :math:`y_n`
    gives

    .. math::

        \ell_n = -w_{y_n} \log \frac{e^{x_{n, y_n}}}{\sum_{c=1}^C e^{x_{n, c}}}

    and a target of class probabilities :math:`p_{n,c}` gives

    .. math::

        \ell_n = -\sum_{c=1}^C w_c\, p_{n, c} \log \frac{e^{x_{n, c}}}{\sum_{c'} e^{x_{n, c'}}}

    With label smoothing :math:`\varepsilon` the target (one-hot for a class
    index) becomes :math:`(1 - \varepsilon)\, p_n + \varepsilon / C`. The
    reduction is

    .. math::

        \ell = \begin{cases}
            \{\ell_1, \dots, \ell_N\} & \text{reduction='none'} \\
            \sum_n \ell_n \big/ \sum_n w_{y_n} & \text{reduction='mean'}
                \text{, class indices} \\
            \frac{1}{N} \sum_n \ell_n & \text{reduction='mean'}
                \text{, probabilities} \\
            \sum_n \ell_n & \text{reduction='sum'}
        \end{cases}

    where :math:`N` counts every position and targets equal to
    ``ignore_index`` are left out.

    Parameters
    ----------
    weight : Tensor, optional
        :math:`w`, a weight for each of the :math:`C` classes, shape ``(C,)``
        and the input's dtype, useful for unbalanced classes; default all
        ones. Registered as a buffer, so it moves
        with the module and is saved in its ``state_dict``.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    ignore_index : int, default -100
        A class-index target value that contributes nothing, neither to the
        sum nor to the weights the mean divides by. Probability targets
        allow only a negative value (the default).
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        ``'mean'`` divides the sum by the total weight of the targets not
        ignored (by the number of positions for probability targets),
        ``'sum'`` adds the losses, ``'none'`` returns them. Another string is
        a ``ValueError``.
    label_smoothing : float, default 0.0
        :math:`\varepsilon` in :math:`[0, 1]` (a ``ValueError`` otherwise):
        how much of the target is replaced by the uniform distribution over
        the classes, which discourages over-confident logits.

    Shape
    -----
    - Input: ``(C)``, ``(N, C)`` or ``(N, C, d_1, ..., d_k)``, logits
    - Target: class indices of shape ``()``, ``(N)`` or ``(N, d_1, ..., d_k)``
      (an integer tensor, values in :math:`[0, C)` or ``ignore_index``), or
      class probabilities of the input's shape and dtype
    - Output: a scalar, or ``()``, ``(N)`` or ``(N, d_1, ..., d_k)`` with
      ``reduction='none'``

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
    r"""The binary cross-entropy between predicted probabilities and targets.

    Over the :math:`M` elements, with ``input`` :math:`x_i \in [0, 1]`,
    targets :math:`y_i` and weights :math:`w_i`:

    .. math::

        \ell_i = -w_i \left[y_i \log x_i + (1 - y_i) \log(1 - x_i)\right]

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    Each logarithm is clamped at -100, as in PyTorch, so a prediction of
    exactly 0 or 1 gives a finite loss. :class:`BCEWithLogitsLoss`, which
    takes scores before the sigmoid, is the numerically stable choice.

    Parameters
    ----------
    weight : Tensor, optional
        :math:`w`, a rescaling weight that broadcasts to the input's shape
        (for example one per class of an ``(N, C)`` input); default ones.
        Registered as a buffer, so it moves
        with the module and is saved in its ``state_dict``.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over all elements, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input: ``(*)``, probabilities in :math:`[0, 1]` (a value outside is a
      ``ValueError``)
    - Target: ``(*)``, the input's shape and dtype, values in :math:`[0, 1]`
    - Output: a scalar, or ``(*)`` with ``reduction='none'``

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
    r"""The sigmoid and the binary cross-entropy in one numerically stable step.

    Over the :math:`M` elements, with scores :math:`x_i`, targets
    :math:`y_i`, weights :math:`w_i`, the positive weight :math:`p` of the
    element's class and :math:`\sigma` the logistic sigmoid:

    .. math::

        \ell_i = -w_i \left[p\, y_i \log \sigma(x_i) + (1 - y_i) \log(1 - \sigma(x_i))\right]

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    It is computed as :math:`(1 - y_i) x_i + (1 + (p - 1) y_i)
    \log(1 + e^{-x_i})` with the exponential kept from overflowing, so
    extreme scores give exact losses where the sigmoid would round to 0 or 1.

    Parameters
    ----------
    weight : Tensor, optional
        :math:`w`, a rescaling weight that broadcasts to the input's shape;
        default ones. Registered as a buffer, so it moves
        with the module and is saved in its ``state_dict``.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over all elements, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.
    pos_weight : Tensor, optional
        :math:`p`, a weight of the positive targets for each class, which
        broadcasts along the last dimension (shape ``(C,)`` for an
        ``(N, C)`` input); :math:`p > 1` raises recall, :math:`p < 1`
        precision. Default ones. Also a buffer.

    Shape
    -----
    - Input: ``(*)``, scores (logits)
    - Target: ``(*)``, the input's shape and dtype, values in :math:`[0, 1]`
    - Output: a scalar, or ``(*)`` with ``reduction='none'``

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
    r"""The Kullback-Leibler divergence of the predicted distribution from the target's.

    With ``input`` :math:`x` holding log-probabilities and ``target``
    :math:`y` probabilities, over the :math:`M` elements:

    .. math::

        \ell_i = y_i \left(\log y_i - x_i\right)
        \qquad\text{or, with log\_target,}\qquad
        \ell_i = e^{y_i} \left(y_i - x_i\right)

    a target probability of 0 contributing 0. The reduction is

    .. math::

        \ell = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{N} \sum_i \ell_i & \text{reduction='batchmean'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    with :math:`N` the batch size (the first dimension): only
    ``'batchmean'`` gives the divergence as defined mathematically.

    Parameters
    ----------
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'batchmean', 'sum', 'none'}, default 'mean'
        ``'batchmean'`` divides the sum by the batch size, ``'mean'`` by the
        number of elements (with a warning, as PyTorch gives, that this is
        not the divergence), ``'sum'`` adds, ``'none'`` returns the
        elementwise losses. Another string is a ``ValueError``.
    log_target : bool, default False
        Whether ``target`` holds log-probabilities too, which is more
        accurate for tiny probabilities.

    Shape
    -----
    - Input: ``(*)``, log-probabilities
    - Target: a shape that broadcasts with the input's
    - Output: a scalar, or the broadcast shape with ``reduction='none'``

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
    r"""A hinge on the order of two scores: ``input1`` should rank above ``input2`` where the target is 1.

    For pairs of scores :math:`x_{1,i}, x_{2,i}` and targets
    :math:`y_i \in \{1, -1\}` over :math:`M` pairs:

    .. math::

        \ell_i = \max\left(0,\; -y_i (x_{1,i} - x_{2,i}) + \text{margin}\right)

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    The layer is called as ``loss(input1, input2, target)``.

    Parameters
    ----------
    margin : float, default 0.0
        How far the right score must lead before the pair costs nothing.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over the pairs, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input1: ``(N)`` or ``()``
    - Input2 and Target: the same number of dimensions, shapes that broadcast
    - Output: a scalar, or ``(N)`` with ``reduction='none'``

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
    r"""The triplet loss: an anchor should be nearer its positive than its negative by a margin.

    For triplets of anchors :math:`a_i`, positives :math:`p_i` and negatives
    :math:`n_i` over :math:`M` triplets:

    .. math::

        \ell_i = \max\left(d(a_i, p_i) - d(a_i, n_i) + \text{margin},\; 0\right),
        \qquad d(u, v) = \lVert u - v + \epsilon \rVert_p

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    With ``swap``, the negative distance is
    :math:`\min(d(a_i, n_i), d(p_i, n_i))`. The layer is called as
    ``loss(anchor, positive, negative)``.

    Parameters
    ----------
    margin : float, default 1.0
        How much nearer the positive must be (positive, a ``ValueError``
        otherwise).
    p : float, default 2.0
        The order of the norm of the distance :math:`d`.
    eps : float, default 1e-6
        :math:`\epsilon`, added to each difference so that the norm's
        gradient stays finite at zero distance.
    swap : bool, default False
        Whether to use the distance swap of Balntas et al. (2016): the
        smaller of the anchor-negative and positive-negative distances.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over the triplets, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Anchor, Positive, Negative: ``(N, D)``, or ``(D)`` for one triplet,
      all with the same number of dimensions
    - Output: a scalar, or ``(N)`` with ``reduction='none'``

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
    r"""Pulls pairs of vectors together (target 1) or pushes them apart (target -1) by their cosine.

    For pairs :math:`x_{1,i}, x_{2,i}` with targets
    :math:`y_i \in \{1, -1\}`:

    .. math::

        \ell_i = \begin{cases} 1 - \cos(x_{1,i}, x_{2,i}) & y_i = 1 \\
            \max\left(0,\; \cos(x_{1,i}, x_{2,i}) - \text{margin}\right) & y_i = -1
        \end{cases}

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    The layer is called as ``loss(input1, input2, target)``.

    Parameters
    ----------
    margin : float, default 0.0
        The cosine below which a dissimilar pair costs nothing; it should lie
        in :math:`[-1, 1]`, and 0 to 0.5 is a usual choice.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over the pairs, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input1: ``(N, D)`` or ``(D)``; Input2: the same shape
    - Target: ``(N)`` or ``()``, values 1 or -1
    - Output: a scalar, or ``(N)`` with ``reduction='none'``

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
    r"""Multi-label classification: a binary cross-entropy from logits for each label, averaged over the labels.

    For sample :math:`n` with scores :math:`x_{n,c}` and 0/1 targets
    :math:`y_{n,c}` for each of :math:`C` labels:

    .. math::

        \ell_n = -\frac{1}{C} \sum_{c=1}^C w_c \left[y_{n,c} \log \sigma(x_{n,c})
            + (1 - y_{n,c}) \log \sigma(-x_{n,c})\right]

    computed without overflow, then reduced over the samples:

    .. math::

        \ell = \begin{cases}
            \{\ell_1, \dots, \ell_N\} & \text{reduction='none'} \\
            \frac{1}{N} \sum_n \ell_n & \text{reduction='mean'} \\
            \sum_n \ell_n & \text{reduction='sum'}
        \end{cases}

    Parameters
    ----------
    weight : Tensor, optional
        :math:`w`, a weight per label, shape ``(C,)`` (any shape that
        broadcasts with the input); default ones. Registered as a buffer, so it moves
        with the module and is saved in its ``state_dict``.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over the samples, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input: ``(N, C)`` or ``(C)``, logits
    - Target: the input's shape, values 0 or 1
    - Output: a scalar, or ``(N)`` with ``reduction='none'``

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
    r"""The negative log-likelihood of counts under a Poisson distribution with the predicted rate.

    With the prediction :math:`x` (the log of the rate by default) and the
    observed count :math:`y`, over the :math:`M` elements:

    .. math::

        \ell_i = e^{x_i} - y_i x_i \quad\text{(log\_input)}, \qquad
        \ell_i = x_i - y_i \log(x_i + \epsilon) \quad\text{(otherwise)}

    dropping the constant :math:`\log(y_i!)`, or adding its Stirling
    approximation :math:`y_i \log y_i - y_i + \frac{1}{2} \log(2 \pi y_i)`
    (where :math:`y_i > 1`) with ``full``.

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    The layer is called as ``loss(log_input, target)``.

    Parameters
    ----------
    log_input : bool, default True
        Whether the prediction is the log of the rate (any real, the usual
        output of a linear layer); with ``False`` it is the rate itself
        (non-negative).
    full : bool, default False
        Whether to add the Stirling term, which does not depend on the
        prediction and so changes no gradient.
    size_average : bool, optional
        Deprecated (it warns); use ``reduction``. When it or ``reduce`` is
        given, the two decide the reduction instead of ``reduction``:
        ``size_average=False`` means ``'sum'``, ``True`` (assumed when only
        ``reduce`` is given) ``'mean'``.
    eps : float, default 1e-8
        :math:`\epsilon`, keeping the logarithm finite at a rate of 0 when
        ``log_input=False``.
    reduce : bool, optional
        Deprecated (it warns); use ``reduction``. ``False`` means ``'none'``,
        whatever ``size_average`` says; ``True`` (assumed when only
        ``size_average`` is given) lets ``size_average`` choose.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        How the losses :math:`\ell_i` become the output: ``'mean'``
        averages them over all elements, ``'sum'`` adds them,
        ``'none'`` returns them unreduced. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input: ``(*)``; Target: ``(*)``, a shape that broadcasts with it
    - Output: a scalar, or ``(*)`` with ``reduction='none'``

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
    r"""The negative log-likelihood of targets under normal distributions with predicted means and variances.

    With the predicted means :math:`x_i`, variances :math:`\sigma_i^2` and
    targets :math:`y_i`:

    .. math::

        \ell_i = \frac{1}{2} \left(\log \max(\sigma_i^2, \epsilon)
            + \frac{(x_i - y_i)^2}{\max(\sigma_i^2, \epsilon)}\right)
            \; \left(+ \tfrac{1}{2} \log 2\pi \text{ with full}\right)

    .. math::

        \ell(x, y) = \begin{cases}
            \{\ell_1, \dots, \ell_M\} & \text{reduction='none'} \\
            \frac{1}{M} \sum_i \ell_i & \text{reduction='mean'} \\
            \sum_i \ell_i & \text{reduction='sum'}
        \end{cases}

    The clamp is not seen by autograd, as in PyTorch: the gradient with
    respect to the variance is that of the clamped value. The layer is called
    as ``loss(input, target, var)``; a negative variance is a ``ValueError``.

    Parameters
    ----------
    full : bool, default False
        Keyword only. Whether to add the constant :math:`\frac{1}{2} \log 2\pi`.
    eps : float, default 1e-6
        Keyword only. :math:`\epsilon`, the smallest variance used, for
        stability.
    reduction : {'mean', 'sum', 'none'}, default 'mean'
        Keyword only. ``'mean'`` averages the elementwise losses, ``'sum'``
        adds them, ``'none'`` returns them. Another string is a
        ``ValueError``.

    Shape
    -----
    - Input: ``(N, *)`` or ``(*)``, the means
    - Target: the input's shape
    - Var: the input's shape, one dimension short of it, or with one
      dimension of size 1 (a variance shared along it); or a float
    - Output: a scalar, or the input's shape with ``reduction='none'``

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
