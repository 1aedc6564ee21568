"""What the compiled part of minigrad was built with."""
import numpy as np

from minigrad._ext import _openmp


def limit_blas_threads():
    """Run every BLAS library loaded in the process (NumPy's, SciPy's) on one thread.

    minigrad's parallelism comes from its OpenMP kernels, with the thread
    count of ``minigrad.set_num_threads``. A multi-threaded BLAS beside them
    puts two pools of busy-waiting threads on the same cores: a LeNet-5
    training step at batch 64 on 2 cores took 110-127 ms with NumPy's
    OpenBLAS on 2 threads and 37 ms with it on 1. The im2col path of the
    convolutions calls SciPy's BLAS, one GEMM per thread, from inside its
    parallel region: LeNet conv2's forward took 314 ms with SciPy's OpenBLAS
    on 2 threads there and 22 ms on 1.
    Called once, when minigrad is imported; it also limits BLAS calls the
    user's own NumPy code makes.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad._config import limit_blas_threads
    >>> limit_blas_threads()
    >>> all(blas["threads"] == 1 for blas in minigrad.build_info()["blas"])
    True
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")


def build_info():
    """How the compiled part of minigrad was built, as a dict.

    Returns
    -------
    dict
        ``openmp`` (bool: the kernels were compiled with OpenMP),
        ``num_threads`` (the threads the kernels use now),
        ``openmp_max_threads`` (OpenMP's default), ``numpy`` (its version) and
        ``blas`` (a list of dicts with ``library``, ``version``, ``threads`` and
        ``path`` for each BLAS library loaded; empty without threadpoolctl).

    Examples
    --------
    >>> import minigrad
    >>> info = minigrad.build_info()
    >>> sorted(info)
    ['blas', 'num_threads', 'numpy', 'openmp', 'openmp_max_threads']
    >>> info["num_threads"] == minigrad.get_num_threads()
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
    return {
        "openmp": _openmp.openmp_enabled(),
        "num_threads": _openmp.get_num_threads(),
        "openmp_max_threads": _openmp.max_threads(),
        "numpy": np.__version__,
        "blas": blas,
    }


def show_config():
    """Print how minigrad was built: OpenMP on or off, threads, NumPy and the BLAS in use.

    See :func:`build_info` for the same as a dict.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.show_config()  # doctest: +ELLIPSIS
    OpenMP:           ...
    kernel threads:   ...
    NumPy:            ...
    """
    info = build_info()
    lines = [
        f"OpenMP:           {'enabled' if info['openmp'] else 'DISABLED (kernels run serially)'}",
        f"kernel threads:   {info['num_threads']} (OpenMP default {info['openmp_max_threads']})",
        f"NumPy:            {info['numpy']}",
    ]
    for b in info["blas"]:
        lines.append(f"BLAS:             {b['library']} {b['version']}, {b['threads']} threads ({b['path']})")
    print("\n".join(lines))
