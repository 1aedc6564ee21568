"""What the compiled part of minigrad was built with, and its threads."""
import json
import os
import platform
import sys
import threading
import warnings

import numpy as np

from minigrad._ext import _cpu, _openmp
from minigrad.ops._args import is_int


class _BlasOnOneThread:
    """A context in which every BLAS library of the process runs on one thread.

    minigrad's parallelism comes from its OpenMP kernels, with the thread
    count of ``minigrad.set_num_threads``. A multi-threaded BLAS beside them
    puts two pools of busy-waiting threads on the same cores: a LeNet-5
    training step at batch 64 on 2 cores took 110-127 ms with NumPy's
    OpenBLAS on 2 threads and 37 ms with it on 1. The im2col path of the
    convolutions calls SciPy's BLAS, one GEMM per thread, from inside its
    parallel region: LeNet conv2's forward took 314 ms with SciPy's OpenBLAS
    on 2 threads there and 22 ms on 1.

    So the kernels that call BLAS from inside their parallel regions (the
    2-d products of ``ops.matmul.matmul_2d`` and the convolutions) run inside
    this context, and everything else, the user's own NumPy code included,
    keeps the BLAS threads it had. Entering reads each library's thread count
    and lowers only those above one; leaving restores them. Nested entries
    cost a counter. Only those kernels pay for it, never a small op. Measured on
    2 cores with NumPy's and SciPy's OpenBLAS: 2.6 us per outermost entry and
    exit by calling the libraries' own get/set functions (see
    ``_thread_functions``), against 35 us for ``ThreadpoolController.limit``
    and 2.3 ms for ``threadpool_limits`` (which scans the loaded libraries on
    every call).
    """

    def __init__(self):
        self._libraries = None  # found on first use: the BLAS libraries loaded then
        self._depth = 0
        self._restore = []
        self._lock = threading.Lock()

    def _find_libraries(self):
        """A ``(get_num_threads, set_num_threads)`` pair for each BLAS library loaded."""
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:
            return []
        return [_thread_functions(lib)
                for lib in ThreadpoolController().select(user_api="blas").lib_controllers]

    def __enter__(self):
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                if self._libraries is None:
                    self._libraries = self._find_libraries()
                for get, set_ in self._libraries:
                    threads = get()
                    if threads is not None and threads > 1:
                        set_(1)
                        self._restore.append((set_, threads))

    def __exit__(self, *exc):
        with self._lock:
            self._depth -= 1
            if self._depth == 0:
                for set_, threads in self._restore:
                    set_(threads)
                self._restore.clear()


def _thread_functions(lib):
    """How to read and set the thread count of the BLAS library of a threadpoolctl controller.

    For OpenBLAS on its own threads, its C functions themselves (0.3 us a
    call): the controller's methods look the symbol up and check which
    Python thread controls the library on every call (1.5 us), and every
    op that calls BLAS enters and leaves :data:`blas_on_one_thread` (6.1 us
    a round with the methods, 2.6 with the functions). That check keeps two
    Python threads from setting the count in turn; here the context's lock
    and depth count do it.
    """
    if getattr(lib, "internal_api", None) == "openblas" and \
            getattr(lib, "threading_layer", None) == "pthreads":
        try:
            get = lib._get_symbol("openblas_get_num_threads")
            set_ = lib._get_symbol("openblas_set_num_threads")
        except Exception:  # a threadpoolctl without that helper: its public methods
            get = set_ = None
        if get is not None and set_ is not None:
            return get, set_
    return lib.get_num_threads, lib.set_num_threads


blas_on_one_thread = _BlasOnOneThread()


_warned_serial = False


def set_num_threads(n: int) -> None:
    """Use ``n`` threads in minigrad's kernels; ``n`` must be at least 1.

    On a build without OpenMP the kernels run on one thread whatever ``n``
    is; asking for more warns once per process.

    Parameters
    ----------
    n : int
        The number of threads, at least 1. A count above the number the OpenMP
        runtime supports is capped to it, with a ``RuntimeWarning`` the first time.
        The setting holds for the whole process until the next call; it does not
        change the thread count of NumPy's BLAS.

    Raises
    ------
    TypeError
        If ``n`` is not an integer.
    ValueError
        If ``n`` is less than 1.

    Examples
    --------
    >>> import minigrad
    >>> before = minigrad.get_num_threads()
    >>> minigrad.set_num_threads(1)
    >>> minigrad.get_num_threads()
    1
    >>> minigrad.set_num_threads(before)
    """
    global _warned_serial
    if not is_int(n):  # a tensor too: its __index__ would raise its own error
        raise TypeError(f"set_num_threads: expected an int, got {type(n).__name__}")
    _openmp.set_num_threads(n)
    if n > 1 and not _openmp.openmp_enabled() and not _warned_serial:
        _warned_serial = True
        warnings.warn(
            f"set_num_threads({n}): this build of minigrad has no OpenMP, so its kernels run "
            f"on one thread; rebuild with an OpenMP compiler (see minigrad.show_config())",
            RuntimeWarning, stacklevel=2,
        )


def build_info():
    """How the compiled part of minigrad was built, as a dict.

    Returns
    -------
    dict
        ``version`` (minigrad's), ``python`` (version and implementation),
        ``platform``, ``build`` (the compiler, its flags, Cython's version and
        whether it was a debug build, as recorded by ``setup.py``; empty when
        no record was found), ``openmp`` (bool: the kernels were compiled with OpenMP),
        ``num_threads`` (the threads the kernels use now),
        ``openmp_max_threads`` (OpenMP's default), ``simd_level`` (the SIMD
        level the kernels use now: ``"baseline"``, ``"avx2"`` or
        ``"avx512"``; ``MINIGRAD_SIMD`` sets it), ``cpu_simd_levels`` (a tuple
        of the levels this processor runs), ``numpy`` (its version) and
        ``blas`` (a list of dicts with ``library``, ``version``, ``threads`` and
        ``path`` for each BLAS library loaded; empty without threadpoolctl).

    Examples
    --------
    >>> import minigrad
    >>> info = minigrad.build_info()
    >>> sorted(info)  # doctest: +NORMALIZE_WHITESPACE
    ['blas', 'build', 'cpu_simd_levels', 'num_threads', 'numpy', 'openmp',
     'openmp_max_threads', 'platform', 'python', 'simd_level', 'version']
    >>> info["num_threads"] == minigrad.get_num_threads()
    True
    >>> info["simd_level"] in info["cpu_simd_levels"]
    True
    """
    blas = []
    try:
        from threadpoolctl import threadpool_info

        blas = [
            {"library": i.get("internal_api"), "version": i.get("version"),
             "threads": i.get("num_threads"), "path": i.get("filepath")}
            for i in threadpool_info() if i.get("user_api") == "blas"
        ]
    except ImportError:
        pass
    from minigrad import __version__

    return {
        "version": __version__,
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "platform": platform.platform(),
        "build": _build_record(),
        "openmp": _openmp.openmp_enabled(),
        "num_threads": _openmp.get_num_threads(),
        "openmp_max_threads": _openmp.max_threads(),
        "simd_level": _cpu.get_simd_level(),
        "cpu_simd_levels": _cpu.cpu_simd_levels(),
        "numpy": np.__version__,
        "blas": blas,
    }


def _build_record():
    """What ``setup.py`` wrote beside the compiled modules, or ``{}``."""
    path = os.path.join(os.path.dirname(_openmp.__file__), "_build_config.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _simd_setting():
    value = os.environ.get("MINIGRAD_SIMD")
    return f"; MINIGRAD_SIMD={value}" if value else ""


def show_config():
    """Print minigrad's version, Python, the platform, how minigrad was built, and its threads.

    The build part names the compiler, its flags and whether OpenMP is on;
    the run-time part the kernel threads, NumPy and each BLAS library in use.
    Paste it into a bug report. See :func:`build_info` for the same as a dict.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.show_config()  # doctest: +ELLIPSIS
    minigrad:         ...
    Python:           ...
    platform:         ...
    compiler:         ...
    build flags:      ...
    OpenMP:           ...
    kernel threads:   ...
    SIMD level:       ...
    NumPy:            ...
    """
    info = build_info()
    build = info["build"]
    flags = (f"compile {' '.join(build.get('compile_args', [])) or '(none)'}, "
             f"link {' '.join(build.get('link_args', [])) or '(none)'}")
    lines = [
        f"minigrad:         {info['version']}",
        f"Python:           {info['python']} ({sys.executable})",
        f"platform:         {info['platform']}",
        f"compiler:         {build.get('compiler', 'unknown (no build record)')}",
        f"build flags:      {flags if build else 'unknown'}"
        + (f" (Cython {build['cython']}{', debug' if build.get('debug') else ''})"
           if build.get("cython") else ""),
        f"OpenMP:           {'enabled' if info['openmp'] else 'DISABLED (kernels run serially)'}",
        f"kernel threads:   {info['num_threads']} (OpenMP default {info['openmp_max_threads']})",
        (f"SIMD level:       {info['simd_level']} (this CPU runs "
         f"{', '.join(info['cpu_simd_levels'])}{_simd_setting()})"),
        f"NumPy:            {info['numpy']}",
    ]
    for b in info["blas"]:
        lines.append(f"BLAS:             {b['library']} {b['version']}, {b['threads']} threads ({b['path']})")
    print("\n".join(lines))
