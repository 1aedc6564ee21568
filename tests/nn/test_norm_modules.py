"""Normalization modules: forward against NumPy, running statistics, train/eval, state_dict."""
import warnings

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference import nn as ref


def _t(a, requires_grad=False):
    return minigrad.tensor(np.asarray(a), requires_grad=requires_grad)


def _randomize_affine(module, rng):
    for p in module.parameters():
        p._data[...] = rng.uniform(0.5, 1.5, p.shape)


BATCH_NORMS = [(nn.BatchNorm1d, (6, 3)), (nn.BatchNorm1d, (4, 3, 5)),
               (nn.BatchNorm2d, (4, 3, 2, 3)), (nn.BatchNorm3d, (2, 3, 2, 2, 2))]


# ---------------------------------------------------------------- batch norm
@pytest.mark.parametrize("cls, shape", BATCH_NORMS)
def test_batch_norm_training_uses_batch_statistics_and_updates_running_ones(rng, cls, shape):
    bn = cls(3, momentum=0.2).double()
    _randomize_affine(bn, rng)
    w, b = bn.weight.detach().numpy().copy(), bn.bias.detach().numpy().copy()
    mean, var = np.zeros(3), np.ones(3)
    for step in range(1, 4):
        x = rng.standard_normal(shape) * 2 + 1
        out = bn(_t(x))
        np.testing.assert_allclose(out.detach().numpy(), ref.batch_norm(x, w, b), rtol=1e-10,
                                   atol=1e-12)
        batch_mean, batch_var = ref.batch_stats(x)
        mean = 0.8 * mean + 0.2 * batch_mean
        var = 0.8 * var + 0.2 * batch_var
        np.testing.assert_allclose(bn.running_mean.numpy(), mean, rtol=1e-12)
        np.testing.assert_allclose(bn.running_var.numpy(), var, rtol=1e-12)
        assert bn.num_batches_tracked.item() == step


@pytest.mark.parametrize("cls, shape", BATCH_NORMS)
def test_batch_norm_eval_uses_running_statistics_and_changes_nothing(rng, cls, shape):
    bn = cls(3).double()
    bn(_t(rng.standard_normal(shape)))
    bn.eval()
    state = {k: v.numpy().copy() for k, v in bn.state_dict().items()}
    x = rng.standard_normal(shape)
    out = bn(_t(x))
    expected = ref.batch_norm(x, state["weight"], state["bias"], 1e-5, state["running_mean"],
                              state["running_var"])
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-10)
    for k, v in bn.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), state[k])


def test_batch_norm_momentum_none_keeps_a_cumulative_average(rng):
    bn = nn.BatchNorm1d(2, momentum=None).double()
    batches = [rng.standard_normal((5, 2)) for _ in range(4)]
    for x in batches:
        bn(_t(x))
    means = np.mean([ref.batch_stats(x)[0] for x in batches], axis=0)
    variances = np.mean([ref.batch_stats(x)[1] for x in batches], axis=0)
    np.testing.assert_allclose(bn.running_mean.numpy(), means, rtol=1e-10)
    np.testing.assert_allclose(bn.running_var.numpy(), variances, rtol=1e-10)
    assert repr(bn) == ("BatchNorm1d(2, eps=1e-05, momentum=None, affine=True, bias=True, "
                        "track_running_stats=True)")


def test_batch_norm_without_running_stats_uses_batch_statistics_in_eval(rng):
    bn = nn.BatchNorm2d(3, track_running_stats=False, affine=False).double().eval()
    assert bn.running_mean is None and bn.num_batches_tracked is None
    assert list(bn.state_dict()) == []
    x = rng.standard_normal((4, 3, 2, 2))
    np.testing.assert_allclose(bn(_t(x)).numpy(), ref.batch_norm(x), rtol=1e-10, atol=1e-12)


def test_batch_norm_gradcheck_in_training(rng):
    bn = nn.BatchNorm2d(2).double()
    _randomize_affine(bn, rng)
    x = _t(rng.standard_normal((3, 2, 2, 2)), True)
    assert gradcheck(bn, (x,))
    assert gradcheck(lambda w, b: nn.functional.batch_norm(
        x, None, None, w, b, training=True), (bn.weight, bn.bias))


def test_batch_norm_state_dict_round_trip_restores_eval_outputs(rng):
    a, b = nn.BatchNorm1d(3), nn.BatchNorm1d(3)
    for _ in range(3):
        a(minigrad.tensor(rng.standard_normal((8, 3)), dtype=minigrad.float32))
    assert list(a.state_dict()) == ["weight", "bias", "running_mean", "running_var",
                                    "num_batches_tracked"]
    b.load_state_dict(a.state_dict())
    a.eval()
    b.eval()
    x = minigrad.randn(4, 3)
    np.testing.assert_array_equal(a(x).detach().numpy(), b(x).detach().numpy())
    assert b.num_batches_tracked.item() == 3 and b.num_batches_tracked.dtype == np.int64


def test_batch_norm_reset_running_stats():
    bn = nn.BatchNorm1d(2)
    bn(minigrad.randn(4, 2))
    bn.reset_running_stats()
    np.testing.assert_array_equal(bn.running_mean.numpy(), [0.0, 0.0])
    np.testing.assert_array_equal(bn.running_var.numpy(), [1.0, 1.0])
    assert bn.num_batches_tracked.item() == 0


def test_batch_norm_without_bias():
    bn = nn.BatchNorm1d(2, bias=False)
    assert bn.bias is None and [n for n, _ in bn.named_parameters()] == ["weight"]


@pytest.mark.parametrize("cls, shape, message", [
    (nn.BatchNorm1d, (2, 3, 4, 5), "BatchNorm1d: expected 2D or 3D input \\(got 4D input"),
    (nn.BatchNorm2d, (2, 3, 4), "BatchNorm2d: expected 4D input \\(got 3D input"),
    (nn.BatchNorm3d, (2, 3, 4, 4), "BatchNorm3d: expected 5D input"),
])
def test_batch_norm_rejects_wrong_rank(cls, shape, message):
    with pytest.raises(ValueError, match=message):
        cls(3)(minigrad.zeros(*shape))


def test_batch_norm_rejects_single_value_per_channel_in_training():
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        nn.BatchNorm1d(3)(minigrad.zeros(1, 3))


def test_norm_constructor_validation():
    with pytest.raises(ValueError, match="BatchNorm2d: num_features must be a positive integer"):
        nn.BatchNorm2d(0)
    with pytest.raises(ValueError, match="BatchNorm1d: momentum must be a number in \\[0, 1\\]"):
        nn.BatchNorm1d(2, momentum=2.0)
    with pytest.raises(ValueError, match="eps must be non-negative"):
        nn.BatchNorm1d(2, eps=-1.0)
    with pytest.raises(ValueError, match="num_channels \\(5\\) must be divisible by num_groups"):
        nn.GroupNorm(2, 5)


# ---------------------------------------------------------------- instance norm
@pytest.mark.parametrize("cls, shape", [(nn.InstanceNorm1d, (2, 3, 5)),
                                        (nn.InstanceNorm2d, (2, 3, 3, 3)),
                                        (nn.InstanceNorm3d, (2, 3, 2, 2, 2))])
@pytest.mark.parametrize("affine", [False, True])
def test_instance_norm_matches_reference_and_gradcheck(rng, cls, shape, affine):
    m = cls(3, affine=affine).double()
    if affine:
        _randomize_affine(m, rng)
    w = m.weight.detach().numpy() if affine else None
    b = m.bias.detach().numpy() if affine else None
    x = rng.standard_normal(shape)
    np.testing.assert_allclose(m(_t(x)).detach().numpy(), ref.instance_norm(x, w, b),
                               rtol=1e-10, atol=1e-12)
    assert list(m.state_dict()) == (["weight", "bias"] if affine else [])
    assert gradcheck(m, (_t(x, True),))


def test_instance_norm_accepts_unbatched_input(rng):
    x = rng.standard_normal((3, 4, 4))
    out = nn.InstanceNorm2d(3).double()(_t(x))
    np.testing.assert_allclose(out.numpy(), ref.instance_norm(x[None])[0], rtol=1e-10,
                               atol=1e-12)


def test_instance_norm_with_running_stats_uses_them_in_eval(rng):
    m = nn.InstanceNorm1d(2, track_running_stats=True).double()
    x = rng.standard_normal((3, 2, 6))
    m(_t(x))
    # Running statistics average the per-instance means and unbiased variances over the batch.
    expected_mean = 0.1 * x.mean(axis=2).mean(axis=0)
    expected_var = 0.9 + 0.1 * x.var(axis=2, ddof=1).mean(axis=0)
    np.testing.assert_allclose(m.running_mean.numpy(), expected_mean, rtol=1e-10)
    np.testing.assert_allclose(m.running_var.numpy(), expected_var, rtol=1e-10)
    m.eval()
    y = rng.standard_normal((1, 2, 6))
    np.testing.assert_allclose(
        m(_t(y)).numpy(),
        ref.batch_norm(y, mean=m.running_mean.numpy(), var=m.running_var.numpy()), rtol=1e-10)


def test_instance_norm_rejects_wrong_rank_and_channel_count():
    with pytest.raises(ValueError, match="InstanceNorm2d: expected 3D or 4D input"):
        nn.InstanceNorm2d(3)(minigrad.zeros(2, 3))
    with pytest.raises(ValueError, match="expected input's size at dim=1 to match num_features"):
        nn.InstanceNorm1d(3, affine=True)(minigrad.zeros(2, 4, 5))


def test_instance_norm_defaults_and_repr():
    m = nn.InstanceNorm2d(3)
    assert not m.affine and not m.track_running_stats
    assert repr(m) == ("InstanceNorm2d(3, eps=1e-05, momentum=0.1, affine=False, bias=False, "
                       "track_running_stats=False)")


# ---------------------------------------------------------------- layer, group, local response
@pytest.mark.parametrize("normalized_shape, shape", [(5, (3, 5)), ((4, 5), (2, 3, 4, 5))])
@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_matches_reference_and_gradcheck(rng, normalized_shape, shape, affine):
    m = nn.LayerNorm(normalized_shape, elementwise_affine=affine).double()
    if affine:
        _randomize_affine(m, rng)
    dims = (normalized_shape,) if isinstance(normalized_shape, int) else normalized_shape
    x = rng.standard_normal(shape)
    w = m.weight.detach().numpy() if affine else None
    b = m.bias.detach().numpy() if affine else None
    np.testing.assert_allclose(m(_t(x)).detach().numpy(), ref.layer_norm(x, dims, w, b),
                               rtol=1e-10, atol=1e-12)
    assert gradcheck(m, (_t(x, True),))


def test_layer_norm_parameters_and_repr():
    m = nn.LayerNorm((2, 3), eps=1e-3, bias=False)
    assert m.weight.shape == (2, 3) and m.bias is None
    assert repr(m) == "LayerNorm((2, 3), eps=0.001, elementwise_affine=True, bias=False)"


@pytest.mark.parametrize("groups", [1, 2, 4])
def test_group_norm_matches_reference_and_gradcheck(rng, groups):
    m = nn.GroupNorm(groups, 4).double()
    _randomize_affine(m, rng)
    x = rng.standard_normal((2, 4, 3))
    expected = ref.group_norm(x, groups, m.weight.detach().numpy(), m.bias.detach().numpy())
    np.testing.assert_allclose(m(_t(x)).detach().numpy(), expected, rtol=1e-10, atol=1e-12)
    assert gradcheck(m, (_t(x, True),))
    assert repr(m) == f"GroupNorm({groups}, 4, eps=1e-05, affine=True, bias=True)"


@pytest.mark.parametrize("size", [1, 2, 3])
def test_local_response_norm_matches_reference_and_gradcheck(rng, size):
    m = nn.LocalResponseNorm(size, alpha=0.5, beta=0.75, k=2.0)
    x = rng.standard_normal((2, 5, 3))
    np.testing.assert_allclose(m(_t(x)).numpy(),
                               ref.local_response_norm(x, size, 0.5, 0.75, 2.0), rtol=1e-10)
    assert gradcheck(m, (_t(x, True),))
    assert repr(m) == f"LocalResponseNorm({size}, alpha=0.5, beta=0.75, k=2.0)"


def test_norm_layers_follow_model_dtype(rng):
    model = nn.Sequential(nn.BatchNorm1d(3), nn.LayerNorm(3), nn.GroupNorm(1, 3)).double()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = model(_t(rng.standard_normal((4, 3))))
    assert out.dtype == np.float64


def test_instance_norm_without_affine_warns_on_channel_mismatch(rng):
    with pytest.warns(UserWarning, match="does not match num_features"):
        out = nn.InstanceNorm1d(3)(_t(rng.standard_normal((2, 4, 5))))
    assert out.shape == (2, 4, 5)
