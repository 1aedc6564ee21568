"""Functions that make tensors: from data, filled with a value, ranges and random draws."""
import numbers

import numpy as np

from minigrad import dtypes
from minigrad import random as _random
from minigrad._device import check_device
from minigrad.ops._args import (
    check_allocation, check_bool, check_int, check_number, check_tensor, int_sequence,
)
from minigrad.tensor import Tensor

__all__ = [
    "tensor", "as_tensor", "from_numpy", "zeros", "ones", "full", "empty", "eye", "arange",
    "linspace", "logspace", "rand", "randn", "randint", "randperm", "normal", "bernoulli",
    "multinomial", "zeros_like", "ones_like", "full_like", "empty_like", "rand_like",
    "randn_like", "randint_like",
]


def _shape(size, op, itemsize=None):
    """The shape as a tuple of ints; with ``itemsize``, a ``MemoryError`` if it cannot fit."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = tuple(size[0])
    for s in size:
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            raise TypeError(f"{op}: sizes must be ints, got {type(s).__name__}")
        if s < 0:
            raise ValueError(f"{op}: sizes must be non-negative, got {list(size)}")
    shape = tuple(int(s) for s in size)
    if itemsize is not None:
        check_allocation(op, "result", shape, itemsize)
    return shape


def _float_shape(size, dtype, op):
    """The shape and the floating-point dtype of a new tensor, checked."""
    dtype = _float_dtype(dtype, op)
    return _shape(size, op, np.dtype(dtype).itemsize), dtype


def _float_dtype(dtype, op):
    return dtypes.get_default_dtype() if dtype is None else dtypes.resolve(dtype, op)


def _made(array, requires_grad, op):
    t = Tensor._make(array, False)
    if check_bool(op, "requires_grad", requires_grad):
        t.requires_grad = True
    return t


def tensor(data, dtype=None, requires_grad=False, *, device=None):
    """A tensor holding a copy of ``data``.

    Parameters
    ----------
    data : array_like
        Nested lists or tuples, a scalar, a NumPy array or a tensor.
    dtype : dtype, optional
        Without it, Python floats give the default dtype (float32), Python ints
        int64 and bools bool; a NumPy array keeps its dtype if minigrad
        supports it.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Record operations on the result for ``backward`` (floating point only).

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For data that is not numeric, or an unsupported dtype.
    ValueError
        For ragged nested lists.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.tensor([[1, 2], [3, 4]]).dtype
    dtype('int64')
    >>> minigrad.tensor([1.5, 2.5]).dtype
    dtype('float32')
    >>> minigrad.tensor([1.0, 2.0], requires_grad=True)
    tensor([1., 2.], requires_grad=True)
    """
    check_device(device, "tensor")
    return Tensor._from_data(data, dtype, requires_grad)


def as_tensor(data, *, dtype=None, device=None):
    """``data`` as a tensor, sharing memory with it when no conversion is needed.

    Parameters
    ----------
    data : array_like
        A tensor, a NumPy array, nested lists or tuples, or a scalar.
    dtype : dtype, optional
        The result's dtype (keyword only); when omitted, a tensor's or array's
        own, and for Python data the dtype :func:`tensor` would give.
    device : str or minigrad.device, optional
        The CPU (the default, keyword only); any other device raises ``ValueError``.

    Returns
    -------
    Tensor
        ``data`` itself for a tensor of that dtype; for a NumPy array of a
        supported dtype that needs no conversion, a tensor sharing its memory
        (as :func:`from_numpy`); otherwise a new tensor.

    Examples
    --------
    >>> import numpy as np
    >>> import minigrad
    >>> a = np.array([1.0, 2.0])
    >>> t = minigrad.as_tensor(a)
    >>> a[0] = 5.0
    >>> t
    tensor([5., 2.], dtype=minigrad.float64)
    >>> minigrad.as_tensor([1, 2], dtype=minigrad.float32)
    tensor([1., 2.])
    """
    check_device(device, "as_tensor")
    if dtype is not None:
        dtype = dtypes.resolve(dtype, "as_tensor")
    if isinstance(data, Tensor):
        return data if dtype is None or dtype == data.dtype else data.to(dtype)
    if (isinstance(data, np.ndarray) and data.dtype in dtypes._SUPPORTED
            and (dtype is None or dtype == data.dtype)):
        return Tensor._make(data, False)
    return Tensor._from_data(data, dtype)


def from_numpy(array):
    """A tensor sharing memory with a NumPy array: changes to one show in the other.

    Parameters
    ----------
    array : numpy.ndarray
        An array of a supported dtype; it is not copied.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        If ``array`` is not a NumPy array or has an unsupported dtype.

    Examples
    --------
    >>> import numpy as np
    >>> import minigrad
    >>> a = np.zeros(3, dtype=np.float32)
    >>> t = minigrad.from_numpy(a)
    >>> a[0] = 5.0
    >>> t
    tensor([5., 0., 0.])
    """
    if not isinstance(array, np.ndarray):
        raise TypeError(f"from_numpy: expected np.ndarray, got {type(array).__name__}")
    dtypes.resolve(array.dtype, "from_numpy")
    return Tensor._make(array, False)


def zeros(*size, dtype=None, device=None, requires_grad=False):
    """A tensor of zeros.

    Parameters
    ----------
    *size : int or tuple of int
        The shape, as separate ints or one tuple.
    dtype : dtype, optional
        A floating-point dtype; the default dtype (float32) when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Record operations on the result for ``backward``.

    Returns
    -------
    Tensor
        Of the given shape.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.zeros(2, 3)
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    """
    check_device(device, "zeros")
    return _made(np.zeros(*_float_shape(size, dtype, "zeros")), requires_grad, "zeros")


def ones(*size, dtype=None, device=None, requires_grad=False):
    """A tensor of ones.

    Parameters
    ----------
    *size : int or tuple of int
        The shape, as separate ints or one tuple.
    dtype : dtype, optional
        A floating-point dtype; the default dtype (float32) when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Record operations on the result for ``backward``.

    Returns
    -------
    Tensor
        Of the given shape.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.ones((2,), dtype=minigrad.float64)
    tensor([1., 1.], dtype=minigrad.float64)
    """
    check_device(device, "ones")
    return _made(np.ones(*_float_shape(size, dtype, "ones")), requires_grad, "ones")


def empty(*size, dtype=None, device=None, requires_grad=False):
    """A tensor whose values are not initialized (whatever was in memory).

    Parameters
    ----------
    *size : int or tuple of int
        The shape, as separate ints or one tuple.
    dtype : dtype, optional
        A floating-point dtype; the default dtype (float32) when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Record operations on the result for ``backward``.

    Returns
    -------
    Tensor
        Of the given shape; fill it before reading it.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.empty(2, 3).shape
    minigrad.Size([2, 3])
    """
    check_device(device, "empty")
    return _made(np.empty(*_float_shape(size, dtype, "empty")), requires_grad, "empty")


def full(size, fill_value, dtype=None, requires_grad=False, *, device=None):
    """A tensor of the given shape filled with ``fill_value``.

    Parameters
    ----------
    size : int or tuple of int
        The shape.
    fill_value : scalar
        The value of every element (a Python or NumPy number or bool).
    dtype : dtype, optional
        Without it, the dtype follows the value: bool, int64 or the default
        float dtype.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> minigrad.full((2, 2), 7)
    tensor([[7, 7],
            [7, 7]])
    >>> minigrad.full(3, 0.5)
    tensor([0.5000, 0.5000, 0.5000])
    """
    check_device(device, "full")
    size = _shape(int_sequence("full", "size", size), "full")
    fill_value = _fill_value("full", fill_value)
    if dtype is None:
        dtype = np.asarray(fill_value).dtype
        if dtype.kind == "f":
            dtype = dtypes.get_default_dtype()
        elif dtype.kind in "iu":
            dtype = dtypes.int64
    dtype = dtypes.resolve(dtype, "full")
    check_allocation("full", "result", size, np.dtype(dtype).itemsize)
    return _made(np.full(size, fill_value, dtype), requires_grad, "full")


def eye(n, m=None, dtype=None, requires_grad=False, *, device=None):
    """A 2-d tensor with ones on the diagonal and zeros elsewhere.

    Parameters
    ----------
    n : int
        The number of rows.
    m : int, optional
        The number of columns; ``n`` when omitted.
    dtype : dtype, optional
        A floating-point dtype; the default dtype when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor
        ``(n, m)``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.eye(2, 3)
    tensor([[1., 0., 0.],
            [0., 1., 0.]])
    """
    check_device(device, "eye")
    (n, m), dtype = _float_shape((n, n if m is None else m), dtype, "eye")
    return _made(np.eye(n, m, dtype=dtype), requires_grad, "eye")


def arange(start, end=None, step=1, dtype=None, requires_grad=False, *, device=None):
    """Values from ``start`` up to (not including) ``end``, ``step`` apart.

    Parameters
    ----------
    start : number
        The first value; with ``end`` omitted, the end (and the start is 0).
    end : number, optional
        The bound the values stop before; ``start`` is then the first value.
    step : number, default 1
        Nonzero; negative steps count down.
    dtype : dtype, optional
        Without it, int64 when every argument is an int, else the default
        float dtype.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor
        1-d.

    Raises
    ------
    ValueError
        If ``step`` is 0.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.arange(4)
    tensor([0, 1, 2, 3])
    >>> minigrad.arange(0, 1, 0.25)
    tensor([0.0000, 0.2500, 0.5000, 0.7500])
    """
    check_device(device, "arange")
    if end is None:
        start, end = 0, start
    for name, value in (("start", start), ("end", end), ("step", step)):
        check_number("arange", name, value)
    if step == 0:
        raise ValueError("arange: step must be nonzero")
    if dtype is None:
        is_int = all(isinstance(v, (int, np.integer)) for v in (start, end, step))
        dtype = dtypes.int64 if is_int else dtypes.get_default_dtype()
    return _made(np.arange(start, end, step, dtype=dtypes.resolve(dtype, "arange")),
                 requires_grad, "arange")


def linspace(start, end, steps, dtype=None, requires_grad=False, *, device=None):
    """``steps`` values evenly spaced from ``start`` to ``end``, both included.

    Parameters
    ----------
    start, end : float
        The first and the last value; ``end`` may be below ``start``.
    steps : int
        The number of values, at least 0.
    dtype : dtype, optional
        A floating-point dtype; the default dtype when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd.

    Returns
    -------
    Tensor
        1-d, of length ``steps``.

    Raises
    ------
    ValueError
        If ``steps`` is negative.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.linspace(0, 1, 5)
    tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    check_device(device, "linspace")
    start, end = check_number("linspace", "start", start), check_number("linspace", "end", end)
    if check_int("linspace", "steps", steps) < 0:
        raise ValueError(f"linspace: number of steps must be non-negative, got {steps}")
    return _made(np.linspace(start, end, steps, dtype=_float_dtype(dtype, "linspace")),
                 requires_grad, "linspace")


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    """``steps`` values ``base ** x`` for ``x`` evenly spaced from ``start`` to ``end``.

    Parameters
    ----------
    start, end : float
        The first and the last exponent, both included.
    steps : int
        The number of values, at least 0.
    base : float, default 10.0
        The base of the powers.
    dtype : dtype, optional
        The default dtype (float32) when omitted; an integer dtype truncates.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd.

    Returns
    -------
    Tensor
        1-d, of length ``steps``.

    Raises
    ------
    ValueError
        If ``steps`` is negative.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.logspace(0, 2, 3)
    tensor([  1.,  10., 100.])
    >>> minigrad.logspace(0, 3, 4, base=2)
    tensor([1., 2., 4., 8.])
    """
    check_device(device, "logspace")
    start, end = check_number("logspace", "start", start), check_number("logspace", "end", end)
    base = check_number("logspace", "base", base)
    if check_int("logspace", "steps", steps) < 0:
        raise ValueError(f"logspace: number of steps must be non-negative, got {steps}")
    dtype = _float_dtype(dtype, "logspace")
    check_allocation("logspace", "result", (steps,), 8)
    values = np.logspace(start, end, steps, base=base)
    return _made(values.astype(dtype), requires_grad, "logspace")


def rand(*size, dtype=None, device=None, requires_grad=False):
    """Samples of the uniform distribution on [0, 1), from minigrad's generator.

    Parameters
    ----------
    *size : int or tuple of int
        The shape, as separate ints or one tuple.
    dtype : dtype, optional
        A floating-point dtype; the default dtype (float32) when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Record operations on the result for ``backward``.

    Returns
    -------
    Tensor
        Of the given shape. :func:`minigrad.manual_seed` makes the values reproducible.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0)
    >>> x = minigrad.rand(2, 3)
    >>> x.shape, x.dtype
    (minigrad.Size([2, 3]), dtype('float32'))
    """
    check_device(device, "rand")
    dtype = _float_dtype(dtype, "rand")
    return _made(_random.generator().random(_shape(size, "rand", 8)).astype(dtype),
                 requires_grad, "rand")


def randn(*size, dtype=None, device=None, requires_grad=False):
    """Samples of the standard normal distribution, from minigrad's generator.

    Parameters
    ----------
    *size : int or tuple of int
        The shape, as separate ints or one tuple.
    dtype : dtype, optional
        A floating-point dtype; the default dtype (float32) when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Record operations on the result for ``backward``.

    Returns
    -------
    Tensor
        Of the given shape. :func:`minigrad.manual_seed` makes the values reproducible.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0)
    >>> x = minigrad.randn(2, 3)
    >>> x.shape, x.dtype
    (minigrad.Size([2, 3]), dtype('float32'))
    """
    check_device(device, "randn")
    dtype = _float_dtype(dtype, "randn")
    return _made(_random.generator().standard_normal(_shape(size, "randn", 8)).astype(dtype),
                 requires_grad, "randn")


def randint(low, high=None, size=(), dtype=None, *, device=None, requires_grad=False):
    """Integers drawn uniformly from ``[low, high)``, from minigrad's generator.

    Parameters
    ----------
    low : int
        The smallest value; with ``high`` omitted, the upper bound (and the
        smallest value is 0).
    high : int or tuple of int, optional
        One more than the largest value. A tuple here is the size, as in
        PyTorch's ``randint(high, size)``: ``randint(10, (3,))`` draws three
        values from ``[0, 10)``.
    size : tuple of int, default ()
        The shape.
    dtype : dtype, optional
        int64 when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Only floating-point tensors can require grad.

    Returns
    -------
    Tensor

    Raises
    ------
    ValueError
        If ``low >= high``.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0)
    >>> labels = minigrad.randint(10, size=(1000,))
    >>> labels.dtype, labels.min().item(), labels.max().item()
    (dtype('int64'), 0, 9)
    """
    check_device(device, "randint")
    if isinstance(high, (tuple, list)):  # PyTorch's randint(high, size)
        if size != ():
            raise TypeError(f"randint: got the size twice, as high={high!r} and size={size!r}")
        low, high, size = 0, low, high
    elif high is None:
        low, high = 0, low
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"randint: {name} must be an int, got {type(value).__name__}")
    if high <= low:
        raise ValueError(f"randint: expected low < high, got low={low}, high={high}")
    size = _shape(int_sequence("randint", "size", size), "randint", 8)
    values = _random.generator().integers(low, high, size)
    return _made(values.astype(dtypes.resolve(dtype or dtypes.int64, "randint")),
                 requires_grad, "randint")


def randperm(n, dtype=None, *, device=None, requires_grad=False):
    """A random permutation of the integers from 0 to ``n - 1``, from minigrad's generator.

    Parameters
    ----------
    n : int
        The number of integers, non-negative; 0 gives an empty tensor.
    dtype : dtype, optional
        int64 when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Only floating-point tensors can require grad.

    Returns
    -------
    Tensor
        1-d, of length ``n``.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0)
    >>> p = minigrad.randperm(5)
    >>> sorted(p.tolist())
    [0, 1, 2, 3, 4]
    """
    check_device(device, "randperm")
    check_int("randperm", "n", n, 0)
    dtype = dtypes.resolve(dtype or dtypes.int64, "randperm")
    return _made(_random.generator().permutation(n).astype(dtype), requires_grad, "randperm")


def _rng(generator, op):
    """The generator to draw from: minigrad's, or a NumPy ``Generator`` the caller passes."""
    if generator is None:
        return _random.generator()
    if not isinstance(generator, np.random.Generator):
        raise TypeError(f"{op}: generator must be a numpy.random.Generator or None, got "
                        f"{type(generator).__name__}")
    return generator


def _floating_tensor(op, name, value):
    check_tensor(op, name, value)
    if value.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point {name}, got dtype {value.dtype}")
    return value._data


def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False):
    """Samples of normal distributions with the given means and standard deviations.

    As in PyTorch, one of four forms: ``normal(mean, std)`` with two tensors
    (broadcast together), with a tensor mean and a float ``std`` (1 by
    default), with a float mean and a tensor ``std``, or
    ``normal(mean, std, size)`` with two floats.

    Parameters
    ----------
    mean : Tensor or float
        The means; a tensor must be floating point.
    std : Tensor or float, default 1.0
        The standard deviations, none negative; a tensor must be floating point.
    size : int or tuple of int, optional
        The shape, required when ``mean`` and ``std`` are both floats (and
        only then).
    generator : numpy.random.Generator, optional
        Draw from this generator instead of minigrad's.
    dtype : dtype, optional
        For the float form only: the default dtype (float32) when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        For the float form only: record operations on the result.

    Returns
    -------
    Tensor
        Of the broadcast shape of the tensor arguments (or ``size``), with
        their dtype; no gradient flows back to ``mean`` or ``std``.

    Raises
    ------
    TypeError
        For a combination of arguments that is none of the four forms, or an
        integer tensor.
    ValueError
        If a standard deviation is negative or NaN.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0)
    >>> minigrad.normal(2.0, 3.0, (2, 3)).shape
    minigrad.Size([2, 3])
    >>> minigrad.normal(minigrad.zeros(4), 0.0)
    tensor([0., 0., 0., 0.])
    """
    check_device(device, "normal")
    rng = _rng(generator, "normal")
    tensors = isinstance(mean, Tensor) or isinstance(std, Tensor)
    if tensors:
        if size is not None or dtype is not None or requires_grad:
            raise TypeError("normal: size, dtype and requires_grad are only for "
                            "normal(mean: float, std: float, size)")
        mean_ = _floating_tensor("normal", "mean", mean) if isinstance(mean, Tensor) \
            else check_number("normal", "mean", mean)
        std_ = _floating_tensor("normal", "std", std) if isinstance(std, Tensor) \
            else check_number("normal", "std", std)
        dtype = np.result_type(*[x.dtype for x in (mean, std) if isinstance(x, Tensor)])
        try:
            shape = np.broadcast_shapes(np.shape(mean_), np.shape(std_))
        except ValueError:
            raise ValueError(f"normal: the shapes of mean {list(mean.shape)} and std "
                             f"{list(std.shape)} do not broadcast") from None
    else:
        mean_, std_ = check_number("normal", "mean", mean), check_number("normal", "std", std)
        if size is None:
            raise TypeError("normal: with a float mean and a float std, give the size: "
                            "normal(mean, std, size)")
        shape = _shape(int_sequence("normal", "size", size), "normal")
        dtype = _float_dtype(dtype, "normal")
        if dtype.kind != "f":
            raise TypeError(f"normal: expected a floating-point dtype, got {dtype}")
    if not np.all(np.asarray(std_) >= 0):
        got = "a negative or NaN element" if isinstance(std, Tensor) else std_
        raise ValueError(f"normal: expects std >= 0.0, got {got}")
    check_allocation("normal", "result", shape, 8)
    values = rng.normal(mean_, std_, shape).astype(dtype)
    return _made(values, requires_grad, "normal")


def bernoulli(input, p=None, *, generator=None):
    """Samples of Bernoulli distributions: 1 with the probability in ``input``, else 0.

    Parameters
    ----------
    input : Tensor
        Floating point; the probability of a 1 at each element, in ``[0, 1]``.
    p : float, optional
        One probability for every element instead; ``input`` then gives only
        the shape and the dtype, which may be any.
    generator : numpy.random.Generator, optional
        Draw from this generator instead of minigrad's (keyword only).

    Returns
    -------
    Tensor
        Of ``input``'s shape and dtype, holding 0 and 1; it records no gradient.

    Raises
    ------
    TypeError
        If ``input`` is not a tensor, or without ``p`` not a floating-point one.
    ValueError
        If a probability is outside ``[0, 1]``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.bernoulli(minigrad.tensor([0.0, 1.0, 1.0]))
    tensor([0., 1., 1.])
    """
    rng = _rng(generator, "bernoulli")
    if p is None:
        probability = _floating_tensor("bernoulli", "input", input)
    else:
        check_tensor("bernoulli", "input", input)
        probability = check_number("bernoulli", "p", p)
    if not np.all((0 <= probability) & (probability <= 1)):
        raise ValueError("bernoulli: expected all probabilities in [0, 1]")
    draws = rng.random(input.shape) < probability
    return Tensor._make(draws.astype(input.dtype), False)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """Category indices drawn by the weights in each row of ``input``.

    Parameters
    ----------
    input : Tensor
        1-d or 2-d, floating point: the weights of the categories along the
        last dimension, none negative, infinite or NaN, some positive in each
        row. They need not sum to 1.
    num_samples : int
        The number of draws per row, positive; without replacement at most
        the number of categories.
    replacement : bool, default False
        Whether a category can be drawn more than once. Without replacement,
        categories of weight 0 come last, once all others are drawn.
    generator : numpy.random.Generator, optional
        Draw from this generator instead of minigrad's (keyword only).

    Returns
    -------
    Tensor
        int64, ``(num_samples,)`` or ``(rows, num_samples)``; it records no gradient.

    Raises
    ------
    TypeError
        If ``input`` is not a floating-point tensor or ``num_samples`` not an int.
    ValueError
        For the other conditions above.

    Examples
    --------
    >>> import minigrad
    >>> weights = minigrad.tensor([0.0, 10.0, 3.0, 0.0])
    >>> sorted(minigrad.multinomial(weights, 2).tolist())
    [1, 2]
    >>> minigrad.multinomial(weights, 4, replacement=True).shape
    minigrad.Size([4])
    """
    weights = _floating_tensor("multinomial", "input", input)
    check_int("multinomial", "num_samples", num_samples)
    replacement = check_bool("multinomial", "replacement", replacement)
    rng = _rng(generator, "multinomial")
    if weights.ndim not in (1, 2):
        raise ValueError(f"multinomial: expected a 1-d or 2-d input, got {weights.ndim} "
                         f"dimensions")
    if num_samples <= 0:
        raise ValueError(f"multinomial: cannot sample num_samples <= 0 samples, got "
                         f"{num_samples}")
    rows = weights.reshape(-1, weights.shape[-1]).astype(np.float64)
    if not replacement and num_samples > rows.shape[1]:
        raise ValueError(f"multinomial: cannot sample {num_samples} samples from "
                         f"{rows.shape[1]} categories without replacement")
    if not (np.isfinite(rows).all() and (rows >= 0).all()):
        raise ValueError("multinomial: probability tensor contains either inf, nan or "
                         "element < 0")
    if (rows.sum(axis=1) <= 0).any():
        raise ValueError("multinomial: invalid multinomial distribution (sum of "
                         "probabilities <= 0)")
    check_allocation("multinomial", "result", (rows.shape[0], num_samples), 8)
    if replacement:
        cdf = np.cumsum(rows, axis=1)
        cdf /= cdf[:, -1:]
        draws = rng.random((rows.shape[0], num_samples))
        # side="right" skips the categories of weight 0, whose cdf step is empty.
        samples = np.array([np.searchsorted(c, u, side="right") for c, u in zip(cdf, draws)],
                           dtype=np.int64).reshape(draws.shape)
    else:
        # Exponential races: the smallest keys E / w are a draw without replacement.
        with np.errstate(divide="ignore", invalid="ignore"):
            keys = rng.exponential(size=rows.shape) / rows
        samples = np.argsort(keys, axis=1, kind="stable")[:, :num_samples]
    samples = samples.astype(np.int64).reshape(weights.shape[:-1] + (num_samples,))
    return Tensor._make(samples, False)


def _fill_value(op, value):
    """A fill value: a number (bool included), or the value of a one-element tensor."""
    if isinstance(value, Tensor) and value._data.size == 1:
        return value.item()
    if not isinstance(value, (numbers.Number, np.bool_)):
        raise TypeError(f"{op}: fill_value must be a number, got {type(value).__name__}")
    return value


def _like(x, dtype, op):
    """The dtype of a ``*_like`` op's result; ``x`` must be a Tensor."""
    check_tensor(op, "input", x)
    return x.dtype if dtype is None else dtypes.resolve(dtype, op)


def zeros_like(x, dtype=None, requires_grad=False, *, device=None):
    """Zeros with the shape (and dtype, unless given) of ``x``.

    Parameters
    ----------
    x : Tensor
        The tensor whose shape (and dtype) to take.
    dtype : dtype, optional
        Overrides ``x``'s dtype.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.zeros_like(x)
    tensor([[0, 0],
            [0, 0]])
    """
    check_device(device, "zeros_like")
    dtype = _like(x, dtype, "zeros_like")
    return _made(np.zeros(x.shape, dtype), requires_grad, "zeros_like")


def ones_like(x, dtype=None, requires_grad=False, *, device=None):
    """Ones with the shape (and dtype, unless given) of ``x``.

    Parameters
    ----------
    x : Tensor
        The tensor whose shape (and dtype) to take.
    dtype : dtype, optional
        Overrides ``x``'s dtype.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.ones_like(x, dtype=minigrad.float32)
    tensor([[1., 1.],
            [1., 1.]])
    """
    check_device(device, "ones_like")
    dtype = _like(x, dtype, "ones_like")
    return _made(np.ones(x.shape, dtype), requires_grad, "ones_like")


def empty_like(x, dtype=None, requires_grad=False, *, device=None):
    """An uninitialized tensor with the shape (and dtype, unless given) of ``x``.

    Parameters
    ----------
    x : Tensor
        The tensor whose shape (and dtype) to take.
    dtype : dtype, optional
        Overrides ``x``'s dtype.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.empty_like(x).shape
    minigrad.Size([2, 2])
    """
    check_device(device, "empty_like")
    dtype = _like(x, dtype, "empty_like")
    return _made(np.empty(x.shape, dtype), requires_grad, "empty_like")


def full_like(x, fill_value, dtype=None, requires_grad=False, *, device=None):
    """``fill_value`` everywhere, with the shape (and dtype, unless given) of ``x``.

    Parameters
    ----------
    x : Tensor
        The tensor whose shape (and dtype) to take.
    dtype : dtype, optional
        Overrides ``x``'s dtype.
    fill_value : scalar
        The value of every element (a Python or NumPy number or bool).
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.full_like(x, 9)
    tensor([[9, 9],
            [9, 9]])
    """
    check_device(device, "full_like")
    dtype = _like(x, dtype, "full_like")
    fill_value = _fill_value("full_like", fill_value)
    return _made(np.full(x.shape, fill_value, dtype), requires_grad, "full_like")


def rand_like(x, dtype=None, requires_grad=False, *, device=None):
    """Uniform samples on [0, 1) with the shape (and dtype, unless given) of ``x``.

    Parameters
    ----------
    x : Tensor
        The tensor whose shape (and dtype) to take.
    dtype : dtype, optional
        Overrides ``x``'s dtype.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.rand_like(x, dtype=minigrad.float64).dtype
    dtype('float64')
    """
    check_device(device, "rand_like")
    _like(x, dtype, "rand_like")
    return rand(*x.shape, dtype=x.dtype if dtype is None else dtype, requires_grad=requires_grad)


def randn_like(x, dtype=None, requires_grad=False, *, device=None):
    """Standard normal samples with the shape (and dtype, unless given) of ``x``.

    Parameters
    ----------
    x : Tensor
        The tensor whose shape (and dtype) to take.
    dtype : dtype, optional
        Overrides ``x``'s dtype.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Whether operations on the result are recorded for autograd; only a
        floating-point tensor can require grad.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import minigrad
    >>> x = minigrad.tensor([[1, 2], [3, 4]])
    >>> minigrad.randn_like(x, dtype=minigrad.float32).shape
    minigrad.Size([2, 2])
    """
    check_device(device, "randn_like")
    _like(x, dtype, "randn_like")
    return randn(*x.shape, dtype=x.dtype if dtype is None else dtype, requires_grad=requires_grad)


def randint_like(x, low, high=None, dtype=None, *, device=None, requires_grad=False):
    """Random integers from ``[low, high)`` with the shape (and dtype, unless given) of ``x``.

    Parameters
    ----------
    x : Tensor
        Gives the shape, and the dtype when ``dtype`` is omitted.
    low : int
        The smallest value; with ``high`` omitted, the upper bound (and the
        smallest value is 0).
    high : int, optional
        One more than the largest value; greater than ``low``.
    dtype : dtype, optional
        The result's dtype; ``x``'s when omitted.
    device : str or minigrad.device, optional
        The CPU (the default); any other device raises ``ValueError``.
    requires_grad : bool, default False
        Only floating-point tensors can require grad.

    Returns
    -------
    Tensor

    Raises
    ------
    ValueError
        If ``low >= high``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.randint_like(minigrad.zeros(2, 3, dtype=minigrad.int64), 5).shape
    minigrad.Size([2, 3])
    """
    check_device(device, "randint_like")
    _like(x, dtype, "randint_like")
    return randint(low, high, x.shape, dtype=x.dtype if dtype is None else dtype,
                   requires_grad=requires_grad)
