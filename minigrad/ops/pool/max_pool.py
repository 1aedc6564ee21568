"""Max pooling over 1, 2 or 3 spatial dimensions."""
from minigrad.ops.pool._ops import MaxPool
from minigrad.ops.pool._windows import (
    _check_input,
    _check_out_size,
    _check_padding,
    _int_tuple,
    _make_plan,
    _max_window,
    _pool_len,
    _stride,
)
from minigrad.tensor import Tensor

__all__ = ["max_pool1d", "max_pool2d", "max_pool3d"]


def _max_pool(op, n, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    _check_input(op, input, n)
    kernel = _int_tuple(op, "kernel_size", kernel_size, n, 1)
    stride = _stride(op, stride, kernel, n)
    padding = _int_tuple(op, "padding", padding, n, 0)
    dilation = _int_tuple(op, "dilation", dilation, n, 1)
    _check_padding(op, kernel, padding)
    spatial = input.shape[-n:]
    out = [_pool_len(*args, bool(ceil_mode))
           for args in zip(spatial, kernel, stride, padding, dilation)]
    _check_out_size(op, spatial, out, kernel_size=kernel, stride=stride, padding=padding,
                    dilation=dilation)
    windows = [_max_window(*args) for args in zip(spatial, out, kernel, stride, padding, dilation)]
    plan = _make_plan(n, spatial, out, windows, steps=dilation)
    if n == 2 and kernel == stride == (2, 2) and padding == (0, 0) and dilation == (1, 1) \
            and out == [spatial[0] // 2, spatial[1] // 2]:
        plan = plan._replace(kernel_2x2=True)
    return MaxPool.apply(input, plan, bool(return_indices))


def max_pool1d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """Max pooling over one spatial dimension.

    Each output element is the maximum of its window; padded positions never
    win (they count as ``-inf``). Of equal maxima the first wins, and a NaN
    in a window propagates, as in PyTorch. The gradient of an output flows to
    the input element that won. A window lying wholly in the padding (which
    dilation allows) gives ``-inf`` and index -1 (PyTorch gives an index
    outside the input there).

    Parameters
    ----------
    input : Tensor
        ``(N, C, L)`` or ``(C, L)``, float32 or float64.
    kernel_size : int or tuple of 1 int
        The window size.
    stride : int or tuple of 1 int, optional
        The window step; defaults to ``kernel_size``.
    padding : int or tuple of 1 int
        Implicit ``-inf`` padding on both sides, at most ``kernel_size // 2``.
    dilation : int or tuple of 1 int
        The distance between the elements of a window.
    ceil_mode : bool
        Round the output size up (see Shape).
    return_indices : bool
        Also return the index of each output's winner within its input row
        (int64), as :func:`max_unpool1d` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The pooled values, and the indices when ``return_indices`` is set.

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For a wrong input rank, a non-positive kernel, stride or dilation, a
        negative padding or one above half the kernel, or an input smaller than
        one window.

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)`` with
      ``L_out = floor((L + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``;
      with ``ceil_mode`` the division rounds up, unless that last window would
      start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import max_pool1d
    >>> x = minigrad.tensor([[[1., 3., 2., 5., 4.]]])
    >>> max_pool1d(x, 2)
    tensor([[[3., 5.]]])
    >>> max_pool1d(x, 2, ceil_mode=True, return_indices=True)
    (tensor([[[3., 5., 4.]]]), tensor([[[1, 3, 4]]]))
    """
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)


def max_pool2d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """Max pooling over two spatial dimensions.

    Each output element is the maximum of its window; padded positions never
    win (they count as ``-inf``). Of equal maxima the first in row-major
    order wins, and a NaN in a window propagates, as in PyTorch. The gradient
    of an output flows to the input element that won. The forward pass
    records the winners, so the backward pass is a scatter. A window lying
    wholly in the padding (which dilation allows) gives ``-inf`` and index -1
    (PyTorch gives an index outside the input there).

    Parameters
    ----------
    input : Tensor
        ``(N, C, H, W)`` or ``(C, H, W)``, float32 or float64.
    kernel_size : int or tuple of 2 ints
        The window size.
    stride : int or tuple of 2 ints, optional
        The window step; defaults to ``kernel_size``.
    padding : int or tuple of 2 ints
        Implicit ``-inf`` padding on both sides, at most half the kernel size.
    dilation : int or tuple of 2 ints
        The distance between the elements of a window.
    ceil_mode : bool
        Round the output size up (see Shape).
    return_indices : bool
        Also return the flat index ``h * W + w`` of each output's winner
        within its input plane (int64), as :func:`max_unpool2d` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The pooled values, and the indices when ``return_indices`` is set.

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For a wrong input rank, a non-positive kernel, stride or dilation, a
        negative padding or one above half the kernel, or an input smaller than
        one window.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)`` with, per dimension,
      ``H_out = floor((H + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``;
      with ``ceil_mode`` the division rounds up, unless that last window would
      start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import max_pool2d
    >>> x = minigrad.tensor([[[[1., 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]]])
    >>> max_pool2d(x, 2, stride=2)
    tensor([[[[6., 8.],
              [3., 4.]]]])
    >>> max_pool2d(x, 2, return_indices=True)[1]
    tensor([[[[ 5,  7],
              [ 8, 15]]]])
    """
    return _max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)


def max_pool3d(input: Tensor, kernel_size, stride=None, padding=0, dilation=1,
               ceil_mode: bool = False, return_indices: bool = False):
    """Max pooling over three spatial dimensions.

    Each output element is the maximum of its window; padded positions never
    win (they count as ``-inf``). Of equal maxima the first in row-major
    order wins, and a NaN in a window propagates, as in PyTorch. The gradient
    of an output flows to the input element that won. A window lying wholly
    in the padding (which dilation allows) gives ``-inf`` and index -1
    (PyTorch gives an index outside the input there).

    Parameters
    ----------
    input : Tensor
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, float32 or float64.
    kernel_size : int or tuple of 3 ints
        The window size.
    stride : int or tuple of 3 ints, optional
        The window step; defaults to ``kernel_size``.
    padding : int or tuple of 3 ints
        Implicit ``-inf`` padding on both sides, at most half the kernel size.
    dilation : int or tuple of 3 ints
        The distance between the elements of a window.
    ceil_mode : bool
        Round the output size up (see Shape).
    return_indices : bool
        Also return the flat index ``(d * H + h) * W + w`` of each output's
        winner within its input volume (int64), as :func:`max_unpool3d` takes.

    Returns
    -------
    Tensor or (Tensor, Tensor)
        The pooled values, and the indices when ``return_indices`` is set.

    Raises
    ------
    TypeError
        For a non-float input or non-integer sizes.
    ValueError
        For a wrong input rank, a non-positive kernel, stride or dilation, a
        negative padding or one above half the kernel, or an input smaller than
        one window.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)`` with,
      per dimension,
      ``D_out = floor((D + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1``;
      with ``ceil_mode`` the division rounds up, unless that last window would
      start in the right padding.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import max_pool3d
    >>> x = minigrad.arange(8.).reshape(1, 2, 2, 2)
    >>> max_pool3d(x, 2, return_indices=True)
    (tensor([[[[7.]]]]), tensor([[[[7]]]]))
    """
    return _max_pool("max_pool3d", 3, input, kernel_size, stride, padding, dilation,
                     ceil_mode, return_indices)
