"""Max-unpooling: the inverse of max pooling from the indices it returned."""
import math

import numpy as np

from minigrad.ops.pool._ops import MaxUnpool
from minigrad.ops.pool._windows import (
    _check_input,
    _check_out_size,
    _int_tuple,
    _is_int,
    _make_plan,
    _stride,
)
from minigrad.tensor import Tensor

__all__ = ["max_unpool1d", "max_unpool2d", "max_unpool3d"]


def _unpool_size(op, input, kernel, stride, padding, output_size):
    n = len(kernel)
    spatial = input.shape[-n:]
    default = [(size - 1) * s - 2 * p + k
               for size, k, s, p in zip(spatial, kernel, stride, padding)]
    if output_size is None:
        _check_out_size(op, spatial, default, kernel_size=kernel, stride=stride,
                        padding=padding)
        return default
    if isinstance(output_size, Tensor) or not isinstance(output_size, (tuple, list)) or \
            len(output_size) not in (n, input.ndim) or not all(map(_is_int, output_size)):
        raise TypeError(
            f"{op}: output_size must be a tuple of {n} ints (optionally preceded by the "
            f"batch and channel sizes), got {output_size!r}"
        )
    wanted = [int(v) for v in output_size[len(output_size) - n:]]
    for d, (size, low, s) in enumerate(zip(wanted, default, stride)):
        if not (max(low - s, 0) < size < low + s):
            raise ValueError(
                f"{op}: invalid output_size {tuple(wanted)}: dimension {d} must be between "
                f"{max(low - s, 0) + 1} and {low + s - 1}, got {size}"
            )
    return wanted


def _max_unpool(op, n, input, indices, kernel_size, stride, padding, output_size):
    _check_input(op, input, n)
    if not isinstance(indices, Tensor):
        raise TypeError(f"{op}: expected indices to be a Tensor, got {type(indices).__name__}")
    if indices._data.dtype != np.int64:
        raise TypeError(f"{op}: expected int64 indices, got dtype {indices._data.dtype}")
    if indices.shape != input.shape:
        raise ValueError(
            f"{op}: expected indices of the input's shape {list(input.shape)}, "
            f"got {list(indices.shape)}"
        )
    kernel = _int_tuple(op, "kernel_size", kernel_size, n, 1)
    stride = _stride(op, stride, kernel, n)
    padding = _int_tuple(op, "padding", padding, n, 0)
    out = _unpool_size(op, input, kernel, stride, padding, output_size)
    plane = math.prod(out)
    if indices._data.size:
        low, high = int(indices._data.min()), int(indices._data.max())
        if low < 0 or high >= plane:
            bad = low if low < 0 else high
            raise ValueError(
                f"{op}: found an invalid max index {bad}: the output planes "
                f"{tuple(out)} have {plane} elements"
            )
    plan = _make_plan(n, input.shape[-n:], out)
    return MaxUnpool.apply(input, indices, plan)


def max_unpool1d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None):
    """A partial inverse of :func:`max_pool1d`: values put back where their maxima were.

    The output is zero except at ``indices``, where the input values go. Of
    repeated indices (overlapping pooling windows) the last one wins; the
    gradient flows back to every input that names an index, as in PyTorch.

    Parameters
    ----------
    input : Tensor
        The pooled values, ``(N, C, L_in)`` or ``(C, L_in)``, float32 or float64.
    indices : Tensor
        int64, the shape of ``input``: positions within each output row, as
        ``max_pool1d(..., return_indices=True)`` gives them.
    kernel_size, stride, padding : int or tuple of 1 int
        Those of the pooling; ``stride`` defaults to ``kernel_size``.
    output_size : tuple of ints, optional
        ``(L_out,)``, optionally preceded by the batch and channel sizes, to
        resolve the sizes pooling maps to the same output; it must lie strictly
        within ``stride`` of the default.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input, non-int64 indices or non-integer sizes.
    ValueError
        For a wrong input rank, indices of another shape or out of range, or an
        invalid ``output_size``.

    Shape
    -----
    - Input: ``(N, C, L_in)`` or ``(C, L_in)``
    - Output: ``(N, C, L_out)`` or ``(C, L_out)`` with
      ``L_out = (L_in - 1)*stride - 2*padding + kernel_size`` unless ``output_size``
      says otherwise.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import max_pool1d, max_unpool1d
    >>> x = minigrad.tensor([[[1., 3., 2., 5.]]])
    >>> out, idx = max_pool1d(x, 2, return_indices=True)
    >>> max_unpool1d(out, idx, 2)
    tensor([[[0., 3., 0., 5.]]])
    """
    return _max_unpool("max_unpool1d", 1, input, indices, kernel_size, stride, padding,
                       output_size)


def max_unpool2d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None):
    """A partial inverse of :func:`max_pool2d`: values put back where their maxima were.

    The output is zero except at ``indices``, where the input values go. Of
    repeated indices (overlapping pooling windows) the last one wins; the
    gradient flows back to every input that names an index, as in PyTorch.

    Parameters
    ----------
    input : Tensor
        The pooled values, ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``, float32
        or float64.
    indices : Tensor
        int64, the shape of ``input``: flat positions ``h * W_out + w`` within each
        output plane, as ``max_pool2d(..., return_indices=True)`` gives them.
    kernel_size, stride, padding : int or tuple of 2 ints
        Those of the pooling; ``stride`` defaults to ``kernel_size``.
    output_size : tuple of ints, optional
        ``(H_out, W_out)``, optionally preceded by the batch and channel sizes,
        to resolve the sizes pooling maps to the same output; each must lie
        strictly within ``stride`` of the default.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input, non-int64 indices or non-integer sizes.
    ValueError
        For a wrong input rank, indices of another shape or out of range, or an
        invalid ``output_size``.

    Shape
    -----
    - Input: ``(N, C, H_in, W_in)`` or ``(C, H_in, W_in)``
    - Output: ``(N, C, H_out, W_out)`` or ``(C, H_out, W_out)`` with, per dimension,
      ``H_out = (H_in - 1)*stride - 2*padding + kernel_size`` unless ``output_size``
      says otherwise.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import max_pool2d, max_unpool2d
    >>> x = minigrad.tensor([[[[1., 2], [4, 3]]]])
    >>> out, idx = max_pool2d(x, 2, return_indices=True)
    >>> max_unpool2d(out, idx, 2)
    tensor([[[[0., 0.],
              [4., 0.]]]])
    """
    return _max_unpool("max_unpool2d", 2, input, indices, kernel_size, stride, padding,
                       output_size)


def max_unpool3d(input: Tensor, indices: Tensor, kernel_size, stride=None, padding=0,
                 output_size=None):
    """A partial inverse of :func:`max_pool3d`: values put back where their maxima were.

    The output is zero except at ``indices``, where the input values go. Of
    repeated indices (overlapping pooling windows) the last one wins; the
    gradient flows back to every input that names an index, as in PyTorch.

    Parameters
    ----------
    input : Tensor
        The pooled values, ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``,
        float32 or float64.
    indices : Tensor
        int64, the shape of ``input``: flat positions ``(d * H_out + h) * W_out + w``
        within each output volume, as ``max_pool3d(..., return_indices=True)``
        gives them.
    kernel_size, stride, padding : int or tuple of 3 ints
        Those of the pooling; ``stride`` defaults to ``kernel_size``.
    output_size : tuple of ints, optional
        ``(D_out, H_out, W_out)``, optionally preceded by the batch and channel
        sizes; each must lie strictly within ``stride`` of the default.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        For a non-float input, non-int64 indices or non-integer sizes.
    ValueError
        For a wrong input rank, indices of another shape or out of range, or an
        invalid ``output_size``.

    Shape
    -----
    - Input: ``(N, C, D_in, H_in, W_in)`` or ``(C, D_in, H_in, W_in)``
    - Output: ``(N, C, D_out, H_out, W_out)`` or ``(C, D_out, H_out, W_out)`` with,
      per dimension, ``D_out = (D_in - 1)*stride - 2*padding + kernel_size``
      unless ``output_size`` says otherwise.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.ops.pool import max_pool3d, max_unpool3d
    >>> x = minigrad.arange(8.).reshape(1, 2, 2, 2)
    >>> out, idx = max_pool3d(x, 2, return_indices=True)
    >>> max_unpool3d(out, idx, 2).sum().item()
    7.0
    """
    return _max_unpool("max_unpool3d", 3, input, indices, kernel_size, stride, padding,
                       output_size)
