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


def antialias_matrix(cubic, size_in, size_out, scale=None, align_corners=False):
    """``antialias=True``: the filter stretched by the downsampling factor, cut at the
    borders and renormalized (triangle, or Keys' cubic with a = -0.5)."""
    if size_in == size_out:
        return np.eye(size_in)
    if align_corners:
        step = (size_in - 1) / (size_out - 1) if size_out > 1 else 0.0
    else:
        step = 1 / scale if scale is not None else size_in / size_out
    stretch = max(step, 1.0)
    reach = (2.0 if cubic else 1.0) * stretch
    m = np.zeros((size_out, size_in))
    for o in range(size_out):
        centre = step * (o + 0.5)
        for i in range(max(int(centre - reach + 0.5), 0), min(int(centre + reach + 0.5), size_in)):
            d = abs(i + 0.5 - centre) / stretch
            if cubic:
                a = -0.5
                w = (((a + 2) * d - (a + 3)) * d * d + 1 if d < 1 else
                     a * d ** 3 - 5 * a * d ** 2 + 8 * a * d - 4 * a if d < 2 else 0.0)
            else:
                w = max(0.0, 1 - d)
            m[o, i] = w
        m[o] /= m[o].sum() or 1.0
    return m


def apply(x, matrices):
    """``x`` (N, C, *spatial) with ``matrices[k]`` applied along spatial axis ``k``."""
    for axis, m in enumerate(matrices, start=2):
        x = np.moveaxis(np.tensordot(m, x, axes=(1, axis)), 0, axis)
    return x


def _matrices(mode, in_spatial, out, scales, align_corners, antialias):
    scales = scales or (None,) * len(out)
    if antialias:
        return [antialias_matrix(mode == "bicubic", i, o, s, align_corners)
                for i, o, s in zip(in_spatial, out, scales)]
    kind = {"bilinear": "linear", "trilinear": "linear", "bicubic": "cubic"}.get(mode, mode)
    return [matrix(kind, i, o, s, align_corners) for i, o, s in zip(in_spatial, out, scales)]


def interpolate(x, out, mode, scales=None, align_corners=False, antialias=False):
    """The reference resampling of ``x`` to spatial size ``out``; ``scales`` per axis or None."""
    return apply(x, _matrices(mode, x.shape[2:], out, scales, align_corners, antialias))


def interpolate_backward(grad, in_spatial, mode, scales=None, align_corners=False,
                         antialias=False):
    """The input gradient: the transposed matrices applied to ``grad``."""
    return apply(grad, [m.T for m in _matrices(mode, in_spatial, grad.shape[2:], scales,
                                                align_corners, antialias)])
