import numpy as np
import pytest

import minigrad
from minigrad.optim import AdamW
from tests.reference.optim import adamw_step, assert_same_trajectory

CASES = {
    "default": {"lr": 0.1},
    "strong_decay": {"lr": 0.1, "weight_decay": 0.5},
    "amsgrad": {"lr": 0.1, "weight_decay": 0.2, "amsgrad": True},
    "maximize": {"lr": 0.01, "maximize": True, "betas": (0.7, 0.9)},
}


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_adamw_follows_the_reference_algorithm_for_six_steps(descend, reference, hyper):
    assert_same_trajectory(descend(AdamW, hyper, 6), reference(adamw_step, hyper, 6))


def test_adamw_default_weight_decay_is_one_hundredth():
    opt = AdamW([minigrad.ones(1, requires_grad=True)])
    assert opt.defaults["weight_decay"] == 0.01
    assert opt.defaults["decoupled_weight_decay"] is True


def test_adamw_shrinks_the_weights_before_the_adam_step_by_hand():
    # Constant g = 2, lr = 0.1, weight decay 0.5: w <- w * 0.95, then w <- w - 0.1 (the
    # Adam step of a constant gradient; eps is negligible).
    w = minigrad.tensor([1.0], requires_grad=True, dtype=np.float64)
    opt = AdamW([w], lr=0.1, weight_decay=0.5, eps=0.0)
    values = []
    for _ in range(3):
        w.grad = minigrad.tensor([2.0], dtype=np.float64)
        opt.step()
        values.append(w.item())
    np.testing.assert_allclose(values, [0.85, 0.7075, 0.572125], rtol=1e-12)
