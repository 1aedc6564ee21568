"""nn.utils: gradient clipping and parameter vectors."""
import math

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.nn import Parameter
from minigrad.nn.utils import (
    clip_grad_norm_,
    clip_grad_value_,
    get_total_norm,
    parameters_to_vector,
    vector_to_parameters,
)


def _params_with_grads(rng, shapes):
    params = []
    for shape in shapes:
        p = Parameter(minigrad.zeros(*shape, dtype=minigrad.float64))
        p.grad = minigrad.tensor(rng.standard_normal(shape))
        params.append(p)
    return params


@pytest.mark.parametrize("norm_type", [1.0, 2.0, 3.5, math.inf])
def test_clip_grad_norm_scales_to_max_norm_and_returns_the_old_norm(rng, norm_type):
    params = _params_with_grads(rng, [(3, 4), (5,)])
    flat = np.concatenate([p.grad.numpy().ravel() for p in params])
    expected = np.linalg.norm(flat, ord=norm_type)
    total = clip_grad_norm_(params, max_norm=0.5, norm_type=norm_type)
    assert total.item() == pytest.approx(expected, rel=1e-12)
    clipped = np.concatenate([p.grad.numpy().ravel() for p in params])
    np.testing.assert_allclose(clipped, flat * 0.5 / (expected + 1e-6), rtol=1e-12)


def test_clip_grad_norm_leaves_small_gradients_alone(rng):
    params = _params_with_grads(rng, [(2, 2)])
    before = params[0].grad.numpy().copy()
    clip_grad_norm_(params, max_norm=100.0)
    np.testing.assert_array_equal(params[0].grad.numpy(), before)


def test_clip_grad_norm_skips_missing_gradients_and_accepts_a_tensor(rng):
    params = _params_with_grads(rng, [(3,)])
    params.append(Parameter(minigrad.zeros(2)))
    assert clip_grad_norm_(iter(params), 1.0).item() > 0
    single = _params_with_grads(rng, [(4,)])[0]
    clip_grad_norm_(single, 1e-3)
    assert np.linalg.norm(single.grad.numpy()) == pytest.approx(1e-3, rel=1e-3)


def test_clip_grad_norm_without_gradients_returns_zero():
    assert clip_grad_norm_([Parameter(minigrad.zeros(2))], 1.0).item() == 0.0


def test_clip_grad_norm_on_a_model_after_backward():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    (model(minigrad.randn(8, 3)) * 100).sum().backward()
    clip_grad_norm_(model.parameters(), max_norm=1.0)
    total = math.sqrt(sum(float((p.grad.numpy() ** 2).sum()) for p in model.parameters()))
    assert total == pytest.approx(1.0, rel=1e-5)


def test_clip_grad_norm_error_if_nonfinite():
    p = Parameter(minigrad.zeros(2))
    p.grad = minigrad.tensor([np.inf, 1.0])
    with pytest.raises(RuntimeError, match="the total norm of order 2.0 .* is non-finite"):
        clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


def test_clip_grad_norm_rejects_bad_norm_type_and_arguments(rng):
    with pytest.raises(ValueError, match="norm_type must be positive"):
        clip_grad_norm_(_params_with_grads(rng, [(2,)]), 1.0, norm_type=0)
    with pytest.raises(TypeError, match="expected a Tensor or an iterable of Tensors"):
        clip_grad_norm_(3, 1.0)
    with pytest.raises(TypeError, match="expected Tensors, got ndarray"):
        clip_grad_norm_([np.zeros(2)], 1.0)


def test_get_total_norm_keeps_dtype():
    norm = get_total_norm([minigrad.tensor([3.0]), minigrad.tensor([4.0])])
    assert norm.item() == pytest.approx(5.0) and norm.dtype == np.float32


def test_clip_grad_value_clamps_each_element(rng):
    params = _params_with_grads(rng, [(4, 4), (3,)])
    originals = [p.grad.numpy().copy() for p in params]
    assert clip_grad_value_(params, 0.3) is None
    for p, g in zip(params, originals):
        np.testing.assert_array_equal(p.grad.numpy(), np.clip(g, -0.3, 0.3))


def test_parameters_to_vector_and_back_round_trip():
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    vec = parameters_to_vector(model.parameters())
    assert vec.shape == (3 * 2 + 2 + 2 + 1,)
    expected = np.concatenate([p.detach().numpy().ravel() for p in model.parameters()])
    np.testing.assert_array_equal(vec.detach().numpy(), expected)
    weights = [p for p in model.parameters()]
    vector_to_parameters(minigrad.arange(11.0), model.parameters())
    assert [p for p in model.parameters()] == weights  # the same objects, values copied in
    np.testing.assert_array_equal(model[0].weight.detach().numpy(),
                                  np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(model[1].bias.detach().numpy(), [10.0])


def test_parameters_to_vector_is_differentiable():
    model = nn.Linear(2, 2)
    (parameters_to_vector(model.parameters()) * 3).sum().backward()
    np.testing.assert_array_equal(model.weight.grad.numpy(), np.full((2, 2), 3.0))


def test_vector_to_parameters_validation():
    model = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="expected vec to be a Tensor"):
        vector_to_parameters(np.zeros(6), model.parameters())
    with pytest.raises(ValueError, match="expected a 1-d vector of 6 elements"):
        vector_to_parameters(minigrad.zeros(5), model.parameters())
    with pytest.raises(TypeError, match="expected an iterable of Tensors, but got a Tensor"):
        parameters_to_vector(model.weight)
    with pytest.raises(ValueError, match="expected at least one parameter"):
        parameters_to_vector([])
