# Microkernels of conv.pyx's direct path: unit-stride convolutions computed
# from a zero-padded copy of one sample, without im2col and without BLAS.
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
# 64 bytes) or an AVX2+FMA copy (32 bytes) of each kernel is chosen at run
# time (the build targets any x86-64); other compilers get plain loops that
# compute the same sums. A step is two vectors, so the caller asks
# mg_vector_bytes() for the width of the copy in use. Every copy sums each
# output over the same taps (or positions) in the same order, so the choice
# changes speed, not results (FMA or not aside: the baseline copy rounds
# each product). AVX-512 against AVX2, one thread, float32, interleaved
# medians: LeNet conv2 forward 7.7 -> 4.5 ms, forward + backward 23.7 -> 15.9
# ms; a ResNet 64-channel 3x3 layer at batch 8 (56x56), 74 -> 55 ms.
from minigrad._ext._types cimport real

cdef extern from *:
    """
    /* 0: baseline, 1: AVX2+FMA, 2: AVX-512 (F). mg_cpu_level is what the
       processor has, mg_level what the kernels use (the tests lower it). */
    static int mg_cpu_level = 0;
    static int mg_level = 0;

    #if defined(__GNUC__) || defined(__clang__)
    typedef float mg_vf __attribute__((vector_size(32)));     /* 8 floats */
    typedef double mg_vd __attribute__((vector_size(32)));    /* 4 doubles */
    typedef float mg_vf16 __attribute__((vector_size(64)));   /* 16 floats */
    typedef double mg_vd8 __attribute__((vector_size(64)));   /* 8 doubles */
    #define MG_LOAD(v, p) __builtin_memcpy(&(v), (p), sizeof(v))
    #define MG_STORE(p, v) __builtin_memcpy((p), &(v), sizeof(v))
    #if defined(__x86_64__) || defined(__i386__)
    #define MG_AVX2 __attribute__((target("avx2,fma")))
    #define MG_AVX512 __attribute__((target("avx512f,avx2,fma")))
    static void mg_detect_cpu(void) {
        __builtin_cpu_init();
        mg_cpu_level = 0;
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
            mg_cpu_level = 1;
            if (__builtin_cpu_supports("avx512f")) mg_cpu_level = 2;
        }
    }
    #else
    #define MG_AVX2
    #define MG_AVX512
    static void mg_detect_cpu(void) { mg_cpu_level = 0; }
    #endif

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
        MACRO(NAME##_avx512, T, V2, (2 * LN), __VA_ARGS__, MG_AVX512)                 \\
        MACRO(NAME##_avx2, T, V, LN, __VA_ARGS__, MG_AVX2)                            \\
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

    #define MG_PICK(NAME) (mg_level == 2 ? NAME##_avx512 : mg_level == 1 ? NAME##_avx2 \\
                           : NAME##_base)
    #define MG_DISPATCH(SUFFIX, T)                                                   \\
    static void mg_tile_##SUFFIX(int mr, const T* x, const Py_ssize_t* off,          \\
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
    static void mg_wgrad_##SUFFIX(int vectors, int taps, const T* g, Py_ssize_t ldg, \\
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
    static void mg_detect_cpu(void) { mg_cpu_level = 0; }
    #define MG_PLAIN(SUFFIX, T, LN)                                                  \\
    static void mg_tile_##SUFFIX(int mr, const T* x, const Py_ssize_t* off,          \\
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
    static void mg_wgrad_##SUFFIX(int vectors, int taps, const T* g, Py_ssize_t ldg, \\
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

    /* Returns the level in use; level >= 0 switches to it, or to the best
       the processor has below it, -1 leaves it. */
    static int mg_use_level(int level) {
        int previous = mg_level;
        if (level >= 0) mg_level = level < mg_cpu_level ? level : mg_cpu_level;
        return previous;
    }

    /* The width of one vector of the kernels in use (a step is two). */
    static Py_ssize_t mg_vector_bytes(void) { return mg_level == 2 ? 64 : 32; }
    """
    int mg_cpu_level
    void mg_detect_cpu() noexcept nogil
    int mg_use_level(int level) noexcept nogil
    Py_ssize_t mg_vector_bytes() noexcept nogil
    void mg_tile_f(int mr, const float* x, const Py_ssize_t* off, Py_ssize_t K,
                   const float* w, float* out, Py_ssize_t ld, Py_ssize_t rows,
                   Py_ssize_t row_len, Py_ssize_t stride) noexcept nogil
    void mg_tile_d(int mr, const double* x, const Py_ssize_t* off, Py_ssize_t K,
                   const double* w, double* out, Py_ssize_t ld, Py_ssize_t rows,
                   Py_ssize_t row_len, Py_ssize_t stride) noexcept nogil
    void mg_wgrad_f(int vectors, int taps, const float* g, Py_ssize_t ldg, const float* x,
                    const Py_ssize_t* off, Py_ssize_t rows, Py_ssize_t row_len,
                    Py_ssize_t stride, float* res) noexcept nogil
    void mg_wgrad_d(int vectors, int taps, const double* g, Py_ssize_t ldg, const double* x,
                    const Py_ssize_t* off, Py_ssize_t rows, Py_ssize_t row_len,
                    Py_ssize_t stride, double* res) noexcept nogil


cdef inline void _tile(int mr, const real* x, const Py_ssize_t* off, Py_ssize_t K,
                       const real* w, real* out, Py_ssize_t ld, Py_ssize_t rows,
                       Py_ssize_t row_len, Py_ssize_t stride) noexcept nogil:
    # mr output channels (8, 6, 5 or 4; anything else means 1) over rows of
    # positions; see the C comments above.
    if real is float:
        mg_tile_f(mr, x, off, K, w, out, ld, rows, row_len, stride)
    else:
        mg_tile_d(mr, x, off, K, w, out, ld, rows, row_len, stride)


cdef inline void _wgrad(int vectors, int taps, const real* g, Py_ssize_t ldg, const real* x,
                        const Py_ssize_t* off, Py_ssize_t rows, Py_ssize_t row_len,
                        Py_ssize_t stride, real* res) noexcept nogil:
    # (vectors, taps) is (2, 6), (1, 12) or (1, 4); see the C comments above.
    if real is float:
        mg_wgrad_f(vectors, taps, g, ldg, x, off, rows, row_len, stride, res)
    else:
        mg_wgrad_d(vectors, taps, g, ldg, x, off, rows, row_len, stride, res)
