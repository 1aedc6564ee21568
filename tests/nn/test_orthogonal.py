"""parametrizations.orthogonal: the three maps against NumPy references, orthogonality,
gradients, the state-dict keys, assignment and validation."""
import numpy as np
import pytest
from scipy import linalg as sla

import minigrad
from minigrad import nn, optim
from minigrad.autograd import gradcheck
from minigrad.nn.utils import _orthogonal
from minigrad.nn.utils.parametrizations import orthogonal

MAPS = ["matrix_exp", "cayley", "householder"]


def _f64(values, requires_grad=False):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


def _linear(shape, seed=0):
    minigrad.manual_seed(seed)
    return nn.Linear(shape[1], shape[0]).double()


def _gram(w):
    """``W^T W`` for a tall (or square) matrix, ``W W^T`` for a wide one, batched."""
    wt = np.swapaxes(w, -1, -2)
    return wt @ w if w.shape[-2] >= w.shape[-1] else w @ wt


# ---------------------------------------------------------------- the maps against references
def _skew_reference(x):
    n, k = x.shape
    lower = np.zeros((n, n))
    lower[:, :k] = np.tril(x)
    return lower - lower.T


def _householder_reference(x):
    n, k = x.shape
    q = np.eye(n)
    for i in range(k):
        v = np.zeros(n)
        v[i] = 1.0
        v[i + 1:] = x[i + 1:, i]
        q = q @ (np.eye(n) - 2.0 * np.outer(v, v) / (v @ v))
    return q[:, :k] * np.trunc(np.diag(x))


REFERENCES = {
    "matrix_exp": lambda x: sla.expm(_skew_reference(x))[:, :x.shape[1]],
    "cayley": lambda x: np.linalg.solve(np.eye(x.shape[0]) - _skew_reference(x) / 2,
                                        np.eye(x.shape[0]) + _skew_reference(x) / 2)[:, :x.shape[1]],
    "householder": _householder_reference,
}


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (6, 1)])
def test_each_map_matches_its_numpy_reference_and_is_orthonormal(name, shape):
    x = np.random.default_rng(0).standard_normal(shape)
    if name == "householder":
        x[np.arange(shape[1]), np.arange(shape[1])] = [(-1.0) ** i for i in range(shape[1])]
    q = getattr(_orthogonal, name)(_f64(x)).numpy()
    np.testing.assert_allclose(q, REFERENCES[name](x), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(q.T @ q, np.eye(shape[1]), atol=1e-12)


@pytest.mark.parametrize("name", MAPS)
def test_each_map_has_the_finite_difference_gradient(name):
    x = np.random.default_rng(1).standard_normal((2, 4, 3)) * 0.5
    # householder's signs are the diagonal's integer parts, without gradient: keep them off
    # the jumps at the integers
    x[..., np.arange(3), np.arange(3)] = -1.5
    gradcheck(getattr(_orthogonal, name), (_f64(x, requires_grad=True),))


def test_matrix_exp_gradient_of_a_non_normal_matrix_matches_finite_differences():
    a = _f64(np.random.default_rng(2).standard_normal((3, 3)), requires_grad=True)
    gradcheck(_orthogonal.MatrixExp.apply, (a,))


def test_solve_gradients_match_finite_differences():
    rng = np.random.default_rng(3)
    m = _f64(rng.standard_normal((2, 3, 3)) + 3 * np.eye(3), requires_grad=True)
    b = _f64(rng.standard_normal((2, 3, 3)), requires_grad=True)
    gradcheck(_orthogonal.Solve.apply, (m, b))


# ---------------------------------------------------------------- the parametrization
@pytest.mark.parametrize("orthogonal_map", [None, *MAPS])
@pytest.mark.parametrize("trivialization", [True, False])
@pytest.mark.parametrize("shape", [(4, 4), (5, 3), (3, 5)])
def test_the_weight_is_orthogonal_for_every_map_and_shape(orthogonal_map, trivialization, shape):
    layer = orthogonal(_linear(shape), orthogonal_map=orthogonal_map,
                       use_trivialization=trivialization)
    w = layer.weight.detach().numpy()
    assert w.shape == shape
    np.testing.assert_allclose(_gram(w), np.eye(min(shape)), atol=1e-12)


def test_default_maps_follow_pytorch_square_exp_else_householder():
    assert orthogonal(_linear((4, 4))).parametrizations.weight[0].orthogonal_map == "matrix_exp"
    assert orthogonal(_linear((5, 3))).parametrizations.weight[0].orthogonal_map == "householder"


def test_registration_keeps_the_orthonormalized_weight_and_starts_from_minus_identity():
    layer = _linear((5, 3))
    w = layer.weight.detach().numpy().copy()
    orthogonal(layer)
    q, r = np.linalg.qr(w)
    np.testing.assert_allclose(layer.weight.detach().numpy(), q * np.sign(np.diag(r)),
                               atol=1e-12)
    np.testing.assert_array_equal(layer.parametrizations.weight.original.detach().numpy(),
                                  -np.eye(5, 3))
    assert list(layer.state_dict()) == ["bias", "parametrizations.weight.original",
                                        "parametrizations.weight.0.base"]


def test_an_orthogonal_weight_is_kept_exactly():
    layer = _linear((4, 4))
    q = np.linalg.qr(np.random.default_rng(4).standard_normal((4, 4)))[0]
    with minigrad.no_grad():
        layer.weight.copy_(_f64(q))
    orthogonal(layer)
    np.testing.assert_allclose(layer.weight.detach().numpy(), q, atol=1e-14)


@pytest.mark.parametrize("orthogonal_map", MAPS)
def test_assigning_to_the_weight_orthonormalizes_it(orthogonal_map):
    layer = orthogonal(_linear((3, 5)), orthogonal_map=orthogonal_map)
    target = np.random.default_rng(5).standard_normal((3, 5))
    layer.weight = _f64(target)
    q, r = np.linalg.qr(target.T)
    np.testing.assert_allclose(layer.weight.detach().numpy(), (q * np.sign(np.diag(r))).T,
                               atol=1e-12)


def test_householder_without_trivialization_inverts_its_map_on_assignment():
    layer = orthogonal(_linear((5, 3)), orthogonal_map="householder", use_trivialization=False)
    q = np.linalg.qr(np.random.default_rng(6).standard_normal((5, 3)))[0]
    layer.weight = _f64(q)
    np.testing.assert_allclose(layer.weight.detach().numpy(), q * np.sign(np.diag(
        np.linalg.qr(q)[1])), atol=1e-12)
    assert "parametrizations.weight.0.base" not in layer.state_dict()


def test_exp_and_cayley_without_trivialization_keep_the_original_and_refuse_assignment():
    layer = _linear((4, 4))
    w = layer.weight.detach().numpy().copy()
    orthogonal(layer, orthogonal_map="cayley", use_trivialization=False)
    np.testing.assert_array_equal(layer.parametrizations.weight.original.detach().numpy(), w)
    with pytest.raises(NotImplementedError, match="use_trivialization=True"):
        layer.weight = _f64(np.eye(4))


def test_gradients_through_the_parametrized_layer_match_finite_differences():
    for orthogonal_map in MAPS:
        layer = orthogonal(_linear((3, 4)), orthogonal_map=orthogonal_map)
        original = layer.parametrizations.weight.original
        with minigrad.no_grad():  # move away from -I, where every map is flat in some directions
            original.add_(_f64(np.random.default_rng(7).standard_normal((3, 4)) * 0.3))
        x = _f64(np.random.default_rng(8).standard_normal((2, 4)))
        gradcheck(lambda o, layer=layer, x=x: _forward_with_original(layer, o, x), (original,))


def _forward_with_original(layer, original, x):
    return nn.functional.linear(x, layer.parametrizations.weight[0](original), layer.bias)


def test_training_keeps_the_weight_orthogonal():
    layer = orthogonal(_linear((6, 4), seed=9))
    opt = optim.SGD(layer.parameters(), lr=0.1)
    x = _f64(np.random.default_rng(10).standard_normal((8, 4)))
    losses = []
    for _ in range(20):
        opt.zero_grad()
        loss = (layer(x) - 1.0).pow(2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]
    np.testing.assert_allclose(_gram(layer.weight.detach().numpy()), np.eye(4), atol=1e-10)


def test_a_batch_of_matrices_is_made_orthogonal_matrix_by_matrix():
    conv = nn.Conv2d(3, 2, 3).double()
    orthogonal(conv)
    w = conv.weight.detach().numpy()
    np.testing.assert_allclose(_gram(w), np.broadcast_to(np.eye(3), w.shape), atol=1e-12)


@pytest.mark.parametrize("call, match", [
    (lambda: orthogonal(nn.Linear(3, 3), "bias"), "expected a matrix or a batch of matrices"),
    (lambda: orthogonal(nn.Linear(3, 3), "nope"), "module 'Linear' has no parameter or buffer with name 'nope'"),
    (lambda: orthogonal(nn.Linear(3, 3), orthogonal_map="qr"), "orthogonal_map must be one of"),
])
def test_bad_arguments_raise_value_errors(call, match):
    with pytest.raises(ValueError, match=f"orthogonal: {match}"):
        call()


def test_assigning_a_matrix_of_another_shape_raises():
    layer = orthogonal(_linear((4, 4)))
    with pytest.raises(ValueError, match=r"orthogonal: expected a matrix of shape \[4, 4\]"):
        layer.weight = _f64(np.eye(3))
