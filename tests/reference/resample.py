"""NumPy reference for ``interpolate``: a dense 1-d interpolation matrix per axis.

Each matrix is written from the formulas, one output at a time, with exact
rational source positions (``fractions.Fraction``); the resampled array is
the matrices applied along the spatial axes in turn. Independent of
``minigrad/ops/resample.py`` (no shared helper, no minigrad call). Exact
positions differ from PyTorch's float32 nearest-neighbour steps at a few
sizes (``size_in=2, size_out=82``, say): the tests that use this reference
stay off those sizes, and test the float32 rule on its own.
"""
import math
from fractions import Fraction

import numpy as np

A = -0.75


def _step(size_in, size_out, scale):
    return 1 / Fraction(scale) if scale is not None else Fraction(size_in, size_out)


def _keys(d):
    d = abs(d)
    if d <= 1:
        return (A + 2) * d ** 3 - (A + 3) * d ** 2 + 1
    if d < 2:
        return A * d ** 3 - 5 * A * d ** 2 + 8 * A * d - 4 * A
    return 0.0


def matrix(mode, size_in, size_out, scale=None, align_corners=False):
    """The ``(size_out, size_in)`` matrix of one axis: ``out = M @ in``."""
    m = np.zeros((size_out, size_in))
    last = size_in - 1
    for o in range(size_out):
        if mode == "nearest":
            m[o, min(math.floor(o * _step(size_in, size_out, scale)), last)] = 1
            continue
        if mode == "nearest-exact":
            m[o, min(math.floor((o + Fraction(1, 2)) * _step(size_in, size_out, scale)), last)] = 1
            continue
        if mode == "linear" and size_in == size_out:  # PyTorch copies, whatever the scale
            m[o, o] = 1
            continue
        if align_corners:
            x = Fraction(o * last, size_out - 1) if size_out > 1 else Fraction(0)
        else:
            x = (o + Fraction(1, 2)) * _step(size_in, size_out, scale) - Fraction(1, 2)
        if mode == "linear":
            x = max(x, Fraction(0))
            i = min(math.floor(x), last)
            t = float(min(max(x - i, 0), 1))
            m[o, i] += 1 - t
            m[o, min(i + 1, last)] += t
        else:  # cubic
            i = min(math.floor(x), last)
            t = float(min(max(x - i, 0), 1))
            for k in range(-1, 3):
                m[o, min(max(i + k, 0), last)] += _keys(t - k)
    return m


def apply(x, matrices):
    """``x`` (N, C, *spatial) with ``matrices[k]`` applied along spatial axis ``k``."""
    for axis, m in enumerate(matrices, start=2):
        x = np.moveaxis(np.tensordot(m, x, axes=(1, axis)), 0, axis)
    return x


def interpolate(x, out, mode, scales=None, align_corners=False):
    """The reference resampling of ``x`` to spatial size ``out``; ``scales`` per axis or None."""
    scales = scales or (None,) * len(out)
    kind = {"bilinear": "linear", "trilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    return apply(x, [matrix(kind, i, o, s, align_corners)
                     for i, o, s in zip(x.shape[2:], out, scales)])


def interpolate_backward(grad, in_spatial, mode, scales=None, align_corners=False):
    """The input gradient: the transposed matrices applied to ``grad``."""
    scales = scales or (None,) * len(in_spatial)
    kind = {"bilinear": "linear", "trilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    return apply(grad, [matrix(kind, i, o, s, align_corners).T
                        for i, o, s in zip(in_spatial, grad.shape[2:], scales)])
