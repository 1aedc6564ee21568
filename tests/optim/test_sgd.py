import numpy as np
import pytest

import minigrad
from minigrad.optim import SGD
from tests.reference.optim import assert_same_trajectory, sgd_step

CASES = {
    "plain": {"lr": 0.1},
    "momentum": {"lr": 0.1, "momentum": 0.9},
    "dampening": {"lr": 0.1, "momentum": 0.9, "dampening": 0.3},
    "nesterov": {"lr": 0.05, "momentum": 0.8, "nesterov": True},
    "weight_decay": {"lr": 0.1, "weight_decay": 0.2},
    "maximize": {"lr": 0.01, "momentum": 0.5, "maximize": True},
    "everything": {"lr": 0.05, "momentum": 0.7, "weight_decay": 0.1, "nesterov": True,
                   "maximize": True},
}


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_sgd_follows_the_reference_algorithm_for_five_steps(descend, reference, hyper):
    assert_same_trajectory(descend(SGD, hyper, 5), reference(sgd_step, hyper, 5))


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_sgd_in_float32_stays_float32_and_close_to_the_float64_reference(descend, reference,
                                                                          hyper):
    got = descend(SGD, hyper, 5, dtype=np.float32)
    assert all(p.dtype == np.float32 for step in got for p in step)
    assert_same_trajectory(got, reference(sgd_step, hyper, 5), rtol=1e-5, atol=1e-6)


def _constant_gradient_run(steps, grad=2.0, **hyper):
    w = minigrad.tensor([1.0], requires_grad=True, dtype=np.float64)
    opt = SGD([w], **hyper)
    values = []
    for _ in range(steps):
        w.grad = minigrad.tensor([grad], dtype=np.float64)
        opt.step()
        values.append(w.item())
    return values


def test_sgd_momentum_with_dampening_first_steps_by_hand():
    # g = 2: b1 = 2 (no dampening on the first step), b2 = 0.9*2 + 0.5*2 = 2.8,
    # b3 = 0.9*2.8 + 1 = 3.52; w moves by lr * b each step.
    got = _constant_gradient_run(3, lr=0.1, momentum=0.9, dampening=0.5)
    np.testing.assert_allclose(got, [0.8, 0.52, 0.168], rtol=1e-12)


def test_sgd_nesterov_first_steps_by_hand():
    # b1 = 2, step 2 + 0.9*2 = 3.8; b2 = 0.9*2 + 2 = 3.8, step 2 + 0.9*3.8 = 5.42.
    got = _constant_gradient_run(2, lr=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_allclose(got, [1 - 0.38, 1 - 0.38 - 0.542], rtol=1e-12)


def test_sgd_weight_decay_first_steps_by_hand():
    # g + 0.1 w: 2 + 0.1 = 2.1 -> w = 0.79; 2 + 0.079 = 2.079 -> w = 0.5821.
    got = _constant_gradient_run(2, lr=0.1, weight_decay=0.1)
    np.testing.assert_allclose(got, [0.79, 0.5821], rtol=1e-12)


def test_sgd_maximize_moves_up_the_gradient():
    assert _constant_gradient_run(1, lr=0.1, maximize=True) == pytest.approx([1.2])


def test_sgd_keeps_momentum_buffer_in_state_only_with_momentum():
    w = minigrad.ones(2, requires_grad=True)
    w.grad = minigrad.ones(2)
    plain, heavy = SGD([w], lr=0.1), SGD([w], lr=0.1, momentum=0.9)
    plain.step()
    heavy.step()
    assert w not in plain.state
    np.testing.assert_array_equal(heavy.state[w]["momentum_buffer"]._data, [1.0, 1.0])


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": -0.1}, "invalid learning rate"),
    ({"momentum": -0.5}, "invalid momentum value"),
    ({"weight_decay": -1.0}, "invalid weight_decay value"),
    ({"dampening": -1.0}, "invalid dampening value"),
    ({"nesterov": True}, "Nesterov momentum requires a momentum and zero dampening"),
    ({"nesterov": True, "momentum": 0.9, "dampening": 0.1}, "zero dampening"),
])
def test_sgd_rejects_invalid_hyperparameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        SGD([minigrad.ones(1, requires_grad=True)], **kwargs)


def test_sgd_rejects_a_non_numeric_learning_rate():
    with pytest.raises(TypeError, match="learning rate must be a number"):
        SGD([minigrad.ones(1, requires_grad=True)], lr="0.1")


def _float32_run(hyper, contiguous, threads, steps=3):
    # 40,000 elements: above the size from which the update runs on several threads.
    rng = np.random.default_rng(7)
    start = rng.normal(size=(200, 200)).astype(np.float32)
    grads = [rng.normal(size=(200, 200)).astype(np.float32) for _ in range(steps)]
    # A strided parameter cannot take the one-pass kernel and goes through NumPy.
    holder = start if contiguous else np.repeat(start, 2, axis=1)
    data = holder if contiguous else holder[:, ::2]
    w = minigrad.from_numpy(data).requires_grad_()
    opt = SGD([w], **hyper)
    previous = minigrad.get_num_threads()
    minigrad.set_num_threads(threads)
    try:
        for g in grads:
            w.grad = minigrad.from_numpy(g)
            opt.step()
    finally:
        minigrad.set_num_threads(previous)
    return np.array(w._data)


@pytest.mark.parametrize("hyper", CASES.values(), ids=CASES.keys())
def test_sgd_one_pass_kernel_equals_the_numpy_update_bit_for_bit(hyper):
    expected = _float32_run(hyper, contiguous=False, threads=1)
    np.testing.assert_array_equal(_float32_run(hyper, contiguous=True, threads=1), expected)
    np.testing.assert_array_equal(_float32_run(hyper, contiguous=True, threads=2), expected)
