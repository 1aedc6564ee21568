"""Without the [mpi] extra, minigrad works and minigrad.distributed says what to install."""
import os
import subprocess
import sys
import textwrap

import pytest

_NO_MPI4PY = textwrap.dedent("""
    import sys
    sys.modules["mpi4py"] = None  # as if mpi4py were not installed
    import minigrad
    import minigrad.distributed as dist
    from minigrad import nn
    print(dist.is_available(), dist.is_initialized())
    loss = nn.Linear(2, 1)(minigrad.ones(3, 2)).sum()
    loss.backward()
    for call in (lambda: dist.init_process_group("mpi"), dist.get_rank,
                 lambda: nn.parallel.DistributedDataParallel(nn.Linear(2, 1))):
        try:
            call()
        except ImportError as error:
            print("ImportError:", error)
""")


def test_without_mpi4py_minigrad_works_and_distributed_names_the_extra():
    result = subprocess.run([sys.executable, "-c", _NO_MPI4PY], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "False False"
    assert len(lines) == 4
    for line in lines[1:]:
        assert line.startswith("ImportError: minigrad.distributed needs mpi4py")
        assert 'pip install "minigrad[mpi]"' in line


def test_get_rank_before_init_process_group_raises():
    pytest.importorskip("mpi4py", reason="the [mpi] extra (mpi4py) is not installed")
    if any(name.startswith("PMI_") for name in os.environ):
        pytest.skip("a rank of an mpiexec job cannot start a process of its own that uses MPI")
    # In a fresh process: the distributed tests' group may be initialized in this one.
    code = ("import minigrad.distributed as dist\n"
            "try:\n    dist.get_rank()\nexcept ValueError as error:\n    print(error)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("get_rank: default process group has not been initialized")
