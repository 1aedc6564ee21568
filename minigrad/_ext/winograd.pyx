"""The tile transforms of Winograd's minimal filtering F(2x2, 3x3), for 3x3 convolutions.

What it computes
    A 3x3 convolution of unit stride makes each 2x2 block of output from a
    4x4 tile of input (tiles overlap by two rows and columns). Winograd's
    F(2x2, 3x3) writes that block as ``Y = A^T [U (.) V] A``, with
    ``V = B^T d B`` the transformed input tile, ``U = G g G^T`` the
    transformed kernel and ``(.)`` the elementwise product. Summed over the
    input channels, the 16 elementwise products become 16 independent GEMMs
    ``M[xi] = U[xi] @ V[xi]`` ((O, C) by (C, tiles)), one per element ``xi``
    of the 4x4 tile: 16 multiplications per 4 outputs where the direct sum
    takes 36. The transforms add and subtract only (``G``'s halves are exact).

    The weight gradient is the same algebra run backward:
    ``dW = G^T [sum over tiles of (A dY A^T) (.) V] G``, again 16 GEMMs
    (``(O, tiles)`` by ``(tiles, C)``) between two transforms.

    The matrices (Lavin and Gray, "Fast Algorithms for Convolutional Neural
    Networks", 2016), with interpolation points 0, 1 and -1::

        B^T = [1  0 -1  0]    G = [ 1    0    0 ]    A^T = [1  1  1  0]
              [0  1  1  0]        [1/2  1/2  1/2]          [0  1 -1 -1]
              [0 -1  1  0]        [1/2 -1/2  1/2]
              [0  1  0 -1]        [ 0    0    1 ]

Layout
    The kernels here are the three tile transforms that touch the
    activations: the input (``input_tiles``), the output (``output_tiles``)
    and the output gradient (``grad_output_tiles``). Transformed tiles are a
    C-contiguous ``(16, channels, N, T)`` array: for each ``xi`` a
    ``(channels, N*T)`` GEMM operand, ``T = TH*TW`` tiles per sample in
    row-major order. The kernel's transforms are small and run as GEMMs in
    ``minigrad/ops/winograd.py``.

Geometry
    Tile ``(th, tw)`` reads input rows ``2*th - ph`` to ``2*th - ph + 3`` and
    the same columns from ``2*tw - pw``; rows and columns outside the input
    read zero. It writes output rows ``2*th`` and ``2*th + 1`` where they
    exist (an odd output size leaves half of the last tiles unused).

Dtypes
    float32 or float64 (the fused type ``real``), one for all arrays.

Parallelism and determinism
    Every kernel runs ``prange`` over (channel, sample) planes, each writing
    only its own tiles or its own output plane. Every value is the same fixed
    sequence of additions at any thread count.

Safety
    The Python caller checks the shapes; these kernels trust them.
"""
import numpy as np

from cython.parallel cimport prange, threadid

from minigrad._ext._types cimport real

# Below this many elements touched a parallel region costs more than it saves.
cdef enum:
    _PARALLEL_MIN = 32768


cdef int _threads(Py_ssize_t elements, int n_threads) noexcept:
    # The threads for a kernel that touches ``elements`` elements.
    return 1 if elements < _PARALLEL_MIN else n_threads


def _scratch(like, Py_ssize_t threads, Py_ssize_t size):
    # A row of ``size`` elements for each thread (prange's threadid() picks it).
    return np.empty((max(threads, 1), size), np.asarray(like).dtype)


cdef inline void _input_plane(const real* plane, real* v, Py_ssize_t xi_stride,
                              Py_ssize_t H, Py_ssize_t W, Py_ssize_t ph, Py_ssize_t pw,
                              Py_ssize_t TH, Py_ssize_t TW, real* rows) noexcept nogil:
    # V = B^T d B for every tile of one plane; v[xi * xi_stride + t]. A row of
    # tiles at a time: its four input rows, zero-padded to the tiles' width
    # (``rows``, 8 rows of width 2*TW + 2, is scratch), are combined into
    # t = B^T d whole rows at once, then the columns of t into V, so that the
    # loops run along rows of tiles and vectorize.
    cdef Py_ssize_t width = 2 * TW + 2
    cdef Py_ssize_t lo = min(pw, width), hi = min(width, max(lo, W + pw))
    cdef Py_ssize_t th, tw, r, j, ih, tile
    cdef real* d
    cdef real* t
    cdef real* out
    cdef const real* src
    for th in range(TH):
        for r in range(4):
            d = rows + r * width
            ih = 2 * th - ph + r
            if ih < 0 or ih >= H:
                for j in range(width):
                    d[j] = 0
                continue
            # Column j of the tiles is input column j - pw.
            src = plane + ih * W
            for j in range(lo):
                d[j] = 0
            for j in range(lo, hi):
                d[j] = src[j - pw]
            for j in range(hi, width):
                d[j] = 0
        t = rows + 4 * width
        for j in range(width):
            t[j] = rows[j] - rows[2 * width + j]
            t[width + j] = rows[width + j] + rows[2 * width + j]
            t[2 * width + j] = rows[2 * width + j] - rows[width + j]
            t[3 * width + j] = rows[width + j] - rows[3 * width + j]
        tile = th * TW
        for r in range(4):
            d = t + r * width
            out = v + 4 * r * xi_stride + tile
            for tw in range(TW):
                out[tw] = d[2 * tw] - d[2 * tw + 2]
            out = out + xi_stride
            for tw in range(TW):
                out[tw] = d[2 * tw + 1] + d[2 * tw + 2]
            out = out + xi_stride
            for tw in range(TW):
                out[tw] = d[2 * tw + 2] - d[2 * tw + 1]
            out = out + xi_stride
            for tw in range(TW):
                out[tw] = d[2 * tw + 1] - d[2 * tw + 3]


def input_tiles(const real[:, :, :, ::1] x,  # IN (N, C, H, W)
                real[:, :, :, ::1] tiles,  # OUT (16, C, N, TH*TW)
                Py_ssize_t ph, Py_ssize_t pw, Py_ssize_t TW, int n_threads):
    """``tiles[xi, c, n, t]``: element ``xi`` of ``B^T d B`` for tile ``t`` of plane ``(n, c)``."""
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3]
    cdef Py_ssize_t T = tiles.shape[3]
    cdef Py_ssize_t TH = T // TW if TW > 0 else 0
    cdef Py_ssize_t xi_stride = C * N * T
    cdef Py_ssize_t i, n, c
    if N * C * T == 0:
        return
    n_threads = _threads(16 * N * C * T, n_threads)
    cdef real[:, ::1] scratch = _scratch(x, n_threads, 8 * (2 * TW + 2))
    for i in prange(C * N, nogil=True, schedule="static", num_threads=n_threads):
        c = i // N
        n = i % N
        _input_plane(&x[n, c, 0, 0], &tiles[0, c, n, 0], xi_stride, H, W, ph, pw, TH, TW,
                     &scratch[threadid(), 0])


cdef inline void _output_row(const real* s0, const real* s1, const real* s2, const real* s3,
                             real* row, real bias, Py_ssize_t OW, Py_ssize_t TW) noexcept nogil:
    # One output row from the four columns of A^T M of a row of tiles: Y = s A.
    cdef Py_ssize_t tw
    cdef Py_ssize_t pairs = OW // 2
    for tw in range(pairs):
        row[2 * tw] = s0[tw] + s1[tw] + s2[tw] + bias
        row[2 * tw + 1] = s1[tw] - s2[tw] - s3[tw] + bias
    if OW % 2:
        row[OW - 1] = s0[pairs] + s1[pairs] + s2[pairs] + bias


cdef inline void _output_plane(const real* m, Py_ssize_t xi_stride, real* plane, real bias,
                               Py_ssize_t OH, Py_ssize_t OW, Py_ssize_t TH, Py_ssize_t TW,
                               real* s) noexcept nogil:
    # Y = A^T M A (+ bias) for every tile of one output plane, a row of tiles
    # at a time: s = A^T M (two rows of four columns, each TW long, in the
    # scratch ``s``), then the two output rows.
    cdef Py_ssize_t th, tw, c
    cdef const real* e
    for th in range(TH):
        for c in range(4):
            e = m + c * xi_stride + th * TW
            for tw in range(TW):
                s[c * TW + tw] = e[tw] + e[4 * xi_stride + tw] + e[8 * xi_stride + tw]
                s[(4 + c) * TW + tw] = (e[4 * xi_stride + tw] - e[8 * xi_stride + tw]
                                        - e[12 * xi_stride + tw])
        _output_row(s, s + TW, s + 2 * TW, s + 3 * TW, plane + 2 * th * OW, bias, OW, TW)
        if 2 * th + 1 < OH:
            _output_row(s + 4 * TW, s + 5 * TW, s + 6 * TW, s + 7 * TW,
                        plane + (2 * th + 1) * OW, bias, OW, TW)


def output_tiles(const real[:, :, :, ::1] products,  # IN (16, O, N, TH*TW)
                 real[:, :, :, ::1] out,  # OUT (N, O, OH, OW)
                 const real[::1] bias,  # IN (O,) added to every output, or empty
                 Py_ssize_t TW, int n_threads):
    """``out[n, o]``: ``A^T M A`` of every tile of plane ``(n, o)`` (plus ``bias[o]``)."""
    cdef Py_ssize_t N = out.shape[0], O = out.shape[1], OH = out.shape[2], OW = out.shape[3]
    cdef Py_ssize_t T = products.shape[3]
    cdef Py_ssize_t TH = T // TW if TW > 0 else 0
    cdef Py_ssize_t xi_stride = O * N * T
    cdef bint has_bias = bias.shape[0] > 0
    cdef Py_ssize_t i, n, o
    if N * O * T == 0:
        return
    n_threads = _threads(16 * N * O * T, n_threads)
    cdef real[:, ::1] scratch = _scratch(out, n_threads, 8 * TW)
    for i in prange(O * N, nogil=True, schedule="static", num_threads=n_threads):
        o = i // N
        n = i % N
        _output_plane(&products[0, o, n, 0], xi_stride, &out[n, o, 0, 0],
                      bias[o] if has_bias else 0, OH, OW, TH, TW, &scratch[threadid(), 0])


cdef inline void _grad_output_plane(const real* plane, real* z, Py_ssize_t xi_stride,
                                    Py_ssize_t OH, Py_ssize_t OW, Py_ssize_t TH, Py_ssize_t TW,
                                    real* rows) noexcept nogil:
    # Z = A dY A^T (4x4 from each 2x2 block dY, zero past the output's edge),
    # a row of tiles at a time: its two rows of dY, zero-padded to width 2*TW,
    # then s = A dY (four rows), then the columns of s into Z. ``rows`` is
    # scratch for 6 rows of width 2*TW.
    cdef Py_ssize_t width = 2 * TW
    cdef Py_ssize_t th, tw, r, j
    cdef real* g0 = rows
    cdef real* g1 = rows + width
    cdef real* s = rows + 2 * width
    cdef real* d
    cdef real* out
    for th in range(TH):
        for j in range(OW):
            g0[j] = plane[2 * th * OW + j]
        for j in range(OW, width):
            g0[j] = 0
        if 2 * th + 1 < OH:
            for j in range(OW):
                g1[j] = plane[(2 * th + 1) * OW + j]
            for j in range(OW, width):
                g1[j] = 0
        else:
            for j in range(width):
                g1[j] = 0
        for j in range(width):
            s[j] = g0[j]
            s[width + j] = g0[j] + g1[j]
            s[2 * width + j] = g0[j] - g1[j]
            s[3 * width + j] = -g1[j]
        for r in range(4):
            d = s + r * width
            out = z + 4 * r * xi_stride + th * TW
            for tw in range(TW):
                out[tw] = d[2 * tw]
            out = out + xi_stride
            for tw in range(TW):
                out[tw] = d[2 * tw] + d[2 * tw + 1]
            out = out + xi_stride
            for tw in range(TW):
                out[tw] = d[2 * tw] - d[2 * tw + 1]
            out = out + xi_stride
            for tw in range(TW):
                out[tw] = -d[2 * tw + 1]


def grad_output_tiles(const real[:, :, :, ::1] grad,  # IN (N, O, OH, OW)
                      real[:, :, :, ::1] tiles,  # OUT (16, O, N, TH*TW)
                      Py_ssize_t TW, int n_threads):
    """``tiles[xi, o, n, t]``: element ``xi`` of ``A dY A^T`` for tile ``t`` of plane ``(n, o)``."""
    cdef Py_ssize_t N = grad.shape[0], O = grad.shape[1], OH = grad.shape[2], OW = grad.shape[3]
    cdef Py_ssize_t T = tiles.shape[3]
    cdef Py_ssize_t TH = T // TW if TW > 0 else 0
    cdef Py_ssize_t xi_stride = O * N * T
    cdef Py_ssize_t i, n, o
    if N * O * T == 0:
        return
    n_threads = _threads(16 * N * O * T, n_threads)
    cdef real[:, ::1] scratch = _scratch(grad, n_threads, 12 * TW)
    for i in prange(O * N, nogil=True, schedule="static", num_threads=n_threads):
        o = i // N
        n = i % N
        _grad_output_plane(&grad[n, o, 0, 0], &tiles[0, o, n, 0], xi_stride, OH, OW, TH, TW,
                           &scratch[threadid(), 0])


def all_finite(const real[::1] a, int n_threads):
    """Whether every element of ``a`` is finite (``x - x`` is NaN for an infinity or a NaN)."""
    cdef Py_ssize_t n = a.shape[0]
    cdef Py_ssize_t blocks = (n + 4095) // 4096
    cdef Py_ssize_t b, i
    cdef int bad = 0, found
    n_threads = _threads(n, n_threads)
    for b in prange(blocks, nogil=True, schedule="static", num_threads=n_threads):
        found = 0
        for i in range(b * 4096, min(n, (b + 1) * 4096)):
            found = found | (a[i] - a[i] != 0)
        bad += found
    return bad == 0
