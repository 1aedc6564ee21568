"""Resampling kernels: nearest, linear and cubic interpolation over 1 to 3 spatial dimensions.

Layout
    Every kernel sees a batch of *planes*: an input ``(N, C, D, H, W)``
    arrives as a C-contiguous ``(P, D*H*W)`` array with ``P = N*C``, an
    output as ``(P, OD*OH*OW)``. 1-d and 2-d resampling are 3-d resampling
    with unit leading dimensions.

Tables
    Every interpolation rule of ``F.interpolate`` is separable: along each
    spatial axis an output is a weighted sum of a few inputs of that axis.
    The caller (``minigrad/ops/resample.py``) writes each axis's rule as a
    sparse ``(O, I)`` matrix in compressed-row form: output ``o`` of the axis
    is ``sum(w[k] * input[idx[k]] for k in range(ptr[o], ptr[o + 1]))``. The
    backward pass runs the same kernel with the transposed matrices, so the
    gradient is a gather over the input positions, not a scatter.

Passes
    :func:`resample` applies the axes' matrices one after the other, in the
    order the caller gives (it picks the order that touches the fewest
    elements: for upsampling, the last axis first). A pass along the last
    axis gathers within each line; a pass along an outer axis combines whole
    rows of the inner axes, which is contiguous work the compiler turns into
    vector code. Intermediate results go to a per-thread scratch buffer the
    caller allocates, two halves used in turn.

Dtypes
    float32 or float64 (the fused type ``real``), the same for the data and
    the weights of one call; indices are ``intp``. Sums are taken in
    ``real``, as PyTorch takes them.

Parallelism and determinism
    ``prange`` runs over planes with a static schedule when there are at
    least as many planes as threads; each plane is computed by one thread,
    into its own scratch and its own output plane. With fewer planes (one
    large volume, say) the planes go one after the other and each pass runs
    in parallel over its output lines or rows instead. Either way every
    output element is the same sequence of operations on the same values,
    whatever thread computes it, so the results are bit-identical at any
    thread count. No locks, no atomics.
"""
from cython.parallel cimport prange, threadid
from libc.string cimport memcpy

from minigrad._ext._cpu cimport simd_level
from minigrad._ext._types cimport real

cdef extern from *:
    """
    #include <string.h>

    /* The inner loops, compiled for the baseline, AVX2 and AVX-512 (see
       _cpu.pyx); GCC vectorizes the row loop. At avx2 and above the sums may
       use FMA: as deterministic, different from the baseline in the last bits.

       mg_rs_line*: one line of a pass along the last axis, a gather.
       mg_rs_row: one output row of a pass along an outer axis, the weighted sum
       of the input rows idx[k0..k1) of `inner` elements each (zero for none).
       The first product is stored, not added to zero, so that -0.0 survives
       nearest-neighbour resampling. */
    #define MG_RS_LOOPS(SUFFIX, T, ATTR)                                                  \\
    ATTR static void mg_rs_line_##SUFFIX(const T* __restrict src, T* __restrict dst,      \\
                                         Py_ssize_t n_out, const Py_ssize_t* ptr,         \\
                                         const Py_ssize_t* idx, const T* w) {             \\
        for (Py_ssize_t o = 0; o < n_out; o++) {                                          \\
            Py_ssize_t k = ptr[o], end = ptr[o + 1];                                      \\
            const Py_ssize_t* i = idx + k;                                                \\
            const T* c = w + k;                                                           \\
            T s;                                                                          \\
            switch (end - k) { /* unrolled for the common counts, same sums */            \\
            case 0: s = (T)0; break;                                                      \\
            case 1: s = c[0] * src[i[0]]; break;                                          \\
            case 2: s = c[0] * src[i[0]]; s += c[1] * src[i[1]]; break;                   \\
            case 3: s = c[0] * src[i[0]]; s += c[1] * src[i[1]]; s += c[2] * src[i[2]];   \\
                    break;                                                                \\
            default:                                                                      \\
                s = c[0] * src[i[0]];                                                     \\
                for (Py_ssize_t t = 1; t < end - k; t++)                                  \\
                    s += c[t] * src[i[t]];                                                \\
            }                                                                             \\
            dst[o] = s;                                                                   \\
        }                                                                                 \\
    }                                                                                     \\
    ATTR static void mg_rs_line1_##SUFFIX(const T* __restrict src, T* __restrict dst,     \\
                                          Py_ssize_t n_out, const Py_ssize_t* idx,        \\
                                          const T* w) {                                   \\
        for (Py_ssize_t o = 0; o < n_out; o++)                                            \\
            dst[o] = w[o] * src[idx[o]];                                                  \\
    }                                                                                     \\
    ATTR static void mg_rs_line2_##SUFFIX(const T* __restrict src, T* __restrict dst,     \\
                                          Py_ssize_t n_out, const Py_ssize_t* idx,        \\
                                          const T* w) {                                   \\
        for (Py_ssize_t o = 0; o < n_out; o++) {                                          \\
            T s = w[2 * o] * src[idx[2 * o]];                                             \\
            dst[o] = s + w[2 * o + 1] * src[idx[2 * o + 1]];                              \\
        }                                                                                 \\
    }                                                                                     \\
    ATTR static void mg_rs_line4_##SUFFIX(const T* __restrict src, T* __restrict dst,     \\
                                          Py_ssize_t n_out, const Py_ssize_t* idx,        \\
                                          const T* w) {                                   \\
        for (Py_ssize_t o = 0; o < n_out; o++) {                                          \\
            const Py_ssize_t* i = idx + 4 * o;                                            \\
            const T* c = w + 4 * o;                                                       \\
            T s = c[0] * src[i[0]];                                                       \\
            s += c[1] * src[i[1]];                                                        \\
            s += c[2] * src[i[2]];                                                        \\
            dst[o] = s + c[3] * src[i[3]];                                                \\
        }                                                                                 \\
    }                                                                                     \\
    ATTR static void mg_rs_row_##SUFFIX(const T* __restrict src, T* __restrict dst,       \\
                                        Py_ssize_t inner, Py_ssize_t k0, Py_ssize_t k1,   \\
                                        const Py_ssize_t* idx, const T* w) {              \\
        if (k0 == k1) {                                                                   \\
            memset(dst, 0, (size_t)inner * sizeof(T));                                    \\
            return;                                                                       \\
        }                                                                                 \\
        const T* __restrict row = src + idx[k0] * inner;                                  \\
        T c = w[k0];                                                                      \\
        for (Py_ssize_t l = 0; l < inner; l++)                                            \\
            dst[l] = c * row[l];                                                          \\
        for (Py_ssize_t k = k0 + 1; k < k1; k++) {                                        \\
            row = src + idx[k] * inner;                                                   \\
            c = w[k];                                                                     \\
            for (Py_ssize_t l = 0; l < inner; l++)                                        \\
                dst[l] += c * row[l];                                                     \\
        }                                                                                 \\
    }

    MG_RS_LOOPS(f_base, float, )
    MG_RS_LOOPS(d_base, double, )
    MG_RS_LOOPS(f_avx2, float, MG_TARGET_AVX2)
    MG_RS_LOOPS(d_avx2, double, MG_TARGET_AVX2)
    MG_RS_LOOPS(f_avx512, float, MG_TARGET_AVX512)
    MG_RS_LOOPS(d_avx512, double, MG_TARGET_AVX512)

    #define MG_RS_PICK(NAME, SUFFIX) (level >= MG_AVX512 ? NAME##_##SUFFIX##_avx512      \\
                                      : level >= MG_AVX2 ? NAME##_##SUFFIX##_avx2         \\
                                                         : NAME##_##SUFFIX##_base)
    /* A table with the same number of taps for every output (every forward
       table) takes a loop unrolled for that number: 2x bilinear upsampling of
       16x64x64x64 floats, the pass along W, one thread: 8.9 ms in the general
       loop, 6.3 ms unrolled. (GCC vectorizes none of the line loops: a vector
       gather, forced with tune=skylake-avx512, was no faster on this AMD EPYC.) */
    #define MG_RS_LINE(T, SUFFIX)                                                         \\
    static void mg_rs_line_##SUFFIX(int level, Py_ssize_t taps, const T* src, T* dst,     \\
                                    Py_ssize_t n_out, const Py_ssize_t* ptr,              \\
                                    const Py_ssize_t* idx, const T* w) {                  \\
        if (taps == 1) MG_RS_PICK(mg_rs_line1, SUFFIX)(src, dst, n_out, idx, w);          \\
        else if (taps == 2) MG_RS_PICK(mg_rs_line2, SUFFIX)(src, dst, n_out, idx, w);     \\
        else if (taps == 4) MG_RS_PICK(mg_rs_line4, SUFFIX)(src, dst, n_out, idx, w);     \\
        else MG_RS_PICK(mg_rs_line, SUFFIX)(src, dst, n_out, ptr, idx, w);                \\
    }                                                                                     \\
    static void mg_rs_row_##SUFFIX(int level, const T* src, T* dst, Py_ssize_t inner,     \\
                                   Py_ssize_t k0, Py_ssize_t k1, const Py_ssize_t* idx,   \\
                                   const T* w) {                                          \\
        MG_RS_PICK(mg_rs_row, SUFFIX)(src, dst, inner, k0, k1, idx, w);                   \\
    }
    MG_RS_LINE(float, f)
    MG_RS_LINE(double, d)
    """
    void mg_rs_line_f(int level, Py_ssize_t taps, const float* src, float* dst,
                      Py_ssize_t n_out, const Py_ssize_t* ptr, const Py_ssize_t* idx,
                      const float* w) noexcept nogil
    void mg_rs_line_d(int level, Py_ssize_t taps, const double* src, double* dst,
                      Py_ssize_t n_out, const Py_ssize_t* ptr, const Py_ssize_t* idx,
                      const double* w) noexcept nogil
    void mg_rs_row_f(int level, const float* src, float* dst, Py_ssize_t inner,
                     Py_ssize_t k0, Py_ssize_t k1, const Py_ssize_t* idx,
                     const float* w) noexcept nogil
    void mg_rs_row_d(int level, const double* src, double* dst, Py_ssize_t inner,
                     Py_ssize_t k0, Py_ssize_t k1, const Py_ssize_t* idx,
                     const double* w) noexcept nogil

# Below this many elements touched (input plus output) a parallel region
# costs more than it saves.
cdef enum:
    _PARALLEL_MIN = 32768


cdef struct _Pass:
    # One pass on a plane viewed as (outer, n_in, inner) -> (outer, n_out, inner).
    Py_ssize_t outer, n_in, n_out, inner
    Py_ssize_t taps  # taps of every output, or 0 when the count varies
    const Py_ssize_t* ptr
    const Py_ssize_t* idx
    const void* w


cdef Py_ssize_t _uniform_taps(const Py_ssize_t* ptr, Py_ssize_t n_out) noexcept nogil:
    """The number of taps of every output of a table, or 0 if it varies."""
    cdef Py_ssize_t o, taps = ptr[1] - ptr[0]
    for o in range(1, n_out):
        if ptr[o + 1] - ptr[o] != taps:
            return 0
    return taps


cdef inline Py_ssize_t _units(_Pass* s) noexcept nogil:
    """The pass's independent pieces of work: lines for the last axis, else output rows."""
    return s.outer if s.inner == 1 else s.outer * s.n_out


cdef void _run_units(int level, _Pass* s, const real* src, real* dst,
                     Py_ssize_t first, Py_ssize_t stop) noexcept nogil:
    cdef Py_ssize_t u, b, o
    cdef const real* w = <const real*>s.w
    for u in range(first, stop):
        if s.inner == 1:
            if real is float:
                mg_rs_line_f(level, s.taps, src + u * s.n_in, dst + u * s.n_out, s.n_out,
                             s.ptr, s.idx, w)
            else:
                mg_rs_line_d(level, s.taps, src + u * s.n_in, dst + u * s.n_out, s.n_out,
                             s.ptr, s.idx, w)
        else:
            b = u // s.n_out
            o = u - b * s.n_out
            if real is float:
                mg_rs_row_f(level, src + b * s.n_in * s.inner, dst + u * s.inner, s.inner,
                            s.ptr[o], s.ptr[o + 1], s.idx, w)
            else:
                mg_rs_row_d(level, src + b * s.n_in * s.inner, dst + u * s.inner, s.inner,
                            s.ptr[o], s.ptr[o + 1], s.idx, w)


cdef void _plane(int level, _Pass* passes, int n_passes, const real* src, real* dst,
                 real* scratch, Py_ssize_t half, Py_ssize_t plane_out) noexcept nogil:
    """Every pass over one plane, by one thread: src -> scratch halves in turn -> dst."""
    cdef int i
    cdef const real* a = src
    cdef real* b
    if n_passes == 0:
        memcpy(dst, src, plane_out * sizeof(real))
        return
    for i in range(n_passes):
        b = dst if i == n_passes - 1 else scratch + (i % 2) * half
        _run_units(level, &passes[i], a, b, 0, _units(&passes[i]))
        a = b


def resample(const real[:, ::1] src,  # IN (P, I0*I1*I2)
             real[:, ::1] dst,  # OUT (P, O0*O1*O2)
             real[:, ::1] scratch,  # (rows, 2 * half): intermediate planes, a row per thread
             tuple in_sizes, tuple out_sizes,  # (I0, I1, I2), (O0, O1, O2)
             tuple order,  # the axes to pass over, in turn; the others keep their size
             tuple tables,  # per axis 0, 1, 2: (ptr, idx, w) or None for an axis not in order
             int n_threads):
    """``dst = A2 A1 A0 src`` plane by plane, each ``Ai`` the sparse matrix of axis ``i``."""
    cdef Py_ssize_t P = src.shape[0], plane_in = src.shape[1], plane_out = dst.shape[1]
    cdef Py_ssize_t half = scratch.shape[1] // 2
    cdef _Pass passes[3]
    cdef int n_passes = len(order)
    cdef Py_ssize_t sizes[3]
    cdef Py_ssize_t p, i, j, axis
    cdef const Py_ssize_t[::1] ptr0, idx0, ptr1, idx1, ptr2, idx2
    cdef const real[::1] w0, w1, w2
    cdef int threads = n_threads if P * (plane_in + plane_out) >= _PARALLEL_MIN else 1
    cdef int level = simd_level()
    cdef real* scratch_p
    cdef const real* src_p
    cdef real* dst_p
    if P == 0 or plane_out == 0:
        return
    # Keep each axis's table alive in a typed view for the raw pointers below.
    ptr0, idx0, w0 = tables[0] if tables[0] is not None else (None, None, None)
    ptr1, idx1, w1 = tables[1] if tables[1] is not None else (None, None, None)
    ptr2, idx2, w2 = tables[2] if tables[2] is not None else (None, None, None)
    for i in range(3):
        sizes[i] = in_sizes[i]
    for i in range(n_passes):
        axis = order[i]
        passes[i].outer = 1
        passes[i].inner = 1
        for j in range(axis):
            passes[i].outer *= sizes[j]
        for j in range(axis + 1, 3):
            passes[i].inner *= sizes[j]
        passes[i].n_in = sizes[axis]
        passes[i].n_out = out_sizes[axis]
        sizes[axis] = out_sizes[axis]
        if axis == 0:
            passes[i].ptr, passes[i].idx, passes[i].w = &ptr0[0], &idx0[0], &w0[0]
        elif axis == 1:
            passes[i].ptr, passes[i].idx, passes[i].w = &ptr1[0], &idx1[0], &w1[0]
        else:
            passes[i].ptr, passes[i].idx, passes[i].w = &ptr2[0], &idx2[0], &w2[0]
        passes[i].taps = _uniform_taps(passes[i].ptr, passes[i].n_out)
    src_p = &src[0, 0]
    dst_p = &dst[0, 0]
    scratch_p = &scratch[0, 0] if scratch.shape[1] > 0 else NULL
    if P >= threads:
        threads = min(threads, max(<int>scratch.shape[0], 1))  # never a thread without a row
    with nogil:
        if P >= threads:
            for p in prange(P, schedule='static', num_threads=threads):
                _plane(level, passes, n_passes, src_p + p * plane_in, dst_p + p * plane_out,
                       scratch_p + threadid() * 2 * half, half, plane_out)
        else:
            for p in range(P):
                _plane_by_rows(level, passes, n_passes, src_p + p * plane_in,
                               dst_p + p * plane_out, scratch_p, half, plane_out, threads)


cdef void _plane_by_rows(int level, _Pass* passes, int n_passes, const real* src, real* dst,
                         real* scratch, Py_ssize_t half, Py_ssize_t plane_out,
                         int threads) noexcept nogil:
    """:func:`_plane` with each pass run in parallel over its lines or rows."""
    cdef int i
    cdef Py_ssize_t u
    cdef const real* a = src
    cdef real* b
    if n_passes == 0:
        memcpy(dst, src, plane_out * sizeof(real))
        return
    for i in range(n_passes):
        b = dst if i == n_passes - 1 else scratch + (i % 2) * half
        for u in prange(_units(&passes[i]), schedule='static', num_threads=threads):
            _run_units(level, &passes[i], a, b, u, u + 1)
        a = b
