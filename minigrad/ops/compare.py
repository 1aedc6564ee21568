"""Comparisons, logical and bitwise ops, and tests on values (``isnan``, ``isclose`` ...).

None of these is differentiable: each returns a tensor that never requires
grad (bool for comparisons and tests, int64 for counts and indices), or a
Python bool for :func:`allclose` and :func:`equal`. Operands broadcast as in
NumPy; a Python scalar compares with every element.
"""
import numpy as np

from minigrad.ops._args import accepts_axis, check_bool
from minigrad.ops.reduce import _axes
from minigrad.tensor import Tensor

_SCALARS = (int, float, bool, np.number, np.bool_)


# ---------------------------------------------------------------- argument checks
def _tensor_arg(x, op, name="input"):
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: expected {name} to be a Tensor, got {type(x).__name__}")
    return x._data


def _operand(x, op):
    if isinstance(x, Tensor):
        return x._data
    if isinstance(x, _SCALARS):
        return x
    if isinstance(x, np.ndarray):
        return x
    raise TypeError(f"{op}: expected a Tensor or a number, got {type(x).__name__}")


def _apply(ufunc, op, a, b):
    x, y = _operand(a, op), _operand(b, op)
    try:
        out = ufunc(x, y)
    except ValueError:
        raise ValueError(
            f"{op}: shapes {list(np.shape(x))} and {list(np.shape(y))} are not broadcastable"
        ) from None
    return Tensor._make(np.asarray(out), False)


def _require_integral(op, *arrays):
    for x in arrays:
        kind = np.asarray(x).dtype.kind
        if kind not in "biu":
            raise TypeError(
                f"{op}: expected bool or integer tensors, got dtype {np.asarray(x).dtype}"
            )


# ---------------------------------------------------------------- comparisons
def eq(input, other):
    """``input == other`` elementwise, as a bool tensor.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of any dtype.
    other : Tensor or number
        The right-hand operand: a tensor whose shape broadcasts with ``input``'s,
        or a Python number compared with every element.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.eq(minigrad.tensor([1, 2, 3]), minigrad.tensor([1, 0, 3]))
    tensor([ True, False,  True])
    """
    _tensor_arg(input, "eq")
    return _apply(np.equal, "eq", input, other)


def ne(input, other):
    """``input != other`` elementwise, as a bool tensor; ``not_equal`` is the same function.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of any dtype.
    other : Tensor or number
        The right-hand operand: a tensor whose shape broadcasts with ``input``'s,
        or a Python number compared with every element.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.ne(minigrad.tensor([1, 2, 3]), 2)
    tensor([ True, False,  True])
    """
    _tensor_arg(input, "ne")
    return _apply(np.not_equal, "ne", input, other)


def lt(input, other):
    """``input < other`` elementwise, as a bool tensor; ``less`` is the same function.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of a real (bool, integer or floating) dtype.
    other : Tensor or number
        The right-hand operand: a tensor whose shape broadcasts with ``input``'s,
        or a Python number compared with every element. A comparison with NaN is
        always False.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.lt(minigrad.tensor([1.0, 2.0, 3.0]), 2.0)
    tensor([ True, False, False])
    """
    _tensor_arg(input, "lt")
    return _apply(np.less, "lt", input, other)


def le(input, other):
    """``input <= other`` elementwise, as a bool tensor; ``less_equal`` is the same function.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of a real (bool, integer or floating) dtype.
    other : Tensor or number
        The right-hand operand: a tensor whose shape broadcasts with ``input``'s,
        or a Python number compared with every element. A comparison with NaN is
        always False.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.le(minigrad.tensor([1.0, 2.0, 3.0]), 2.0)
    tensor([ True,  True, False])
    """
    _tensor_arg(input, "le")
    return _apply(np.less_equal, "le", input, other)


def gt(input, other):
    """``input > other`` elementwise, as a bool tensor; ``greater`` is the same function.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of a real (bool, integer or floating) dtype.
    other : Tensor or number
        The right-hand operand: a tensor whose shape broadcasts with ``input``'s,
        or a Python number compared with every element. A comparison with NaN is
        always False.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.gt(minigrad.tensor([1.0, 2.0, 3.0]), 2.0)
    tensor([False, False,  True])
    """
    _tensor_arg(input, "gt")
    return _apply(np.greater, "gt", input, other)


def ge(input, other):
    """``input >= other`` elementwise, as a bool tensor; ``greater_equal`` is the same function.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of a real (bool, integer or floating) dtype.
    other : Tensor or number
        The right-hand operand: a tensor whose shape broadcasts with ``input``'s,
        or a Python number compared with every element. A comparison with NaN is
        always False.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.ge(minigrad.tensor([1.0, 2.0, 3.0]), 2.0)
    tensor([False,  True,  True])
    """
    _tensor_arg(input, "ge")
    return _apply(np.greater_equal, "ge", input, other)


# PyTorch's long names for the same functions.
not_equal = ne
less = lt
less_equal = le
greater = gt
greater_equal = ge


# ---------------------------------------------------------------- logical and bitwise
def logical_and(input, other):
    """True where both ``input`` and ``other`` are nonzero; any dtypes, a bool result.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of any dtype; nonzero elements count as True.
    other : Tensor or number
        The right-hand operand, of any dtype: a tensor whose shape broadcasts with
        ``input``'s, or a Python number used for every element.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logical_and(minigrad.tensor([True, True, False]), minigrad.tensor([1, 0, 1]))
    tensor([ True, False, False])
    """
    _tensor_arg(input, "logical_and")
    return _apply(np.logical_and, "logical_and", input, other)


def logical_or(input, other):
    """True where ``input`` or ``other`` is nonzero; any dtypes, a bool result.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of any dtype; nonzero elements count as True.
    other : Tensor or number
        The right-hand operand, of any dtype: a tensor whose shape broadcasts with
        ``input``'s, or a Python number used for every element.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logical_or(minigrad.tensor([True, False, False]), minigrad.tensor([0.0, 2.0, 0.0]))
    tensor([ True,  True, False])
    """
    _tensor_arg(input, "logical_or")
    return _apply(np.logical_or, "logical_or", input, other)


def logical_xor(input, other):
    """True where exactly one of ``input`` and ``other`` is nonzero; a bool result.

    Parameters
    ----------
    input : Tensor
        The left-hand operand, of any dtype; nonzero elements count as True.
    other : Tensor or number
        The right-hand operand, of any dtype: a tensor whose shape broadcasts with
        ``input``'s, or a Python number used for every element.

    Returns
    -------
    Tensor
        bool, of the broadcast shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> a, b = minigrad.tensor([True, True, False]), minigrad.tensor([True, False, False])
    >>> minigrad.logical_xor(a, b)
    tensor([False,  True, False])
    """
    _tensor_arg(input, "logical_xor")
    return _apply(np.logical_xor, "logical_xor", input, other)


def logical_not(input):
    """True where ``input`` is zero; any dtype, a bool result.

    Parameters
    ----------
    input : Tensor
        Of any dtype; zero elements count as False, all others as True.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logical_not(minigrad.tensor([0.0, 1.5]))
    tensor([ True, False])
    """
    return Tensor._make(np.logical_not(_tensor_arg(input, "logical_not")), False)


def bitwise_and(input, other):
    """``input & other``: logical and for bool tensors, bitwise and for integers.

    Parameters
    ----------
    input : Tensor
        The left-hand operand; its dtype must be bool or an integer type.
    other : Tensor or int or bool
        The right-hand operand, bool or integer as well: a tensor whose shape
        broadcasts with ``input``'s, or a Python int or bool used for every
        element.

    Returns
    -------
    Tensor
        Of the broadcast shape, with NumPy's promoted dtype of the two operands
        (bool when both are bool); never requires grad.

    Raises
    ------
    TypeError
        If either operand has a floating-point dtype.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.bitwise_and(minigrad.tensor([12, 10]), 6)
    tensor([4, 2])
    """
    _require_integral("bitwise_and", _tensor_arg(input, "bitwise_and"),
                      _operand(other, "bitwise_and"))
    return _apply(np.bitwise_and, "bitwise_and", input, other)


def bitwise_or(input, other):
    """``input | other``: logical or for bool tensors, bitwise or for integers.

    Parameters
    ----------
    input : Tensor
        The left-hand operand; its dtype must be bool or an integer type.
    other : Tensor or int or bool
        The right-hand operand, bool or integer as well: a tensor whose shape
        broadcasts with ``input``'s, or a Python int or bool used for every
        element.

    Returns
    -------
    Tensor
        Of the broadcast shape, with NumPy's promoted dtype of the two operands
        (bool when both are bool); never requires grad.

    Raises
    ------
    TypeError
        If either operand has a floating-point dtype.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.bitwise_or(minigrad.tensor([12, 10]), 1)
    tensor([13, 11])
    """
    _require_integral("bitwise_or", _tensor_arg(input, "bitwise_or"),
                      _operand(other, "bitwise_or"))
    return _apply(np.bitwise_or, "bitwise_or", input, other)


def bitwise_xor(input, other):
    """``input ^ other``: logical xor for bool tensors, bitwise xor for integers.

    Parameters
    ----------
    input : Tensor
        The left-hand operand; its dtype must be bool or an integer type.
    other : Tensor or int or bool
        The right-hand operand, bool or integer as well: a tensor whose shape
        broadcasts with ``input``'s, or a Python int or bool used for every
        element.

    Returns
    -------
    Tensor
        Of the broadcast shape, with NumPy's promoted dtype of the two operands
        (bool when both are bool); never requires grad.

    Raises
    ------
    TypeError
        If either operand has a floating-point dtype.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.bitwise_xor(minigrad.tensor([True, False]), True)
    tensor([False,  True])
    """
    _require_integral("bitwise_xor", _tensor_arg(input, "bitwise_xor"),
                      _operand(other, "bitwise_xor"))
    return _apply(np.bitwise_xor, "bitwise_xor", input, other)


def bitwise_not(input):
    """``~input``: logical not for bool tensors, bitwise not (two's complement) for integers.

    Parameters
    ----------
    input : Tensor
        Its dtype must be bool or an integer type.

    Returns
    -------
    Tensor
        Of ``input``'s shape and dtype; never requires grad.

    Raises
    ------
    TypeError
        If ``input`` has a floating-point dtype.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.bitwise_not(minigrad.tensor([True, False]))
    tensor([False,  True])
    >>> minigrad.bitwise_not(minigrad.tensor([0, 5]))
    tensor([-1, -6])
    """
    data = _tensor_arg(input, "bitwise_not")
    _require_integral("bitwise_not", data)
    return Tensor._make(np.invert(data), False)


# ---------------------------------------------------------------- reductions to bool
@accepts_axis
def all(input, dim=None, keepdim=False):
    """True where every element (along ``dim``) is nonzero.

    Parameters
    ----------
    input : Tensor
        Of any dtype; nonzero elements count as True.
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end; all of
        them when omitted. NumPy's ``axis`` is accepted as an alias.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1 (alias
        ``keepdims``).

    Returns
    -------
    Tensor
        bool.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[True, False], [True, True]])
    >>> minigrad.all(x), minigrad.all(x, dim=1)
    (tensor(False), tensor([False,  True]))
    """
    return _truth_reduce("all", np.all, input, dim, keepdim)


@accepts_axis
def any(input, dim=None, keepdim=False):
    """True where some element (along ``dim``) is nonzero.

    Parameters
    ----------
    input : Tensor
        Of any dtype; nonzero elements count as True.
    dim : int or tuple of int, optional
        The dimensions to reduce, negative values counting from the end; all of
        them when omitted. NumPy's ``axis`` is accepted as an alias.
    keepdim : bool, default False
        Whether the reduced dimensions stay in the result with size 1 (alias
        ``keepdims``).

    Returns
    -------
    Tensor
        bool.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[0.0, 0.0], [0.0, 3.0]])
    >>> minigrad.any(x), minigrad.any(x, dim=1, keepdim=True)
    (tensor(True), tensor([[False],
            [ True]]))
    """
    return _truth_reduce("any", np.any, input, dim, keepdim)


def _truth_reduce(op, reduce, input, dim, keepdim):
    data = _tensor_arg(input, op)
    keepdim = check_bool(op, "keepdim", keepdim)
    if isinstance(dim, (tuple, list)) and len(dim) == 0:
        # PyTorch's any/all reduce over no dimension for dim=() (unlike sum,
        # which reduces over all): each element's truth value.
        return Tensor._make(np.asarray(data != 0), False)
    axes = _axes(dim, data.ndim, op)
    return Tensor._make(np.asarray(reduce(data, axis=axes, keepdims=keepdim)), False)


# ---------------------------------------------------------------- tests on values
def isnan(input):
    """True where an element is NaN (never for integer tensors).

    Parameters
    ----------
    input : Tensor
        Of any dtype; integer and bool tensors hold no NaN and no infinity.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.isnan(minigrad.tensor([1.0, float("nan"), float("inf")]))
    tensor([False,  True, False])
    """
    return Tensor._make(np.asarray(np.isnan(_tensor_arg(input, "isnan"))), False)


def isinf(input):
    """True where an element is positive or negative infinity.

    Parameters
    ----------
    input : Tensor
        Of any dtype; integer and bool tensors hold no NaN and no infinity.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.isinf(minigrad.tensor([1.0, float("nan"), -float("inf")]))
    tensor([False, False,  True])
    """
    return Tensor._make(np.asarray(np.isinf(_tensor_arg(input, "isinf"))), False)



def isposinf(input):
    """True where an element is positive infinity.

    Parameters
    ----------
    input : Tensor
        Of any dtype; integer and bool tensors hold no infinity.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.isposinf(minigrad.tensor([1.0, float("inf"), -float("inf")]))
    tensor([False,  True, False])
    """
    return Tensor._make(np.asarray(np.isposinf(_tensor_arg(input, "isposinf"))), False)


def isneginf(input):
    """True where an element is negative infinity.

    Parameters
    ----------
    input : Tensor
        Of any dtype; integer and bool tensors hold no infinity.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.isneginf(minigrad.tensor([1.0, float("inf"), -float("inf")]))
    tensor([False, False,  True])
    """
    return Tensor._make(np.asarray(np.isneginf(_tensor_arg(input, "isneginf"))), False)


def signbit(input):
    """True where an element's sign bit is set: negative numbers, ``-0.0`` and a negative NaN.

    Parameters
    ----------
    input : Tensor
        Of any real dtype; a bool tensor is never negative.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.signbit(minigrad.tensor([-1.0, -0.0, 0.0, 2.0]))
    tensor([ True,  True, False, False])
    """
    data = _tensor_arg(input, "signbit")
    if data.dtype == np.bool_:
        return Tensor._make(np.zeros(data.shape, np.bool_), False)
    return Tensor._make(np.asarray(np.signbit(data)), False)


def isreal(input):
    """True where an element is real: everywhere, since minigrad has no complex dtypes.

    Parameters
    ----------
    input : Tensor
        Of any dtype.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape, all true; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.isreal(minigrad.tensor([1.0, float("nan")]))
    tensor([True, True])
    """
    return Tensor._make(np.ones(_tensor_arg(input, "isreal").shape, np.bool_), False)

def isfinite(input):
    """True where an element is neither infinite nor NaN (always for integer tensors).

    Parameters
    ----------
    input : Tensor
        Of any dtype; integer and bool tensors hold no NaN and no infinity.

    Returns
    -------
    Tensor
        bool, of ``input``'s shape; never requires grad.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.isfinite(minigrad.tensor([1.0, float("nan"), -float("inf")]))
    tensor([ True, False, False])
    """
    return Tensor._make(np.asarray(np.isfinite(_tensor_arg(input, "isfinite"))), False)


def _check_tolerances(op, rtol, atol):
    for name, value in (("rtol", rtol), ("atol", atol)):
        if not isinstance(value, (int, float, np.floating, np.integer)) or isinstance(value, bool):
            raise TypeError(f"{op}: {name} must be a number, got {type(value).__name__}")
        if value < 0:
            raise ValueError(f"{op}: {name} must be non-negative, got {value}")


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True where ``|input - other| <= atol + rtol * |other|``, elementwise.

    Infinities are close to infinities of the same sign only; NaN is close
    to NaN only with ``equal_nan=True``.

    Parameters
    ----------
    input : Tensor
        The tensor to check.
    other : Tensor or number
        The reference values, a tensor whose shape broadcasts with ``input``'s or a
        number; the relative tolerance is taken of ``|other|``, so the test is not
        symmetric in its two operands.
    rtol : float, default 1e-05
        Relative tolerance, non-negative: elements may differ by up to
        ``rtol * |other|`` (plus ``atol``).
    atol : float, default 1e-08
        Absolute tolerance, non-negative; it decides for elements near zero, where
        the relative tolerance vanishes.
    equal_nan : bool, default False
        Whether NaN counts as close to NaN.

    Returns
    -------
    Tensor
        bool, of the broadcast shape.

    Raises
    ------
    TypeError
        If ``rtol`` or ``atol`` is not a number.
    ValueError
        If ``rtol`` or ``atol`` is negative, or the shapes do not broadcast.

    Examples
    --------
    >>> import minigrad
    >>> a = minigrad.tensor([1.0, 2.0, float("nan")], dtype=minigrad.float64)
    >>> b = minigrad.tensor([1.0 + 1e-9, 2.1, float("nan")], dtype=minigrad.float64)
    >>> minigrad.isclose(a, b)
    tensor([ True, False, False])
    """
    x = _tensor_arg(input, "isclose")
    y = _operand(other, "isclose")
    _check_tolerances("isclose", rtol, atol)
    equal_nan = check_bool("isclose", "equal_nan", equal_nan)
    try:
        out = np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=equal_nan)
    except ValueError:
        raise ValueError(
            f"isclose: shapes {list(np.shape(x))} and {list(np.shape(y))} are not broadcastable"
        ) from None
    return Tensor._make(np.asarray(out), False)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether every element of :func:`isclose` is True; a Python bool.

    Parameters
    ----------
    input : Tensor
        The tensor to check.
    other : Tensor or number
        The reference values, a tensor whose shape broadcasts with ``input``'s or a
        number; the relative tolerance is taken of ``|other|``, so the test is not
        symmetric in its two operands.
    rtol : float, default 1e-05
        Relative tolerance, non-negative: elements may differ by up to
        ``rtol * |other|`` (plus ``atol``).
    atol : float, default 1e-08
        Absolute tolerance, non-negative; it decides for elements near zero, where
        the relative tolerance vanishes.
    equal_nan : bool, default False
        Whether NaN counts as close to NaN; by default any NaN makes the answer False.

    Returns
    -------
    bool
        True when ``|input - other| <= atol + rtol * |other|`` holds for every
        element of the broadcast shape.

    Raises
    ------
    TypeError
        If ``rtol`` or ``atol`` is not a number.
    ValueError
        If ``rtol`` or ``atol`` is negative, or the shapes do not broadcast.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.allclose(minigrad.tensor([1.0, 2.0]), minigrad.tensor([1.0, 2.000001]))
    True
    """
    return bool(isclose(input, other, rtol, atol, equal_nan)._data.all())


def equal(input, other):
    """Whether two tensors have the same shape and the same elements; a Python bool.

    Parameters
    ----------
    input : Tensor
        The first tensor.
    other : Tensor
        The second tensor; unlike :func:`eq`, nothing broadcasts: a different
        shape means False. Elements compare by value, so an int64 and a float32
        tensor holding the same numbers are equal. NaN is never equal to NaN.

    Returns
    -------
    bool

    Raises
    ------
    TypeError
        If either argument is not a Tensor.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.equal(minigrad.tensor([1, 2]), minigrad.tensor([1, 2]))
    True
    >>> minigrad.equal(minigrad.tensor([1, 2]), minigrad.tensor([[1, 2]]))
    False
    """
    x = _tensor_arg(input, "equal")
    y = _tensor_arg(other, "equal", "other")
    return x.shape == y.shape and bool(np.array_equal(x, y))


# ---------------------------------------------------------------- counting nonzeros
@accepts_axis
def count_nonzero(input, dim=None):
    """The number of nonzero elements over ``dim`` (all dimensions by default).

    Parameters
    ----------
    input : Tensor
        Of any dtype.
    dim : int or tuple of int, optional
        The dimensions to count over, negative values counting from the end; all
        of them by default, giving a 0-d result. NumPy's ``axis`` is accepted as
        an alias.

    Returns
    -------
    Tensor
        int64, of ``input``'s shape without the counted dimensions.

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[0.0, 1.0, 3.0], [2.0, 0.0, 0.0]])
    >>> minigrad.count_nonzero(x), minigrad.count_nonzero(x, dim=1)
    (tensor(3), tensor([2, 1]))
    """
    data = _tensor_arg(input, "count_nonzero")
    axes = _axes(dim, data.ndim, "count_nonzero")
    return Tensor._make(np.asarray(np.count_nonzero(data, axis=axes), dtype=np.int64), False)


def is_operand(x):
    """Whether ``x`` compares with a tensor elementwise (a Tensor, an array or a number).

    ``Tensor.__eq__`` returns ``NotImplemented`` for anything else, so that
    ``x == None`` is False as for other Python objects.
    """
    return isinstance(x, (Tensor, np.ndarray) + _SCALARS)
