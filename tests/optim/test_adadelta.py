import math

import numpy as np
import pytest

import minigrad
from minigrad.optim import Adadelta
from tests.reference.optim import adadelta_step, assert_same_trajectory

CASES = {
    "default": {},
    "rho_eps_lr": {"lr": 0.5, "rho": 0.8, "eps": 1e-4},
    "weight_decay": {"weight_decay": 0.2},
    "maximize": {"maximize": True, "eps": 1e-3},
}


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_adadelta_follows_the_reference_algorithm_for_six_steps(descend, reference, hyper):
    assert_same_trajectory(descend(Adadelta, hyper, 6), reference(adadelta_step, hyper, 6))


def test_adadelta_first_steps_by_hand():
    # rho = 0.5, eps = 1, g = 2.
    # Step 1: v = 2, delta = sqrt(0 + 1) / sqrt(2 + 1) * 2, u = 0.5 * delta^2.
    # Step 2: v = 1 + 2 = 3, delta = sqrt(u + 1) / sqrt(3 + 1) * 2.
    w = minigrad.tensor([1.0], requires_grad=True, dtype=np.float64)
    opt = Adadelta([w], lr=1.0, rho=0.5, eps=1.0)
    values = []
    for _ in range(2):
        w.grad = minigrad.tensor([2.0], dtype=np.float64)
        opt.step()
        values.append(w.item())
    d1 = 2 / math.sqrt(3)
    d2 = math.sqrt(0.5 * d1 * d1 + 1) / 2 * 2
    np.testing.assert_allclose(values, [1 - d1, 1 - d1 - d2], rtol=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": -1.0}, "invalid learning rate"),
    ({"rho": -0.1}, "invalid rho value"),
    ({"rho": 1.5}, "invalid rho value"),
    ({"eps": -1.0}, "invalid epsilon value"),
    ({"weight_decay": -1.0}, "invalid weight_decay value"),
])
def test_adadelta_rejects_invalid_hyperparameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Adadelta([minigrad.ones(1, requires_grad=True)], **kwargs)
