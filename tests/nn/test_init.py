"""Weight initialization: distributions, bounds, gains and fan computation."""
import math

import numpy as np
import pytest
from scipy import stats

import minigrad
from minigrad import nn
from minigrad.nn import init


def _empty(*shape, dtype=minigrad.float64):
    return minigrad.empty(*shape, dtype=dtype)


# ---------------------------------------------------------------- gains and fans
@pytest.mark.parametrize("name, param, expected", [
    ("linear", None, 1.0), ("conv2d", None, 1.0), ("conv_transpose3d", None, 1.0),
    ("sigmoid", None, 1.0), ("tanh", None, 5 / 3), ("relu", None, math.sqrt(2)),
    ("leaky_relu", None, math.sqrt(2 / (1 + 0.01 ** 2))),
    ("leaky_relu", 0.2, math.sqrt(2 / (1 + 0.2 ** 2))), ("selu", None, 0.75),
])
def test_calculate_gain_matches_the_formulas(name, param, expected):
    assert init.calculate_gain(name, param) == pytest.approx(expected, rel=1e-15)


def test_calculate_gain_rejects_unknown_nonlinearity_and_bad_slope():
    with pytest.raises(ValueError, match="unsupported nonlinearity 'swish'"):
        init.calculate_gain("swish")
    with pytest.raises(ValueError, match="negative_slope True is not a valid number"):
        init.calculate_gain("leaky_relu", True)


@pytest.mark.parametrize("shape, fans", [((3, 4), (4, 3)), ((8, 2, 3, 5), (30, 120)),
                                         ((6, 2, 7), (14, 42))])
def test_fan_in_and_fan_out(shape, fans):
    assert init._calculate_fan_in_and_fan_out(_empty(*shape)) == fans


def test_fan_needs_two_dimensions():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(_empty(5))


# ---------------------------------------------------------------- distributions
def test_uniform_bounds_and_moments():
    w = init.uniform_(_empty(200, 200), -2.0, 3.0).numpy()
    assert w.min() >= -2.0 and w.max() < 3.0
    assert w.mean() == pytest.approx(0.5, abs=0.03)
    assert w.std() == pytest.approx(5 / math.sqrt(12), rel=0.02)


def test_normal_moments():
    w = init.normal_(_empty(200, 200), mean=1.0, std=0.5).numpy()
    assert w.mean() == pytest.approx(1.0, abs=0.01)
    assert w.std() == pytest.approx(0.5, rel=0.02)


def test_trunc_normal_respects_absolute_bounds_and_matches_the_truncated_law():
    w = init.trunc_normal_(_empty(40000), mean=0.5, std=1.0, a=-0.5, b=1.0).numpy()
    assert w.min() >= -0.5 and w.max() <= 1.0
    law = stats.truncnorm(-1.0, 0.5, loc=0.5, scale=1.0)
    assert w.mean() == pytest.approx(law.mean(), abs=0.01)
    assert w.std() == pytest.approx(law.std(), rel=0.02)


def test_constant_ones_zeros_eye_dirac():
    np.testing.assert_array_equal(init.constant_(_empty(2, 2), 0.3).numpy(), np.full((2, 2), 0.3))
    np.testing.assert_array_equal(init.ones_(_empty(3)).numpy(), np.ones(3))
    np.testing.assert_array_equal(init.zeros_(_empty(3)).numpy(), np.zeros(3))
    np.testing.assert_array_equal(init.eye_(_empty(2, 3)).numpy(), np.eye(2, 3))
    w = init.dirac_(_empty(2, 2, 3)).numpy()
    np.testing.assert_array_equal(w[:, :, 1], np.eye(2))
    assert w.sum() == 2


def test_dirac_weight_makes_convolution_the_identity(rng):
    conv = nn.Conv2d(3, 3, 3, padding=1, bias=False).double()
    init.dirac_(conv.weight)
    x = rng.standard_normal((1, 3, 5, 5))
    np.testing.assert_allclose(conv(minigrad.tensor(x)).detach().numpy(), x, atol=1e-12)


@pytest.mark.parametrize("gain", [1.0, 2.0])
def test_xavier_uniform_bound_and_std(gain):
    w = init.xavier_uniform_(_empty(300, 100), gain=gain).numpy()
    bound = gain * math.sqrt(6 / 400)
    assert np.abs(w).max() <= bound
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)


def test_xavier_normal_std():
    w = init.xavier_normal_(_empty(300, 100), gain=0.5).numpy()
    assert w.std() == pytest.approx(0.5 * math.sqrt(2 / 400), rel=0.02)


@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
def test_kaiming_uniform_bound_uses_gain_and_fan(mode):
    t = _empty(64, 16, 3, 3)
    w = init.kaiming_uniform_(t, a=0.1, mode=mode, nonlinearity="leaky_relu").numpy()
    fan = 16 * 9 if mode == "fan_in" else 64 * 9
    bound = math.sqrt(2 / (1 + 0.01)) * math.sqrt(3 / fan)
    assert np.abs(w).max() <= bound
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)


def test_kaiming_normal_std_for_relu():
    w = init.kaiming_normal_(_empty(256, 400), nonlinearity="relu").numpy()
    assert w.std() == pytest.approx(math.sqrt(2) / math.sqrt(400), rel=0.02)


def test_kaiming_rejects_unknown_mode():
    with pytest.raises(ValueError, match="mode 'fan_avg' not supported"):
        init.kaiming_uniform_(_empty(2, 2), mode="fan_avg")


def test_kaiming_on_empty_tensor_is_a_no_op():
    t = _empty(0, 3)
    assert init.kaiming_uniform_(t) is t


@pytest.mark.parametrize("shape", [(3, 7), (7, 3), (4, 2, 3)])
def test_orthogonal_rows_or_columns_are_orthonormal(shape):
    w = init.orthogonal_(_empty(*shape), gain=2.0).numpy().reshape(shape[0], -1)
    if w.shape[0] <= w.shape[1]:
        np.testing.assert_allclose(w @ w.T, 4 * np.eye(w.shape[0]), atol=1e-10)
    else:
        np.testing.assert_allclose(w.T @ w, 4 * np.eye(w.shape[1]), atol=1e-10)


def test_orthogonal_needs_two_dimensions():
    with pytest.raises(ValueError, match="orthogonal_: only tensors with 2 or more dimensions"):
        init.orthogonal_(_empty(4))


def test_invalid_arguments_are_rejected():
    with pytest.raises(ValueError, match="uniform_: expects a <= b"):
        init.uniform_(_empty(2), 1.0, 0.0)
    with pytest.raises(ValueError, match="normal_: expects std >= 0"):
        init.normal_(_empty(2), std=-1.0)
    with pytest.raises(TypeError, match="constant_: expected a Tensor"):
        init.constant_(np.zeros(2), 1.0)


# ---------------------------------------------------------------- in place, seeded, unrecorded
def test_init_works_in_place_on_parameters_that_require_grad():
    p = nn.Parameter(minigrad.zeros(3, 3))
    array, version = p._data, p._version
    assert init.normal_(p) is p
    assert p._data is array and p.grad_fn is None and p._version == version + 1


def test_init_keeps_the_tensor_dtype():
    assert init.normal_(minigrad.empty(3)).dtype == np.float32


def test_init_is_reproducible_with_manual_seed_or_a_generator():
    minigrad.manual_seed(11)
    a = init.xavier_uniform_(_empty(4, 4)).numpy().copy()
    minigrad.manual_seed(11)
    b = init.xavier_uniform_(_empty(4, 4)).numpy()
    np.testing.assert_array_equal(a, b)
    c = init.normal_(_empty(3), generator=np.random.default_rng(1)).numpy()
    d = init.normal_(_empty(3), generator=np.random.default_rng(1)).numpy()
    np.testing.assert_array_equal(c, d)


# ---------------------------------------------------------------- default layer initialization
@pytest.mark.parametrize("layer, fan_in", [
    (nn.Linear(50, 30), 50),
    (nn.Conv2d(4, 8, 3), 4 * 9),
    (nn.Conv1d(6, 4, 5, groups=2), 3 * 5),
    (nn.ConvTranspose2d(4, 6, 3), 6 * 9),  # from weight dimension 1, as PyTorch
    (nn.ConvTranspose1d(4, 6, 3, groups=2), 3 * 3),
])
def test_default_layer_init_is_bounded_by_one_over_sqrt_fan_in(layer, fan_in):
    bound = 1 / math.sqrt(fan_in)
    assert np.abs(layer.weight.detach().numpy()).max() <= bound
    assert np.abs(layer.bias.detach().numpy()).max() <= bound
    # The weight fills most of [-bound, bound], not a much narrower range.
    assert np.abs(layer.weight.detach().numpy()).max() > 0.5 * bound


def test_reset_parameters_draws_again():
    layer = nn.Linear(4, 4)
    before = layer.weight.detach().numpy().copy()
    layer.reset_parameters()
    assert not np.array_equal(before, layer.weight.detach().numpy())


def test_normalization_layers_start_at_identity():
    bn = nn.BatchNorm2d(3)
    np.testing.assert_array_equal(bn.weight.detach().numpy(), np.ones(3))
    np.testing.assert_array_equal(bn.bias.detach().numpy(), np.zeros(3))
    np.testing.assert_array_equal(bn.running_var.numpy(), np.ones(3))
    ln = nn.LayerNorm((2, 3))
    np.testing.assert_array_equal(ln.weight.detach().numpy(), np.ones((2, 3)))


@pytest.mark.parametrize("name", ["uniform_", "normal_", "zeros_", "ones_", "xavier_uniform_",
                                  "kaiming_normal_", "orthogonal_", "eye_"])
def test_initializing_a_read_only_tensor_names_the_initializer(name):
    # NumPy's "assignment destination is read-only" came through before.
    array = np.ones((3, 3), np.float32)
    array.flags.writeable = False
    with pytest.raises(RuntimeError, match=f"^{name}: the tensor is read-only"):
        getattr(nn.init, name)(minigrad.from_numpy(array))
