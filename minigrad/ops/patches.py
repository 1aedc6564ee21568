"""Sliding blocks and sub-pixel rearrangements: unfold, fold, pixel_shuffle, pixel_unshuffle.

The layers of the op, in the order of this module: the argument checks and
the block geometry; the Functions :class:`Unfold` (im2col) and :class:`Fold`
(col2im), each the other's gradient, forward and backward side by side; then
the public functions (also exported by ``minigrad.nn.functional``). The
kernels are ``unfold_forward`` and ``fold_forward`` of
``minigrad/_ext/patches.pyx``. ``pixel_shuffle`` and ``pixel_unshuffle`` move
no value anywhere but to another index, so they are composed of
:func:`~minigrad.reshape` and :func:`~minigrad.permute`.

Every public function follows its PyTorch namesake (names, signatures,
defaults, output shapes). Differences: ``unfold`` and ``fold`` take float32 or
float64 only (PyTorch also half precision), and bad arguments raise
``ValueError`` or ``TypeError`` where PyTorch raises ``RuntimeError``.
"""
import math
import sys
from typing import NamedTuple

import numpy as np

from minigrad._ext import patches as _kernels
from minigrad._ext._openmp import get_num_threads
from minigrad.autograd.function import Function
from minigrad.ops._args import check_int, int_tuple, is_int
from minigrad.ops.shape import permute, reshape
from minigrad.tensor import Tensor

__all__ = ["fold", "pixel_shuffle", "pixel_unshuffle", "unfold"]

_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))

# The kernels index in 64 bits; every size and parameter below 2**31 keeps
# each index expression (at most a few products of two of them) far from overflow.
_SIZE_LIMIT = 2**31


# ----------------------------------------------------------------------------- checks, geometry
class _Blocks(NamedTuple):
    """The sliding blocks of one unfold or fold, in 2-d."""

    kernel: tuple
    dilation: tuple
    padding: tuple
    stride: tuple
    size: tuple  # the image (H, W)
    blocks: tuple  # the blocks per dimension (OH, OW); L = OH * OW

    def kernel_args(self):
        """The integers the kernels take after their two arrays."""
        return (*self.kernel, *self.blocks, *self.stride, *self.padding, *self.dilation)

    def described(self):
        return (f"kernel_size={self.kernel}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


def _blocks_along(size, kernel, dilation, padding, stride):
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _geometry(op, size, kernel_size, dilation, padding, stride):
    kernel = int_tuple(op, "kernel_size", kernel_size, 2, 1)
    dilation = int_tuple(op, "dilation", dilation, 2, 1)
    padding = int_tuple(op, "padding", padding, 2, 0)
    stride = int_tuple(op, "stride", stride, 2, 1)
    if max(kernel + dilation + padding + stride + tuple(size)) >= _SIZE_LIMIT:
        raise ValueError(
            f"{op}: sizes too large: every size, kernel_size, dilation, padding and stride must "
            f"be below 2**31, got size={tuple(size)}, kernel_size={kernel}, dilation={dilation}, "
            f"padding={padding}, stride={stride}"
        )
    blocks = tuple(_blocks_along(*args) for args in zip(size, kernel, dilation, padding, stride))
    geometry = _Blocks(kernel, dilation, padding, stride, tuple(size), blocks)
    if min(blocks) < 1:
        raise ValueError(
            f"{op}: an image of spatial size {tuple(size)} with {geometry.described()} has "
            f"{blocks} sliding blocks, but needs at least one along each dimension"
        )
    return geometry


def _check_float_tensor(op, input):
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(input).__name__}")
    if input._data.dtype not in _FLOATS:
        raise TypeError(f"{op}: expected a float32 or float64 input, got dtype {input._data.dtype}")


def _check_rank(op, input, layouts):
    """``input`` has one of two ranks and no empty dimension but the batch."""
    low, high = layouts
    if input.ndim not in (len(low), len(high)) or 0 in input.shape[input.ndim - len(low):]:
        raise ValueError(
            f"{op}: expected a {len(low)}-d ({', '.join(low)}) or {len(high)}-d "
            f"({', '.join(high)}) input with non-zero sizes (only the batch N may be 0), "
            f"got shape {list(input.shape)}"
        )


def _check_numel(op, shape, dtype):
    # Non-zero sizes only: NumPy refuses such a shape even when the batch is empty.
    if math.prod(size for size in shape if size) > sys.maxsize // np.dtype(dtype).itemsize:
        raise ValueError(f"{op}: the output of shape {list(shape)} would be too large to allocate")


def _planes(array, rows, cols):
    """A C-contiguous array as ``(planes, rows, cols)``, the kernels' view; writes go through."""
    return array.reshape(-1, rows, cols)


# ----------------------------------------------------------------------------- Functions
def _unfold(x, geometry):
    """The blocks of ``x`` (``(*, C, H, W)``) as a new ``(*, C*KH*KW, L)`` array."""
    x = np.ascontiguousarray(x)
    K, L = math.prod(geometry.kernel), math.prod(geometry.blocks)
    out = np.empty(x.shape[:-3] + (x.shape[-3] * K, L), dtype=x.dtype)
    _kernels.unfold_forward(_planes(x, *geometry.size), _planes(out, K, L),
                            *geometry.kernel_args(), get_num_threads())
    return out


def _fold(blocks, geometry):
    """The blocks (``(*, C*KH*KW, L)``) summed back into a new ``(*, C, H, W)`` array."""
    blocks = np.ascontiguousarray(blocks)
    K, L = math.prod(geometry.kernel), math.prod(geometry.blocks)
    out = np.empty(blocks.shape[:-2] + (blocks.shape[-2] // K,) + geometry.size,
                   dtype=blocks.dtype)
    _kernels.fold_forward(_planes(blocks, K, L), _planes(out, *geometry.size),
                          *geometry.kernel_args(), get_num_threads())
    return out


class Unfold(Function):
    """im2col: forward copies every block out of the image, backward sums them back (fold)."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, x, geometry):
        ctx.geometry, ctx.dtype = geometry, x.dtype
        return _unfold(x, geometry)

    @staticmethod
    def backward(ctx, grad):
        return _fold(grad.astype(ctx.dtype, copy=False), ctx.geometry), None


class Fold(Function):
    """col2im: forward sums the blocks into an image, backward copies them out again (unfold)."""

    ndarray_io = True

    @staticmethod
    def forward(ctx, blocks, geometry):
        ctx.geometry, ctx.dtype = geometry, blocks.dtype
        return _fold(blocks, geometry)

    @staticmethod
    def backward(ctx, grad):
        return _unfold(grad.astype(ctx.dtype, copy=False), ctx.geometry), None


# ----------------------------------------------------------------------------- public API
def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Extract the sliding blocks of a batch of images as columns (im2col).

    Each block is the ``KH x KW`` window of every channel at one position of
    a sliding grid; the output holds one column per block position, in
    row-major order, and one row per (channel, tap) pair, ``c*KH*KW + kh*KW +
    kw``. Taps that fall in the padding are zeros. The gradient sums each
    column back onto the pixels it was read from (:func:`fold`).

    Parameters
    ----------
    input : Tensor
        Images ``(N, C, H, W)``, or one image ``(C, H, W)``; float32 or float64.
    kernel_size : int or tuple of 2 ints
        The block size ``(KH, KW)``; an int gives a square block.
    dilation : int or tuple of 2 ints, default 1
        The distance between the taps of a block along each dimension.
    padding : int or tuple of 2 ints, default 0
        The number of implicit zeros added on both sides of each spatial
        dimension before the blocks are taken.
    stride : int or tuple of 2 ints, default 1
        The step of the block grid along each dimension.

    Returns
    -------
    Tensor
        ``(N, C*KH*KW, L)``, or ``(C*KH*KW, L)`` for one image, of the input's dtype.

    Raises
    ------
    TypeError
        For a non-float input, or sizes that are not ints or pairs of ints.
    ValueError
        For another rank, an empty channel or spatial dimension, a kernel size,
        dilation or stride below 1, negative padding, or an image that has no
        block along some dimension.

    Shape
    -----
    - Input: ``(N, C, H, W)`` or ``(C, H, W)``
    - Output: ``(N, C*KH*KW, L)`` or ``(C*KH*KW, L)`` with ``L = OH*OW`` and
      ``OH = floor((H + 2*padding[0] - dilation[0]*(KH - 1) - 1) / stride[0]) + 1``
      (``OW`` alike)

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> x = minigrad.arange(9.0).reshape(1, 1, 3, 3)
    >>> F.unfold(x, kernel_size=2)
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    >>> F.unfold(x, 3, padding=1, stride=2).shape
    minigrad.Size([1, 9, 4])
    """
    op = "unfold"
    _check_float_tensor(op, input)
    _check_rank(op, input, (("C", "H", "W"), ("N", "C", "H", "W")))
    geometry = _geometry(op, input.shape[-2:], kernel_size, dilation, padding, stride)
    _check_numel(op, input.shape[:-2] + (math.prod(geometry.kernel),
                                         math.prod(geometry.blocks)), input._data.dtype)
    return Unfold.apply(input, geometry)


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Sum columns of sliding blocks back into a batch of images (col2im).

    The adjoint of :func:`unfold` with the same arguments: every entry of
    every column is added to the pixel it would have been read from, and
    entries that fall in the padding are dropped. Where blocks overlap the
    pixel receives the sum, so ``fold(unfold(x))`` is ``x`` times the number
    of blocks covering each pixel.

    Parameters
    ----------
    input : Tensor
        Columns ``(N, C*KH*KW, L)``, or ``(C*KH*KW, L)`` for one image; float32
        or float64. ``L`` must be the number of blocks that ``output_size``
        and the other arguments give.
    output_size : int or tuple of 2 ints
        The spatial size ``(H, W)`` of the images to build.
    kernel_size : int or tuple of 2 ints
        The block size ``(KH, KW)``; an int gives a square block.
    dilation : int or tuple of 2 ints, default 1
        The distance between the taps of a block along each dimension.
    padding : int or tuple of 2 ints, default 0
        The implicit zero padding on both sides of each spatial dimension;
        entries that land there are dropped.
    stride : int or tuple of 2 ints, default 1
        The step of the block grid along each dimension.

    Returns
    -------
    Tensor
        ``(N, C, H, W)``, or ``(C, H, W)`` for unbatched columns, of the input's dtype.

    Raises
    ------
    TypeError
        For a non-float input, or sizes that are not ints or pairs of ints.
    ValueError
        For another rank or an empty non-batch dimension, a second-to-last
        size not divisible by ``KH*KW``, an ``L`` other than the number of
        blocks, or any argument :func:`unfold` rejects.

    Shape
    -----
    - Input: ``(N, C*KH*KW, L)`` or ``(C*KH*KW, L)``
    - Output: ``(N, C, H, W)`` or ``(C, H, W)``, ``(H, W) = output_size``

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> ones = minigrad.ones(1, 4, 4)
    >>> F.fold(ones, output_size=3, kernel_size=2)   # how many blocks cover each pixel
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    op = "fold"
    _check_float_tensor(op, input)
    _check_rank(op, input, (("C*prod(kernel_size)", "L"), ("N", "C*prod(kernel_size)", "L")))
    size = int_tuple(op, "output_size", output_size, 2, 1)
    geometry = _geometry(op, size, kernel_size, dilation, padding, stride)
    taps, blocks = math.prod(geometry.kernel), math.prod(geometry.blocks)
    rows, length = input.shape[-2:]
    if rows % taps:
        raise ValueError(
            f"fold: expected input.shape[-2] to be divisible by the product of kernel_size "
            f"{geometry.kernel}, {taps}, got input of shape {list(input.shape)}"
        )
    if length != blocks:
        raise ValueError(
            f"fold: output_size={size} with {geometry.described()} gives "
            f"{' * '.join(map(str, geometry.blocks))} = {blocks} sliding blocks, but "
            f"input.shape[-1] is {length} (input of shape {list(input.shape)})"
        )
    _check_numel(op, input.shape[:-2] + (rows // taps,) + size, input._data.dtype)
    return Fold.apply(input, geometry)


def _check_factor(op, name, factor, input):
    if not is_int(factor):  # named by its type: a tensor's repr can itself fail
        raise TypeError(f"{op}: {name} must be an int, got {type(factor).__name__}")
    factor = check_int(op, name, factor, 1)
    if not isinstance(input, Tensor):
        raise TypeError(f"{op}: expected input to be a Tensor, got {type(input).__name__}")
    if input.ndim < 3:
        raise ValueError(f"{op}: expected an input of at least 3 dimensions (*, C, H, W), "
                         f"got shape {list(input.shape)}")
    return factor


def _check_cells(op, name, r, input, cells):
    """NumPy refuses a shape whose non-zero sizes multiply past its limit, even with no element."""
    limit = sys.maxsize // input._data.dtype.itemsize
    if math.prod(size for size in cells if size) > limit:
        raise ValueError(f"{op}: {name}={r} is too large for an input of shape "
                         f"{list(input.shape)}")


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """Trade channels for resolution: ``(*, C*r*r, H, W)`` to ``(*, C, H*r, W*r)``.

    Each group of ``r*r`` consecutive channels becomes the ``r x r`` cells
    of one output channel, the sub-pixel convolution of Shi et al. (2016):
    ``out[..., c, h*r + i, w*r + j] = input[..., c*r*r + i*r + j, h, w]``.
    The inverse is :func:`pixel_unshuffle`. Any dtype; the gradient is
    the inverse rearrangement.

    Parameters
    ----------
    input : Tensor
        At least 3-d, ``(*, C*r*r, H, W)``, with any number of leading batch
        dimensions.
    upscale_factor : int
        ``r``, positive: the factor by which height and width grow.

    Returns
    -------
    Tensor
        ``(*, C, H*r, W*r)``, of the input's dtype.

    Raises
    ------
    TypeError
        If ``upscale_factor`` is not an int.
    ValueError
        For a factor below 1, an input of fewer than 3 dimensions, or a
        channel count not divisible by ``r*r``.

    Shape
    -----
    - Input: ``(*, C*r*r, H, W)``
    - Output: ``(*, C, H*r, W*r)``

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> x = minigrad.arange(4.0).reshape(1, 4, 1, 1)
    >>> F.pixel_shuffle(x, 2)
    tensor([[[[0., 1.],
              [2., 3.]]]])
    """
    op = "pixel_shuffle"
    r = _check_factor(op, "upscale_factor", upscale_factor, input)
    *lead, channels, h, w = input.shape
    if channels % (r * r):
        raise ValueError(
            f"{op}: expected the channel dimension (input.shape[-3] = {channels}) to be "
            f"divisible by upscale_factor**2 = {r * r}, got input of shape {list(input.shape)}"
        )
    n = len(lead)
    c = channels // (r * r)
    _check_cells(op, "upscale_factor", r, input, (*lead, c, r, r, h, w))
    cells = reshape(input, (*lead, c, r, r, h, w))
    # (*, c, i, j, h, w) -> (*, c, h, i, w, j)
    moved = permute(cells, (*range(n), n, n + 3, n + 1, n + 4, n + 2))
    return reshape(moved, (*lead, c, h * r, w * r))


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """Trade resolution for channels: ``(*, C, H*r, W*r)`` to ``(*, C*r*r, H, W)``.

    The inverse of :func:`pixel_shuffle`: the ``r x r`` cells of each
    channel become ``r*r`` consecutive channels,
    ``out[..., c*r*r + i*r + j, h, w] = input[..., c, h*r + i, w*r + j]``.
    Any dtype; the gradient is the inverse rearrangement.

    Parameters
    ----------
    input : Tensor
        At least 3-d, ``(*, C, H*r, W*r)``, with any number of leading batch
        dimensions.
    downscale_factor : int
        ``r``, positive: the factor by which height and width shrink.

    Returns
    -------
    Tensor
        ``(*, C*r*r, H, W)``, of the input's dtype.

    Raises
    ------
    TypeError
        If ``downscale_factor`` is not an int.
    ValueError
        For a factor below 1, an input of fewer than 3 dimensions, or a
        height or width not divisible by ``r``.

    Shape
    -----
    - Input: ``(*, C, H*r, W*r)``
    - Output: ``(*, C*r*r, H, W)``

    Examples
    --------
    >>> import minigrad
    >>> import minigrad.nn.functional as F
    >>> x = minigrad.arange(4.0).reshape(1, 1, 2, 2)
    >>> F.pixel_unshuffle(x, 2).flatten()
    tensor([0., 1., 2., 3.])
    >>> F.pixel_unshuffle(x, 2).shape
    minigrad.Size([1, 4, 1, 1])
    """
    op = "pixel_unshuffle"
    r = _check_factor(op, "downscale_factor", downscale_factor, input)
    *lead, c, height, width = input.shape
    for name, size in (("height", height), ("width", width)):
        if size % r:
            raise ValueError(
                f"{op}: expected the {name} ({size}) to be divisible by downscale_factor = {r}, "
                f"got input of shape {list(input.shape)}"
            )
    n = len(lead)
    h, w = height // r, width // r
    _check_cells(op, "downscale_factor", r, input, (*lead, c * r * r, h, r, w, r))
    cells = reshape(input, (*lead, c, h, r, w, r))
    # (*, c, h, i, w, j) -> (*, c, i, j, h, w)
    moved = permute(cells, (*range(n), n, n + 2, n + 4, n + 1, n + 3))
    return reshape(moved, (*lead, c * r * r, h, w))
