"""Thread control for every OpenMP kernel in minigrad.

Kernels take ``n_threads`` as their last argument; Python callers pass
``get_num_threads()``. The count starts from ``OMP_NUM_THREADS`` when it is set
(OpenMP reads it), otherwise from the number of processors OpenMP sees. A build
without OpenMP compiles the same kernels serially and reports one thread.
"""

cdef extern from *:
    """
    #ifdef _OPENMP
    #include <omp.h>
    static int minigrad_openmp_enabled(void) { return 1; }
    static int minigrad_omp_max_threads(void) { return omp_get_max_threads(); }
    #else
    static int minigrad_openmp_enabled(void) { return 0; }
    static int minigrad_omp_max_threads(void) { return 1; }
    #endif
    """
    int minigrad_openmp_enabled()
    int minigrad_omp_max_threads()


cdef int _num_threads = 0


def openmp_enabled():
    """True when the kernels were compiled with OpenMP."""
    return bool(minigrad_openmp_enabled())


def max_threads():
    """OpenMP's default thread count: ``OMP_NUM_THREADS`` or the processor count."""
    return minigrad_omp_max_threads()


def get_num_threads():
    """The number of threads minigrad's kernels use."""
    return _num_threads if _num_threads > 0 else minigrad_omp_max_threads()


def set_num_threads(int n):
    """Use ``n`` threads in minigrad's kernels; ``n`` must be at least 1."""
    global _num_threads
    if n < 1:
        raise ValueError(f"set_num_threads: expected a positive number of threads, got {n}")
    _num_threads = n if minigrad_openmp_enabled() else 1
