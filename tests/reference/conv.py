"""Plain NumPy convolutions, written from the definitions, for checking the kernels.

Slow on purpose: Python loops over output positions and kernel taps, one
small matrix product per (position, tap, group). Inputs are batched
``(N, C, *spatial)`` arrays; every spatial parameter is a tuple.
"""
import itertools

import numpy as np


def conv_nd(x, w, b, stride, padding, dilation, groups):
    """``out[n, o, p] = b[o] + sum_{c, t} w[o, c, t] * xpad[n, g*Cg + c, p*stride + t*dilation]``.

    ``padding`` holds one ``(before, after)`` pair per spatial dimension.
    """
    nd = w.ndim - 2
    xp = np.pad(x, [(0, 0), (0, 0)] + [tuple(p) for p in padding])
    kernel = w.shape[2:]
    out_size = [(xp.shape[2 + i] - dilation[i] * (kernel[i] - 1) - 1) // stride[i] + 1
                for i in range(nd)]
    out_channels, cg = w.shape[0], w.shape[1]
    og = out_channels // groups
    out = np.zeros((x.shape[0], out_channels, *out_size), np.float64)
    for pos in itertools.product(*map(range, out_size)):
        for tap in itertools.product(*map(range, kernel)):
            where = tuple(pos[i] * stride[i] + tap[i] * dilation[i] for i in range(nd))
            patch = xp[(slice(None), slice(None)) + where].astype(np.float64)
            for g in range(groups):
                out[(slice(None), slice(g * og, (g + 1) * og)) + pos] += (
                    patch[:, g * cg:(g + 1) * cg] @ w[(slice(g * og, (g + 1) * og), slice(None))
                                                      + tap].T
                )
    if b is not None:
        out += b.reshape((1, -1) + (1,) * nd)
    return out.astype(x.dtype)


def conv_transpose_nd(x, w, b, stride, padding, output_padding, groups, dilation):
    """Scatter every input value times the kernel onto the output, then crop the padding.

    ``full[n, g*Og + o, p*stride + t*dilation] += x[n, g*Cg + c, p] * w[g*Cg + c, o, t]``;
    the result drops ``padding`` elements at the start of every dimension and keeps
    ``(in - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1`` of them.
    """
    nd = w.ndim - 2
    size = x.shape[2:]
    kernel = w.shape[2:]
    cg, og = w.shape[0] // groups, w.shape[1]
    full_size = [(size[i] - 1) * stride[i] + dilation[i] * (kernel[i] - 1) + 1 + output_padding[i]
                 for i in range(nd)]
    full = np.zeros((x.shape[0], og * groups, *full_size), np.float64)
    for pos in itertools.product(*map(range, size)):
        value = x[(slice(None), slice(None)) + pos].astype(np.float64)
        for tap in itertools.product(*map(range, kernel)):
            where = tuple(pos[i] * stride[i] + tap[i] * dilation[i] for i in range(nd))
            for g in range(groups):
                full[(slice(None), slice(g * og, (g + 1) * og)) + where] += (
                    value[:, g * cg:(g + 1) * cg] @ w[(slice(g * cg, (g + 1) * cg), slice(None))
                                                      + tap]
                )
    out_size = [full_size[i] - 2 * padding[i] for i in range(nd)]
    out = full[(slice(None), slice(None)) + tuple(slice(padding[i], padding[i] + out_size[i])
                                                  for i in range(nd))]
    if b is not None:
        out = out + b.reshape((1, -1) + (1,) * nd)
    return out.astype(x.dtype)


def same_padding(kernel, dilation):
    """PyTorch's ``padding='same'``: ``d*(k-1)`` in total, the odd element after."""
    return [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel, dilation)]


def conv_nd_sparse(x, w, b, stride, padding, dilation, groups, out_size):
    """:func:`conv_nd` without building the padded input, for paddings of 2**30.

    Visits every output position and kernel tap and reads the taps that land
    in the input: ``out[n, o, p] = b[o] + sum_{c, t} w[o, c, t] * x[n, g*Cg + c,
    p*stride + t*dilation - padding]`` over the in-bounds positions only.
    ``padding`` holds the padding before each dimension; ``out_size`` is the
    output's spatial size.
    """
    nd = w.ndim - 2
    out_channels, cg = w.shape[0], w.shape[1]
    og = out_channels // groups
    out = np.zeros((x.shape[0], out_channels, *out_size), np.float64)
    for pos in itertools.product(*map(range, out_size)):
        for tap in itertools.product(*map(range, w.shape[2:])):
            where = tuple(pos[i] * stride[i] + tap[i] * dilation[i] - padding[i]
                          for i in range(nd))
            if not all(0 <= where[i] < x.shape[2 + i] for i in range(nd)):
                continue
            patch = x[(slice(None), slice(None)) + where].astype(np.float64)
            for g in range(groups):
                out[(slice(None), slice(g * og, (g + 1) * og)) + pos] += (
                    patch[:, g * cg:(g + 1) * cg] @ w[(slice(g * og, (g + 1) * og), slice(None))
                                                      + tap].T
                )
    if b is not None:
        out += b.reshape((1, -1) + (1,) * nd)
    return out.astype(x.dtype)


def conv_transpose_nd_sparse(x, w, b, stride, padding, dilation, groups, out_size):
    """:func:`conv_transpose_nd` without building the full output, for paddings of 2**30.

    ``out[n, g*Og + o, p*stride + t*dilation - padding] += x[n, g*Cg + c, p] *
    w[g*Cg + c, o, t]`` for the targets inside ``out_size`` (which includes
    any output_padding).
    """
    nd = w.ndim - 2
    cg, og = w.shape[0] // groups, w.shape[1]
    out = np.zeros((x.shape[0], og * groups, *out_size), np.float64)
    for pos in itertools.product(*map(range, x.shape[2:])):
        value = x[(slice(None), slice(None)) + pos].astype(np.float64)
        for tap in itertools.product(*map(range, w.shape[2:])):
            where = tuple(pos[i] * stride[i] + tap[i] * dilation[i] - padding[i]
                          for i in range(nd))
            if not all(0 <= where[i] < out_size[i] for i in range(nd)):
                continue
            for g in range(groups):
                out[(slice(None), slice(g * og, (g + 1) * og)) + where] += (
                    value[:, g * cg:(g + 1) * cg] @ w[(slice(g * cg, (g + 1) * cg), slice(None))
                                                      + tap]
                )
    if b is not None:
        out += b.reshape((1, -1) + (1,) * nd)
    return out.astype(x.dtype)
