"""Activation layers: each holds its hyper-parameters and calls ``nn.functional``.

Each activation is documented once, in :mod:`minigrad.ops.activation` (shown as
``minigrad.nn.functional``); the layers here point there.
"""

from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.nn.modules._utils import _empty, _factory_dtype
from minigrad.ops._args import check_int, check_number, check_tensor

__all__ = [
    "ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Sigmoid", "Tanh", "Hardswish",
    "Softplus", "Softmax", "LogSoftmax",
    "Hardsigmoid", "Mish", "PReLU", "GLU", "Softmin", "Softmax2d",
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


class Hardsigmoid(_InplaceActivation):
    """:func:`~minigrad.nn.functional.hardsigmoid` as a layer; the formula and arguments are there.

    .. math:: \\text{Hardsigmoid}(x) = \\min(\\max(x / 6 + 1/2, 0), 1)

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Hardsigmoid()(minigrad.tensor([-4.0, 0.0, 4.0]))
    tensor([0.0000, 0.5000, 1.0000])
    """

    def forward(self, input):
        return F.hardsigmoid(input, inplace=self.inplace)


class Mish(_InplaceActivation):
    """:func:`~minigrad.nn.functional.mish` as a layer; the formula and arguments are there.

    .. math:: \\text{Mish}(x) = x \\tanh(\\log(1 + e^x))

    Shape
    -----
    - Input: ``(*)``; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Mish()(minigrad.tensor([0.0, 1.0]))
    tensor([0.0000, 0.8651])
    """

    def forward(self, input):
        return F.mish(input, inplace=self.inplace)


class PReLU(Module):
    """:func:`~minigrad.nn.functional.prelu` with the slopes learned.

    .. math:: \\text{PReLU}(x) = \\max(0, x) + a \\min(0, x)

    Parameters
    ----------
    num_parameters : int, default 1
        The number of slopes: 1 (shared by every channel) or the number of
        channels (axis 1 of the input).
    init : float, default 0.25
        The initial value of every slope.

    Attributes
    ----------
    weight : Parameter
        The slopes, shape ``(num_parameters,)``, filled with ``init``.

    Shape
    -----
    - Input: ``(*)``, channels on axis 1; Output: ``(*)``, the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> layer = nn.PReLU(2, init=0.1)
    >>> layer
    PReLU(num_parameters=2)
    >>> layer(minigrad.tensor([[-1.0, 2.0], [3.0, -4.0]]))
    tensor([[-0.1000,  2.0000],
            [ 3.0000, -0.4000]], grad_fn=<PReLUBackward>)
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = check_int("PReLU", "num_parameters", num_parameters, 1)
        self.init = check_number("PReLU", "init", init)
        dtype = _factory_dtype("PReLU", device, dtype)
        self.weight = _empty((self.num_parameters,), dtype)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Fill the slopes with ``init`` again."""
        self.weight._data[...] = self.init

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class GLU(Module):
    """:func:`~minigrad.nn.functional.glu` as a layer; the formula and arguments are there.

    .. math:: \\text{GLU}(a, b) = a \\otimes \\sigma(b)

    Parameters
    ----------
    dim : int, default -1
        The dimension split in half.

    Shape
    -----
    - Input: ``(*, N, *)``; Output: ``(*, N / 2, *)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.GLU()(minigrad.tensor([[1.0, 2.0, 0.0, 100.0]]))
    tensor([[0.5000, 2.0000]])
    """

    def __init__(self, dim: int = -1):
        super().__init__()
        self.dim = check_int("GLU", "dim", dim)

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmin(Module):
    """:func:`~minigrad.nn.functional.softmin` as a layer; the formula and arguments are there.

    .. math:: \\text{Softmin}(x_i) = \\frac{e^{-x_i}}{\\sum_j e^{-x_j}}

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
    >>> nn.Softmin(dim=0)(minigrad.tensor([0.0, 0.0]))
    tensor([0.5000, 0.5000])
    """

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.softmin(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax2d(Module):
    """The softmax over the channels at every spatial location.

    :func:`~minigrad.nn.functional.softmax` along dimension -3.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``; Output: the same shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Softmax2d()(minigrad.zeros(1, 2, 1, 1)).flatten()
    tensor([0.5000, 0.5000])
    """

    def forward(self, input):
        check_tensor("Softmax2d", "input", input)
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {input.ndim}D instead")
        return F.softmax(input, -3)
