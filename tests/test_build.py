"""What the compiled extensions were built with, and thread control."""
import os
import subprocess
import sys

import numpy as np
import pytest

import minigrad
from minigrad._ext import _blas


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


def test_omp_num_threads_sets_the_default():
    env = dict(os.environ, OMP_NUM_THREADS="1")
    code = "import minigrad; print(minigrad.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, cwd=os.path.dirname(os.path.dirname(minigrad.__file__)))
    assert out.stdout.strip() == "1"


def test_show_config_reports_openmp_and_threads(capsys):
    minigrad.show_config()
    text = capsys.readouterr().out
    assert "OpenMP:" in text and "kernel threads:" in text


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("m,k,n", [(1, 1, 1), (3, 5, 2), (17, 33, 9)])
def test_row_major_gemm_wrapper_matches_numpy(dtype, m, k, n):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((k, n)).astype(dtype)
    out = np.zeros((m, n), dtype)
    _blas.gemm_check(a, b, out)
    np.testing.assert_allclose(out, a @ b, rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-5)
