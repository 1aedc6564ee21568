"""Pooling kernels: max and average pooling (plain and adaptive) and max-unpooling.

Layout
    Every kernel sees a batch of *planes*: an input ``(N, C, D, H, W)`` (or
    ``(C, D, H, W)``) arrives as a C-contiguous ``(P, D*H*W)`` array with
    ``P = N*C`` and each plane flattened; an output ``(N, C, OD, OH, OW)`` as
    ``(P, OD*OH*OW)``. 1-d and 2-d pooling are 3-d pooling with unit leading
    dimensions. The element ``(d, h, w)`` of a plane is at ``(d*H + h)*W + w``;
    that flat number is also what max pooling records as its argmax (the
    indices ``return_indices=True`` gives back, as in PyTorch).

Windows
    The caller (``minigrad/ops/pool/``) turns kernel size, stride, padding,
    dilation, ``ceil_mode`` or adaptive bins into one *window table* per
    spatial dimension: row ``o`` of the ``(O, 3)`` table holds

    * ``first``: the first in-bounds input index of output ``o``'s window,
    * ``count``: how many in-bounds taps the window has (0 when it lies
      wholly in the padding, which dilation makes possible),
    * ``factor``: this dimension's share of the average-pooling divisor.

    The taps are ``first + t*step`` for ``t < count``, ``step`` being the
    dilation for max pooling and 1 for everything else. Padding never
    appears here: padded positions are simply not visited, which for max
    pooling is the same as padding with ``-inf``. Counting the taps in Python
    keeps every kernel loop a plain counted loop, without a division per
    window.

Dtypes
    float32 or float64 (the fused type ``real``), the same for every floating
    array of one call; indices are int64. Average sums are accumulated in
    double.

Parallelism and determinism
    ``prange`` runs over planes with a static schedule. Every write of a
    kernel (an output, an argmax, or an input-gradient scatter, which only
    ever targets the plane it reads from) lands in the plane of the current
    iteration, so no two threads write the same memory and each plane is
    computed by one thread in the same order whatever the thread count:
    results are bit-identical at any number of threads.

Safety
    The Python caller validates every argument. Kernels that follow indices
    (max-pool backward, unpooling) still skip an index outside its plane,
    so even indices changed behind the autograd's back cannot write out of
    bounds.
"""
from cython.parallel cimport prange
from libc.math cimport INFINITY
from libc.stdint cimport int64_t
from libc.string cimport memset

from minigrad._ext._cpu cimport simd_level
from minigrad._ext._types cimport real

cdef extern from *:
    """
    #include <stdint.h>
    #include <string.h>

    /* One output row of 2x2 max pooling at stride 2, without a branch: each
       tap replaces the best so far when it is greater or NaN, as PyTorch's
       scan does (ties keep the first tap, the last NaN wins). Compiled for
       AVX2 (at SIMD level avx2 and above, see _cpu.pyx), GCC turns the loop into vector code, the
       stride-2 loads into shuffles and the choices into blends; its scalar
       remainder is branch-free too. Row by row, LeNet-5's pools, 64x20x28x28 and
       64x50x14x14 floats, one thread: 2.4 and 1.6 ms as baseline code, 0.6
       and 0.8 ms for AVX2. (An AVX-512 copy took 1.1 and 1.5 ms: rows of 14
       and 7 outputs are too short for 16 lanes.) */
    #define MG_POOL_ROW(NAME, T, ATTR, STORE_INDEX)                                   \\
    ATTR static void NAME(const T* __restrict top, const T* __restrict bottom,        \\
                          T* __restrict out, int64_t* __restrict argmax,              \\
                          Py_ssize_t OW, int64_t first, int64_t W) {                  \\
        for (Py_ssize_t ow = 0; ow < OW; ow++) {                                      \\
            T t0 = top[2 * ow], t1 = top[2 * ow + 1];                                 \\
            T t2 = bottom[2 * ow], t3 = bottom[2 * ow + 1];                           \\
            T best = t0;                                                              \\
            int64_t at = 0;                                                           \\
            int take = (t1 > best) | (t1 != t1);                                      \\
            best = take ? t1 : best;                                                  \\
            at = take ? 1 : at;                                                       \\
            take = (t2 > best) | (t2 != t2);                                          \\
            best = take ? t2 : best;                                                  \\
            at = take ? W : at;                                                       \\
            take = (t3 > best) | (t3 != t3);                                          \\
            best = take ? t3 : best;                                                  \\
            at = take ? W + 1 : at;                                                   \\
            out[ow] = best;                                                           \\
            STORE_INDEX                                                               \\
        }                                                                             \\
    }
    #define MG_POOL_INDEX argmax[ow] = first + 2 * ow + at;

    /* The _values copies, for a forward that keeps no indices (inference),
       write the maxima alone: the index arithmetic is dead code there. */
    MG_POOL_ROW(mg_pool_row_f_base, float, , MG_POOL_INDEX)
    MG_POOL_ROW(mg_pool_row_d_base, double, , MG_POOL_INDEX)
    MG_POOL_ROW(mg_pool_row_f_avx2, float, MG_TARGET_AVX2, MG_POOL_INDEX)
    MG_POOL_ROW(mg_pool_row_d_avx2, double, MG_TARGET_AVX2, MG_POOL_INDEX)
    MG_POOL_ROW(mg_pool_row_f_base_values, float, , )
    MG_POOL_ROW(mg_pool_row_d_base_values, double, , )
    MG_POOL_ROW(mg_pool_row_f_avx2_values, float, MG_TARGET_AVX2, )
    MG_POOL_ROW(mg_pool_row_d_avx2_values, double, MG_TARGET_AVX2, )

    /* argmax NULL: the maxima alone. */
    #define MG_POOL_DISPATCH(NAME, T)                                                 \\
    static void NAME(int level, const T* top, const T* bottom, T* out,               \\
                     int64_t* argmax, Py_ssize_t OW, int64_t first, int64_t W) {      \\
        if (argmax == NULL)                                                           \\
            (level >= MG_AVX2 ? NAME##_avx2_values : NAME##_base_values)(             \\
                top, bottom, out, argmax, OW, first, W);                              \\
        else                                                                          \\
            (level >= MG_AVX2 ? NAME##_avx2 : NAME##_base)(                           \\
                top, bottom, out, argmax, OW, first, W);                              \\
    }
    MG_POOL_DISPATCH(mg_pool_row_f, float)
    MG_POOL_DISPATCH(mg_pool_row_d, double)

    /* One plane (H x W input, OH x OW output). Rows of fewer than
       MG_POOL_SHORT outputs leave most of them to the row code's scalar
       remainder (LeNet-5's 14 and 7), so up to MG_POOL_BATCH outputs' worth
       of rows go at once: their top and bottom input rows (the 2*OW columns
       the windows read) side by side in ``top`` and ``bottom``, one call of
       the row code as if one row, then each row's indices moved by the
       columns the copy left out: row r of the batch by 2 * r * (W - OW).
       64x50x14x14 floats with indices, one thread: 0.86 -> 0.25 ms (AVX2
       and AVX-512); 64x20x28x28: 0.60 -> 0.27 ms. Rows of 20 and 28 gained
       nothing. */
    #define MG_POOL_SHORT 16
    #define MG_POOL_BATCH 64
    #define MG_POOL_PLANE(NAME, T, ROW)                                               \\
    static void NAME(int level, const T* x, T* out, int64_t* argmax,                 \\
                     Py_ssize_t OH, Py_ssize_t OW, int64_t W) {                       \\
        T top[2 * MG_POOL_BATCH], bottom[2 * MG_POOL_BATCH];                          \\
        Py_ssize_t batch = OW < MG_POOL_SHORT ? MG_POOL_BATCH / OW : 1;               \\
        for (Py_ssize_t oh = 0; oh < OH; oh += batch) {                               \\
            Py_ssize_t rows = OH - oh < batch ? OH - oh : batch;                      \\
            int64_t* at = argmax ? argmax + oh * OW : NULL;                           \\
            if (batch == 1) {                                                         \\
                ROW(level, x + 2 * oh * W, x + (2 * oh + 1) * W, out + oh * OW, at,   \\
                    OW, 2 * oh * W, W);                                               \\
                continue;                                                             \\
            }                                                                         \\
            for (Py_ssize_t r = 0; r < rows; r++) {                                   \\
                memcpy(top + 2 * r * OW, x + 2 * (oh + r) * W, 2 * OW * sizeof(T));  \\
                memcpy(bottom + 2 * r * OW, x + (2 * (oh + r) + 1) * W,              \\
                       2 * OW * sizeof(T));                                          \\
            }                                                                         \\
            ROW(level, top, bottom, out + oh * OW, at, rows * OW, 2 * oh * W, W);     \\
            if (at)                                                                   \\
                for (Py_ssize_t r = 1; r < rows; r++)                                 \\
                    for (Py_ssize_t ow = 0; ow < OW; ow++)                            \\
                        at[r * OW + ow] += 2 * r * (W - OW);                          \\
        }                                                                             \\
    }
    MG_POOL_PLANE(mg_pool_plane_f, float, mg_pool_row_f)
    MG_POOL_PLANE(mg_pool_plane_d, double, mg_pool_row_d)
    """
    void mg_pool_plane_f(int level, const float* x, float* out, int64_t* argmax,
                         Py_ssize_t OH, Py_ssize_t OW, int64_t W) noexcept nogil
    void mg_pool_plane_d(int level, const double* x, double* out, int64_t* argmax,
                         Py_ssize_t OH, Py_ssize_t OW, int64_t W) noexcept nogil

# Below this many elements touched (input plus output) a parallel region
# costs more than it saves.
cdef enum:
    _PARALLEL_MIN = 32768


cdef inline int _threads_for(Py_ssize_t planes, Py_ssize_t plane_in, Py_ssize_t plane_out,
                             int n_threads) noexcept nogil:
    return n_threads if planes * (plane_in + plane_out) >= _PARALLEL_MIN else 1


cdef _check_indices(int64_t[:, ::1] argmax, real[:, ::1] out):
    if argmax is not None and (argmax.shape[0] != out.shape[0]
                               or argmax.shape[1] != out.shape[1]):
        raise ValueError(f"max pooling: indices of shape ({argmax.shape[0]}, {argmax.shape[1]}) "
                         f"for an output of ({out.shape[0]}, {out.shape[1]})")


# Max pooling finds each window's maximum in two passes over its taps, free
# of data-dependent branches in the common case. (A compare-and-branch per tap
# mispredicts often on real data and dominated a one-pass kernel: 4.1 ms
# against 2.7 ms for 2x2 pooling of 64x20x28x28 floats, one thread.)
#
# 1. best = the largest tap, as ``v if v > best else best`` (one maxss
#    instruction, which skips NaN), and whether any tap is NaN;
# 2. without NaN, the winner is the first tap equal to best, found by a
#    backward scan of conditional moves, so the first of equal maxima wins;
#    with NaN (rare, so a predictable branch), the winner is the last NaN
#    tap, so NaN propagates as in PyTorch.
#
# A window without taps (all in the padding) gives -inf and index -1.


def max_pool_forward(const real[:, ::1] x,  # IN (P, D*H*W)
                     real[:, ::1] out,  # OUT (P, OD*OH*OW)
                     int64_t[:, ::1] argmax,  # OUT (P, OD*OH*OW) flat index in the plane, or None
                     Py_ssize_t H, Py_ssize_t W,
                     const Py_ssize_t[:, ::1] win_d,  # IN (OD, 3) window table
                     const Py_ssize_t[:, ::1] win_h,  # IN (OH, 3)
                     const Py_ssize_t[:, ::1] win_w,  # IN (OW, 3)
                     Py_ssize_t step_d, Py_ssize_t step_h, Py_ssize_t step_w,
                     int n_threads):
    """The maximum of each window and where it is (the two passes above).

    With ``argmax`` None, the maxima alone: the second pass runs only for a
    window with a NaN, to pick the NaN that PyTorch returns.
    """
    cdef Py_ssize_t P = x.shape[0]
    cdef Py_ssize_t OD = win_d.shape[0], OH = win_h.shape[0], OW = win_w.shape[0]
    cdef Py_ssize_t p, od, oh, ow, o, a, b, c, nd, nh, nw, i, row, best_at
    cdef Py_ssize_t d0, h0, w0
    cdef const real* xp
    cdef real v, best
    cdef bint nan
    cdef bint want_indices = argmax is not None
    cdef int threads = _threads_for(P, x.shape[1], out.shape[1], n_threads)
    if OD * OH * OW == 0:
        return
    _check_indices(argmax, out)
    with nogil:
        for p in prange(P, schedule='static', num_threads=threads):
            xp = &x[p, 0]
            o = 0
            for od in range(OD):
                d0 = win_d[od, 0]
                nd = win_d[od, 1]
                for oh in range(OH):
                    h0 = win_h[oh, 0]
                    nh = win_h[oh, 1]
                    for ow in range(OW):
                        w0 = win_w[ow, 0]
                        nw = win_w[ow, 1]
                        best = -INFINITY
                        nan = False
                        for a in range(nd):
                            for b in range(nh):
                                row = ((d0 + a * step_d) * H + h0 + b * step_h) * W + w0
                                for c in range(nw):
                                    v = xp[row + c * step_w]
                                    best = v if v > best else best
                                    nan = nan | (v != v)
                        best_at = -1
                        for a in range(nd - 1 if want_indices or nan else -1, -1, -1):
                            for b in range(nh - 1, -1, -1):
                                row = ((d0 + a * step_d) * H + h0 + b * step_h) * W + w0
                                for c in range(nw - 1, -1, -1):
                                    i = row + c * step_w
                                    if nan:
                                        # Backward, so the first NaN met is the last one.
                                        if best_at < 0 and xp[i] != xp[i]:
                                            best_at = i
                                            best = xp[i]
                                    else:
                                        best_at = i if xp[i] == best else best_at
                        out[p, o] = best
                        if want_indices:
                            argmax[p, o] = best_at
                        o = o + 1


def max_pool_2x2_forward(const real[:, ::1] x,  # IN (P, H*W)
                         real[:, ::1] out,  # OUT (P, (H // 2) * (W // 2))
                         int64_t[:, ::1] argmax,  # OUT (P, (H // 2) * (W // 2)), or None
                         Py_ssize_t H, Py_ssize_t W,
                         int n_threads):
    """:func:`max_pool_forward` for 2-d 2x2 windows at stride 2, no padding or dilation.

    The pooling of LeNet-5 and most small CNNs, with the same results as the
    general kernel: the four taps unrolled, no window tables, vector code (see
    ``MG_POOL_ROW`` and ``MG_POOL_PLANE``). On 64x20x28x28 floats, one thread:
    0.27 ms (PyTorch 2.13 with indices: 5.4 ms).
    """
    cdef Py_ssize_t P = x.shape[0], OH = H // 2, OW = W // 2
    cdef Py_ssize_t p
    cdef int threads = _threads_for(P, x.shape[1], out.shape[1], n_threads)
    cdef int level = simd_level()
    cdef bint want_indices = argmax is not None
    if OH * OW == 0:
        return
    _check_indices(argmax, out)
    with nogil:
        for p in prange(P, schedule='static', num_threads=threads):
            if real is float:
                mg_pool_plane_f(level, &x[p, 0], &out[p, 0],
                                &argmax[p, 0] if want_indices else NULL, OH, OW, W)
            else:
                mg_pool_plane_d(level, &x[p, 0], &out[p, 0],
                                &argmax[p, 0] if want_indices else NULL, OH, OW, W)


def max_pool_backward(const real[:, ::1] grad_out,  # IN (P, OD*OH*OW)
                      const int64_t[:, ::1] argmax,  # IN (P, OD*OH*OW)
                      real[:, ::1] grad_in,  # OUT (P, D*H*W)
                      int n_threads):
    """Add each output gradient to the input element its window's maximum came from.

    Each plane of ``grad_in`` is zeroed by the thread that scatters into it
    (a serial ``np.zeros`` of LeNet's first pooling input, 4 MB, cost as
    much as the whole scatter on two threads).
    """
    cdef Py_ssize_t P = grad_out.shape[0], n_out = grad_out.shape[1]
    cdef Py_ssize_t plane = grad_in.shape[1]
    cdef Py_ssize_t p, o, i
    cdef int threads = _threads_for(P, plane, n_out, n_threads)
    if plane == 0:
        return
    with nogil:
        for p in prange(P, schedule='static', num_threads=threads):
            memset(&grad_in[p, 0], 0, plane * sizeof(real))
            for o in range(n_out):
                i = argmax[p, o]
                if 0 <= i < plane:
                    grad_in[p, i] += grad_out[p, o]


def avg_pool_forward(const real[:, ::1] x,  # IN (P, D*H*W)
                     real[:, ::1] out,  # OUT (P, OD*OH*OW)
                     Py_ssize_t H, Py_ssize_t W,
                     const Py_ssize_t[:, ::1] win_d,  # IN (OD, 3) window table
                     const Py_ssize_t[:, ::1] win_h,  # IN (OH, 3)
                     const Py_ssize_t[:, ::1] win_w,  # IN (OW, 3)
                     double divisor_override,
                     int n_threads):
    """The sum of each window divided by ``factor_d * factor_h * factor_w``.

    A non-zero ``divisor_override`` replaces that product.
    """
    cdef Py_ssize_t P = x.shape[0]
    cdef Py_ssize_t OD = win_d.shape[0], OH = win_h.shape[0], OW = win_w.shape[0]
    cdef Py_ssize_t p, od, oh, ow, o, i, j, k, row
    cdef double total, divisor
    cdef int threads = _threads_for(P, x.shape[1], out.shape[1], n_threads)
    with nogil:
        for p in prange(P, schedule='static', num_threads=threads):
            o = 0
            for od in range(OD):
                for oh in range(OH):
                    for ow in range(OW):
                        total = 0
                        for i in range(win_d[od, 0], win_d[od, 0] + win_d[od, 1]):
                            for j in range(win_h[oh, 0], win_h[oh, 0] + win_h[oh, 1]):
                                row = (i * H + j) * W
                                for k in range(win_w[ow, 0], win_w[ow, 0] + win_w[ow, 1]):
                                    total = total + x[p, row + k]
                        divisor = divisor_override
                        if divisor == 0:
                            divisor = <double>(win_d[od, 2] * win_h[oh, 2] * win_w[ow, 2])
                        out[p, o] = <real>(total / divisor)
                        o = o + 1


def avg_pool_backward(const real[:, ::1] grad_out,  # IN (P, OD*OH*OW)
                      real[:, ::1] grad_in,  # OUT (P, D*H*W), zero on entry
                      Py_ssize_t H, Py_ssize_t W,
                      const Py_ssize_t[:, ::1] win_d,  # IN (OD, 3) window table
                      const Py_ssize_t[:, ::1] win_h,  # IN (OH, 3)
                      const Py_ssize_t[:, ::1] win_w,  # IN (OW, 3)
                      double divisor_override,
                      int n_threads):
    """Spread each output gradient, divided as in forward, over its window."""
    cdef Py_ssize_t P = grad_out.shape[0]
    cdef Py_ssize_t OD = win_d.shape[0], OH = win_h.shape[0], OW = win_w.shape[0]
    cdef Py_ssize_t p, od, oh, ow, o, i, j, k, row
    cdef double divisor
    cdef real share
    cdef int threads = _threads_for(P, grad_in.shape[1], grad_out.shape[1], n_threads)
    with nogil:
        for p in prange(P, schedule='static', num_threads=threads):
            o = 0
            for od in range(OD):
                for oh in range(OH):
                    for ow in range(OW):
                        divisor = divisor_override
                        if divisor == 0:
                            divisor = <double>(win_d[od, 2] * win_h[oh, 2] * win_w[ow, 2])
                        share = <real>(grad_out[p, o] / divisor)
                        for i in range(win_d[od, 0], win_d[od, 0] + win_d[od, 1]):
                            for j in range(win_h[oh, 0], win_h[oh, 0] + win_h[oh, 1]):
                                row = (i * H + j) * W
                                for k in range(win_w[ow, 0], win_w[ow, 0] + win_w[ow, 1]):
                                    grad_in[p, row + k] += share
                        o = o + 1


def max_unpool_forward(const real[:, ::1] x,  # IN (P, n_in)
                       const int64_t[:, ::1] indices,  # IN (P, n_in), flat into out's plane
                       real[:, ::1] out,  # OUT (P, n_out), zero on entry
                       int n_threads):
    """``out[p, indices[p, i]] = x[p, i]``; of repeated indices the last one wins."""
    cdef Py_ssize_t P = x.shape[0], n_in = x.shape[1], plane = out.shape[1]
    cdef Py_ssize_t p, o, i
    cdef int threads = _threads_for(P, n_in, plane, n_threads)
    with nogil:
        for p in prange(P, schedule='static', num_threads=threads):
            for o in range(n_in):
                i = indices[p, o]
                if 0 <= i < plane:
                    out[p, i] = x[p, o]


def max_unpool_backward(const real[:, ::1] grad_out,  # IN (P, n_out)
                        const int64_t[:, ::1] indices,  # IN (P, n_in)
                        real[:, ::1] grad_in,  # OUT (P, n_in)
                        int n_threads):
    """``grad_in[p, i] = grad_out[p, indices[p, i]]``."""
    cdef Py_ssize_t P = grad_in.shape[0], n_in = grad_in.shape[1], plane = grad_out.shape[1]
    cdef Py_ssize_t p, o, i
    cdef int threads = _threads_for(P, n_in, plane, n_threads)
    with nogil:
        for p in prange(P, schedule='static', num_threads=threads):
            for o in range(n_in):
                i = indices[p, o]
                grad_in[p, o] = grad_out[p, i] if 0 <= i < plane else <real>0
