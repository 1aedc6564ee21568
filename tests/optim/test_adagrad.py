import math

import numpy as np
import pytest

import minigrad
from minigrad.optim import Adagrad
from tests.reference.optim import adagrad_step, assert_same_trajectory

CASES = {
    "default": {"lr": 0.1},
    "lr_decay": {"lr": 0.1, "lr_decay": 0.5},
    "initial_accumulator": {"lr": 0.1, "initial_accumulator_value": 0.7},
    "weight_decay_maximize": {"lr": 0.05, "weight_decay": 0.2, "maximize": True},
    "everything": {"lr": 0.2, "lr_decay": 0.1, "initial_accumulator_value": 0.1,
                   "weight_decay": 0.1, "eps": 1e-3},
}


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_adagrad_follows_the_reference_algorithm_for_six_steps(descend, reference, hyper):
    assert_same_trajectory(descend(Adagrad, hyper, 6), reference(adagrad_step, hyper, 6))


def test_adagrad_first_steps_with_lr_decay_by_hand():
    # lr = 1, g = 2, decay 1: step 1 sum 4, w = 1 - 2/2 = 0; step 2 lr 1/(1+1), sum 8.
    w = minigrad.tensor([1.0], requires_grad=True, dtype=np.float64)
    opt = Adagrad([w], lr=1.0, lr_decay=1.0, eps=0.0)
    values = []
    for _ in range(2):
        w.grad = minigrad.tensor([2.0], dtype=np.float64)
        opt.step()
        values.append(w.item())
    np.testing.assert_allclose(values, [0.0, -0.5 * 2 / math.sqrt(8)], atol=1e-15)


def test_adagrad_creates_its_state_with_the_initial_accumulator_value():
    w = minigrad.zeros(3, requires_grad=True)
    opt = Adagrad([w], initial_accumulator_value=0.25)
    assert opt.state[w]["step"] == 0
    np.testing.assert_array_equal(opt.state[w]["sum"]._data, [0.25] * 3)
    v = minigrad.zeros(2, requires_grad=True)
    opt.add_param_group({"params": [v], "initial_accumulator_value": 1.5})
    np.testing.assert_array_equal(opt.state[v]["sum"]._data, [1.5, 1.5])


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": -1.0}, "invalid learning rate"),
    ({"lr_decay": -1.0}, "invalid lr_decay value"),
    ({"weight_decay": -1.0}, "invalid weight_decay value"),
    ({"initial_accumulator_value": -1.0}, "invalid initial_accumulator_value"),
    ({"eps": -1.0}, "invalid epsilon value"),
])
def test_adagrad_rejects_invalid_hyperparameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Adagrad([minigrad.ones(1, requires_grad=True)], **kwargs)
