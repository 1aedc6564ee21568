"""Activation functions and the (log-)softmax."""
import numpy as np
from scipy import special

from minigrad._ext import elementwise as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.dtypes import normalize_dim


def _require_float(op, x):
    if x._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {x._data.dtype}")


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
        return np.where(x > 0, x, x.dtype.type(alpha) * np.expm1(np.minimum(x, 0)))

    @staticmethod
    def _derivative(x, alpha):
        return np.where(x > 0, x.dtype.type(1), x.dtype.type(alpha) * np.exp(np.minimum(x, 0)))


class ReLU6(_FromInput):
    @staticmethod
    def _value(x):
        return np.clip(x, 0, 6)

    @staticmethod
    def _derivative(x):
        return ((x > 0) & (x < 6)).astype(x.dtype)


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
        middle = (2 * x + 3) / x.dtype.type(6)
        return np.where(x < -3, 0, np.where(x > 3, 1, middle)).astype(x.dtype)


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
        shifted = x - x.max(axis=axis, keepdims=True)
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
        shifted = x - x.max(axis=axis, keepdims=True)
        out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
        ctx.save_for_backward(out)
        ctx.axis = axis
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - np.exp(out) * grad.sum(axis=ctx.axis, keepdims=True), None


def relu(x):
    """The rectified linear unit ``max(x, 0)``, elementwise.

    Runs a compiled kernel (float32 or float64) on the kernel threads; the
    gradient is 1 where ``x > 0`` and 0 elsewhere.

    Parameters
    ----------
    x : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``x``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.relu(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([0., 0., 2.])
    """
    _require_float("relu", x)
    if x._data.dtype not in (np.float32, np.float64):
        raise TypeError(f"relu: expected a float32 or float64 tensor, got dtype {x._data.dtype}")
    return ReLU.apply(x)


def relu6(x):
    """``min(max(x, 0), 6)`` elementwise."""
    _require_float("relu6", x)
    return ReLU6.apply(x)


def sigmoid(x):
    """The logistic function ``1 / (1 + exp(-x))``, elementwise.

    Parameters
    ----------
    x : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``x``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.sigmoid(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([0.26894143, 0.5       , 0.880797  ])
    """
    _require_float("sigmoid", x)
    return Sigmoid.apply(x)


def tanh(x):
    """The hyperbolic tangent, elementwise.

    Parameters
    ----------
    x : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``x``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.tanh(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.7615942,  0.       ,  0.9640276])
    """
    _require_float("tanh", x)
    return Tanh.apply(x)


def leaky_relu(x, negative_slope=0.01):
    """``x`` where positive, ``negative_slope * x`` elsewhere."""
    _require_float("leaky_relu", x)
    return LeakyReLU.apply(x, float(negative_slope))


def elu(x, alpha=1.0):
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere."""
    _require_float("elu", x)
    return ELU.apply(x, float(alpha))


def silu(x):
    """``x * sigmoid(x)`` (also called swish)."""
    _require_float("silu", x)
    return SiLU.apply(x)


def hardswish(x):
    """``x * relu6(x + 3) / 6``."""
    _require_float("hardswish", x)
    return Hardswish.apply(x)


def softplus(x, beta=1.0, threshold=20.0):
    """``log(1 + exp(beta * x)) / beta``; linear where ``beta * x > threshold``."""
    _require_float("softplus", x)
    return Softplus.apply(x, float(beta), float(threshold))


def gelu(x, approximate="none"):
    """The Gaussian error linear unit ``x * Phi(x)``, elementwise.

    ``Phi`` is the standard normal distribution function.

    Parameters
    ----------
    x : Tensor
        A floating-point tensor.
    approximate : {'none', 'tanh'}, default 'none'
        ``'tanh'`` uses the approximation
        ``0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))``.

    Returns
    -------
    Tensor
        Same shape and dtype as ``x``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.gelu(minigrad.tensor([-1.0, 0.0, 2.0]))
    tensor([-0.15865526,  0.        ,  1.9544997 ])
    """
    _require_float("gelu", x)
    if approximate not in ("none", "tanh"):
        raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")
    return GELU.apply(x, approximate)


def softmax(x, dim):
    """``exp(x) / sum(exp(x))`` along ``dim``: scores turned into probabilities.

    The largest score is subtracted first, so large scores do not overflow.

    Parameters
    ----------
    x : Tensor
        A floating-point tensor.
    dim : int
        The dimension whose entries sum to 1.

    Returns
    -------
    Tensor
        Same shape and dtype as ``x``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.softmax(minigrad.tensor([[1.0, 2.0, 3.0]]), dim=1)
    tensor([[0.09003057, 0.24472846, 0.66524094]])
    >>> minigrad.softmax(minigrad.tensor([1000.0, 1000.0]), dim=0)
    tensor([0.5, 0.5])
    """
    _require_float("softmax", x)
    return Softmax.apply(x, normalize_dim(dim, x.ndim, "softmax"))


def log_softmax(x, dim):
    """``log(softmax(x))`` along ``dim``, computed without overflow or the logarithm of 0.

    Prefer it to ``softmax(x).log()``, which gives ``-inf`` where a
    probability rounds to 0. :func:`~minigrad.nn.functional.cross_entropy`
    applies it to its logits.

    Parameters
    ----------
    x : Tensor
        A floating-point tensor.
    dim : int
        The dimension to normalize over.

    Returns
    -------
    Tensor
        Same shape and dtype as ``x``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.log_softmax(minigrad.tensor([[1.0, 2.0, 3.0]]), dim=1)
    tensor([[-2.4076061, -1.407606 , -0.407606 ]])
    """
    _require_float("log_softmax", x)
    return LogSoftmax.apply(x, normalize_dim(dim, x.ndim, "log_softmax"))

