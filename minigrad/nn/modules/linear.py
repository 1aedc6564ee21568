"""Identity, Linear and Bilinear layers."""
import math

from minigrad.nn import functional as F
from minigrad.nn import init
from minigrad.nn.modules._utils import _empty, _factory_dtype
from minigrad.nn.modules.lazy import LazyModuleMixin
from minigrad.nn.modules.module import Module
from minigrad.nn.parameter import UninitializedParameter
from minigrad.ops._args import check_bool, check_int

__all__ = ["Identity", "Linear", "Bilinear", "LazyLinear"]


class Identity(Module):
    r"""The identity: returns its input unchanged, whatever it was built with.

    .. math::

        y = x

    A placeholder, for instance to remove a layer from a model without
    changing its structure, or to keep an optional layer's slot filled.

    Parameters
    ----------
    *args, **kwargs
        Any arguments, accepted and ignored, so that ``Identity`` can stand
        in for a layer whose constructor arguments are already written.

    Shape
    -----
    - Input: ``(*)``, any shape
    - Output: the input itself

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> x = minigrad.ones(2)
    >>> nn.Identity(54, unused="argument")(x) is x
    True
    """

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        return input


class Linear(Module):
    r"""A fully connected layer: an affine map of the last dimension.

    .. math::

        y = x W^\top + b

    with :math:`W` of shape ``(out_features, in_features)``, applied to each
    row of the input's last dimension.

    Parameters
    ----------
    in_features : int
        The size of each input sample, the input's last dimension (at least 0).
    out_features : int
        The size of each output sample (at least 0).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight : Parameter
        :math:`W`, shape ``(out_features, in_features)``, drawn from
        :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = \text{in\_features}` (``kaiming_uniform_`` with
        ``a = sqrt(5)``, as PyTorch does).
    bias : Parameter or None
        :math:`b`, shape ``(out_features,)``, from the same distribution.

    Shape
    -----
    - Input: ``(*, H_in)`` with ``H_in = in_features``, any leading dimensions
    - Output: ``(*, H_out)`` with ``H_out = out_features``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> fc = nn.Linear(20, 30)
    >>> fc(minigrad.randn(128, 20)).shape
    minigrad.Size([128, 30])
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, device=None,
                 dtype=None):
        super().__init__()
        dtype = _factory_dtype("Linear", device, dtype)
        self.in_features = check_int("Linear", "in_features", in_features, 0)
        self.out_features = check_int("Linear", "out_features", out_features, 0)
        self.weight = _empty((out_features, in_features), dtype)
        if check_bool(type(self).__name__, "bias", bias):
            self.bias = _empty((out_features,), dtype)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again from their initial distribution."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.in_features
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input):
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"bias={self.bias is not None}")


class Bilinear(Module):
    r"""A bilinear layer: each output is a bilinear form of the two inputs.

    .. math::

        y_k = x_1^\top A_k\, x_2 + b_k, \qquad k = 1, \dots, \text{out\_features}

    with :math:`A_k` the ``(in1_features, in2_features)`` slice ``weight[k]``.

    Parameters
    ----------
    in1_features : int
        The size of each sample of the first input, its last dimension (at
        least 1).
    in2_features : int
        The size of each sample of the second input (at least 1).
    out_features : int
        The size of each output sample (at least 1).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`.

    Attributes
    ----------
    weight : Parameter
        The :math:`A_k`, shape ``(out_features, in1_features, in2_features)``,
        drawn from :math:`\mathcal{U}(-1/\sqrt{k}, 1/\sqrt{k})` with
        :math:`k = \text{in1\_features}`.
    bias : Parameter or None
        :math:`b`, shape ``(out_features,)``, from the same distribution.

    Shape
    -----
    - Input1: ``(*, H_in1)`` with ``H_in1 = in1_features``
    - Input2: ``(*, H_in2)`` with ``H_in2 = in2_features`` and the same leading
      dimensions
    - Output: ``(*, H_out)`` with ``H_out = out_features``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> m = nn.Bilinear(20, 30, 40)
    >>> m(minigrad.randn(128, 20), minigrad.randn(128, 30)).shape
    minigrad.Size([128, 40])
    """

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, device=None, dtype=None):
        super().__init__()
        dtype = _factory_dtype("Bilinear", device, dtype)
        self.in1_features = check_int("Bilinear", "in1_features", in1_features, 1)
        self.in2_features = check_int("Bilinear", "in2_features", in2_features, 1)
        self.out_features = check_int("Bilinear", "out_features", out_features, 1)
        self.weight = _empty((out_features, in1_features, in2_features), dtype)
        if check_bool(type(self).__name__, "bias", bias):
            self.bias = _empty((out_features,), dtype)
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again from their initial distribution."""
        bound = 1 / math.sqrt(self.weight.shape[1])
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2):
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
                f"out_features={self.out_features}, bias={self.bias is not None}")


class LazyLinear(LazyModuleMixin, Linear):
    r"""A :class:`Linear` whose ``in_features`` is read from the first input.

    Until the first call ``weight`` and ``bias`` are
    :class:`~minigrad.nn.parameter.UninitializedParameter` objects without a
    shape. The first call takes ``in_features`` from the input's last
    dimension, creates them, initializes them as :class:`Linear` does and
    turns the module into a :class:`Linear`, which from then on computes

    .. math::

        y = x W^\top + b

    Parameters
    ----------
    out_features : int
        The size of each output sample (at least 0).
    bias : bool, default True
        Whether to learn the additive bias :math:`b`; with ``False`` the
        ``bias`` attribute is ``None``.
    device : str or device, optional
        Where the parameters live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The parameters' floating-point dtype, ``float32`` or ``float64``;
        default :func:`minigrad.get_default_dtype`.

    Shape
    -----
    - Input: ``(*, H_in)``, any ``H_in``
    - Output: ``(*, H_out)`` with ``H_out = out_features``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn, optim
    >>> layer = nn.LazyLinear(2)
    >>> sgd = optim.SGD(layer.parameters(), lr=0.1)  # before the first call, as in PyTorch
    >>> layer(minigrad.ones(4, 3)).sum().backward()
    >>> sgd.step()
    >>> layer
    Linear(in_features=3, out_features=2, bias=True)
    """

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None):
        super().__init__(0, out_features, False, device, dtype)
        dtype = _factory_dtype("LazyLinear", device, dtype)
        self.weight = UninitializedParameter(dtype=dtype)
        if check_bool("LazyLinear", "bias", bias):
            self.bias = UninitializedParameter(dtype=dtype)

    def reset_parameters(self) -> None:
        """Initialize as :class:`Linear` once materialized; nothing before."""
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs) -> None:
        """Materialize the weight as ``(out_features, input.shape[-1])``, and the bias."""
        if input.ndim == 0:
            raise ValueError("LazyLinear: expected an input of at least 1 dimension, got 0-d")
        self.in_features = int(input.shape[-1])
        if self.has_uninitialized_params():
            self.weight.materialize((self.out_features, self.in_features))
            if self.bias is not None:
                self.bias.materialize((self.out_features,))
            self.reset_parameters()
