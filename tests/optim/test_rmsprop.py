import math

import numpy as np
import pytest

import minigrad
from minigrad.optim import RMSprop
from tests.reference.optim import assert_same_trajectory, rmsprop_step

CASES = {
    "default": {"lr": 0.01},
    "alpha": {"lr": 0.05, "alpha": 0.5},
    "centered": {"lr": 0.01, "centered": True},
    "momentum": {"lr": 0.01, "momentum": 0.9},
    "centered_momentum": {"lr": 0.01, "centered": True, "momentum": 0.5, "alpha": 0.9},
    "weight_decay_maximize": {"lr": 0.01, "weight_decay": 0.1, "maximize": True},
}


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_rmsprop_follows_the_reference_algorithm_for_six_steps(descend, reference, hyper):
    assert_same_trajectory(descend(RMSprop, hyper, 6), reference(rmsprop_step, hyper, 6))


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_rmsprop_in_float32_is_close_to_the_float64_reference(descend, reference, hyper):
    got = descend(RMSprop, hyper, 6, dtype=np.float32)
    assert_same_trajectory(got, reference(rmsprop_step, hyper, 6), rtol=2e-5, atol=1e-6)


def _run(steps, **hyper):
    w = minigrad.tensor([1.0], requires_grad=True, dtype=np.float64)
    opt = RMSprop([w], **hyper)
    values = []
    for _ in range(steps):
        w.grad = minigrad.tensor([2.0], dtype=np.float64)
        opt.step()
        values.append(w.item())
    return values


def test_rmsprop_first_steps_by_hand():
    # alpha = 0.5, g = 2: v1 = 0.5 * 4 = 2, v2 = 0.5 * 2 + 0.5 * 4 = 3.
    got = _run(2, lr=0.1, alpha=0.5, eps=0.0)
    np.testing.assert_allclose(got, [1 - 0.2 / math.sqrt(2), 1 - 0.2 / math.sqrt(2)
                                     - 0.2 / math.sqrt(3)], rtol=1e-12)


def test_rmsprop_centered_subtracts_the_squared_mean_gradient_by_hand():
    # v1 = 2, mean gradient 0.5 * 2 = 1, so the variance estimate is 2 - 1 = 1.
    assert _run(1, lr=0.1, alpha=0.5, eps=0.0, centered=True) == pytest.approx([0.8])


def test_rmsprop_momentum_accumulates_the_scaled_steps_by_hand():
    # b1 = 2 / sqrt(2); b2 = 0.5 * b1 + 2 / sqrt(3).
    got = _run(2, lr=0.1, alpha=0.5, eps=0.0, momentum=0.5)
    b1 = 2 / math.sqrt(2)
    b2 = 0.5 * b1 + 2 / math.sqrt(3)
    np.testing.assert_allclose(got, [1 - 0.1 * b1, 1 - 0.1 * b1 - 0.1 * b2], rtol=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": -1.0}, "invalid learning rate"),
    ({"eps": -1.0}, "invalid epsilon value"),
    ({"momentum": -1.0}, "invalid momentum value"),
    ({"weight_decay": -1.0}, "invalid weight_decay value"),
    ({"alpha": -1.0}, "invalid alpha value"),
])
def test_rmsprop_rejects_invalid_hyperparameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        RMSprop([minigrad.ones(1, requires_grad=True)], **kwargs)
