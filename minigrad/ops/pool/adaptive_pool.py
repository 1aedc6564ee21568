"""Adaptive average and max pooling: the output size is given, the windows follow."""
from minigrad.ops.pool._ops import AvgPool, MaxPool
from minigrad.ops.pool._windows import _adaptive_size, _adaptive_window, _check_input, _make_plan
from minigrad.tensor import Tensor

__all__ = ["adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d"]


def _adaptive_plan(op, n, input, output_size):
    _check_input(op, input, n)
    spatial = input.shape[-n:]
    out = _adaptive_size(op, output_size, spatial)
    windows = [_adaptive_window(size, count) for size, count in zip(spatial, out)]
    return _make_plan(n, spatial, out, windows)


def _adaptive_avg_pool(op, n, input, output_size):
    return AvgPool.apply(input, _adaptive_plan(op, n, input, output_size))


def _adaptive_max_pool(op, n, input, output_size, return_indices):
    return MaxPool.apply(input, _adaptive_plan(op, n, input, output_size), bool(return_indices))


def adaptive_avg_pool1d(input: Tensor, output_size):
    """Average pooling to a given output length.

    Output ``o`` of ``L_out`` averages the bin ``[floor(o*L/L_out),
    ceil((o+1)*L/L_out))``; bins cover the input and may overlap.

    Parameters
    ----------
    input : Tensor
        ``(N, C, L)`` or ``(C, L)``, float32 or float64.
    output_size : int or tuple of 1 int
        ``L_out``.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For a wrong input rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_avg_pool1d
    >>> adaptive_avg_pool1d(minigrad.tensor([[[1., 2., 3., 4., 5.]]]), 2)
    tensor([[[2., 4.]]])
    """
    return _adaptive_avg_pool("adaptive_avg_pool1d", 1, input, output_size)


def adaptive_avg_pool2d(input: Tensor, output_size):
    """Average pooling to a given output size.

    Along each dimension, output ``o`` of ``S_out`` averages the bin
    ``[floor(o*S/S_out), ceil((o+1)*S/S_out))``; bins cover the input and may
    overlap. ``output_size=1`` is global average pooling.

    Parameters
    ----------
    input : Tensor
        ``(N, C, H, W)`` or ``(C, H, W)``, float32 or float64.
    output_size : int or tuple of 2 (int or None)
        ``(H_out, W_out)``; ``None`` keeps that dimension's input size.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For a wrong input rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_avg_pool2d
    >>> x = minigrad.arange(16.).reshape(1, 1, 4, 4)
    >>> adaptive_avg_pool2d(x, 1)
    tensor([[[[7.5]]]])
    >>> adaptive_avg_pool2d(x, (None, 1)).shape
    (1, 1, 4, 1)
    """
    return _adaptive_avg_pool("adaptive_avg_pool2d", 2, input, output_size)


def adaptive_avg_pool3d(input: Tensor, output_size):
    """Average pooling to a given output size over three spatial dimensions.

    Along each dimension, output ``o`` of ``S_out`` averages the bin
    ``[floor(o*S/S_out), ceil((o+1)*S/S_out))``; bins cover the input and may
    overlap.

    Parameters
    ----------
    input : Tensor
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, float32 or float64.
    output_size : int or tuple of 3 (int or None)
        ``(D_out, H_out, W_out)``; ``None`` keeps that dimension's input size.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For a wrong input rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_avg_pool3d
    >>> adaptive_avg_pool3d(minigrad.arange(8.).reshape(1, 2, 2, 2), 1)
    tensor([[[[3.5]]]])
    """
    return _adaptive_avg_pool("adaptive_avg_pool3d", 3, input, output_size)


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    """Max pooling to a given output length.

    Output ``o`` of ``L_out`` is the maximum of the bin ``[floor(o*L/L_out),
    ceil((o+1)*L/L_out))``; ties and NaN as in :func:`max_pool1d`.

    Parameters
    ----------
    input : Tensor
        ``(N, C, L)`` or ``(C, L)``, float32 or float64.
    output_size : int or tuple of 1 int
        ``L_out``.
    return_indices : bool
        Also return the index of each maximum within its input row (int64).

    Returns
    -------
    Tensor or (Tensor, Tensor)

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For a wrong input rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, L)`` or ``(C, L)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_max_pool1d
    >>> adaptive_max_pool1d(minigrad.tensor([[[1., 5., 3., 4., 2.]]]), 2, return_indices=True)
    (tensor([[[5., 4.]]]), tensor([[[1, 3]]]))
    """
    return _adaptive_max_pool("adaptive_max_pool1d", 1, input, output_size, return_indices)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Max pooling to a given output size.

    Along each dimension, output ``o`` of ``S_out`` covers the bin
    ``[floor(o*S/S_out), ceil((o+1)*S/S_out))``; ties and NaN as in
    :func:`max_pool2d`.

    Parameters
    ----------
    input : Tensor
        ``(N, C, H, W)`` or ``(C, H, W)``, float32 or float64.
    output_size : int or tuple of 2 (int or None)
        ``(H_out, W_out)``; ``None`` keeps that dimension's input size.
    return_indices : bool
        Also return the flat index ``h * W + w`` of each maximum within its
        input plane (int64).

    Returns
    -------
    Tensor or (Tensor, Tensor)

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For a wrong input rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_max_pool2d
    >>> x = minigrad.arange(16.).reshape(1, 1, 4, 4)
    >>> adaptive_max_pool2d(x, 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    return _adaptive_max_pool("adaptive_max_pool2d", 2, input, output_size, return_indices)


def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    """Max pooling to a given output size over three spatial dimensions.

    Along each dimension, output ``o`` of ``S_out`` covers the bin
    ``[floor(o*S/S_out), ceil((o+1)*S/S_out))``; ties and NaN as in
    :func:`max_pool3d`.

    Parameters
    ----------
    input : Tensor
        ``(N, C, D, H, W)`` or ``(C, D, H, W)``, float32 or float64.
    output_size : int or tuple of 3 (int or None)
        ``(D_out, H_out, W_out)``; ``None`` keeps that dimension's input size.
    return_indices : bool
        Also return the flat index ``(d * H + h) * W + w`` of each maximum
        within its input volume (int64).

    Returns
    -------
    Tensor or (Tensor, Tensor)

    Raises
    ------
    TypeError
        For a non-float input or a non-integer ``output_size``.
    ValueError
        For a wrong input rank or a negative ``output_size``.

    Shape
    -----
    - Input: ``(N, C, D, H, W)`` or ``(C, D, H, W)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)``

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import adaptive_max_pool3d
    >>> adaptive_max_pool3d(minigrad.arange(8.).reshape(1, 2, 2, 2), 1)
    tensor([[[[7.]]]])
    """
    return _adaptive_max_pool("adaptive_max_pool3d", 3, input, output_size, return_indices)
