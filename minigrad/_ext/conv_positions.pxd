# The weight gradient of conv.pyx for kernels with few taps (a network's
# first layer: one to three input channels), output positions along the
# vectors.
#
# Why: the direct path's weight gradient keeps output channels along the
# vectors and broadcasts the input, which suits layers of many channels. A
# first layer has few taps per output channel (K = 25 for LeNet-5's 1x5x5
# kernel) and many positions (784): its twenty output channels fill a vector
# of 16 and a third of the next, and the transposition of the output
# gradient that the direct path needs costs as much as the products. Here
# each sample's input is unfolded into K rows of positions (conv_im2col.pxd)
# and every (output channel, tap) pair is a dot product over positions, read
# from the output gradient as it lies. A register block of output channels
# by taps loads each vector of the output gradient once for every tap of the
# block and each vector of taps once for every channel.
#
# Determinism: the positions of a tile are cut into groups of 64 bytes (16
# floats, 8 doubles), and each lane of a group sums its position of every
# group in order, by one multiply-add each: an AVX-512 vector is one group,
# two AVX2 vectors are one, so both copies form the same partial sums. The
# lanes are then added in a fixed tree, and the positions past the last
# group one by one, by code compiled once for every level. The AVX-512 and
# AVX2 copies give the same bits; the baseline copy rounds each product
# (no FMA).
from minigrad._ext._cpu cimport simd_level
from minigrad._ext._types cimport real
from minigrad._ext.conv cimport Geometry
from minigrad._ext.conv_im2col cimport _columns, _im2col, _pad, _padded

cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    typedef float mgp_vf16 __attribute__((vector_size(64)));
    typedef float mgp_vf8 __attribute__((vector_size(32)));
    typedef double mgp_vd8 __attribute__((vector_size(64)));
    typedef double mgp_vd4 __attribute__((vector_size(32)));
    #define MGP_LOAD(v, p) __builtin_memcpy(&(v), (p), sizeof(v))
    #define MGP_STORE(p, v) __builtin_memcpy((p), &(v), sizeof(v))

    /* res[((i*NR + j)*NV + v)*VL + l] = sum over groups q of
       g[i*ldg + q*G + v*VL + l] * c[j*ldc + q*G + v*VL + l], for MR output
       channels i and NR taps j; a group of G = NV*VL positions is 64 bytes. */
    #define MGP_TILE(NAME, T, V, MR, NR, ATTR)                                       \\
    ATTR static void NAME(const T* restrict g, Py_ssize_t ldg, const T* restrict c,  \\
                          Py_ssize_t ldc, Py_ssize_t groups, T* restrict res) {      \\
        enum { VL = sizeof(V) / sizeof(T), NV = 64 / sizeof(V) };                    \\
        V a[MR][NR][NV];                                                             \\
        for (int i = 0; i < MR; i++)                                                 \\
            for (int j = 0; j < NR; j++)                                             \\
                for (int v = 0; v < NV; v++) a[i][j][v] = (V){0};                    \\
        for (Py_ssize_t q = 0; q < groups; q++)                                      \\
            for (int v = 0; v < NV; v++) {                                           \\
                Py_ssize_t p = q * NV * VL + v * VL;                                 \\
                V u[MR];                                                             \\
                for (int i = 0; i < MR; i++) MGP_LOAD(u[i], g + i * ldg + p);        \\
                for (int j = 0; j < NR; j++) {                                       \\
                    V w;                                                             \\
                    MGP_LOAD(w, c + j * ldc + p);                                    \\
                    for (int i = 0; i < MR; i++) a[i][j][v] += u[i] * w;             \\
                }                                                                    \\
            }                                                                        \\
        for (int i = 0; i < MR; i++)                                                 \\
            for (int j = 0; j < NR; j++)                                             \\
                for (int v = 0; v < NV; v++)                                         \\
                    MGP_STORE(res + ((i * NR + j) * NV + v) * VL, a[i][j][v]);       \\
    }

    /* The block of each level (MR x NR: AVX-512 4 x 5, twenty vectors of
       sums; AVX2 2 x 3 in pairs of vectors, twelve; the baseline 1 x 2), its
       edges (MR x 1, 1 x NR, 1 x 1), and the copy for the level in use. */
    #define MGP_LEVEL(PREFIX, T, V, MR, NR, ATTR)                                    \\
        MGP_TILE(PREFIX##_full, T, V, MR, NR, ATTR)                                  \\
        MGP_TILE(PREFIX##_rows, T, V, MR, 1, ATTR)                                   \\
        MGP_TILE(PREFIX##_cols, T, V, 1, NR, ATTR)                                   \\
        MGP_TILE(PREFIX##_one, T, V, 1, 1, ATTR)                                     \\
        static void PREFIX(int m, int n, const T* g, Py_ssize_t ldg, const T* c,     \\
                           Py_ssize_t ldc, Py_ssize_t groups, T* res) {              \\
            if (m > 1 && n > 1) PREFIX##_full(g, ldg, c, ldc, groups, res);          \\
            else if (m > 1) PREFIX##_rows(g, ldg, c, ldc, groups, res);              \\
            else if (n > 1) PREFIX##_cols(g, ldg, c, ldc, groups, res);              \\
            else PREFIX##_one(g, ldg, c, ldc, groups, res);                          \\
        }

    /* acc[o*K + k] += sum over p < len of g[o*ldg + p] * c[k*ldc + p]. */
    #define MGP_PRODUCT(SUFFIX, T, V64, V32)                                         \\
    MGP_LEVEL(mgp_avx512_##SUFFIX, T, V64, 4, 5, MG_TARGET_AVX512)                   \\
    MGP_LEVEL(mgp_avx2_##SUFFIX, T, V32, 2, 3, MG_TARGET_AVX2)                       \\
    MGP_LEVEL(mgp_base_##SUFFIX, T, V32, 1, 2, )                                     \\
    static void mgp_product_##SUFFIX(int level, const T* g, Py_ssize_t ldg,          \\
                                     const T* c, Py_ssize_t ldc, Py_ssize_t len,     \\
                                     Py_ssize_t O, Py_ssize_t K, double* acc) {      \\
        enum { G = 64 / sizeof(T) };                                                 \\
        T res[4 * 5 * G];                                                            \\
        int mr = level == MG_AVX512 ? 4 : level == MG_AVX2 ? 2 : 1;                  \\
        int nr = level == MG_AVX512 ? 5 : level == MG_AVX2 ? 3 : 2;                  \\
        Py_ssize_t groups = len / G;                                                 \\
        for (Py_ssize_t o0 = 0; o0 < O;) {                                           \\
            int m = O - o0 >= mr ? mr : 1;                                           \\
            for (Py_ssize_t k0 = 0; k0 < K;) {                                       \\
                int n = K - k0 >= nr ? nr : 1;                                       \\
                const T* gb = g + o0 * ldg;                                          \\
                const T* cb = c + k0 * ldc;                                          \\
                if (level == MG_AVX512)                                              \\
                    mgp_avx512_##SUFFIX(m, n, gb, ldg, cb, ldc, groups, res);        \\
                else if (level == MG_AVX2)                                           \\
                    mgp_avx2_##SUFFIX(m, n, gb, ldg, cb, ldc, groups, res);          \\
                else                                                                 \\
                    mgp_base_##SUFFIX(m, n, gb, ldg, cb, ldc, groups, res);          \\
                for (int i = 0; i < m; i++)                                          \\
                    for (int j = 0; j < n; j++) {                                    \\
                        T* t = res + (i * n + j) * G;                                \\
                        for (int h = G / 2; h > 0; h /= 2)                           \\
                            for (int l = 0; l < h; l++) t[l] += t[l + h];            \\
                        T s = t[0];                                                  \\
                        for (Py_ssize_t p = groups * G; p < len; p++)                \\
                            s += gb[i * ldg + p] * cb[j * ldc + p];                  \\
                        acc[(o0 + i) * K + k0 + j] += s;                             \\
                    }                                                                \\
                k0 += n;                                                             \\
            }                                                                        \\
            o0 += m;                                                                 \\
        }                                                                            \\
    }
    MGP_PRODUCT(f, float, mgp_vf16, mgp_vf8)
    MGP_PRODUCT(d, double, mgp_vd8, mgp_vd4)

    #else  /* no vector extensions: the same sums in plain loops */
    #define MGP_PLAIN(SUFFIX, T)                                                     \\
    static void mgp_product_##SUFFIX(int level, const T* g, Py_ssize_t ldg,          \\
                                     const T* c, Py_ssize_t ldc, Py_ssize_t len,     \\
                                     Py_ssize_t O, Py_ssize_t K, double* acc) {      \\
        enum { G = 64 / sizeof(T) };                                                 \\
        T t[G];                                                                      \\
        Py_ssize_t groups = len / G;                                                 \\
        (void)level;                                                                 \\
        for (Py_ssize_t o = 0; o < O; o++)                                           \\
            for (Py_ssize_t k = 0; k < K; k++) {                                     \\
                for (int l = 0; l < G; l++) {                                        \\
                    t[l] = 0;                                                        \\
                    for (Py_ssize_t q = 0; q < groups; q++)                          \\
                        t[l] += g[o * ldg + q * G + l] * c[k * ldc + q * G + l];     \\
                }                                                                    \\
                for (int h = G / 2; h > 0; h /= 2)                                   \\
                    for (int l = 0; l < h; l++) t[l] += t[l + h];                    \\
                T s = t[0];                                                          \\
                for (Py_ssize_t p = groups * G; p < len; p++)                        \\
                    s += g[o * ldg + p] * c[k * ldc + p];                            \\
                acc[o * K + k] += s;                                                 \\
            }                                                                        \\
    }
    MGP_PLAIN(f, float)
    MGP_PLAIN(d, double)
    #endif
    """
    void mgp_product_f(int level, const float* g, Py_ssize_t ldg, const float* c,
                       Py_ssize_t ldc, Py_ssize_t len, Py_ssize_t O, Py_ssize_t K,
                       double* acc) noexcept nogil
    void mgp_product_d(int level, const double* g, Py_ssize_t ldg, const double* c,
                       Py_ssize_t ldc, Py_ssize_t len, Py_ssize_t O, Py_ssize_t K,
                       double* acc) noexcept nogil


# At most this many taps per output channel (Cg * KD * KH * KW) take this path.
# Against the direct path (batch 64, one / two threads, AVX-512; AVX2):
# LeNet-5's conv1 (1 -> 20, 5x5 on 28x28) 1.6-2.1 -> 0.9-1.2 / 1.0-1.2 -> 0.8
# ms; 1.6-2.2 -> 1.3-1.5 / 1.1-1.3 -> 0.75. An RGB 3x3 layer (3 -> 64 on
# 32x32) 11.3 -> 4.1 / 6.1-7.6 -> 2.5-3.0 ms; 7.5 -> 5.5-6.4 / 4.0-5.4 -> 3.1.
# With 72 and 75 taps (8 -> 32 channels 3x3, 3 -> 32 5x5) the AVX2 copy lost
# (7.0-8.0 against 5.5 ms, 3.5-4.5 against 2.9): 32 output channels fill the
# direct path's vectors there, and each (channel, tap) pair here ends in a
# sum across lanes.
cdef enum:
    _POSITIONS_MAX_TAPS = 32


cdef inline bint _positions_weight(const Geometry* s) noexcept nogil:
    return not s.pointwise and not s.loops and s.K <= _POSITIONS_MAX_TAPS


cdef inline void _positions_weight_sample(const real* x, const real* gy, real* work,
                                          double* acc, const Geometry* s, Py_ssize_t n,
                                          int level) noexcept nogil:
    # acc (O x K, double) += sample n's weight gradient, every group, tile by
    # tile of positions: acc[o, k] += gy[n, o, tile] . columns[k, tile].
    cdef Py_ssize_t g, t, l0, l1
    cdef const real* gy_g
    cdef real* col = _columns(work, s)
    for g in range(s.groups):
        _pad(x + (n * s.C + g * s.Cg) * s.DHW, _padded(work), s)
        gy_g = gy + (n * s.O + g * s.Og) * s.L
        for t in range(s.n_tiles):
            l0 = t * s.tile
            l1 = min(l0 + s.tile, s.L)
            _im2col(_padded(work), col, s, l0, l1)
            if real is float:
                mgp_product_f(level, gy_g + l0, s.L, col, l1 - l0, l1 - l0, s.Og, s.K,
                              acc + g * s.Og * s.K)
            else:
                mgp_product_d(level, gy_g + l0, s.L, col, l1 - l0, l1 - l0, s.Og, s.K,
                              acc + g * s.Og * s.K)
