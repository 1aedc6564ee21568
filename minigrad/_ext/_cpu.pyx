"""The SIMD level of every kernel: what this processor supports, and which level is in use.

Some kernels carry copies of their inner loops for newer instruction sets
(the convolution microkernels: AVX-512 and AVX2+FMA; the norm sums and
2 x 2 max pooling: AVX2) beside the baseline copy the build targets. One
level, shared by every kernel module, says which copies run:
``"baseline"``, ``"avx2"`` (AVX2 and FMA) or ``"avx512"`` (AVX-512 F too).
A kernel without a copy of that level runs the best copy it has below it.

At import the level is the best the processor supports, or the one named
by the environment variable ``MINIGRAD_SIMD`` (``baseline``, ``avx2`` or
``avx512``). A level the processor lacks, or an unknown name, is refused
with a ``RuntimeWarning`` and the import goes on at the best level the
processor has below it (the processor's best, for an unknown name): a
misspelt variable must not stop a program.

:func:`set_simd_level` switches the level from Python, for the tests (which
run every copy) and the benchmarks. The switch is process-wide: it changes
the level of every kernel module, in every thread, from the next kernel
call on. It is safe while kernels run in other threads: a kernel whose
buffers depend on the level reads it once per call. It is not meant for
programs: the copies compute the same sums in the same order, so the level
changes speed, not results (only where the baseline rounds a product that
the FMA of the AVX2 copy does not, and the norm's AVX2 sums add in another
fixed order: differences in the last bits).
"""
import os
import warnings

LEVELS = ("baseline", "avx2", "avx512")

cdef int _cpu_level = mg_cpu_detect()
cdef int _level = _cpu_level


cdef int simd_level() noexcept nogil:
    return _level


def cpu_simd_levels():
    """The levels this processor runs, from ``"baseline"`` up: a tuple of names."""
    return LEVELS[:_cpu_level + 1]


def get_simd_level():
    """The SIMD level the kernels use now: ``"baseline"``, ``"avx2"`` or ``"avx512"``."""
    return LEVELS[_level]


def set_simd_level(level):
    """Make every kernel use the SIMD level ``level``; returns the level in use before.

    Process-wide, for the tests and benchmarks (see the module docstring).

    Raises
    ------
    ValueError
        For a name other than ``"baseline"``, ``"avx2"`` and ``"avx512"``,
        or a level this processor does not run (see :func:`cpu_simd_levels`).
    """
    global _level
    if level not in LEVELS:
        raise ValueError(f"set_simd_level: expected one of {LEVELS}, got {level!r}")
    if LEVELS.index(level) > _cpu_level:
        raise ValueError(
            f"set_simd_level: this processor has no {level}; it runs {cpu_simd_levels()}")
    previous = LEVELS[_level]
    _level = LEVELS.index(level)
    return previous


def _level_from_environment():
    global _level
    value = os.environ.get("MINIGRAD_SIMD", "").strip().lower()
    if not value:
        return
    if value not in LEVELS:
        warnings.warn(f"MINIGRAD_SIMD={value!r} is not one of {LEVELS}; using "
                      f"{LEVELS[_cpu_level]!r}, the best level of this processor",
                      RuntimeWarning, stacklevel=2)
        return
    if LEVELS.index(value) > _cpu_level:
        warnings.warn(f"MINIGRAD_SIMD={value!r}: this processor has no {value}; using "
                      f"{LEVELS[_cpu_level]!r}, the best level it has", RuntimeWarning,
                      stacklevel=2)
        return
    _level = LEVELS.index(value)


_level_from_environment()
