import math

import numpy as np
import pytest

import minigrad
from minigrad.optim import Adam
from tests.reference.optim import adam_step, assert_same_trajectory

CASES = {
    "default": {"lr": 0.1},
    "betas": {"lr": 0.05, "betas": (0.5, 0.9)},
    "amsgrad": {"lr": 0.1, "amsgrad": True},
    "l2_weight_decay": {"lr": 0.1, "weight_decay": 0.3},
    "maximize": {"lr": 0.01, "maximize": True},
    "everything": {"lr": 0.05, "betas": (0.8, 0.95), "eps": 1e-3, "weight_decay": 0.1,
                   "amsgrad": True, "maximize": True},
}


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_adam_follows_the_reference_algorithm_for_six_steps(descend, reference, hyper):
    assert_same_trajectory(descend(Adam, hyper, 6), reference(adam_step, hyper, 6))


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_adam_in_float32_stays_float32_and_close_to_the_float64_reference(descend, reference,
                                                                           hyper):
    got = descend(Adam, hyper, 6, dtype=np.float32)
    assert all(p.dtype == np.float32 for step in got for p in step)
    assert_same_trajectory(got, reference(adam_step, hyper, 6), rtol=2e-5, atol=1e-6)


def test_adam_decoupled_weight_decay_option_equals_the_adamw_reference(descend, reference):
    hyper = {"lr": 0.1, "weight_decay": 0.3}
    got = descend(Adam, dict(hyper, decoupled_weight_decay=True), 4)
    assert_same_trajectory(got, reference(adam_step, dict(hyper, decoupled=True), 4))


def _run(grads, **hyper):
    w = minigrad.tensor([1.0], requires_grad=True, dtype=np.float64)
    opt = Adam([w], **hyper)
    values = []
    for g in grads:
        w.grad = minigrad.tensor([g], dtype=np.float64)
        opt.step()
        values.append(w.item())
    return values


def test_adam_with_a_constant_gradient_moves_lr_per_step_by_hand():
    # Bias correction makes m_hat = g and v_hat = g^2 for a constant g: each
    # step is lr * g / (|g| + eps).
    step = 0.1 * 2.0 / (2.0 + 1e-8)
    np.testing.assert_allclose(_run([2.0, 2.0, 2.0], lr=0.1), [1 - step, 1 - 2 * step,
                                                               1 - 3 * step], rtol=1e-12)


def test_adam_amsgrad_divides_by_the_largest_second_moment_by_hand():
    # beta1 = 0, beta2 = 0.5, lr = 1, eps = 0; gradients 1 then 0.5.
    # Step 1: v = 0.5, correction 1 - 0.5 = 0.5, denominator 1, w = 0.
    # Step 2: v = 0.5*0.5 + 0.5*0.25 = 0.375, but AMSGrad keeps max(0.5, 0.375) = 0.5;
    #         correction 0.75, so w = -0.5 / (sqrt(0.5) / sqrt(0.75)).
    hyper = {"lr": 1.0, "betas": (0.0, 0.5), "eps": 0.0}
    with_max = _run([1.0, 0.5], amsgrad=True, **hyper)
    without = _run([1.0, 0.5], **hyper)
    np.testing.assert_allclose(with_max, [0.0, -0.5 / (math.sqrt(0.5) / math.sqrt(0.75))])
    np.testing.assert_allclose(without, [0.0, -0.5 / (math.sqrt(0.375) / math.sqrt(0.75))])


def test_adam_state_holds_step_and_moments():
    w = minigrad.tensor([1.0, 2.0], requires_grad=True)
    w.grad = minigrad.tensor([0.5, -1.0])
    opt = Adam([w], amsgrad=True)
    opt.step()
    state = opt.state[w]
    assert state["step"] == 1
    np.testing.assert_allclose(state["exp_avg"]._data, [0.05, -0.1], rtol=1e-6)
    np.testing.assert_allclose(state["exp_avg_sq"]._data, [0.00025, 0.001], rtol=1e-5)
    np.testing.assert_array_equal(state["max_exp_avg_sq"]._data, state["exp_avg_sq"]._data)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"lr": -1.0}, ValueError, "invalid learning rate"),
    ({"eps": -1.0}, ValueError, "invalid epsilon value"),
    ({"weight_decay": -1.0}, ValueError, "invalid weight_decay value"),
    ({"betas": (1.0, 0.999)}, ValueError, "invalid beta parameter at index 0"),
    ({"betas": (0.9, -0.1)}, ValueError, "invalid beta parameter at index 1"),
    ({"betas": 0.9}, TypeError, "betas must be a pair"),
])
def test_adam_rejects_invalid_hyperparameters(kwargs, error, match):
    with pytest.raises(error, match=match):
        Adam([minigrad.ones(1, requires_grad=True)], **kwargs)
