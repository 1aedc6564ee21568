"""Dropout: zero random elements (or whole channels) and rescale the rest.

Inverted dropout, as in PyTorch: during training each kept value is
multiplied by ``1 / (1 - p)`` so that the expected output equals the input
and evaluation needs no rescaling. The mask is drawn from
:func:`minigrad.random.generator`, so :func:`minigrad.manual_seed` makes it
reproducible. The node keeps the scaled mask; its backward is one multiply.
"""
import warnings

import numpy as np

from minigrad import random
from minigrad.autograd.function import Function
from minigrad.ops._args import check_bool, check_probability
from minigrad.ops.inplace import inplace_result
from minigrad.tensor import Tensor

__all__ = ["alpha_dropout", "dropout", "dropout1d", "dropout2d", "dropout3d"]


def _check(op, input, p):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(input).__name__}")
    if input._data.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {input._data.dtype}")
    check_probability(op, p)


class Dropout(Function):
    """``x * mask`` where ``mask`` holds 0 or ``1 / (1 - p)``, broadcast over ``x``."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, p, mask_shape):
        ctx.mask = _scaled_mask(mask_shape, p, x.dtype)
        return x * ctx.mask

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.mask, None, None


def _keep_mask(shape, p):
    """True where an element is kept, with probability ``1 - p``."""
    return random.generator().random(shape, dtype=np.float32) >= np.float32(p)


def _scaled_mask(shape, p, dtype):
    if p == 1:
        return np.zeros(shape, dtype)
    return _keep_mask(shape, p) * dtype.type(1 / (1 - p))


# -alpha * scale of SELU: the value SELU approaches for very negative inputs.
_SELU_SATURATION = 1.7580993408473766


class AlphaDropout(Function):
    """``a * (x * keep + s * (1 - keep)) + b``: dropped elements set to SELU's saturation.

    With ``s = -1.7580993408473766``, ``a = 1 / sqrt((s**2 * p + 1) * (1 - p))``
    and ``b = -a * s * p`` (PyTorch's constants), an input of zero mean and
    unit variance keeps them.
    """

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, p):
        keep = _keep_mask(x.shape, p)
        a = 1 / np.sqrt((_SELU_SATURATION ** 2 * p + 1) * (1 - p))
        shift = np.where(keep, _SELU_SATURATION * a * p, _SELU_SATURATION * a * (p - 1))
        ctx.scale = keep * x.dtype.type(a)
        return x * ctx.scale + shift.astype(x.dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.scale, None


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    Parameters
    ----------
    input : Tensor
        Floating-point, any shape.
    p : float, default 0.5
        The probability of zeroing an element, in ``[0, 1]``.
    training : bool, default True
        When False (or ``p == 0``), return ``input`` itself.
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        The input's shape.

    Raises
    ------
    TypeError
        If ``p`` is not a number.
    ValueError
        If ``p`` is outside ``[0, 1]``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> _ = minigrad.manual_seed(0)
    >>> y = F.dropout(minigrad.ones(1000), p=0.5)
    >>> sorted(set(y.tolist()))
    [0.0, 2.0]
    >>> F.dropout(minigrad.ones(3), training=False)
    tensor([1., 1., 1.])
    """
    _check("dropout", input, p)
    if not training or p == 0:
        return input
    return inplace_result(input, Dropout.apply(input, float(p), input.shape), inplace, "dropout")


def _channel_dropout(op, input, p, training, inplace, spatial):
    """Zero whole channels: the mask has shape ``(N, C, 1, ...)`` (``(C, 1, ...)`` unbatched)."""
    _check(op, input, p)
    if input.ndim not in (spatial + 1, spatial + 2):
        raise ValueError(
            f"{op}: expected a {spatial + 1}-d (C, ...) or {spatial + 2}-d (N, C, ...) input, "
            f"got shape {list(input.shape)}"
        )
    if not check_bool(op, "training", training) or p == 0:
        return input
    channels = input.ndim - spatial
    mask_shape = input.shape[:channels] + (1,) * spatial
    return inplace_result(input, Dropout.apply(input, float(p), mask_shape), inplace, op)


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of a 1-d signal with probability ``p``, scaling the rest.

    Each channel ``input[n, c, :]`` of each sample is kept (scaled by
    ``1 / (1 - p)``) or zeroed as a whole, which suits convolutional feature
    maps, whose neighbouring values are strongly correlated.

    Parameters
    ----------
    input : Tensor
        ``(N, C, L)`` or ``(C, L)``, floating-point.
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

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> y = F.dropout1d(minigrad.ones(2, 8, 5), p=0.5)
    >>> all(len(set(channel.tolist())) == 1 for channel in y.reshape(16, 5).numpy())
    True
    >>> F.dropout1d(minigrad.ones(1, 3, 2), p=0.5, training=False).shape
    minigrad.Size([1, 3, 2])
    """
    return _channel_dropout("dropout1d", input, p, training, inplace, 1)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of an image with probability ``p``, scaling the rest.

    Each channel ``input[n, c, :, :]`` of each sample is kept (scaled by
    ``1 / (1 - p)``) or zeroed as a whole. A 3-d input is read as
    ``(N, C, L)`` with a warning, as PyTorch does (it zeroes channels of a
    1-d signal); pass ``(N, C, H, W)`` or use :func:`dropout1d`.

    Parameters
    ----------
    input : Tensor
        ``(N, C, H, W)`` (or ``(N, C, L)``, see above``, floating-point.
    p : float, default 0.5
        The probability of zeroing a channel, in ``[0, 1]`` (a ``ValueError``
        otherwise); the channels kept are scaled by ``1 / (1 - p)``.
    training : bool, default True
        Whether dropout is active; with ``False`` the input is returned
        unchanged (pass ``module.training``).
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape as ``input``.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(N, C, L)`` (see above)
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.dropout2d(minigrad.ones(2, 3, 4, 4), p=0.5).shape
    minigrad.Size([2, 3, 4, 4])
    """
    _check("dropout2d", input, p)
    if input.ndim == 3:
        warnings.warn(
            "dropout2d: received a 3-d input; treating it as (N, C, L) and zeroing channels "
            "of a 1-d signal, as PyTorch does. Use dropout1d for that, or pass (N, C, H, W).",
            UserWarning, stacklevel=2,
        )
        return _channel_dropout("dropout2d", input, p, training, inplace, 1)
    return _channel_dropout("dropout2d", input, p, training, inplace, 2)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True,
              inplace: bool = False) -> Tensor:
    """Zero whole channels of a volume with probability ``p``, scaling the rest.

    Each channel ``input[n, c, :, :, :]`` of each sample is kept (scaled by
    ``1 / (1 - p)``) or zeroed as a whole.

    Parameters
    ----------
    input : Tensor
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, floating-point.
    p : float, default 0.5
        The probability of zeroing a channel, in ``[0, 1]`` (a ``ValueError``
        otherwise); the channels kept are scaled by ``1 / (1 - p)``.
    training : bool, default True
        Whether dropout is active; with ``False`` the input is returned
        unchanged (pass ``module.training``).
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        Same shape as ``input``.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    - Output: the input's shape

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> F.dropout3d(minigrad.ones(1, 2, 2, 2, 2), p=0.25).shape
    minigrad.Size([1, 2, 2, 2, 2])
    """
    return _channel_dropout("dropout3d", input, p, training, inplace, 3)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False,
                  inplace: bool = False) -> Tensor:
    """Dropout for SELU networks: keep the inputs' mean and variance instead of their scale.

    Each element is dropped with probability ``p``: set to SELU's negative
    saturation ``-1.7581`` instead of 0; then every element goes through the
    affine map that gives the result the mean and variance of the input, for
    an input of zero mean and unit variance. ``p = 1`` gives zeros (``x * 0``),
    as in PyTorch.

    Parameters
    ----------
    input : Tensor
        Floating-point, any shape.
    p : float, default 0.5
        The probability of dropping an element, in ``[0, 1]``.
    training : bool, default False
        When False (the default, as in PyTorch), or when ``p == 0``, return
        ``input`` itself.
    inplace : bool, default False
        Write the result into ``input`` and return it (as PyTorch does; in
        minigrad this saves no memory).

    Returns
    -------
    Tensor
        The input's shape.

    Raises
    ------
    TypeError
        If ``p`` is not a number.
    ValueError
        If ``p`` is outside ``[0, 1]``.

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> _ = minigrad.manual_seed(0)
    >>> y = F.alpha_dropout(minigrad.randn(100_000), p=0.2, training=True)
    >>> round(y.mean().item(), 1), round(y.std().item(), 1)
    (0.0, 1.0)
    >>> F.alpha_dropout(minigrad.ones(3))
    tensor([1., 1., 1.])
    """
    _check("alpha_dropout", input, p)
    if not check_bool("alpha_dropout", "training", training) or p == 0 or input.numel() == 0:
        return input
    if p == 1:
        result = Dropout.apply(input, 1.0, input.shape)
    else:
        result = AlphaDropout.apply(input, float(p))
    return inplace_result(input, result, inplace, "alpha_dropout")
