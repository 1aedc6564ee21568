"""A rank that fails ends the whole job, instead of leaving the others waiting forever.

Each test launches its own two-rank job with mpiexec, so it runs in the main
suite (when the [mpi] extra is installed) but not inside an mpiexec job.
"""
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("mpi4py", reason="the [mpi] extra (mpi4py) is not installed")
if shutil.which("mpiexec") is None:
    pytest.skip("no mpiexec on PATH", allow_module_level=True)
if any(v in os.environ for v in ("PMI_RANK", "PMI_SIZE", "OMPI_COMM_WORLD_SIZE")):
    pytest.skip("launches its own mpiexec job; not run inside one", allow_module_level=True)

SCRIPT = Path(__file__).with_name("_failing_rank.py")
ROOT = Path(__file__).resolve().parents[2]


def _run(mode, timeout):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.monotonic()
    result = subprocess.run(["mpiexec", "-n", "2", sys.executable, str(SCRIPT), mode, str(timeout)],
                            capture_output=True, text=True, timeout=180, env=env)
    return result, time.monotonic() - start


def test_a_killed_rank_ends_the_job():
    result, seconds = _run("kill", timeout=20)
    assert result.returncode != 0
    assert "rank 0 finished" not in result.stdout
    assert seconds < 90, f"the job took {seconds:.0f} s to end"


def test_a_rank_that_raises_aborts_the_others_at_once():
    # The group's timeout is 100 s: ending well before it shows the abort, not the timeout, ended it.
    result, seconds = _run("raise", timeout=100)
    assert result.returncode != 0
    assert "ValueError: rank 1 fails on purpose" in result.stderr
    assert "rank 1 failed; aborting all ranks" in result.stderr
    assert "rank 0 finished" not in result.stdout
    assert seconds < 60, f"the job took {seconds:.0f} s to end"


def test_a_rank_that_stops_communicating_times_out_the_others():
    result, seconds = _run("stall", timeout=3)
    assert result.returncode != 0
    assert "all_reduce: rank 0 waited 3 s without the other ranks" in result.stderr
    assert "rank 0 finished" not in result.stdout
    assert seconds < 60, f"the job took {seconds:.0f} s to end"
