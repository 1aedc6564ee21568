"""Plain NumPy references for pooling, written from the definitions.

Every function takes a float64 array ``(..., *spatial)`` whose last ``n``
axes are pooled (``n`` is the length of the size tuples) and walks the output
positions one by one, listing each window's taps explicitly. Slow and
obvious on purpose: they share no code with ``minigrad.ops.pool``.
"""
import itertools
import math

import numpy as np


def pool_out_len(size, kernel, stride, padding, dilation=1, ceil_mode=False):
    """PyTorch's output length: floor (or ceil) of the span over the stride, plus one.

    With ``ceil_mode`` a last window that would start in the right padding is dropped.
    """
    span = size + 2 * padding - dilation * (kernel - 1) - 1
    count = (math.ceil(span / stride) if ceil_mode else math.floor(span / stride)) + 1
    if ceil_mode and (count - 1) * stride >= size + padding:
        count -= 1
    return count


def _windows(spatial, out_spatial, start_of, taps_of):
    """For every output position, the in-bounds input coordinates of its window (row-major)."""
    for pos in itertools.product(*(range(o) for o in out_spatial)):
        per_dim = []
        for d, o in enumerate(pos):
            per_dim.append([t for t in taps_of(d, start_of(d, o)) if 0 <= t < spatial[d]])
        yield pos, list(itertools.product(*per_dim))


def _flat(coord, spatial):
    return int(np.ravel_multi_index(coord, spatial))


def max_pool(x, kernel, stride, padding, dilation, ceil_mode=False):
    """Values and flat in-plane indices of the window maxima.

    The first maximum in row-major tap order wins; if a window holds NaN the
    last NaN wins. A window with no in-bounds tap gives ``-inf`` and -1.
    """
    n = len(kernel)
    spatial = x.shape[-n:]
    lead = x.shape[:-n]
    out_spatial = [pool_out_len(*a, ceil_mode) for a in zip(spatial, kernel, stride, padding, dilation)]
    out = np.full(lead + tuple(out_spatial), -np.inf)
    idx = np.full(out.shape, -1, dtype=np.int64)

    def start_of(d, o):
        return o * stride[d] - padding[d]

    def taps_of(d, start):
        return [start + j * dilation[d] for j in range(kernel[d])]

    for pos, coords in _windows(spatial, out_spatial, start_of, taps_of):
        for lead_pos in np.ndindex(*lead):
            best, best_at = -np.inf, -1
            for c in coords:
                v = x[lead_pos + c]
                if best_at == -1:
                    best_at = _flat(c, spatial)
                if np.isnan(v) or v > best:
                    best, best_at = v, _flat(c, spatial)
            out[lead_pos + pos] = best
            idx[lead_pos + pos] = best_at
    return out, idx


def avg_pool(x, kernel, stride, padding, ceil_mode=False, count_include_pad=True,
             divisor_override=None):
    """Window sums over the divisor PyTorch uses.

    With ``count_include_pad`` the divisor is the window's extent clipped to the
    padded input ``[-padding, size + padding)``; without it, the number of
    in-bounds taps; ``divisor_override`` replaces both.
    """
    n = len(kernel)
    spatial = x.shape[-n:]
    lead = x.shape[:-n]
    out_spatial = [pool_out_len(s, k, st, p, 1, ceil_mode)
                   for s, k, st, p in zip(spatial, kernel, stride, padding)]
    out = np.zeros(lead + tuple(out_spatial))

    def start_of(d, o):
        return o * stride[d] - padding[d]

    def taps_of(d, start):
        return range(start, start + kernel[d])

    for pos, coords in _windows(spatial, out_spatial, start_of, taps_of):
        if divisor_override is not None:
            divisor = divisor_override
        elif count_include_pad:
            divisor = 1
            for d, o in enumerate(pos):
                start = start_of(d, o)
                divisor *= min(start + kernel[d], spatial[d] + padding[d]) - start
        else:
            divisor = len(coords)
        for lead_pos in np.ndindex(*lead):
            total = sum((x[lead_pos + c] for c in coords), 0.0)
            out[lead_pos + pos] = total / divisor
    return out


def adaptive_bins(size, count):
    """Bin ``o`` of ``count`` over ``size``: ``[floor(o*size/count), ceil((o+1)*size/count))``."""
    return [(math.floor(o * size / count), math.ceil((o + 1) * size / count)) for o in range(count)]


def _adaptive(x, out_spatial, reduce):
    n = len(out_spatial)
    spatial = x.shape[-n:]
    lead = x.shape[:-n]
    bins = [adaptive_bins(s, o) for s, o in zip(spatial, out_spatial)]
    out = np.zeros(lead + tuple(out_spatial))
    idx = np.zeros(out.shape, dtype=np.int64)
    for pos in itertools.product(*(range(o) for o in out_spatial)):
        ranges = [range(*bins[d][o]) for d, o in enumerate(pos)]
        coords = list(itertools.product(*ranges))
        for lead_pos in np.ndindex(*lead):
            values = np.array([x[lead_pos + c] for c in coords])
            value, at = reduce(values)
            out[lead_pos + pos] = value
            idx[lead_pos + pos] = _flat(coords[at], spatial)
    return out, idx


def adaptive_avg_pool(x, out_spatial):
    return _adaptive(x, out_spatial, lambda v: (v.mean(), 0))[0]


def adaptive_max_pool(x, out_spatial):
    """Bin maxima (first maximum wins) and their flat in-plane indices."""
    return _adaptive(x, out_spatial, lambda v: (v.max(), int(np.argmax(v))))


def max_unpool(x, indices, out_spatial):
    """Zeros of ``(..., *out_spatial)`` with ``x`` written at the flat in-plane ``indices``."""
    n = len(out_spatial)
    lead = x.shape[: x.ndim - n]
    out = np.zeros(lead + (int(np.prod(out_spatial)),))
    flat_x = x.reshape(lead + (-1,))
    flat_i = indices.reshape(lead + (-1,))
    for lead_pos in np.ndindex(*lead):
        for k in range(flat_x.shape[-1]):
            out[lead_pos + (flat_i[lead_pos + (k,)],)] = flat_x[lead_pos + (k,)]
    return out.reshape(lead + tuple(out_spatial))


def lp_pool(x, norm_type, kernel, stride, ceil_mode=False):
    """``(sum of x**p over each window) ** (1/p)``, without padding."""
    n = len(kernel)
    sums = avg_pool(x ** norm_type, kernel, stride, (0,) * n, ceil_mode, True, 1)
    return sums ** (1.0 / norm_type)
