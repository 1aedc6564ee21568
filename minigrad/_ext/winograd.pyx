"""The tile transforms of Winograd's minimal filtering F(2x2, 3x3) and F(2x2, 5x5).

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

    A 5x5 convolution is the same with 6x6 tiles, F(2x2, 5x5): 36 GEMMs,
    36 multiplications per 4 outputs where the direct sum takes 100; and a
    3x3 one on larger maps with 6x6 tiles too, F(4x4, 3x3): 36 per 16
    outputs where the direct sum takes 144. Their matrices are further
    down, with their kernels.

Layout
    The kernels here are the tile transforms that touch the activations: the
    input (``input_tiles``), the output (``output_tiles``) and the output
    gradient (``grad_output_tiles``) for 4x4 tiles, the first two also for
    the 6x6 tiles of F(4x4, 3x3); for the 6x6 tiles of F(2x2, 5x5), the whole convolution of a tile
    position (``convolve_lanes``, which serves the forward and the input
    gradient) and its share of the weight gradient (``weight_lanes``).
    Transformed 4x4 tiles are a C-contiguous ``(16, channels, N, T)`` array:
    for each ``xi`` a ``(channels, N*T)`` GEMM operand, ``T = TH*TW`` tiles
    per sample in row-major order. The 6x6 ones put 16 samples innermost
    (see their section). The kernel's transforms are small and run as GEMMs
    in ``minigrad/ops/winograd.py``.

Geometry
    Tile ``(th, tw)`` reads input rows ``2*th - ph`` to ``2*th - ph + 3`` and
    the same columns from ``2*tw - pw``; rows and columns outside the input
    read zero. It writes output rows ``2*th`` and ``2*th + 1`` where they
    exist (an odd output size leaves half of the last tiles unused).

Dtypes
    float32 or float64 (the fused type ``real``), one for all arrays.

Parallelism and determinism
    The 4x4 kernels run ``prange`` over (channel, sample) planes, the 6x6
    convolution over (16 samples, tile position) pairs, each writing only its
    own tiles or its own outputs. Every value is the same fixed sequence of
    arithmetic at any thread count.

Safety
    The Python caller checks the shapes; these kernels trust them.
"""
import numpy as np

from cpython.buffer cimport PyBUF_SIMPLE, PyBuffer_Release, PyObject_GetBuffer
from cython.parallel cimport prange, threadid
from libc.string cimport memset

from minigrad._ext._cpu cimport MG_AVX2, MG_AVX512, simd_level
from minigrad._ext._layout cimport blocks_apart
from minigrad._ext._types cimport real

# Below this many elements touched a parallel region costs more than it saves.
cdef enum:
    _PARALLEL_MIN = 32768


cdef int _threads(Py_ssize_t elements, int n_threads) noexcept:
    # The threads for a kernel that touches ``elements`` elements.
    return 1 if elements < _PARALLEL_MIN else n_threads


def _scratch(like, Py_ssize_t threads, Py_ssize_t size):
    # A row of at least ``size`` elements for each thread (prange's threadid()
    # picks it), starting on a 64-byte boundary (see aligned_empty), the rows a whole
    # number of 4 KB pages apart: every thread's scratch arrays then lie at the
    # same offsets from each other within a page, and meet the same cache
    # sets. With rows just ``size`` apart, the second thread's took 7% longer
    # in the 5x5 forward (LeNet-5's second layer at batch 64), whose first
    # thread then waited for it at the end of every call.
    dtype = np.asarray(like).dtype
    cdef Py_ssize_t row = -(-size * dtype.itemsize // 4096) * 4096 // dtype.itemsize
    return aligned_empty(max(threads, 1) * row, dtype).reshape(-1, row)


def aligned_empty(Py_ssize_t size, dtype):
    """A 1-d array of ``size`` elements of ``dtype`` whose first starts a 64-byte cache line.

    NumPy aligns to 16 bytes. The 6x6 kernels load 64 bytes at a time from
    offsets that are multiples of 64 from the start of their arrays; from a
    base 16 bytes past a line, every load straddled two lines, and which
    base a process got decided whether LeNet-5's batch-256 step on two
    threads took 70 or 103 ms.
    """
    dtype = np.dtype(dtype)
    raw = np.empty(size * dtype.itemsize + 64, np.uint8)
    cdef Py_buffer view
    # The address through the buffer protocol: ``raw.ctypes.data`` builds a
    # ctypes object, several microseconds on every call.
    PyObject_GetBuffer(raw, &view, PyBUF_SIMPLE)
    cdef Py_ssize_t start = (64 - <size_t>view.buf % 64) % 64
    PyBuffer_Release(&view)
    return raw[start:start + size * dtype.itemsize].view(dtype)


cdef _check_blocks(str kernel, Py_ssize_t* shape, Py_ssize_t* strides, Py_ssize_t itemsize):
    # Transformed tiles (E, C, N, T): each element's block C-contiguous; the
    # blocks themselves may lie further apart than one block's size.
    if not blocks_apart(shape, strides, 4, itemsize):
        raise ValueError(f"{kernel}: each tile element's block must be C-contiguous, got "
                         f"strides {[strides[i] for i in range(4)]} for shape "
                         f"{[shape[i] for i in range(4)]}")


cdef inline void _padded_row(const real* plane, real* d, Py_ssize_t ih, Py_ssize_t H,
                             Py_ssize_t W, Py_ssize_t pw, Py_ssize_t width) noexcept nogil:
    # d[j] = plane[ih, j - pw] for j < width, zero outside the plane.
    cdef Py_ssize_t lo = min(pw, width), hi = min(width, max(lo, W + pw))
    cdef Py_ssize_t j
    cdef const real* src
    if ih < 0 or ih >= H:
        for j in range(width):
            d[j] = 0
        return
    src = plane + ih * W
    for j in range(lo):
        d[j] = 0
    for j in range(lo, hi):
        d[j] = src[j - pw]
    for j in range(hi, width):
        d[j] = 0


cdef inline void _input_plane(const real* plane, real* v, Py_ssize_t xi_stride,
                              Py_ssize_t H, Py_ssize_t W, Py_ssize_t ph, Py_ssize_t pw,
                              Py_ssize_t TH, Py_ssize_t TW, real* rows) noexcept nogil:
    # V = B^T d B for every tile of one plane; v[xi * xi_stride + t]. A row of
    # tiles at a time: its four input rows, zero-padded to the tiles' width
    # (``rows``, 8 rows of width 2*TW + 2, is scratch), are combined into
    # t = B^T d whole rows at once, then the columns of t into V, so that the
    # loops run along rows of tiles and vectorize.
    cdef Py_ssize_t width = 2 * TW + 2
    cdef Py_ssize_t th, tw, r, j, tile
    cdef real* d
    cdef real* t
    cdef real* out
    for th in range(TH):
        for r in range(4):
            _padded_row(plane, rows + r * width, 2 * th - ph + r, H, W, pw, width)
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
                real[:, :, :, :] tiles,  # OUT (16 or 36, C, N, TH*TW), see _check_blocks
                Py_ssize_t ph, Py_ssize_t pw, Py_ssize_t TW, int n_threads):
    """``tiles[xi, c, n, t]``: element ``xi`` of ``B^T d B`` for tile ``t`` of plane ``(n, c)``.

    4x4 tiles or, for 36 elements, the 6x6 tiles of F(4x4, 3x3).
    """
    cdef Py_ssize_t E = tiles.shape[0]
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3]
    cdef Py_ssize_t T = tiles.shape[3]
    cdef Py_ssize_t TH = T // TW if TW > 0 else 0
    cdef Py_ssize_t xi_stride = tiles.strides[0] // sizeof(real)
    cdef bint six = E == 36
    cdef Py_ssize_t i, n, c
    if E != 16 and E != 36:
        raise ValueError(f"input_tiles: tiles of 16 or 36 elements, got {E}")
    _check_blocks("input_tiles", tiles.shape, tiles.strides, sizeof(real))
    if N * C * T == 0:
        return
    n_threads = _threads(E * N * C * T, n_threads)
    cdef real[:, ::1] scratch = _scratch(x, n_threads, 12 * (4 * TW + 2) if six
                                         else 8 * (2 * TW + 2))
    for i in prange(C * N, nogil=True, schedule="static", num_threads=n_threads):
        c = i // N
        n = i % N
        if six:
            _input_plane6(&x[n, c, 0, 0], &tiles[0, c, n, 0], xi_stride, H, W, ph, pw, TH, TW,
                          &scratch[threadid(), 0])
        elif TW == 2:  # 3x3 and 4x4 maps; a constant TW unrolls the short loops
            _input_plane(&x[n, c, 0, 0], &tiles[0, c, n, 0], xi_stride, H, W, ph, pw, TH, 2,
                         &scratch[threadid(), 0])
        elif TW == 4:  # 7x7 and 8x8 maps
            _input_plane(&x[n, c, 0, 0], &tiles[0, c, n, 0], xi_stride, H, W, ph, pw, TH, 4,
                         &scratch[threadid(), 0])
        else:
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


def output_tiles(const real[:, :, :, :] products,  # IN (16 or 36, O, N, TH*TW), see _check_blocks
                 real[:, :, :, ::1] out,  # OUT (N, O, OH, OW)
                 const real[::1] bias,  # IN (O,) added to every output, or empty
                 Py_ssize_t TW, int n_threads):
    """``out[n, o]``: ``A^T M A`` of every tile of plane ``(n, o)`` (plus ``bias[o]``).

    2x2 blocks of output from 4x4 tiles or, for 36 elements, 4x4 blocks from
    the 6x6 tiles of F(4x4, 3x3).
    """
    cdef Py_ssize_t E = products.shape[0]
    cdef Py_ssize_t N = out.shape[0], O = out.shape[1], OH = out.shape[2], OW = out.shape[3]
    cdef Py_ssize_t T = products.shape[3]
    cdef Py_ssize_t TH = T // TW if TW > 0 else 0
    cdef Py_ssize_t xi_stride = products.strides[0] // sizeof(real)
    cdef bint has_bias = bias.shape[0] > 0
    cdef bint six = E == 36
    cdef Py_ssize_t i, n, o
    if E != 16 and E != 36:
        raise ValueError(f"output_tiles: tiles of 16 or 36 elements, got {E}")
    _check_blocks("output_tiles", products.shape, products.strides, sizeof(real))
    if N * O * T == 0:
        return
    n_threads = _threads(E * N * O * T, n_threads)
    cdef real[:, ::1] scratch = _scratch(out, n_threads, 28 * TW if six else 8 * TW)
    for i in prange(O * N, nogil=True, schedule="static", num_threads=n_threads):
        o = i // N
        n = i % N
        if six:
            _output_plane4(&products[0, o, n, 0], xi_stride, &out[n, o, 0, 0],
                           bias[o] if has_bias else 0, OH, OW, TH, TW, &scratch[threadid(), 0])
        elif TW == 2:  # as in input_tiles
            _output_plane(&products[0, o, n, 0], xi_stride, &out[n, o, 0, 0],
                          bias[o] if has_bias else 0, OH, OW, TH, 2, &scratch[threadid(), 0])
        elif TW == 4:
            _output_plane(&products[0, o, n, 0], xi_stride, &out[n, o, 0, 0],
                          bias[o] if has_bias else 0, OH, OW, TH, 4, &scratch[threadid(), 0])
        else:
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
        _padded_row(plane, g0, 2 * th, OH, OW, 0, width)
        _padded_row(plane, g1, 2 * th + 1, OH, OW, 0, width)
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
                      real[:, :, :, :] tiles,  # OUT (16, O, N, TH*TW), see _check_blocks
                      Py_ssize_t TW, int n_threads):
    """``tiles[xi, o, n, t]``: element ``xi`` of ``A dY A^T`` for tile ``t`` of plane ``(n, o)``."""
    cdef Py_ssize_t N = grad.shape[0], O = grad.shape[1], OH = grad.shape[2], OW = grad.shape[3]
    cdef Py_ssize_t T = tiles.shape[3]
    cdef Py_ssize_t TH = T // TW if TW > 0 else 0
    cdef Py_ssize_t xi_stride = tiles.strides[0] // sizeof(real)
    cdef Py_ssize_t i, n, o
    _check_blocks("grad_output_tiles", tiles.shape, tiles.strides, sizeof(real))
    if N * O * T == 0:
        return
    n_threads = _threads(16 * N * O * T, n_threads)
    cdef real[:, ::1] scratch = _scratch(grad, n_threads, 12 * TW)
    for i in prange(O * N, nogil=True, schedule="static", num_threads=n_threads):
        o = i // N
        n = i % N
        if TW == 2:  # as in input_tiles
            _grad_output_plane(&grad[n, o, 0, 0], &tiles[0, o, n, 0], xi_stride, OH, OW, TH, 2,
                               &scratch[threadid(), 0])
        elif TW == 4:
            _grad_output_plane(&grad[n, o, 0, 0], &tiles[0, o, n, 0], xi_stride, OH, OW, TH, 4,
                               &scratch[threadid(), 0])
        else:
            _grad_output_plane(&grad[n, o, 0, 0], &tiles[0, o, n, 0], xi_stride, OH, OW, TH, TW,
                               &scratch[threadid(), 0])


# ----------------------------------------------------------------------------- 6x6 tiles, rows
# F(4x4, 3x3): each 4x4 block of output from a 6x6 tile of input (tiles
# overlap by two rows and columns), 36 multiplications per 16 outputs where
# F(2x2, 3x3) takes 64 and the direct sum 144. Same layout and loops as the
# 4x4 tiles above, whose entry points (input_tiles, output_tiles) serve these
# too: transformed tiles are (36, channels, N, TH*TW), a row of tiles at a
# time, the loops along the row. The points are those of the
# 6x6 lanes section below (0, 1, -1, 2, -1/2), so B^T is the same; A^T has
# four rows:
#
#     A^T = [1  1   1  1     1  0]
#           [0  1  -1  2  -1/2  0]
#           [0  1   1  4   1/4  0]
#           [0  1  -1  8  -1/8  1]
#
# Tile (th, tw) reads input rows 4*th - ph to 4*th - ph + 5 (columns the
# same from 4*tw - pw) and writes output rows 4*th to 4*th + 3 where they
# exist.

cdef inline void _bt6(const real* d, Py_ssize_t d_stride, Py_ssize_t d_step, real* out,
                      Py_ssize_t out_stride, Py_ssize_t n) noexcept nogil:
    # out[k * out_stride + j] = (B^T e_j)[k] for j < n, e_j[i] = d[i * d_stride + j * d_step].
    cdef Py_ssize_t j
    cdef real d0, d1, d2, d3, d4, d5
    for j in range(n):
        d0 = d[j * d_step]
        d1 = d[d_stride + j * d_step]
        d2 = d[2 * d_stride + j * d_step]
        d3 = d[3 * d_stride + j * d_step]
        d4 = d[4 * d_stride + j * d_step]
        d5 = d[5 * d_stride + j * d_step]
        out[j] = d0 + <real>1.5 * (d1 - d3) - 2 * d2 + d4
        out[out_stride + j] = d4 - d1 - <real>2.5 * d2 - <real>0.5 * d3
        out[2 * out_stride + j] = d1 + <real>0.5 * d2 - <real>2.5 * d3 + d4
        out[3 * out_stride + j] = d4 + <real>0.5 * (d3 - d1) - d2
        out[4 * out_stride + j] = 2 * (d1 - d3) - d2 + d4
        out[5 * out_stride + j] = d1 + <real>1.5 * (d2 - d4) - 2 * d3 + d5


cdef inline void _at4(const real* m, Py_ssize_t m_stride, real* out, Py_ssize_t out_stride,
                      Py_ssize_t out_step, Py_ssize_t n) noexcept nogil:
    # out[k * out_stride + j * out_step] = (A^T e_j)[k] for j < n, e_j[i] = m[i * m_stride + j].
    cdef Py_ssize_t j
    cdef real m1, m2, m3, m4
    for j in range(n):
        m1 = m[m_stride + j]
        m2 = m[2 * m_stride + j]
        m3 = m[3 * m_stride + j]
        m4 = m[4 * m_stride + j]
        out[j * out_step] = m[j] + m1 + m2 + m3 + m4
        out[out_stride + j * out_step] = m1 - m2 + 2 * m3 - <real>0.5 * m4
        out[2 * out_stride + j * out_step] = m1 + m2 + 4 * m3 + <real>0.25 * m4
        out[3 * out_stride + j * out_step] = (m1 - m2 + 8 * m3 - <real>0.125 * m4
                                              + m[5 * m_stride + j])


cdef inline void _input_plane6(const real* plane, real* v, Py_ssize_t xi_stride,
                               Py_ssize_t H, Py_ssize_t W, Py_ssize_t ph, Py_ssize_t pw,
                               Py_ssize_t TH, Py_ssize_t TW, real* rows) noexcept nogil:
    # V = B^T d B for every 6x6 tile of one plane; v[xi * xi_stride + t]. A row
    # of tiles at a time: its six input rows zero-padded to width 4*TW + 2,
    # t = B^T d on whole rows, then each row of t by columns into V.
    # ``rows``: scratch for 12 rows of that width.
    cdef Py_ssize_t width = 4 * TW + 2
    cdef Py_ssize_t th, r, k
    cdef real* t = rows + 6 * width
    for th in range(TH):
        for r in range(6):
            _padded_row(plane, rows + r * width, 4 * th - ph + r, H, W, pw, width)
        _bt6(rows, width, 1, t, width, width)
        for k in range(6):
            _bt6(t + k * width, 1, 4, v + 6 * k * xi_stride + th * TW, xi_stride, TW)


cdef inline void _output_plane4(const real* m, Py_ssize_t xi_stride, real* plane, real bias,
                                Py_ssize_t OH, Py_ssize_t OW, Py_ssize_t TH, Py_ssize_t TW,
                                real* s) noexcept nogil:
    # Y = A^T M A (+ bias) for every tile of one output plane, a row of tiles
    # at a time: s = A^T M (four rows of six columns, each TW long), then for
    # each output row its 4*TW values (scratch after s), of which OW are kept.
    cdef Py_ssize_t th, b, k, j
    cdef real* row = s + 24 * TW
    for th in range(TH):
        for b in range(6):
            _at4(m + b * xi_stride + th * TW, 6 * xi_stride, s + b * TW, 6 * TW, 1, TW)
        for k in range(min(4, OH - 4 * th)):
            _at4(s + 6 * k * TW, TW, row, 1, 4, TW)
            for j in range(OW):
                plane[(4 * th + k) * OW + j] = row[j] + bias


# ----------------------------------------------------------------------------- 6x6 tiles, lanes
# F(2x2, 5x5) runs on maps too small for rows of tiles to fill a vector
# (LeNet-5's 14x14: 7 tiles a row), so its transforms take 16 samples at a
# time instead, one per lane. The input carries the samples innermost,
# zero-padded: (C, 2*TH + 4, 2*TW + 4, S), S a multiple of 16
# (``samples_last`` puts it so). The output transform writes the
# (N, O, OH, OW) output itself, sample by sample from the lanes.
#
# Tile (th, tw) reads rows 2*th to 2*th + 5 and the same columns from 2*tw of
# the padded input, and writes output rows 2*th and 2*th + 1 where they exist.
#
# The interpolation points are 0, 1, -1, 2 and -1/2: of the sets of small
# points tried, the one with the smallest float32 error on LeNet-5's second
# layer (1.0e-6 of the largest output against 2.7e-6 for 0, +-1, +-2; the
# direct sum: 3.9e-7). Every coefficient here is exact in binary; G, with
# thirds and fifteenths, is applied in ``minigrad/ops/winograd.py``::
#
#     B^T = [1  3/2   -2  -3/2    1  0]    A^T = [1  1   1  1    1  0]
#           [0   -1 -5/2  -1/2    1  0]          [0  1  -1  2 -1/2  1]
#           [0    1  1/2  -5/2    1  0]
#           [0 -1/2   -1   1/2    1  0]
#           [0    2   -1    -2    1  0]
#           [0    1  3/2    -2 -3/2  1]
#
# C with plain loops over the 16 lanes of restrict-qualified operands, which
# the compiler turns into vector code: an AVX-512 copy, an AVX2+FMA copy
# and a baseline copy of each kernel (_cpu.pxd). The copies differ in vector
# width only, so the AVX-512 and AVX2 ones give the same bits; the baseline
# copy rounds each product on its own (no FMA). ``convolve_lanes`` runs
# prange over (block of 16 samples, tile position) pairs, each writing only
# its own outputs.
cdef extern from *:
    """
    #define MGW_L 16
    /* The lanes of a transform. ivdep: the six rows it writes lie a runtime
       stride apart, which GCC cannot prove apart, and without it compiled the
       input transform's second pass lane by lane. */
    #define MGW_FOR _Pragma("GCC ivdep") for (int l = 0; l < MGW_L; l++)
    /* out[k * os] = (B^T d)[k] for d[j] = in[j * is], lane by lane. */
    #define MGW_BT6(T, out, os, in, is)                                                  \\
        MGW_FOR {                                                                     \\
            T d0 = in[l], d1 = in[is + l], d2 = in[2 * is + l], d3 = in[3 * is + l];   \\
            T d4 = in[4 * is + l], d5 = in[5 * is + l];                               \\
            out[l] = d0 + (T)1.5 * (d1 - d3) - 2 * d2 + d4;                           \\
            out[os + l] = d4 - d1 - (T)2.5 * d2 - (T)0.5 * d3;                        \\
            out[2 * os + l] = d1 + (T)0.5 * d2 - (T)2.5 * d3 + d4;                    \\
            out[3 * os + l] = d4 + (T)0.5 * (d3 - d1) - d2;                           \\
            out[4 * os + l] = 2 * (d1 - d3) - d2 + d4;                                \\
            out[5 * os + l] = d1 + (T)1.5 * (d2 - d4) - 2 * d3 + d5;                  \\
        }
    /* out[k * os] = (A^T m)[k], k < 2, for m[j] = in[j * is]. */
    #define MGW_AT6(T, out, os, in, is, bias)                                            \\
        MGW_FOR {                                                                     \\
            T m1 = in[is + l], m2 = in[2 * is + l], m3 = in[3 * is + l];              \\
            T m4 = in[4 * is + l];                                                    \\
            out[l] = in[l] + m1 + m2 + m3 + m4 + bias;                                \\
            out[os + l] = m1 - m2 + 2 * m3 - (T)0.5 * m4 + in[5 * is + l] + bias;     \\
        }

    #define MGW_OB 6
    /* Output channels per block of products, and vectors of VB bytes. */
    typedef float mgw_float_64 __attribute__((vector_size(64)));
    typedef float mgw_float_32 __attribute__((vector_size(32)));
    typedef float mgw_float_16 __attribute__((vector_size(16)));
    typedef double mgw_double_64 __attribute__((vector_size(64)));
    typedef double mgw_double_32 __attribute__((vector_size(32)));
    typedef double mgw_double_16 __attribute__((vector_size(16)));
    #define MGW_VEC(T, VB) mgw_##T##_##VB
    /* m[k * 16 + l] = sum over c < C of u[k * C + c] * v[c * 16 + l] for the
       MGW_OB rows k of a block: the products of one tile element, MGW_OB output
       channels by 16 samples, their sums in registers. (A function of its own:
       inside the fused kernel GCC kept the AVX2 copy's sums on the stack.) */
    #define MGW_PRODUCTS(NAME, T, ATTR, VB)                                           \\
    ATTR static inline void NAME(const T* restrict v, const T* restrict u,           \\
                                 Py_ssize_t C, T* restrict m) {                       \\
        typedef MGW_VEC(T, VB) vec;                                                   \\
        typedef T uvec __attribute__((vector_size(VB), aligned(sizeof(T))));          \\
        enum { NV = MGW_L * sizeof(T) / VB, VL = VB / sizeof(T) };                    \\
        if (NV == 1) {                                                                \\
            vec acc[MGW_OB];                                                          \\
            for (int k = 0; k < MGW_OB; k++) acc[k] = (vec){0};                       \\
            for (Py_ssize_t c = 0; c < C; c++) {                                      \\
                vec a;                                                                \\
                __builtin_memcpy(&a, v + c * MGW_L, VB);                              \\
                for (int k = 0; k < MGW_OB; k++) acc[k] += u[k * C + c] * a;          \\
            }                                                                         \\
            for (int k = 0; k < MGW_OB; k++)                                          \\
                *(uvec*)(m + k * MGW_L) = acc[k];                                     \\
            return;                                                                   \\
        }                                                                             \\
        /* Two vectors of lanes at a time: twice the sums in flight. */              \\
        for (int q = 0; q < NV; q += 2) {                                             \\
            vec acc0[MGW_OB], acc1[MGW_OB];                                           \\
            for (int k = 0; k < MGW_OB; k++) acc0[k] = acc1[k] = (vec){0};            \\
            for (Py_ssize_t c = 0; c < C; c++) {                                      \\
                vec a0, a1;                                                           \\
                __builtin_memcpy(&a0, v + c * MGW_L + q * VL, VB);                    \\
                __builtin_memcpy(&a1, v + c * MGW_L + (q + 1) * VL, VB);              \\
                for (int k = 0; k < MGW_OB; k++) {                                    \\
                    T w = u[k * C + c];                                               \\
                    acc0[k] += w * a0;                                                \\
                    acc1[k] += w * a1;                                                \\
                }                                                                     \\
            }                                                                         \\
            for (int k = 0; k < MGW_OB; k++) {                                        \\
                /* Stored as vectors: a memcpy from the arrays of sums went          \\
                   through the stack, 16 bytes at a time. */                          \\
                *(uvec*)(m + k * MGW_L + q * VL) = acc0[k];                           \\
                *(uvec*)(m + k * MGW_L + (q + 1) * VL) = acc1[k];                     \\
            }                                                                         \\
        }                                                                             \\
    }

    /* V = B^T d B of one tile position of 16 samples for the C input channels
       (``cs`` apart) of the padded input at ``x``: v[xi * xs + c * vc + lane];
       t is scratch for n*n*16. */
    #define MGW_INPUT(T, n, BT, x, cs, row, pixel, C, t, v, xs, vc)                  \\
        for (Py_ssize_t c = 0; c < C; c++) {                                          \\
            for (int j = 0; j < n; j++) {                                             \\
                const T* restrict in = x + c * cs + j * pixel;                        \\
                T* restrict out = t + j * MGW_L;                                      \\
                BT(T, out, n * MGW_L, in, row)                                        \\
            }                                                                         \\
            for (int k = 0; k < n; k++) {                                             \\
                const T* restrict in = t + n * k * MGW_L;                             \\
                T* restrict out = v + n * k * xs + c * vc;                            \\
                BT(T, out, xs, in, MGW_L)                                             \\
            }                                                                         \\
        }

    /* The convolution of one tile position of 16 samples, through L1 and L2
       only: V = B^T d B for every input channel into ``v`` (n*n, C, 16), then
       for each block of MGW_OB output channels the n*n products
       M[xi] = U[xi] V[xi] into ``m`` (n*n, MGW_OB, 16) and A^T M A (+ bias)
       into the output. x: the padded input at the tile's corner, channels
       ``cs`` apart; u: (n*n, O rounded up to MGW_OB, C); y: the output at
       the tile's corner for the first sample and channel (``sample`` and
       ``plane`` apart), of which the first ``rows`` x ``cols`` (1 or 2) and
       ``lanes`` samples exist. */
    #define MGW_FUSED(NAME, T, ATTR, VB, n, BT, AT)                                   \\
    MGW_PRODUCTS(NAME##_products, T, ATTR, VB)                                        \\
    ATTR static void NAME(const T* restrict x, Py_ssize_t cs, Py_ssize_t row,         \\
                          Py_ssize_t pixel, Py_ssize_t C, const T* restrict u,        \\
                          Py_ssize_t O, const T* restrict bias, T* restrict v,        \\
                          T* restrict m, T* y, Py_ssize_t sample, Py_ssize_t plane,   \\
                          Py_ssize_t OW, int rows, int cols, Py_ssize_t lanes) {      \\
        T t[n * n * MGW_L], r[2 * MGW_L];                                             \\
        const T zero = 0;                                                             \\
        Py_ssize_t xs = C * MGW_L;                                                    \\
        MGW_INPUT(T, n, BT, x, cs, row, pixel, C, t, v, xs, MGW_L)                    \\
        Py_ssize_t OP = (O + MGW_OB - 1) / MGW_OB * MGW_OB;                           \\
        for (Py_ssize_t o0 = 0; o0 < O; o0 += MGW_OB) {                               \\
            for (int xi = 0; xi < n * n; xi++) {                                      \\
                const T* restrict vx = v + xi * xs;                                   \\
                const T* restrict ux = u + (xi * OP + o0) * C;                        \\
                NAME##_products(vx, ux, C, m + xi * MGW_OB * MGW_L);                 \\
            }                                                                         \\
            for (int k = 0; k < MGW_OB && o0 + k < O; k++) {                          \\
                T b = bias ? bias[o0 + k] : 0;                                        \\
                for (int c = 0; c < n; c++) {                                         \\
                    const T* restrict in = m + (c * MGW_OB + k) * MGW_L;              \\
                    T* restrict out = t + c * MGW_L;                                  \\
                    AT(T, out, n * MGW_L, in, n * MGW_OB * MGW_L, zero)               \\
                }                                                                     \\
                for (int i = 0; i < rows; i++) {                                      \\
                    const T* restrict in = t + n * i * MGW_L;                         \\
                    T* restrict out = r;                                              \\
                    T* o = y + (o0 + k) * plane + i * OW;                             \\
                    AT(T, out, MGW_L, in, MGW_L, b)                                   \\
                    for (Py_ssize_t l = 0; l < lanes; l++) o[l * sample] = r[l];      \\
                    if (cols > 1)                                                     \\
                        for (Py_ssize_t l = 0; l < lanes; l++)                        \\
                            o[l * sample + 1] = r[MGW_L + l];                         \\
                }                                                                     \\
            }                                                                         \\
        }                                                                             \\
    }

    /* Each kernel three times, each copy told its vector's bytes: for AVX-512
       (64), for AVX2+FMA (32) and for the baseline (16). */
    #define MGW_ALL(MACRO, NAME, T, ...)                                              \\
        MACRO(NAME##_avx512, T, MG_TARGET_AVX512, 64, __VA_ARGS__)                    \\
        MACRO(NAME##_avx2, T, MG_TARGET_AVX2, 32, __VA_ARGS__)                        \\
        MACRO(NAME##_base, T, , 16, __VA_ARGS__)
    MGW_ALL(MGW_FUSED, mgw_fused_f, float, 6, MGW_BT6, MGW_AT6)
    MGW_ALL(MGW_FUSED, mgw_fused_d, double, 6, MGW_BT6, MGW_AT6)

    /* The copy for the SIMD level in use. */
    #define MGW_PICK(level, NAME) (level == MG_AVX512 ? NAME##_avx512                  \\
                                   : level == MG_AVX2 ? NAME##_avx2 : NAME##_base)
    #define MGW_DISPATCH(T, S)                                                        \\
    static void mgw_fused_##T(int level, const T* x, Py_ssize_t cs, Py_ssize_t row,   \\
                              Py_ssize_t pixel, Py_ssize_t C, const T* u,             \\
                              Py_ssize_t O, const T* bias, T* v, T* m, T* y,          \\
                              Py_ssize_t sample, Py_ssize_t plane, Py_ssize_t OW,     \\
                              int rows, int cols, Py_ssize_t lanes) {                 \\
        MGW_PICK(level, mgw_fused_##S)(x, cs, row, pixel, C, u, O, bias, v, m, y,     \\
                                       sample, plane, OW, rows, cols, lanes);         \\
    }
    MGW_DISPATCH(float, f)
    MGW_DISPATCH(double, d)

    /* The weight gradient, dW = G^T [sum over tiles of (A dY A^T) (.) V] G:
       each item, a few tile positions of a row of 16 samples, sums its
       products M[xi][c][o] = sum over lanes l of V[xi][c][l] Z[xi][l][o]
       (Z = A dY A^T; the lanes of all its tile positions) in registers, in
       float32 for float32 inputs, and adds them to the float64 sums of its
       group of items. The output channels run along the vectors (the output
       gradient comes with them innermost, padded to OP, a whole number of
       vectors) and
       the input channels are broadcast, MGW_WB at a time; each sum adds the
       lanes in order, by one multiply-add each, whatever the vector width, so
       the AVX-512 and AVX2 copies give the same bits. */
    #define MGW_WB 5
    #define MGW_WBLOCK(NAME, T, ATTR, VB, NVO)                                        \\
    ATTR static inline void NAME(const T* restrict v, Py_ssize_t L,                   \\
                                 const T* restrict z, Py_ssize_t OP,                  \\
                                 double* restrict m) {                                \\
        typedef MGW_VEC(T, VB) vec;                                                   \\
        enum { VL = VB / sizeof(T) };                                                 \\
        vec acc[MGW_WB][NVO];                                                         \\
        for (int j = 0; j < MGW_WB; j++)                                              \\
            for (int q = 0; q < NVO; q++) acc[j][q] = (vec){0};                       \\
        for (Py_ssize_t l = 0; l < L; l++) {                                          \\
            vec w[NVO];                                                               \\
            for (int q = 0; q < NVO; q++)                                             \\
                __builtin_memcpy(&w[q], z + l * OP + q * VL, VB);                     \\
            for (int j = 0; j < MGW_WB; j++) {                                        \\
                T a = v[j * L + l];                                                   \\
                for (int q = 0; q < NVO; q++) acc[j][q] += a * w[q];                  \\
            }                                                                         \\
        }                                                                             \\
        /* Each item's sums go to double ones: float32 sums over a whole batch       \\
           lost up to 1e-5 of the largest value at batch 256. */                      \\
        typedef double dvec __attribute__((vector_size(VL * sizeof(double))));        \\
        for (int j = 0; j < MGW_WB; j++)                                              \\
            for (int q = 0; q < NVO; q++) {                                           \\
                dvec sum;                                                             \\
                __builtin_memcpy(&sum, m + j * OP + q * VL, sizeof(sum));             \\
                sum += __builtin_convertvector(acc[j][q], dvec);                      \\
                __builtin_memcpy(m + j * OP + q * VL, &sum, sizeof(sum));             \\
            }                                                                         \\
    }

    /* The sums of P tile positions along a row, 16 samples each. x: as for
       MGW_FUSED, CP input channels of which the first C exist (v's rows past
       C are set to zero); g: the output gradient (OP channels innermost, then 16
       lanes) of the first tile's first output row and column, rows ``grow``
       and columns ``gcol`` apart; m: (36, CP, OP) double sums; v, s: scratch of
       36*CP*P*16 and 3*P*16*OP. */
    #define MGW_WEIGHT(NAME, T, ATTR, VB)                                             \\
    MGW_WBLOCK(NAME##_wide, T, ATTR, VB, (VB == 64 ? 4 : 2))                          \\
    MGW_WBLOCK(NAME##_one, T, ATTR, VB, 1)                                            \\
    ATTR static void NAME(const T* restrict x, Py_ssize_t cs, Py_ssize_t row,         \\
                          Py_ssize_t pixel, Py_ssize_t C, Py_ssize_t CP, int P,       \\
                          const T* restrict g, Py_ssize_t grow, Py_ssize_t gcol,      \\
                          Py_ssize_t OP, T* restrict v, T* restrict s,                \\
                          double* restrict m) {                                       \\
        enum { VL = VB / sizeof(T), WIDE = (VB == 64 ? 4 : 2) * VL };                 \\
        /* The rows of A (6x2): Z = A dY A^T. */                                      \\
        static const T a0[6] = {1, 1, 1, 1, 1, 0}, a1[6] = {0, 1, -1, 2, -0.5, 1};    \\
        T t[36 * MGW_L];                                                              \\
        Py_ssize_t L = P * MGW_L, xs = CP * L, n = MGW_L * OP;                        \\
        for (int p = 0; p < P; p++)                                                   \\
            MGW_INPUT(T, 6, MGW_BT6, (x + 2 * p * pixel), cs, row, pixel, C, t,       \\
                      (v + p * MGW_L), xs, L)                                         \\
        /* Rows past C: zeros, in place of what the scratch held before. */           \\
        for (int xi = 0; xi < 36; xi++)                                               \\
            __builtin_memset(v + xi * xs + C * L, 0, (CP - C) * L * sizeof(T));       \\
        T* restrict s0 = s;                                                           \\
        T* restrict s1 = s + P * n;                                                   \\
        T* restrict z = s + 2 * P * n;                                                \\
        for (int a = 0; a < 6; a++) {                                                 \\
            /* (A dY)[a][j] for the two columns j of each tile's dY. */              \\
            for (int p = 0; p < P; p++) {                                             \\
                const T* restrict gp = g + 2 * p * gcol;                              \\
                for (Py_ssize_t e = 0; e < n; e++) {                                  \\
                    s0[p * n + e] = a0[a] * gp[e] + a1[a] * gp[grow + e];             \\
                    s1[p * n + e] = a0[a] * gp[gcol + e] + a1[a] * gp[grow + gcol + e]; \\
                }                                                                     \\
            }                                                                         \\
            for (int b = 0; b < 6; b++) {                                             \\
                int xi = 6 * a + b;                                                   \\
                /* Columns 0 and 5 of A are unit vectors: Z is s0 or s1 itself. */   \\
                const T* restrict zb = b == 0 ? s0 : b == 5 ? s1 : z;                 \\
                if (b != 0 && b != 5)                                                 \\
                    for (Py_ssize_t e = 0; e < P * n; e++)                            \\
                        z[e] = a0[b] * s0[e] + a1[b] * s1[e];                         \\
                const T* restrict vx = v + xi * xs;                                   \\
                double* restrict mx = m + xi * CP * OP;                               \\
                Py_ssize_t o0 = 0;                                                    \\
                for (; o0 + WIDE <= OP; o0 += WIDE)                                   \\
                    for (Py_ssize_t c0 = 0; c0 < CP; c0 += MGW_WB)                    \\
                        NAME##_wide(vx + c0 * L, L, zb + o0, OP, mx + c0 * OP + o0);  \\
                for (; o0 < OP; o0 += VL)                                             \\
                    for (Py_ssize_t c0 = 0; c0 < CP; c0 += MGW_WB)                    \\
                        NAME##_one(vx + c0 * L, L, zb + o0, OP, mx + c0 * OP + o0);   \\
            }                                                                         \\
        }                                                                             \\
    }
    #define MGW_WEIGHT_ALL(NAME, T)                                                   \\
        MGW_WEIGHT(NAME##_avx512, T, MG_TARGET_AVX512, 64)                            \\
        MGW_WEIGHT(NAME##_avx2, T, MG_TARGET_AVX2, 32)                                \\
        MGW_WEIGHT(NAME##_base, T, , 16)
    MGW_WEIGHT_ALL(mgw_weight_f, float)
    MGW_WEIGHT_ALL(mgw_weight_d, double)
    #define MGW_WEIGHT_DISPATCH(T, S)                                                 \\
    static void mgw_weight_##T(int level, const T* x, Py_ssize_t cs, Py_ssize_t row,  \\
                               Py_ssize_t pixel, Py_ssize_t C, Py_ssize_t CP, int P,  \\
                               const T* g, Py_ssize_t grow, Py_ssize_t gcol,          \\
                               Py_ssize_t OP, T* v, T* s, double* m) {                \\
        MGW_PICK(level, mgw_weight_##S)(x, cs, row, pixel, C, CP, P, g, grow, gcol,   \\
                                        OP, v, s, m);                                 \\
    }
    MGW_WEIGHT_DISPATCH(float, f)
    MGW_WEIGHT_DISPATCH(double, d)
    """
    enum:
        MGW_L
        MGW_OB
        MGW_WB
    void mgw_weight_float(int level, const float* x, Py_ssize_t cs, Py_ssize_t row,
                          Py_ssize_t pixel, Py_ssize_t C, Py_ssize_t CP, int P,
                          const float* g, Py_ssize_t grow, Py_ssize_t gcol, Py_ssize_t OP,
                          float* v, float* s, double* m) noexcept nogil
    void mgw_weight_double(int level, const double* x, Py_ssize_t cs, Py_ssize_t row,
                           Py_ssize_t pixel, Py_ssize_t C, Py_ssize_t CP, int P,
                           const double* g, Py_ssize_t grow, Py_ssize_t gcol, Py_ssize_t OP,
                           double* v, double* s, double* m) noexcept nogil
    void mgw_fused_float(int level, const float* x, Py_ssize_t cs, Py_ssize_t row,
                         Py_ssize_t pixel, Py_ssize_t C, const float* u, Py_ssize_t O,
                         const float* bias, float* v, float* m, float* y, Py_ssize_t sample,
                         Py_ssize_t plane, Py_ssize_t OW, int rows, int cols,
                         Py_ssize_t lanes) noexcept nogil
    void mgw_fused_double(int level, const double* x, Py_ssize_t cs, Py_ssize_t row,
                          Py_ssize_t pixel, Py_ssize_t C, const double* u, Py_ssize_t O,
                          const double* bias, double* v, double* m, double* y,
                          Py_ssize_t sample, Py_ssize_t plane, Py_ssize_t OW, int rows,
                          int cols, Py_ssize_t lanes) noexcept nogil


LANES = MGW_L
OUTPUT_BLOCK = MGW_OB


def samples_last(const real[:, :, :, ::1] x,  # IN (S, C, H, W)
                 real[:, :, :, ::1] out,  # OUT (C, rows, cols, lanes)
                 Py_ssize_t top, Py_ssize_t left, int n_threads):
    """``out[c, top + h, left + w, s] = x[s, c, h, w]``: the samples innermost.

    Zero everywhere else (the padding, and the lanes past ``S``). Each
    channel's block of ``out`` (about 20 KB for 16 samples of 18x18) is
    zeroed and then filled while it stays in the cache, position by
    position, so that each position's lanes are written together. (Sample
    by sample, with ``out`` zeroed beforehand, took 0.42 ms for LeNet-5's
    20 channels at batch 64 on one thread, where this takes 0.26.)
    """
    cdef Py_ssize_t S = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3]
    cdef Py_ssize_t block = out.shape[1] * out.shape[2] * out.shape[3]
    cdef Py_ssize_t c, n, h, w
    if (out.shape[0] != C or out.shape[3] < S or top < 0 or left < 0
            or top + H > out.shape[1] or left + W > out.shape[2]):
        raise ValueError(f"samples_last: {[x.shape[i] for i in range(4)]} does not fit in "
                         f"{[out.shape[i] for i in range(4)]} at ({top}, {left})")
    cdef Py_ssize_t lanes = out.shape[3], blocks = lanes // MGW_L, share, b
    cdef Py_ssize_t itemsize = sizeof(real)
    n_threads = _threads(S * C * H * W, n_threads)
    if lanes % MGW_L == 0 and blocks >= 2 * n_threads and n_threads > 1:
        # Thread k writes the k-th contiguous share of the blocks of 16 lanes,
        # of every channel: the samples that convolve_lanes then gives it,
        # and that the kernels before this one gave it (see convolve_lanes).
        for share in prange(n_threads, nogil=True, schedule="static", chunksize=1,
                            num_threads=n_threads):
            for c in range(C):
                for b in range(share * blocks // n_threads, (share + 1) * blocks // n_threads):
                    _samples_last_block(&x[0, c, 0, 0], x.strides[0] // itemsize,
                                        x.strides[2] // itemsize, S, H, W, &out[c, 0, 0, 0],
                                        out.strides[1] // itemsize, out.strides[2] // itemsize,
                                        out.shape[1], out.shape[2], top, left, b)
        return
    for c in prange(C, nogil=True, schedule="static", num_threads=n_threads):
        memset(&out[c, 0, 0, 0], 0, block * sizeof(real))
        for h in range(H):
            for w in range(W):
                for n in range(S):
                    out[c, top + h, left + w, n] = x[n, c, h, w]


cdef inline void _samples_last_block(const real* x, Py_ssize_t sample, Py_ssize_t x_row,
                                     Py_ssize_t S, Py_ssize_t H, Py_ssize_t W, real* out,
                                     Py_ssize_t out_row, Py_ssize_t out_col, Py_ssize_t rows,
                                     Py_ssize_t cols, Py_ssize_t top, Py_ssize_t left,
                                     Py_ssize_t b) noexcept nogil:
    # samples_last for lanes 16 b to 16 b + 15 of one channel (``x`` and
    # ``out`` at the channel; strides in elements): each position's 16 lanes,
    # one cache line of float32, written once, zeros outside the map and past
    # the samples.
    cdef Py_ssize_t h, w, n, first = b * MGW_L
    cdef Py_ssize_t count = max(0, min(MGW_L, S - first))
    cdef const real* src
    cdef real* dst
    for h in range(rows):
        for w in range(cols):
            dst = out + h * out_row + w * out_col + first
            if h < top or h >= top + H or w < left or w >= left + W:
                memset(dst, 0, MGW_L * sizeof(real))
                continue
            src = x + first * sample + (h - top) * x_row + (w - left)
            for n in range(count):
                dst[n] = src[n * sample]
            for n in range(count, MGW_L):
                dst[n] = 0


def convolve_lanes(const real[:, :, :, ::1] x,  # IN (C, 2*TH + 4, 2*TW + 4, S), padded
                   const real[:, :, ::1] kernel,  # IN (36, O rounded up to OUTPUT_BLOCK, C)
                   Py_ssize_t O,
                   const real[::1] bias,  # IN (O,) or empty
                   real[:, :, :, ::1] out,  # OUT (valid, O, OH, OW)
                   int n_threads):
    """``out``: the convolution of ``x`` by the transformed ``kernel``, tile by tile.

    Each tile position of 16 samples goes from input to output through the
    thread's own scratch: its transform, the ``n*n`` products and the output
    transform never leave the caches.
    """
    cdef Py_ssize_t C = x.shape[0], S = x.shape[3]
    cdef Py_ssize_t valid = out.shape[0], OH = out.shape[2], OW = out.shape[3]
    cdef Py_ssize_t TH = (OH + 1) // 2, TW = (OW + 1) // 2
    cdef Py_ssize_t blocks = S // MGW_L, items = TH * TW * blocks
    cdef Py_ssize_t row = x.shape[2] * S, cs = x.shape[1] * row
    cdef int level = simd_level()
    cdef const real* bias_ptr = &bias[0] if bias.shape[0] > 0 else NULL
    cdef Py_ssize_t item
    if items * O * valid == 0:
        return
    n_threads = _threads(items * 36 * O * MGW_L, n_threads)
    cdef real[:, ::1] v = _scratch(x, n_threads, 36 * C * MGW_L)
    cdef real[:, ::1] m = _scratch(x, n_threads, 36 * MGW_OB * MGW_L)
    # Where every thread gets two or more whole blocks of 16 samples, thread k
    # takes the k-th contiguous share of the blocks: the samples that the
    # element-wise and pooling kernels around this one, which cut their arrays
    # into contiguous shares too, gave thread k. The activations then stay in
    # that core's caches. On two processors that share no cache (see the
    # performance guide) LeNet-5's second layer took 2.96-3.10 ms instead of
    # 2.81-2.86 at batch 64 when the blocks went out dynamically, half of them
    # to the thread that had not touched their samples. Otherwise the items go out
    # dynamically in chunks of 4 tiles: an item's result does not depend on the
    # thread that computes it, and a thread held up by another process no
    # longer holds up the call by its whole share.
    cdef Py_ssize_t share, first, last
    if blocks >= 2 * n_threads:
        for share in prange(n_threads, nogil=True, schedule="static", chunksize=1,
                            num_threads=n_threads):
            first = share * blocks // n_threads * TH * TW
            last = (share + 1) * blocks // n_threads * TH * TW
            for item in range(first, last):
                _fused_item(level, &x[0, 0, 0, 0], cs, row, S, C, &kernel[0, 0, 0], O,
                            bias_ptr, &v[threadid(), 0], &m[threadid(), 0], &out[0, 0, 0, 0],
                            OH, OW, valid, TH, TW, item)
    else:
        for item in prange(items, nogil=True, schedule="dynamic", chunksize=4,
                           num_threads=n_threads):
            _fused_item(level, &x[0, 0, 0, 0], cs, row, S, C, &kernel[0, 0, 0], O, bias_ptr,
                        &v[threadid(), 0], &m[threadid(), 0], &out[0, 0, 0, 0], OH, OW,
                        valid, TH, TW, item)


cdef inline void _fused_item(int level, const real* x, Py_ssize_t cs, Py_ssize_t row,
                             Py_ssize_t S, Py_ssize_t C, const real* kernel, Py_ssize_t O,
                             const real* bias, real* v, real* m, real* out, Py_ssize_t OH,
                             Py_ssize_t OW, Py_ssize_t valid, Py_ssize_t TH, Py_ssize_t TW,
                             Py_ssize_t item) noexcept nogil:
    # Item ``item`` of convolve_lanes: tile position ``item % (TH * TW)`` of
    # the ``item // (TH * TW)``-th block of 16 samples. Pointers, not
    # memoryviews: passing a memoryview counts a reference, in memory that
    # every thread would write.
    cdef Py_ssize_t b = item // (TH * TW), t = item % (TH * TW)
    cdef Py_ssize_t th = t // TW, tw = t % TW, s = b * MGW_L
    cdef const real* corner = x + 2 * th * row + 2 * tw * S + s
    cdef real* y = out + s * O * OH * OW + 2 * th * OW + 2 * tw
    if real is float:
        mgw_fused_float(level, corner, cs, row, S, C, kernel, O, bias, v, m, y, O * OH * OW,
                        OH * OW, OW, min(2, OH - 2 * th), min(2, OW - 2 * tw),
                        min(MGW_L, valid - s))
    else:
        mgw_fused_double(level, corner, cs, row, S, C, kernel, O, bias, v, m, y, O * OH * OW,
                         OH * OW, OW, min(2, OH - 2 * th), min(2, OW - 2 * tw),
                         min(MGW_L, valid - s))


WEIGHT_BLOCK = MGW_WB
# Tile positions per item of the weight gradient (a whole row of LeNet-5's 7):
# a block's float64 sums are read and written once for all their lanes, 112
# here. With 4 (64 lanes), the AVX2 copy took 7.3 ms where 7 took 6.0 (LeNet-5's
# second layer at batch 64, one thread).
cdef enum:
    _WEIGHT_TILES = 7


def channels_last(const real[:, :, :, ::1] grad,  # IN (S, O, OH, OW)
                  real[:, :, :, ::1] out,  # OUT (rows >= OH, cols >= OW, lanes >= S, OP >= O)
                  int n_threads):
    """``out[h, w, s, o] = grad[s, o, h, w]``: the channels innermost, then the samples.

    Zero everywhere else (past the map, the samples and the channels).
    """
    cdef Py_ssize_t S = grad.shape[0], O = grad.shape[1], OH = grad.shape[2]
    cdef Py_ssize_t OW = grad.shape[3]
    cdef Py_ssize_t rows = out.shape[0], cols = out.shape[1], lanes = out.shape[2]
    cdef Py_ssize_t OP = out.shape[3]
    cdef Py_ssize_t h, n, o, w
    if rows < OH or cols < OW or lanes < S or OP < O:
        raise ValueError(f"channels_last: {[grad.shape[i] for i in range(4)]} does not fit in "
                         f"{[out.shape[i] for i in range(4)]}")
    n_threads = _threads(rows * cols * lanes * OP, n_threads)
    for h in prange(rows, nogil=True, schedule="static", num_threads=n_threads):
        for w in range(cols):
            for n in range(lanes):
                if h < OH and w < OW and n < S:
                    for o in range(O):
                        out[h, w, n, o] = grad[n, o, h, w]
                    for o in range(O, OP):
                        out[h, w, n, o] = 0
                else:
                    for o in range(OP):
                        out[h, w, n, o] = 0


def weight_lanes(const real[:, :, :, ::1] x,  # IN (C, 2*TH + 4, 2*TW + 4, S), padded
                 const real[:, :, :, ::1] grad,  # IN (2*TH, 2*TW, S, OP), channels last
                 double[:, :, :, ::1] sums,  # IN/OUT (groups, 36, CP, OP)
                 bint accumulate, int n_threads):
    """``sums[k] += M`` of the items of group ``k``, for F(2x2, 5x5)'s weight gradient.

    ``M[xi, c, o]`` is the sum over tiles and samples of ``V[xi, c] Z[xi, o]``,
    ``V = B^T d B`` of the input and ``Z = A dY A^T`` of the output gradient.
    An item is up to 7 tile positions along a row (``_WEIGHT_TILES``), of
    16 samples. The items are cut into as many groups as ``sums`` has, in
    order, the larger groups first; each group sums its items in order into
    its own ``sums[k]``, so the result does not depend on the threads.
    ``CP`` is ``C`` rounded up to ``WEIGHT_BLOCK`` (rows past ``C`` get
    nothing), ``OP`` a multiple of 8 (of 16 for AVX-512's copy in float32).
    Without ``accumulate``, each group first sets its sums to zero.
    """
    cdef Py_ssize_t C = x.shape[0], S = x.shape[3]
    cdef Py_ssize_t TH = grad.shape[0] // 2, TW = grad.shape[1] // 2, OP = grad.shape[3]
    cdef Py_ssize_t groups = sums.shape[0], CP = sums.shape[2]
    cdef Py_ssize_t runs = (TW + _WEIGHT_TILES - 1) // _WEIGHT_TILES
    cdef Py_ssize_t blocks = S // MGW_L, items = TH * runs * blocks
    cdef Py_ssize_t row = x.shape[2] * S, cs = x.shape[1] * row
    cdef Py_ssize_t grow = grad.shape[1] * S * OP, gcol = S * OP
    cdef int level = simd_level()
    cdef Py_ssize_t k, item, t, b, th, tw, lane
    cdef int tiles
    if OP % 8 != 0:
        raise ValueError(f"weight_lanes: output channels padded to a multiple of 8, got {OP}")
    if (grad.shape[2] != S or sums.shape[1] != 36 or sums.shape[3] != OP or CP < C
            or CP % MGW_WB != 0 or x.shape[1] < grad.shape[0] + 4
            or x.shape[2] < grad.shape[1] + 4):
        raise ValueError(f"weight_lanes: input {[x.shape[i] for i in range(4)]}, output "
                         f"gradient {[grad.shape[i] for i in range(4)]} and sums "
                         f"{[sums.shape[i] for i in range(4)]} do not match")
    if level == MG_AVX512 and OP % (64 // sizeof(real)) != 0:
        # Channels padded for AVX2's vectors (the level was read before this
        # call, and another thread may have switched it since): its copy gives
        # the same bits.
        level = MG_AVX2
    if groups * OP == 0:
        return
    n_threads = _threads(items * 36 * CP * OP * MGW_L, n_threads)
    cdef real[:, ::1] v = _scratch(x, n_threads, 36 * CP * _WEIGHT_TILES * MGW_L)
    cdef real[:, ::1] scratch = _scratch(x, n_threads, 3 * _WEIGHT_TILES * MGW_L * OP)
    # The first ``items % groups`` groups take one item more than the rest:
    # taken in order by the threads, the larger groups go first and the
    # threads end together (with 3 and 4 items alternating, 28 items in 8
    # groups ended on two threads after 16 items' time where 14 suffice).
    cdef Py_ssize_t share = items // groups, extra = items % groups
    for k in prange(groups, nogil=True, schedule="dynamic", chunksize=1,
                    num_threads=n_threads):
        if not accumulate:
            memset(&sums[k, 0, 0, 0], 0, 36 * CP * OP * sizeof(double))
        for item in range(k * share + min(k, extra), (k + 1) * share + min(k + 1, extra)):
            b = item // (TH * runs)
            t = item % (TH * runs)
            th = t // runs
            tw = t % runs * _WEIGHT_TILES
            tiles = min(_WEIGHT_TILES, TW - tw)
            lane = b * MGW_L
            if real is float:
                mgw_weight_float(level, &x[0, 2 * th, 2 * tw, lane], cs, row, S, C, CP, tiles,
                                 &grad[2 * th, 2 * tw, lane, 0], grow, gcol, OP,
                                 &v[threadid(), 0], &scratch[threadid(), 0], &sums[k, 0, 0, 0])
            else:
                mgw_weight_double(level, &x[0, 2 * th, 2 * tw, lane], cs, row, S, C, CP,
                                  tiles, &grad[2 * th, 2 * tw, lane, 0], grow, gcol, OP,
                                  &v[threadid(), 0], &scratch[threadid(), 0],
                                  &sums[k, 0, 0, 0])


def weight_finish(const double[:, :, :, ::1] sums,  # IN (groups, 36, CP, OP)
                  const double[:, ::1] g,  # IN (6, 5): the kernel transform G
                  real[:, :, :, ::1] out,  # OUT (O, C, 5, 5)
                  int n_threads):
    """``out[o, c] = G^T M G``, ``M[a, b]`` the sum of ``sums[k, 6 a + b, c, o]`` over the groups.

    The last step of F(2x2, 5x5)'s weight gradient (``weight_lanes``): the
    groups are added in order, then ``G^T M G`` is formed in float64, ``G^T
    M`` first, each sum in order, for all output channels at once (along
    the vectors); one input channel a thread at a time.
    """
    cdef Py_ssize_t groups = sums.shape[0], CP = sums.shape[2], OP = sums.shape[3]
    cdef Py_ssize_t O = out.shape[0], C = out.shape[1]
    cdef Py_ssize_t c, k, xi, o, a, b, i, j
    cdef double* m
    cdef double* t
    cdef double acc
    if (groups < 1 or sums.shape[1] != 36 or g.shape[0] != 6 or g.shape[1] != 5
            or out.shape[2] != 5 or out.shape[3] != 5 or C > CP or O > OP):
        raise ValueError(f"weight_finish: sums {[sums.shape[i] for i in range(4)]}, G "
                         f"{[g.shape[0], g.shape[1]]} and output "
                         f"{[out.shape[i] for i in range(4)]} do not match")
    n_threads = _threads(groups * 36 * CP * OP, n_threads)
    cdef double[:, ::1] scratch = aligned_empty(max(n_threads, 1) * 66 * OP,
                                                np.float64).reshape(-1, 66 * OP)
    for c in prange(C, nogil=True, schedule="static", num_threads=n_threads):
        m = &scratch[threadid(), 0]
        t = m + 36 * OP
        for xi in range(36):
            for o in range(O):
                m[xi * OP + o] = sums[0, xi, c, o]
            for k in range(1, groups):
                for o in range(O):
                    m[xi * OP + o] += sums[k, xi, c, o]
        # t[i, b] = (G^T M)[i, b]
        for i in range(5):
            for b in range(6):
                for o in range(O):
                    t[(6 * i + b) * OP + o] = g[0, i] * m[b * OP + o]
                for a in range(1, 6):
                    for o in range(O):
                        t[(6 * i + b) * OP + o] += g[a, i] * m[(6 * a + b) * OP + o]
        for i in range(5):
            for j in range(5):
                for o in range(O):
                    acc = t[6 * i * OP + o] * g[0, j]
                    for b in range(1, 6):
                        acc = acc + t[(6 * i + b) * OP + o] * g[b, j]
                    out[o, c, i, j] = <real>acc


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
