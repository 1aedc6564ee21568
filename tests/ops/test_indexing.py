"""``__getitem__`` and ``__setitem__``: NumPy semantics forward, scatter-accumulate backward."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, basic_indices

import minigrad
from tests.reference.core import check_op

FEW = settings(max_examples=25, deadline=None)


@pytest.mark.parametrize("index", [
    1, -1, (0, 2), (1, -1, 3),
    slice(1, 3), slice(None, None, 2), slice(None, None, -1), (slice(None), slice(1, None, 2)),
    None, (None, 1), (Ellipsis, 2), (1, Ellipsis), (Ellipsis, None, slice(0, 2)),
    (0, None, slice(None), None, -2),
], ids=str)
def test_basic_indexing_matches_numpy_and_gradcheck(index):
    check_op([(3, 4, 5)], lambda a: a[index], lambda a: a[index])


@given(st.data())
@FEW
def test_random_basic_indices_match_numpy(data):
    shape = data.draw(array_shapes(min_dims=1, max_dims=3, max_side=4))
    index = data.draw(basic_indices(shape, allow_newaxis=True))
    check_op([shape], lambda a: a[index], lambda a: a[index], float32=False)


@pytest.mark.parametrize("index", [
    [0, 2],
    np.array([2, 0, 1]),
    (slice(None), [3, 0]),
    ([0, 2], [1, 3]),
    (np.array([[0, 1], [2, 2]]), slice(1, 3)),
    (Ellipsis, [4, 4, 0]),
    (1, [0, 2], slice(None)),
], ids=str)
def test_integer_array_indexing_matches_numpy_and_gradcheck(index):
    check_op([(3, 4, 5)], lambda a: a[index], lambda a: a[index])


def test_integer_tensors_work_as_indices():
    rows, cols = minigrad.tensor([0, 2, 2]), minigrad.tensor([1, 0, 1])
    check_op([(3, 2)], lambda a: a[rows, cols], lambda a: a[[0, 2, 2], [1, 0, 1]])
    check_op([(3, 2)], lambda a: a[minigrad.tensor(1)], lambda a: a[1])


def test_repeated_indices_accumulate_their_gradients():
    x = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x[[0, 0, 2, 0]].sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 0.0, 1.0])
    y = minigrad.zeros(2, 2, requires_grad=True)
    (y[minigrad.tensor([1, 1]), minigrad.tensor([0, 0])] * minigrad.tensor([2.0, 5.0])).sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [[0.0, 0.0], [7.0, 0.0]])
    check_op([(4,)], lambda a: a[[1, 1, 3, 1]] * a[[3, 3, 0, 0]], lambda a: a[[1, 1, 3, 1]] * a[[3, 3, 0, 0]])


@pytest.mark.parametrize("mask_shape", [(3, 4), (3,)])
def test_boolean_masks_select_like_numpy_and_gradcheck(mask_shape):
    rng = np.random.default_rng(3)
    mask = rng.random(mask_shape) > 0.4
    check_op([(3, 4)], lambda a: a[minigrad.tensor(mask)], lambda a: a[mask])
    check_op([(3, 4)], lambda a: a[mask], lambda a: a[mask])


def test_a_mask_built_from_the_tensor_itself_routes_the_gradient():
    x = minigrad.tensor([-1.0, 2.0, -3.0, 4.0], requires_grad=True)
    x[x > 0].sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 0.0, 1.0]


def test_python_bool_lists_are_masks_and_python_bools_add_a_dim():
    x = minigrad.arange(3)
    assert x[[True, False, True]].tolist() == [0, 2]
    assert x[True].shape == (1, 3) and x[False].shape == (0, 3)


def test_slices_of_a_tensor_are_views_that_see_in_place_changes():
    x = minigrad.zeros(4)
    v = x[1:3]
    x.add_(1)
    assert v.tolist() == [1.0, 1.0] and v._version == x._version == 1


def test_indexing_integer_and_bool_tensors_keeps_their_dtype():
    assert minigrad.tensor([[1, 2], [3, 4]])[:, 1].dtype == np.int64
    assert minigrad.tensor([True, False])[[1, 1]].tolist() == [False, False]


# ---------------------------------------------------------------- setitem
def test_setitem_without_grad_writes_in_place():
    x = minigrad.zeros(2, 3)
    x[0, 1] = 5.0
    x[1] = minigrad.tensor([1.0, 2.0, 3.0])
    x[x > 2.5] = -1.0
    np.testing.assert_array_equal(x.numpy(), [[0, -1, 0], [1, 2, -1]])
    assert x._version == 3


def test_setitem_on_a_non_leaf_is_recorded_and_the_overwritten_part_gets_no_gradient():
    x = minigrad.tensor([1.0, 2.0, 3.0], dtype=minigrad.float64, requires_grad=True)
    value = minigrad.tensor([10.0], dtype=minigrad.float64, requires_grad=True)
    y = x * 2
    y[1:2] = value * 3
    assert y.tolist() == [2.0, 30.0, 6.0] and y.grad_fn is not None
    (y * y).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [8.0, 0.0, 24.0])
    np.testing.assert_allclose(value.grad.numpy(), [180.0])


def test_setitem_with_a_broadcast_value_sums_its_gradient():
    x = minigrad.zeros(2, 3, dtype=minigrad.float64).clone()
    v = minigrad.tensor([1.0, 2.0, 3.0], dtype=minigrad.float64, requires_grad=True)
    x[:] = v
    x.sum().backward()
    assert v.grad.tolist() == [2.0, 2.0, 2.0]


def test_setitem_on_a_leaf_that_requires_grad_raises():
    x = minigrad.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="setitem_: a leaf tensor that requires grad"):
        x[0] = 1.0


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("index, message", [
    (5, r"getitem: index 5 is out of bounds for axis 0 with size 2 \(tensor of shape \[2, 3\]\)"),
    ((0, 0, 0), r"getitem: too many indices .*\(tensor of shape \[2, 3\]\)"),
    ([0, 7], r"getitem: index 7 is out of bounds .*\(tensor of shape \[2, 3\]\)"),
    (1.5, r"getitem: only integers, slices"),
    (minigrad.ones(2), r"getitem: tensors used as indices must be integer or bool, got dtype float32"),
    (np.array([True, False, True]), r"getitem: boolean index did not match"),
])
def test_bad_indices_raise_index_error_with_the_tensor_shape(index, message):
    with pytest.raises(IndexError, match=message):
        minigrad.ones(2, 3)[index]
