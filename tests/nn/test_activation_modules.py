"""Activation modules and the functional wrappers that add ``inplace`` and ``dim=None``."""
import copy

import numpy as np
import pytest
from scipy import special

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference import core
from tests.reference import nn as nn_ref

CASES = [
    (nn.ReLU(), core.relu),
    (nn.ReLU6(), lambda x: np.clip(x, 0, 6)),
    (nn.LeakyReLU(0.2), lambda x: core.leaky_relu(x, 0.2)),
    (nn.ELU(0.7), lambda x: core.elu(x, 0.7)),
    (nn.GELU(), core.gelu),
    (nn.GELU("tanh"), core.gelu_tanh),
    (nn.SiLU(), lambda x: x * special.expit(x)),
    (nn.Sigmoid(), core.sigmoid),
    (nn.Tanh(), np.tanh),
    (nn.Hardswish(), lambda x: x * np.clip(x + 3, 0, 6) / 6),
    (nn.Softplus(2.0, 3.0), lambda x: core.softplus(x, 2.0, 3.0)),
    (nn.Softmax(dim=1), lambda x: core.softmax(x, 1)),
    (nn.LogSoftmax(dim=-1), lambda x: core.log_softmax(x, -1)),
    (nn.SELU(), nn_ref.selu),
    (nn.CELU(0.7), lambda x: nn_ref.celu(x, 0.7)),
    (nn.Hardtanh(-2.0, 4.5), lambda x: nn_ref.hardtanh(x, -2.0, 4.5)),
    (nn.Softsign(), nn_ref.softsign),
    (nn.LogSigmoid(), special.log_expit),
]


@pytest.mark.parametrize("module, reference", CASES, ids=[repr(c[0]) for c in CASES])
def test_activation_module_matches_reference_and_gradcheck(rng, module, reference):
    # Keep clear of the kinks of relu6/hardswish/hardtanh (0, +-3, 6, -2, 4.5) for finite
    # differences.
    x = rng.uniform(-7, 7, (3, 5))
    for kink in (-3.0, -2.0, 0.0, 3.0, 4.5, 6.0):
        x[np.abs(x - kink) < 1e-3] += 0.01
    xt = minigrad.tensor(x, requires_grad=True)
    np.testing.assert_allclose(module(xt).detach().numpy(), reference(x), rtol=1e-7, atol=1e-10)
    assert gradcheck(module, (xt,))


@pytest.mark.parametrize("module, expected", [
    (nn.ReLU(), "ReLU()"), (nn.ReLU(inplace=True), "ReLU(inplace=True)"),
    (nn.ReLU6(True), "ReLU6(inplace=True)"), (nn.LeakyReLU(), "LeakyReLU(negative_slope=0.01)"),
    (nn.LeakyReLU(0.2, True), "LeakyReLU(negative_slope=0.2, inplace=True)"),
    (nn.ELU(), "ELU(alpha=1.0)"), (nn.GELU(), "GELU(approximate='none')"),
    (nn.SiLU(True), "SiLU(inplace=True)"), (nn.Sigmoid(), "Sigmoid()"), (nn.Tanh(), "Tanh()"),
    (nn.Hardswish(True), "Hardswish()"), (nn.Softplus(), "Softplus(beta=1.0, threshold=20.0)"),
    (nn.Softmax(1), "Softmax(dim=1)"), (nn.Softmax(), "Softmax(dim=None)"),
    (nn.LogSoftmax(dim=-1), "LogSoftmax(dim=-1)"),
    (nn.SELU(), "SELU()"), (nn.SELU(True), "SELU(inplace=True)"),
    (nn.CELU(), "CELU(alpha=1.0)"), (nn.CELU(0.5, True), "CELU(alpha=0.5, inplace=True)"),
    (nn.Hardtanh(), "Hardtanh(min_val=-1.0, max_val=1.0)"),
    (nn.Hardtanh(-2, 3, True), "Hardtanh(min_val=-2, max_val=3, inplace=True)"),
    (nn.Softsign(), "Softsign()"), (nn.LogSigmoid(), "LogSigmoid()"),
])
def test_activation_repr_matches_pytorch(module, expected):
    assert repr(module) == expected


def test_gelu_rejects_unknown_approximation():
    with pytest.raises(ValueError, match="GELU: approximate must be 'none' or 'tanh'"):
        nn.GELU("fast")


@pytest.mark.parametrize("module", [nn.ReLU(inplace=True), nn.LeakyReLU(0.1, inplace=True),
                                    nn.ELU(inplace=True), nn.SiLU(inplace=True),
                                    nn.Hardswish(inplace=True), nn.ReLU6(inplace=True),
                                    nn.SELU(inplace=True), nn.CELU(0.5, inplace=True),
                                    nn.Hardtanh(-0.5, 0.5, inplace=True)])
def test_inplace_activation_writes_into_its_input(rng, module):
    x = rng.standard_normal(6)
    out_of_place = copy.deepcopy(module)
    out_of_place.inplace = False
    expected = out_of_place(minigrad.tensor(x)).numpy()
    xt = minigrad.tensor(x)
    out = module(xt)
    assert out is xt
    np.testing.assert_allclose(xt.numpy(), expected)


def test_inplace_activation_on_a_non_leaf_backpropagates_and_bumps_the_version(rng):
    x = rng.standard_normal(5)
    leaf = minigrad.tensor(x, requires_grad=True)
    hidden = leaf * 2
    version = hidden._version
    out = F.relu(hidden, inplace=True)
    assert out is hidden and hidden._version == version + 1
    out.sum().backward()
    np.testing.assert_allclose(leaf.grad.numpy(), np.where(x > 0, 2.0, 0.0))


@pytest.mark.parametrize("call, derivative", [
    (lambda h: F.selu(h, inplace=True),
     lambda x: np.where(x > 0, nn_ref.SELU_SCALE,
                        nn_ref.SELU_SCALE * nn_ref.SELU_ALPHA * np.exp(x))),
    (lambda h: F.celu(h, 2.0, True), lambda x: np.where(x > 0, 1.0, np.exp(x / 2.0))),
    (lambda h: F.hardtanh(h, -0.5, 0.5, True), lambda x: (np.abs(x) < 0.5) * 1.0),
], ids=["selu", "celu", "hardtanh"])
def test_new_inplace_activations_backpropagate_through_the_rewritten_input(rng, call, derivative):
    x = rng.uniform(-1, 1, 7)
    leaf = minigrad.tensor(x, dtype=minigrad.float64, requires_grad=True)
    hidden = leaf * 2
    out = call(hidden)
    assert out is hidden
    out.sum().backward()
    np.testing.assert_allclose(leaf.grad.numpy(), 2 * derivative(2 * x), rtol=1e-12)


def test_inplace_activation_on_a_leaf_that_requires_grad_is_an_error():
    with pytest.raises(RuntimeError, match="relu: a leaf tensor that requires grad"):
        F.relu(minigrad.ones(2, requires_grad=True), inplace=True)


def test_inplace_activation_invalidates_nodes_that_saved_the_old_values():
    leaf = minigrad.tensor([1.0, -2.0], requires_grad=True)
    hidden = leaf * 1.0
    squared = hidden * hidden  # saves hidden
    F.relu(hidden, inplace=True)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        squared.sum().backward()


def test_softmax_without_dim_warns_and_picks_pytorchs_dimension():
    x = minigrad.zeros(2, 4)
    with pytest.warns(UserWarning, match="implicit dimension choice"):
        out = F.softmax(x)
    np.testing.assert_allclose(out.numpy(), np.full((2, 4), 0.25))
    with pytest.warns(UserWarning):
        out = F.log_softmax(minigrad.zeros(3))
    np.testing.assert_allclose(out.numpy(), np.log(np.full(3, 1 / 3)), rtol=1e-6)


def test_softmax_dtype_argument_converts_first():
    out = F.softmax(minigrad.zeros(2), dim=0, dtype=minigrad.float64)
    assert out.dtype == np.float64


def test_hardtanh_layer_requires_max_val_above_min_val():
    with pytest.raises(ValueError, match=r"Hardtanh: max_val \(1.0\) must be greater than "
                                         r"min_val \(1.0\)"):
        nn.Hardtanh(1.0, 1.0)


def test_hardtanh_layer_takes_the_deprecated_min_value_and_max_value_with_a_warning():
    with pytest.warns(FutureWarning, match="min_value is deprecated"):
        layer = nn.Hardtanh(min_value=-3.0)
    with pytest.warns(FutureWarning, match="max_value is deprecated"):
        layer2 = nn.Hardtanh(max_value=2.0)
    assert repr(layer) == "Hardtanh(min_val=-3.0, max_val=1.0)"
    assert repr(layer2) == "Hardtanh(min_val=-1.0, max_val=2.0)"
    np.testing.assert_allclose(layer(minigrad.tensor([-5.0, 5.0])).numpy(), [-3.0, 1.0])


def test_celu_layer_rejects_alpha_zero_when_built():
    with pytest.raises(ValueError, match="CELU: alpha must not be 0"):
        nn.CELU(0.0)
