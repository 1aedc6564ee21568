"""DistributedDataParallel against one process doing the same work alone.

Every rank also trains the reference itself (one process, the whole batch),
so the comparison needs no files or extra launches and holds at any world size.
"""
import numpy as np
import pytest

import minigrad
from minigrad import nn, optim
from minigrad.nn.parallel import DistributedDataParallel

GLOBAL_BATCH = 64
STEPS = 50


def _small_cnn(dtype):
    minigrad.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 8, kernel_size=3), nn.ReLU(), nn.Flatten(), nn.Linear(8 * 5 * 5, 10),
    )
    return model.to(dtype)


def _data(dtype, steps=STEPS):
    rng = np.random.default_rng(1)
    images = rng.standard_normal((steps * GLOBAL_BATCH, 1, 14, 14)).astype(dtype)
    labels = rng.integers(0, 10, steps * GLOBAL_BATCH)
    return images, labels


def _train(model, images, labels, batch_slice, steps=STEPS):
    opt = optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-3)
    for step in range(steps):
        start = step * GLOBAL_BATCH
        x = images[start:start + GLOBAL_BATCH][batch_slice]
        y = labels[start:start + GLOBAL_BATCH][batch_slice]
        opt.zero_grad()
        nn.functional.cross_entropy(model(minigrad.from_numpy(x)), minigrad.from_numpy(y)).backward()
        opt.step()
    return [p.detach().numpy().copy() for p in model.parameters()]


def _rank_slice(dist):
    p, rank = dist.get_world_size(), dist.get_rank()
    if GLOBAL_BATCH % p:
        pytest.skip(f"the batch of {GLOBAL_BATCH} does not split over {p} ranks")
    per_rank = GLOBAL_BATCH // p
    return slice(rank * per_rank, (rank + 1) * per_rank)


def _max_diff(a, b):
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b))


def _same_on_every_rank(dist, arrays):
    flat = np.concatenate([a.ravel() for a in arrays])
    gathered = [minigrad.zeros(flat.size, dtype=minigrad.from_numpy(flat).dtype)
                for _ in range(dist.get_world_size())]
    dist.all_gather(gathered, minigrad.from_numpy(flat))
    return all(np.array_equal(g.numpy(), flat) for g in gathered)


@pytest.mark.parametrize("dtype, tolerance", [(np.float64, 1e-12), (np.float32, 2e-5)])
def test_ranks_at_a_share_of_the_batch_match_one_process_at_the_whole_batch(dist, dtype,
                                                                            tolerance):
    images, labels = _data(dtype)
    reference = _train(_small_cnn(dtype), images, labels, slice(None))
    # Several buckets (about 1 KiB each), so several allreduces overlap backward.
    model = DistributedDataParallel(_small_cnn(dtype), bucket_cap_mb=1 / 1024)
    assert len(model._buckets) > 2
    result = _train(model, images, labels, _rank_slice(dist))
    diff = _max_diff(result, reference)
    print(f"\n{dist.get_world_size()} ranks, {np.dtype(dtype).name}: max |DDP - single| = {diff:.3g}")
    assert diff <= tolerance
    assert _same_on_every_rank(dist, result)


def test_construction_copies_rank_0_parameters_and_buffers(dist):
    minigrad.manual_seed(100 + dist.get_rank())  # a different model on every rank
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    net[1].running_mean._data[...] = dist.get_rank()
    DistributedDataParallel(net)
    state = [v.numpy() for v in net.state_dict().values() if v.dtype != minigrad.int64]
    assert _same_on_every_rank(dist, state)
    assert net[1].running_mean.tolist() == [0.0] * 4


def test_no_sync_accumulates_locally_and_the_next_backward_averages_the_sum(dist):
    p, rank = dist.get_world_size(), dist.get_rank()
    rng = np.random.default_rng(7)
    micro = [rng.standard_normal((p, 5, 1, 14, 14)) for _ in range(3)]
    targets = [rng.integers(0, 10, (p, 5)) for _ in range(3)]

    def loss(model, k, r):
        out = model(minigrad.from_numpy(micro[k][r]))
        return nn.functional.cross_entropy(out, minigrad.from_numpy(targets[k][r]))

    model = DistributedDataParallel(_small_cnn(np.float64), bucket_cap_mb=1 / 1024)
    with model.no_sync():
        loss(model, 0, rank).backward()
        local = [prm.grad.numpy().copy() for prm in model.parameters()]
        loss(model, 1, rank).backward()
    loss(model, 2, rank).backward()
    # The reference: every rank's three micro-batch gradients, summed, then averaged over ranks.
    plain = _small_cnn(np.float64)
    expected = [np.zeros(prm.shape) for prm in plain.parameters()]
    for r in range(p):
        plain.zero_grad()
        for k in range(3):
            loss(plain, k, r).backward()
            if r == rank and k == 0:
                assert _max_diff(local, [prm.grad.numpy() for prm in plain.parameters()]) == 0
        for e, prm in zip(expected, plain.parameters()):
            e += prm.grad.numpy()
    got = [prm.grad.numpy() for prm in model.parameters()]
    assert _max_diff(got, [e / p for e in expected]) <= 1e-12


def test_first_bucket_is_sent_while_backward_is_still_running(dist, monkeypatch):
    from minigrad.nn import parallel
    model = DistributedDataParallel(_small_cnn(np.float64), bucket_cap_mb=1 / 1024)
    first_conv = model.module[0].weight
    seen = []
    start = parallel._Bucket.start

    def record(bucket, d):
        seen.append(first_conv.grad is None)
        start(bucket, d)
    monkeypatch.setattr(parallel._Bucket, "start", record)
    x = minigrad.randn(4, 1, 14, 14, dtype=minigrad.float64)
    model(x).sum().backward()
    # The last layer's bucket went out before the first conv had its gradient;
    # the first conv's own bucket, last in backward order, after.
    assert seen[0] is True and seen[-1] is False
    assert len(seen) == len(model._buckets)
    assert first_conv.grad is not None


def test_a_parameter_without_gradient_is_reported_at_the_next_forward(dist):
    net = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3))
    model = DistributedDataParallel(net, bucket_cap_mb=1e-5)
    net[0](minigrad.randn(2, 3)).sum().backward()  # only the first layer gets gradients
    model._sync_this_backward = True
    x = minigrad.randn(2, 3)
    model(x)
    net[0](x).sum().backward()
    with pytest.raises(RuntimeError, match="did not receive a gradient"):
        model(x)


def test_state_dict_keys_and_arguments(dist):
    net = nn.Linear(2, 2)
    model = DistributedDataParallel(net)
    assert list(model.state_dict()) == ["module.weight", "module.bias"]
    with pytest.raises(TypeError, match="expected an nn.Module"):
        DistributedDataParallel(lambda x: x)
    with pytest.raises(ValueError, match="bucket_cap_mb must be a positive number"):
        DistributedDataParallel(net, bucket_cap_mb=0)
    with pytest.raises(ValueError, match="device_ids and output_device are for GPUs"):
        DistributedDataParallel(net, device_ids=[0])


def test_sync_batchnorm_on_shares_of_a_batch_matches_batchnorm_on_the_whole(dist):
    p, rank = dist.get_world_size(), dist.get_rank()
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4 * p, 3, 5, 5)) * 2 + 1
    target = rng.standard_normal((4 * p, 3, 5, 5))

    def make():
        minigrad.manual_seed(0)
        net = nn.Sequential(nn.Conv2d(3, 3, 3, padding=1), nn.BatchNorm2d(3)).to(np.float64)
        net[1].weight._data[...] = [0.5, 1.5, 2.0]
        net[1].bias._data[...] = [0.1, -0.2, 0.3]
        return net

    whole = make()
    out = whole(minigrad.from_numpy(x))
    ((out - minigrad.from_numpy(target)) ** 2).mean().backward()

    model = DistributedDataParallel(nn.SyncBatchNorm.convert_sync_batchnorm(make()))
    assert isinstance(model.module[1], nn.SyncBatchNorm)
    part = slice(4 * rank, 4 * rank + 4)
    mine = model(minigrad.from_numpy(x[part]))
    ((mine - minigrad.from_numpy(target[part])) ** 2).mean().backward()

    np.testing.assert_allclose(mine.detach().numpy(), out.detach().numpy()[part], rtol=0,
                               atol=1e-12)
    for a, b in zip(model.module.parameters(), whole.parameters()):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=0, atol=1e-12)
    for name in ("running_mean", "running_var"):
        np.testing.assert_allclose(getattr(model.module[1], name).numpy(),
                                   getattr(whole[1], name).numpy(), rtol=0, atol=1e-12)
