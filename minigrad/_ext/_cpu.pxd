# The one CPU dispatcher of the kernels: what the processor runs, and the
# SIMD level every kernel module uses (_cpu.pyx holds the switch).
#
# A kernel module that has copies of a loop for newer instruction sets
# cimports this file. Its C code compiles each copy with the MG_TARGET_*
# attribute of its level (the build itself targets any x86-64), and its
# Cython code reads simd_level() and calls the copy of that level or the
# best one it has below it. Levels, in order:
#
#   MG_BASELINE  what the build targets (SSE2 on x86-64)
#   MG_AVX2      AVX2 and FMA
#   MG_AVX512    AVX-512 F, with AVX2 and FMA
#
# A kernel whose buffer sizes depend on the level (the convolution's direct
# path: vectors of 32 or 64 bytes) reads it once per call and keeps it, so
# that a switch from another thread cannot change it under a running call.
#
# Elsewhere than x86 with GCC or Clang, MG_X86 is 0, the MG_TARGET_* macros
# are empty and the processor reports the baseline only.

cdef extern from *:
    """
    #ifndef MG_CPU_DISPATCH
    #define MG_CPU_DISPATCH
    #define MG_BASELINE 0
    #define MG_AVX2 1
    #define MG_AVX512 2
    #if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
    #define MG_X86 1
    #define MG_TARGET_AVX2 __attribute__((target("avx2,fma")))
    #define MG_TARGET_AVX512 __attribute__((target("avx512f,avx2,fma")))
    /* The best level this processor runs. */
    static CYTHON_INLINE int mg_cpu_detect(void) {
        __builtin_cpu_init();
        if (!(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")))
            return MG_BASELINE;
        return __builtin_cpu_supports("avx512f") ? MG_AVX512 : MG_AVX2;
    }
    #else
    #define MG_X86 0
    #define MG_TARGET_AVX2
    #define MG_TARGET_AVX512
    static CYTHON_INLINE int mg_cpu_detect(void) { return MG_BASELINE; }
    #endif
    #endif
    """
    enum:
        MG_BASELINE
        MG_AVX2
        MG_AVX512
    int mg_cpu_detect() noexcept nogil


cdef int simd_level() noexcept nogil
