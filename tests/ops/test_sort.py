"""sort, argsort, topk, kthvalue, median, mode, unique: NumPy references, gradients, ties, errors."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import gradcheck
from tests.reference.core import check_op


def _t(a, **kwargs):
    return minigrad.tensor(np.asarray(a), **kwargs)


def _descending_order(x, axis):
    # Stable on -x: ties keep their input order (x has no NaN here).
    return np.argsort(-x, axis=axis, kind="stable")


# ---------------------------------------------------------------- sort / argsort
@pytest.mark.parametrize("dim", [0, 1, -1, -3])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_matches_numpy_and_gradcheck(dim, descending):
    def reference(x):
        order = _descending_order(x, dim) if descending else np.argsort(x, axis=dim, kind="stable")
        return np.take_along_axis(x, order, dim), order

    check_op([(2, 3, 4)], lambda a: minigrad.sort(a, dim, descending), reference)
    check_op([(2, 3, 4)], lambda a: a.sort(dim=dim, descending=descending), reference)


def test_sort_returns_a_named_tuple_of_values_and_int64_indices():
    result = minigrad.sort(_t([3.0, 1.0, 2.0]))
    assert result.values.tolist() == [1.0, 2.0, 3.0]
    assert result.indices.tolist() == [1, 2, 0]
    assert result.indices.dtype == np.int64 and not result.indices.requires_grad
    values, indices = result
    assert values is result.values and indices is result.indices


def test_sort_keeps_ties_in_input_order_in_both_directions():
    x = _t([2.0, 1.0, 2.0, 1.0, 2.0])
    assert minigrad.sort(x).indices.tolist() == [1, 3, 0, 2, 4]
    assert minigrad.sort(x, descending=True).indices.tolist() == [0, 2, 4, 1, 3]
    assert minigrad.sort(x, stable=True).indices.tolist() == [1, 3, 0, 2, 4]


def test_sort_puts_nan_last_ascending_and_first_descending():
    x = _t([1.0, np.nan, 0.0])
    assert minigrad.sort(x).indices.tolist() == [2, 0, 1]
    assert minigrad.sort(x, descending=True).indices.tolist() == [1, 0, 2]


def test_sort_gradient_goes_back_to_each_elements_place():
    x = _t([3.0, 1.0, 2.0], dtype=minigrad.float64, requires_grad=True)
    values, _ = minigrad.sort(x)
    (values * _t([1.0, 10.0, 100.0], dtype=minigrad.float64)).sum().backward()
    assert x.grad.tolist() == [100.0, 1.0, 10.0]


def test_sort_of_integers_bools_empty_zero_dim_and_non_contiguous():
    assert minigrad.sort(_t([3, -1, 2]), descending=True).values.tolist() == [3, 2, -1]
    assert minigrad.sort(_t([True, False])).values.tolist() == [False, True]
    empty = minigrad.sort(minigrad.zeros(2, 0))
    assert empty.values.shape == (2, 0) and empty.indices.shape == (2, 0)
    scalar = minigrad.sort(_t(5.0))
    assert scalar.values.shape == () and scalar.indices.item() == 0
    base = np.array([[3.0, 0.0], [1.0, 5.0], [2.0, 4.0]])
    transposed = _t(base).T  # a non-contiguous view
    np.testing.assert_array_equal(minigrad.sort(transposed).values.numpy(), np.sort(base.T))


def test_argsort_is_the_indices_of_sort():
    x = np.random.default_rng(0).normal(size=(3, 5))
    np.testing.assert_array_equal(minigrad.argsort(_t(x), dim=0).numpy(),
                                  np.argsort(x, axis=0, kind="stable"))
    np.testing.assert_array_equal(_t(x).argsort(descending=True).numpy(), _descending_order(x, -1))
    assert minigrad.argsort(_t(x)).dtype == np.int64


@pytest.mark.parametrize("fn", [minigrad.sort, minigrad.argsort])
def test_sort_rejects_bad_dims(fn):
    with pytest.raises(IndexError, match=r"dimension out of range \(expected to be in range of \[-2, 1\], but got 2\)"):
        fn(minigrad.zeros(2, 3), dim=2)
    with pytest.raises(TypeError, match="dim must be an int, got float"):
        fn(minigrad.zeros(2, 3), dim=1.0)
    with pytest.raises(TypeError, match="expected a Tensor, got list"):
        fn([1.0, 2.0])


# ---------------------------------------------------------------- topk
@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("dim, k", [(0, 2), (1, 1), (-1, 4), (-1, 0)])
def test_topk_matches_numpy_and_gradcheck(dim, k, largest):
    def reference(x):
        order = _descending_order(x, dim) if largest else np.argsort(x, axis=dim, kind="stable")
        order = np.take(order, np.arange(k), axis=dim)
        return np.take_along_axis(x, order, dim), order

    check_op([(3, 4)], lambda a: minigrad.topk(a, k, dim, largest), reference)
    check_op([(3, 4)], lambda a: a.topk(k, dim=dim, largest=largest), reference)


def test_topk_ties_pick_the_first_occurrences_and_share_nothing():
    x = _t([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    values, indices = minigrad.topk(x, 2)
    assert values.tolist() == [3.0, 3.0] and indices.tolist() == [1, 2]
    values.sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 1.0, 0.0]
    assert type(minigrad.topk(x, 1)).__name__ == "topk"


def test_topk_rejects_k_out_of_range():
    with pytest.raises(ValueError, match=r"topk: k \(5\) is out of range for dimension -1 of size 4"):
        minigrad.topk(minigrad.zeros(2, 4), 5)
    with pytest.raises(ValueError, match=r"topk: k \(-1\) is out of range"):
        minigrad.topk(minigrad.zeros(4), -1)
    with pytest.raises(TypeError, match="topk: k must be an int, got 2.0"):
        minigrad.topk(minigrad.zeros(4), 2.0)


# ---------------------------------------------------------------- kthvalue / median / mode
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim, k", [(0, 1), (1, 3), (-1, 5)])
def test_kthvalue_matches_numpy_and_gradcheck(dim, k, keepdim):
    def reference(x):
        order = np.take(np.argsort(x, axis=dim, kind="stable"), [k - 1], axis=dim)
        values = np.take_along_axis(x, order, dim)
        if not keepdim:
            values, order = np.squeeze(values, dim), np.squeeze(order, dim)
        return values, order

    check_op([(5, 5)], lambda a: minigrad.kthvalue(a, k, dim, keepdim), reference)


def test_kthvalue_ranks_ties_in_input_order():
    assert minigrad.kthvalue(_t([3.0, 1.0, 2.0, 1.0]), 1).indices.item() == 1
    assert minigrad.kthvalue(_t([3.0, 1.0, 2.0, 1.0]), 2).indices.item() == 3
    with pytest.raises(ValueError, match=r"kthvalue: k \(0\) is out of range for dimension -1 of size 4"):
        minigrad.kthvalue(minigrad.zeros(4), 0)


def test_median_of_all_elements_is_the_lower_middle_value():
    assert minigrad.median(_t([4.0, 1.0, 3.0, 2.0])).item() == 2.0
    assert minigrad.median(_t([[5.0, 1.0], [3.0, 9.0], [7.0, 0.0]])).item() == 3.0
    x = np.random.default_rng(1).normal(size=(3, 5))
    assert _t(x).median().item() == np.sort(x.ravel())[(x.size - 1) // 2]
    check_op([(3, 5)], lambda a: a.median(), lambda a: np.sort(a.ravel())[(a.size - 1) // 2])


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, 1])
def test_median_along_a_dim_matches_numpy_and_gradcheck(dim, keepdim):
    def reference(x):
        n = x.shape[dim]
        order = np.take(np.argsort(x, axis=dim, kind="stable"), [(n - 1) // 2], axis=dim)
        values = np.take_along_axis(x, order, dim)
        if not keepdim:
            values, order = np.squeeze(values, dim), np.squeeze(order, dim)
        return values, order

    check_op([(4, 5)], lambda a: minigrad.median(a, dim, keepdim), reference)
    check_op([(4, 5)], lambda a: a.median(dim=dim, keepdim=keepdim), reference)


def test_median_propagates_nan_and_points_to_the_first_nan():
    result = minigrad.median(_t([[1.0, np.nan, 1.0, np.nan], [1.0, 2.0, 1.0, 2.0]]), 1)
    assert np.isnan(result.values[0].item()) and result.indices.tolist() == [1, 2]
    assert np.isnan(minigrad.median(_t([1.0, np.nan, 0.0])).item())


def test_median_of_an_empty_tensor_raises():
    with pytest.raises(ValueError, match="median: cannot take the median of an empty tensor"):
        minigrad.median(minigrad.zeros(0))
    with pytest.raises(ValueError, match=r"median: dimension 1 of the input \[2, 0\] is empty"):
        minigrad.median(minigrad.zeros(2, 0), 1)


def test_mode_picks_the_smallest_most_frequent_value_and_its_last_index():
    result = minigrad.mode(_t([[2.0, 2.0, 1.0, 1.0], [5.0, 4.0, 4.0, 5.0], [7.0, 3.0, 7.0, 0.0]]))
    assert result.values.tolist() == [1.0, 4.0, 7.0]
    assert result.indices.tolist() == [3, 2, 2]
    assert type(result).__name__ == "mode"
    assert minigrad.mode(_t([1, 3, 3, 1, 2])).indices.item() == 3
    kept = _t([[1.0, 2.0], [1.0, 3.0]]).mode(dim=0, keepdim=True)
    assert kept.values.tolist() == [[1.0, 2.0]] and kept.indices.tolist() == [[1, 0]]


def test_mode_gradient_goes_to_the_returned_index():
    x = _t([[1.0, 2.0, 1.0], [0.5, 0.25, 0.125]], dtype=minigrad.float64, requires_grad=True)
    minigrad.mode(x, 1).values.sum().backward()
    assert x.grad.tolist() == [[0.0, 0.0, 1.0], [0.0, 0.0, 1.0]]
    assert gradcheck(lambda a: minigrad.mode(a, 0).values, (x,))


# ---------------------------------------------------------------- unique
def test_unique_matches_numpy_with_inverse_and_counts():
    x = np.array([[2, 1, 5], [1, 3, 2]])
    out, inverse, counts = minigrad.unique(_t(x), return_inverse=True, return_counts=True)
    assert out.tolist() == [1, 2, 3, 5]
    assert inverse.shape == (2, 3) and inverse.dtype == np.int64
    np.testing.assert_array_equal(out.numpy()[inverse.numpy()], x)
    assert counts.tolist() == [2, 2, 1, 1]
    assert minigrad.unique(_t(x)).tolist() == [1, 2, 3, 5]
    only_counts = _t(x).unique(return_counts=True)
    assert len(only_counts) == 2 and only_counts[1].tolist() == [2, 2, 1, 1]


def test_unique_along_a_dim_compares_whole_slices():
    x = np.array([[2, 1], [1, 3], [2, 1]])
    out, inverse = minigrad.unique(_t(x), dim=0, return_inverse=True)
    assert out.tolist() == [[1, 3], [2, 1]] and inverse.tolist() == [1, 0, 1]
    with pytest.raises(ValueError, match="unique: dim is not allowed for a 0-d tensor"):
        minigrad.unique(_t(1.0), dim=0)


def test_unique_of_an_empty_tensor_and_floats():
    assert minigrad.unique(minigrad.zeros(0)).shape == (0,)
    assert minigrad.unique(_t([0.5, -1.0, 0.5])).tolist() == [-1.0, 0.5]


# ---------------------------------------------------------------- msort
@pytest.mark.parametrize("shape", [(5, 3), (6,), (4, 2, 3)])
def test_msort_sorts_along_the_first_dimension_and_gradchecks(shape):
    values = np.random.default_rng(3).permutation(int(np.prod(shape))).reshape(shape) * 0.1
    check_op(None, minigrad.msort, lambda a: np.sort(a, axis=0), inputs=[values])
    check_op(None, lambda a: a.msort(), lambda a: np.sort(a, axis=0), inputs=[values],
             float32=False)


def test_msort_of_a_0d_tensor_is_its_value():
    assert minigrad.msort(minigrad.tensor(2.5)).item() == 2.5
