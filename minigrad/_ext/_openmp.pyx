"""Thread control for every OpenMP kernel in minigrad.

Kernels take ``n_threads`` as their last argument; Python callers pass
``get_num_threads()``. The count starts from ``OMP_NUM_THREADS`` when it is set
(OpenMP reads it), otherwise from the number of processors OpenMP sees. A build
without OpenMP compiles the same kernels serially and reports one thread.

Two hazards are handled here, where the count is decided:

* A count far beyond the machine crashes the OpenMP runtime (100,000 threads
  segfaulted in the next kernel; 2**31-1 made GNU OpenMP print "Out of
  memory" and exit), so counts are capped at :func:`max_supported_threads`.
* GNU OpenMP's thread pool does not survive ``fork``: a child whose parent
  had run a parallel region hung in its first parallel kernel. A forked child
  therefore runs the kernels on one thread until it calls
  :func:`set_num_threads` itself, as PyTorch does.
"""
import os
import warnings

cdef extern from *:
    """
    #ifdef _OPENMP
    #include <omp.h>
    static int minigrad_openmp_enabled(void) { return 1; }
    static int minigrad_omp_max_threads(void) { return omp_get_max_threads(); }
    static int minigrad_omp_thread_limit(void) { return omp_get_thread_limit(); }
    #else
    static int minigrad_openmp_enabled(void) { return 0; }
    static int minigrad_omp_max_threads(void) { return 1; }
    static int minigrad_omp_thread_limit(void) { return 1; }
    #endif
    """
    int minigrad_openmp_enabled()
    int minigrad_omp_max_threads()
    int minigrad_omp_thread_limit()


# 0: not set, use OpenMP's default (capped).
cdef int _num_threads = 0
cdef bint _warned_capped = False
# max_supported_threads(), found on first use: os.cpu_count() reads a file
# under /sys each time (7.5 us), and every op asks for its thread count.
cdef int _supported = 0


def openmp_enabled():
    """True when the kernels were compiled with OpenMP."""
    return bool(minigrad_openmp_enabled())


def max_threads():
    """OpenMP's default thread count: ``OMP_NUM_THREADS`` or the processor count."""
    return minigrad_omp_max_threads()


def max_supported_threads():
    """The most threads minigrad's kernels use: 4 times the processor count.

    Also at most OpenMP's thread limit (``OMP_THREAD_LIMIT``). More threads
    than that only add scheduling overhead on this machine, and counts in
    the tens of thousands crash the OpenMP runtime.
    """
    global _supported
    if not minigrad_openmp_enabled():
        return 1
    if _supported == 0:
        _supported = max(1, min(4 * (os.cpu_count() or 1), minigrad_omp_thread_limit()))
    return _supported


def get_num_threads():
    """The number of threads minigrad's kernels use."""
    if _num_threads > 0:
        return _num_threads
    return max(1, min(minigrad_omp_max_threads(), max_supported_threads()))


def set_num_threads(n):
    """Use ``n`` threads in minigrad's kernels.

    Parameters
    ----------
    n : int
        At least 1. A count above :func:`max_supported_threads` is capped to
        it, with a ``RuntimeWarning`` the first time.

    Raises
    ------
    TypeError
        If ``n`` is not an integer.
    ValueError
        If ``n`` is less than 1.
    """
    global _num_threads, _warned_capped
    if isinstance(n, bool) or not hasattr(type(n), "__index__"):
        raise TypeError(f"set_num_threads: expected an int, got {type(n).__name__}")
    n = n.__index__()
    if n < 1:
        raise ValueError(f"set_num_threads: expected a positive number of threads, got {n}")
    limit = max_supported_threads()
    if n > limit and minigrad_openmp_enabled():
        if not _warned_capped:
            _warned_capped = True
            warnings.warn(f"set_num_threads: {n} threads capped at {limit} (4 times the "
                          f"{os.cpu_count()} processors, or OMP_THREAD_LIMIT)",
                          RuntimeWarning, stacklevel=2)
        n = limit
    _num_threads = n if minigrad_openmp_enabled() else 1


def _after_fork_in_child():
    global _num_threads
    _num_threads = 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
