"""Convolution kernels: forward, input gradient, weight gradient and bias gradient.

Layout
    Every array is C-contiguous. Convolution inputs are (N, C, D, H, W),
    weights (O, C / groups, KD, KH, KW), outputs (N, O, OD, OH, OW). 1-d and
    2-d convolutions arrive with unit D (and H) dimensions: there is one
    implementation. A transposed convolution is the input gradient of a
    convolution, so its forward is ``conv_backward_input`` and its input
    gradient is ``conv_forward``; nothing here knows about transposition.

Dtype
    float32 or float64 (the fused type ``real``); all arrays of one call share
    it. Weight- and bias-gradient sums over the batch are accumulated in
    double (each sample's contribution is summed in ``real`` first).

Three paths, chosen by shape
    Direct (unit stride, the common case): each (sample, group) is copied
    into a zero-padded grid and register-blocked SIMD microkernels read the
    kernel taps from it at fixed offsets; the input gradient is the same
    computation with the kernel flipped (conv_direct.pxd explains it).
    im2col (any other stride): a tile of output positions is unfolded into
    a column buffer of (C/groups * KD*KH*KW) rows and multiplied with the
    group's weights by one GEMM of scipy's BLAS; tiles hold at most
    ``_COL_BUDGET`` elements whatever the batch or image size, and a 1x1
    convolution with unit stride and no padding skips the unfolding.
    Depthwise (one input channel per group): plain loops, since the GEMMs
    would have an inner dimension of only KD*KH*KW.

Parallelism and determinism
    ``prange(schedule='static')`` runs over work items whose writes are
    disjoint: (sample, group) on the direct path and in the im2col input
    gradient (the col2im of one sample's tiles overlap, so they stay in one
    thread), (sample, group, tile) in the im2col forward, (sample, channel)
    in the depthwise forward and input gradient, output channels for the
    depthwise weight gradient and for the bias gradient. The other weight
    gradients sum over the batch: the batch is cut into a number of chunks
    that depends on the shapes only, never on the thread count; each chunk
    sums its samples in order into its own double buffer and the chunks are
    added in index order. Every output element is thus computed by the same
    operations in the same order at any thread count: results are
    bit-identical. Each thread owns its work buffers. BLAS is called from
    inside the parallel region and must run single-threaded (see
    ``minigrad.ops.conv``).
"""
from cython.parallel cimport parallel, prange
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memset

from minigrad._ext._blas cimport gemm
from minigrad._ext._types cimport real
from minigrad._ext.conv_direct cimport (
    _tile, _wgrad, mg_cpu_level, mg_detect_cpu, mg_use_level, mg_vector_bytes,
)

# The most elements a column buffer of the im2col path (one per thread)
# holds. Stride-2 3x3 convolution of 32x128x28x28 to 256 channels, forward,
# one thread: 2^16 84 ms, 2^18 60 ms, 2^20 62 ms.
cdef enum:
    _COL_BUDGET = 1 << 18

# The weight gradient is summed over at most this many batch chunks, each
# with its own double buffer of the weight's size (and at most
# _PARTIAL_BUDGET doubles for all of them). Eight keeps up to eight threads
# busy; the count depends on the shapes only, so the summation order does not
# change with the thread count.
cdef enum:
    _MAX_CHUNKS = 8
    _PARTIAL_BUDGET = 1 << 23


# Below this many multiply-adds a call runs on one thread: starting a
# parallel region costs more than it saves, and far more when another
# process holds the second core.
cdef enum:
    _PARALLEL_MIN_WORK = 1 << 17


cdef struct Geometry:
    # One convolution, as seen from its (non-transposed) forward direction.
    Py_ssize_t N, C, D, H, W            # input
    Py_ssize_t O, KD, KH, KW            # weight (O, Cg, KD, KH, KW)
    Py_ssize_t OD, OH, OW               # output spatial size
    Py_ssize_t sd, sh, sw, pd, ph, pw, dd, dh, dw
    Py_ssize_t groups, Cg, Og
    Py_ssize_t K                        # Cg * KD * KH * KW: rows of a column buffer
    Py_ssize_t L                        # OD * OH * OW: output positions per channel
    Py_ssize_t DHW                      # input positions per channel
    Py_ssize_t tile, n_tiles            # output positions per tile, tiles per (sample, group)
    bint pointwise                      # 1x1 kernel, unit stride, no padding: no im2col
    Py_ssize_t Dp, Hp, Wp               # a sample's size with its zero padding on both sides
    Py_ssize_t padded_size              # Cg * Dp * Hp * Wp
    Py_ssize_t columns_size             # K * tile, or 0 when there is nothing to unfold
    Py_ssize_t work_size                # per-thread workspace: padded, columns, GEMM result


cdef Geometry _geometry(Py_ssize_t* in_shape, Py_ssize_t* w_shape, Py_ssize_t* out_shape,
                        tuple stride, tuple padding, tuple dilation, int groups):
    cdef Geometry s
    s.N, s.C, s.D, s.H, s.W = in_shape[0], in_shape[1], in_shape[2], in_shape[3], in_shape[4]
    s.O, s.KD, s.KH, s.KW = w_shape[0], w_shape[2], w_shape[3], w_shape[4]
    s.OD, s.OH, s.OW = out_shape[2], out_shape[3], out_shape[4]
    s.sd, s.sh, s.sw = stride
    s.pd, s.ph, s.pw = padding
    s.dd, s.dh, s.dw = dilation
    s.groups = groups
    s.Cg = w_shape[1]
    s.Og = s.O // groups
    s.K = s.Cg * s.KD * s.KH * s.KW
    s.L = s.OD * s.OH * s.OW
    s.DHW = s.D * s.H * s.W
    s.pointwise = (s.KD == 1 and s.KH == 1 and s.KW == 1 and s.sd == 1 and s.sh == 1
                   and s.sw == 1 and s.pd == 0 and s.ph == 0 and s.pw == 0)
    # A tile's column buffer (K x tile) and transposed GEMM result (tile x Og)
    # stay within _COL_BUDGET elements; a pointwise convolution has no columns.
    s.tile = max(1, min(s.L, _COL_BUDGET // max(s.Og, 0 if s.pointwise else s.K)))
    s.n_tiles = (s.L + s.tile - 1) // s.tile
    # Balance the tiles: 1024 positions with room for 819 make two of 512.
    s.tile = (s.L + s.n_tiles - 1) // s.n_tiles
    # Enough padding after the input for the last tap of the last output.
    s.Dp = max(s.pd + s.D, (s.OD - 1) * s.sd + (s.KD - 1) * s.dd + 1)
    s.Hp = max(s.ph + s.H, (s.OH - 1) * s.sh + (s.KH - 1) * s.dh + 1)
    s.Wp = max(s.pw + s.W, (s.OW - 1) * s.sw + (s.KW - 1) * s.dw + 1)
    s.padded_size = 0 if s.pointwise else s.Cg * s.Dp * s.Hp * s.Wp
    s.columns_size = 0 if s.pointwise else s.K * s.tile
    s.work_size = s.padded_size + s.columns_size + max(s.tile, s.K) * s.Og
    return s


cdef inline int _threads(const Geometry* s, int n_threads) noexcept nogil:
    # Results do not depend on the thread count, so this is only about speed.
    return n_threads if s.N * s.O * s.L * s.K >= _PARALLEL_MIN_WORK else 1


cdef inline bint _depthwise(const Geometry* s) noexcept nogil:
    return s.Cg == 1 and s.groups > 1


# ----------------------------------------------------------------------------- sums
cdef enum:
    _LANES = 32


cdef double _sum(const real* a, Py_ssize_t n) noexcept nogil:
    # A serial sum waits on each addition's latency (LeNet conv1's bias
    # gradient, 1M floats: 1.3 ms). 32 independent partial sums, updated by an
    # elementwise loop that the compiler vectorises, then added in index order
    # in double: the same result at any thread count.
    cdef real lanes[_LANES]
    cdef Py_ssize_t i, q
    cdef Py_ssize_t blocked = n - n % _LANES
    cdef double total = 0
    for q in range(_LANES):
        lanes[q] = 0
    for i in range(blocked // _LANES):
        for q in range(_LANES):
            lanes[q] += a[i * _LANES + q]
    for q in range(_LANES):
        total += lanes[q]
    for i in range(blocked, n):
        total += a[i]
    return total


# ----------------------------------------------------------------------------- direct path
# Unit-stride convolutions that are neither depthwise nor pointwise run
# through the microkernels of conv_direct.pxd, which explains why.
mg_detect_cpu()
mg_use_level(mg_cpu_level)

_SIMD_LEVELS = ("baseline", "avx2", "avx512")


def _simd(level=None):
    """The instruction set of the direct path's microkernels; ``level`` switches it.

    For the tests, which run every copy of the microkernels: ``"avx512"``,
    ``"avx2"`` or ``"baseline"``. A level the processor lacks falls back to
    the best one it has. Returns the level in use before the call.
    """
    if level is not None and level not in _SIMD_LEVELS:
        raise ValueError(f"_simd: expected one of {_SIMD_LEVELS}, got {level!r}")
    return _SIMD_LEVELS[mg_use_level(-1 if level is None else _SIMD_LEVELS.index(level))]


def _simd_available():
    """The best microkernel level this processor runs."""
    return _SIMD_LEVELS[mg_cpu_level]


# Output rows per sweep of the microkernels: the grid rows a sweep reads, for
# every input channel, should stay in L2 (2^16 elements, 256 KiB of floats,
# half of this machine's L2) so that every block of output channels reuses
# them. Weight gradient of ResNet's 64- and 128-channel layers, one thread:
# 2^15 108/120 ms, 2^16 106/104, 2^18 101/99; the forward did not change.
cdef enum:
    _SWEEP_BUDGET = 1 << 16


cdef struct Grid:
    # One group of a unit-stride convolution as the direct path sees it. The
    # input (Ci, Di, Hi, Wi) sits in a zero grid (Ci, Dp, Hp, Wp), its element
    # (0, 0, 0) at (fd, fh, fw) and clipped to the grid. Output (o, od, oh, ow)
    # is the sum over the taps k of w[o, k] * grid[od*Hp*Wp + oh*Wp + ow +
    # off[k]], off[k] being the flat offset of tap (c, kd, kh, kw); the grid
    # columns ow >= Wo are computed too, and dropped.
    Py_ssize_t Ci, Di, Hi, Wi
    Py_ssize_t Co, Do, Ho, Wo
    Py_ssize_t fd, fh, fw
    Py_ssize_t Dp, Hp, Wp
    Py_ssize_t KD, KH, KW, dd, dh, dw
    Py_ssize_t K                        # Ci * KD * KH * KW taps
    int mr                              # output channels per microkernel call: 6, 5 or 4
    Py_ssize_t step                     # positions per microkernel step: 2 vectors
    Py_ssize_t rows                     # output rows per sweep
    bint by_row                         # a microkernel row per output row, or one flat row
    Py_ssize_t tile_size                # elements of a sweep's result, mr channels
    Py_ssize_t size                     # grid elements, with room for a step's overrun


cdef inline bint _direct(const Geometry* s) noexcept nogil:
    return s.sd == 1 and s.sh == 1 and s.sw == 1 and not s.pointwise and not _depthwise(s)


cdef inline Py_ssize_t _round_up(Py_ssize_t n, Py_ssize_t m) noexcept nogil:
    return (n + m - 1) // m * m


cdef Grid _grid(const Geometry* s, bint backward_input, Py_ssize_t itemsize) noexcept nogil:
    cdef Grid q
    q.KD, q.KH, q.KW, q.dd, q.dh, q.dw = s.KD, s.KH, s.KW, s.dd, s.dh, s.dw
    if backward_input:
        # The output gradient, padded by d*(k-1) - p (cropped where that is
        # negative), read through the flipped kernel.
        q.Ci, q.Di, q.Hi, q.Wi = s.Og, s.OD, s.OH, s.OW
        q.Co, q.Do, q.Ho, q.Wo = s.Cg, s.D, s.H, s.W
        q.fd = (s.KD - 1) * s.dd - s.pd
        q.fh = (s.KH - 1) * s.dh - s.ph
        q.fw = (s.KW - 1) * s.dw - s.pw
    else:
        q.Ci, q.Di, q.Hi, q.Wi = s.Cg, s.D, s.H, s.W
        q.Co, q.Do, q.Ho, q.Wo = s.Og, s.OD, s.OH, s.OW
        q.fd, q.fh, q.fw = s.pd, s.ph, s.pw
    q.Dp = q.Do + (q.KD - 1) * q.dd
    q.Hp = q.Ho + (q.KH - 1) * q.dh
    q.Wp = q.Wo + (q.KW - 1) * q.dw
    q.K = q.Ci * q.KD * q.KH * q.KW
    # The most channels per call that leaves the fewest to the one-channel
    # kernel: 6 x 2 vectors of accumulators load 8 values per 12 FMAs, 4 x 2
    # load 6 per 8. (LeNet conv2's 50 channels go in blocks of 5.)
    q.mr = 6
    if q.Co % 5 < q.Co % q.mr:
        q.mr = 5
    if q.Co % 4 < q.Co % q.mr:
        q.mr = 4
    # AVX-512's 32 registers hold 8 x 2 vectors of accumulators: 10 values
    # loaded per 16 FMAs. Forward, one thread, 3x3: 8x128x28x28 -> 128 21.3
    # -> 15.1 ms, 8x64x56x56 -> 64 21.0 -> 14.8 ms (8 instead of 4 channels).
    if mg_vector_bytes() == 64 and q.Co % 8 <= q.Co % q.mr:
        q.mr = 8
    q.step = 2 * mg_vector_bytes() // itemsize
    q.rows = max(1, min(q.Ho, _SWEEP_BUDGET // (q.Ci * q.KD * q.Wp) - (q.KH - 1) * q.dh))
    # Positions go either along whole padded rows as one flat row, computing
    # the Wp - Wo padding columns for nothing, or output row by output row,
    # rounding each up to a step: whichever wastes fewer lanes (LeNet conv2,
    # 14 of 18 or of 16: by row; ResNet's 56 of 58 or of 64: flat).
    q.by_row = _round_up(q.Wo, q.step) * q.Wp < q.Wo * _round_up(q.Wp, q.step)
    q.tile_size = q.mr * max(q.rows * _round_up(q.Wo, q.step), _round_up(q.rows * q.Wp, q.step))
    # A sweep's last step reads up to a step past the last tap's row.
    q.size = q.Ci * q.Dp * q.Hp * q.Wp + (q.KW - 1) * q.dw + q.step
    return q


cdef Py_ssize_t* _offsets(const Grid* q) except NULL:
    # off[k], the flat grid offset of tap k = (c, kd, kh, kw), then 12 copies
    # of the last: the weight gradient takes taps in blocks of up to 12 and
    # drops the results of the copies.
    cdef Py_ssize_t* off = <Py_ssize_t*>malloc((q.K + 12) * sizeof(Py_ssize_t))
    cdef Py_ssize_t c, kd, kh, kw, k = 0
    if off == NULL:
        raise MemoryError("conv: cannot allocate the tap offsets")
    for c in range(q.Ci):
        for kd in range(q.KD):
            for kh in range(q.KH):
                for kw in range(q.KW):
                    off[k] = ((c * q.Dp + kd * q.dd) * q.Hp + kh * q.dh) * q.Wp + kw * q.dw
                    k += 1
    for k in range(q.K, q.K + 12):
        off[k] = off[q.K - 1]
    return off


cdef void _place(const real* src, real* grid, const Grid* q) noexcept nogil:
    # The zero grid with one group of the input placed at (fd, fh, fw).
    cdef Py_ssize_t w_lo = max(0, -q.fw)
    cdef Py_ssize_t w_hi = min(q.Wi, q.Wp - q.fw)
    cdef Py_ssize_t c, d, h, w, gd, gh
    cdef real* dst
    cdef const real* row
    memset(grid, 0, q.size * sizeof(real))
    for c in range(q.Ci):
        for d in range(q.Di):
            gd = d + q.fd
            if gd < 0 or gd >= q.Dp:
                continue
            for h in range(q.Hi):
                gh = h + q.fh
                if gh < 0 or gh >= q.Hp:
                    continue
                dst = grid + ((c * q.Dp + gd) * q.Hp + gh) * q.Wp + q.fw
                row = src + ((c * q.Di + d) * q.Hi + h) * q.Wi
                for w in range(w_lo, w_hi):
                    dst[w] = row[w]


cdef void _pack(const real* w, real* packed, const Geometry* s, const Grid* q, Py_ssize_t g,
                bint flipped) noexcept nogil:
    # The Co rows of group g's kernel (K taps each) as the microkernels read
    # them: blocks of mr rows interleaved tap by tap, then the rows left over.
    # The input gradient's rows are input channels c, its taps (o, kd, kh, kw)
    # of the kernel flipped in space: reversing a flat tap index flips all
    # three axes.
    cdef Py_ssize_t taps = s.KD * s.KH * s.KW
    cdef Py_ssize_t full = q.Co // q.mr * q.mr
    cdef Py_ssize_t r, k
    cdef real value
    for r in range(q.Co):
        for k in range(q.K):
            if flipped:
                value = w[((g * s.Og + k // taps) * s.Cg + r) * taps + taps - 1 - k % taps]
            else:
                value = w[(g * s.Og + r) * q.K + k]
            if r < full:
                packed[(r // q.mr * q.K + k) * q.mr + r % q.mr] = value
            else:
                packed[r * q.K + k] = value


cdef void _scatter(const real* tile, Py_ssize_t ld, Py_ssize_t row_len, Py_ssize_t n_rows,
                   real* dst, const real* bias, Py_ssize_t o0, Py_ssize_t od, Py_ssize_t oh0,
                   Py_ssize_t n_oh, const Grid* q) noexcept nogil:
    # Output channels o0 .. o0 + n_rows of a sweep (output rows row_len
    # apart in the tile), without the extra columns, plus the bias.
    cdef Py_ssize_t i, h, w
    cdef real b0
    cdef real* out
    cdef const real* src
    for i in range(n_rows):
        b0 = bias[o0 + i] if bias != NULL else 0
        out = dst + (((o0 + i) * q.Do + od) * q.Ho + oh0) * q.Wo
        src = tile + i * ld
        for h in range(n_oh):
            for w in range(q.Wo):
                out[h * q.Wo + w] = src[h * row_len + w] + b0


cdef void _direct_item(const real* src, const real* packed, const real* bias, real* dst,
                       real* grid, real* tile, const Py_ssize_t* off,
                       const Grid* q) noexcept nogil:
    # dst (Co, Do, Ho, Wo) = one group's convolution of src (Ci, Di, Hi, Wi), + bias.
    # Sweeps of a few output rows; within a sweep, blocks of mr output
    # channels (then single channels) reuse the grid rows it reads.
    cdef Py_ssize_t full = q.Co // q.mr * q.mr
    cdef Py_ssize_t od, oh0, n_oh, o, rows, row_len, ld
    cdef const real* x
    _place(src, grid, q)
    for od in range(q.Do):
        oh0 = 0
        while oh0 < q.Ho:
            n_oh = min(q.rows, q.Ho - oh0)
            if q.by_row:
                rows, row_len = n_oh, _round_up(q.Wo, q.step)
            else:
                rows, row_len = 1, _round_up(n_oh * q.Wp, q.step)
            ld = rows * row_len
            x = grid + (od * q.Hp + oh0) * q.Wp
            for o in range(0, full // q.mr):
                _tile(q.mr, x, off, q.K, packed + o * q.mr * q.K, tile, ld, rows, row_len,
                      q.Wp)
                _scatter(tile, ld, row_len if q.by_row else q.Wp, q.mr, dst, bias, o * q.mr,
                         od, oh0, n_oh, q)
            for o in range(full, q.Co):
                _tile(1, x, off, q.K, packed + o * q.K, tile, ld, rows, row_len, q.Wp)
                _scatter(tile, ld, row_len if q.by_row else q.Wp, 1, dst, bias, o, od, oh0,
                         n_oh, q)
            oh0 += n_oh


cdef int _direct_output(const real* src, const real* w, const real* bias, real* dst,
                        const Geometry* s, bint backward_input, int n_threads) except -1:
    # The forward (src = x, dst = out) or the input gradient (src = grad_out,
    # dst = grad_in) of a unit-stride convolution, parallel over (sample, group).
    cdef Grid q = _grid(s, backward_input, sizeof(real))
    cdef Py_ssize_t* off = _offsets(&q)
    cdef real* packed = <real*>malloc(s.groups * q.Co * q.K * sizeof(real))
    cdef Py_ssize_t src_size = q.Ci * q.Di * q.Hi * q.Wi
    cdef Py_ssize_t dst_size = q.Co * q.Do * q.Ho * q.Wo
    cdef Py_ssize_t item, g
    cdef real* grid = NULL
    cdef int failed = packed == NULL
    cdef int* failed_p = &failed
    with nogil:
        if not failed:
            for g in range(s.groups):
                _pack(w, packed + g * q.Co * q.K, s, &q, g, backward_input)
            with parallel(num_threads=n_threads):
                # The grid, then room for one sweep's result.
                grid = <real*>malloc((q.size + q.tile_size) * sizeof(real))
                if grid == NULL:
                    failed_p[0] = 1
                for item in prange(s.N * s.groups, schedule='static'):
                    if grid != NULL:
                        g = item % s.groups
                        _direct_item(src + item * src_size, packed + g * q.Co * q.K,
                                     bias + g * q.Co if bias != NULL else NULL,
                                     dst + item * dst_size, grid, grid + q.size, off, &q)
                free(grid)
    free(packed)
    free(off)
    if failed:
        raise MemoryError("conv: cannot allocate the work buffers")
    return 0


cdef inline Py_ssize_t _direct_weight_work(const Geometry* s, const Grid* q) noexcept nogil:
    # One group's output gradient transposed (see below), and one result of
    # the microkernels: 12 vectors.
    return _round_up(s.Og, q.step) * q.Do * q.Ho * q.Wo + 6 * q.step


cdef void _add_result(double* acc, const real* res, Py_ssize_t ld_res, Py_ssize_t n_taps,
                      Py_ssize_t n_channels, Py_ssize_t K) noexcept nogil:
    # acc[i * K + j] += res[j * ld_res + i]: a microkernel's (tap, channel)
    # block into the (channel, tap) accumulator, dropping padded taps/channels.
    cdef Py_ssize_t i, j
    for j in range(n_taps):
        for i in range(n_channels):
            acc[i * K + j] += res[j * ld_res + i]


cdef void _direct_weight_sample(const real* x, const real* gy, real* grid, real* gt,
                                double* acc, const Py_ssize_t* off, const Geometry* s,
                                const Grid* q, Py_ssize_t n) noexcept nogil:
    # acc (O x K, double) += sample n's weight gradient, every group:
    # acc[o, k] = sum over output positions (od, oh, ow) of gy[o, od, oh, ow] *
    # grid[od*Hp*Wp + oh*Wp + ow + off[k]]. The microkernels keep output
    # channels along the vectors and broadcast the input, so gy is first
    # transposed to gt[block][od, oh, ow][channel], blocks of two vectors of
    # channels with zeros past Og. Only real output positions are visited,
    # row by row. A block of two vectors takes 6 taps per call, one of a
    # single vector 12 (then 4), over sweeps of rows that keep the grid rows
    # they read in L2.
    cdef Py_ssize_t lanes = q.step // 2
    cdef Py_ssize_t width = q.step
    cdef Py_ssize_t blocks = (s.Og + width - 1) // width
    cdef Py_ssize_t positions = q.Do * q.Ho * q.Wo
    cdef real* res = gt + blocks * width * positions
    cdef Py_ssize_t g, o, i, od, oh0, n_oh, b, k, taps, valid, half
    cdef real* dst
    cdef const real* src
    cdef const real* gb
    cdef const real* xb
    cdef double* acc_b
    for g in range(s.groups):
        _place(x + (n * s.C + g * s.Cg) * s.DHW, grid, q)
        # Position by position, so that the stores run along gt (16 streams of
        # channel reads instead of a store per cache line): LeNet conv1's
        # weight gradient, one thread, 3.4 -> 1.2 ms.
        src = gy + (n * s.O + g * s.Og) * positions
        for b in range(blocks):
            valid = min(width, s.Og - b * width)
            for i in range(positions):
                dst = gt + (b * positions + i) * width
                for o in range(valid):
                    dst[o] = src[(b * width + o) * positions + i]
                for o in range(valid, width):
                    dst[o] = 0
        for od in range(q.Do):
            oh0 = 0
            while oh0 < q.Ho:
                n_oh = min(q.rows, q.Ho - oh0)
                xb = grid + (od * q.Hp + oh0) * q.Wp
                for b in range(blocks):
                    gb = gt + (b * positions + (od * q.Ho + oh0) * q.Wo) * width
                    acc_b = acc + (g * s.Og + b * width) * q.K
                    valid = min(width, s.Og - b * width)
                    k = 0
                    if valid > lanes:
                        while k + 6 <= q.K:
                            _wgrad(2, 6, gb, width, xb, off + k, n_oh, q.Wo, q.Wp, res)
                            _add_result(acc_b + k, res, width, 6, valid, q.K)
                            k += 6
                        while k < q.K:
                            for half in range(2):
                                _wgrad(1, 4, gb + half * lanes, width, xb, off + k, n_oh, q.Wo,
                                       q.Wp, res)
                                _add_result(acc_b + half * lanes * q.K + k, res, lanes,
                                            min(4, q.K - k), min(lanes, valid - half * lanes),
                                            q.K)
                            k += 4
                    else:
                        while k < q.K:
                            taps = 12 if k + 12 <= q.K else 4
                            _wgrad(1, taps, gb, width, xb, off + k, n_oh, q.Wo, q.Wp, res)
                            _add_result(acc_b + k, res, lanes, min(taps, q.K - k), valid, q.K)
                            k += taps
                oh0 += n_oh


# ----------------------------------------------------------------------------- im2col
cdef inline void _valid_range(Py_ssize_t start, Py_ssize_t step, Py_ssize_t count,
                              Py_ssize_t size, Py_ssize_t* lo, Py_ssize_t* hi) noexcept nogil:
    # The i in [lo, hi) are those of [0, count) with 0 <= start + i*step < size.
    lo[0] = 0 if start >= 0 else (-start + step - 1) // step
    hi[0] = 0 if start >= size else min(count, (size - 1 - start) // step + 1)
    if hi[0] < lo[0]:
        hi[0] = lo[0]


# The unfolding reads from, and its adjoint adds into, a zero-padded copy of
# one sample's group of channels (Cg, Dp, Hp, Wp): with the padding made of
# real zeros the loops need no bounds tests, which halves the time of the
# unfolding (LeNet conv2, batch 64: 4.2 ms -> 2.2 ms). The copy is one
# sample, per thread, whatever the batch size.
cdef void _pad(const real* x, real* padded, const Geometry* s) noexcept nogil:
    cdef Py_ssize_t c, d, h, w
    cdef real* dst
    cdef const real* src
    memset(padded, 0, s.padded_size * sizeof(real))
    for c in range(s.Cg):
        for d in range(s.D):
            for h in range(s.H):
                dst = padded + ((c * s.Dp + d + s.pd) * s.Hp + h + s.ph) * s.Wp + s.pw
                src = x + ((c * s.D + d) * s.H + h) * s.W
                for w in range(s.W):
                    dst[w] = src[w]


cdef void _unpad(const real* padded, real* x, const Geometry* s) noexcept nogil:
    # The adjoint of _pad: keep the interior, drop what fell in the padding.
    cdef Py_ssize_t c, d, h, w
    cdef real* dst
    cdef const real* src
    for c in range(s.Cg):
        for d in range(s.D):
            for h in range(s.H):
                src = padded + ((c * s.Dp + d + s.pd) * s.Hp + h + s.ph) * s.Wp + s.pw
                dst = x + ((c * s.D + d) * s.H + h) * s.W
                for w in range(s.W):
                    dst[w] = src[w]


cdef void _im2col(const real* padded, real* col, const Geometry* s,
                  Py_ssize_t l0, Py_ssize_t l1) noexcept nogil:
    # col: K rows, one per kernel tap (c, kd, kh, kw), of l1 - l0 columns:
    # column j holds the (padded) input under that tap for output position
    # l0 + j. Positions run along output rows (od, oh) of OW columns; a tile
    # may start and end inside a row, so each row is copied as a segment
    # [a, b). Row counters advance by increments: a division per segment
    # would cost as much as copying a short one.
    cdef Py_ssize_t r_first = l0 // s.OW
    cdef Py_ssize_t a_first = l0 - r_first * s.OW
    cdef Py_ssize_t od_first = r_first // s.OH
    cdef Py_ssize_t oh_first = r_first - od_first * s.OH
    cdef Py_ssize_t c, kd, kh, kw, pos, od, oh, a, b, ow
    cdef real* dst = col
    cdef const real* tap
    cdef const real* src
    for c in range(s.Cg):
        for kd in range(s.KD):
            for kh in range(s.KH):
                for kw in range(s.KW):
                    tap = padded + ((c * s.Dp + kd * s.dd) * s.Hp + kh * s.dh) * s.Wp + kw * s.dw
                    pos, a, od, oh = l0, a_first, od_first, oh_first
                    while pos < l1:
                        b = min(s.OW, a + l1 - pos)
                        src = tap + (od * s.sd * s.Hp + oh * s.sh) * s.Wp
                        if s.sw == 1:
                            for ow in range(a, b):
                                dst[ow - a] = src[ow]
                        else:
                            for ow in range(a, b):
                                dst[ow - a] = src[ow * s.sw]
                        dst += b - a
                        pos += b - a
                        a = 0
                        oh += 1
                        if oh == s.OH:
                            oh = 0
                            od += 1


cdef void _col2im(const real* col, real* padded, const Geometry* s,
                  Py_ssize_t l0, Py_ssize_t l1) noexcept nogil:
    # The adjoint of _im2col, with the same traversal: add every column entry
    # back onto the padded input position it was read from.
    cdef Py_ssize_t r_first = l0 // s.OW
    cdef Py_ssize_t a_first = l0 - r_first * s.OW
    cdef Py_ssize_t od_first = r_first // s.OH
    cdef Py_ssize_t oh_first = r_first - od_first * s.OH
    cdef Py_ssize_t c, kd, kh, kw, pos, od, oh, a, b, ow
    cdef const real* src = col
    cdef real* tap
    cdef real* dst
    for c in range(s.Cg):
        for kd in range(s.KD):
            for kh in range(s.KH):
                for kw in range(s.KW):
                    tap = padded + ((c * s.Dp + kd * s.dd) * s.Hp + kh * s.dh) * s.Wp + kw * s.dw
                    pos, a, od, oh = l0, a_first, od_first, oh_first
                    while pos < l1:
                        b = min(s.OW, a + l1 - pos)
                        dst = tap + (od * s.sd * s.Hp + oh * s.sh) * s.Wp
                        if s.sw == 1:
                            for ow in range(a, b):
                                dst[ow] += src[ow - a]
                        else:
                            for ow in range(a, b):
                                dst[ow * s.sw] += src[ow - a]
                        src += b - a
                        pos += b - a
                        a = 0
                        oh += 1
                        if oh == s.OH:
                            oh = 0
                            od += 1


# ----------------------------------------------------------------------------- GEMM path
# Each thread owns a workspace of s.work_size elements: the padded sample
# (padded_size), the column buffer (columns_size: K x tile) and the GEMM
# result (tile x Og or K x Og). The pointwise case uses the GEMM result only.
cdef inline real* _padded(real* work) noexcept nogil:
    return work


cdef inline real* _columns(real* work, const Geometry* s) noexcept nogil:
    return work + s.padded_size


cdef inline real* _result(real* work, const Geometry* s) noexcept nogil:
    return work + s.padded_size + s.columns_size


cdef void _forward_tile(const real* x, const real* w, const real* bias, real* out, real* work,
                        const Geometry* s, Py_ssize_t n, Py_ssize_t g, Py_ssize_t t,
                        bint pad) noexcept nogil:
    # out[n, group g, positions of tile t] = W_g (Og x K) @ columns (K x ncols) + bias.
    # The GEMM writes the transposed product, (ncols x Og), into the result
    # buffer: OpenBLAS runs faster with the short side (Og) as its M
    # dimension (LeNet conv2's 50x196x500: 57 GFLOP/s against 42; 25% off the
    # whole forward of ResNet's 64-channel layer), and the transpose back,
    # fused with the bias, is a pass over a tile that is still in cache.
    cdef Py_ssize_t l0 = t * s.tile
    cdef Py_ssize_t l1 = min(l0 + s.tile, s.L)
    cdef Py_ssize_t ncols = l1 - l0
    cdef Py_ssize_t o, j, ldb
    cdef const real* x_g = x + (n * s.C + g * s.Cg) * s.DHW
    cdef real* out_t = out + (n * s.O + g * s.Og) * s.L + l0
    cdef real* result = _result(work, s)
    cdef real* col = _columns(work, s)
    cdef const real* b
    cdef real* dst
    cdef real b0
    if s.pointwise:
        b, ldb = x_g + l0, s.L
    else:
        if pad:
            _pad(x_g, _padded(work), s)
        _im2col(_padded(work), col, s, l0, l1)
        b, ldb = col, ncols
    gemm(True, True, ncols, s.Og, s.K, <real>1, b, ldb, w + g * s.Og * s.K, s.K,
         <real>0, result, s.Og)
    for o in range(s.Og):
        dst = out_t + o * s.L
        b0 = bias[g * s.Og + o] if bias != NULL else 0
        for j in range(ncols):
            dst[j] = result[j * s.Og + o] + b0


cdef void _backward_input_item(const real* gy, const real* w, const real* bias, real* gx,
                               real* work, const Geometry* s, Py_ssize_t n,
                               Py_ssize_t g) noexcept nogil:
    # gx[n, group g] = col2im(W_g^T (K x Og) @ gy[n, group g] (Og x L)) + bias, tile by
    # tile, accumulated in the padded buffer and cut out of it at the end.
    cdef real* gx_g = gx + (n * s.C + g * s.Cg) * s.DHW
    cdef const real* gy_g = gy + (n * s.O + g * s.Og) * s.L
    cdef const real* w_g = w + g * s.Og * s.K
    cdef real* col = _columns(work, s)
    cdef Py_ssize_t t, l0, l1, ncols, c, i
    cdef real b0
    if s.pointwise:
        gemm(True, False, s.Cg, s.L, s.Og, <real>1, w_g, s.K, gy_g, s.L, <real>0, gx_g, s.L)
    else:
        memset(_padded(work), 0, s.padded_size * sizeof(real))
        for t in range(s.n_tiles):
            l0 = t * s.tile
            l1 = min(l0 + s.tile, s.L)
            ncols = l1 - l0
            gemm(True, False, s.K, ncols, s.Og, <real>1, w_g, s.K, gy_g + l0, s.L,
                 <real>0, col, ncols)
            _col2im(col, _padded(work), s, l0, l1)
        _unpad(_padded(work), gx_g, s)
    if bias != NULL:
        for c in range(s.Cg):
            b0 = bias[g * s.Cg + c]
            for i in range(s.DHW):
                gx_g[c * s.DHW + i] += b0


cdef void _backward_weight_sample(const real* x, const real* gy, real* work, double* acc,
                                  const Geometry* s, Py_ssize_t n) noexcept nogil:
    # acc (O x K, double) += gy[n, group g] (Og x L) @ columns^T (L x K), for every group.
    # As in the forward, the GEMM makes the transpose, (K x Og), with Og as
    # OpenBLAS's M dimension (LeNet conv2: 67 GFLOP/s against 45); the
    # accumulation into double reads it back transposed.
    cdef Py_ssize_t g, t, l0, l1, ncols, ldb, o, k
    cdef const real* x_g
    cdef const real* gy_g
    cdef const real* b
    cdef real* result = _result(work, s)
    cdef double* acc_o
    for g in range(s.groups):
        x_g = x + (n * s.C + g * s.Cg) * s.DHW
        gy_g = gy + (n * s.O + g * s.Og) * s.L
        if not s.pointwise:
            _pad(x_g, _padded(work), s)
        for t in range(s.n_tiles):
            l0 = t * s.tile
            l1 = min(l0 + s.tile, s.L)
            ncols = l1 - l0
            if s.pointwise:
                b, ldb = x_g + l0, s.L
            else:
                _im2col(_padded(work), _columns(work, s), s, l0, l1)
                b, ldb = _columns(work, s), ncols
            gemm(False, True, s.K, s.Og, ncols, <real>1, b, ldb, gy_g + l0, s.L,
                 <real>(t > 0), result, s.Og)
        for o in range(s.Og):
            acc_o = acc + (g * s.Og + o) * s.K
            for k in range(s.K):
                acc_o[k] += result[k * s.Og + o]


# ----------------------------------------------------------------------------- depthwise
# One input channel per group: output channel o reads input channel o // Og.
# Direct loops over output rows; the innermost loop runs along W, contiguous
# when the stride is 1.
cdef void _depthwise_forward_item(const real* x, const real* w, const real* bias, real* out,
                                  const Geometry* s, Py_ssize_t n,
                                  Py_ssize_t o) noexcept nogil:
    cdef const real* x_c = x + (n * s.C + o // s.Og) * s.DHW
    cdef const real* w_o = w + o * s.K
    cdef real* dst = out + (n * s.O + o) * s.L
    cdef Py_ssize_t r, od, oh, kd, kh, kw, id_, ih, iw0, lo, hi, ow
    cdef const real* src
    cdef real wv
    cdef real b0 = bias[o] if bias != NULL else 0
    for r in range(s.OD * s.OH):
        od = r // s.OH
        oh = r - od * s.OH
        for ow in range(s.OW):
            dst[ow] = b0
        for kd in range(s.KD):
            id_ = od * s.sd - s.pd + kd * s.dd
            if id_ < 0 or id_ >= s.D:
                continue
            for kh in range(s.KH):
                ih = oh * s.sh - s.ph + kh * s.dh
                if ih < 0 or ih >= s.H:
                    continue
                src = x_c + (id_ * s.H + ih) * s.W
                for kw in range(s.KW):
                    wv = w_o[(kd * s.KH + kh) * s.KW + kw]
                    iw0 = kw * s.dw - s.pw
                    _valid_range(iw0, s.sw, s.OW, s.W, &lo, &hi)
                    if s.sw == 1:
                        for ow in range(lo, hi):
                            dst[ow] += wv * src[ow + iw0]
                    else:
                        for ow in range(lo, hi):
                            dst[ow] += wv * src[ow * s.sw + iw0]
        dst += s.OW


cdef void _depthwise_backward_input_item(const real* gy, const real* w, real* gx,
                                         const Geometry* s, Py_ssize_t n,
                                         Py_ssize_t c) noexcept nogil:
    # gx[n, c] = sum over the Og output channels of group c of the scattered gy.
    cdef real* gx_c = gx + (n * s.C + c) * s.DHW
    cdef Py_ssize_t o, r, od, oh, kd, kh, kw, id_, ih, iw0, lo, hi, ow
    cdef const real* src
    cdef const real* w_o
    cdef real* dst
    cdef real wv
    memset(gx_c, 0, s.DHW * sizeof(real))
    for o in range(c * s.Og, (c + 1) * s.Og):
        w_o = w + o * s.K
        src = gy + (n * s.O + o) * s.L
        for r in range(s.OD * s.OH):
            od = r // s.OH
            oh = r - od * s.OH
            for kd in range(s.KD):
                id_ = od * s.sd - s.pd + kd * s.dd
                if id_ < 0 or id_ >= s.D:
                    continue
                for kh in range(s.KH):
                    ih = oh * s.sh - s.ph + kh * s.dh
                    if ih < 0 or ih >= s.H:
                        continue
                    dst = gx_c + (id_ * s.H + ih) * s.W
                    for kw in range(s.KW):
                        wv = w_o[(kd * s.KH + kh) * s.KW + kw]
                        iw0 = kw * s.dw - s.pw
                        _valid_range(iw0, s.sw, s.OW, s.W, &lo, &hi)
                        if s.sw == 1:
                            for ow in range(lo, hi):
                                dst[ow + iw0] += wv * src[ow]
                        else:
                            for ow in range(lo, hi):
                                dst[ow * s.sw + iw0] += wv * src[ow]
            src += s.OW


cdef void _depthwise_backward_weight_item(const real* x, const real* gy, real* gw,
                                          real* lanes, double* acc, const Geometry* s,
                                          Py_ssize_t o) noexcept nogil:
    # gw[o, 0, tap] = sum over samples and output positions of gy * x under the tap.
    # A dot product per row would be a serial reduction (the compiler may not
    # reorder float sums); instead each tap keeps one partial sum per output
    # column, lanes[tap, ow], updated by an elementwise loop that vectorises.
    # Each sample's lanes are then added, in order, into a double per tap.
    cdef Py_ssize_t n, r, od, oh, kd, kh, kw, id_, ih, iw0, lo, hi, ow, tap
    cdef Py_ssize_t taps = s.KD * s.KH * s.KW
    cdef const real* src
    cdef const real* row
    cdef real* lane
    cdef double total
    for tap in range(taps):
        acc[tap] = 0
    for n in range(s.N):
        memset(lanes, 0, taps * s.OW * sizeof(real))
        row = gy + (n * s.O + o) * s.L
        for r in range(s.OD * s.OH):
            od = r // s.OH
            oh = r - od * s.OH
            for kd in range(s.KD):
                id_ = od * s.sd - s.pd + kd * s.dd
                if id_ < 0 or id_ >= s.D:
                    continue
                for kh in range(s.KH):
                    ih = oh * s.sh - s.ph + kh * s.dh
                    if ih < 0 or ih >= s.H:
                        continue
                    src = x + (n * s.C + o // s.Og) * s.DHW + (id_ * s.H + ih) * s.W
                    for kw in range(s.KW):
                        iw0 = kw * s.dw - s.pw
                        _valid_range(iw0, s.sw, s.OW, s.W, &lo, &hi)
                        lane = lanes + ((kd * s.KH + kh) * s.KW + kw) * s.OW
                        if s.sw == 1:
                            for ow in range(lo, hi):
                                lane[ow] += row[ow] * src[ow + iw0]
                        else:
                            for ow in range(lo, hi):
                                lane[ow] += row[ow] * src[ow * s.sw + iw0]
            row += s.OW
        for tap in range(taps):
            total = 0
            for ow in range(s.OW):
                total += lanes[tap * s.OW + ow]
            acc[tap] += total
    for tap in range(taps):
        gw[o * taps + tap] = <real>acc[tap]


# ----------------------------------------------------------------------------- entry points
def conv_forward(const real[:, :, :, :, ::1] x,  # IN (N, C, D, H, W)
                 const real[:, :, :, :, ::1] weight,  # IN (O, C / groups, KD, KH, KW)
                 const real[::1] bias,  # IN (O,), or empty for no bias
                 real[:, :, :, :, ::1] out,  # OUT (N, O, OD, OH, OW)
                 tuple stride, tuple padding, tuple dilation, int groups,
                 int n_threads):
    """``out = conv(x, weight) + bias``.

    Parallel over (sample, group) on the direct path and over (sample,
    group, tile) on the im2col path.
    """
    cdef Geometry s = _geometry(&x.shape[0], &weight.shape[0], &out.shape[0],
                                stride, padding, dilation, groups)
    if s.N == 0:
        return
    n_threads = _threads(&s, n_threads)
    cdef const real* x_p = &x[0, 0, 0, 0, 0]
    cdef const real* w_p = &weight[0, 0, 0, 0, 0]
    cdef const real* b_p = &bias[0] if bias.shape[0] > 0 else NULL
    cdef real* out_p = &out[0, 0, 0, 0, 0]
    cdef Py_ssize_t item, ng
    cdef Py_ssize_t* padded_ng = NULL
    cdef real* work = NULL
    cdef int failed = 0
    cdef int* failed_p = &failed
    if _direct(&s):
        _direct_output(x_p, w_p, b_p, out_p, &s, False, n_threads)
        return
    with nogil:
        if _depthwise(&s):
            for item in prange(s.N * s.O, schedule='static', num_threads=n_threads):
                _depthwise_forward_item(x_p, w_p, b_p, out_p, &s, item // s.O, item % s.O)
        else:
            with parallel(num_threads=n_threads):
                work = <real*>malloc(s.work_size * sizeof(real))
                padded_ng = <Py_ssize_t*>malloc(sizeof(Py_ssize_t))
                if work == NULL or padded_ng == NULL:
                    failed_p[0] = 1
                else:
                    padded_ng[0] = -1
                for item in prange(s.N * s.groups * s.n_tiles, schedule='static'):
                    if work != NULL and padded_ng != NULL:
                        # A thread's items are consecutive: it pads each
                        # (sample, group) once for all of that one's tiles.
                        ng = item // s.n_tiles
                        _forward_tile(x_p, w_p, b_p, out_p, work, &s, ng // s.groups,
                                      ng % s.groups, item % s.n_tiles, ng != padded_ng[0])
                        padded_ng[0] = ng
                free(work)
                free(padded_ng)
    if failed:
        raise MemoryError("conv_forward: cannot allocate the work buffers")


def conv_backward_input(const real[:, :, :, :, ::1] grad_out,  # IN (N, O, OD, OH, OW)
                        const real[:, :, :, :, ::1] weight,  # IN (O, C / groups, KD, KH, KW)
                        const real[::1] bias,  # IN (C,), or empty: added to grad_in
                        real[:, :, :, :, ::1] grad_in,  # OUT (N, C, D, H, W)
                        tuple stride, tuple padding, tuple dilation, int groups,
                        int n_threads):
    """``grad_in = conv^T(grad_out, weight) + bias``; parallel over (sample, group).

    This is also the forward of the transposed convolution, whose bias is
    the ``bias`` argument (leave it empty for a plain input gradient).
    """
    cdef Geometry s = _geometry(&grad_in.shape[0], &weight.shape[0], &grad_out.shape[0],
                                stride, padding, dilation, groups)
    if s.N == 0:
        return
    n_threads = _threads(&s, n_threads)
    cdef const real* gy_p = &grad_out[0, 0, 0, 0, 0]
    cdef const real* w_p = &weight[0, 0, 0, 0, 0]
    cdef const real* b_p = &bias[0] if bias.shape[0] > 0 else NULL
    cdef real* gx_p = &grad_in[0, 0, 0, 0, 0]
    cdef Py_ssize_t item, i
    cdef real* work = NULL
    cdef real* gx_c
    cdef int failed = 0
    cdef int* failed_p = &failed
    if _direct(&s):
        _direct_output(gy_p, w_p, b_p, gx_p, &s, True, n_threads)
        return
    with nogil:
        if _depthwise(&s):
            for item in prange(s.N * s.C, schedule='static', num_threads=n_threads):
                _depthwise_backward_input_item(gy_p, w_p, gx_p, &s, item // s.C, item % s.C)
                if b_p != NULL:
                    gx_c = gx_p + item * s.DHW
                    for i in range(s.DHW):
                        gx_c[i] += b_p[item % s.C]
        else:
            with parallel(num_threads=n_threads):
                work = <real*>malloc(s.work_size * sizeof(real))
                if work == NULL:
                    failed_p[0] = 1
                for item in prange(s.N * s.groups, schedule='static'):
                    if work != NULL:
                        _backward_input_item(gy_p, w_p, b_p, gx_p, work, &s,
                                             item // s.groups, item % s.groups)
                free(work)
    if failed:
        raise MemoryError("conv_backward_input: cannot allocate the work buffers")


def conv_backward_weight(const real[:, :, :, :, ::1] x,  # IN (N, C, D, H, W)
                         const real[:, :, :, :, ::1] grad_out,  # IN (N, O, OD, OH, OW)
                         real[:, :, :, :, ::1] grad_weight,  # OUT (O, C / groups, KD, KH, KW)
                         tuple stride, tuple padding, tuple dilation, int groups,
                         int n_threads):
    """``grad_weight = sum over the batch of grad_out (x) unfolded x``, in a fixed order.

    The batch is cut into chunks that depend on the shapes only; each chunk
    sums its samples in order into its own double buffer, in parallel, and
    the chunks are added in index order.
    """
    cdef Geometry s = _geometry(&x.shape[0], &grad_weight.shape[0], &grad_out.shape[0],
                                stride, padding, dilation, groups)
    cdef real* gw_p = &grad_weight[0, 0, 0, 0, 0]
    cdef Py_ssize_t size = s.O * s.K
    if s.N == 0:
        memset(gw_p, 0, size * sizeof(real))
        return
    n_threads = _threads(&s, n_threads)
    cdef const real* x_p = &x[0, 0, 0, 0, 0]
    cdef const real* gy_p = &grad_out[0, 0, 0, 0, 0]
    cdef Py_ssize_t n_chunks = min(s.N, _MAX_CHUNKS, max(1, _PARTIAL_BUDGET // size))
    cdef Py_ssize_t item, chunk, n, i
    cdef double total
    cdef real* work = NULL
    cdef real* lanes = NULL
    cdef double* acc = NULL
    cdef double* partial
    cdef Grid q
    cdef Py_ssize_t* off = NULL
    cdef int direct = _direct(&s)
    cdef int failed = 0
    cdef int* failed_p = &failed
    if direct:
        q = _grid(&s, False, sizeof(real))
        off = _offsets(&q)
    with nogil:
        if _depthwise(&s):
            with parallel(num_threads=n_threads):
                acc = <double*>malloc(s.K * sizeof(double))
                lanes = <real*>malloc(s.K * s.OW * sizeof(real))
                if acc == NULL or lanes == NULL:
                    failed_p[0] = 1
                for item in prange(s.O, schedule='static'):
                    if acc != NULL and lanes != NULL:
                        _depthwise_backward_weight_item(x_p, gy_p, gw_p, lanes, acc, &s, item)
                free(acc)
                free(lanes)
        else:
            partial = <double*>calloc(n_chunks * size, sizeof(double))
            if partial == NULL:
                failed = 1
            else:
                with parallel(num_threads=n_threads):
                    if direct:
                        work = <real*>malloc((q.size + _direct_weight_work(&s, &q))
                                             * sizeof(real))
                    else:
                        work = <real*>malloc(s.work_size * sizeof(real))
                    if work == NULL:
                        failed_p[0] = 1
                    for chunk in prange(n_chunks, schedule='static'):
                        if work != NULL:
                            # Chunk bounds depend on N and n_chunks only.
                            for n in range(chunk * s.N // n_chunks,
                                           (chunk + 1) * s.N // n_chunks):
                                if direct:
                                    _direct_weight_sample(x_p, gy_p, work, work + q.size,
                                                          partial + chunk * size, off, &s,
                                                          &q, n)
                                else:
                                    _backward_weight_sample(x_p, gy_p, work,
                                                            partial + chunk * size, &s, n)
                    free(work)
                for i in prange(size, schedule='static', num_threads=n_threads):
                    total = 0
                    for chunk in range(n_chunks):
                        total = total + partial[chunk * size + i]
                    gw_p[i] = <real>total
                free(partial)
    free(off)
    if failed:
        raise MemoryError("conv_backward_weight: cannot allocate the work buffers")


def conv_backward_bias(const real[:, :, ::1] grad_out,  # IN (N, C, L)
                       real[::1] grad_bias,  # OUT (C,)
                       int n_threads):
    """``grad_bias[c] = sum of grad_out[:, c, :]``, in double, parallel over channels."""
    cdef Py_ssize_t N = grad_out.shape[0], C = grad_out.shape[1], L = grad_out.shape[2]
    cdef Py_ssize_t c, n
    cdef double total
    if N == 0 or L == 0:
        grad_bias[:] = 0
        return
    if N * C * L < _PARALLEL_MIN_WORK:
        n_threads = 1
    cdef const real* gy_p = &grad_out[0, 0, 0]
    with nogil:
        for c in prange(C, schedule='static', num_threads=n_threads):
            total = 0
            for n in range(N):
                total = total + _sum(gy_p + (n * C + c) * L, L)
            grad_bias[c] = <real>total
