"""Elementwise arithmetic and math, with NumPy broadcasting.

Operands may be tensors or Python/NumPy scalars; a gradient is summed back to
each tensor operand's shape with :func:`~minigrad.ops.broadcast.sum_to`.

Type promotion follows PyTorch for scalars: an int64 tensor times ``1.5`` or
divided by an int is float32 (the default float dtype), a float32 tensor with
a Python or NumPy float stays float32, and float32 with a float64 tensor gives
float64. One difference: a 0-d float64 tensor promotes like any other tensor
(PyTorch keeps ``float32 * tensor(2.0, dtype=float64)`` in float32).
"""
import numbers

import numpy as np

from minigrad.autograd.function import Function
from minigrad.dtypes import get_default_dtype
from minigrad.ops.broadcast import sum_to
from minigrad.tensor import Tensor

_float64 = np.dtype(np.float64)


def _check_operand(x, op):
    if isinstance(x, Tensor) or isinstance(x, (int, float, bool, np.number, np.bool_)):
        return x
    if isinstance(x, np.ndarray):
        return Tensor._make(x, False)
    raise TypeError(f"{op}: unsupported operand type {type(x).__name__}")


def _is_float64_array(x):
    # Not ``getattr(x, "dtype", None) == float64``: NumPy reads ``None`` as
    # float64, so that test is true for every Python scalar. NumPy scalars
    # count as Python scalars here, as they do in PyTorch.
    return isinstance(x, np.ndarray) and x.dtype == _float64


def _fix_promotion(out, a, b):
    # NumPy turns an integer array and a Python float into float64; PyTorch
    # gives the default float dtype unless a float64 tensor is involved.
    if out.dtype == _float64 and not (_is_float64_array(a) or _is_float64_array(b)):
        return out.astype(get_default_dtype())
    return out


def _shape(x):
    # np.shape(x) costs as much as a small add; arrays carry their shape.
    return x.shape if type(x) is np.ndarray else np.shape(x)


def _broadcast_error(op, a, b):
    return ValueError(
        f"{op}: shapes {list(np.shape(a))} and {list(np.shape(b))} are not broadcastable"
    )


def _binary(op, ufunc, a, b):
    """``ufunc(a, b)``, raising a ``ValueError`` that names ``op`` when the shapes do not broadcast.

    The shapes are checked only once the ufunc has failed (a check on every
    call costs more than a small add), so that its other errors (an integer
    to a negative integer power) keep their own message.
    """
    try:
        return ufunc(a, b)
    except ValueError:
        try:
            np.broadcast_shapes(np.shape(a), np.shape(b))
        except ValueError:
            raise _broadcast_error(op, a, b) from None
        raise
    except OverflowError as error:  # a Python int out of the tensor's dtype's range
        raise OverflowError(f"{op}: {error}") from None


def _require_float(op, a):
    if np.asarray(a).dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {np.asarray(a).dtype}")


def _check_integer_divisor(op, b):
    if np.any(np.asarray(b) == 0):
        raise ZeroDivisionError(f"{op}: integer division by zero")


def _check_alpha(op, alpha, a, b):
    if not isinstance(alpha, (int, float, bool, np.number, np.bool_)):
        raise TypeError(f"{op}: alpha must be a number, got {type(alpha).__name__}")
    for name, x in (("input", a), ("other", b)):
        if not isinstance(x, (Tensor, numbers.Number, np.ndarray)):
            raise TypeError(f"{op}: expected {name} to be a Tensor or a number, got "
                            f"{type(x).__name__}")
    # np.asarray, not np.result_type: that reads a string as a dtype name.
    integral = all((x._data if isinstance(x, Tensor) else np.asarray(x)).dtype.kind in "iub"
                   for x in (a, b))
    if integral and isinstance(alpha, (float, np.floating)):
        raise TypeError(
            f"{op}: for integral input tensors, alpha must not be a floating point number, "
            f"got {alpha}"
        )


def _times_alpha(b, alpha):
    if isinstance(b, Tensor):
        return Mul.apply(b, alpha)
    return b * alpha


def _require_float_tensors(op, *values):
    for v in values:
        if isinstance(v, Tensor) and v._data.dtype.kind != "f":
            raise TypeError(f"{op}: expected floating-point tensors, got dtype {v._data.dtype}")


class _Binary(Function):
    ndarray_io = True
    _ufunc = None
    _op = None  # the op's name in error messages, set per subclass

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._op = cls.__name__.lower()

    @classmethod
    def forward(cls, ctx, a, b):
        out = _binary(cls._op, cls._ufunc, a, b)
        ctx.shapes = (_shape(a), _shape(b))
        return _fix_promotion(out, a, b)


class Add(_Binary):
    _ufunc = np.add

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(grad, sa) if need_a else None, sum_to(grad, sb) if need_b else None)


class Sub(_Binary):
    _ufunc = np.subtract

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes
        need_a, need_b = ctx.needs_input_grad
        return (sum_to(grad, sa) if need_a else None, sum_to(-grad, sb) if need_b else None)


class Mul(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        out = _binary("mul", np.multiply, a, b)
        ctx.save_for_backward(a, b)
        return _fix_promotion(out, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (
            sum_to(grad * b, np.shape(a)) if need_a else None,
            sum_to(grad * a, np.shape(b)) if need_b else None,
        )


class Div(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        out = _binary("div", np.true_divide, a, b)
        ctx.save_for_backward(a, b)
        return _fix_promotion(out, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad / b
        return (
            sum_to(grad_a, np.shape(a)) if need_a else None,
            sum_to(-grad_a * a / b, np.shape(b)) if need_b else None,
        )


class Pow(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        out = _fix_promotion(_binary("pow", np.power, a, b), a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_a = grad_b = None
        if need_a:
            grad_a = sum_to(grad * b * np.power(a, b - 1), np.shape(a))
        if need_b:
            # d(a^b)/db = a^b log a, taken as 0 where a == 0 (the limit for b > 0).
            with np.errstate(divide="ignore", invalid="ignore"):
                log_a = np.where(a > 0, np.log(np.where(a > 0, a, 1)), 0)
            grad_b = sum_to(grad * out * log_a, np.shape(b))
        return grad_a, grad_b


class Neg(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a):
        return np.negative(a)

    @staticmethod
    def backward(ctx, grad):
        return -grad


class _UnaryFromInput(Function):
    """Ops whose derivative is a function of the input: ``grad * derivative(x)``."""

    ndarray_io = True

    @classmethod
    def forward(cls, ctx, a):
        _require_float(cls.__name__.lower(), a)
        ctx.save_for_backward(a)
        return cls._value(a)

    @classmethod
    def backward(cls, ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * cls._derivative(a)


class Log(_UnaryFromInput):
    _value = staticmethod(np.log)

    @staticmethod
    def _derivative(a):
        return 1 / a


class Abs(_UnaryFromInput):
    _value = staticmethod(np.abs)

    @staticmethod
    def _derivative(a):
        # PyTorch's sign(NaN) is 0, so a NaN gets no gradient.
        return np.where(np.isnan(a), a.dtype.type(0), np.sign(a))


class Sin(_UnaryFromInput):
    _value = staticmethod(np.sin)
    _derivative = staticmethod(np.cos)


class Cos(_UnaryFromInput):
    _value = staticmethod(np.cos)

    @staticmethod
    def _derivative(a):
        return -np.sin(a)


class Exp(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a):
        _require_float("exp", a)
        out = np.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


class Sqrt(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a):
        _require_float("sqrt", a)
        out = np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (2 * out)


class Clamp(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, low, high):
        out = np.clip(a, low, high)
        # The gradient passes where the input was inside [low, high].
        ctx.mask = out == a
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask, None, None


class _Extremum(Function):
    """maximum/minimum: the gradient goes to the winner, split evenly on ties (as PyTorch)."""

    ndarray_io = True
    _ufunc = None

    @classmethod
    def forward(cls, ctx, a, b):
        out = _binary(cls.__name__.lower(), cls._ufunc, a, b)
        ctx.save_for_backward(a, b)
        return _fix_promotion(out, a, b)

    @classmethod
    def backward(cls, ctx, grad):
        a, b = ctx.saved_tensors
        wins_a = cls._ufunc(a, b) == a
        tie = np.equal(a, b)
        share_a = np.where(tie, 0.5, wins_a).astype(grad.dtype)
        share_b = 1 - share_a
        if np.result_type(a, b).kind in "fc":
            # A NaN on either side gives both inputs the whole gradient, as in PyTorch.
            nan = np.isnan(a) | np.isnan(b)
            share_a = np.where(nan, 1, share_a).astype(grad.dtype)
            share_b = np.where(nan, 1, share_b).astype(grad.dtype)
        need_a, need_b = ctx.needs_input_grad
        return (
            sum_to(grad * share_a, np.shape(a)) if need_a else None,
            sum_to(grad * share_b, np.shape(b)) if need_b else None,
        )


class Maximum(_Extremum):
    _ufunc = np.maximum


class Minimum(_Extremum):
    _ufunc = np.minimum


class ToDtype(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, dtype):
        ctx.dtype = a.dtype
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad.astype(ctx.dtype), None


class Clone(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, order="C"):
        # "K" keeps the strides' order (PyTorch's preserve_format), "C" is row-major.
        return np.array(a, order=order, copy=True)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


class RoundedDiv(Function):
    """``div`` with ``rounding_mode`` 'trunc' or 'floor': flat almost everywhere, zero gradient."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b, mode):
        ctx.shapes = (_shape(a), _shape(b))
        if np.result_type(a, b).kind in "iub":
            _check_integer_divisor("div", b)
            quotient = _binary("div", np.floor_divide, a, b)
            if mode == "trunc":
                # Floor and truncation differ where the signs differ and the division is inexact.
                inexact = np.remainder(a, b) != 0
                quotient = quotient + (inexact & ((np.asarray(a) < 0) != (np.asarray(b) < 0)))
            return np.asarray(quotient)
        if mode == "floor":
            # NumPy's floor_divide is Python's ``//`` on floats, as PyTorch's 'floor'.
            out = _binary("div", np.floor_divide, a, b)
        else:
            out = np.trunc(_binary("div", np.true_divide, a, b))
        return _fix_promotion(np.asarray(out), a, b)

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes
        need_a, need_b = ctx.needs_input_grad[:2]
        return (np.zeros(sa, grad.dtype) if need_a else None,
                np.zeros(sb, grad.dtype) if need_b else None, None)


class _Modulo(Function):
    """remainder and fmod: ``a - q * b`` with ``q`` the floored or truncated quotient."""

    ndarray_io = True
    _ufunc = None
    _quotient = None

    @classmethod
    def forward(cls, ctx, a, b):
        op = cls.__name__.lower()
        if np.result_type(a, b).kind in "iub":
            _check_integer_divisor(op, b)
        out = _binary(op, cls._ufunc, a, b)
        ctx.save_for_backward(a, b)
        return _fix_promotion(np.asarray(out), a, b)

    @classmethod
    def backward(cls, ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        grad_b = None
        if need_b:
            grad_b = sum_to(-grad * cls._quotient(np.true_divide(a, b)), np.shape(b))
        return (sum_to(grad, np.shape(a)) if need_a else None), grad_b


class Remainder(_Modulo):
    _ufunc = np.remainder
    _quotient = staticmethod(np.floor)


class Fmod(_Modulo):
    _ufunc = np.fmod
    _quotient = staticmethod(np.trunc)



def _xlogy(a, b):
    # 0 * log(b) is 0 wherever a is 0, except for a NaN b, as in PyTorch.
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((a == 0) & ~np.isnan(b), np.zeros((), np.result_type(a, b)),
                        a * np.log(b))


class Xlogy(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _binary("xlogy", _xlogy, a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        with np.errstate(divide="ignore", invalid="ignore"):
            return (
                sum_to(grad * _xlogy((a != 0).astype(a.dtype), b), a.shape) if need_a else None,
                sum_to(grad * a / b, b.shape) if need_b else None,
            )


class Hypot(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        out = _binary("hypot", np.hypot, a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        with np.errstate(divide="ignore", invalid="ignore"):
            scaled = grad / out
        return (sum_to(scaled * a, a.shape) if need_a else None,
                sum_to(scaled * b, b.shape) if need_b else None)


class Logaddexp(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        out = _binary("logaddexp", np.logaddexp, a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        with np.errstate(invalid="ignore"):
            return (sum_to(grad * np.exp(a - out), a.shape) if need_a else None,
                    sum_to(grad * np.exp(b - out), b.shape) if need_b else None)


class Copysign(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, a, b):
        out = _binary("copysign", np.copysign, a, b)
        ctx.save_for_backward(a, out)
        ctx.shape_b = b.shape
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        # The sign of the result over the sign of a: +-1, and 0 where a is 0, as in PyTorch.
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(a == 0, np.zeros((), out.dtype), out / a)
        return (sum_to(grad * ratio, a.shape) if need_a else None,
                np.zeros(ctx.shape_b, grad.dtype) if need_b else None)

def add(input, other, *, alpha=1):
    """``input + alpha * other``, elementwise with broadcasting.

    Parameters
    ----------
    input, other : Tensor or scalar
        The operands; tensors broadcast against each other as in NumPy. A
        Python scalar takes the tensor's dtype (an int64 tensor with a Python
        float gives the default float dtype).
    alpha : number, default 1
        The multiplier of ``other``; an int for integer operands.

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``. Differentiable in every
        tensor operand; each gradient is summed back to its operand's shape.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> b = minigrad.tensor([10.0, 20.0])
    >>> minigrad.add(a, b)
    tensor([[11., 22.],
            [13., 24.]])
    >>> minigrad.add(a, b, alpha=0.5)
    tensor([[ 6., 12.],
            [ 8., 14.]])
    """
    a, b = _check_operand(input, "add"), _check_operand(other, "add")
    if type(alpha) is not int or alpha != 1:
        _check_alpha("add", alpha, a, b)
        b = _times_alpha(b, alpha)
    return Add.apply(a, b)


def sub(input, other, *, alpha=1):
    """``input - alpha * other``, elementwise with broadcasting.

    ``minigrad.subtract`` is the same function.

    Parameters
    ----------
    input, other : Tensor or scalar
        The operands; tensors broadcast against each other as in NumPy. A
        Python scalar takes the tensor's dtype (an int64 tensor with a Python
        float gives the default float dtype).
    alpha : number, default 1
        The multiplier of ``other``; an int for integer operands.

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``. Differentiable in every
        tensor operand; each gradient is summed back to its operand's shape.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> b = minigrad.tensor([1.0, 1.0])
    >>> minigrad.sub(a, b)
    tensor([[0., 1.],
            [2., 3.]])
    >>> minigrad.sub(a, b, alpha=2)
    tensor([[-1.,  0.],
            [ 1.,  2.]])
    """
    a, b = _check_operand(input, "sub"), _check_operand(other, "sub")
    if type(alpha) is not int or alpha != 1:
        _check_alpha("sub", alpha, a, b)
        b = _times_alpha(b, alpha)
    return Sub.apply(a, b)


def mul(input, other):
    """``input * other``, elementwise with broadcasting.

    ``minigrad.multiply`` is the same function.

    Parameters
    ----------
    input, other : Tensor or scalar
        The operands; tensors broadcast against each other as in NumPy. A
        Python scalar takes the tensor's dtype (an int64 tensor with a Python
        float gives the default float dtype).

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``. Differentiable in every
        tensor operand; each gradient is summed back to its operand's shape.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> b = minigrad.tensor([[2.0], [10.0]])
    >>> minigrad.mul(a, b)
    tensor([[ 2.,  4.],
            [30., 40.]])
    """
    return Mul.apply(_check_operand(input, "mul"), _check_operand(other, "mul"))


def div(input, other, *, rounding_mode=None):
    """``input / other``, elementwise with broadcasting, optionally rounded.

    Without ``rounding_mode`` this is true division: dividing integers gives
    the default float dtype, as in PyTorch. ``minigrad.divide`` and
    ``minigrad.true_divide`` (without rounding) are the same function.

    Parameters
    ----------
    input, other : Tensor or scalar
        The operands; tensors broadcast against each other as in NumPy. A
        Python scalar takes the tensor's dtype (an int64 tensor with a Python
        float gives the default float dtype).
    rounding_mode : {None, 'trunc', 'floor'}, default None
        'trunc' rounds the quotient towards zero (C's integer division),
        'floor' towards negative infinity (Python's ``//``); both keep integer
        dtypes, and an integer division by zero raises ``ZeroDivisionError``.

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``. Differentiable in
        every tensor operand; each gradient is summed back to its operand's
        shape. A rounded quotient is flat almost everywhere: its gradient is zero.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([1, 2, 3])
    >>> b = minigrad.tensor(2)
    >>> minigrad.div(a, b)
    tensor([0.5000, 1.0000, 1.5000])
    >>> minigrad.div(minigrad.tensor([-7, 7]), 2, rounding_mode="trunc")
    tensor([-3,  3])
    >>> minigrad.div(minigrad.tensor([-7, 7]), 2, rounding_mode="floor")
    tensor([-4,  3])
    """
    a, b = _check_operand(input, "div"), _check_operand(other, "div")
    if rounding_mode is None:
        return Div.apply(a, b)
    if rounding_mode not in ("trunc", "floor"):
        raise ValueError(
            f"div: expected rounding_mode to be one of None, 'trunc', or 'floor', "
            f"got {rounding_mode!r}"
        )
    return RoundedDiv.apply(a, b, rounding_mode)


def pow(a, b):
    """``a ** b``, elementwise with broadcasting; differentiable in both operands.

    Parameters
    ----------
    a : Tensor or scalar
        The base.
    b : Tensor or scalar
        The exponent; tensors broadcast against each other as in NumPy, and a
        Python scalar takes the tensor's dtype (an int64 tensor with a Python
        float gives the default float dtype). A negative base with a non-integer
        exponent gives NaN.

    Returns
    -------
    Tensor
        The broadcast shape of ``a`` and ``b``. Differentiable in every tensor
        operand; each gradient is summed back to its operand's shape.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([1.0, 2.0, 4.0])
    >>> b = minigrad.tensor([2.0, 3.0, 0.5])
    >>> minigrad.pow(a, b)
    tensor([1., 8., 2.])
    """
    return Pow.apply(_check_operand(a, "pow"), _check_operand(b, "pow"))


def neg(a):
    """``-a``, elementwise.

    Parameters
    ----------
    a : Tensor
        Of a floating-point or integer dtype; a bool tensor raises
        ``TypeError`` (use :func:`logical_not`).

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.neg(minigrad.tensor([1.0, -2.0]))
    tensor([-1.,  2.])
    """
    return _negate(a, "neg")


def _negate(a, op):
    if not isinstance(a, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(a).__name__}")
    if a._data.dtype == np.bool_:
        raise TypeError(f"{op}: negation of a bool tensor is not supported; use ~ or "
                        f"logical_not to invert a mask")
    return Neg.apply(a)


def negative(input):
    """``-input``, elementwise; another name of :func:`neg`.

    Parameters
    ----------
    input : Tensor
        Of a floating-point or integer dtype; a bool tensor raises ``TypeError``.

    Returns
    -------
    Tensor
        Same shape and dtype as ``input``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.negative(minigrad.tensor([3, -1]))
    tensor([-3,  1])
    """
    return _negate(input, "negative")


def positive(input):
    """``input`` itself, as unary ``+`` gives it.

    Parameters
    ----------
    input : Tensor
        Of a floating-point or integer dtype; a bool tensor raises ``TypeError``.

    Returns
    -------
    Tensor
        ``input``, the same object.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([1.0, -2.0])
    >>> minigrad.positive(x) is x
    True
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"positive: expected input to be a Tensor, got {type(input).__name__}")
    if input._data.dtype == np.bool_:
        raise TypeError("positive: unary + of a bool tensor is not supported")
    return input


def exp(a):
    """The exponential ``e**a`` of each element.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.exp(minigrad.tensor([0.0, 1.0]))
    tensor([1.0000, 2.7183])
    """
    return Exp.apply(a)


def log(a):
    """The natural logarithm of each element.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``.
        ``-inf`` at 0 and NaN for negative elements, as in NumPy.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.log(minigrad.tensor([1.0, 2.7182817]))
    tensor([0., 1.])
    """
    return Log.apply(a)


def sqrt(a):
    """The square root of each element.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.sqrt(minigrad.tensor([4.0, 9.0]))
    tensor([2., 3.])
    """
    return Sqrt.apply(a)


def abs(a):
    """The absolute value of each element.

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``. The gradient at 0 is 0, as in PyTorch.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.abs(minigrad.tensor([-1.5, 0.0, 2.0]))
    tensor([1.5000, 0.0000, 2.0000])
    """
    return Abs.apply(a)


def sin(a):
    """The sine of each element (in radians).

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.sin(minigrad.tensor([0.0, 1.5707964]))
    tensor([0., 1.])
    """
    return Sin.apply(a)


def cos(a):
    """The cosine of each element (in radians).

    Parameters
    ----------
    a : Tensor
        A floating-point tensor.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.cos(minigrad.tensor([0.0, 3.1415927]))
    tensor([ 1., -1.])
    """
    return Cos.apply(a)


def clamp(a, min=None, max=None):
    """Limit each element to the interval ``[min, max]``.

    ``minigrad.clip`` is the same function.

    Parameters
    ----------
    a : Tensor
        The values to limit.
    min : float or Tensor, optional
        The lower bound; elements below it become ``min``. A tensor bound must
        broadcast to ``a``'s shape and gives a bound per element. None (the
        default) leaves the values unbounded below.
    max : float or Tensor, optional
        The upper bound, in the same forms; None leaves the values unbounded
        above. At least one of ``min`` and ``max`` must be given. Where ``min``
        exceeds ``max`` every element becomes ``max``.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``. The gradient passes where the element
        was inside the bounds and is zero where it was clamped.

    Raises
    ------
    ValueError
        If neither ``min`` nor ``max`` is given.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.clamp(minigrad.tensor([-2.0, 0.5, 3.0]), min=0.0, max=1.0)
    tensor([0.0000, 0.5000, 1.0000])
    """
    if not isinstance(a, Tensor):
        raise TypeError(f"clamp: expected input to be a Tensor, got {type(a).__name__}")
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    low, high = _clamp_bound(a, "min", min), _clamp_bound(a, "max", max)
    return Clamp.apply(a, low, high)


def _clamp_bound(a, name, bound):
    """A bound of :func:`clamp` as NumPy takes it: None, a number or a broadcastable array."""
    if bound is None:
        return None
    if not isinstance(bound, Tensor):
        if isinstance(bound, (bool, np.bool_)) or not isinstance(bound, numbers.Real):
            raise TypeError(f"clamp: {name} must be a number or a Tensor, got {bound!r}")
        return bound
    try:
        np.broadcast_shapes(a.shape, bound.shape)
    except ValueError:
        raise ValueError(f"clamp: {name} of shape {list(bound.shape)} cannot be broadcast with "
                         f"the input's shape {list(a.shape)}") from None
    return bound._data


def clamp_min(a, min):
    """``clamp(a, min=min)``: each element at least ``min``.

    Parameters
    ----------
    a : Tensor
        The values to limit.
    min : float or Tensor
        The lower bound; elements below it become ``min``. A tensor bound must
        broadcast to ``a``'s shape and gives a bound per element.

    Returns
    -------
    Tensor
        Same shape as ``a``. The gradient passes where the element was at least
        ``min`` and is zero where it was raised to the bound.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.clamp_min(minigrad.tensor([-2.0, 0.5]), 0.0)
    tensor([0.0000, 0.5000])
    """
    return clamp(a, min=min)


def clamp_max(a, max):
    """``clamp(a, max=max)``: each element at most ``max``.

    Parameters
    ----------
    a : Tensor
        The values to limit.
    max : float or Tensor
        The upper bound; elements above it become ``max``. A tensor bound must
        broadcast to ``a``'s shape and gives a bound per element.

    Returns
    -------
    Tensor
        Same shape as ``a``. The gradient passes where the element was at most
        ``max`` and is zero where it was lowered to the bound.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.clamp_max(minigrad.tensor([-2.0, 0.5]), 0.0)
    tensor([-2.,  0.])
    """
    return clamp(a, max=max)


def maximum(a, b):
    """The elementwise maximum of ``a`` and ``b``.

    The gradient goes to the larger operand; on a tie it is split evenly
    between the two, as in PyTorch.

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands; tensors broadcast against each other as in NumPy. A
        Python scalar takes the tensor's dtype (an int64 tensor with a Python
        float gives the default float dtype).

    Returns
    -------
    Tensor
        The broadcast shape of ``a`` and ``b``. Differentiable in every tensor
        operand; each gradient is summed back to its operand's shape.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([1.0, 5.0, 3.0])
    >>> b = minigrad.tensor([4.0, 2.0, 3.0])
    >>> minigrad.maximum(a, b)
    tensor([4., 5., 3.])
    """
    return Maximum.apply(_check_operand(a, "maximum"), _check_operand(b, "maximum"))


def minimum(a, b):
    """The elementwise minimum of ``a`` and ``b``.

    The gradient goes to the smaller operand; on a tie it is split evenly
    between the two, as in PyTorch.

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands; tensors broadcast against each other as in NumPy. A
        Python scalar takes the tensor's dtype (an int64 tensor with a Python
        float gives the default float dtype).

    Returns
    -------
    Tensor
        The broadcast shape of ``a`` and ``b``. Differentiable in every tensor
        operand; each gradient is summed back to its operand's shape.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([1.0, 5.0, 3.0])
    >>> b = minigrad.tensor([4.0, 2.0, 3.0])
    >>> minigrad.minimum(a, b)
    tensor([1., 2., 3.])
    """
    return Minimum.apply(_check_operand(a, "minimum"), _check_operand(b, "minimum"))


def to_dtype(a, dtype):
    """``a`` converted to ``dtype``; gradients flow between floating dtypes."""
    if a._data.dtype == dtype:
        return a
    if dtype.kind != "f":
        return Tensor._make(a._data.astype(dtype), False)
    return ToDtype.apply(a, dtype)


def clone(a, order="C"):
    """A recorded copy of ``a``, in row-major order or (``order="K"``) keeping ``a``'s layout."""
    return Clone.apply(a, order)


# ---------------------------------------------------------------- more arithmetic
def true_divide(input, other):
    """``input / other``: :func:`div` without rounding.

    Parameters
    ----------
    input : Tensor or scalar
        The dividend.
    other : Tensor or scalar
        The divisor; tensors broadcast against each other as in NumPy. Integer
        operands give the default float dtype, and a division by zero gives
        ``inf`` or ``nan`` rather than an error.

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``; differentiable in every
        tensor operand. ``minigrad.div`` without ``rounding_mode`` computes the same.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.true_divide(minigrad.tensor([1, 3]), 2)
    tensor([0.5000, 1.5000])
    """
    return Div.apply(_check_operand(input, "true_divide"), _check_operand(other, "true_divide"))


def floor_divide(input, other):
    """``input // other``, rounded towards negative infinity: ``div(rounding_mode='floor')``.

    Parameters
    ----------
    input : Tensor or scalar
        The dividend.
    other : Tensor or scalar
        The divisor; tensors broadcast against each other as in NumPy. Integer
        operands keep an integer dtype, and an integer division by zero raises
        ``ZeroDivisionError``.

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``. The floored quotient is
        flat almost everywhere, so its gradient is zero.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.floor_divide(minigrad.tensor([-7.0, 7.0]), 2.0)
    tensor([-4.,  3.])
    """
    return div(input, other, rounding_mode="floor")


def rsub(input, other, *, alpha=1):
    """``other - alpha * input``: :func:`sub` with the operands swapped.

    Parameters
    ----------
    input : Tensor or scalar
        The subtrahend, scaled by ``alpha``.
    other : Tensor or scalar
        The minuend; tensors broadcast against each other as in NumPy, and a
        Python scalar takes the tensor's dtype.
    alpha : number, default 1
        The multiplier of ``input`` (keyword only); an int for integer operands.

    Returns
    -------
    Tensor
        ``other - alpha * input``, of the broadcast shape; differentiable in every
        tensor operand.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.rsub(minigrad.tensor([1.0, 2.0]), 10.0, alpha=2)
    tensor([8., 6.])
    """
    return sub(other, input, alpha=alpha)


def remainder(input, other):
    """The remainder of ``input / other`` with the sign of the divisor, as Python's ``%``.

    Computes ``input - floor(input / other) * other``. The gradient is 1 for
    ``input`` and ``-floor(input / other)`` for ``other``. An integer division
    by zero raises ``ZeroDivisionError``.

    Parameters
    ----------
    input : Tensor or scalar
        The dividend.
    other : Tensor or scalar
        The divisor; tensors broadcast against each other as in NumPy. The result
        has the sign of ``other`` (or is zero). A floating-point zero divisor
        gives NaN; an integer one raises ``ZeroDivisionError``.

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``, with their promoted dtype;
        differentiable in every tensor operand.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.remainder(minigrad.tensor([-3.0, 3.0]), 2.0)
    tensor([1., 1.])
    """
    return Remainder.apply(_check_operand(input, "remainder"), _check_operand(other, "remainder"))


def fmod(input, other):
    """The remainder of ``input / other`` with the sign of the dividend, as C's ``fmod``.

    Computes ``input - trunc(input / other) * other``. The gradient is 1 for
    ``input`` and ``-trunc(input / other)`` for ``other``. An integer division
    by zero raises ``ZeroDivisionError``.

    Parameters
    ----------
    input : Tensor or scalar
        The dividend.
    other : Tensor or scalar
        The divisor; tensors broadcast against each other as in NumPy. The result
        has the sign of ``input`` (or is zero). A floating-point zero divisor
        gives NaN; an integer one raises ``ZeroDivisionError``.

    Returns
    -------
    Tensor
        The broadcast shape of ``input`` and ``other``, with their promoted dtype;
        differentiable in every tensor operand.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.fmod(minigrad.tensor([-3.0, 3.0]), 2.0)
    tensor([-1.,  1.])
    """
    return Fmod.apply(_check_operand(input, "fmod"), _check_operand(other, "fmod"))


def lerp(input, end, weight):
    """Linear interpolation ``input + weight * (end - input)``.

    Parameters
    ----------
    input : Tensor
        The start points, floating-point.
    end : Tensor
        The end points, floating-point, broadcast with ``input``.
    weight : float or Tensor
        How far to go from ``input`` towards ``end``: 0 gives ``input``, 1 gives
        ``end``; values outside ``[0, 1]`` extrapolate. A tensor weight must be
        floating-point and broadcast with the other two.

    Returns
    -------
    Tensor
        Differentiable in ``input``, ``end`` and a tensor ``weight``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.lerp(minigrad.tensor([0.0, 10.0]), minigrad.tensor([10.0, 20.0]), 0.25)
    tensor([ 2.5000, 12.5000])
    """
    input, end = _check_operand(input, "lerp"), _check_operand(end, "lerp")
    weight = _check_operand(weight, "lerp")
    _require_float_tensors("lerp", input, end, weight)
    return add(input, mul(weight, sub(end, input)))


def addcmul(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 * tensor2``, elementwise with broadcasting.

    Optimizers use it for running averages of squared gradients.

    Parameters
    ----------
    input : Tensor
        The tensor added to.
    tensor1 : Tensor
        The first factor of the product.
    tensor2 : Tensor
        The second factor; the three tensors broadcast together as in NumPy.
    value : number, default 1
        The multiplier of the product (keyword only); an int for integer tensors.

    Returns
    -------
    Tensor
        The broadcast shape of the three inputs; differentiable in each of them.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([1.0, 1.0])
    >>> minigrad.addcmul(x, minigrad.tensor([2.0, 3.0]), minigrad.tensor([4.0, 5.0]), value=0.5)
    tensor([5.0000, 8.5000])
    """
    input = _check_operand(input, "addcmul")
    t1, t2 = _check_operand(tensor1, "addcmul"), _check_operand(tensor2, "addcmul")
    product = mul(t1, t2)
    if type(value) is not int or value != 1:
        _check_alpha("addcmul", value, t1, t2)
        product = mul(product, value)
    return add(input, product)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """``input + value * tensor1 / tensor2``, elementwise with broadcasting.

    Adam's update is ``p.addcdiv_(exp_avg, denom, value=-lr)``.

    Parameters
    ----------
    input : Tensor
        The tensor added to.
    tensor1 : Tensor
        The numerator.
    tensor2 : Tensor
        The denominator; the three tensors broadcast together as in NumPy. At
        least one of ``tensor1`` and ``tensor2`` must be floating-point.
    value : number, default 1
        The multiplier of the quotient (keyword only).

    Returns
    -------
    Tensor
        The broadcast shape of the three inputs; differentiable in each of them.

    Raises
    ------
    TypeError
        When ``tensor1`` and ``tensor2`` are both integer tensors (PyTorch
        refuses integer division here; use :func:`div` with a rounding mode).

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([1.0, 1.0])
    >>> minigrad.addcdiv(x, minigrad.tensor([2.0, 3.0]), minigrad.tensor([4.0, 6.0]), value=-2)
    tensor([0., 0.])
    """
    input = _check_operand(input, "addcdiv")
    t1, t2 = _check_operand(tensor1, "addcdiv"), _check_operand(tensor2, "addcdiv")
    if all(isinstance(t, Tensor) and t._data.dtype.kind in "iub" for t in (t1, t2)):
        raise TypeError(
            "addcdiv: integer division with addcdiv is not supported; use div with a rounding_mode"
        )
    quotient = div(t1, t2)
    if type(value) is not int or value != 1:
        _check_alpha("addcdiv", value, quotient, input)
        quotient = mul(quotient, value)
    return add(input, quotient)


def _float_operands(op, input, other):
    """``input`` and ``other`` as float tensors: integer and bool tensors in the default float
    dtype, a number as a 0-d tensor of the other operand's dtype (PyTorch's promotion)."""
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, (Tensor, numbers.Real)):
            raise TypeError(f"{op}: expected {name} to be a Tensor or a number, got "
                            f"{type(x).__name__}")
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError(f"{op}: expected input or other to be a Tensor, got two numbers")
    pair = [x if not isinstance(x, Tensor) or x._data.dtype.kind == "f"
            else Tensor._make(x._data.astype(get_default_dtype()), False)
            for x in (input, other)]
    dtype = np.result_type(*(x._data.dtype for x in pair if isinstance(x, Tensor)))
    return [x if isinstance(x, Tensor) else Tensor._make(np.asarray(x, dtype), False)
            for x in pair]


def _float_tensors(op, input, other):
    for name, x in (("input", input), ("other", other)):
        if not isinstance(x, Tensor):
            raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(x).__name__}")
        if x._data.dtype.kind != "f":
            raise TypeError(f"{op}: expected floating-point tensors, got {name} of dtype "
                            f"{x._data.dtype}")
    return input, other


def xlogy(input, other):
    """``input * log(other)``, elementwise, and 0 where ``input`` is 0 (unless ``other`` is NaN).

    Parameters
    ----------
    input : Tensor or number
        The factor; an integer or bool tensor is computed in the default float dtype.
    other : Tensor or number
        The argument of the logarithm; broadcasts with ``input``. At least
        one of the two is a tensor.

    Returns
    -------
    Tensor
        Of the broadcast shape; differentiable in both operands: ``log(other)``
        (0 where ``input`` is 0) and ``input / other``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.xlogy(minigrad.tensor([0.0, 2.0, 3.0]), minigrad.tensor([0.0, 1.0, 2.0]))
    tensor([0.0000, 0.0000, 2.0794])
    """
    return Xlogy.apply(*_float_operands("xlogy", input, other))


def hypot(input, other):
    """``sqrt(input ** 2 + other ** 2)``, elementwise, without overflow for large values.

    Parameters
    ----------
    input, other : Tensor
        Floating-point tensors that broadcast together.

    Returns
    -------
    Tensor
        Of the broadcast shape; differentiable, with gradients ``input / out``
        and ``other / out`` (NaN where both are 0, as in PyTorch).

    Examples
    --------
    >>> import minigrad
    >>> minigrad.hypot(minigrad.tensor([3.0, 5.0]), minigrad.tensor([4.0, 12.0]))
    tensor([ 5., 13.])
    """
    return Hypot.apply(*_float_tensors("hypot", input, other))


def logaddexp(input, other):
    """``log(exp(input) + exp(other))``, elementwise, without overflow.

    Parameters
    ----------
    input, other : Tensor
        Floating-point tensors that broadcast together.

    Returns
    -------
    Tensor
        Of the broadcast shape; differentiable, with gradients
        ``exp(input - out)`` and ``exp(other - out)``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logaddexp(minigrad.tensor([0.0, 100.0]), minigrad.tensor([0.0, 100.0]))
    tensor([  0.6931, 100.6931])
    """
    return Logaddexp.apply(*_float_tensors("logaddexp", input, other))


def copysign(input, other):
    """The magnitude of ``input`` with the sign of ``other``, elementwise.

    Parameters
    ----------
    input : Tensor
        The magnitudes; an integer or bool tensor is computed in the default float dtype.
    other : Tensor or number
        The signs (``-0.0`` counts as negative); broadcasts with ``input``.

    Returns
    -------
    Tensor
        Of the broadcast shape; differentiable in ``input`` (the gradient is
        +-1, and 0 where ``input`` is 0), with a zero gradient for ``other``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.copysign(minigrad.tensor([1.0, -2.0, 3.0]), -1.0)
    tensor([-1., -2., -3.])
    """
    if not isinstance(input, Tensor):
        raise TypeError(f"copysign: expected input to be a Tensor, got {type(input).__name__}")
    return Copysign.apply(*_float_operands("copysign", input, other))


def float_power(input, exponent):
    """``input ** exponent`` computed in float64, whatever the operands' dtypes.

    Parameters
    ----------
    input : Tensor or number
        The base.
    exponent : Tensor or number
        The exponent; broadcasts with ``input``. At least one of the two is a tensor.

    Returns
    -------
    Tensor
        float64, of the broadcast shape; differentiable as :func:`pow`, the
        gradients returned in the operands' own dtypes.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.float_power(minigrad.tensor([2, 3]), 2)
    tensor([4., 9.], dtype=minigrad.float64)
    """
    operands = []
    for name, x in (("input", input), ("exponent", exponent)):
        if isinstance(x, Tensor):
            x = to_dtype(x, _float64)
        elif isinstance(x, numbers.Real):
            x = float(x)
        else:
            raise TypeError(f"float_power: expected {name} to be a Tensor or a number, got "
                            f"{type(x).__name__}")
        operands.append(x)
    if not any(isinstance(x, Tensor) for x in operands):
        raise TypeError("float_power: expected input or exponent to be a Tensor, got two numbers")
    return pow(*operands)
