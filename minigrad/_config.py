"""What the compiled part of minigrad was built with."""
import numpy as np

from minigrad._ext import _openmp


def build_info():
    """A dict describing the build: OpenMP, thread counts, BLAS libraries in use."""
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
    """Print how minigrad was built: OpenMP on or off, threads, and the BLAS in use."""
    info = build_info()
    lines = [
        f"OpenMP:           {'enabled' if info['openmp'] else 'DISABLED (kernels run serially)'}",
        f"kernel threads:   {info['num_threads']} (OpenMP default {info['openmp_max_threads']})",
        f"NumPy:            {info['numpy']}",
    ]
    for b in info["blas"]:
        lines.append(f"BLAS:             {b['library']} {b['version']}, {b['threads']} threads ({b['path']})")
    print("\n".join(lines))
