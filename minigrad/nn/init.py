"""Initialization of weights, in place, as ``torch.nn.init``.

Every function fills ``tensor._data`` in place without recording (the tensor
may be a parameter that requires grad), bumps its version counter, and
returns the tensor. Random draws come from :func:`minigrad.random.generator`
(or a NumPy ``Generator`` passed as ``generator``), so
:func:`minigrad.manual_seed` makes a model's initialization reproducible.

Fan-in and fan-out are computed as PyTorch computes them: for a weight of
shape ``(out, in, *kernel)``, ``fan_in = in * prod(kernel)`` and
``fan_out = out * prod(kernel)``.
"""
import math
import numbers

import numpy as np
from scipy import special

from minigrad import random
from minigrad.ops._args import check_int, check_number
from minigrad.tensor import Tensor

__all__ = [
    "calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_", "zeros_",
    "eye_", "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_",
    "orthogonal_",
]

_LINEAR_LIKE = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                "conv_transpose3d", "sigmoid", "identity")


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity, to scale an initialization by.

    ============================  ========================================
    nonlinearity                  gain
    ============================  ========================================
    linear, identity, conv*,      1
    sigmoid
    tanh                          5 / 3
    relu                          sqrt(2)
    leaky_relu                    sqrt(2 / (1 + negative_slope^2))
    selu                          3 / 4
    ============================  ========================================

    Parameters
    ----------
    nonlinearity : str
        The name of the nonlinearity, as ``minigrad.nn.functional`` names it:
        one of those in the table above.
    param : float, optional
        The negative slope of ``leaky_relu`` (0.01 when omitted); ignored for the
        other nonlinearities.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For an unsupported nonlinearity or an invalid slope.

    Examples
    --------
    >>> round(calculate_gain("leaky_relu", 0.2), 4)
    1.3868
    >>> calculate_gain("tanh")
    1.6666666666666667
    """
    if nonlinearity in _LINEAR_LIKE:
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, numbers.Real) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def _check_tensor(op, tensor):
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(tensor).__name__}")
    if not tensor._data.flags.writeable:
        raise RuntimeError(f"{op}: the tensor is read-only (an expanded view, or a read-only "
                           f"NumPy array); clone() it first")


def _fill(tensor, values):
    """Write ``values`` into the tensor's array (casting to its dtype) and bump its version."""
    np.copyto(tensor._data, values, casting="unsafe")
    tensor._vc[0] += 1
    return tensor


def _gain(op, gain):
    if not 0 <= check_number(op, "gain", gain) < math.inf:
        raise ValueError(f"{op}: gain must be non-negative and finite, got {gain}")
    return gain + 0.0  # not -0.0, which NumPy's samplers refuse as a negative scale


def _rng(generator, op):
    if generator is None:
        return random.generator()
    if not isinstance(generator, np.random.Generator):
        raise TypeError(f"{op}: generator must be a numpy.random.Generator, got "
                        f"{type(generator).__name__}")
    return generator


def _calculate_fan_in_and_fan_out(tensor, op="calculate_fan_in_and_fan_out"):
    """``(fan_in, fan_out)`` of a weight of shape ``(out, in, *kernel)``."""
    if tensor.ndim < 2:
        raise ValueError(
            f"{op}: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions "
            f"(got shape {list(tensor.shape)})"
        )
    receptive = int(np.prod(tensor.shape[2:])) if tensor.ndim > 2 else 1
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor, mode, op):
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"{op}: mode {mode!r} not supported, please use one of 'fan_in', "
                         f"'fan_out'")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, op)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """Fill with draws from the uniform distribution on ``[a, b)``.

    Parameters
    ----------
    tensor : Tensor
        The tensor to fill in place, of any shape; a parameter that requires grad
        is fine (nothing is recorded).
    a : float, default 0.0
        The lower bound, included.
    b : float, default 1.0
        The upper bound, excluded; at least ``a``.
    generator : numpy.random.Generator, optional
        Where the draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``a > b``.

    Examples
    --------
    >>> import minigrad
    >>> w = uniform_(minigrad.empty(100), -0.5, 0.5)
    >>> bool((w >= -0.5).all() and (w < 0.5).all())
    True
    """
    _check_tensor("uniform_", tensor)
    a, b = check_number("uniform_", "a", a), check_number("uniform_", "b", b)
    if not (math.isfinite(a) and math.isfinite(b) and a <= b):
        raise ValueError(f"uniform_: expects a <= b, both finite, got a={a}, b={b}")
    return _fill(tensor, _rng(generator, "uniform_").uniform(a, b, tensor.shape))


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """Fill with draws from the normal distribution ``N(mean, std^2)``.

    Parameters
    ----------
    tensor : Tensor
        The tensor to fill in place, of any shape; a parameter that requires grad
        is fine (nothing is recorded).
    mean : float, default 0.0
        The mean of the distribution.
    std : float, default 1.0
        The standard deviation, non-negative; 0 fills with ``mean``.
    generator : numpy.random.Generator, optional
        Where the draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``std`` is negative.

    Examples
    --------
    >>> import minigrad
    >>> normal_(minigrad.empty(2, 3)).shape
    minigrad.Size([2, 3])
    """
    _check_tensor("normal_", tensor)
    mean, std = check_number("normal_", "mean", mean), check_number("normal_", "std", std) + 0.0
    if not (0 <= std < math.inf and math.isfinite(mean)):
        raise ValueError(f"normal_: expects std >= 0, mean and std finite, got mean={mean}, "
                         f"std={std}")
    return _fill(tensor, _rng(generator, "normal_").normal(mean, std, tensor.shape))


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """Fill with draws from ``N(mean, std^2)`` truncated to ``[a, b]``.

    The bounds are absolute values, not multiples of ``std`` (as in
    PyTorch). Sampled by the inverse CDF: uniform draws between the CDF
    values of the bounds, mapped back through the normal quantile function.

    Parameters
    ----------
    tensor : Tensor
        The tensor to fill in place, of any shape; a parameter that requires grad
        is fine (nothing is recorded).
    mean : float, default 0.0
        The mean of the normal distribution before truncation.
    std : float, default 1.0
        Its standard deviation, positive.
    a : float, default -2.0
        The lower bound of the values, an absolute value (not a multiple of ``std``).
    b : float, default 2.0
        The upper bound, an absolute value greater than ``a``.
    generator : numpy.random.Generator, optional
        Where the draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``std <= 0`` or ``a >= b``.

    Examples
    --------
    >>> import minigrad
    >>> w = trunc_normal_(minigrad.empty(1000), std=1.0, a=-0.5, b=0.5)
    >>> bool((w >= -0.5).all() and (w <= 0.5).all())
    True
    """
    _check_tensor("trunc_normal_", tensor)
    mean, std, a, b = (check_number("trunc_normal_", name, value) for name, value in
                       (("mean", mean), ("std", std), ("a", a), ("b", b)))
    if not (0 < std < math.inf and a < b and math.isfinite(mean)):
        raise ValueError(f"trunc_normal_: expects std > 0 and a < b, mean and std finite, got "
                         f"mean={mean}, std={std}, a={a}, b={b}")
    low = special.ndtr((a - mean) / std)
    high = special.ndtr((b - mean) / std)
    u = _rng(generator, "trunc_normal_").uniform(low, high, tensor.shape)
    values = mean + std * special.ndtri(u)
    return _fill(tensor, np.clip(values, a, b))


def constant_(tensor, val):
    """Fill with the value ``val``.

    Parameters
    ----------
    tensor : Tensor
        The tensor to fill in place, of any shape.
    val : number
        The value written into every element, cast to ``tensor``'s dtype.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Examples
    --------
    >>> import minigrad
    >>> constant_(minigrad.empty(2), 0.3)
    tensor([0.3000, 0.3000])
    """
    _check_tensor("constant_", tensor)
    return _fill(tensor, check_number("constant_", "val", val))


def ones_(tensor):
    """Fill with ones, in place.

    Parameters
    ----------
    tensor : Tensor
        The tensor to fill in place, of any shape and dtype.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Examples
    --------
    >>> import minigrad
    >>> ones_(minigrad.empty(2, 2))
    tensor([[1., 1.],
            [1., 1.]])
    """
    _check_tensor("ones_", tensor)
    return constant_(tensor, 1)


def zeros_(tensor):
    """Fill with zeros, in place.

    Parameters
    ----------
    tensor : Tensor
        The tensor to fill in place, of any shape and dtype.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Examples
    --------
    >>> import minigrad
    >>> zeros_(minigrad.empty(3))
    tensor([0., 0., 0.])
    """
    _check_tensor("zeros_", tensor)
    return constant_(tensor, 0)


def eye_(tensor):
    """Fill a 2-d tensor with the identity matrix (ones on the diagonal).

    Parameters
    ----------
    tensor : Tensor
        A 2-d tensor to fill in place; it need not be square (the extra rows or
        columns are zero).

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``tensor`` is not 2-d.

    Examples
    --------
    >>> import minigrad
    >>> eye_(minigrad.empty(2, 3))
    tensor([[1., 0., 0.],
            [0., 1., 0.]])
    """
    _check_tensor("eye_", tensor)
    if tensor.ndim != 2:
        raise ValueError(f"eye_: only 2-d tensors are supported, got shape {list(tensor.shape)}")
    return _fill(tensor, np.eye(*tensor.shape))


def dirac_(tensor, groups=1):
    """Fill a 3-, 4- or 5-d convolution weight so that the convolution is the identity.

    Each of the ``groups`` blocks of output channels copies the matching
    input channel at the kernel's centre.

    Parameters
    ----------
    tensor : Tensor
        A convolution weight of shape ``(out_channels, in_channels / groups,
        *kernel)``, 3-, 4- or 5-d, filled in place. Where a group has more
        output than input channels, the extra outputs stay zero.
    groups : int, default 1
        The number of groups of the convolution; it must divide ``tensor.shape[0]``.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``tensor`` is not 3-, 4- or 5-d, or ``groups`` does not divide its
        first dimension.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> conv = nn.Conv2d(2, 2, kernel_size=3, padding=1, bias=False)
    >>> _ = dirac_(conv.weight)
    >>> x = minigrad.randn(1, 2, 4, 4)
    >>> bool((conv(x) == x).all())
    True
    """
    _check_tensor("dirac_", tensor)
    if tensor.ndim not in (3, 4, 5):
        raise ValueError(f"dirac_: only 3-, 4- and 5-d tensors are supported, got shape "
                         f"{list(tensor.shape)}")
    check_int("dirac_", "groups", groups, minimum=1)
    out_per_group = tensor.shape[0] // groups
    if tensor.shape[0] % groups:
        raise ValueError(
            f"dirac_: dim 0 ({tensor.shape[0]}) must be divisible by groups ({groups})"
        )
    values = np.zeros(tensor.shape)
    if 0 in tensor.shape[2:]:
        return _fill(tensor, values)  # no centre tap to set
    centre = tuple(k // 2 for k in tensor.shape[2:])
    for g in range(groups):
        for d in range(min(out_per_group, tensor.shape[1])):
            values[(g * out_per_group + d, d) + centre] = 1
    return _fill(tensor, values)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """Glorot initialization: uniform on ``[-b, b]``, ``b = gain * sqrt(6 / (fan_in + fan_out))``.

    Parameters
    ----------
    tensor : Tensor
        A weight of at least 2 dimensions, ``(out, in, *kernel)``, filled in
        place; its fans come from that shape.
    gain : float, default 1.0
        Scales the spread; :func:`calculate_gain` gives the value recommended
        for the nonlinearity that follows the layer.
    generator : numpy.random.Generator, optional
        Where the draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``tensor`` has fewer than 2 dimensions.

    Examples
    --------
    >>> import minigrad
    >>> w = xavier_uniform_(minigrad.empty(30, 20))
    >>> bool(abs(w).max().item() <= (6 / 50) ** 0.5)
    True
    """
    _check_tensor("xavier_uniform_", tensor)
    gain = _gain("xavier_uniform_", gain)
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, "xavier_uniform_")
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out)) if fan_in + fan_out else 0.0
    return _fill(tensor, _rng(generator, "xavier_uniform_").uniform(-bound, bound, tensor.shape))


def xavier_normal_(tensor, gain=1.0, generator=None):
    """Glorot initialization: normal with ``std = gain * sqrt(2 / (fan_in + fan_out))``.

    Parameters
    ----------
    tensor : Tensor
        A weight of at least 2 dimensions, ``(out, in, *kernel)``, filled in
        place; its fans come from that shape.
    gain : float, default 1.0
        Scales the spread; :func:`calculate_gain` gives the value recommended
        for the nonlinearity that follows the layer.
    generator : numpy.random.Generator, optional
        Where the draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``tensor`` has fewer than 2 dimensions.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0)
    >>> w = xavier_normal_(minigrad.empty(200, 300))
    >>> round(w.std().item(), 2)            # sqrt(2 / 500)
    0.06
    """
    _check_tensor("xavier_normal_", tensor)
    gain = _gain("xavier_normal_", gain)
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, "xavier_normal_")
    std = gain * math.sqrt(2.0 / (fan_in + fan_out)) if fan_in + fan_out else 0.0
    return _fill(tensor, _rng(generator, "xavier_normal_").normal(0.0, std, tensor.shape))


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He initialization: uniform on ``[-b, b]``, ``b = gain * sqrt(3 / fan)``.

    ``gain = calculate_gain(nonlinearity, a)`` and ``fan`` is ``fan_in``
    (preserves the forward pass's variance) or ``fan_out`` (the backward's).
    Linear and convolution layers use ``a = sqrt(5)``, which gives
    ``b = 1 / sqrt(fan_in)``. A tensor with no elements is left as it is.

    Parameters
    ----------
    tensor : Tensor
        A weight of at least 2 dimensions, ``(out, in, *kernel)``, filled in
        place; its fans come from that shape.
    a : float, default 0
        The negative slope of the ``leaky_relu`` that follows the layer; used
        only when ``nonlinearity`` is ``'leaky_relu'`` (0 makes it a ReLU).
    mode : {'fan_in', 'fan_out'}, default 'fan_in'
        ``'fan_in'`` keeps the variance of the activations through the forward
        pass, ``'fan_out'`` that of the gradients through the backward pass.
    nonlinearity : str, default 'leaky_relu'
        The nonlinearity after the layer, by its ``nn.functional`` name; it
        chooses the gain, computed by :func:`calculate_gain` (``'relu'`` gives
        ``sqrt(2)``, ``'tanh'`` 5/3, the linear ones 1).
    generator : numpy.random.Generator, optional
        Where the draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``tensor`` has fewer than 2 dimensions, or for an unknown ``mode`` or
        ``nonlinearity``.

    Examples
    --------
    >>> import math, minigrad
    >>> w = kaiming_uniform_(minigrad.empty(64, 100), a=math.sqrt(5))
    >>> bool(abs(w).max().item() <= 0.1)
    True
    """
    _check_tensor("kaiming_uniform_", tensor)
    if tensor._data.size == 0:
        return tensor
    fan = _fan(tensor, mode, "kaiming_uniform_")
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / fan) if fan else 0.0
    return _fill(tensor, _rng(generator, "kaiming_uniform_").uniform(-bound, bound, tensor.shape))


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """He initialization: normal with ``std = gain / sqrt(fan)``.

    ``gain = calculate_gain(nonlinearity, a)`` and ``fan`` is ``fan_in`` or
    ``fan_out`` as ``mode`` says. A tensor with no elements is left as it is.

    Parameters
    ----------
    tensor : Tensor
        A weight of at least 2 dimensions, ``(out, in, *kernel)``, filled in
        place; its fans come from that shape.
    a : float, default 0
        The negative slope of the ``leaky_relu`` that follows the layer; used
        only when ``nonlinearity`` is ``'leaky_relu'`` (0 makes it a ReLU).
    mode : {'fan_in', 'fan_out'}, default 'fan_in'
        ``'fan_in'`` keeps the variance of the activations through the forward
        pass, ``'fan_out'`` that of the gradients through the backward pass.
    nonlinearity : str, default 'leaky_relu'
        The nonlinearity after the layer, by its ``nn.functional`` name; it
        chooses the gain, computed by :func:`calculate_gain` (``'relu'`` gives
        ``sqrt(2)``, ``'tanh'`` 5/3, the linear ones 1).
    generator : numpy.random.Generator, optional
        Where the draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``tensor`` has fewer than 2 dimensions, or for an unknown ``mode`` or
        ``nonlinearity``.

    Examples
    --------
    >>> import minigrad
    >>> _ = minigrad.manual_seed(0)
    >>> w = kaiming_normal_(minigrad.empty(200, 300), nonlinearity="relu")
    >>> round(w.std().item(), 3)            # sqrt(2) / sqrt(300)
    0.082
    """
    _check_tensor("kaiming_normal_", tensor)
    if tensor._data.size == 0:
        return tensor
    fan = _fan(tensor, mode, "kaiming_normal_")
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan) if fan else 0.0
    return _fill(tensor, _rng(generator, "kaiming_normal_").normal(0.0, std, tensor.shape))


def orthogonal_(tensor, gain=1.0, generator=None):
    """Fill with a (semi-)orthogonal matrix, scaled by ``gain``.

    The tensor is viewed as a ``(rows, cols)`` matrix with
    ``rows = shape[0]``; its rows (if ``rows <= cols``) or columns are
    orthonormal. Drawn as the Q factor of the QR decomposition of a normal
    matrix, with signs fixed so that the distribution is uniform (Haar).

    Parameters
    ----------
    tensor : Tensor
        At least 2 dimensions, filled in place; dimensions after the first are
        flattened into the columns.
    gain : float, default 1.0
        The scale of the matrix: its nonzero singular values all equal ``gain``.
    generator : numpy.random.Generator, optional
        Where the normal draws come from; minigrad's global generator (seeded by
        :func:`minigrad.manual_seed`) when omitted.

    Returns
    -------
    Tensor
        ``tensor`` itself.

    Raises
    ------
    ValueError
        If ``tensor`` has fewer than 2 dimensions.

    Examples
    --------
    >>> import numpy as np, minigrad
    >>> w = orthogonal_(minigrad.empty(3, 5)).numpy()
    >>> bool(np.allclose(w @ w.T, np.eye(3), atol=1e-5))
    True
    """
    _check_tensor("orthogonal_", tensor)
    gain = check_number("orthogonal_", "gain", gain)
    if tensor.ndim < 2:
        raise ValueError(
            f"orthogonal_: only tensors with 2 or more dimensions are supported, got shape "
            f"{list(tensor.shape)}"
        )
    if tensor._data.size == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor._data.size // rows
    flat = _rng(generator, "orthogonal_").standard_normal((rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _fill(tensor, (gain * q).reshape(tensor.shape))
