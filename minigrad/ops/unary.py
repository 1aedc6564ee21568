"""Unary elementwise math beyond the basics: reciprocals, logs and exps in other bases, rounding.

The basic functions (``exp``, ``log``, ``sqrt``, ``abs``, ``sin``, ``cos``)
live in :mod:`minigrad.ops.elementwise`. As in PyTorch, the functions here
that produce non-integer values from integer or bool tensors compute in the
default float dtype; the rounding functions and ``sign`` keep integer dtypes.

Gradients as PyTorch defines them: the rounding functions (``floor``,
``ceil``, ``round``, ``trunc``) and ``sign`` are flat almost everywhere and
pass a zero gradient; ``frac`` passes the gradient unchanged.
"""
import numpy as np
import scipy.special

from minigrad.autograd.function import Function
from minigrad.dtypes import get_default_dtype
from minigrad.ops import elementwise
from minigrad.ops._args import check_number, is_int
from minigrad.tensor import Tensor

_LN2 = np.log(2.0)
_LN10 = np.log(10.0)
_TWO_OVER_SQRT_PI = 2 / np.sqrt(np.pi)


# ---------------------------------------------------------------- argument checks
def _tensor(a, op):
    if not isinstance(a, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(a).__name__}")
    return a


def _floating(a, op):
    """``a`` itself if floating point, else converted to the default float dtype."""
    _tensor(a, op)
    if a._data.dtype.kind == "f":
        return a
    return Tensor._make(a._data.astype(get_default_dtype()), False)


# ---------------------------------------------------------------- Functions
class _FromInput(Function):
    """Ops whose derivative is a function of the input: ``grad * derivative(x)``."""

    ndarray_io = True

    @classmethod
    def forward(cls, ctx, a):
        ctx.save_for_backward(a)
        return cls._value(a)

    @classmethod
    def backward(cls, ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * cls._derivative(a).astype(grad.dtype, copy=False)


class _FromOutput(Function):
    """Ops whose derivative is cheapest from the output: ``grad * derivative(out)``."""

    ndarray_io = True

    @classmethod
    def forward(cls, ctx, a):
        out = cls._value(a)
        ctx.save_for_backward(out)
        return out

    @classmethod
    def backward(cls, ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * cls._derivative(out).astype(grad.dtype, copy=False)


class Reciprocal(_FromOutput):
    @staticmethod
    def _value(a):
        with np.errstate(divide="ignore"):  # 1/0 is inf, silently, as in PyTorch
            return np.reciprocal(a)

    @staticmethod
    def _derivative(out):
        return -out * out


class Rsqrt(_FromOutput):
    @staticmethod
    def _value(a):
        with np.errstate(divide="ignore", invalid="ignore"):
            return 1 / np.sqrt(a)

    @staticmethod
    def _derivative(out):
        return -0.5 * out * out * out


class Log1p(_FromInput):
    _value = staticmethod(np.log1p)

    @staticmethod
    def _derivative(a):
        return 1 / (1 + a)


class Expm1(_FromOutput):
    _value = staticmethod(np.expm1)

    @staticmethod
    def _derivative(out):
        return out + 1


class Log2(_FromInput):
    _value = staticmethod(np.log2)

    @staticmethod
    def _derivative(a):
        return 1 / (a * _LN2)


class Log10(_FromInput):
    _value = staticmethod(np.log10)

    @staticmethod
    def _derivative(a):
        return 1 / (a * _LN10)


class Exp2(_FromOutput):
    _value = staticmethod(np.exp2)

    @staticmethod
    def _derivative(out):
        return out * _LN2


class Sinc(_FromInput):
    _value = staticmethod(np.sinc)

    @staticmethod
    def _derivative(a):
        # (cos(pi a) - sinc(a)) / a, whose limit at 0 is 0.
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = (np.cos(np.pi * a) - np.sinc(a)) / a
        return np.where(a == 0, np.zeros((), slope.dtype), slope)


class Tan(_FromOutput):
    _value = staticmethod(np.tan)

    @staticmethod
    def _derivative(out):
        return 1 + out * out


class Erf(_FromInput):
    @staticmethod
    def _value(a):
        # scipy.special.erf has no float16 loop; compute in float32 and round back.
        return scipy.special.erf(a.astype(np.float32) if a.dtype == np.float16 else a
                                 ).astype(a.dtype, copy=False)

    @staticmethod
    def _derivative(a):
        return _TWO_OVER_SQRT_PI * np.exp(-a * a)


class Logit(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, eps):
        ctx.save_for_backward(a)
        ctx.eps = eps
        if eps is not None:
            a = np.clip(a, eps, 1 - eps)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(a / (1 - a))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        low, high = (0, 1) if ctx.eps is None else (ctx.eps, 1 - ctx.eps)
        # PyTorch's rule outside [low, high]: NaN without eps, 0 where eps clamped the input.
        outside = np.nan if ctx.eps is None else 0
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = grad / (a * (1 - a))
        return np.where((a < low) | (a > high), grad.dtype.type(outside), slope), None


class NanToNum(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, nan, posinf, neginf):
        ctx.finite = np.isfinite(a)
        return np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.finite, None, None, None

class Flat(Function):
    """A piecewise-constant function (rounding, sign): the gradient is zero."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, fn):
        return fn(a)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad), None


def _flat(a, fn, op):
    _tensor(a, op)
    kind = a._data.dtype.kind
    # Integers are their own rounding, and a bool its own sign.
    if kind == "b" or (kind in "iu" and op not in ("sign", "sgn")):
        return Tensor._make(a._data.copy(), False)
    return Flat.apply(a, fn)


# ---------------------------------------------------------------- public functions
def reciprocal(input):
    """``1 / input``, elementwise.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype. A zero element gives ``inf``.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.reciprocal(minigrad.tensor([2.0, -4.0]))
    tensor([ 0.5000, -0.2500])
    """
    return Reciprocal.apply(_floating(input, "reciprocal"))


def rsqrt(input):
    """``1 / sqrt(input)``, elementwise.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype. Zero gives ``inf`` and a negative element NaN.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.rsqrt(minigrad.tensor([4.0, 0.25]))
    tensor([0.5000, 2.0000])
    """
    return Rsqrt.apply(_floating(input, "rsqrt"))


def square(input):
    """``input * input``, elementwise; integer tensors stay integer.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; a bool tensor is squared as int64.

    Returns
    -------
    Tensor
        Same shape as ``input``, with its dtype (int64 for bool); differentiable
        for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.square(minigrad.tensor([-3, 2]))
    tensor([9, 4])
    """
    _tensor(input, "square")
    if input._data.dtype == np.bool_:
        input = Tensor._make(input._data.astype(np.int64), False)
    return elementwise.mul(input, input)


def log1p(input):
    """``log(1 + input)``, accurate for small ``input``.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype. Elements below -1 give NaN, and -1 gives ``-inf``.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.log1p(minigrad.tensor([1e-10], dtype=minigrad.float64))
    tensor([1.0000e-10], dtype=minigrad.float64)
    """
    return Log1p.apply(_floating(input, "log1p"))


def expm1(input):
    """``exp(input) - 1``, accurate for small ``input``.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.expm1(minigrad.tensor([1e-10], dtype=minigrad.float64))
    tensor([1.0000e-10], dtype=minigrad.float64)
    """
    return Expm1.apply(_floating(input, "expm1"))


def log2(input):
    """The base-2 logarithm of each element.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype. Zero gives ``-inf`` and a negative element NaN.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.log2(minigrad.tensor([1.0, 8.0]))
    tensor([0., 3.])
    """
    return Log2.apply(_floating(input, "log2"))


def log10(input):
    """The base-10 logarithm of each element.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype. Zero gives ``-inf`` and a negative element NaN.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.log10(minigrad.tensor([1.0, 10.0]))
    tensor([0., 1.])
    """
    return Log10.apply(_floating(input, "log10"))


def exp2(input):
    """``2 ** input``, elementwise.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable for floating-point input.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.exp2(minigrad.tensor([0.0, 3.0]))
    tensor([1., 8.])
    """
    return Exp2.apply(_floating(input, "exp2"))


def sign(input):
    """-1, 0 or 1 by the sign of each element; the gradient is zero.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; NaN stays NaN.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input`` (a bool tensor is returned as a copy).

    Examples
    --------
    >>> import minigrad
    >>> minigrad.sign(minigrad.tensor([-2.5, 0.0, 3.0]))
    tensor([-1.,  0.,  1.])
    """
    return _flat(input, _sign, "sign")


def _sign(a):
    # PyTorch's sign of NaN is 0 (NumPy's is NaN).
    return np.where(np.isnan(a), a.dtype.type(0), np.sign(a)) if a.dtype.kind == "f" else np.sign(a)


def floor(input):
    """The largest integer not above each element; the gradient is zero.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; integer and bool tensors come back as an unchanged copy.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.floor(minigrad.tensor([-1.5, 1.5]))
    tensor([-2.,  1.])
    """
    return _flat(input, np.floor, "floor")


def ceil(input):
    """The smallest integer not below each element; the gradient is zero.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; integer and bool tensors come back as an unchanged copy.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.ceil(minigrad.tensor([-1.5, 1.5]))
    tensor([-1.,  2.])
    """
    return _flat(input, np.ceil, "ceil")


def trunc(input):
    """Each element rounded towards zero; the gradient is zero.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; integer and bool tensors come back as an unchanged copy.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.trunc(minigrad.tensor([-1.5, 1.5]))
    tensor([-1.,  1.])
    """
    return _flat(input, np.trunc, "trunc")


def round(input, *, decimals=0):
    """Each element rounded to ``decimals`` decimal places, halves to even; the gradient is zero.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; integer and bool tensors come back unchanged when
        ``decimals`` is 0.
    decimals : int, default 0
        The number of decimal places to keep (keyword only); negative values round
        to tens, hundreds and so on. A nonzero value needs a floating-point
        ``input``.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Raises
    ------
    TypeError
        If ``decimals`` is not an int, or is nonzero for an integer tensor.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.round(minigrad.tensor([0.5, 1.5, 2.5, -0.5]))
    tensor([0., 2., 2., -0.])
    >>> minigrad.round(minigrad.tensor([1234.5678]), decimals=-2)
    tensor([1200.])
    """
    if not is_int(decimals):
        raise TypeError(f"round: decimals must be an int, got {type(decimals).__name__}")
    if decimals == 0:
        return _flat(input, np.round, "round")
    _tensor(input, "round")
    if input._data.dtype.kind != "f":
        raise TypeError(
            f"round: decimals needs a floating-point tensor, got dtype {input._data.dtype}"
        )
    return _flat(input, lambda a: np.round(a, int(decimals)), "round")


def frac(input):
    """The fractional part ``input - trunc(input)``; the gradient passes unchanged.

    Parameters
    ----------
    input : Tensor
        A floating-point tensor. The fractional part keeps the sign of the element.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Raises
    ------
    TypeError
        For integer or bool tensors, as in PyTorch.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.frac(minigrad.tensor([-1.25, 2.5]))
    tensor([-0.2500,  0.5000])
    """
    _tensor(input, "frac")
    if input._data.dtype.kind != "f":
        raise TypeError(f"frac: expected a floating-point tensor, got dtype {input._data.dtype}")
    return elementwise.sub(input, trunc(input))


def sgn(input):
    """The sign of each element: -1, 0 or 1; for real tensors, the same as :func:`sign`.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; a bool tensor is its own sign.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``; its gradient is zero.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.sgn(minigrad.tensor([-2.5, 0.0, 3.0]))
    tensor([-1.,  0.,  1.])
    """
    return _flat(input, np.sign, "sgn")


def deg2rad(input):
    """Angles in degrees converted to radians, elementwise.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype.

    Returns
    -------
    Tensor
        ``input * pi / 180``, of ``input``'s shape; differentiable.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.deg2rad(minigrad.tensor([180.0, -90.0]))
    tensor([ 3.1416, -1.5708])
    """
    return elementwise.mul(_floating(input, "deg2rad"), np.pi / 180)


def rad2deg(input):
    """Angles in radians converted to degrees, elementwise.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype.

    Returns
    -------
    Tensor
        ``input * 180 / pi``, of ``input``'s shape; differentiable.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.rad2deg(minigrad.tensor([3.14159265, 1.0]))
    tensor([180.0000,  57.2958])
    """
    return elementwise.mul(_floating(input, "rad2deg"), 180 / np.pi)


def sinc(input):
    """The normalized sinc function ``sin(pi x) / (pi x)``, 1 at 0, elementwise.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.sinc(minigrad.tensor([0.0, 0.5, 1.5]))
    tensor([ 1.0000,  0.6366, -0.2122])
    """
    return Sinc.apply(_floating(input, "sinc"))


def tan(input):
    """The tangent of each element, in radians.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable, with gradient ``1 + tan(x) ** 2``.

    Examples
    --------
    >>> import math
    >>> import minigrad
    >>> minigrad.tan(minigrad.tensor([0.0, math.pi / 4, -math.pi / 4]))
    tensor([ 0.,  1., -1.])
    """
    return Tan.apply(_floating(input, "tan"))


def erf(input):
    """The error function ``2 / sqrt(pi) * integral of exp(-t ** 2) from 0 to x``, elementwise.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; an integer or bool tensor is computed in the default
        float dtype.

    Returns
    -------
    Tensor
        Same shape as ``input``, in ``[-1, 1]``; differentiable, with gradient
        ``2 / sqrt(pi) * exp(-x ** 2)``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.erf(minigrad.tensor([0.0, 1.0, -0.5]))
    tensor([ 0.0000,  0.8427, -0.5205])
    """
    return Erf.apply(_floating(input, "erf"))


def logit(input, eps=None):
    """The log-odds ``log(p / (1 - p))`` of probabilities, elementwise; the inverse of sigmoid.

    Parameters
    ----------
    input : Tensor
        Probabilities, of any real dtype; an integer or bool tensor is computed
        in the default float dtype. Without ``eps``, 0 gives ``-inf``, 1 gives
        ``inf`` and values outside ``[0, 1]`` NaN.
    eps : float, optional
        Clamp ``input`` to ``[eps, 1 - eps]`` first; the gradient is then 0
        where the clamp applied. A negative ``eps`` clamps nothing, as in PyTorch.

    Returns
    -------
    Tensor
        Same shape as ``input``; differentiable, with gradient ``1 / (p (1 - p))``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logit(minigrad.tensor([0.5, 0.75]))
    tensor([0.0000, 1.0986])
    >>> minigrad.logit(minigrad.tensor([0.0, 1.0]), eps=0.25)
    tensor([-1.0986,  1.0986])
    """
    input = _floating(input, "logit")
    if eps is not None:
        eps = check_number("logit", "eps", eps)
        if eps < 0:
            eps = None
    return Logit.apply(input, eps)


def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """``input`` with NaN, positive and negative infinity replaced by finite numbers.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; integer and bool tensors are returned as a copy.
    nan : float, default 0.0
        The value for NaN.
    posinf : float, optional
        The value for positive infinity; by default the largest finite value of
        ``input``'s dtype.
    neginf : float, optional
        The value for negative infinity; by default the lowest finite value of
        ``input``'s dtype.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``; differentiable, passing the gradient
        at finite elements and 0 at the replaced ones.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([float("nan"), float("inf"), -float("inf"), 1.5])
    >>> minigrad.nan_to_num(x, nan=0.0, posinf=9.0, neginf=-9.0)
    tensor([ 0.0000,  9.0000, -9.0000,  1.5000])
    """
    _tensor(input, "nan_to_num")
    nan = check_number("nan_to_num", "nan", nan)
    posinf = None if posinf is None else check_number("nan_to_num", "posinf", posinf)
    neginf = None if neginf is None else check_number("nan_to_num", "neginf", neginf)
    if input._data.dtype.kind != "f":
        return Tensor._make(input._data.copy(), False)
    return NanToNum.apply(input, nan, posinf, neginf)
