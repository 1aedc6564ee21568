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

Three paths, chosen by shape, each in a file of its own
    This file computes the geometry, picks the path and runs the parallel
    loops; the paths' arithmetic lives in

    * ``conv_direct.pxd`` (unit stride, the common case): each (sample,
      group) is copied into a zero-padded grid and register-blocked SIMD
      microkernels read the kernel taps from it at fixed offsets; the input
      gradient is the same computation with the kernel flipped.
    * ``conv_im2col.pxd`` (any other stride, and 1x1 kernels): a tile of
      output positions is unfolded into a column buffer of (C/groups *
      KD*KH*KW) rows and multiplied with the group's weights by one GEMM of
      scipy's BLAS; tiles hold at most ``_COL_BUDGET`` elements whatever the
      batch or image size, and a 1x1 convolution with unit stride and no
      padding skips the unfolding.
    * ``conv_depthwise.pxd`` (one input channel per group): plain loops,
      since the GEMMs would have an inner dimension of only KD*KH*KW. They
      need no padded copy of the input, so they also take the convolutions
      whose padded copies would dwarf their data (a huge padding with a huge
      dilation or stride), with any number of channels per group.

    The weight gradient of a kernel with few taps (a first layer's: at most
    32 input channels per group times kernel elements) runs on neither of
    the first two but in ``conv_positions.pxd``, with the output positions
    along the vectors, at any stride.

    ``conv.pxd`` declares the geometry they share. (A 1-d or 2-d
    convolution of one group with at most 64 output positions per sample
    never reaches this file: ``minigrad/ops/conv.py`` runs it as GEMMs over
    the whole batch.)

Memory
    Work buffers are sized in 64-bit integers, checked for overflow before
    anything is allocated (see ``_geometry``). A padded copy of the input
    never exceeds 16 times the data it serves, plus 128 KiB: the geometries
    where it would take the loop path, which needs none
    (``benchmarks/conv_geometry_sweep.py`` measures the peaks).

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

from minigrad._ext._cpu cimport simd_level
from minigrad._ext._types cimport real
from minigrad._ext.conv_depthwise cimport (
    _depthwise_backward_input_item, _depthwise_backward_weight_item, _depthwise_forward_item,
)
from minigrad._ext.conv_direct cimport (
    Grid, _direct_output, _direct_weight_sample, _direct_weight_work, _grid, _offsets,
)
from minigrad._ext.conv_im2col cimport (
    _backward_input_item, _backward_weight_sample, _forward_tile,
)
from minigrad._ext.conv_positions cimport _positions_weight, _positions_weight_sample

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


# ----------------------------------------------------------------------------- geometry
# Every work-buffer size is a 64-bit Py_ssize_t, and every product that
# could overflow is checked before anything is allocated. The Python caller
# keeps each size, stride, padding and dilation below 2**31, so sums and
# products of two of them stay below 2**62.
cdef extern from "Python.h":
    const Py_ssize_t PY_SSIZE_T_MAX


cdef inline Py_ssize_t _mul(Py_ssize_t a, Py_ssize_t b, bint* overflow) noexcept nogil:
    # a * b for a, b >= 0, or PY_SSIZE_T_MAX with *overflow set when it does not fit.
    if a != 0 and b > PY_SSIZE_T_MAX // a:
        overflow[0] = True
        return PY_SSIZE_T_MAX
    return a * b


cdef inline Py_ssize_t _mul4(Py_ssize_t a, Py_ssize_t b, Py_ssize_t c, Py_ssize_t d,
                             bint* overflow) noexcept nogil:
    return _mul(_mul(a, b, overflow), _mul(c, d, overflow), overflow)


# A padded copy of one (sample, group) larger than _PAD_RATIO times its data
# (input and output) plus _PAD_SLACK elements is mostly padding: a huge
# padding with a huge dilation or stride (conv3d of a 2x2x2 input with
# padding 2**30 - 1 and dilation 2**31 - 1: 2**64 elements around a 1x1x1
# output). The loop path computes the same convolution without one, in
# memory bounded by the work. Real layers are far below: LeNet conv2's grid
# is 20 x 18 x 18 against 20 x 14 x 14 in and 50 x 14 x 14 out. The slack
# only spares tiny convolutions the slower loops; at 2**22 elements it let a
# conv1d of six numbers with padding and dilation 2**20 allocate 64 MiB.
cdef enum:
    _PAD_RATIO = 16
    _PAD_SLACK = 1 << 14


cdef bint _padding_dwarfs_data(const Geometry* s) noexcept nogil:
    cdef bint overflow = False
    cdef Py_ssize_t data = s.Cg * s.DHW + s.Og * s.L
    cdef Py_ssize_t largest
    if s.pointwise:
        return False
    if s.sd == 1 and s.sh == 1 and s.sw == 1:
        # The direct path's grids (conv_direct.pxd's _grid): the forward's
        # around the input, the input gradient's around the output gradient.
        largest = max(
            _mul4(s.Cg, s.OD + (s.KD - 1) * s.dd, s.OH + (s.KH - 1) * s.dh,
                  s.OW + (s.KW - 1) * s.dw, &overflow),
            _mul4(s.Og, s.D + (s.KD - 1) * s.dd, s.H + (s.KH - 1) * s.dh,
                  s.W + (s.KW - 1) * s.dw, &overflow))
    else:
        # The im2col path's padded sample.
        largest = _mul4(s.Cg, s.Dp, s.Hp, s.Wp, &overflow)
    return overflow or (largest - _PAD_SLACK) // _PAD_RATIO > data


cdef inline bint _depthwise(const Geometry* s) noexcept nogil:
    return s.Cg == 1 and s.groups > 1


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
    # A 1x1 kernel at unit stride without padding hands its input to the
    # GEMM as it is, unless output_padding made the output larger than the
    # input (a transposed convolution's forward) or smaller (its input
    # gradient): then their rows differ in length, and it runs direct.
    s.pointwise = (s.KD == 1 and s.KH == 1 and s.KW == 1 and s.sd == 1 and s.sh == 1
                   and s.sw == 1 and s.pd == 0 and s.ph == 0 and s.pw == 0
                   and s.OD == s.D and s.OH == s.H and s.OW == s.W)
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
    s.loops = _depthwise(&s) or _padding_dwarfs_data(&s)
    # The im2col path's buffers; within bounds whenever it is taken.
    s.padded_size = 0 if s.pointwise or s.loops else s.Cg * s.Dp * s.Hp * s.Wp
    s.columns_size = 0 if s.pointwise or s.loops else s.K * s.tile
    s.work_size = s.padded_size + s.columns_size + max(s.tile, s.K) * s.Og
    # The loop path's weight gradient: KD*KH*KW*OW partial sums per thread.
    s.lanes_size = s.KD * s.KH * s.KW * s.OW
    if s.loops and s.lanes_size > PY_SSIZE_T_MAX // <Py_ssize_t>sizeof(double):
        raise MemoryError(f"conv: a work buffer of {s.lanes_size} elements does not fit in "
                          f"memory (a {s.KD}x{s.KH}x{s.KW} kernel, {s.OW} output columns)")
    return s


cdef inline int _threads(const Geometry* s, int n_threads) noexcept nogil:
    # Results do not depend on the thread count, so this is only about speed.
    cdef bint overflow = False
    return n_threads if _mul4(s.N, s.O, s.L, s.K, &overflow) >= _PARALLEL_MIN_WORK else 1


cdef inline bint _direct(const Geometry* s) noexcept nogil:
    # Unit-stride convolutions that take neither the loop path nor im2col.
    return s.sd == 1 and s.sh == 1 and s.sw == 1 and not s.pointwise and not s.loops


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
        if s.loops:
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
        if s.loops:
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
    cdef int positions = _positions_weight(&s)
    cdef int direct = _direct(&s) and not positions
    cdef int level = simd_level()
    cdef int failed = 0
    cdef int* failed_p = &failed
    if direct:
        q = _grid(&s, False, sizeof(real))
        off = _offsets(&q)
    with nogil:
        if s.loops:
            with parallel(num_threads=n_threads):
                acc = <double*>malloc(s.KD * s.KH * s.KW * sizeof(double))
                lanes = <real*>malloc(s.lanes_size * sizeof(real))
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
                                if positions:
                                    _positions_weight_sample(x_p, gy_p, work,
                                                             partial + chunk * size, &s, n,
                                                             level)
                                elif direct:
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
