"""Plain NumPy references for unfold, fold and pixel (un)shuffle, written from the definitions.

Each walks every block position and tap (or every output element) one by
one: slow and obvious on purpose, sharing no code with ``minigrad.ops.patches``.
Inputs are float64 arrays with any leading dimensions before the channel.
"""
import itertools

import numpy as np


def blocks_along(size, kernel, dilation, padding, stride):
    """The number of block positions along one dimension."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _block_positions(size, kernel, dilation, padding, stride):
    """For every (block row, block column, tap row, tap column): the input pixel it reads."""
    oh_count, ow_count = (blocks_along(*a) for a in zip(size, kernel, dilation, padding, stride))
    for oh, ow, kh, kw in itertools.product(range(oh_count), range(ow_count),
                                            range(kernel[0]), range(kernel[1])):
        ih = oh * stride[0] - padding[0] + kh * dilation[0]
        iw = ow * stride[1] - padding[1] + kw * dilation[1]
        yield oh * ow_count + ow, kh * kernel[1] + kw, ih, iw


def im2col(x, kernel, dilation, padding, stride):
    """``(..., C, H, W)`` to ``(..., C*KH*KW, L)``: column l, row c*KH*KW + tap."""
    *lead, channels, height, width = x.shape
    taps = kernel[0] * kernel[1]
    length = (blocks_along(height, kernel[0], dilation[0], padding[0], stride[0])
              * blocks_along(width, kernel[1], dilation[1], padding[1], stride[1]))
    out = np.zeros((*lead, channels * taps, length))
    for block, tap, ih, iw in _block_positions((height, width), kernel, dilation, padding, stride):
        if 0 <= ih < height and 0 <= iw < width:
            for c in range(channels):
                out[..., c * taps + tap, block] = x[..., c, ih, iw]
    return out


def col2im(cols, size, kernel, dilation, padding, stride):
    """``(..., C*KH*KW, L)`` to ``(..., C, H, W)``: every entry added to the pixel it came from."""
    *lead, rows, _ = cols.shape
    taps = kernel[0] * kernel[1]
    channels = rows // taps
    out = np.zeros((*lead, channels, *size))
    for block, tap, ih, iw in _block_positions(size, kernel, dilation, padding, stride):
        if 0 <= ih < size[0] and 0 <= iw < size[1]:
            for c in range(channels):
                out[..., c, ih, iw] += cols[..., c * taps + tap, block]
    return out


def pixel_shuffle(x, r):
    """``out[..., c, h*r + i, w*r + j] = x[..., c*r*r + i*r + j, h, w]``."""
    *lead, channels, height, width = x.shape
    out = np.empty((*lead, channels // (r * r), height * r, width * r), dtype=x.dtype)
    for c, h, i, w, j in itertools.product(range(channels // (r * r)), range(height), range(r),
                                           range(width), range(r)):
        out[..., c, h * r + i, w * r + j] = x[..., c * r * r + i * r + j, h, w]
    return out


def pixel_unshuffle(x, r):
    """``out[..., c*r*r + i*r + j, h, w] = x[..., c, h*r + i, w*r + j]``."""
    *lead, channels, height, width = x.shape
    out = np.empty((*lead, channels * r * r, height // r, width // r), dtype=x.dtype)
    for c, h, i, w, j in itertools.product(range(channels), range(height // r), range(r),
                                           range(width // r), range(r)):
        out[..., c * r * r + i * r + j, h, w] = x[..., c, h * r + i, w * r + j]
    return out
