"""The functional interface, as ``torch.nn.functional``: ``import minigrad.nn.functional as F``.

Every function here is stateless; the modules of :mod:`minigrad.nn` hold the
parameters and call these. Most are re-exported from the op families of
:mod:`minigrad.ops` (each validates its arguments and applies one
``Function``); the activations are wrapped here to take PyTorch's
``inplace`` argument, and softmax and friends its ``dim=None`` default.

``inplace=True`` writes the result into the input and returns the input,
so code written for PyTorch behaves the same; in minigrad it saves no
memory (the result is computed out of place, then copied).
"""
import warnings

from minigrad.ops import activation as _act
from minigrad.ops import shape as _shape
from minigrad.ops.conv import (
    conv1d,
    conv2d,
    conv3d,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
)
from minigrad.ops.dropout import dropout as _dropout
from minigrad.ops.dropout import dropout1d as _dropout1d
from minigrad.ops.dropout import dropout2d as _dropout2d
from minigrad.ops.dropout import dropout3d as _dropout3d
from minigrad.ops.inplace import write_result
from minigrad.ops.linear import bilinear, linear
from minigrad.ops.loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    huber_loss,
    l1_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
)
from minigrad.ops.norm import batch_norm, group_norm, instance_norm, layer_norm, local_response_norm
from minigrad.ops.pool import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    lp_pool1d,
    lp_pool2d,
    lp_pool3d,
    max_pool1d,
    max_pool2d,
    max_pool3d,
    max_unpool1d,
    max_unpool2d,
    max_unpool3d,
)
from minigrad.tensor import Tensor

__all__ = [
    # linear
    "linear", "bilinear",
    # convolution
    "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
    # pooling
    "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool1d", "avg_pool2d", "avg_pool3d",
    "max_unpool1d", "max_unpool2d", "max_unpool3d",
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
    "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
    "lp_pool1d", "lp_pool2d", "lp_pool3d",
    # normalization
    "batch_norm", "layer_norm", "group_norm", "instance_norm", "local_response_norm",
    # dropout
    "dropout", "dropout1d", "dropout2d", "dropout3d",
    # activations
    "relu", "relu6", "leaky_relu", "elu", "gelu", "silu", "sigmoid", "tanh", "hardswish",
    "softplus", "softmax", "log_softmax",
    # padding
    "pad",
    # losses
    "cross_entropy", "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits",
]


# ---------------------------------------------------------------- in-place results
def _write_into(input, result, op):
    """Make ``input`` hold ``result``, as PyTorch's in-place variants do, and return ``input``.

    The values are copied into the input's array and the input's version
    counter goes up (nodes that saved the old values then refuse to run
    backward). When ``result`` was recorded, ``input`` takes over its place
    in the graph.
    """
    if not input._data.flags.writeable:
        raise RuntimeError(f"{op}: the input is read-only (an expanded view); clone() it first")
    if result.grad_fn is not None and input.grad_fn is None and input.requires_grad:
        raise RuntimeError(
            f"{op}: a leaf tensor that requires grad is being used in an in-place operation; "
            f"use inplace=False"
        )
    return write_result(input, result, recorded=result.grad_fn is not None)


def _maybe_inplace(input, result, inplace, op):
    if not inplace or result is input:
        return result
    return _write_into(input, result, op)


# ---------------------------------------------------------------- dropout
def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero elements with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    See :func:`minigrad.ops.dropout.dropout`; ``inplace=True`` writes the
    result into ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.dropout(minigrad.ones(3), training=False)
    tensor([1., 1., 1.])
    """
    return _maybe_inplace(input, _dropout(input, p, training), inplace, "dropout")


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` input with probability ``p``.

    Each channel of each sample is kept (scaled by ``1 / (1 - p)``) or zeroed
    as a whole, which suits convolutional feature maps, whose neighbouring
    values are strongly correlated. See :class:`~minigrad.nn.Dropout1d`.

    Parameters
    ----------
    input : Tensor
    p : float, default 0.5
        The probability of zeroing a channel.
    training : bool, default True
        Without training, the input is returned unchanged.
    inplace : bool, default False
        Write the result into ``input``.

    Returns
    -------
    Tensor
        Same shape as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.dropout1d(minigrad.ones(1, 3, 2), p=0.5, training=False).shape
    (1, 3, 2)
    """
    return _maybe_inplace(input, _dropout1d(input, p, training), inplace, "dropout1d")


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of ``(N, C, H, W)`` input with probability ``p``.

    Each channel of each sample is kept (scaled by ``1 / (1 - p)``) or zeroed
    as a whole, which suits convolutional feature maps, whose neighbouring
    values are strongly correlated. A 3-d input is read as ``(N, C, L)``
    with a warning, as in PyTorch. See :class:`~minigrad.nn.Dropout2d`.

    Parameters
    ----------
    input : Tensor
    p : float, default 0.5
        The probability of zeroing a channel.
    training : bool, default True
        Without training, the input is returned unchanged.
    inplace : bool, default False
        Write the result into ``input``.

    Returns
    -------
    Tensor
        Same shape as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.dropout2d(minigrad.ones(1, 3, 2, 2), p=0.5, training=False).shape
    (1, 3, 2, 2)
    """
    return _maybe_inplace(input, _dropout2d(input, p, training), inplace, "dropout2d")


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input with probability ``p``.

    Each channel of each sample is kept (scaled by ``1 / (1 - p)``) or zeroed
    as a whole, which suits convolutional feature maps, whose neighbouring
    values are strongly correlated. See :class:`~minigrad.nn.Dropout3d`.

    Parameters
    ----------
    input : Tensor
    p : float, default 0.5
        The probability of zeroing a channel.
    training : bool, default True
        Without training, the input is returned unchanged.
    inplace : bool, default False
        Write the result into ``input``.

    Returns
    -------
    Tensor
        Same shape as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.dropout3d(minigrad.ones(1, 3, 2, 2, 2), p=0.5, training=False).shape
    (1, 3, 2, 2, 2)
    """
    return _maybe_inplace(input, _dropout3d(input, p, training), inplace, "dropout3d")


# ---------------------------------------------------------------- activations
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(x, 0)`` elementwise.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.relu(minigrad.tensor([-1.0, 2.0]))
    tensor([0., 2.])
    """
    return _maybe_inplace(input, _act.relu(input), inplace, "relu")


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """``min(max(x, 0), 6)`` elementwise.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.relu6(minigrad.tensor([-1.0, 3.0, 8.0]))
    tensor([0., 3., 6.])
    """
    return _maybe_inplace(input, _act.relu6(input), inplace, "relu6")


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    negative_slope : float, default 0.01
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.leaky_relu(minigrad.tensor([-2.0, 0.0, 3.0]), negative_slope=0.1)
    tensor([-0.2,  0. ,  3. ])
    """
    return _maybe_inplace(input, _act.leaky_relu(input, negative_slope), inplace, "leaky_relu")


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    alpha : float, default 1.0
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.elu(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([-0.86466473,  0.        ,  3.        ])
    """
    return _maybe_inplace(input, _act.elu(input, alpha), inplace, "elu")


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * sigmoid(x)`` elementwise (also called swish).

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.silu(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([-0.23840584,  0.        ,  2.8577223 ])
    """
    return _maybe_inplace(input, _act.silu(input), inplace, "silu")


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * relu6(x + 3) / 6`` elementwise.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.hardswish(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([-0.33333334,  0.        ,  3.        ])
    """
    return _maybe_inplace(input, _act.hardswish(input), inplace, "hardswish")


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """The Gaussian error linear unit ``x * Phi(x)``, ``Phi`` the standard normal CDF.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    approximate : {'none', 'tanh'}, default 'none'
        ``'tanh'`` uses the tanh approximation.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.gelu(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([-0.04550026,  0.        ,  2.9959502 ])
    """
    return _act.gelu(input, approximate)


def sigmoid(input: Tensor) -> Tensor:
    """The logistic function ``1 / (1 + exp(-x))``, elementwise.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.sigmoid(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([0.11920292, 0.5       , 0.95257413])
    """
    return _act.sigmoid(input)


def tanh(input: Tensor) -> Tensor:
    """The hyperbolic tangent, elementwise.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.tanh(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([-0.9640276,  0.       ,  0.9950548])
    """
    return _act.tanh(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta * x)) / beta``, a smooth ReLU; linear where ``beta * x > threshold``.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    beta : float, default 1.0
    threshold : float, default 20.0

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.softplus(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([0.126928 , 0.6931472, 3.0485873])
    """
    return _act.softplus(input, beta, threshold)


def _softmax_dim(op, ndim):
    # PyTorch's implicit choice, kept for old code, with its deprecation warning.
    warnings.warn(
        f"{op}: implicit dimension choice has been deprecated; pass dim=", UserWarning,
        stacklevel=3,
    )
    return 0 if ndim in (0, 1, 3) else 1


def _softmax_input(op, input, dim, dtype):
    if dim is None:
        dim = _softmax_dim(op, input.ndim)
    if dtype is not None:
        input = input.astype(dtype)
    return input, dim


def softmax(input: Tensor, dim=None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``, computed without overflow.

    ``dtype`` converts the input first. ``dim=None`` picks a dimension with
    a deprecation warning, as PyTorch does; always pass it.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.softmax(minigrad.tensor([0.0, 0.0]), dim=0)
    tensor([0.5, 0.5])
    """
    input, dim = _softmax_input("softmax", input, dim, dtype)
    return _act.softmax(input, dim)


def log_softmax(input: Tensor, dim=None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``log(softmax(x))`` along ``dim``, computed stably.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    dim : int
        The dimension to normalize over; ``None`` picks one with a deprecation
        warning, as PyTorch does.
    dtype : dtype, optional
        Convert the input to this dtype first.

    Returns
    -------
    Tensor
        Same shape as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.log_softmax(minigrad.tensor([0.0, 0.0]), dim=0)
    tensor([-0.6931472, -0.6931472])
    """
    input, dim = _softmax_input("log_softmax", input, dim, dtype)
    return _act.log_softmax(input, dim)


# ---------------------------------------------------------------- padding
def pad(input: Tensor, pad, mode: str = "constant", value=None) -> Tensor:
    """Pad the last dimensions of ``input``; ``pad`` lists (left, right) pairs from the last one.

    ``mode`` is ``'constant'`` (with ``value``, default 0; negative widths
    crop), ``'reflect'``, ``'replicate'`` or ``'circular'``. See
    :func:`minigrad.ops.shape.pad`.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.pad(minigrad.ones(1, 2), (1, 0))
    tensor([[0., 1., 1.]])
    """
    return _shape.pad(input, pad, mode, 0.0 if value is None else value)
