"""Power-average pooling, composed from average pooling and ``pow``."""
import math
import numbers

from minigrad.ops.pool._windows import _check_input
from minigrad.ops.pool.avg_pool import _avg_pool
from minigrad.tensor import Tensor

__all__ = ["lp_pool1d", "lp_pool2d", "lp_pool3d"]


def _lp_pool(op, n, input, norm_type, kernel_size, stride, ceil_mode):
    _check_input(op, input, n)
    if not isinstance(norm_type, numbers.Real) or isinstance(norm_type, bool):
        raise TypeError(f"{op}: norm_type must be a number, got {norm_type!r}")
    if not (0 < norm_type < math.inf):
        raise ValueError(f"{op}: norm_type must be positive and finite, got {norm_type}")
    p = float(norm_type)
    # A divisor of 1 turns average pooling into window sums.
    sums = _avg_pool(op, n, input ** p, kernel_size, stride, 0, ceil_mode, True, 1)
    return sums ** (1.0 / p)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False):
    """Power-average pooling over one spatial dimension: ``(sum of x**p over a window)**(1/p)``.

    ``p = 1`` is sum pooling, large ``p`` approaches max pooling. There is no
    padding. A partial ``ceil_mode`` window sums the elements it covers;
    PyTorch instead scales that sum by ``kernel_size / covered``. Negative
    inputs can give NaN (a negative number to a fractional power), as in
    PyTorch; the gradient is not finite where a window sums to 0.

    Parameters
    ----------
    input : Tensor
        ``(N, C, L)`` or ``(C, L)``, float32 or float64.
    norm_type : float
        The power ``p``, positive and finite (PyTorch does not check it).
    kernel_size : int or tuple of 1 int
        The window size.
    stride : int or tuple of 1 int, optional
        The window step; defaults to ``kernel_size``.
    ceil_mode : bool
        Round the output size up, keeping a last partial window.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input, or non-numeric ``norm_type`` or sizes.
    ValueError
        For a wrong input rank, a ``norm_type`` not positive and finite, a
        non-positive kernel or stride, or an input smaller than one window.

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)`` with
      ``L_out = floor((L - kernel_size) / stride) + 1`` (rounded up with ``ceil_mode``).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import lp_pool1d
    >>> lp_pool1d(minigrad.tensor([[[3., 4., 1., 1.]]]), 2, 2)
    tensor([[[5.       , 1.4142135]]])
    """
    return _lp_pool("lp_pool1d", 1, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False):
    """Power-average pooling over two spatial dimensions: ``(sum of x**p over a window)**(1/p)``.

    ``p = 1`` is sum pooling, large ``p`` approaches max pooling. There is no
    padding. A partial ``ceil_mode`` window sums the elements it covers;
    PyTorch instead scales that sum by ``kernel_area / covered``. Negative
    inputs can give NaN (a negative number to a fractional power), as in
    PyTorch; the gradient is not finite where a window sums to 0.

    Parameters
    ----------
    input : Tensor
        ``(N, C, H, W)`` or ``(C, H, W)``, float32 or float64.
    norm_type : float
        The power ``p``, positive and finite (PyTorch does not check it).
    kernel_size : int or tuple of 2 ints
        The window size.
    stride : int or tuple of 2 ints, optional
        The window step; defaults to ``kernel_size``.
    ceil_mode : bool
        Round the output size up, keeping a last partial window.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input, or non-numeric ``norm_type`` or sizes.
    ValueError
        For a wrong input rank, a ``norm_type`` not positive and finite, a
        non-positive kernel or stride, or an input smaller than one window.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)`` with, per dimension,
      ``H_out = floor((H - kernel_size) / stride) + 1`` (rounded up with ``ceil_mode``).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import lp_pool2d
    >>> lp_pool2d(minigrad.tensor([[[[1., 2], [2, 4]]]]), 2, 2)
    tensor([[[[5.]]]])
    """
    return _lp_pool("lp_pool2d", 2, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False):
    """Power-average pooling over three spatial dimensions: ``(sum of x**p over a window)**(1/p)``.

    As :func:`lp_pool2d`, over ``(D, H, W)``.

    Parameters
    ----------
    input : Tensor
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, float32 or float64.
    norm_type : float
        The power ``p``, positive and finite.
    kernel_size : int or tuple of 3 ints
        The window size.
    stride : int or tuple of 3 ints, optional
        The window step; defaults to ``kernel_size``.
    ceil_mode : bool
        Round the output size up, keeping a last partial window.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input, or non-numeric ``norm_type`` or sizes.
    ValueError
        For a wrong input rank, a ``norm_type`` not positive and finite, a
        non-positive kernel or stride, or an input smaller than one window.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)`` with,
      per dimension, ``D_out = floor((D - kernel_size) / stride) + 1`` (rounded up
      with ``ceil_mode``).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import lp_pool3d
    >>> lp_pool3d(minigrad.ones(1, 2, 2, 2), 1, 2)
    tensor([[[[8.]]]])
    """
    return _lp_pool("lp_pool3d", 3, input, norm_type, kernel_size, stride, ceil_mode)
