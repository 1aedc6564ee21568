"""Linear, Bilinear and Identity: the fused linear op and the layers around it."""
import math

import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference import nn as ref


def _t(a, requires_grad=False):
    return minigrad.tensor(np.asarray(a), requires_grad=requires_grad)


@pytest.mark.parametrize("lead", [(), (1,), (5,), (2, 3)])
@pytest.mark.parametrize("with_bias", [True, False])
def test_linear_matches_reference_and_gradcheck(rng, lead, with_bias):
    x = rng.standard_normal(lead + (4,))
    w = rng.standard_normal((3, 4))
    b = rng.standard_normal(3) if with_bias else None
    args = [_t(x, True), _t(w, True)] + ([_t(b, True)] if with_bias else [])
    out = F.linear(*args)
    assert out.shape == lead + (3,)
    np.testing.assert_allclose(out.detach().numpy(), ref.linear(x, w, b), rtol=1e-12)
    assert gradcheck(F.linear, args)


def test_linear_records_one_node(rng):
    x = _t(rng.standard_normal((2, 4)), True)
    out = F.linear(x, _t(rng.standard_normal((3, 4)), True), _t(rng.standard_normal(3), True))
    assert out.grad_fn.name() == "LinearBackward"
    assert all(edge is not None and edge[0] is not None for edge in out.grad_fn.next_functions)


def test_linear_weight_gradient_without_input_gradient(rng):
    x = rng.standard_normal((2, 4))
    w = _t(rng.standard_normal((3, 4)), True)
    out = F.linear(_t(x), w)
    assert out.grad_fn.needs_input_grad == (False, True, False)
    out.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), np.ones((3, 2)) @ x, rtol=1e-12)


def test_linear_float32_keeps_dtype(rng):
    x, w = rng.standard_normal((2, 4)), rng.standard_normal((3, 4))
    out = F.linear(minigrad.tensor(x, dtype=minigrad.float32),
                   minigrad.tensor(w, dtype=minigrad.float32))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), ref.linear(x, w), rtol=1e-5, atol=1e-6)


def test_linear_on_non_contiguous_input(rng):
    x = rng.standard_normal((4, 6))
    xt = _t(x).transpose(0, 1)  # (6, 4), a transposed view
    w = rng.standard_normal((3, 4))
    np.testing.assert_allclose(F.linear(xt, _t(w)).numpy(), ref.linear(x.T, w), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_large_enough_to_split_over_threads(rng, dtype):
    # 64x600 @ 600x300 (11.5 M multiply-adds): the GEMMs of forward and backward
    # are cut into pieces; each must match NumPy and not depend on the threads.
    x, w, b = (rng.standard_normal(s) for s in [(64, 600), (300, 600), (300,)])
    grad = rng.standard_normal((64, 300))
    previous = minigrad.get_num_threads()
    results = []
    try:
        for threads in (1, 2):
            minigrad.set_num_threads(threads)
            args = [minigrad.tensor(a, dtype=dtype, requires_grad=True) for a in (x, w, b)]
            F.linear(*args).backward(minigrad.tensor(grad, dtype=dtype))
            results.append([F.linear(*args).detach().numpy()] + [a.grad.numpy() for a in args])
    finally:
        minigrad.set_num_threads(previous)
    tol = {"rtol": 1e-4, "atol": 1e-3} if dtype == np.float32 else {"rtol": 1e-11}
    expected = [ref.linear(x, w, b), grad @ w, grad.T @ x, grad.sum(axis=0)]
    for got, want in zip(results[0], expected):
        np.testing.assert_allclose(got, want, **tol)
    for one, two in zip(*results):
        np.testing.assert_array_equal(one, two)


def test_linear_rejects_mismatched_features():
    with pytest.raises(ValueError, match=r"linear: expected input\[2, 5\] to have 4 features"):
        F.linear(minigrad.zeros(2, 5), minigrad.zeros(3, 4))


def test_linear_rejects_weight_that_is_not_2d():
    with pytest.raises(ValueError, match="linear: expected a 2-d weight"):
        F.linear(minigrad.zeros(2, 4), minigrad.zeros(4))


def test_linear_rejects_bias_of_wrong_shape():
    with pytest.raises(ValueError, match=r"linear: expected bias of shape \[3\]"):
        F.linear(minigrad.zeros(2, 4), minigrad.zeros(3, 4), minigrad.zeros(4))


def test_linear_rejects_mixed_dtypes():
    with pytest.raises(TypeError, match="linear: expected weight to have the input's dtype"):
        F.linear(minigrad.zeros(2, 4), minigrad.zeros(3, 4, dtype=minigrad.float64))


def test_linear_rejects_integer_input():
    with pytest.raises(TypeError, match="linear: expected a floating-point input"):
        F.linear(_t(np.zeros((2, 4), np.int64)), minigrad.zeros(3, 4))


def test_linear_rejects_scalar_input():
    with pytest.raises(ValueError, match="at least one dimension"):
        F.linear(minigrad.tensor(1.0), minigrad.zeros(3, 1))


# ---------------------------------------------------------------- the Linear module
def test_linear_module_shapes_and_forward(rng):
    layer = nn.Linear(4, 3)
    assert layer.weight.shape == (3, 4) and layer.bias.shape == (3,)
    x = rng.standard_normal((5, 4)).astype(np.float32)
    np.testing.assert_allclose(layer(_t(x)).detach().numpy(),
                               ref.linear(x, layer.weight.detach().numpy(),
                                          layer.bias.detach().numpy()), rtol=1e-5, atol=1e-6)


def test_linear_module_default_init_is_uniform_within_one_over_sqrt_fan_in():
    layer = nn.Linear(100, 400)
    bound = 1 / math.sqrt(100)
    w = layer.weight.detach().numpy()
    assert np.abs(w).max() <= bound
    # U(-b, b) has standard deviation b / sqrt(3); 40000 draws pin it to about 1%.
    assert w.std() == pytest.approx(bound / math.sqrt(3), rel=0.03)
    assert np.abs(layer.bias.detach().numpy()).max() <= bound


def test_linear_module_init_is_reproducible_with_manual_seed():
    minigrad.manual_seed(3)
    a = nn.Linear(3, 2)
    minigrad.manual_seed(3)
    b = nn.Linear(3, 2)
    np.testing.assert_array_equal(a.weight.detach().numpy(),
                                  b.weight.detach().numpy())


def test_linear_module_without_bias(rng):
    layer = nn.Linear(3, 2, bias=False)
    assert layer.bias is None
    assert [name for name, _ in layer.named_parameters()] == ["weight"]
    assert repr(layer) == "Linear(in_features=3, out_features=2, bias=False)"


def test_linear_module_dtype_argument():
    layer = nn.Linear(3, 2, dtype=minigrad.float64)
    assert layer.weight.dtype == np.float64 and layer.bias.dtype == np.float64


def test_linear_module_rejects_gpu_device():
    with pytest.raises(ValueError, match="Linear: minigrad runs on the CPU only"):
        nn.Linear(3, 2, device="cuda")


def test_linear_module_rejects_integer_dtype():
    with pytest.raises(TypeError, match="Linear: parameters must have a floating-point dtype"):
        nn.Linear(3, 2, dtype=minigrad.int64)


def test_linear_module_rejects_negative_features():
    with pytest.raises(ValueError, match="Linear: in_features must be a non-negative integer"):
        nn.Linear(-1, 2)


def test_linear_module_gradients_reach_parameters(rng):
    layer = nn.Linear(4, 3).double()
    x = _t(rng.standard_normal((2, 4)))
    layer(x).sum().backward()
    np.testing.assert_allclose(layer.weight.grad.numpy(), np.tile(x.numpy().sum(0), (3, 1)))
    np.testing.assert_allclose(layer.bias.grad.numpy(), [2.0, 2.0, 2.0])


# ---------------------------------------------------------------- Bilinear and Identity
def test_bilinear_matches_reference_and_gradcheck(rng):
    x1, x2 = rng.standard_normal((3, 4)), rng.standard_normal((3, 2))
    w, b = rng.standard_normal((5, 4, 2)), rng.standard_normal(5)
    args = [_t(x1, True), _t(x2, True), _t(w, True), _t(b, True)]
    np.testing.assert_allclose(F.bilinear(*args).detach().numpy(), ref.bilinear(x1, x2, w, b),
                               rtol=1e-12)
    assert gradcheck(F.bilinear, args)


def test_bilinear_module_init_bounds_and_leading_dims():
    layer = nn.Bilinear(16, 3, 40)
    bound = 1 / math.sqrt(16)
    assert np.abs(layer.weight.detach().numpy()).max() <= bound
    assert np.abs(layer.bias.detach().numpy()).max() <= bound
    assert layer(minigrad.randn(2, 5, 16), minigrad.randn(2, 5, 3)).shape == (2, 5, 40)
    assert repr(layer) == "Bilinear(in1_features=16, in2_features=3, out_features=40, bias=True)"


def test_bilinear_rejects_mismatched_batch_dims():
    with pytest.raises(ValueError, match="bilinear: expected input1 and input2 to have the same"):
        F.bilinear(minigrad.zeros(2, 3), minigrad.zeros(3, 2), minigrad.zeros(1, 3, 2))


def test_bilinear_rejects_mismatched_features():
    with pytest.raises(ValueError, match="bilinear: expected inputs with 3 and 2 features"):
        F.bilinear(minigrad.zeros(2, 4), minigrad.zeros(2, 2), minigrad.zeros(1, 3, 2))


def test_identity_returns_its_input_and_ignores_arguments():
    x = minigrad.ones(2)
    assert nn.Identity(3, foo="bar")(x) is x
    assert repr(nn.Identity()) == "Identity()"
