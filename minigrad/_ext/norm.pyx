"""Normalization kernels: batch norm, group norm, layer norm, local response norm.

Layout
------
Every array is C-contiguous; the Python caller passes reshaped views, never copies:

* batch norm: ``x`` as (N, C, S), S the product of the spatial sizes (1 for
  (N, C) input). One mean and variance per channel ``c``, over the N*S values
  ``x[:, c, :]``.
* group norm: ``x`` as (R, K, S) with R = N*G rows (sample n, group g) and
  K = C/G channels per group. One mean and variance per row, over its K*S
  contiguous values. Row ``r``, channel ``k`` of its group is channel
  ``(r % G) * K + k`` of the affine weight. Instance norm is group norm with
  G == C (K == 1).
* layer norm: ``x`` as (R, M): one mean and variance per row of M values; the
  affine weight has one entry per column.
* local response norm: ``x`` as (N, C, S); each output mixes a window of
  channels at one (n, s).

Dtypes
------
``x``, ``weight``, ``bias``, outputs and input gradients are float32 or
float64 (the fused type ``real``). Means, inverse standard deviations and
weight/bias gradients are float64 arrays (except layer norm's weight/bias
gradients: ``real``, rounded once from their double sums), and every sum is
accumulated in double. The statistics take one pass: the sum and the sum of
squares of ``x - shift``, with ``shift`` the first value of the set. The variance
``E[(x-shift)^2] - E[x-shift]^2`` is exact for any shift; with a shift near
the mean it avoids the cancellation that ruins ``E[x^2] - E[x]^2`` when the
mean is large compared with the standard deviation.

Parallelism and determinism
---------------------------
``prange(schedule='static')`` runs over an axis whose iterations own their
statistics and outputs: channels for batch norm (blocks of channels for
(N, C) input, whose channels are columns), rows for group and layer norm,
blocks of columns for the layer-norm weight gradient, (n, spatial block)
tiles for local response norm. Each sum is computed by one thread in a fixed
order, so the results are bit-identical at any thread count. No locks, no
atomics, no shared accumulators.

At SIMD level avx2 and above (x86 processors with AVX2 and FMA; see
``_cpu.pyx``) the sums and the layer-norm passes run the copies in
``norm_simd.pxd`` instead of the loops here. They sum in the same precision,
in another fixed order: as deterministic, different only in the last bits.
"""
from cython.parallel cimport parallel, prange
from libc.math cimport pow, sqrt

from minigrad._ext._cpu cimport MG_AVX2, simd_level
from minigrad._ext._types cimport real
from minigrad._ext.norm_simd cimport (
    mgn_layer_norm_affine_grad_d, mgn_layer_norm_affine_grad_f, mgn_layer_norm_input_grad_d,
    mgn_layer_norm_input_grad_f, mgn_layer_norm_output_d, mgn_layer_norm_output_f,
    mgn_shifted_sums_d, mgn_shifted_sums_f, mgn_weighted_grad_sums_d, mgn_weighted_grad_sums_f,
)

cdef enum:
    # Below this many elements a parallel region costs more than it saves.
    # Layer norm (R, 512) float32, kernels one thread vs two (us, forward /
    # backward): 4096 elements 2.6/4.5 vs 3.0/4.6, 8192 3.4/6.3 vs 3.5/5.7,
    # 16384 5.4/10.6 vs 4.7/7.6. Batch, group and local response norm gain
    # more at 16384 (forward+backward 86 -> 69, 82 -> 71, 532 -> 292 us).
    _PARALLEL_MIN = 16384
    # Columns per task of (N, C) batch norm and of the layer-norm weight
    # gradient: a multiple of a cache line. Fixed, so the split never depends
    # on the thread count. (Channel-per-task (N, C) batch norm read one value
    # per cache line: 10x slower than PyTorch on (256, 1024); blocks are faster.)
    _COLUMN_BLOCK = 64
    # Spatial positions per task of local response norm (same reason).
    _SPATIAL_BLOCK = 256
    # Independent accumulators per sum (see "sums" below).
    _LANES = 16


cdef inline int _threads(Py_ssize_t work, Py_ssize_t tasks, int n_threads) noexcept nogil:
    """Threads for ``tasks`` tasks over ``work`` elements: one for small work, never more than tasks.

    A function of the sizes only (the results never depend on it anyway).
    """
    if work < _PARALLEL_MIN:
        return 1
    return <int>min(<Py_ssize_t>n_threads, tasks)


cdef inline Py_ssize_t _blocks(Py_ssize_t columns) noexcept nogil:
    """The number of column blocks of _COLUMN_BLOCK columns (the last one may be narrower)."""
    return (columns + _COLUMN_BLOCK - 1) // _COLUMN_BLOCK


cdef inline Py_ssize_t _block_width(Py_ssize_t columns, Py_ssize_t block) noexcept nogil:
    return min(<Py_ssize_t>_COLUMN_BLOCK, columns - block * _COLUMN_BLOCK)


# ----------------------------------------------------------------------------- sums
# Every sum runs in _LANES independent double accumulators over consecutive
# values, combined in a fixed order at the end. Independent lanes let the
# adds overlap instead of each waiting for the previous one, and the compiler
# turns the lane loop into vector instructions even when float32 values are
# widened to double (four scalar accumulators do not vectorize): 1.7x faster
# on float32 rows in cache, measured with gcc -O3. The order of every
# addition depends only on n, never on the thread count.

cdef inline void _shifted_sums(const real* x, Py_ssize_t n, double shift,
                               double* total, double* total_sq) noexcept nogil:
    """Add sum(x - shift) to ``total`` and sum((x - shift)**2) to ``total_sq``."""
    cdef double s[_LANES]
    cdef double q[_LANES]
    cdef double d, s_all = 0, q_all = 0
    cdef Py_ssize_t i = 0, lane
    if simd_level() >= MG_AVX2:
        if real is float:
            mgn_shifted_sums_f(x, n, shift, total, total_sq)
        else:
            mgn_shifted_sums_d(x, n, shift, total, total_sq)
        return
    for lane in range(_LANES):
        s[lane] = 0
        q[lane] = 0
    while i + _LANES <= n:
        for lane in range(_LANES):
            d = x[i + lane] - shift
            s[lane] += d
            q[lane] += d * d
        i += _LANES
    while i < n:
        d = x[i] - shift
        s_all += d
        q_all += d * d
        i += 1
    for lane in range(_LANES):
        s_all += s[lane]
        q_all += q[lane]
    total[0] += s_all
    total_sq[0] += q_all


cdef inline void _grad_sums(const real* dy, const real* x, Py_ssize_t n, double mean,
                            double* sum_dy, double* sum_dy_xmu) noexcept nogil:
    """Add sum(dy) to ``sum_dy`` and sum(dy * (x - mean)) to ``sum_dy_xmu``."""
    cdef double s[_LANES]
    cdef double p[_LANES]
    cdef double s_all = 0, p_all = 0
    cdef Py_ssize_t i = 0, lane
    for lane in range(_LANES):
        s[lane] = 0
        p[lane] = 0
    while i + _LANES <= n:
        for lane in range(_LANES):
            s[lane] += dy[i + lane]
            p[lane] += dy[i + lane] * (x[i + lane] - mean)
        i += _LANES
    while i < n:
        s_all += dy[i]
        p_all += dy[i] * (x[i] - mean)
        i += 1
    for lane in range(_LANES):
        s_all += s[lane]
        p_all += p[lane]
    sum_dy[0] += s_all
    sum_dy_xmu[0] += p_all


cdef inline void _weighted_grad_sums(const real* dy, const real* w, const real* x, Py_ssize_t n,
                                     double mean, double* sum_g,
                                     double* sum_g_xmu) noexcept nogil:
    """Add sum(w * dy) to ``sum_g`` and sum(w * dy * (x - mean)) to ``sum_g_xmu``."""
    cdef double s[_LANES]
    cdef double p[_LANES]
    cdef double g, s_all = 0, p_all = 0
    cdef Py_ssize_t i = 0, lane
    if simd_level() >= MG_AVX2:
        if real is float:
            mgn_weighted_grad_sums_f(dy, w, x, n, mean, sum_g, sum_g_xmu)
        else:
            mgn_weighted_grad_sums_d(dy, w, x, n, mean, sum_g, sum_g_xmu)
        return
    for lane in range(_LANES):
        s[lane] = 0
        p[lane] = 0
    while i + _LANES <= n:
        for lane in range(_LANES):
            g = <double>w[i + lane] * dy[i + lane]
            s[lane] += g
            p[lane] += g * (x[i + lane] - mean)
        i += _LANES
    while i < n:
        g = <double>w[i] * dy[i]
        s_all += g
        p_all += g * (x[i] - mean)
        i += 1
    for lane in range(_LANES):
        s_all += s[lane]
        p_all += p[lane]
    sum_g[0] += s_all
    sum_g_xmu[0] += p_all


cdef inline void _moments(double total, double total_sq, Py_ssize_t count, double shift,
                          double* mean, double* var) noexcept nogil:
    """Mean and biased variance from the shifted sums of ``count`` values."""
    cdef double m = total / count
    cdef double v = total_sq / count - m * m
    mean[0] = shift + m
    var[0] = v if v > 0 else 0.0  # rounding can leave a tiny negative


# ----------------------------------------------------------------------------- elementwise passes

cdef inline void _normalize(const real* x, real* out, Py_ssize_t n,
                            real mean, real scale, real shift) noexcept nogil:
    """out = (x - mean) * scale + shift; subtracting first keeps float32 precise for large means."""
    cdef Py_ssize_t i
    for i in range(n):
        out[i] = (x[i] - mean) * scale + shift


cdef inline void _combine(const real* dy, const real* x, real* dx, Py_ssize_t n,
                          real a, real b, real mean, real d) noexcept nogil:
    """dx = a * dy + b * (x - mean) + d: every norm's input gradient has this form."""
    cdef Py_ssize_t i
    for i in range(n):
        dx[i] = a * dy[i] + b * (x[i] - mean) + d


# ----------------------------------------------------------------------------- batch norm

cdef void _batch_norm_forward_channel(
        const real* x, real* out, Py_ssize_t N, Py_ssize_t stride, Py_ssize_t S,
        double w, double b, double* mean, double* var, double* invstd,
        double eps, bint training) noexcept nogil:
    # x and out point at [0, c, 0]; sample n of the channel starts at n * stride.
    cdef Py_ssize_t n
    cdef double total = 0, total_sq = 0, shift
    if training:
        shift = x[0]
        for n in range(N):
            _shifted_sums(x + n * stride, S, shift, &total, &total_sq)
        _moments(total, total_sq, N * S, shift, mean, var)
    invstd[0] = 1.0 / sqrt(var[0] + eps)
    for n in range(N):
        _normalize(x + n * stride, out + n * stride, S,
                   <real>mean[0], <real>(w * invstd[0]), <real>b)


cdef void _batch_norm_forward_columns(
        const real* x, real* out, Py_ssize_t N, Py_ssize_t C, Py_ssize_t c0, Py_ssize_t width,
        const real* weight, const real* bias, double* mean, double* var, double* invstd,
        double eps, bint training) noexcept nogil:
    # (N, C) input: channels c0 .. c0+width-1 are columns; every row holds
    # their values side by side, so the rows are read contiguously and each
    # column keeps its own sums (in channel order, over the rows in order).
    cdef double total[_COLUMN_BLOCK]
    cdef double total_sq[_COLUMN_BLOCK]
    cdef double shift[_COLUMN_BLOCK]
    cdef real m[_COLUMN_BLOCK]
    cdef real scale[_COLUMN_BLOCK]
    cdef real b[_COLUMN_BLOCK]
    cdef double d
    cdef Py_ssize_t n, j
    cdef const real* row
    if training:
        for j in range(width):
            shift[j] = x[c0 + j]
            total[j] = 0
            total_sq[j] = 0
        for n in range(N):
            row = x + n * C + c0
            for j in range(width):
                d = row[j] - shift[j]
                total[j] += d
                total_sq[j] += d * d
        for j in range(width):
            _moments(total[j], total_sq[j], N, shift[j], &mean[c0 + j], &var[c0 + j])
    for j in range(width):
        invstd[c0 + j] = 1.0 / sqrt(var[c0 + j] + eps)
        m[j] = <real>mean[c0 + j]
        scale[j] = <real>(weight[c0 + j] * invstd[c0 + j])
        b[j] = bias[c0 + j]
    for n in range(N):
        for j in range(width):
            out[n * C + c0 + j] = (x[n * C + c0 + j] - m[j]) * scale[j] + b[j]


def batch_norm_forward(const real[:, :, ::1] x,  # IN (N, C, S)
                       const real[::1] weight,  # IN (C,)
                       const real[::1] bias,  # IN (C,)
                       double[::1] mean,  # OUT in training, IN (running mean) in eval
                       double[::1] var,  # OUT in training (biased), IN (running var) in eval
                       double[::1] invstd,  # OUT 1 / sqrt(var + eps)
                       real[:, :, ::1] out,  # OUT (N, C, S)
                       double eps,
                       bint training,
                       int n_threads):
    """Normalise every channel with its batch statistics (training) or the given ones (eval).

    One channel per task; for (N, C) input (S == 1), one block of channels per task.
    """
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], S = x.shape[2], c, block
    cdef int threads = _threads(N * C * S, _blocks(C) if S == 1 else C, n_threads)
    with nogil:
        if S == 1:
            for block in prange(_blocks(C), schedule='static', num_threads=threads):
                _batch_norm_forward_columns(&x[0, 0, 0], &out[0, 0, 0], N, C,
                                            block * _COLUMN_BLOCK, _block_width(C, block),
                                            &weight[0], &bias[0], &mean[0], &var[0], &invstd[0],
                                            eps, training)
        else:
            for c in prange(C, schedule='static', num_threads=threads):
                _batch_norm_forward_channel(&x[0, c, 0], &out[0, c, 0], N, C * S, S,
                                            weight[c], bias[c], &mean[c], &var[c], &invstd[c],
                                            eps, training)


cdef void _batch_norm_backward_channel(
        const real* dy, const real* x, real* dx, Py_ssize_t N, Py_ssize_t stride, Py_ssize_t S,
        double w, double mean, double invstd, double* grad_weight, double* grad_bias,
        bint training, bint input_grad) noexcept nogil:
    # With xhat = (x - mean) * invstd and M = N*S values per channel:
    #   grad_bias   = sum(dy),  grad_weight = sum(dy * xhat)
    #   training:  dx = w * invstd * (dy - grad_bias/M - xhat * grad_weight/M)
    #   eval:      dx = w * invstd * dy   (the statistics are constants)
    cdef Py_ssize_t n
    cdef double sum_dy = 0, sum_dy_xmu = 0, a, b = 0, d = 0
    cdef double count = <double>(N * S)
    for n in range(N):
        _grad_sums(dy + n * stride, x + n * stride, S, mean, &sum_dy, &sum_dy_xmu)
    grad_bias[0] = sum_dy
    grad_weight[0] = sum_dy_xmu * invstd
    if not input_grad:
        return
    a = w * invstd
    if training:
        b = -a * invstd * invstd * sum_dy_xmu / count
        d = -a * sum_dy / count
    for n in range(N):
        _combine(dy + n * stride, x + n * stride, dx + n * stride, S,
                 <real>a, <real>b, <real>mean, <real>d)


cdef void _batch_norm_backward_columns(
        const real* dy, const real* x, real* dx, Py_ssize_t N, Py_ssize_t C, Py_ssize_t c0,
        Py_ssize_t width, const real* weight, const double* mean, const double* invstd,
        double* grad_weight, double* grad_bias, bint training, bint input_grad) noexcept nogil:
    # The (N, C) counterpart of _batch_norm_backward_channel, a block of columns at a time.
    cdef double sum_dy[_COLUMN_BLOCK]
    cdef double sum_dy_xmu[_COLUMN_BLOCK]
    cdef real a[_COLUMN_BLOCK]
    cdef real b[_COLUMN_BLOCK]
    cdef real d[_COLUMN_BLOCK]
    cdef real m[_COLUMN_BLOCK]
    cdef double scale, count = <double>N
    cdef Py_ssize_t n, j, i
    for j in range(width):
        sum_dy[j] = 0
        sum_dy_xmu[j] = 0
    for n in range(N):
        for j in range(width):
            i = n * C + c0 + j
            sum_dy[j] += dy[i]
            sum_dy_xmu[j] += dy[i] * (x[i] - mean[c0 + j])
    for j in range(width):
        grad_bias[c0 + j] = sum_dy[j]
        grad_weight[c0 + j] = sum_dy_xmu[j] * invstd[c0 + j]
        scale = weight[c0 + j] * invstd[c0 + j]
        a[j] = <real>scale
        b[j] = 0
        d[j] = 0
        if training:
            b[j] = <real>(-scale * invstd[c0 + j] * invstd[c0 + j] * sum_dy_xmu[j] / count)
            d[j] = <real>(-scale * sum_dy[j] / count)
        m[j] = <real>mean[c0 + j]
    if not input_grad:
        return
    for n in range(N):
        for j in range(width):
            i = n * C + c0 + j
            dx[i] = a[j] * dy[i] + b[j] * (x[i] - m[j]) + d[j]


def batch_norm_backward(const real[:, :, ::1] grad_out,  # IN (N, C, S)
                        const real[:, :, ::1] x,  # IN (N, C, S)
                        const real[::1] weight,  # IN (C,)
                        const double[::1] mean,  # IN (C,) the mean the forward used
                        const double[::1] invstd,  # IN (C,)
                        real[:, :, ::1] grad_in,  # OUT (N, C, S); untouched unless input_grad
                        double[::1] grad_weight,  # OUT (C,)
                        double[::1] grad_bias,  # OUT (C,)
                        bint training,
                        bint input_grad,
                        int n_threads):
    """Input, weight and bias gradients of batch norm.

    One channel per task; for (N, C) input (S == 1), one block of channels per task.
    """
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], S = x.shape[2], c, block
    cdef int threads = _threads(N * C * S, _blocks(C) if S == 1 else C, n_threads)
    with nogil:
        if S == 1:
            for block in prange(_blocks(C), schedule='static', num_threads=threads):
                _batch_norm_backward_columns(&grad_out[0, 0, 0], &x[0, 0, 0], &grad_in[0, 0, 0],
                                             N, C, block * _COLUMN_BLOCK, _block_width(C, block),
                                             &weight[0], &mean[0], &invstd[0], &grad_weight[0],
                                             &grad_bias[0], training, input_grad)
        else:
            for c in prange(C, schedule='static', num_threads=threads):
                _batch_norm_backward_channel(&grad_out[0, c, 0], &x[0, c, 0], &grad_in[0, c, 0],
                                             N, C * S, S, weight[c], mean[c], invstd[c],
                                             &grad_weight[c], &grad_bias[c], training, input_grad)


# ----------------------------------------------------------------------------- group norm

cdef void _group_norm_forward_row(
        const real* x, real* out, Py_ssize_t K, Py_ssize_t S,
        const real* weight, const real* bias, double* mean, double* var, double* invstd,
        double eps) noexcept nogil:
    # x and out point at row r (K*S values); weight and bias at its group's first channel.
    cdef Py_ssize_t k
    cdef double total = 0, total_sq = 0
    _shifted_sums(x, K * S, x[0], &total, &total_sq)
    _moments(total, total_sq, K * S, x[0], mean, var)
    invstd[0] = 1.0 / sqrt(var[0] + eps)
    for k in range(K):
        _normalize(x + k * S, out + k * S, S, <real>mean[0],
                   <real>(weight[k] * invstd[0]), bias[k])


def group_norm_forward(const real[:, :, ::1] x,  # IN (N*G, K, S)
                       const real[::1] weight,  # IN (G*K,)
                       const real[::1] bias,  # IN (G*K,)
                       double[::1] mean,  # OUT (N*G,)
                       double[::1] var,  # OUT (N*G,) biased
                       double[::1] invstd,  # OUT (N*G,)
                       real[:, :, ::1] out,  # OUT (N*G, K, S)
                       int groups,
                       double eps,
                       int n_threads):
    """Normalise every (sample, group) row with its own statistics; K*S must be positive."""
    cdef Py_ssize_t R = x.shape[0], K = x.shape[1], S = x.shape[2], r
    cdef int threads = _threads(R * K * S, R, n_threads)
    with nogil:
        for r in prange(R, schedule='static', num_threads=threads):
            _group_norm_forward_row(&x[r, 0, 0], &out[r, 0, 0], K, S,
                                    &weight[(r % groups) * K], &bias[(r % groups) * K],
                                    &mean[r], &var[r], &invstd[r], eps)


cdef void _group_norm_backward_row(
        const real* dy, const real* x, real* dx, Py_ssize_t K, Py_ssize_t S,
        const real* weight, double mean, double invstd,
        double* part_weight, double* part_bias, bint input_grad) noexcept nogil:
    # Per channel k of the row: part_bias[k] = sum_s dy, part_weight[k] = sum_s dy * xhat.
    # With g = weight * dy the gradient reaching xhat, and M = K*S:
    #   dx = invstd * (g - mean(g) - xhat * mean(g * xhat))
    #   mean(g)        = sum_k weight[k] * part_bias[k] / M
    #   mean(g * xhat) = sum_k weight[k] * part_weight[k] / M
    cdef Py_ssize_t k
    cdef double sum_dy, sum_dy_xmu, mean_g = 0, mean_gx = 0, b, d
    cdef double count = <double>(K * S)
    for k in range(K):
        sum_dy = 0
        sum_dy_xmu = 0
        _grad_sums(dy + k * S, x + k * S, S, mean, &sum_dy, &sum_dy_xmu)
        part_bias[k] = sum_dy
        part_weight[k] = sum_dy_xmu * invstd
        mean_g += weight[k] * sum_dy
        mean_gx += weight[k] * sum_dy_xmu * invstd
    if not input_grad:
        return
    mean_g /= count
    mean_gx /= count
    b = -invstd * invstd * mean_gx
    d = -invstd * mean_g
    for k in range(K):
        _combine(dy + k * S, x + k * S, dx + k * S, S,
                 <real>(invstd * weight[k]), <real>b, <real>mean, <real>d)


def group_norm_backward(const real[:, :, ::1] grad_out,  # IN (N*G, K, S)
                        const real[:, :, ::1] x,  # IN (N*G, K, S)
                        const real[::1] weight,  # IN (G*K,)
                        const double[::1] mean,  # IN (N*G,)
                        const double[::1] invstd,  # IN (N*G,)
                        real[:, :, ::1] grad_in,  # OUT (N*G, K, S); untouched unless input_grad
                        double[:, ::1] part_weight,  # WORK (N*G, K): per (sample, channel) sums
                        double[:, ::1] part_bias,  # WORK (N*G, K)
                        double[::1] grad_weight,  # OUT (G*K,)
                        double[::1] grad_bias,  # OUT (G*K,)
                        int groups,
                        bint input_grad,
                        int n_threads):
    """Input, weight and bias gradients of group norm.

    One row per task computes the input gradient and each channel's partial
    sums for that sample; a second loop, one channel per task, adds the
    partial sums over the samples in order.
    """
    cdef Py_ssize_t R = x.shape[0], K = x.shape[1], S = x.shape[2], r, c, n
    cdef Py_ssize_t C = groups * K, N = R // groups
    cdef int threads = _threads(R * K * S, R, n_threads)
    with nogil:
        for r in prange(R, schedule='static', num_threads=threads):
            _group_norm_backward_row(&grad_out[r, 0, 0], &x[r, 0, 0], &grad_in[r, 0, 0], K, S,
                                     &weight[(r % groups) * K], mean[r], invstd[r],
                                     &part_weight[r, 0], &part_bias[r, 0], input_grad)
        for c in prange(C, schedule='static', num_threads=_threads(R * K, C, n_threads)):
            grad_weight[c] = 0
            grad_bias[c] = 0
            # Channel c is channel c % K of group c // K, found in row n*G + c//K.
            for n in range(N):
                grad_weight[c] += part_weight[n * groups + c // K, c % K]
                grad_bias[c] += part_bias[n * groups + c // K, c % K]


# ----------------------------------------------------------------------------- layer norm

cdef void _layer_norm_forward_row(
        const real* x, real* out, Py_ssize_t M, const real* weight, const real* bias,
        double* mean, double* invstd, double eps) noexcept nogil:
    cdef Py_ssize_t j
    cdef double total = 0, total_sq = 0, var
    _shifted_sums(x, M, x[0], &total, &total_sq)
    _moments(total, total_sq, M, x[0], mean, &var)
    invstd[0] = 1.0 / sqrt(var + eps)
    cdef real m = <real>mean[0], s = <real>invstd[0]
    if simd_level() >= MG_AVX2:
        if real is float:
            mgn_layer_norm_output_f(x, weight, bias, out, M, m, s)
        else:
            mgn_layer_norm_output_d(x, weight, bias, out, M, m, s)
        return
    for j in range(M):
        out[j] = (x[j] - m) * s * weight[j] + bias[j]


def layer_norm_forward(const real[:, ::1] x,  # IN (R, M)
                       const real[::1] weight,  # IN (M,)
                       const real[::1] bias,  # IN (M,)
                       double[::1] mean,  # OUT (R,)
                       double[::1] invstd,  # OUT (R,)
                       real[:, ::1] out,  # OUT (R, M)
                       double eps,
                       int n_threads):
    """Normalise every row over its M > 0 values, then apply the per-column affine."""
    cdef Py_ssize_t R = x.shape[0], M = x.shape[1], r
    cdef int threads = _threads(R * M, R, n_threads)
    with nogil:
        for r in prange(R, schedule='static', num_threads=threads):
            _layer_norm_forward_row(&x[r, 0], &out[r, 0], M, &weight[0], &bias[0],
                                    &mean[r], &invstd[r], eps)


cdef void _layer_norm_input_grad_row(
        const real* dy, const real* x, real* dx, Py_ssize_t M, const real* weight,
        double mean, double invstd) noexcept nogil:
    # dx = invstd * (g - mean(g) - xhat * mean(g * xhat)) with g = weight * dy.
    cdef Py_ssize_t j
    cdef double sum_g = 0, sum_g_xmu = 0
    _weighted_grad_sums(dy, weight, x, M, mean, &sum_g, &sum_g_xmu)
    cdef real b = <real>(-invstd * invstd * invstd * sum_g_xmu / M)
    cdef real d = <real>(-invstd * sum_g / M)
    cdef real m = <real>mean, s = <real>invstd
    if simd_level() >= MG_AVX2:
        if real is float:
            mgn_layer_norm_input_grad_f(dy, x, weight, dx, M, s, b, m, d)
        else:
            mgn_layer_norm_input_grad_d(dy, x, weight, dx, M, s, b, m, d)
        return
    for j in range(M):
        dx[j] = s * weight[j] * dy[j] + b * (x[j] - m) + d


cdef void _layer_norm_affine_grad_block(
        const real* dy, const real* x, Py_ssize_t R, Py_ssize_t M, Py_ssize_t j0, Py_ssize_t width,
        const double* mean, const double* invstd,
        real* grad_weight, real* grad_bias) noexcept nogil:
    # Columns j0 .. j0+width-1 (width <= _COLUMN_BLOCK), summed over the rows
    # in order. The rows are read contiguously, the sums kept in local arrays
    # that cannot alias the inputs, so the inner loop vectorizes.
    cdef double acc_w[_COLUMN_BLOCK]
    cdef double acc_b[_COLUMN_BLOCK]
    cdef double m, s
    cdef Py_ssize_t r, j
    cdef const real* dy_row
    cdef const real* x_row
    if simd_level() >= MG_AVX2:
        if real is float:
            mgn_layer_norm_affine_grad_f(dy, x, R, M, j0, width, mean, invstd,
                                         grad_weight, grad_bias)
        else:
            mgn_layer_norm_affine_grad_d(dy, x, R, M, j0, width, mean, invstd,
                                         grad_weight, grad_bias)
        return
    for j in range(width):
        acc_w[j] = 0
        acc_b[j] = 0
    for r in range(R):
        dy_row = dy + r * M + j0
        x_row = x + r * M + j0
        m = mean[r]
        s = invstd[r]
        for j in range(width):
            acc_w[j] += dy_row[j] * ((x_row[j] - m) * s)
            acc_b[j] += dy_row[j]
    for j in range(width):
        grad_weight[j0 + j] = <real>acc_w[j]
        grad_bias[j0 + j] = <real>acc_b[j]


def layer_norm_backward(const real[:, ::1] grad_out,  # IN (R, M)
                        const real[:, ::1] x,  # IN (R, M)
                        const real[::1] weight,  # IN (M,)
                        const double[::1] mean,  # IN (R,)
                        const double[::1] invstd,  # IN (R,)
                        real[:, ::1] grad_in,  # OUT (R, M); untouched unless input_grad
                        real[::1] grad_weight,  # OUT (M,) summed in double; untouched unless affine_grad
                        real[::1] grad_bias,  # OUT (M,) likewise
                        bint input_grad,
                        bint affine_grad,
                        int n_threads):
    """Input gradient one row per task; weight and bias gradients one block of columns per task.

    The two loops write different arrays, so they share one parallel region
    with no barrier between them: a thread done with its rows goes on to its
    blocks of columns. On (64, 512) float32 at two threads this took the
    kernel from 13.0 to 12.4 us (medians of 7 alternating runs; one
    parallel region instead of two).
    """
    cdef Py_ssize_t R = x.shape[0], M = x.shape[1], r, block
    cdef int threads = _threads(R * M, max(R, _blocks(M)), n_threads)
    with nogil, parallel(num_threads=threads):
        if input_grad:
            for r in prange(R, schedule='static'):
                _layer_norm_input_grad_row(&grad_out[r, 0], &x[r, 0], &grad_in[r, 0], M,
                                           &weight[0], mean[r], invstd[r])
        if affine_grad:
            for block in prange(_blocks(M), schedule='static'):
                _layer_norm_affine_grad_block(&grad_out[0, 0], &x[0, 0], R, M,
                                              block * _COLUMN_BLOCK, _block_width(M, block),
                                              &mean[0], &invstd[0], &grad_weight[0], &grad_bias[0])


# ----------------------------------------------------------------------------- local response norm
# denom[c] = k + alpha/size * sum(x[c']**2 for c' in window(c)), out = x * denom**-beta,
# window(c) = [c - size//2, c + (size-1)//2] clipped to [0, C) (zero padding).

cdef void _lrn_forward_tile(
        const real* x, real* out, real* denom, Py_ssize_t C, Py_ssize_t S, Py_ssize_t s0,
        Py_ssize_t s1, int size, double alpha, double beta, double k) noexcept nogil:
    # x, out, denom point at sample n; the tile is spatial positions s0..s1-1.
    cdef Py_ssize_t c, c2, s, lo, hi
    cdef double acc, d
    for c in range(C):
        lo = max(0, c - size // 2)
        hi = min(C - 1, c + (size - 1) // 2)
        for s in range(s0, s1):
            acc = 0
            for c2 in range(lo, hi + 1):
                acc += <double>x[c2 * S + s] * x[c2 * S + s]
            d = k + alpha / size * acc
            denom[c * S + s] = <real>d
            out[c * S + s] = <real>(x[c * S + s] * pow(d, -beta))


def local_response_norm_forward(const real[:, :, ::1] x,  # IN (N, C, S)
                                real[:, :, ::1] out,  # OUT (N, C, S)
                                real[:, :, ::1] denom,  # OUT (N, C, S), kept for backward
                                int size, double alpha, double beta, double k,
                                int n_threads):
    """Local response normalization across channels; one (sample, spatial block) per task."""
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], S = x.shape[2], t, n, s0
    cdef Py_ssize_t blocks = (S + _SPATIAL_BLOCK - 1) // _SPATIAL_BLOCK
    cdef int threads = _threads(N * C * S, N * blocks, n_threads)
    with nogil:
        for t in prange(N * blocks, schedule='static', num_threads=threads):
            n = t // blocks
            s0 = (t % blocks) * _SPATIAL_BLOCK
            _lrn_forward_tile(&x[n, 0, 0], &out[n, 0, 0], &denom[n, 0, 0], C, S, s0,
                              min(S, s0 + _SPATIAL_BLOCK), size, alpha, beta, k)


cdef void _lrn_backward_tile(
        const real* dy, const real* x, const real* denom, real* dx, real* work,
        Py_ssize_t C, Py_ssize_t S, Py_ssize_t s0, Py_ssize_t s1,
        int size, double alpha, double beta) noexcept nogil:
    # dx[j] = dy[j] * denom[j]**-beta - 2*alpha*beta/size * x[j]
    #         * sum(dy[c] x[c] denom[c]**(-beta-1) for the c with j in window(c))
    # j is in window(c) exactly when c is in [j - (size-1)//2, j + size//2].
    # First pass: work = dy * x * denom**(-beta-1), and dx holds denom**-beta.
    cdef Py_ssize_t c, c2, s, lo, hi
    cdef double p, acc
    cdef double coef = 2.0 * alpha * beta / size
    for c in range(C):
        for s in range(s0, s1):
            p = pow(<double>denom[c * S + s], -beta)
            dx[c * S + s] = <real>p
            work[c * S + s] = <real>(dy[c * S + s] * x[c * S + s] * p / denom[c * S + s])
    for c in range(C):
        lo = max(0, c - (size - 1) // 2)
        hi = min(C - 1, c + size // 2)
        for s in range(s0, s1):
            acc = 0
            for c2 in range(lo, hi + 1):
                acc += work[c2 * S + s]
            dx[c * S + s] = <real>(dy[c * S + s] * dx[c * S + s] - coef * x[c * S + s] * acc)


def local_response_norm_backward(const real[:, :, ::1] grad_out,  # IN (N, C, S)
                                 const real[:, :, ::1] x,  # IN (N, C, S)
                                 const real[:, :, ::1] denom,  # IN (N, C, S) from the forward
                                 real[:, :, ::1] grad_in,  # OUT (N, C, S)
                                 real[:, :, ::1] work,  # WORK (N, C, S)
                                 int size, double alpha, double beta,
                                 int n_threads):
    """Input gradient of local response normalization; one (sample, spatial block) per task."""
    cdef Py_ssize_t N = x.shape[0], C = x.shape[1], S = x.shape[2], t, n, s0
    cdef Py_ssize_t blocks = (S + _SPATIAL_BLOCK - 1) // _SPATIAL_BLOCK
    cdef int threads = _threads(N * C * S, N * blocks, n_threads)
    with nogil:
        for t in prange(N * blocks, schedule='static', num_threads=threads):
            n = t // blocks
            s0 = (t % blocks) * _SPATIAL_BLOCK
            _lrn_backward_tile(&grad_out[n, 0, 0], &x[n, 0, 0], &denom[n, 0, 0],
                               &grad_in[n, 0, 0], &work[n, 0, 0], C, S, s0,
                               min(S, s0 + _SPATIAL_BLOCK), size, alpha, beta)
