"""Activation layers: each holds its hyper-parameters and calls ``nn.functional``.

Each activation is documented once, in :mod:`minigrad.ops.activation` (shown as
``minigrad.nn.functional``); the layers here point there.
"""

from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module

__all__ = [
    "ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Sigmoid", "Tanh", "Hardswish",
    "Softplus", "Softmax", "LogSoftmax",
]


class _InplaceActivation(Module):
    """An elementwise activation with PyTorch's ``inplace`` flag.

    ``inplace=True`` writes the result into the input (see
    :mod:`minigrad.nn.functional`); it saves no memory in minigrad.
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_InplaceActivation):
    """:func:`~minigrad.nn.functional.relu` as a layer; the formula and arguments are there.

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReLU()(minigrad.tensor([-1.0, 0.5]))
    tensor([0.0000, 0.5000])
    """

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)


class ReLU6(_InplaceActivation):
    """:func:`~minigrad.nn.functional.relu6` as a layer; the formula and arguments are there.

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ReLU6()(minigrad.tensor([-1.0, 7.0]))
    tensor([0., 6.])
    """

    def forward(self, input):
        return F.relu6(input, inplace=self.inplace)


class LeakyReLU(Module):
    """:func:`~minigrad.nn.functional.leaky_relu` as a layer; the formula and arguments are there.

    Parameters
    ----------
    negative_slope : float, default 0.01
    inplace : bool, default False

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LeakyReLU(0.5)(minigrad.tensor([-2.0, 2.0]))
    tensor([-1.,  2.])
    """

    def __init__(self, negative_slope: float = 1e-2, inplace: bool = False):
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class ELU(Module):
    """:func:`~minigrad.nn.functional.elu` as a layer; the formula and arguments are there.

    Parameters
    ----------
    alpha : float, default 1.0
    inplace : bool, default False

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.ELU()(minigrad.tensor([0.0, 1.0]))
    tensor([0., 1.])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    """:func:`~minigrad.nn.functional.gelu` as a layer; the formula and arguments are there.

    Parameters
    ----------
    approximate : {'none', 'tanh'}, default 'none'

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.GELU()(minigrad.tensor([0.0]))
    tensor([0.])
    """

    def __init__(self, approximate: str = "none"):
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class SiLU(_InplaceActivation):
    """:func:`~minigrad.nn.functional.silu` as a layer; the formula and arguments are there.

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.SiLU()(minigrad.tensor([0.0]))
    tensor([0.])
    """

    def forward(self, input):
        return F.silu(input, inplace=self.inplace)


class Hardswish(Module):
    """:func:`~minigrad.nn.functional.hardswish` as a layer; the formula and arguments are there.

    Parameters
    ----------
    inplace : bool, default False

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Hardswish()(minigrad.tensor([-4.0, 0.0, 4.0]))
    tensor([-0., 0., 4.])
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.hardswish(input, inplace=self.inplace)


class Sigmoid(Module):
    """:func:`~minigrad.nn.functional.sigmoid` as a layer; the formula and arguments are there.

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Sigmoid()(minigrad.tensor([0.0]))
    tensor([0.5000])
    """

    def forward(self, input):
        return F.sigmoid(input)


class Tanh(Module):
    """:func:`~minigrad.nn.functional.tanh` as a layer; the formula and arguments are there.

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Tanh()(minigrad.tensor([0.0]))
    tensor([0.])
    """

    def forward(self, input):
        return F.tanh(input)


class Softplus(Module):
    """:func:`~minigrad.nn.functional.softplus` as a layer; the formula and arguments are there.

    Parameters
    ----------
    beta : float, default 1.0
    threshold : float, default 20.0

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Softplus()(minigrad.tensor([30.0]))
    tensor([30.])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """:func:`~minigrad.nn.functional.softmax` as a layer; the formula and arguments are there.

    Parameters
    ----------
    dim : int

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Softmax(dim=1)(minigrad.zeros(1, 4))
    tensor([[0.2500, 0.2500, 0.2500, 0.2500]])
    """

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """:func:`~minigrad.nn.functional.log_softmax` as a layer; the formula and arguments are there.

    Parameters
    ----------
    dim : int

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LogSoftmax(dim=0)(minigrad.zeros(2))
    tensor([-0.6931, -0.6931])
    """

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.log_softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"
