# The direct path of conv.pyx: unit-stride convolutions computed from a
# zero-padded copy of one sample, without im2col and without BLAS. Its
# microkernels (C, below), then the Cython that applies them.
#
# Why: with unit stride, kernel tap (c, kd, kh, kw) reads the padded input at
# a fixed offset off[k] from the output position, so a run of consecutive
# outputs along a row reads a run of consecutive inputs. A register-blocked
# microkernel loads those runs straight from the padded sample: mr output
# channels x 2 vectors of positions per step, one FMA per (channel, vector,
# tap), each tap's weights broadcast. There is no column buffer to write and
# no BLAS packing to copy it again; on LeNet-sized layers those two passes
# cost as much as the multiplications. Measured on LeNet conv2 (64x20x14x14
# -> 50, k5, one thread): forward 13.2 ms with im2col + OpenBLAS, 8.9 ms
# here (PyTorch 10.2 ms in the same run); forward + backward 37.3 -> 29.7 ms
# (PyTorch 33.7). ResNet's 64-channel 56x56 layer, forward: 137 -> 110 ms.
#
# The input gradient of a unit-stride convolution is the same computation
# with the kernel flipped and its channel axes swapped, read from the output
# gradient padded by d*(k-1) - p. The weight gradient reduces over positions
# instead: its microkernel keeps output channels along the vector and
# broadcasts the input, so that no sum across lanes is needed. Every result
# is one sum over taps (or positions) in a fixed order, at any thread count.
#
# Positions come in rows: `rows` rows of `row_len` positions, `stride` apart
# in the input. The caller picks the rows: either whole padded rows as one
# flat row (cheap when the padding is narrow), or each output row on its own
# (when the padding would waste too many lanes).
#
# C with GCC/Clang vector extensions, whose constant-bound loops over the
# accumulator arrays unroll into registers. On x86 an AVX-512 copy (vectors of
# 64 bytes) or an AVX2+FMA copy (32 bytes) of each kernel runs at those SIMD
# levels (_cpu.pxd; the build targets any x86-64), the baseline copy below
# them; other compilers get plain loops that compute the same sums. A step
# is two vectors, so _grid reads the level once per call and sizes the
# steps and buffers for its copy (_vector_bytes). Every copy sums each
# output over the same taps (or positions) in the same order, so the choice
# changes speed, not results (FMA or not aside: the baseline copy rounds
# each product). AVX-512 against AVX2, one thread, float32, interleaved
# medians: LeNet conv2 forward 7.7 -> 4.5 ms, forward + backward 23.7 -> 15.9
# ms; a ResNet 64-channel 3x3 layer at batch 8 (56x56), 74 -> 55 ms.
from cython.parallel cimport parallel, prange
from libc.stdlib cimport free, malloc
from libc.string cimport memset

from minigrad._ext._cpu cimport MG_AVX512, simd_level
from minigrad._ext._types cimport real
from minigrad._ext.conv cimport Geometry

cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    typedef float mg_vf __attribute__((vector_size(32)));     /* 8 floats */
    typedef double mg_vd __attribute__((vector_size(32)));    /* 4 doubles */
    typedef float mg_vf16 __attribute__((vector_size(64)));   /* 16 floats */
    typedef double mg_vd8 __attribute__((vector_size(64)));   /* 8 doubles */
    #define MG_LOAD(v, p) __builtin_memcpy(&(v), (p), sizeof(v))
    #define MG_STORE(p, v) __builtin_memcpy((p), &(v), sizeof(v))

    /* out[i*ld + r*row_len + p] = sum_k w[k*MR + i] * x[r*stride + p + off[k]]
       for i < MR, r < rows, p < row_len (a multiple of 2 vectors). */
    #define MG_TILE(NAME, T, V, LN, MR, ATTR)                                        \\
    ATTR static void NAME(const T* x, const Py_ssize_t* off, Py_ssize_t K,           \\
                          const T* w, T* out, Py_ssize_t ld, Py_ssize_t rows,        \\
                          Py_ssize_t row_len, Py_ssize_t stride) {                   \\
        for (Py_ssize_t r = 0; r < rows; r++)                                        \\
        for (Py_ssize_t p = 0; p < row_len; p += 2 * LN) {                           \\
            V a[MR], b[MR];                                                          \\
            for (int i = 0; i < MR; i++) { a[i] = (V){0}; b[i] = (V){0}; }           \\
            const T* xp = x + r * stride + p;                                        \\
            const T* wk = w;                                                         \\
            for (Py_ssize_t k = 0; k < K; k++, wk += MR) {                           \\
                V u, v;                                                              \\
                MG_LOAD(u, xp + off[k]);                                             \\
                MG_LOAD(v, xp + off[k] + LN);                                        \\
                for (int i = 0; i < MR; i++) { a[i] += u * wk[i]; b[i] += v * wk[i]; }\\
            }                                                                        \\
            T* o = out + r * row_len + p;                                            \\
            for (int i = 0; i < MR; i++) {                                           \\
                MG_STORE(o + i * ld, a[i]);                                          \\
                MG_STORE(o + i * ld + LN, b[i]);                                     \\
            }                                                                        \\
        }                                                                            \\
    }

    /* One channel: 4 vectors of positions per step while they fit (4 chains
       of FMAs hide their latency), then 2. */
    #define MG_TILE1(NAME, T, V, LN, MR, ATTR)                                       \\
    ATTR static void NAME(const T* x, const Py_ssize_t* off, Py_ssize_t K,           \\
                          const T* w, T* out, Py_ssize_t ld, Py_ssize_t rows,        \\
                          Py_ssize_t row_len, Py_ssize_t stride) {                   \\
        (void)ld;                                                                    \\
        for (Py_ssize_t r = 0; r < rows; r++) {                                      \\
            const T* xr = x + r * stride;                                            \\
            T* o = out + r * row_len;                                                \\
            Py_ssize_t p = 0;                                                        \\
            for (; p + 4 * LN <= row_len; p += 4 * LN) {                             \\
                V a[4] = {{0}, {0}, {0}, {0}};                                       \\
                for (Py_ssize_t k = 0; k < K; k++)                                   \\
                    for (int j = 0; j < 4; j++) {                                    \\
                        V u;                                                         \\
                        MG_LOAD(u, xr + p + off[k] + j * LN);                        \\
                        a[j] += u * w[k];                                            \\
                    }                                                                \\
                for (int j = 0; j < 4; j++) MG_STORE(o + p + j * LN, a[j]);          \\
            }                                                                        \\
            for (; p < row_len; p += 2 * LN) {                                       \\
                V a[2] = {{0}, {0}};                                                 \\
                for (Py_ssize_t k = 0; k < K; k++)                                   \\
                    for (int j = 0; j < 2; j++) {                                    \\
                        V u;                                                         \\
                        MG_LOAD(u, xr + p + off[k] + j * LN);                        \\
                        a[j] += u * w[k];                                            \\
                    }                                                                \\
                for (int j = 0; j < 2; j++) MG_STORE(o + p + j * LN, a[j]);          \\
            }                                                                        \\
        }                                                                            \\
    }

    /* res[j*NV*LN + q] = sum over r < rows, p < row_len of
       x[r*stride + p + off[j]] * g[(r*row_len + p)*ldg + q], for j < NT taps and
       q < NV*LN output channels (NV vectors). NV x NT is 2 x 6 (8 loads per 12
       FMAs: each broadcast input feeds two), 1 x 12 or 1 x 4. */
    #define MG_WGRAD(NAME, T, V, LN, NV, NT, ATTR)                                   \\
    ATTR static void NAME(const T* g, Py_ssize_t ldg, const T* x,                    \\
                          const Py_ssize_t* off, Py_ssize_t rows, Py_ssize_t row_len,\\
                          Py_ssize_t stride, T* res) {                               \\
        V a[NT][NV];                                                                 \\
        for (int j = 0; j < NT; j++)                                                 \\
            for (int v = 0; v < NV; v++) a[j][v] = (V){0};                           \\
        for (Py_ssize_t r = 0; r < rows; r++) {                                      \\
            const T* xr = x + r * stride;                                            \\
            const T* gr = g + r * row_len * ldg;                                     \\
            for (Py_ssize_t p = 0; p < row_len; p++) {                               \\
                V u[NV];                                                             \\
                for (int v = 0; v < NV; v++) MG_LOAD(u[v], gr + p * ldg + v * LN);   \\
                for (int j = 0; j < NT; j++) {                                       \\
                    T s = xr[p + off[j]];                                            \\
                    for (int v = 0; v < NV; v++) a[j][v] += u[v] * s;                \\
                }                                                                    \\
            }                                                                        \\
        }                                                                            \\
        for (int j = 0; j < NT; j++)                                                 \\
            for (int v = 0; v < NV; v++) MG_STORE(res + (j * NV + v) * LN, a[j][v]); \\
    }

    /* Each kernel three times: for AVX-512 on vectors twice as wide, for
       AVX2+FMA and for the baseline. */
    #define MG_ALL(MACRO, NAME, T, V, V2, LN, ...)                                   \\
        MACRO(NAME##_avx512, T, V2, (2 * LN), __VA_ARGS__, MG_TARGET_AVX512)          \\
        MACRO(NAME##_avx2, T, V, LN, __VA_ARGS__, MG_TARGET_AVX2)                     \\
        MACRO(NAME##_base, T, V, LN, __VA_ARGS__, )
    MG_ALL(MG_TILE, mg_tile8_f, float, mg_vf, mg_vf16, 8, 8)
    MG_ALL(MG_TILE, mg_tile6_f, float, mg_vf, mg_vf16, 8, 6)
    MG_ALL(MG_TILE, mg_tile5_f, float, mg_vf, mg_vf16, 8, 5)
    MG_ALL(MG_TILE, mg_tile4_f, float, mg_vf, mg_vf16, 8, 4)
    MG_ALL(MG_TILE1, mg_tile1_f, float, mg_vf, mg_vf16, 8, 1)
    MG_ALL(MG_TILE, mg_tile8_d, double, mg_vd, mg_vd8, 4, 8)
    MG_ALL(MG_TILE, mg_tile6_d, double, mg_vd, mg_vd8, 4, 6)
    MG_ALL(MG_TILE, mg_tile5_d, double, mg_vd, mg_vd8, 4, 5)
    MG_ALL(MG_TILE, mg_tile4_d, double, mg_vd, mg_vd8, 4, 4)
    MG_ALL(MG_TILE1, mg_tile1_d, double, mg_vd, mg_vd8, 4, 1)
    MG_ALL(MG_WGRAD, mg_wgrad2x6_f, float, mg_vf, mg_vf16, 8, 2, 6)
    MG_ALL(MG_WGRAD, mg_wgrad1x12_f, float, mg_vf, mg_vf16, 8, 1, 12)
    MG_ALL(MG_WGRAD, mg_wgrad1x4_f, float, mg_vf, mg_vf16, 8, 1, 4)
    MG_ALL(MG_WGRAD, mg_wgrad2x6_d, double, mg_vd, mg_vd8, 4, 2, 6)
    MG_ALL(MG_WGRAD, mg_wgrad1x12_d, double, mg_vd, mg_vd8, 4, 1, 12)
    MG_ALL(MG_WGRAD, mg_wgrad1x4_d, double, mg_vd, mg_vd8, 4, 1, 4)

    #define MG_PICK(NAME) (level == MG_AVX512 ? NAME##_avx512                        \\
                           : level == MG_AVX2 ? NAME##_avx2 : NAME##_base)
    #define MG_DISPATCH(SUFFIX, T)                                                   \\
    static void mg_tile_##SUFFIX(int level, int mr, const T* x, const Py_ssize_t* off,\\
                                 Py_ssize_t K, const T* w, T* out, Py_ssize_t ld,    \\
                                 Py_ssize_t rows, Py_ssize_t row_len,                \\
                                 Py_ssize_t stride) {                                \\
        switch (mr) {                                                                \\
        case 8: MG_PICK(mg_tile8_##SUFFIX)(x, off, K, w, out, ld, rows, row_len, stride); break;\\
        case 6: MG_PICK(mg_tile6_##SUFFIX)(x, off, K, w, out, ld, rows, row_len, stride); break;\\
        case 5: MG_PICK(mg_tile5_##SUFFIX)(x, off, K, w, out, ld, rows, row_len, stride); break;\\
        case 4: MG_PICK(mg_tile4_##SUFFIX)(x, off, K, w, out, ld, rows, row_len, stride); break;\\
        default: MG_PICK(mg_tile1_##SUFFIX)(x, off, K, w, out, ld, rows, row_len, stride);\\
        }                                                                            \\
    }                                                                                \\
    static void mg_wgrad_##SUFFIX(int level, int vectors, int taps, const T* g,      \\
                                  Py_ssize_t ldg,                                    \\
                                  const T* x, const Py_ssize_t* off, Py_ssize_t rows,\\
                                  Py_ssize_t row_len, Py_ssize_t stride, T* res) {   \\
        if (vectors == 2)                                                            \\
            MG_PICK(mg_wgrad2x6_##SUFFIX)(g, ldg, x, off, rows, row_len, stride, res);\\
        else if (taps == 12)                                                         \\
            MG_PICK(mg_wgrad1x12_##SUFFIX)(g, ldg, x, off, rows, row_len, stride, res);\\
        else                                                                         \\
            MG_PICK(mg_wgrad1x4_##SUFFIX)(g, ldg, x, off, rows, row_len, stride, res);\\
    }
    MG_DISPATCH(f, float)
    MG_DISPATCH(d, double)

    #else  /* no vector extensions: the same sums in plain loops */
    #define MG_PLAIN(SUFFIX, T, LN)                                                  \\
    static void mg_tile_##SUFFIX(int level, int mr, const T* x, const Py_ssize_t* off,\\
                                 Py_ssize_t K, const T* w, T* out, Py_ssize_t ld,    \\
                                 Py_ssize_t rows, Py_ssize_t row_len,                \\
                                 Py_ssize_t stride) {                                \\
        if (mr != 8 && mr != 6 && mr != 5 && mr != 4) mr = 1;                       \\
        for (int i = 0; i < mr; i++)                                                 \\
            for (Py_ssize_t r = 0; r < rows; r++)                                    \\
                for (Py_ssize_t p = 0; p < row_len; p++) {                           \\
                    T a = 0;                                                         \\
                    for (Py_ssize_t k = 0; k < K; k++)                               \\
                        a += w[k * mr + i] * x[r * stride + p + off[k]];             \\
                    out[i * ld + r * row_len + p] = a;                               \\
                }                                                                    \\
    }                                                                                \\
    static void mg_wgrad_##SUFFIX(int level, int vectors, int taps, const T* g,      \\
                                  Py_ssize_t ldg,                                    \\
                                  const T* x, const Py_ssize_t* off, Py_ssize_t rows,\\
                                  Py_ssize_t row_len, Py_ssize_t stride, T* res) {   \\
        for (int j = 0; j < taps; j++)                                               \\
            for (int q = 0; q < vectors * LN; q++) {                                 \\
                T a = 0;                                                             \\
                for (Py_ssize_t r = 0; r < rows; r++)                                \\
                    for (Py_ssize_t p = 0; p < row_len; p++)                         \\
                        a += x[r * stride + p + off[j]] * g[(r * row_len + p) * ldg + q];\\
                res[j * vectors * LN + q] = a;                                       \\
            }                                                                        \\
    }
    MG_PLAIN(f, float, 8)
    MG_PLAIN(d, double, 4)
    #endif
    """
    void mg_tile_f(int level, int mr, const float* x, const Py_ssize_t* off, Py_ssize_t K,
                   const float* w, float* out, Py_ssize_t ld, Py_ssize_t rows,
                   Py_ssize_t row_len, Py_ssize_t stride) noexcept nogil
    void mg_tile_d(int level, int mr, const double* x, const Py_ssize_t* off, Py_ssize_t K,
                   const double* w, double* out, Py_ssize_t ld, Py_ssize_t rows,
                   Py_ssize_t row_len, Py_ssize_t stride) noexcept nogil
    void mg_wgrad_f(int level, int vectors, int taps, const float* g, Py_ssize_t ldg,
                    const float* x, const Py_ssize_t* off, Py_ssize_t rows, Py_ssize_t row_len,
                    Py_ssize_t stride, float* res) noexcept nogil
    void mg_wgrad_d(int level, int vectors, int taps, const double* g, Py_ssize_t ldg,
                    const double* x, const Py_ssize_t* off, Py_ssize_t rows, Py_ssize_t row_len,
                    Py_ssize_t stride, double* res) noexcept nogil


cdef inline void _tile(int level, int mr, const real* x, const Py_ssize_t* off, Py_ssize_t K,
                       const real* w, real* out, Py_ssize_t ld, Py_ssize_t rows,
                       Py_ssize_t row_len, Py_ssize_t stride) noexcept nogil:
    # mr output channels (8, 6, 5 or 4; anything else means 1) over rows of
    # positions, in the copy of SIMD level `level`; see the C comments above.
    if real is float:
        mg_tile_f(level, mr, x, off, K, w, out, ld, rows, row_len, stride)
    else:
        mg_tile_d(level, mr, x, off, K, w, out, ld, rows, row_len, stride)


cdef inline void _wgrad(int level, int vectors, int taps, const real* g, Py_ssize_t ldg,
                        const real* x, const Py_ssize_t* off, Py_ssize_t rows,
                        Py_ssize_t row_len, Py_ssize_t stride, real* res) noexcept nogil:
    # (vectors, taps) is (2, 6), (1, 12) or (1, 4); see the C comments above.
    if real is float:
        mg_wgrad_f(level, vectors, taps, g, ldg, x, off, rows, row_len, stride, res)
    else:
        mg_wgrad_d(level, vectors, taps, g, ldg, x, off, rows, row_len, stride, res)


cdef inline Py_ssize_t _vector_bytes(int level) noexcept nogil:
    # The width of one vector of the copy of that level (a step is two).
    return 64 if level == MG_AVX512 else 32


# ----------------------------------------------------------------------------- the direct path
# The microkernels above applied to a convolution: conv.pyx calls
# _direct_output for the forward (src = x) or the input gradient (src =
# grad_out), and _direct_weight_sample for each sample of the weight gradient.

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
    int level                           # SIMD level of the microkernels, read once per call
    int mr                              # output channels per microkernel call: 8, 6, 5 or 4
    Py_ssize_t step                     # positions per microkernel step: 2 vectors
    Py_ssize_t rows                     # output rows per sweep
    bint by_row                         # a microkernel row per output row, or one flat row
    Py_ssize_t tile_size                # elements of a sweep's result, mr channels
    Py_ssize_t size                     # grid elements, with room for a step's overrun


cdef inline Py_ssize_t _round_up(Py_ssize_t n, Py_ssize_t m) noexcept nogil:
    return (n + m - 1) // m * m


cdef inline Grid _grid(const Geometry* s, bint backward_input,
                       Py_ssize_t itemsize) noexcept nogil:
    cdef Grid q
    q.level = simd_level()
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
    if _vector_bytes(q.level) == 64 and q.Co % 8 <= q.Co % q.mr:
        q.mr = 8
    q.step = 2 * _vector_bytes(q.level) // itemsize
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


cdef inline Py_ssize_t* _offsets(const Grid* q) except NULL:
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


cdef inline void _place(const real* src, real* grid, const Grid* q) noexcept nogil:
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


cdef inline void _pack(const real* w, real* packed, const Geometry* s, const Grid* q, Py_ssize_t g,
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


cdef inline void _scatter(const real* tile, Py_ssize_t ld, Py_ssize_t row_len, Py_ssize_t n_rows,
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


cdef inline void _direct_item(const real* src, const real* packed, const real* bias, real* dst,
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
                _tile(q.level, q.mr, x, off, q.K, packed + o * q.mr * q.K, tile, ld, rows,
                      row_len, q.Wp)
                _scatter(tile, ld, row_len if q.by_row else q.Wp, q.mr, dst, bias, o * q.mr,
                         od, oh0, n_oh, q)
            for o in range(full, q.Co):
                _tile(q.level, 1, x, off, q.K, packed + o * q.K, tile, ld, rows, row_len, q.Wp)
                _scatter(tile, ld, row_len if q.by_row else q.Wp, 1, dst, bias, o, od, oh0,
                         n_oh, q)
            oh0 += n_oh


cdef inline int _direct_output(const real* src, const real* w, const real* bias, real* dst,
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


cdef inline void _add_result(double* acc, const real* res, Py_ssize_t ld_res, Py_ssize_t n_taps,
                             Py_ssize_t n_channels, Py_ssize_t K) noexcept nogil:
    # acc[i * K + j] += res[j * ld_res + i]: a microkernel's (tap, channel)
    # block into the (channel, tap) accumulator, dropping padded taps/channels.
    cdef Py_ssize_t i, j
    for j in range(n_taps):
        for i in range(n_channels):
            acc[i * K + j] += res[j * ld_res + i]


cdef inline void _direct_weight_sample(const real* x, const real* gy, real* grid, real* gt,
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
                            _wgrad(q.level, 2, 6, gb, width, xb, off + k, n_oh, q.Wo, q.Wp, res)
                            _add_result(acc_b + k, res, width, 6, valid, q.K)
                            k += 6
                        while k < q.K:
                            for half in range(2):
                                _wgrad(q.level, 1, 4, gb + half * lanes, width, xb, off + k,
                                       n_oh, q.Wo, q.Wp, res)
                                _add_result(acc_b + half * lanes * q.K + k, res, lanes,
                                            min(4, q.K - k), min(lanes, valid - half * lanes),
                                            q.K)
                            k += 4
                    else:
                        while k < q.K:
                            taps = 12 if k + 12 <= q.K else 4
                            _wgrad(q.level, 1, taps, gb, width, xb, off + k, n_oh, q.Wo, q.Wp, res)
                            _add_result(acc_b + k, res, lanes, min(taps, q.K - k), valid, q.K)
                            k += taps
                oh0 += n_oh
