"""Average pooling over 1, 2 or 3 spatial dimensions."""
from minigrad.ops.pool._ops import AvgPool
from minigrad.ops.pool._windows import (
    _avg_window,
    _check_input,
    _check_out_size,
    _check_padding,
    _int_tuple,
    _is_int,
    _make_plan,
    _pool_len,
    _stride,
)
from minigrad.tensor import Tensor

__all__ = ["avg_pool1d", "avg_pool2d", "avg_pool3d"]


def _avg_pool(op, n, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
              divisor_override):
    _check_input(op, input, n)
    kernel = _int_tuple(op, "kernel_size", kernel_size, n, 1)
    stride = _stride(op, stride, kernel, n)
    padding = _int_tuple(op, "padding", padding, n, 0)
    _check_padding(op, kernel, padding)
    if divisor_override is not None:
        if not _is_int(divisor_override):
            raise TypeError(
                f"{op}: divisor_override must be an int or None, got {divisor_override!r}"
            )
        if divisor_override == 0:
            raise ValueError(f"{op}: divisor_override must not be zero")
    spatial = input.shape[-n:]
    out = [_pool_len(size, k, s, p, 1, bool(ceil_mode))
           for size, k, s, p in zip(spatial, kernel, stride, padding)]
    _check_out_size(op, spatial, out, kernel_size=kernel, stride=stride, padding=padding)
    windows = [_avg_window(*args, bool(count_include_pad))
               for args in zip(spatial, out, kernel, stride, padding)]
    plan = _make_plan(n, spatial, out, windows, divisor=divisor_override or 0)
    return AvgPool.apply(input, plan)


def avg_pool1d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True):
    """Average pooling over one spatial dimension.

    Each output element is the sum of its window divided by the window size.
    ``count_include_pad`` decides whether padded zeros count in that size;
    the part of a ``ceil_mode`` window beyond the padding never counts (as in
    PyTorch). PyTorch's ``avg_pool1d`` has no ``divisor_override``; neither
    does this one.

    Parameters
    ----------
    input : Tensor
        ``(N, C, L)`` or ``(C, L)``, float32 or float64.
    kernel_size : int or tuple of 1 int
        The window size.
    stride : int or tuple of 1 int, optional
        The window step; defaults to ``kernel_size``.
    padding : int or tuple of 1 int
        Implicit zero padding on both sides, at most ``kernel_size // 2``.
    ceil_mode : bool
        Round the output size up (see Shape).
    count_include_pad : bool
        Count padded zeros in the divisor.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For a wrong input rank, a non-positive kernel or stride, a negative
        padding or one above half the kernel, or an input smaller than one window.

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)`` with
      ``L_out = floor((L + 2*padding - kernel_size) / stride) + 1``; with
      ``ceil_mode`` the division rounds up, unless that last window would start
      in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import avg_pool1d
    >>> x = minigrad.tensor([[[1., 3., 2., 6., 4.]]])
    >>> avg_pool1d(x, 2)
    tensor([[[2., 4.]]])
    >>> avg_pool1d(x, 2, padding=1, count_include_pad=False)
    tensor([[[1. , 2.5, 5. ]]])
    """
    return _avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, None)


def avg_pool2d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None):
    """Average pooling over two spatial dimensions.

    Each output element is the sum of its window divided by the window size.
    ``count_include_pad`` decides whether padded zeros count in that size;
    the part of a ``ceil_mode`` window beyond the padding never counts (as in
    PyTorch). ``divisor_override`` replaces the divisor of every window.

    Parameters
    ----------
    input : Tensor
        ``(N, C, H, W)`` or ``(C, H, W)``, float32 or float64.
    kernel_size : int or tuple of 2 ints
        The window size.
    stride : int or tuple of 2 ints, optional
        The window step; defaults to ``kernel_size``.
    padding : int or tuple of 2 ints
        Implicit zero padding on both sides, at most half the kernel size.
    ceil_mode : bool
        Round the output size up (see Shape).
    count_include_pad : bool
        Count padded zeros in the divisor.
    divisor_override : int, optional
        When given (not zero), the divisor of every window.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For a wrong input rank, a non-positive kernel or stride, a negative
        padding or one above half the kernel, an input smaller than one window,
        or a zero ``divisor_override``.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)`` with, per dimension,
      ``H_out = floor((H + 2*padding - kernel_size) / stride) + 1``; with
      ``ceil_mode`` the division rounds up, unless that last window would start
      in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import avg_pool2d
    >>> x = minigrad.tensor([[[[1., 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]]])
    >>> avg_pool2d(x, 2)
    tensor([[[[3.25, 5.25],
              [2.  , 2.  ]]]])
    >>> avg_pool2d(x, 2, divisor_override=1)
    tensor([[[[13., 21.],
              [ 8.,  8.]]]])
    """
    return _avg_pool("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, divisor_override)


def avg_pool3d(input: Tensor, kernel_size, stride=None, padding=0, ceil_mode: bool = False,
               count_include_pad: bool = True, divisor_override: int | None = None):
    """Average pooling over three spatial dimensions.

    Each output element is the sum of its window divided by the window size.
    ``count_include_pad`` decides whether padded zeros count in that size;
    the part of a ``ceil_mode`` window beyond the padding never counts (as in
    PyTorch). ``divisor_override`` replaces the divisor of every window.

    Parameters
    ----------
    input : Tensor
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, float32 or float64.
    kernel_size : int or tuple of 3 ints
        The window size.
    stride : int or tuple of 3 ints, optional
        The window step; defaults to ``kernel_size``.
    padding : int or tuple of 3 ints
        Implicit zero padding on both sides, at most half the kernel size.
    ceil_mode : bool
        Round the output size up (see Shape).
    count_include_pad : bool
        Count padded zeros in the divisor.
    divisor_override : int, optional
        When given (not zero), the divisor of every window.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For a wrong input rank, a non-positive kernel or stride, a negative
        padding or one above half the kernel, an input smaller than one window,
        or a zero ``divisor_override``.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)`` with,
      per dimension, ``D_out = floor((D + 2*padding - kernel_size) / stride) + 1``;
      with ``ceil_mode`` the division rounds up, unless that last window would
      start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import avg_pool3d
    >>> x = minigrad.arange(8.).reshape(1, 2, 2, 2)
    >>> avg_pool3d(x, 2)
    tensor([[[[3.5]]]])
    """
    return _avg_pool("avg_pool3d", 3, input, kernel_size, stride, padding, ceil_mode,
                     count_include_pad, divisor_override)
