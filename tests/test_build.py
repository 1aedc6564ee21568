"""What the compiled extensions were built with, and thread control."""
import inspect
import os
import platform
import subprocess
import sys
import warnings

import numpy as np
import pytest

import minigrad
from minigrad._ext import _blas, _cpu


def test_kernels_are_built_with_openmp_unless_a_serial_build_is_expected():
    if os.environ.get("MINIGRAD_EXPECT_SERIAL") == "1":
        pytest.skip("this build was asked to be serial")
    assert minigrad.build_info()["openmp"], (
        "the extensions were compiled without OpenMP; set MINIGRAD_EXPECT_SERIAL=1 if that is intended"
    )


def test_set_num_threads_changes_get_num_threads():
    before = minigrad.get_num_threads()
    try:
        minigrad.set_num_threads(1)
        assert minigrad.get_num_threads() == 1
    finally:
        minigrad.set_num_threads(before)


@pytest.mark.parametrize("bad", [0, -3])
def test_set_num_threads_rejects_non_positive_counts(bad):
    with pytest.raises(ValueError, match="set_num_threads: expected a positive"):
        minigrad.set_num_threads(bad)


@pytest.mark.parametrize("bad", [1.5, "2", None, True])
def test_set_num_threads_rejects_non_integers(bad):
    with pytest.raises(TypeError, match="set_num_threads: expected an int"):
        minigrad.set_num_threads(bad)


def test_set_num_threads_accepts_numpy_integers():
    before = minigrad.get_num_threads()
    try:
        minigrad.set_num_threads(np.int64(1))
        assert minigrad.get_num_threads() == 1 and type(minigrad.get_num_threads()) is int
    finally:
        minigrad.set_num_threads(before)


@pytest.mark.parametrize("huge", [100_000, 2**31 - 1, 2**40])
def test_huge_thread_counts_are_capped_with_one_warning_and_kernels_still_run(huge):
    # Uncapped, 100,000 threads segfaulted in the next kernel and 2**31-1
    # made the OpenMP runtime exit with "Out of memory": run in a subprocess.
    code = f"""
import warnings
import numpy as np
import minigrad
from minigrad._ext._openmp import max_supported_threads
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    minigrad.set_num_threads({huge})
    minigrad.set_num_threads({huge})
x = minigrad.tensor(np.ones((4, 3, 16, 16), np.float32))
y = minigrad.nn.functional.conv2d(x, minigrad.ones(2, 3, 3, 3))
print(minigrad.get_num_threads() == max_supported_threads(), len(caught), float(y.sum().item()))
print(caught[0].message)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=os.path.dirname(os.path.dirname(minigrad.__file__)))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"True 1 {4 * 2 * 14 * 14 * 27.0}"
    assert lines[1].startswith(f"set_num_threads: {huge} threads capped at ")


def test_the_thread_cap_is_four_per_processor():
    from minigrad._ext._openmp import max_supported_threads

    if minigrad.build_info()["openmp"]:
        assert 1 <= max_supported_threads() <= 4 * os.cpu_count()


def test_omp_num_threads_sets_the_default():
    env = dict(os.environ, OMP_NUM_THREADS="1")
    code = "import minigrad; print(minigrad.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(minigrad.__file__)))
    assert out.stdout.strip() == "1"


def test_show_config_reports_openmp_threads_and_simd_level(capsys):
    minigrad.show_config()
    text = capsys.readouterr().out
    assert "OpenMP:" in text and "kernel threads:" in text
    info = minigrad.build_info()
    assert (f"SIMD level:       {info['simd_level']} (this CPU runs "
            f"{', '.join(info['cpu_simd_levels'])}") in text


# ----------------------------------------------------------------------------- SIMD level
def _run_python(code, simd=None):
    env = dict(os.environ)
    env.pop("MINIGRAD_SIMD", None)
    if simd is not None:
        env["MINIGRAD_SIMD"] = simd
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True, cwd=os.path.dirname(os.path.dirname(minigrad.__file__)))


_PRINT_LEVEL = "import minigrad; print(minigrad.build_info()['simd_level'])"


def test_set_simd_level_switches_every_kernel_and_returns_the_previous_level():
    levels = _cpu.cpu_simd_levels()
    assert levels == _cpu.LEVELS[:len(levels)] and _cpu.get_simd_level() in levels
    previous = _cpu.set_simd_level("baseline")
    try:
        assert _cpu.get_simd_level() == "baseline"
        assert minigrad.build_info()["simd_level"] == "baseline"
        assert _cpu.set_simd_level(levels[-1]) == "baseline"
        assert _cpu.get_simd_level() == levels[-1]
    finally:
        _cpu.set_simd_level(previous)


@pytest.mark.parametrize("bad", ["avx3", "", "sse2", None, 1])
def test_set_simd_level_rejects_unknown_names(bad):
    with pytest.raises(ValueError, match="set_simd_level: expected one of"):
        _cpu.set_simd_level(bad)


def test_set_simd_level_refuses_a_level_the_processor_lacks():
    missing = [level for level in _cpu.LEVELS if level not in _cpu.cpu_simd_levels()]
    if not missing:
        pytest.skip("this processor runs every level")
    with pytest.raises(ValueError, match=f"this processor has no {missing[0]}"):
        _cpu.set_simd_level(missing[0])


def test_the_default_level_is_the_best_the_processor_runs():
    assert _run_python(_PRINT_LEVEL).stdout.strip() == _cpu.cpu_simd_levels()[-1]


@pytest.mark.parametrize("level", _cpu.LEVELS)
def test_minigrad_simd_sets_the_level_at_import(level):
    if level not in _cpu.cpu_simd_levels():
        pytest.skip(f"this processor has no {level}")
    out = _run_python(_PRINT_LEVEL, simd=level)
    assert out.stdout.strip() == level and "Warning" not in out.stderr


def test_minigrad_simd_with_an_unknown_name_warns_and_runs_at_the_best_level():
    out = _run_python(_PRINT_LEVEL, simd="avx3")
    assert out.stdout.strip() == _cpu.cpu_simd_levels()[-1]
    assert "RuntimeWarning: MINIGRAD_SIMD='avx3' is not one of" in out.stderr


def test_minigrad_simd_above_the_processor_warns_and_falls_back():
    missing = [level for level in _cpu.LEVELS if level not in _cpu.cpu_simd_levels()]
    if not missing:
        pytest.skip("this processor runs every level")
    out = _run_python(_PRINT_LEVEL, simd=missing[-1])
    assert out.stdout.strip() == _cpu.cpu_simd_levels()[-1]
    assert f"this processor has no {missing[-1]}" in out.stderr


def _level_probe():
    """A convolution and a layer norm, as hex strings of their bytes."""
    from minigrad.nn import functional as F

    rng = np.random.default_rng(3)
    x = minigrad.tensor(rng.standard_normal((2, 6, 11, 13), dtype=np.float32))
    w = minigrad.tensor(rng.standard_normal((10, 6, 5, 5), dtype=np.float32))
    rows = minigrad.tensor(rng.standard_normal((4, 300)) * 3 + 7)
    return [F.conv2d(x, w, padding=2).numpy().tobytes().hex(),
            F.layer_norm(rows, (300,)).numpy().tobytes().hex()]


def test_the_environment_and_the_python_switch_set_the_same_level_of_every_kernel():
    # A result computed at a level switched from Python equals the one of a
    # process started at that level, bit for bit; and the levels differ.
    if "avx2" not in _cpu.cpu_simd_levels():
        pytest.skip("this processor has no avx2")
    results = {}
    for level in ("baseline", "avx2"):
        # The probe's source, not an import of this module: an installed
        # minigrad runs from site-packages, where the tests are not importable.
        code = ("import numpy as np\nimport minigrad\n" + inspect.getsource(_level_probe)
                + "print(*_level_probe())")
        results[level] = _run_python(code, simd=level).stdout.split()
        previous = _cpu.set_simd_level(level)
        try:
            assert _level_probe() == results[level]
        finally:
            _cpu.set_simd_level(previous)
    # The norm's AVX2 sums add in another order, with FMA intrinsics, so the
    # levels differ at any optimisation level (the conv copies differ only
    # where the compiler fuses their multiply-adds, which -O0 does not).
    assert results["baseline"][1] != results["avx2"][1]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("trans_a", [False, True])
@pytest.mark.parametrize("trans_b", [False, True])
def test_column_major_gemm_wrapper_writes_the_transpose(dtype, trans_a, trans_b):
    rng = np.random.default_rng(1)
    m, k, n = 5, 7, 3
    a = rng.standard_normal((k, m) if trans_a else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if trans_b else (k, n)).astype(dtype)
    out_t = np.zeros((n, m), dtype)
    _blas.gemm_columns_check(a, trans_a, b, trans_b, out_t)
    want = (a.T if trans_a else a) @ (b.T if trans_b else b)
    np.testing.assert_allclose(out_t, want.T, rtol=1e-5 if dtype == np.float32 else 1e-12,
                               atol=1e-5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m,k,n", [(1, 1, 1), (3, 5, 2), (17, 33, 9)])
def test_row_major_gemm_wrapper_matches_numpy(dtype, m, k, n):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    out = np.zeros((m, n), dtype)
    _blas.gemm_check(a, b, out)
    np.testing.assert_allclose(out, a @ b, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-5)


# ---------------------------------------------------------------- BLAS threads
def test_import_leaves_the_blas_thread_counts_of_the_process_alone():
    code = (
        "import numpy, scipy.linalg.cython_blas\n"
        "from threadpoolctl import threadpool_info, threadpool_limits\n"
        "threadpool_limits(3, user_api='blas')\n"
        "def counts():\n"
        "    return sorted((i['filepath'], i['num_threads']) for i in threadpool_info()\n"
        "                  if i['user_api'] == 'blas')\n"
        "before = counts()\n"
        "import minigrad\n"
        "x = minigrad.randn(8, 8, requires_grad=True)\n"
        "(x @ x).sum().backward()\n"
        "after = counts()\n"
        "print(before == after, len(before), before[0][1] if before else None)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=os.path.dirname(os.path.dirname(minigrad.__file__)))
    same, n_libraries, threads = out.stdout.split()
    if n_libraries == "0":
        pytest.skip("threadpoolctl sees no BLAS library")
    assert same == "True" and threads == "3"


def test_kernels_that_call_blas_run_it_on_one_thread_and_restore_it_after(monkeypatch):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from minigrad.ops import matmul as matmul_ops

    def blas_threads():
        return [i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas"]

    seen = []
    real_matmul = matmul_ops._kernels.matmul

    def probe(*args):
        seen.append(blas_threads())
        return real_matmul(*args)

    monkeypatch.setattr(matmul_ops._kernels, "matmul", probe)
    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        if not blas_threads():
            pytest.skip("threadpoolctl sees no BLAS library")
        x = minigrad.ones(3, 3, requires_grad=True)
        (x @ x).sum().backward()
        assert blas_threads() == [2] * len(seen[0])
    assert len(seen) == 3  # the product and its two gradients
    assert all(threads == [1] * len(seen[0]) for threads in seen)


def test_blas_thread_functions_fall_back_to_the_controllers_methods():
    from minigrad._config import _thread_functions

    class Controller:
        internal_api, threading_layer = "openblas", "pthreads"

        def get_num_threads(self):
            return 3

        def set_num_threads(self, n):
            self.set_to = n

        def _get_symbol(self, name):
            raise AttributeError(name)

    lib = Controller()
    get, set_ = _thread_functions(lib)
    set_(1)
    assert get() == 3 and lib.set_to == 1
    lib.internal_api = "mkl"
    assert _thread_functions(lib) == (lib.get_num_threads, lib.set_num_threads)


def test_ops_that_call_no_blas_leave_its_threads_alone():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    seen = {}

    def blas_threads():
        return [i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas"]

    class Probe(minigrad.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            seen["forward"] = blas_threads()
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            seen["backward"] = blas_threads()
            return grad * 2

    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        if not blas_threads():
            pytest.skip("threadpoolctl sees no BLAS library")
        Probe.apply(minigrad.ones(3, requires_grad=True)).sum().backward()
        assert seen["forward"] == seen["backward"] == [2] * len(seen["forward"])


def test_set_num_threads_above_one_on_a_serial_build_warns_once(monkeypatch):
    from minigrad import _config

    monkeypatch.setattr(_config._openmp, "openmp_enabled", lambda: False)
    monkeypatch.setattr(_config, "_warned_serial", False)
    before = minigrad.get_num_threads()
    try:
        with pytest.warns(RuntimeWarning, match=r"set_num_threads\(2\): this build of minigrad "
                                                r"has no OpenMP"):
            minigrad.set_num_threads(2)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            minigrad.set_num_threads(2)  # once is enough
            minigrad.set_num_threads(1)
    finally:
        minigrad.set_num_threads(before)


def test_set_num_threads_with_openmp_does_not_warn():
    if not minigrad.build_info()["openmp"]:
        pytest.skip("a serial build")
    before = minigrad.get_num_threads()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            minigrad.set_num_threads(2)
    finally:
        minigrad.set_num_threads(before)


def test_show_config_reports_version_python_platform_and_build(capsys):
    minigrad.show_config()
    lines = dict(line.split(":", 1) for line in capsys.readouterr().out.splitlines())
    assert lines["minigrad"].strip() == minigrad.__version__
    assert platform.python_version() in lines["Python"]
    assert lines["platform"].strip() == platform.platform()
    assert "compiler" in lines and "build flags" in lines
    build = minigrad.build_info()["build"]
    if build:  # written by setup.py beside the compiled modules
        assert build["compiler"] in lines["compiler"]
        assert ("-fopenmp" in lines["build flags"]) == minigrad.build_info()["openmp"]
