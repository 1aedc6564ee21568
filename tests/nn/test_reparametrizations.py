"""Weight norm, spectral norm and parametrize: the values they compute and the keys they save."""
import numpy as np
import pytest

import minigrad
from minigrad import nn, optim
from minigrad.autograd import gradcheck
from minigrad.nn.utils import parametrizations, parametrize


def _linear(seed=0, shape=(3, 4)):
    minigrad.manual_seed(seed)
    return nn.Linear(shape[1], shape[0]).double()


def _row_norms(w, dim):
    axes = tuple(i for i in range(w.ndim) if i != dim)
    return np.sqrt((w * w).sum(axis=axes, keepdims=True))


@pytest.mark.parametrize("apply, g_name, v_name", [
    (nn.utils.weight_norm, "weight_g", "weight_v"),
    (parametrizations.weight_norm, "parametrizations.weight.original0",
     "parametrizations.weight.original1"),
])
def test_weight_norm_keeps_the_weight_and_splits_magnitude_and_direction(apply, g_name, v_name):
    layer = _linear()
    weight = layer.weight._data.copy()
    x = minigrad.randn(2, 4, dtype=minigrad.float64)
    before = layer(x)._data
    apply(layer)
    state = layer.state_dict()
    assert list(state) == ["bias", g_name, v_name]
    np.testing.assert_allclose(state[g_name]._data, _row_norms(weight, 0))
    np.testing.assert_allclose(state[v_name]._data, weight)
    np.testing.assert_allclose(layer(x)._data, before)


def test_weight_norm_gradients_match_finite_differences():
    layer = parametrizations.weight_norm(_linear(), dim=None)
    g = layer.parametrizations.weight.original0
    v = layer.parametrizations.weight.original1
    assert g.shape == ()
    x = minigrad.randn(2, 4, dtype=minigrad.float64)

    def output(g_, v_):
        return x @ (v_ * (g_ / (v_ * v_).sum().sqrt())).T
    assert gradcheck(output, [g.detach().requires_grad_(), v.detach().requires_grad_()])
    (layer(x) - layer.bias).sum().backward()
    g_copy, v_copy = g.detach().clone().requires_grad_(), v.detach().clone().requires_grad_()
    output(g_copy, v_copy).sum().backward()
    np.testing.assert_allclose(g.grad._data, g_copy.grad._data)
    np.testing.assert_allclose(v.grad._data, v_copy.grad._data)


def test_hook_weight_norm_trains_g_and_v_and_is_removed_with_the_trained_value():
    layer = nn.utils.weight_norm(_linear(), dim=1)
    sgd = optim.SGD(layer.parameters(), lr=0.1)
    layer(minigrad.randn(5, 4, dtype=minigrad.float64)).pow(2).sum().backward()
    sgd.step()
    expected = layer.weight_v._data * layer.weight_g._data / _row_norms(layer.weight_v._data, 1)
    nn.utils.remove_weight_norm(layer)
    assert list(layer.state_dict()) == ["bias", "weight"]
    np.testing.assert_allclose(layer.weight._data, expected)
    with pytest.raises(ValueError, match="weight_norm of 'weight' not found"):
        nn.utils.remove_weight_norm(layer)


@pytest.mark.parametrize("apply", [nn.utils.spectral_norm, parametrizations.spectral_norm])
def test_spectral_norm_drives_the_largest_singular_value_to_one(apply):
    layer = apply(_linear(shape=(6, 5)))
    for _ in range(30):  # each training-mode forward runs one power-iteration step
        out = layer(minigrad.ones(1, 5, dtype=minigrad.float64))
    assert out.shape == (1, 6)
    assert np.linalg.svd(layer.weight._data, compute_uv=False)[0] == pytest.approx(1.0, rel=1e-6)


def test_spectral_norm_state_dict_keys_follow_pytorch():
    assert list(nn.utils.spectral_norm(_linear()).state_dict()) == [
        "bias", "weight_orig", "weight_u", "weight_v"]
    assert list(parametrizations.spectral_norm(_linear()).state_dict()) == [
        "bias", "parametrizations.weight.original", "parametrizations.weight.0._u",
        "parametrizations.weight.0._v"]
    convt = nn.utils.spectral_norm(nn.ConvTranspose2d(3, 5, 2))
    assert convt.weight_u.shape == (5,) and convt.weight_v.shape == (3 * 2 * 2,)


def test_spectral_norm_in_eval_mode_leaves_the_vectors_alone():
    layer = nn.utils.spectral_norm(_linear()).eval()
    u = layer.weight_u._data.copy()
    layer(minigrad.ones(1, 4, dtype=minigrad.float64))
    np.testing.assert_array_equal(layer.weight_u._data, u)
    layer.train()(minigrad.ones(1, 4, dtype=minigrad.float64))
    assert not np.array_equal(layer.weight_u._data, u)


class _Symmetric(nn.Module):
    def forward(self, w):
        return (w + w.T) / 2

    def right_inverse(self, w):
        return w


def test_register_parametrization_computes_the_tensor_from_the_original():
    layer = _linear(shape=(3, 3))
    original = layer.weight
    parametrize.register_parametrization(layer, "weight", _Symmetric())
    assert type(layer).__name__ == "ParametrizedLinear" and isinstance(layer, nn.Linear)
    assert parametrize.is_parametrized(layer) and parametrize.is_parametrized(layer, "weight")
    assert layer.parametrizations.weight.original is original
    w = layer.weight._data
    np.testing.assert_allclose(w, w.T)
    layer.weight = minigrad.eye(3, dtype=minigrad.float64) * 2
    np.testing.assert_allclose(original._data, np.eye(3) * 2)


def test_cached_computes_the_parametrized_tensor_once():
    layer = parametrize.register_parametrization(_linear(shape=(3, 3)), "weight", _Symmetric())
    assert layer.weight is not layer.weight
    with parametrize.cached():
        assert layer.weight is layer.weight


def test_remove_parametrizations_restores_the_class_and_the_parameter_object():
    layer = _linear(shape=(3, 3))
    original = layer.weight
    parametrize.register_parametrization(layer, "weight", _Symmetric())
    value = layer.weight._data.copy()
    parametrize.remove_parametrizations(layer, "weight")
    assert type(layer) is nn.Linear and not parametrize.is_parametrized(layer)
    assert layer.weight is original and list(layer.state_dict()) == ["bias", "weight"]
    np.testing.assert_allclose(layer.weight._data, value)


def test_parametrize_rejects_a_shape_change_and_an_unknown_tensor():
    class Rows(nn.Module):
        def forward(self, w):
            return w[:1]
    with pytest.raises(ValueError, match="may not change the shape or dtype"):
        parametrize.register_parametrization(_linear(), "weight", Rows())
    with pytest.raises(ValueError, match="has no parameter or buffer with name 'kernel'"):
        parametrize.register_parametrization(_linear(), "kernel", _Symmetric())
    with pytest.raises(ValueError, match="does not have a parametrization on weight"):
        parametrize.remove_parametrizations(_linear(), "weight")
