# AVX2+FMA copies of the inner loops of norm.pyx, run at SIMD level avx2 and above.
#
# Why: the build targets any x86-64, so the Cython loops compile to SSE2:
# two doubles per instruction, and every float32 value widened to double
# for the sums by a separate shuffle and conversion (gcc also spills the
# sixteen lanes of the baseline sums to the stack). Here every step widens
# four floats with one vcvtps2pd, keeps four doubles per register, and
# squares or multiplies into the sums with one FMA; the elementwise passes
# are plain loops that the compiler vectorizes eight floats wide. Layer norm
# on (64, 512) float32, one thread, per kernel call from Python: forward
# 21.7 -> 7.9 us, backward 37.2 -> 16.8 us.
#
# The sums are the ones of norm.pyx, in double, each split over 16 running
# lanes (four registers of four: independent chains that hide the latency
# of the additions), combined in a fixed order, then the values left over
# after the last full step of 16 added one by one. The order depends only on
# the length, so results stay identical at any thread count; they differ in
# the last bits from the baseline loops (other lanes, fused multiply-adds).
#
# C with GCC/Clang x86 intrinsics and vector extensions; elsewhere (other
# compilers, other processors) the functions are empty stubs that are never
# called (the processor reports the baseline level only, see _cpu.pxd), and
# norm.pyx runs its own loops. norm.pyx calls these at SIMD level avx2 and
# above. (_cpu.pxd is cimported for its C macros, MG_X86 and MG_TARGET_AVX2.)
from minigrad._ext._cpu cimport MG_AVX2

cdef extern from *:
    """
    #if MG_X86
    #include <immintrin.h>
    #define MGN_AVX2 MG_TARGET_AVX2

    /* Four consecutive values as doubles. */
    MGN_AVX2 static inline __m256d mgn_load4_f(const float* p) {
        return _mm256_cvtps_pd(_mm_loadu_ps(p));
    }
    MGN_AVX2 static inline __m256d mgn_load4_d(const double* p) { return _mm256_loadu_pd(p); }

    /* The four lanes of four accumulators, added in one fixed order. */
    MGN_AVX2 static inline double mgn_total(const __m256d* a) {
        __m256d v = (a[0] + a[1]) + (a[2] + a[3]);
        return (v[0] + v[2]) + (v[1] + v[3]);
    }

    #define MGN_LOOPS(S, T)                                                          \\
    /* total += sum(x - shift), total_sq += sum((x - shift)^2) */                    \\
    MGN_AVX2 static void mgn_shifted_sums_##S(const T* x, Py_ssize_t n, double shift,  \\
                                              double* total, double* total_sq) {     \\
        __m256d s[4] = {{0}}, q[4] = {{0}}, c = _mm256_set1_pd(shift);               \\
        double s_rest = 0, q_rest = 0;                                               \\
        Py_ssize_t i = 0;                                                            \\
        for (; i + 16 <= n; i += 16)                                                 \\
            for (int k = 0; k < 4; k++) {                                            \\
                __m256d d = mgn_load4_##S(x + i + 4 * k) - c;                        \\
                s[k] += d;                                                           \\
                q[k] = _mm256_fmadd_pd(d, d, q[k]);                                  \\
            }                                                                        \\
        for (; i < n; i++) {                                                         \\
            double d = x[i] - shift;                                                 \\
            s_rest += d;                                                             \\
            q_rest += d * d;                                                         \\
        }                                                                            \\
        *total += mgn_total(s) + s_rest;                                             \\
        *total_sq += mgn_total(q) + q_rest;                                          \\
    }                                                                                \\
                                                                                     \\
    /* With g = w * dy: sum_g += sum(g), sum_g_xmu += sum(g * (x - mean)) */         \\
    MGN_AVX2 static void mgn_weighted_grad_sums_##S(                                  \\
            const T* dy, const T* w, const T* x, Py_ssize_t n, double mean,          \\
            double* sum_g, double* sum_g_xmu) {                                      \\
        __m256d s[4] = {{0}}, p[4] = {{0}}, m = _mm256_set1_pd(mean);                \\
        double s_rest = 0, p_rest = 0;                                               \\
        Py_ssize_t i = 0;                                                            \\
        for (; i + 16 <= n; i += 16)                                                 \\
            for (int k = 0; k < 4; k++) {                                            \\
                __m256d g = mgn_load4_##S(w + i + 4 * k) * mgn_load4_##S(dy + i + 4 * k);\\
                s[k] += g;                                                           \\
                p[k] = _mm256_fmadd_pd(g, mgn_load4_##S(x + i + 4 * k) - m, p[k]);   \\
            }                                                                        \\
        for (; i < n; i++) {                                                         \\
            double g = (double)w[i] * dy[i];                                         \\
            s_rest += g;                                                             \\
            p_rest += g * (x[i] - mean);                                             \\
        }                                                                            \\
        *sum_g += mgn_total(s) + s_rest;                                             \\
        *sum_g_xmu += mgn_total(p) + p_rest;                                         \\
    }                                                                                \\
                                                                                     \\
    /* Layer norm's output row: out = (x - mean) * scale * w + b */                 \\
    MGN_AVX2 static void mgn_layer_norm_output_##S(                                   \\
            const T* x, const T* w, const T* b, T* out, Py_ssize_t n, T mean, T scale) {\\
        for (Py_ssize_t j = 0; j < n; j++)                                           \\
            out[j] = (x[j] - mean) * scale * w[j] + b[j];                            \\
    }                                                                                \\
                                                                                     \\
    /* Layer norm's input gradient row: dx = scale * w * dy + b * (x - mean) + d */  \\
    MGN_AVX2 static void mgn_layer_norm_input_grad_##S(                               \\
            const T* dy, const T* x, const T* w, T* dx, Py_ssize_t n,                \\
            T scale, T b, T mean, T d) {                                             \\
        for (Py_ssize_t j = 0; j < n; j++)                                           \\
            dx[j] = scale * w[j] * dy[j] + b * (x[j] - mean) + d;                    \\
    }                                                                                \\
                                                                                     \\
    /* Layer norm's weight and bias gradients of columns j0 .. j0+width-1 of the   \\
       (R, M) arrays: gw = sum over rows of dy * (x - mean) * invstd, gb = sum of \\
       dy. Strips of 16 columns keep their sums in registers for all the rows; \\
       the last width % 16 columns are summed one by one. */                    \\
    MGN_AVX2 static void mgn_layer_norm_affine_grad_##S(                              \\
            const T* dy, const T* x, Py_ssize_t R, Py_ssize_t M, Py_ssize_t j0,      \\
            Py_ssize_t width, const double* mean, const double* invstd,              \\
            T* gw, T* gb) {                                                          \\
        Py_ssize_t j = j0, end = j0 + width;                                         \\
        for (; j + 16 <= end; j += 16) {                                             \\
            __m256d aw[4] = {{0}}, ab[4] = {{0}};                                    \\
            for (Py_ssize_t r = 0; r < R; r++) {                                     \\
                __m256d m = _mm256_set1_pd(mean[r]), s = _mm256_set1_pd(invstd[r]); \\
                for (int k = 0; k < 4; k++) {                                        \\
                    __m256d g = mgn_load4_##S(dy + r * M + j + 4 * k);               \\
                    __m256d xhat = (mgn_load4_##S(x + r * M + j + 4 * k) - m) * s;   \\
                    aw[k] = _mm256_fmadd_pd(g, xhat, aw[k]);                         \\
                    ab[k] += g;                                                      \\
                }                                                                    \\
            }                                                                        \\
            for (int k = 0; k < 16; k++) {                                           \\
                gw[j + k] = (T)aw[k / 4][k % 4];                                     \\
                gb[j + k] = (T)ab[k / 4][k % 4];                                     \\
            }                                                                        \\
        }                                                                            \\
        for (; j < end; j++) {                                                       \\
            double sw = 0, sb = 0;                                                   \\
            for (Py_ssize_t r = 0; r < R; r++) {                                     \\
                sw += dy[r * M + j] * ((x[r * M + j] - mean[r]) * invstd[r]);        \\
                sb += dy[r * M + j];                                                 \\
            }                                                                        \\
            gw[j] = (T)sw;                                                           \\
            gb[j] = (T)sb;                                                           \\
        }                                                                            \\
    }

    #else  /* no AVX2 path: stubs, never called below the avx2 level */
    #define MGN_LOOPS(S, T)                                                          \\
    static void mgn_shifted_sums_##S(const T* x, Py_ssize_t n, double shift,         \\
                                     double* total, double* total_sq) {}             \\
    static void mgn_weighted_grad_sums_##S(const T* dy, const T* w, const T* x,      \\
                                           Py_ssize_t n, double mean, double* sum_g, \\
                                           double* sum_g_xmu) {}                     \\
    static void mgn_layer_norm_output_##S(const T* x, const T* w, const T* b, T* out,\\
                                          Py_ssize_t n, T mean, T scale) {}          \\
    static void mgn_layer_norm_input_grad_##S(const T* dy, const T* x, const T* w,   \\
                                              T* dx, Py_ssize_t n, T scale, T b,     \\
                                              T mean, T d) {}                        \\
    static void mgn_layer_norm_affine_grad_##S(const T* dy, const T* x, Py_ssize_t R,\\
                                               Py_ssize_t M, Py_ssize_t j0,          \\
                                               Py_ssize_t width, const double* mean, \\
                                               const double* invstd, T* gw, T* gb) {}
    #endif

    MGN_LOOPS(f, float)
    MGN_LOOPS(d, double)
    """
    void mgn_shifted_sums_f(const float* x, Py_ssize_t n, double shift,
                            double* total, double* total_sq) noexcept nogil
    void mgn_shifted_sums_d(const double* x, Py_ssize_t n, double shift,
                            double* total, double* total_sq) noexcept nogil
    void mgn_weighted_grad_sums_f(const float* dy, const float* w, const float* x, Py_ssize_t n,
                                  double mean, double* sum_g, double* sum_g_xmu) noexcept nogil
    void mgn_weighted_grad_sums_d(const double* dy, const double* w, const double* x,
                                  Py_ssize_t n, double mean, double* sum_g,
                                  double* sum_g_xmu) noexcept nogil
    void mgn_layer_norm_output_f(const float* x, const float* w, const float* b, float* out,
                                 Py_ssize_t n, float mean, float scale) noexcept nogil
    void mgn_layer_norm_output_d(const double* x, const double* w, const double* b, double* out,
                                 Py_ssize_t n, double mean, double scale) noexcept nogil
    void mgn_layer_norm_input_grad_f(const float* dy, const float* x, const float* w, float* dx,
                                     Py_ssize_t n, float scale, float b, float mean,
                                     float d) noexcept nogil
    void mgn_layer_norm_input_grad_d(const double* dy, const double* x, const double* w,
                                     double* dx, Py_ssize_t n, double scale, double b,
                                     double mean, double d) noexcept nogil
    void mgn_layer_norm_affine_grad_f(const float* dy, const float* x, Py_ssize_t R, Py_ssize_t M,
                                      Py_ssize_t j0, Py_ssize_t width, const double* mean,
                                      const double* invstd, float* gw, float* gb) noexcept nogil
    void mgn_layer_norm_affine_grad_d(const double* dy, const double* x, Py_ssize_t R,
                                      Py_ssize_t M, Py_ssize_t j0, Py_ssize_t width,
                                      const double* mean, const double* invstd, double* gw,
                                      double* gb) noexcept nogil
