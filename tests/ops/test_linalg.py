"""minigrad.linalg (vector_norm, matrix_norm, norm, svdvals) and minigrad.norm against NumPy."""
import math

import numpy as np
import pytest

import minigrad
from minigrad import linalg
from minigrad.autograd import gradcheck
from tests.reference.core import check_op

INF = math.inf


def _t(a, **kwargs):
    return minigrad.tensor(np.asarray(a), **kwargs)


def _vector_norm(x, ord, axis=None, keepdims=False):
    """The ``ord``-norm written from its definition."""
    a = np.abs(x)
    if ord == INF:
        return a.max(axis=axis, keepdims=keepdims)
    if ord == -INF:
        return a.min(axis=axis, keepdims=keepdims)
    if ord == 0:
        return (a != 0).sum(axis=axis, keepdims=keepdims).astype(x.dtype)
    return (a ** ord).sum(axis=axis, keepdims=keepdims) ** (1.0 / ord)


# ---------------------------------------------------------------- vector_norm
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [None, 0, -1, (0, 2), ()])
@pytest.mark.parametrize("ord", [2, 1, 3, 0.5, INF, -INF, -1.5])
def test_vector_norm_matches_its_definition_and_gradcheck(ord, dim, keepdim):
    axis = None if dim == () else dim
    check_op([(2, 3, 4)], lambda x: linalg.vector_norm(x, ord, dim, keepdim),
             lambda x: _vector_norm(x, ord, axis, keepdim), low=0.2, high=2.0)


def test_vector_norm_counts_nonzeros_for_ord_zero():
    x = _t([[0.0, 1.5, -2.0], [0.0, 0.0, 3.0]])
    assert linalg.vector_norm(x, 0).item() == 3.0
    assert linalg.vector_norm(x, 0, dim=1).tolist() == [2.0, 1.0]
    x.requires_grad_()
    linalg.vector_norm(x, 0).backward()
    assert x.grad.tolist() == [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]


def test_vector_norm_gradient_at_zero_is_zero_for_every_ord():
    for ord in (2, 1, 3, 0.5):
        x = _t([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=minigrad.float64, requires_grad=True)
        linalg.vector_norm(x, ord, dim=1).sum().backward()
        assert x.grad.tolist() == [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0]], ord


def test_vector_norm_inf_shares_the_gradient_between_tied_maxima():
    x = _t([0.0, 2.0, -2.0], dtype=minigrad.float64, requires_grad=True)
    linalg.vector_norm(x, INF).backward()
    assert x.grad.tolist() == [0.0, 0.5, -0.5]


def test_vector_norm_dtype_converts_integers_and_integers_are_refused_without_it():
    out = linalg.vector_norm(_t([3, 4]), dtype=minigrad.float64)
    assert out.dtype == np.float64 and out.item() == 5.0
    with pytest.raises(TypeError, match="vector_norm: expected a floating-point tensor, got dtype int64"):
        linalg.vector_norm(_t([3, 4]))


def test_vector_norm_rejects_a_string_ord():
    with pytest.raises(ValueError, match="vector_norm: ord must be a number for a vector norm, got 'fro'"):
        linalg.vector_norm(minigrad.ones(3), "fro")
    with pytest.raises(TypeError, match="vector_norm: ord must be a number or a string, got list"):
        linalg.vector_norm(minigrad.ones(3), [2])


def test_vector_norm_of_empty_and_zero_dim_tensors():
    assert linalg.vector_norm(minigrad.zeros(0)).item() == 0.0
    assert linalg.vector_norm(_t(-3.0)).item() == 3.0


# ---------------------------------------------------------------- matrix_norm
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("ord", ["fro", "nuc", INF, -INF, 1, -1, 2, -2])
def test_matrix_norm_matches_numpy_and_gradcheck(ord, keepdim):
    check_op([(2, 3, 4)], lambda A: linalg.matrix_norm(A, ord, keepdim=keepdim),
             lambda A: np.linalg.norm(A, ord, axis=(-2, -1), keepdims=keepdim))


@pytest.mark.parametrize("ord", ["fro", "nuc", INF, 1, 2, -2])
@pytest.mark.parametrize("dim", [(0, 2), (2, 0), (-1, 1)])
def test_matrix_norm_over_other_dims_matches_numpy(ord, dim):
    check_op([(3, 2, 4)], lambda A: linalg.matrix_norm(A, ord, dim=dim, keepdim=True),
             lambda A: np.linalg.norm(A, ord, axis=dim, keepdims=True))


def test_matrix_norm_by_hand():
    A = _t([[1.0, -2.0], [3.0, 4.0]])
    assert linalg.matrix_norm(A, 1).item() == 6.0       # the column |-2| + |4|
    assert linalg.matrix_norm(A, -1).item() == 4.0
    assert linalg.matrix_norm(A, INF).item() == 7.0     # the row |3| + |4|
    assert linalg.matrix_norm(A, -INF).item() == 3.0
    assert linalg.matrix_norm(A).item() == pytest.approx(math.sqrt(30.0))
    D = _t([[3.0, 0.0], [0.0, -4.0]])
    assert linalg.matrix_norm(D, 2).item() == 4.0
    assert linalg.matrix_norm(D, -2).item() == 3.0
    assert linalg.matrix_norm(D, "nuc").item() == 7.0


def test_matrix_norm_errors():
    with pytest.raises(ValueError, match=r"matrix_norm: ord must be one of \['fro', 'nuc', inf, -inf, "
                                         r"1, -1, 2, -2\], got 3"):
        linalg.matrix_norm(minigrad.ones(2, 2), 3)
    with pytest.raises(ValueError, match=r"matrix_norm: expected a tensor with at least 2 dimensions, "
                                         r"got shape \[3\]"):
        linalg.matrix_norm(minigrad.ones(3))
    with pytest.raises(ValueError, match=r"matrix_norm: dim must name two different dimensions"):
        linalg.matrix_norm(minigrad.ones(2, 2), dim=(1, -1))
    with pytest.raises(ValueError, match="matrix_norm: dim must be a pair of ints, got 0"):
        linalg.matrix_norm(minigrad.ones(2, 2), dim=0)


def test_svdvals_matches_numpy_and_gradcheck():
    check_op([(2, 3, 4)], linalg.svdvals, lambda A: np.linalg.svd(A, compute_uv=False))
    with pytest.raises(ValueError, match="svdvals: expected a tensor with at least 2 dimensions"):
        linalg.svdvals(minigrad.ones(3))


# ---------------------------------------------------------------- linalg.norm and minigrad.norm
def test_linalg_norm_picks_a_vector_or_a_matrix_norm_as_pytorch():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 4))
    t = _t(A)
    np.testing.assert_allclose(linalg.norm(t).item(), np.sqrt((A * A).sum()), rtol=1e-6)
    np.testing.assert_allclose(linalg.norm(t, 2).item(), np.linalg.norm(A, 2), rtol=1e-6)
    np.testing.assert_allclose(linalg.norm(t, dim=1).numpy(), np.linalg.norm(A, axis=1), rtol=1e-6)
    np.testing.assert_allclose(linalg.norm(t, 1, dim=(1, 0)).item(), np.linalg.norm(A.T, 1), rtol=1e-6)
    np.testing.assert_allclose(linalg.norm(_t(A[0]), 3).item(), _vector_norm(A[0], 3), rtol=1e-6)
    B = rng.normal(size=(2, 3, 4))
    np.testing.assert_allclose(linalg.norm(_t(B)).item(), np.sqrt((B * B).sum()), rtol=1e-6)
    with pytest.raises(ValueError, match="linalg.norm: with ord and no dim the input must be 1-d or "
                                         "2-d, got 3 dimensions"):
        linalg.norm(_t(B), 2)
    check_op([(3, 4)], lambda x: linalg.norm(x, "nuc"), lambda x: np.linalg.norm(x, "nuc"))


def test_torch_style_norm_is_a_vector_norm_unless_nuclear():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 4))
    t = _t(A)
    np.testing.assert_allclose(minigrad.norm(t).item(), np.sqrt((A * A).sum()), rtol=1e-6)
    np.testing.assert_allclose(t.norm(dim=1).numpy(), np.linalg.norm(A, axis=1), rtol=1e-6)
    np.testing.assert_allclose(t.norm(p=1).item(), np.abs(A).sum(), rtol=1e-6)
    np.testing.assert_allclose(t.norm(p="fro", dim=(0, 1)).item(), np.sqrt((A * A).sum()), rtol=1e-6)
    # A number p over two dims is still a vector norm, as torch.norm.
    np.testing.assert_allclose(t.norm(p=1, dim=(0, 1)).item(), np.abs(A).sum(), rtol=1e-6)
    np.testing.assert_allclose(t.norm(p="nuc").item(), np.linalg.norm(A, "nuc"), rtol=1e-6)
    np.testing.assert_allclose(t.norm(p=INF, dim=0, keepdim=True).numpy(),
                               np.abs(A).max(axis=0, keepdims=True))
    assert t.norm(dtype=minigrad.float64).dtype == np.float64
    with pytest.raises(ValueError, match="norm: p must be 'fro', 'nuc' or a number, got 'max'"):
        t.norm(p="max")
    with pytest.raises(ValueError, match=r"norm: p='nuc' without dim needs a 2-d input, got shape \[2, 3, 4\]"):
        minigrad.norm(minigrad.ones(2, 3, 4), p="nuc")


def test_norm_gradients():
    x = minigrad.tensor(np.random.default_rng(2).normal(size=(3, 4)), requires_grad=True)
    assert gradcheck(lambda a: a.norm(), (x,))
    assert gradcheck(lambda a: a.norm(p=3, dim=0), (x,))
    assert gradcheck(lambda a: a.norm(p="nuc"), (x,))


def test_norms_of_non_contiguous_inputs_and_negative_dims():
    A = np.random.default_rng(4).normal(size=(3, 4, 2))
    view = minigrad.tensor(A).permute(2, 0, 1)  # not contiguous
    moved = np.transpose(A, (2, 0, 1))
    np.testing.assert_allclose(linalg.vector_norm(view, 3, dim=-1).numpy(),
                               _vector_norm(moved, 3, axis=-1), rtol=1e-6)
    np.testing.assert_allclose(linalg.matrix_norm(view, "nuc", dim=(-1, -3)).numpy(),
                               np.linalg.norm(moved, "nuc", axis=(-1, -3)), rtol=1e-5)
