"""Activation layers: each holds its hyper-parameters and calls ``nn.functional``.

Each layer's docstring gives its formula and parameters; the functional twins
in :mod:`minigrad.ops.activation` (shown as ``minigrad.nn.functional``) compute it.
"""
import warnings

from minigrad.nn import functional as F
from minigrad.nn.modules.module import Module
from minigrad.nn.modules._utils import _empty, _factory_dtype
from minigrad.ops._args import check_int, check_number, check_tensor
from minigrad.ops.activation import _check_celu_alpha

__all__ = [
    "ReLU", "ReLU6", "LeakyReLU", "ELU", "GELU", "SiLU", "Sigmoid", "Tanh", "Hardswish",
    "Softplus", "Softmax", "LogSoftmax",
    "Hardsigmoid", "Mish", "PReLU", "GLU", "Softmin", "Softmax2d",
    "SELU", "CELU", "Hardtanh", "Softsign", "LogSigmoid",
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
    r"""The rectified linear unit, elementwise.

    .. math::

        \text{ReLU}(x) = \max(x, 0)

    Its gradient is 1 where :math:`x > 0` and 0 elsewhere (0 at :math:`x = 0`).

    Parameters
    ----------
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
    >>> nn.ReLU()(minigrad.tensor([-1.0, 0.5]))
    tensor([0.0000, 0.5000])
    """

    def forward(self, input):
        return F.relu(input, inplace=self.inplace)


class ReLU6(_InplaceActivation):
    r"""The rectified linear unit capped at 6, elementwise.

    .. math::

        \text{ReLU6}(x) = \min(\max(x, 0), 6)

    The cap keeps activations in a range that low-precision arithmetic
    represents well (MobileNet).

    Parameters
    ----------
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
    >>> nn.ReLU6()(minigrad.tensor([-1.0, 7.0]))
    tensor([0., 6.])
    """

    def forward(self, input):
        return F.relu6(input, inplace=self.inplace)


class LeakyReLU(Module):
    r"""The leaky rectified linear unit: a small slope instead of zero for negative inputs.

    .. math::

        \text{LeakyReLU}(x) = \begin{cases} x & x > 0 \\
            \text{negative\_slope} \cdot x & x \le 0 \end{cases}

    Parameters
    ----------
    negative_slope : float, default 0.01
        The slope for negative inputs; a non-zero slope keeps a gradient
        flowing where a ReLU would have none. Any float (a negative one
        flips the sign of negative inputs).
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
    r"""The exponential linear unit, elementwise.

    .. math::

        \text{ELU}(x) = \begin{cases} x & x > 0 \\
            \alpha\, (e^{x} - 1) & x \le 0 \end{cases}

    Negative inputs saturate smoothly at :math:`-\alpha`, which pushes mean
    activations towards zero.

    Parameters
    ----------
    alpha : float, default 1.0
        :math:`\alpha`, the value negative inputs approach.
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
    r"""The Gaussian error linear unit, elementwise.

    .. math::

        \text{GELU}(x) = x\, \Phi(x) = \frac{x}{2}
            \left(1 + \operatorname{erf}\left(\frac{x}{\sqrt 2}\right)\right)

    where :math:`\Phi` is the standard normal distribution function. With
    ``approximate='tanh'``:

    .. math::

        \text{GELU}(x) \approx \frac{x}{2} \left(1 + \tanh\left(\sqrt{2/\pi}\,
            (x + 0.044715\, x^3)\right)\right)

    Parameters
    ----------
    approximate : {'none', 'tanh'}, default 'none'
        ``'none'`` computes the exact form with the error function;
        ``'tanh'`` the cheaper tanh approximation, which some pretrained
        models (GPT-2 among them) were trained with. Any other string is a
        ``ValueError``.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.GELU()(minigrad.tensor([0.0]))
    tensor([0.])
    >>> nn.GELU(approximate="tanh")
    GELU(approximate='tanh')
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
    r"""The sigmoid linear unit (swish), elementwise.

    .. math::

        \text{SiLU}(x) = x\, \sigma(x) = \frac{x}{1 + e^{-x}}

    Parameters
    ----------
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
    >>> nn.SiLU()(minigrad.tensor([0.0]))
    tensor([0.])
    """

    def forward(self, input):
        return F.silu(input, inplace=self.inplace)


class Hardswish(Module):
    r"""The hard swish, a piecewise approximation of SiLU without exponentials (MobileNetV3).

    .. math::

        \text{Hardswish}(x) = x\, \frac{\text{ReLU6}(x + 3)}{6} =
            \begin{cases} 0 & x \le -3 \\ x & x \ge 3 \\
            x (x + 3) / 6 & \text{otherwise} \end{cases}

    Parameters
    ----------
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
    >>> nn.Hardswish()(minigrad.tensor([-4.0, 0.0, 4.0]))
    tensor([-0., 0., 4.])
    """

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return F.hardswish(input, inplace=self.inplace)


class Sigmoid(Module):
    r"""The logistic sigmoid, elementwise: any real to a probability in (0, 1).

    .. math::

        \sigma(x) = \frac{1}{1 + e^{-x}}

    Its gradient is :math:`\sigma(x)(1 - \sigma(x))`. The layer takes no
    parameters.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

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
    r"""The hyperbolic tangent, elementwise: any real to (-1, 1).

    .. math::

        \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}

    Its gradient is :math:`1 - \tanh^2(x)`. The layer takes no parameters.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

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
    r"""The softplus, a smooth ReLU that is always positive.

    .. math::

        \text{Softplus}(x) = \frac{1}{\beta} \log\left(1 + e^{\beta x}\right),
        \quad \text{or } x \text{ where } \beta x > \text{threshold}

    Parameters
    ----------
    beta : float, default 1.0
        :math:`\beta`, the sharpness: a larger value follows the ReLU more
        closely.
    threshold : float, default 20.0
        Above this value of :math:`\beta x` the output is :math:`x` itself,
        which the formula equals there to float precision, and the
        exponential cannot overflow.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

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
    r"""The softmax along one dimension: scores turned into probabilities.

    .. math::

        \text{Softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}

    the sum running along ``dim``. The largest score is subtracted first, so
    large scores do not overflow.

    Parameters
    ----------
    dim : int, optional
        The dimension along which the outputs sum to 1; negative values count
        from the end. ``None``, the default, picks dimension 0 for 0-d, 1-d
        and 3-d inputs and 1 otherwise, with a deprecation warning, as
        PyTorch does: always pass it.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape, values in [0, 1]

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
    r"""The logarithm of the softmax along one dimension, computed stably.

    .. math::

        \text{LogSoftmax}(x)_i = x_i - \log \sum_j e^{x_j}

    the sum running along ``dim``; the maximum is subtracted inside the
    logarithm, so it neither overflows nor takes the log of an underflowed 0.
    With :class:`NLLLoss` it gives the cross-entropy.

    Parameters
    ----------
    dim : int, optional
        The dimension along which the outputs are log-probabilities; negative values count
        from the end. ``None``, the default, picks dimension 0 for 0-d, 1-d
        and 3-d inputs and 1 otherwise, with a deprecation warning, as
        PyTorch does: always pass it.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape, values in (-inf, 0]

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
    r"""The hard sigmoid, a piecewise linear approximation of the sigmoid.

    .. math::

        \text{Hardsigmoid}(x) = \min\left(\max\left(\frac{x}{6} + \frac{1}{2}, 0\right), 1\right)

    Parameters
    ----------
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
    >>> nn.Hardsigmoid()(minigrad.tensor([-4.0, 0.0, 4.0]))
    tensor([0.0000, 0.5000, 1.0000])
    """

    def forward(self, input):
        return F.hardsigmoid(input, inplace=self.inplace)


class Mish(_InplaceActivation):
    r"""The Mish activation, a smooth self-gated unit, elementwise.

    .. math::

        \text{Mish}(x) = x \tanh(\text{Softplus}(x)) = x \tanh\left(\log(1 + e^{x})\right)

    Parameters
    ----------
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
    >>> nn.Mish()(minigrad.tensor([0.0, 1.0]))
    tensor([0.0000, 0.8651])
    """

    def forward(self, input):
        return F.mish(input, inplace=self.inplace)


class PReLU(Module):
    r"""The parametric ReLU: a leaky ReLU whose negative slopes are learned.

    .. math::

        \text{PReLU}(x) = \max(0, x) + a \min(0, x)

    with one slope :math:`a` shared by every element, or one per channel
    (dimension 1 of the input, dimension 0 of a 1-d input).

    Parameters
    ----------
    num_parameters : int, default 1
        The number of slopes (at least 1): 1, shared by every channel, or the
        number of channels of the input.
    init : float, default 0.25
        The initial value of every slope.
    device : str or device, optional
        Where the slopes live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The slopes' floating-point dtype, ``float32`` or ``float64``; default
        :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight : Parameter
        The slopes, shape ``(num_parameters,)``, filled with ``init``.

    Shape
    -----
    - Input: ``(*)``, channels on dimension 1 when ``num_parameters > 1``
    - Output: ``(*)``, the input's shape

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
    r"""The gated linear unit: one half of the input gated by the sigmoid of the other.

    The input is split into halves :math:`a` and :math:`b` along ``dim``:

    .. math::

        \text{GLU}(a, b) = a \odot \sigma(b)

    Parameters
    ----------
    dim : int, default -1
        The dimension split in half; negative values count from the end. Its
        size must be even.

    Shape
    -----
    - Input: ``(*, 2M, *)``, the size ``2M`` at ``dim``
    - Output: ``(*, M, *)``

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
    r"""The softmin along one dimension: the smallest score gets the largest probability.

    .. math::

        \text{Softmin}(x)_i = \frac{e^{-x_i}}{\sum_j e^{-x_j}}

    the softmax of :math:`-x`, the sum running along ``dim``.

    Parameters
    ----------
    dim : int, optional
        The dimension along which the outputs sum to 1; negative values count
        from the end. ``None``, the default, picks dimension 0 for 0-d, 1-d
        and 3-d inputs and 1 otherwise, with a deprecation warning, as
        PyTorch does: always pass it.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape, values in [0, 1]

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
    r"""The softmax over the channels at every spatial location.

    For every sample :math:`n` and position :math:`(h, w)`:

    .. math::

        \text{out}[n, c, h, w] = \frac{e^{x[n, c, h, w]}}{\sum_{c'} e^{x[n, c', h, w]}}

    the softmax along dimension -3. The layer takes no parameters.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: the input's shape

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


class SELU(_InplaceActivation):
    r"""The scaled exponential linear unit, elementwise.

    .. math::

        \text{SELU}(x) = \text{scale} \cdot \begin{cases} x & x > 0 \\
            \alpha\, (e^{x} - 1) & x \le 0 \end{cases}

    with :math:`\alpha = 1.6732632423543772848170429916717` and
    :math:`\text{scale} = 1.0507009873554804934193349852946`, the constants
    that keep activations of zero mean and unit variance so through a layer
    (self-normalizing networks; pair it with :class:`AlphaDropout`).

    Parameters
    ----------
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
    >>> nn.SELU()(minigrad.tensor([0.0, 1.0]))
    tensor([0.0000, 1.0507])
    """

    def forward(self, input):
        return F.selu(input, inplace=self.inplace)


class CELU(Module):
    r"""The continuously differentiable exponential linear unit, elementwise.

    .. math::

        \text{CELU}(x) = \max(0, x) + \min\left(0, \alpha \left(e^{x / \alpha} - 1\right)\right)

    Unlike :class:`ELU`, its slope at 0 is 1 for every :math:`\alpha`.

    Parameters
    ----------
    alpha : float, default 1.0
        :math:`\alpha`, the value negative inputs approach; not 0 (a
        ``ValueError``).
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
    >>> nn.CELU(alpha=0.5)(minigrad.tensor([-2.0, 1.0]))
    tensor([-0.4908,  1.0000])
    >>> nn.CELU()
    CELU(alpha=1.0)
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        _check_celu_alpha("CELU", alpha)
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input):
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Hardtanh(Module):
    r"""The hard tanh: the input clipped to ``[min_val, max_val]``, elementwise.

    .. math::

        \text{Hardtanh}(x) = \begin{cases} \text{max\_val} & x > \text{max\_val} \\
            \text{min\_val} & x < \text{min\_val} \\ x & \text{otherwise} \end{cases}

    Its gradient is 1 strictly between the bounds and 0 at and beyond them.

    Parameters
    ----------
    min_val : float, default -1.0
        The lower bound.
    max_val : float, default 1.0
        The upper bound, greater than ``min_val`` (a ``ValueError``
        otherwise).
    inplace : bool, default False
        Whether to write the result into the input and return the input, as
        code written for PyTorch may expect. In minigrad it saves no memory:
        the result is computed out of place, then copied.
    min_value : float, optional
        The former name of ``min_val``: replaces it, with a ``FutureWarning``.
    max_value : float, optional
        The former name of ``max_val``: replaces it, with a ``FutureWarning``.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Hardtanh(-2, 2)(minigrad.tensor([-3.0, 0.5, 3.0]))
    tensor([-2.0000,  0.5000,  2.0000])
    >>> nn.Hardtanh()
    Hardtanh(min_val=-1.0, max_val=1.0)
    """

    def __init__(self, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False,
                 min_value: float | None = None, max_value: float | None = None):
        super().__init__()
        if min_value is not None:
            warnings.warn("Hardtanh: keyword argument min_value is deprecated and renamed to "
                          "min_val", FutureWarning, stacklevel=2)
            min_val = min_value
        if max_value is not None:
            warnings.warn("Hardtanh: keyword argument max_value is deprecated and renamed to "
                          "max_val", FutureWarning, stacklevel=2)
            max_val = max_value
        check_number("Hardtanh", "min_val", min_val)
        check_number("Hardtanh", "max_val", max_val)
        if max_val <= min_val:
            raise ValueError(
                f"Hardtanh: max_val ({max_val}) must be greater than min_val ({min_val})")
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        return (f"min_val={self.min_val}, max_val={self.max_val}"
                + (", inplace=True" if self.inplace else ""))


class Softsign(Module):
    r"""The softsign, elementwise: any real to (-1, 1), more slowly than tanh.

    .. math::

        \text{Softsign}(x) = \frac{x}{1 + |x|}

    As in PyTorch, :math:`\pm\infty` gives NaN. The layer takes no
    parameters.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.Softsign()(minigrad.tensor([-3.0, 1.0]))
    tensor([-0.7500,  0.5000])
    """

    def forward(self, input):
        return F.softsign(input)


class LogSigmoid(Module):
    r"""The logarithm of the sigmoid, elementwise, computed without overflow.

    .. math::

        \text{LogSigmoid}(x) = \log \frac{1}{1 + e^{-x}}
            = \min(x, 0) - \log\left(1 + e^{-|x|}\right)

    The second form is the one computed: large :math:`|x|` neither overflows
    nor takes the log of 0. The layer takes no parameters.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: ``(*)``, the input's shape, values in (-inf, 0]

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> nn.LogSigmoid()(minigrad.tensor([0.0, 1000.0]))
    tensor([-0.6931,  0.0000])
    """

    def forward(self, input):
        return F.logsigmoid(input)
