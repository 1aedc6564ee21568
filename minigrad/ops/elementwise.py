"""Elementwise arithmetic and math, with NumPy broadcasting.

Operands may be tensors or Python/NumPy scalars; a gradient is summed back to
each tensor operand's shape with :func:`~minigrad.ops.broadcast.sum_to`.

Type promotion follows PyTorch for scalars: an int64 tensor times ``1.5`` or
divided by an int is float32 (the default float dtype), a float32 tensor with
a Python or NumPy float stays float32, and float32 with a float64 tensor gives
float64. One difference: a 0-d float64 tensor promotes like any other tensor
(PyTorch keeps ``float32 * tensor(2.0, dtype=float64)`` in float32).
"""
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


def _require_float(op, a):
    if np.asarray(a).dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {np.asarray(a).dtype}")


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
    _derivative = staticmethod(np.sign)


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
        need_a, need_b = ctx.needs_input_grad
        return (
            sum_to(grad * share_a, np.shape(a)) if need_a else None,
            sum_to(grad * (1 - share_a), np.shape(b)) if need_b else None,
        )


class Maximum(_Extremum):
    _ufunc = np.maximum


class Minimum(_Extremum):
    _ufunc = np.minimum


class Where(Function):
    ndarray_io = True

    @staticmethod
    def forward(ctx, condition, a, b):
        try:
            out = np.where(condition, a, b)
        except ValueError:
            raise ValueError(
                f"where: shapes {list(np.shape(condition))}, {list(np.shape(a))} and "
                f"{list(np.shape(b))} are not broadcastable"
            ) from None
        ctx.condition = condition
        ctx.shapes = (np.shape(a), np.shape(b))
        return _fix_promotion(out, a, b)

    @staticmethod
    def backward(ctx, grad):
        sa, sb = ctx.shapes
        need_a, need_b = ctx.needs_input_grad[1:]
        zero = np.zeros((), grad.dtype)
        return (
            None,
            sum_to(np.where(ctx.condition, grad, zero), sa) if need_a else None,
            sum_to(np.where(ctx.condition, zero, grad), sb) if need_b else None,
        )


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
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


def add(a, b):
    """``a + b``, elementwise with broadcasting.

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
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> b = minigrad.tensor([10.0, 20.0])
    >>> minigrad.add(a, b)
    tensor([[11., 22.],
            [13., 24.]])
    """
    return Add.apply(_check_operand(a, "add"), _check_operand(b, "add"))


def sub(a, b):
    """``a - b``, elementwise with broadcasting.

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
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> b = minigrad.tensor([1.0, 1.0])
    >>> minigrad.sub(a, b)
    tensor([[0., 1.],
            [2., 3.]])
    """
    return Sub.apply(_check_operand(a, "sub"), _check_operand(b, "sub"))


def mul(a, b):
    """``a * b``, elementwise with broadcasting.

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
    >>> a = minigrad.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> b = minigrad.tensor([[2.0], [10.0]])
    >>> minigrad.mul(a, b)
    tensor([[ 2.,  4.],
            [30., 40.]])
    """
    return Mul.apply(_check_operand(a, "mul"), _check_operand(b, "mul"))


def div(a, b):
    """``a / b`` (true division), elementwise with broadcasting.

    Dividing integers gives the default float dtype, as in PyTorch.

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
    >>> a = minigrad.tensor([1, 2, 3])
    >>> b = minigrad.tensor(2)
    >>> minigrad.div(a, b)
    tensor([0.5, 1. , 1.5])
    """
    return Div.apply(_check_operand(a, "div"), _check_operand(b, "div"))


def pow(a, b):
    """``a ** b``, elementwise with broadcasting; differentiable in both operands.

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
        A floating-point tensor.

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
    return Neg.apply(a)


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
    tensor([1.      , 2.718282])
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
    tensor([1.5, 0. , 2. ])
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
    min, max : float, optional
        The bounds; either may be omitted, not both.

    Returns
    -------
    Tensor
        Same shape and dtype as ``a``. The gradient passes where the element
        was inside the bounds and is zero where it was clamped.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.clamp(minigrad.tensor([-2.0, 0.5, 3.0]), min=0.0, max=1.0)
    tensor([0. , 0.5, 1. ])
    """
    if min is None and max is None:
        raise ValueError("clamp: at least one of min and max must be given")
    low = min._data if isinstance(min, Tensor) else min
    high = max._data if isinstance(max, Tensor) else max
    return Clamp.apply(a, low, high)


def clamp_min(a, min):
    """``clamp(a, min=min)``: each element at least ``min``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.clamp_min(minigrad.tensor([-2.0, 0.5]), 0.0)
    tensor([0. , 0.5])
    """
    return clamp(a, min=min)


def clamp_max(a, max):
    """``clamp(a, max=max)``: each element at most ``max``.

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


def where(condition, a, b):
    """Pick elements of ``a`` where ``condition`` holds and of ``b`` elsewhere.

    Parameters
    ----------
    condition : Tensor
        A bool tensor (a comparison such as ``x > 0``).
    a, b : Tensor or scalar
        The values to pick from; the three arguments broadcast together.

    Returns
    -------
    Tensor
        The broadcast shape. The gradient of each element flows to the operand
        it was picked from.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([-1.0, 2.0, -3.0])
    >>> minigrad.where(x > 0, x, 0.0)
    tensor([0., 2., 0.])
    """
    cond = condition._data if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: expected a bool condition, got dtype {cond.dtype}")
    return Where.apply(cond, _check_operand(a, "where"), _check_operand(b, "where"))


def to_dtype(a, dtype):
    """``a`` converted to ``dtype``; gradients flow between floating dtypes."""
    if a._data.dtype == dtype:
        return a
    if dtype.kind != "f":
        return Tensor._make(a._data.astype(dtype), False)
    return ToDtype.apply(a, dtype)


def clone(a):
    """A recorded copy of ``a``."""
    return Clone.apply(a)


def compare(ufunc, a, b):
    """A comparison or logical op; returns a bool tensor that never requires grad."""
    x = a._data if isinstance(a, Tensor) else a
    y = b._data if isinstance(b, Tensor) else b
    return Tensor._make(np.asarray(_binary(ufunc.__name__, ufunc, x, y)), False)


def logical_not(a):
    """Elementwise logical not (``~a``) of a bool tensor."""
    if a._data.dtype != np.bool_:
        return Tensor._make(np.invert(a._data), False)
    return Tensor._make(np.logical_not(a._data), False)
