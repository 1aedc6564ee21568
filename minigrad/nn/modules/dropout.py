"""Dropout layers: active in training mode, the identity in evaluation mode."""
from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.ops._args import check_probability

__all__ = ["AlphaDropout", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d"]


class _DropoutNd(Module):
    """Holds ``p`` and ``inplace``; subclasses pick the functional."""

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        self.p = check_probability(type(self).__name__, p)
        self.inplace = inplace

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout(_DropoutNd):
    r"""Dropout: in training, zeroes each element with probability ``p`` and scales the rest up.

    In training mode each element is kept or zeroed independently:

    .. math::

        y_i = \frac{m_i}{1 - p}\, x_i, \qquad m_i \sim \text{Bernoulli}(1 - p)

    The scaling keeps the expected value of every element, so in evaluation
    mode (:meth:`Module.eval`) the layer returns its input unchanged. A
    regularizer: no unit can rely on any single other one.

    Parameters
    ----------
    p : float, default 0.5
        :math:`p`, the probability of zeroing an element, in :math:`[0, 1]` (a
        ``ValueError`` otherwise); :math:`p = 1` zeroes everything.
    inplace : bool, default False
        Whether to write the result into the input and return the input, as
        code written for PyTorch may expect. In minigrad it saves no memory:
        the result is computed out of place, then copied.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

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
    r"""Channel dropout for ``(N, C, L)`` input: in training, zeroes whole channels with probability ``p``.

    In training mode a whole channel (a feature map) of each sample is kept
    or zeroed together:

    .. math::

        y[n, c] = \frac{m_{n,c}}{1 - p}\, x[n, c], \qquad
        m_{n,c} \sim \text{Bernoulli}(1 - p)

    Neighbouring positions of a feature map are strongly correlated, so
    zeroing single elements would regularize little; dropping whole channels
    does. In evaluation mode (:meth:`Module.eval`) it returns the input
    unchanged.

    Parameters
    ----------
    p : float, default 0.5
        :math:`p`, the probability of zeroing a channel, in :math:`[0, 1]` (a
        ``ValueError`` otherwise); :math:`p = 1` zeroes everything.
    inplace : bool, default False
        Whether to write the result into the input and return the input, as
        code written for PyTorch may expect. In minigrad it saves no memory:
        the result is computed out of place, then copied.

    Shape
    -----
    - Input: ``(N, C, L)`` or, unbatched, ``(C, L)``
    - Output: the input's shape

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
    r"""Channel dropout for ``(N, C, H, W)`` input: in training, zeroes whole channels with probability ``p``.

    In training mode a whole channel (a feature map) of each sample is kept
    or zeroed together:

    .. math::

        y[n, c] = \frac{m_{n,c}}{1 - p}\, x[n, c], \qquad
        m_{n,c} \sim \text{Bernoulli}(1 - p)

    Neighbouring positions of a feature map are strongly correlated, so
    zeroing single elements would regularize little; dropping whole channels
    does. In evaluation mode (:meth:`Module.eval`) it returns the input
    unchanged.

    A 3-d input is read as ``(N, C, L)`` with a warning, as in PyTorch.

    Parameters
    ----------
    p : float, default 0.5
        :math:`p`, the probability of zeroing a channel, in :math:`[0, 1]` (a
        ``ValueError`` otherwise); :math:`p = 1` zeroes everything.
    inplace : bool, default False
        Whether to write the result into the input and return the input, as
        code written for PyTorch may expect. In minigrad it saves no memory:
        the result is computed out of place, then copied.

    Shape
    -----
    - Input: ``(N, C, H, W)`` (or ``(N, C, L)``, see above)
    - Output: the input's shape

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
    r"""Channel dropout for ``(N, C, D, H, W)`` input: in training, zeroes whole channels with probability ``p``.

    In training mode a whole channel (a feature map) of each sample is kept
    or zeroed together:

    .. math::

        y[n, c] = \frac{m_{n,c}}{1 - p}\, x[n, c], \qquad
        m_{n,c} \sim \text{Bernoulli}(1 - p)

    Neighbouring positions of a feature map are strongly correlated, so
    zeroing single elements would regularize little; dropping whole channels
    does. In evaluation mode (:meth:`Module.eval`) it returns the input
    unchanged.

    Parameters
    ----------
    p : float, default 0.5
        :math:`p`, the probability of zeroing a channel, in :math:`[0, 1]` (a
        ``ValueError`` otherwise); :math:`p = 1` zeroes everything.
    inplace : bool, default False
        Whether to write the result into the input and return the input, as
        code written for PyTorch may expect. In minigrad it saves no memory:
        the result is computed out of place, then copied.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or, unbatched, ``(C, D, H, W)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Dropout3d(0.2)(minigrad.randn(2, 4, 3, 3, 3)).shape
    minigrad.Size([2, 4, 3, 3, 3])
    """

    def forward(self, input):
        return F.dropout3d(input, self.p, self.training, self.inplace)


class AlphaDropout(_DropoutNd):
    r"""Alpha dropout, for SELU networks: in training, keeps the mean and variance of its input.

    In training mode each element is dropped with probability :math:`p`,
    set to SELU's negative saturation :math:`\alpha' = -1.7580993408473766`
    instead of 0, and an affine map restores the statistics:

    .. math::

        y_i = a \left(m_i x_i + (1 - m_i)\, \alpha'\right) + b, \qquad
        m_i \sim \text{Bernoulli}(1 - p)

    with :math:`a = \left((\alpha'^2 p + 1)(1 - p)\right)^{-1/2}` and
    :math:`b = -a \alpha' p`. An input of zero mean and unit variance (the
    output of a :class:`SELU` network) keeps them. In evaluation mode
    (:meth:`Module.eval`) the layer returns its input unchanged.

    Parameters
    ----------
    p : float, default 0.5
        :math:`p`, the probability of dropping an element, in :math:`[0, 1]`
        (a ``ValueError`` otherwise); :math:`p = 1` gives zeros, as in
        PyTorch.
    inplace : bool, default False
        Whether to write the result into the input and return the input, as
        code written for PyTorch may expect. In minigrad it saves no memory:
        the result is computed out of place, then copied.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> drop = nn.AlphaDropout(p=0.2)
    >>> drop
    AlphaDropout(p=0.2, inplace=False)
    >>> drop(minigrad.randn(20, 16)).shape
    minigrad.Size([20, 16])
    >>> drop.eval()(minigrad.ones(3))
    tensor([1., 1., 1.])
    """

    def forward(self, input):
        return F.alpha_dropout(input, self.p, self.training, self.inplace)
