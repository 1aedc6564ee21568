"""normalize, pairwise_distance and cosine_similarity against NumPy; their vector norm by gradcheck."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from minigrad.autograd import gradcheck
from tests.reference import nn as ref
from tests.reference.core import check_op


@pytest.mark.parametrize("p", [1.0, 2.0, 3.0, 0.5, float("inf")])
def test_pairwise_distance_matches_numpy_and_gradcheck(p):
    check_op([(4, 3), (4, 3)], lambda a, b: F.pairwise_distance(a, b, p),
             lambda a, b: ref.p_norm(a - b + 1e-6, p, -1))


def test_pairwise_distance_broadcasts_keeps_dims_and_reduces_1d_inputs_to_a_scalar():
    check_op([(4, 3), (3,)], lambda a, b: F.pairwise_distance(a, b, keepdim=True),
             lambda a, b: ref.p_norm(a - b + 1e-6, 2, -1, keepdims=True))
    out = F.pairwise_distance(minigrad.tensor([3.0, 0.0]), minigrad.tensor([0.0, 4.0]), eps=0.0)
    assert out.shape == () and out.item() == pytest.approx(5.0)


def test_p0_distance_counts_differences_and_has_zero_gradient():
    a = minigrad.tensor([[1.0, 2.0, 3.0]], dtype=minigrad.float64, requires_grad=True)
    out = F.pairwise_distance(a, minigrad.tensor([[1.0, 0.0, 0.0]], dtype=minigrad.float64), 0.0,
                              eps=0.0)
    out.sum().backward()
    assert out.tolist() == [2.0] and a.grad.tolist() == [[0.0, 0.0, 0.0]]


@pytest.mark.parametrize("p, dim", [(2.0, 1), (1.0, 0), (3.0, -1), (float("inf"), 1)])
def test_normalize_matches_numpy_and_gradcheck(p, dim):
    check_op([(3, 4)], lambda x: F.normalize(x, p, dim),
             lambda a: a / np.maximum(ref.p_norm(a, p, dim, keepdims=True), 1e-12))


def test_normalize_leaves_a_zero_vector_at_zero_with_a_finite_gradient():
    x = minigrad.zeros(2, 3, dtype=minigrad.float64, requires_grad=True)
    out = F.normalize(x)
    out.sum().backward()
    assert out.tolist() == [[0.0] * 3] * 2
    assert np.all(np.isfinite(x.grad.numpy()))


def test_normalize_over_several_dimensions():
    check_op([(2, 3, 4)], lambda x: F.normalize(x, dim=(1, 2)),
             lambda a: a / np.sqrt((a * a).sum(axis=(1, 2), keepdims=True)))


@pytest.mark.parametrize("shapes, dim", [([(4, 3), (4, 3)], 1), ([(4, 3), (1, 3)], 1),
                                         ([(2, 3, 4), (3, 4)], -1), ([(3,), (3,)], 0)])
def test_cosine_similarity_matches_numpy_and_gradcheck(shapes, dim):
    def reference(a, b):
        a, b = np.broadcast_arrays(a, b)
        return ref.cosine_similarity(a, b, dim)
    check_op(shapes, lambda a, b: F.cosine_similarity(a, b, dim), reference)


def test_cosine_similarity_of_a_zero_vector_is_zero():
    out = F.cosine_similarity(minigrad.zeros(1, 3), minigrad.ones(1, 3))
    assert out.tolist() == [0.0]


def test_distance_layers_call_their_functions():
    a, b = minigrad.randn(4, 3), minigrad.randn(4, 3)
    np.testing.assert_allclose(nn.PairwiseDistance(1.0, keepdim=True)(a, b).numpy(),
                               F.pairwise_distance(a, b, 1.0, keepdim=True).numpy())
    np.testing.assert_allclose(nn.CosineSimilarity(dim=0)(a, b).numpy(),
                               F.cosine_similarity(a, b, dim=0).numpy())


def test_distance_functions_reject_bad_arguments():
    with pytest.raises(ValueError, match="pairwise_distance: the shapes of x1 \\[4, 3\\] and x2"):
        F.pairwise_distance(minigrad.zeros(4, 3), minigrad.zeros(2, 3))
    with pytest.raises(ValueError, match="normalize: p must be non-negative"):
        F.normalize(minigrad.zeros(2, 3), p=-1)
    with pytest.raises(TypeError, match="cosine_similarity: expected a floating-point x1"):
        F.cosine_similarity(minigrad.zeros(2, 3, dtype=minigrad.int64), minigrad.zeros(2, 3))


def test_vector_norm_backward_where_the_maximum_is_shared():
    x = minigrad.tensor([[2.0, -2.0, 1.0]], dtype=minigrad.float64, requires_grad=True)
    F.pairwise_distance(x, minigrad.zeros(1, 3, dtype=minigrad.float64), float("inf"),
                        eps=0.0).sum().backward()
    assert x.grad.tolist() == [[0.5, -0.5, 0.0]]
    assert gradcheck(lambda t: F.normalize(t, 3.0), [minigrad.tensor(
        np.random.default_rng(1).normal(size=(3, 4)), requires_grad=True)])


# ---------------------------------------------------------------- dist
@pytest.mark.parametrize("p", [2, 1, 3.5, float("inf"), -float("inf"), -1.5])
@pytest.mark.parametrize("shapes", [[(2, 3), (2, 3)], [(2, 3), (3,)], [(), (4,)]])
def test_dist_is_the_p_norm_of_the_difference_and_gradchecks(shapes, p):
    def reference(a, b):
        return np.linalg.norm(np.ravel(a - b), ord=p)
    check_op(shapes, lambda a, b: minigrad.dist(a, b, p), reference)
    check_op(shapes, lambda a, b: a.dist(b, p=p), reference, float32=False)


def test_dist_rejects_shapes_that_do_not_broadcast_and_integer_tensors():
    with pytest.raises(ValueError, match=r"dist: the shapes of input \[2, 3\] and other \[2\] "
                                         r"do not broadcast"):
        minigrad.dist(minigrad.ones(2, 3), minigrad.ones(2))
    with pytest.raises(TypeError, match="dist: expected a floating-point other, got dtype int64"):
        minigrad.dist(minigrad.ones(2), minigrad.tensor([1, 2]))
