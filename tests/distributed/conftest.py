"""Fixtures for the distributed tests.

The tests in ``test_collectives.py`` and ``test_ddp.py`` run in every rank of
``mpiexec -n N python -m pytest tests/distributed`` (CI runs N = 2 and 4),
and also in the main suite as a job of one rank; without mpi4py (the
``[mpi]`` extra) they are skipped. Each test makes the same collective calls
in the same order on every rank, so the ranks stay in step.
"""
import pytest

# A script that test_failure.py runs under mpiexec, not a test module.
collect_ignore = ["_failing_rank.py"]


@pytest.fixture(scope="session")
def dist():
    pytest.importorskip("mpi4py", reason="the [mpi] extra (mpi4py) is not installed")
    import minigrad.distributed as dist
    if not dist.is_initialized():
        # Long enough for 4 oversubscribed ranks, short enough that a broken test ends the job.
        dist.init_process_group("mpi", timeout=120)
    yield dist
    dist.destroy_process_group()
