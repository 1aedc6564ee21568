"""Without the [mpi] extra, minigrad works and minigrad.distributed says what to install."""
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
    import minigrad.distributed as dist
    if dist.is_initialized():
        pytest.skip("the distributed tests' group is initialized in this process")
    with pytest.raises(ValueError, match="default process group has not been initialized"):
        dist.get_rank()
