"""Activation functions and the (log-)softmax.

As every op family: the Functions, forward and backward side by side (the
ReLU's on the compiled kernels of ``minigrad._ext.activation``, the others in
NumPy), then the public functions, which ``minigrad.nn.functional``
re-exports with PyTorch's signatures (``inplace``, softmax's ``dim=None``).
"""
import warnings

import numpy as np
from scipy import special

from minigrad._ext import activation as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim
from minigrad.ops._args import accepts_axis, check_number
from minigrad.ops.inplace import inplace_result
from minigrad.tensor import Tensor


def _require_float(op, x):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(x).__name__}")
    if x._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {x._data.dtype}")


def _softmax_input(op, input, dim, dtype):
    """PyTorch's ``dim=None`` and ``dtype`` arguments of the (log-)softmax."""
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(input).__name__}")
    if dim is None:
        # PyTorch's implicit choice, kept for old code, with its deprecation warning.
        warnings.warn(f"{op}: implicit dimension choice has been deprecated; pass dim=",
                      UserWarning, stacklevel=3)
        dim = 0 if input.ndim in (0, 1, 3) else 1
    if dtype is not None:
        input = input.astype(dtype)
    _require_float(op, input)
    return input, normalize_dim(dim, input.ndim, op)


class ReLU(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, x):
        # Not empty_like(ascontiguousarray(x)): that turns a 0-d input into shape (1,).
        out = np.empty(x.shape, x.dtype)
        _kernels.relu_forward(np.ascontiguousarray(x).reshape(-1), out.reshape(-1),
                              get_num_threads())
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        grad = np.ascontiguousarray(grad, dtype=out.dtype)
        grad_in = np.empty_like(out)
        _kernels.relu_backward(grad.reshape(-1), out.reshape(-1), grad_in.reshape(-1),
                               get_num_threads())
        return grad_in


class _FromOutput(Function):
    """Activations whose derivative is cheapest from the output: ``grad * derivative(out)``."""

    ndarray_io = True

    @classmethod
    def forward(cls, ctx, x, *params):
        out = cls._value(x, *params)
        ctx.save_for_backward(out)
        ctx.params = params
        return out

    @classmethod
    def backward(cls, ctx, grad):
        (out,) = ctx.saved_tensors
        return (grad * cls._derivative(out, *ctx.params),) + (None,) * len(ctx.params)


class Sigmoid(_FromOutput):
    _value = staticmethod(special.expit)

    @staticmethod
    def _derivative(out):
        return out * (1 - out)


class Tanh(_FromOutput):
    _value = staticmethod(np.tanh)

    @staticmethod
    def _derivative(out):
        return 1 - out * out


class _FromInput(Function):
    """Activations whose derivative is a function of the input: ``grad * derivative(x)``."""

    ndarray_io = True

    @classmethod
    def forward(cls, ctx, x, *params):
        ctx.save_for_backward(x)
        ctx.params = params
        return cls._value(x, *params)

    @classmethod
    def backward(cls, ctx, grad):
        (x,) = ctx.saved_tensors
        return (grad * cls._derivative(x, *ctx.params),) + (None,) * len(ctx.params)


class LeakyReLU(_FromInput):
    @staticmethod
    def _value(x, slope):
        return np.where(x > 0, x, x * x.dtype.type(slope))

    @staticmethod
    def _derivative(x, slope):
        return np.where(x > 0, x.dtype.type(1), x.dtype.type(slope))


class ELU(_FromInput):
    @staticmethod
    def _value(x, alpha):
        # expm1 of x itself below 0, so -0.0 stays -0.0 (as in PyTorch).
        return np.where(x > 0, x, x.dtype.type(alpha) * np.expm1(np.where(x > 0, 0, x)))

    @staticmethod
    def _derivative(x, alpha):
        # 1 unless x <= 0, so NaN passes its gradient through (see ReLU6).
        return np.where(x <= 0, x.dtype.type(alpha) * np.exp(np.minimum(x, 0)), x.dtype.type(1))


class ReLU6(_FromInput):
    @staticmethod
    def _value(x):
        return np.clip(x, 0, 6)

    @staticmethod
    def _derivative(x):
        # Zero where x <= 0 or x >= 6, so a NaN input passes its gradient
        # through as in ReLU. This is the rule of PyTorch's derivative formulas
        # (hardtanh, elu and hardswish alike); its vectorised loops give 0 or
        # NaN there instead, so its result at NaN depends on the position.
        return np.where((x <= 0) | (x >= 6), 0, 1).astype(x.dtype)


class SiLU(_FromInput):
    @staticmethod
    def _value(x):
        return x * special.expit(x)

    @staticmethod
    def _derivative(x):
        s = special.expit(x)
        return s * (1 + x * (1 - s))


class Hardswish(_FromInput):
    @staticmethod
    def _value(x):
        return x * np.clip(x + 3, 0, 6) / x.dtype.type(6)

    @staticmethod
    def _derivative(x):
        # PyTorch's corners: 0 at and below -3, 1 at and above 3; NaN passes
        # its gradient through (see ReLU6).
        middle = (2 * x + 3) / x.dtype.type(6)
        return np.where(x <= -3, 0, np.where(x < 3, middle, 1)).astype(x.dtype)


class Hardsigmoid(_FromInput):
    @staticmethod
    def _value(x):
        return (np.clip(x + 3, 0, 6) / x.dtype.type(6)).astype(x.dtype)

    @staticmethod
    def _derivative(x):
        # PyTorch's: 1/6 strictly inside (-3, 3), 0 at and beyond the corners.
        return np.where((x > -3) & (x < 3), x.dtype.type(1) / 6, 0).astype(x.dtype)


class Mish(_FromInput):
    @staticmethod
    def _value(x):
        return (x * np.tanh(np.logaddexp(0, x))).astype(x.dtype)

    @staticmethod
    def _derivative(x):
        t = np.tanh(np.logaddexp(0, x))
        return (t + x * special.expit(x) * (1 - t * t)).astype(x.dtype)


SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


class SELU(_FromInput):
    @staticmethod
    def _value(x):
        scale, negative = x.dtype.type(SELU_SCALE), x.dtype.type(SELU_SCALE * SELU_ALPHA)
        return np.where(x > 0, scale * x, negative * np.expm1(np.where(x > 0, 0, x)))

    @staticmethod
    def _derivative(x):
        # As ELU's: the negative side's slope at 0 too, and NaN passes its gradient.
        negative = x.dtype.type(SELU_SCALE * SELU_ALPHA) * np.exp(np.minimum(x, 0))
        return np.where(x <= 0, negative, x.dtype.type(SELU_SCALE))


class CELU(_FromInput):
    @staticmethod
    def _value(x, alpha):
        a = x.dtype.type(alpha)
        with np.errstate(over="ignore"):  # a negative alpha: -inf, as in PyTorch
            return np.where(x > 0, x, a * np.expm1(np.where(x > 0, 0, x) / a))

    @staticmethod
    def _derivative(x, alpha):
        with np.errstate(over="ignore"):
            return np.where(x <= 0, np.exp(np.minimum(x, 0) / x.dtype.type(alpha)),
                            x.dtype.type(1))


class Hardtanh(_FromInput):
    @staticmethod
    def _value(x, min_val, max_val):
        return np.clip(x, min_val, max_val)

    @staticmethod
    def _derivative(x, min_val, max_val):
        # 0 at and beyond the bounds; NaN passes its gradient through (see ReLU6).
        return np.where((x <= min_val) | (x >= max_val), 0, 1).astype(x.dtype)


class Softsign(_FromInput):
    @staticmethod
    def _value(x):
        with np.errstate(invalid="ignore"):  # +-inf: inf / inf is NaN, as in PyTorch
            return x / (1 + np.abs(x))

    @staticmethod
    def _derivative(x):
        r = 1 / (1 + np.abs(x))
        # NaN where the output is NaN (x = +-inf gives inf / inf), as in PyTorch.
        return np.where(np.isfinite(x), r * r, x.dtype.type(np.nan))


class LogSigmoid(_FromInput):
    @staticmethod
    def _value(x):
        # min(x, 0) - log(1 + exp(-|x|)): the exponential never overflows.
        return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))

    @staticmethod
    def _derivative(x):
        return special.expit(-x)


class PReLU(Function):
    """``x`` where positive, ``a * x`` elsewhere, ``a`` a learned slope per channel (axis 1)."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, a):
        slope = _channel_view(a, x.ndim)
        ctx.save_for_backward(x, a)
        return np.where(x > 0, x, slope * x).astype(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        x, a = ctx.saved_tensors
        slope = _channel_view(a, x.ndim)
        grad_x = np.where(x > 0, grad, slope * grad).astype(x.dtype) if ctx.needs_input_grad[0] \
            else None
        grad_a = None
        if ctx.needs_input_grad[1]:
            per_element = np.where(x > 0, 0, x * grad)
            axes = tuple(i for i in range(x.ndim) if a.size == 1 or i != 1)
            grad_a = per_element.sum(axis=axes).reshape(a.shape).astype(a.dtype)
        return grad_x, grad_a


def _channel_view(a, ndim):
    """PReLU's weight shaped to broadcast over the channel axis 1 (one slope: a scalar)."""
    if a.size == 1:
        return a.reshape(())
    return a.reshape((1, -1) + (1,) * (ndim - 2))


class Softplus(_FromInput):
    @staticmethod
    def _value(x, beta, threshold):
        bx = x * x.dtype.type(beta)
        # Above the threshold softplus is the identity, as in PyTorch.
        return np.where(bx > threshold, x, np.logaddexp(0, bx) / x.dtype.type(beta)).astype(x.dtype)

    @staticmethod
    def _derivative(x, beta, threshold):
        bx = x * x.dtype.type(beta)
        return np.where(bx > threshold, 1, special.expit(bx)).astype(x.dtype)


_SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)


class GELU(_FromInput):
    @staticmethod
    def _value(x, approximate):
        if approximate == "tanh":
            inner = _SQRT_2_OVER_PI * (x + 0.044715 * x**3)
            return (0.5 * x * (1 + np.tanh(inner))).astype(x.dtype)
        return (0.5 * x * (1 + special.erf(x / np.sqrt(2.0)))).astype(x.dtype)

    @staticmethod
    def _derivative(x, approximate):
        if approximate == "tanh":
            inner = _SQRT_2_OVER_PI * (x + 0.044715 * x**3)
            t = np.tanh(inner)
            d_inner = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x**2)
            return (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * d_inner).astype(x.dtype)
        cdf = 0.5 * (1 + special.erf(x / np.sqrt(2.0)))
        pdf = np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)
        return (cdf + x * pdf).astype(x.dtype)


class Softmax(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, x, axis):
        # initial=-inf: an empty dimension gives an empty result, not NumPy's error.
        shifted = x - x.max(axis=axis, keepdims=True, initial=-np.inf)
        e = np.exp(shifted)
        out = e / e.sum(axis=axis, keepdims=True)
        ctx.save_for_backward(out)
        ctx.axis = axis
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        inner = (grad * out).sum(axis=ctx.axis, keepdims=True)
        return out * (grad - inner), None


class LogSoftmax(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, x, axis):
        # initial=-inf: an empty dimension gives an empty result, not NumPy's error.
        shifted = x - x.max(axis=axis, keepdims=True, initial=-np.inf)
        # The sum is 0 only along an empty dimension, where nothing uses its log.
        with np.errstate(divide="ignore"):
            out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
        ctx.save_for_backward(out)
        ctx.axis = axis
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - np.exp(out) * grad.sum(axis=ctx.axis, keepdims=True), None


# ----------------------------------------------------------------------------- public API
# One docstring per activation, here; nn.functional re-exports these functions,
# and the layers of nn.modules.activation and the Tensor methods point to them.
def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """The rectified linear unit ``max(x, 0)``, elementwise.

    Runs a compiled kernel (float32 or float64) on the kernel threads; the
    gradient is 1 where ``x > 0`` and 0 elsewhere.

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
    >>> F.relu(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """
    _require_float("relu", input)
    if input._data.dtype not in (np.float32, np.float64):
        raise TypeError(
            f"relu: expected a float32 or float64 tensor, got dtype {input._data.dtype}"
        )
    return inplace_result(input, ReLU.apply(input), inplace, "relu")


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
    _require_float("relu6", input)
    return inplace_result(input, ReLU6.apply(input), inplace, "relu6")


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``negative_slope * x`` elsewhere.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    negative_slope : float, default 0.01
        The slope applied to negative inputs.
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
    tensor([-0.2000,  0.0000,  3.0000])
    """
    _require_float("leaky_relu", input)
    slope = check_number("leaky_relu", "negative_slope", negative_slope)
    return inplace_result(input, LeakyReLU.apply(input, slope), inplace, "leaky_relu")


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    alpha : float, default 1.0
        The value ``alpha * (exp(x) - 1)`` approaches for very negative ``x``.
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
    tensor([-0.8647,  0.0000,  3.0000])
    """
    _require_float("elu", input)
    alpha = check_number("elu", "alpha", alpha)
    return inplace_result(input, ELU.apply(input, alpha), inplace, "elu")


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """The scaled exponential linear unit ``scale * elu(x, alpha)``, elementwise.

    ``alpha = 1.6732632423543772848170429916717`` and ``scale =
    1.0507009873554804934193349852946``: the constants for which activations
    of zero mean and unit variance keep them through a layer (Klambauer et
    al., 2017).

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
    >>> F.selu(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([-1.5202,  0.0000,  3.1521])
    """
    _require_float("selu", input)
    return inplace_result(input, SELU.apply(input), inplace, "selu")


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`` elementwise.

    The continuously differentiable ELU: its slope is 1 at 0 for every
    ``alpha``.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    alpha : float, default 1.0
        The value negative inputs approach (for a positive ``alpha``); not 0.
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        If ``alpha`` is 0.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.celu(minigrad.tensor([-2.0, 0.0, 3.0]), alpha=0.5)
    tensor([-0.4908,  0.0000,  3.0000])
    """
    _require_float("celu", input)
    alpha = _check_celu_alpha("celu", alpha)
    return inplace_result(input, CELU.apply(input, alpha), inplace, "celu")


def _check_celu_alpha(op, alpha):
    alpha = check_number(op, "alpha", alpha)
    if alpha == 0:
        raise ValueError(f"{op}: alpha must not be 0 (it divides the input)")
    return alpha


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Tensor:
    """``x`` clipped to ``[min_val, max_val]``, elementwise.

    The gradient is 1 strictly between the bounds and 0 at and beyond them.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    min_val : float, default -1.0
        The lower bound.
    max_val : float, default 1.0
        The upper bound, not below ``min_val``.
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        If ``min_val`` is greater than ``max_val``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.hardtanh(minigrad.tensor([-2.0, 0.5, 3.0]))
    tensor([-1.0000,  0.5000,  1.0000])
    """
    _require_float("hardtanh", input)
    min_val = check_number("hardtanh", "min_val", min_val)
    max_val = check_number("hardtanh", "max_val", max_val)
    if min_val > max_val:
        raise ValueError(f"hardtanh: min_val cannot be greater than max_val, got "
                         f"min_val={min_val} and max_val={max_val}")
    return inplace_result(input, Hardtanh.apply(input, min_val, max_val), inplace, "hardtanh")


def softsign(input: Tensor) -> Tensor:
    """``x / (1 + |x|)`` elementwise: any real to (-1, 1).

    As in PyTorch, ``+-inf`` gives NaN (``inf / inf``).

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
    >>> F.softsign(minigrad.tensor([-3.0, 0.0, 1.0]))
    tensor([-0.7500,  0.0000,  0.5000])
    """
    _require_float("softsign", input)
    return Softsign.apply(input)


def logsigmoid(input: Tensor) -> Tensor:
    """``log(1 / (1 + exp(-x)))`` elementwise, without overflow for large ``|x|``.

    Computed as ``min(x, 0) - log(1 + exp(-|x|))``: ``-1000`` gives
    ``-1000`` and ``1000`` gives 0 in float32 as in float64.

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
    >>> F.logsigmoid(minigrad.tensor([-1000.0, 0.0, 1000.0])).tolist()  # doctest: +ELLIPSIS
    [-1000.0, -0.6931..., 0.0]
    """
    _require_float("logsigmoid", input)
    return LogSigmoid.apply(input)


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
    tensor([-0.2384,  0.0000,  2.8577])
    """
    _require_float("silu", input)
    return inplace_result(input, SiLU.apply(input), inplace, "silu")


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
    tensor([-0.3333,  0.0000,  3.0000])
    """
    _require_float("hardswish", input)
    return inplace_result(input, Hardswish.apply(input), inplace, "hardswish")


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """The Gaussian error linear unit ``x * Phi(x)``, elementwise.

    ``Phi`` is the standard normal distribution function.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    approximate : {'none', 'tanh'}, default 'none'
        ``'tanh'`` uses the approximation
        ``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))``.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.gelu(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([-0.0455,  0.0000,  2.9960])
    >>> minigrad.gelu(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.1587,  0.0000,  1.9545])
    """
    _require_float("gelu", input)
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return GELU.apply(input, approximate)


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
    tensor([0.1192, 0.5000, 0.9526])
    >>> minigrad.sigmoid(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([0.2689, 0.5000, 0.8808])
    """
    _require_float("sigmoid", input)
    return Sigmoid.apply(input)


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
    tensor([-0.9640,  0.0000,  0.9951])
    >>> minigrad.tanh(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.7616,  0.0000,  0.9640])
    """
    _require_float("tanh", input)
    return Tanh.apply(input)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta * x)) / beta``, a smooth ReLU; linear where ``beta * x > threshold``.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    beta : float, default 1.0
        The sharpness: a larger ``beta`` follows ``max(x, 0)`` more closely.
    threshold : float, default 20.0
        Where ``beta * x`` exceeds it, the output is ``x`` itself (equal to
        the formula there to float precision), so the exponential cannot
        overflow.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.softplus(minigrad.tensor([-2.0, 0.0, 3.0]))
    tensor([0.1269, 0.6931, 3.0486])
    """
    _require_float("softplus", input)
    return Softplus.apply(input, check_number("softplus", "beta", beta),
                          check_number("softplus", "threshold", threshold))


@accepts_axis
def softmax(input: Tensor, dim=None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``: scores turned into probabilities.

    The largest score is subtracted first, so large scores do not overflow.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    dim : int
        The dimension whose entries sum to 1; ``None`` picks one with a
        deprecation warning, as PyTorch does (always pass it).
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
    >>> F.softmax(minigrad.tensor([[1.0, 2.0, 3.0]]), dim=1)
    tensor([[0.0900, 0.2447, 0.6652]])
    >>> minigrad.softmax(minigrad.tensor([1000.0, 1000.0]), dim=0)
    tensor([0.5000, 0.5000])
    """
    input, dim = _softmax_input("softmax", input, dim, dtype)
    return Softmax.apply(input, dim)


@accepts_axis
def log_softmax(input: Tensor, dim=None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``log(softmax(x))`` along ``dim``, computed without overflow or the logarithm of 0.

    Prefer it to ``softmax(x).log()``, which gives ``-inf`` where a
    probability rounds to 0. :func:`~minigrad.nn.functional.cross_entropy`
    applies it to its logits.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    dim : int
        The dimension to normalize over; ``None`` picks one with a
        deprecation warning, as PyTorch does.
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
    >>> F.log_softmax(minigrad.tensor([[1.0, 2.0, 3.0]]), dim=1)
    tensor([[-2.4076, -1.4076, -0.4076]])
    >>> F.log_softmax(minigrad.tensor([0.0, 0.0]), dim=0)
    tensor([-0.6931, -0.6931])
    """
    input, dim = _softmax_input("log_softmax", input, dim, dtype)
    return LogSoftmax.apply(input, dim)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """``relu6(x + 3) / 6`` elementwise: 0 below -3, 1 above 3, linear between.

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
    >>> F.hardsigmoid(minigrad.tensor([-4.0, 0.0, 1.5, 4.0]))
    tensor([0.0000, 0.5000, 0.7500, 1.0000])
    """
    _require_float("hardsigmoid", input)
    return inplace_result(input, Hardsigmoid.apply(input), inplace, "hardsigmoid")


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x * tanh(softplus(x))`` elementwise (Misra, 2019).

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
    >>> F.mish(minigrad.tensor([-2.0, 0.0, 3.0])).tolist()  # doctest: +ELLIPSIS
    [-0.2525..., 0.0, 2.9865...]
    """
    _require_float("mish", input)
    return inplace_result(input, Mish.apply(input), inplace, "mish")


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``x`` where positive, ``weight * x`` elsewhere, with a slope per channel.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor; its channels are on axis 1.
    weight : Tensor
        The slopes: one (a 0-d or 1-element tensor), shared by every
        element, or a 1-d tensor of one per channel.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Raises
    ------
    ValueError
        If ``weight`` has more than one dimension, or several slopes that do
        not match the number of channels.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.prelu(minigrad.tensor([[-2.0, -2.0], [1.0, -1.0]]), minigrad.tensor([0.1, 0.5]))
    tensor([[-0.2000, -1.0000],
            [ 1.0000, -0.5000]])
    """
    _require_float("prelu", input)
    if not isinstance(weight, Tensor):
        raise TypeError(f"prelu: weight must be a Tensor, got {type(weight).__name__}")
    if weight.ndim > 1:
        raise ValueError(
            f"prelu: expected weight to be a scalar or 1-d tensor, got ndim = {weight.ndim}")
    if weight.numel() != 1:
        channels = input.shape[1] if input.ndim >= 2 else 1
        if weight.numel() != channels:
            raise ValueError(
                f"prelu: mismatch of parameter numbers and input channel size: found "
                f"{weight.numel()} parameters and channel size {channels} (input "
                f"{list(input.shape)})")
    return PReLU.apply(input, weight)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """The gated linear unit: ``a * sigmoid(b)``, ``a`` and ``b`` the two halves of ``dim``.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor whose size along ``dim`` is even.
    dim : int, default -1
        The dimension split in half.

    Returns
    -------
    Tensor
        ``input``'s shape with ``dim`` halved.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.glu(minigrad.tensor([[1.0, 2.0, 0.0, 100.0]]))
    tensor([[0.5000, 2.0000]])
    """
    _require_float("glu", input)
    if input.ndim == 0:
        raise ValueError("glu: does not support scalars because halving size must be even")
    axis = normalize_dim(dim, input.ndim, "glu")
    size = input.shape[axis]
    if size % 2:
        raise ValueError(
            f"glu: halving dimension must be even, but dimension {axis} is size {size}")
    a, b = input.chunk(2, axis)  # two empty halves of an empty dimension too
    return a * sigmoid(b)


def softmin(input: Tensor, dim=None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """``softmax(-x)`` along ``dim``: the smallest score gets the largest probability.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor.
    dim : int
        The dimension whose entries sum to 1; negative values count from the
        end. ``None`` picks dimension 0 for 0-d, 1-d and 3-d inputs and 1
        otherwise, with a deprecation warning, as PyTorch does (always pass it).
    dtype : dtype, optional
        Convert the input to this dtype first.

    Returns
    -------
    Tensor
        Same shape as ``input``, values in [0, 1].

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.softmin(minigrad.tensor([[1.0, 2.0, 3.0]]), dim=1)
    tensor([[0.6652, 0.2447, 0.0900]])
    """
    input, dim = _softmax_input("softmin", input, dim, dtype)
    return Softmax.apply(-input, dim)
