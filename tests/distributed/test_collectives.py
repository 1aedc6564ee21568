"""Collectives across the ranks of the job, against values every rank can compute itself."""
import numpy as np
import pytest

import minigrad


def _rank_values(rank, dtype=np.float64):
    """What rank ``rank`` contributes: different on every rank, known to all."""
    return (np.arange(6, dtype=dtype).reshape(2, 3) + 1) * (rank + 1) - 3.5 * (rank % 2)


def test_rank_and_world_size_match_mpi(dist):
    from mpi4py import MPI
    assert dist.is_initialized()
    assert dist.get_backend() == "mpi"
    assert dist.get_rank() == MPI.COMM_WORLD.Get_rank()
    assert dist.get_world_size() == MPI.COMM_WORLD.Get_size()


@pytest.mark.parametrize("op, combine", [
    ("SUM", lambda rows: sum(rows[1:], rows[0].copy())),
    ("AVG", lambda rows: sum(rows[1:], rows[0].copy()) / len(rows)),
    ("MAX", lambda rows: np.max(rows, axis=0)),
    ("MIN", lambda rows: np.min(rows, axis=0)),
])
def test_all_reduce_gives_every_rank_the_combined_tensor(dist, op, combine):
    p = dist.get_world_size()
    t = minigrad.tensor(_rank_values(dist.get_rank()))
    dist.all_reduce(t, op=getattr(dist.ReduceOp, op))
    expected = combine([_rank_values(r) for r in range(p)])
    np.testing.assert_array_equal(t.numpy(), expected)


def test_all_reduce_sums_in_rank_order(dist):
    # Float addition is not associative: 1e16 + 1 rounds back to 1e16, so
    # rank order ((1e16 + 1) - 1e16) + 1 gives 1, while other orders give 0 or 2.
    p = dist.get_world_size()
    pattern = np.array([1e16, 1.0, -1e16, 1.0])
    t = minigrad.tensor(np.full(3, pattern[dist.get_rank() % 4]))
    dist.all_reduce(t)
    expected = 0.0
    for r in range(p):
        expected = pattern[r % 4] if r == 0 else expected + pattern[r % 4]
    assert t.tolist() == [expected] * 3
    gathered = [minigrad.zeros(3, dtype=minigrad.float64) for _ in range(p)]
    dist.all_gather(gathered, t)
    assert all(g.tolist() == t.tolist() for g in gathered)  # bit-identical on every rank


def test_all_reduce_async_returns_work_to_wait_on(dist):
    t = minigrad.ones(4)
    work = dist.all_reduce(t, async_op=True)
    assert work.wait() is True and work.is_completed()
    assert t.tolist() == [float(dist.get_world_size())] * 4


def test_broadcast_copies_the_source_rank(dist):
    p = dist.get_world_size()
    src = p - 1
    t = minigrad.tensor(_rank_values(dist.get_rank(), np.float32))
    dist.broadcast(t, src=src)
    np.testing.assert_array_equal(t.numpy(), _rank_values(src, np.float32))


def test_all_gather_fills_the_list_in_rank_order(dist):
    p = dist.get_world_size()
    out = [minigrad.zeros(2, 3, dtype=minigrad.float64) for _ in range(p)]
    dist.all_gather(out, minigrad.tensor(_rank_values(dist.get_rank())))
    for r in range(p):
        np.testing.assert_array_equal(out[r].numpy(), _rank_values(r))


def test_reduce_writes_only_the_destination(dist):
    p, rank = dist.get_world_size(), dist.get_rank()
    t = minigrad.tensor(_rank_values(rank))
    dist.reduce(t, dst=0)
    expected = sum((_rank_values(r) for r in range(1, p)), _rank_values(0)) if rank == 0 \
        else _rank_values(rank)
    np.testing.assert_array_equal(t.numpy(), expected)


def test_barrier_returns(dist):
    assert dist.barrier() is None


def test_invalid_arguments_raise(dist):
    p = dist.get_world_size()
    with pytest.raises(ValueError, match=r"src must be a rank in \[0, "):
        dist.broadcast(minigrad.ones(2), src=p)
    with pytest.raises(TypeError, match="op must be a ReduceOp"):
        dist.all_reduce(minigrad.ones(2), op="sum")
    with pytest.raises(TypeError, match="expected a Tensor"):
        dist.all_reduce(np.ones(2))
    with pytest.raises(ValueError, match="tensor_list must be a list of"):
        dist.all_gather([minigrad.ones(2)] * (p + 1), minigrad.ones(2))
    with pytest.raises(RuntimeError, match="twice"):
        dist.init_process_group("mpi")
    with pytest.raises(ValueError, match="only the 'mpi' backend"):
        dist.init_process_group("gloo")
