"""``__getitem__`` and ``__setitem__``: NumPy semantics forward, scatter-accumulate backward."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, basic_indices

import minigrad
from minigrad.autograd import gradcheck
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


# ---------------------------------------------------------------- gather, scatter: loop references
def _gather_reference(a, dim, index):
    out = np.empty(index.shape, a.dtype)
    for pos in np.ndindex(*index.shape):
        source = list(pos)
        source[dim] = index[pos]
        out[pos] = a[tuple(source)]
    return out


def _scatter_reference(a, dim, index, src, add=False):
    out = a.copy()
    for pos in np.ndindex(*index.shape):
        target = list(pos)
        target[dim] = index[pos]
        value = src if np.ndim(src) == 0 else src[pos]
        if add:
            out[tuple(target)] += value
        else:
            out[tuple(target)] = value
    return out


@pytest.mark.parametrize("dim, index_shape", [(0, (2, 4)), (1, (3, 2)), (-1, (2, 5)), (1, (3, 4))])
def test_gather_matches_a_loop_reference_and_gradcheck(dim, index_shape, rng):
    shape = (3, 4)
    index = rng.integers(0, shape[dim], size=index_shape)
    index_shape = tuple(min(n, shape[d]) if d != dim % 2 else n for d, n in enumerate(index_shape))
    index = index[tuple(slice(0, n) for n in index_shape)]
    idx = minigrad.tensor(index)
    check_op([shape], lambda a: minigrad.gather(a, dim, idx),
             lambda a: _gather_reference(a, dim % 2, index))
    check_op([shape], lambda a: a.gather(dim, idx), lambda a: _gather_reference(a, dim % 2, index),
             float32=False)


def test_gather_gradient_adds_up_over_repeated_indices():
    x = minigrad.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    minigrad.gather(x, 1, minigrad.tensor([[2, 2, 0, 2]])).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[1.0, 0.0, 3.0]])


def test_gather_of_three_dimensions_and_of_an_empty_index(rng):
    index = rng.integers(0, 4, size=(2, 3, 2))
    idx = minigrad.tensor(index)
    check_op([(2, 4, 3)], lambda a: minigrad.gather(a, 1, idx), lambda a: _gather_reference(a, 1, index))
    empty = minigrad.gather(minigrad.ones(2, 3), 1, minigrad.zeros(2, 0, dtype=minigrad.int64))
    assert empty.shape == (2, 0)


def test_gather_errors():
    x = minigrad.ones(2, 3)
    with pytest.raises(IndexError, match="gather: index 3 is out of bounds for dimension 1 with size 3"):
        minigrad.gather(x, 1, minigrad.tensor([[0, 3]]))
    with pytest.raises(IndexError, match="gather: index -1 is out of bounds for dimension 0"):
        minigrad.gather(x, 0, minigrad.tensor([[-1, 0]]))
    with pytest.raises(TypeError, match="gather: expected index of dtype int64, got float32"):
        minigrad.gather(x, 1, minigrad.tensor([[0.0]]))
    with pytest.raises(ValueError, match="gather: index should have the same number of dimensions as input"):
        minigrad.gather(x, 1, minigrad.tensor([0, 1]))
    with pytest.raises(ValueError, match=r"gather: size of index \[3, 1\] must not exceed the input's"):
        minigrad.gather(x, 1, minigrad.tensor([[0], [1], [0]]))
    with pytest.raises(IndexError, match="gather: dimension out of range"):
        minigrad.gather(x, 2, minigrad.tensor([[0]]))


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_scatter_with_distinct_indices_matches_a_loop_reference_and_gradcheck(dim, rng):
    shape = (3, 4)
    axis = dim % 2
    # Distinct targets along dim (a permutation per line): no write hides another.
    perms = np.stack([rng.permutation(shape[axis]) for _ in range(shape[1 - axis])], axis=1 - axis)
    index = perms[:2] if axis == 0 else perms[:, :2]
    idx = minigrad.tensor(index)
    check_op([shape, index.shape], lambda a, s: minigrad.scatter(a, dim, idx, s),
             lambda a, s: _scatter_reference(a, axis, index, s))
    check_op([shape], lambda a: a.scatter(dim, idx, 2.5),
             lambda a: _scatter_reference(a, axis, index, 2.5))


def test_scatter_src_larger_than_index_uses_its_leading_block():
    src = minigrad.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    out = minigrad.scatter(minigrad.zeros(2, 3), 1, minigrad.tensor([[2], [0]]), src)
    np.testing.assert_array_equal(out.detach().numpy(), [[0.0, 0.0, 1.0], [4.0, 0.0, 0.0]])
    (out * minigrad.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])).sum().backward()
    np.testing.assert_array_equal(src.grad.numpy(), [[3.0, 0.0, 0.0], [4.0, 0.0, 0.0]])


def test_scatter_overwritten_positions_pass_no_gradient_to_input():
    x = minigrad.ones(2, 3, requires_grad=True)
    minigrad.scatter(x, 1, minigrad.tensor([[1], [2]]), value=0.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])


@pytest.mark.parametrize("dim", [0, 1])
def test_scatter_add_sums_repeated_indices_and_gradcheck(dim, rng):
    index = rng.integers(0, 3, size=(4, 3)) if dim == 0 else rng.integers(0, 3, size=(3, 5))
    idx = minigrad.tensor(index)
    shape = (3, 3)
    index = index[:, :3] if dim == 0 else index[:3]
    idx = minigrad.tensor(index)
    check_op([shape, index.shape], lambda a, s: minigrad.scatter_add(a, dim, idx, s),
             lambda a, s: _scatter_reference(a, dim, index, s, add=True))
    check_op([shape, index.shape], lambda a, s: minigrad.scatter(a, dim, idx, s, reduce="add"),
             lambda a, s: _scatter_reference(a, dim, index, s, add=True), float32=False)


def test_scatter_add_counts_class_labels():
    labels = minigrad.tensor([2, 0, 2, 2, 1])
    counts = minigrad.zeros(3, dtype=minigrad.int64).scatter_add(0, labels, minigrad.ones(5, dtype=minigrad.int64))
    assert counts.tolist() == [1, 1, 3]


def test_scatter_multiply_multiplies_and_has_no_gradient():
    x = minigrad.tensor([[2.0, 3.0]])
    out = minigrad.scatter(x, 1, minigrad.tensor([[1, 1]]), minigrad.tensor([[4.0, 5.0]]), reduce="multiply")
    assert out.tolist() == [[2.0, 60.0]]
    with pytest.raises(RuntimeError, match="scatter: the gradient of reduce='multiply' is not implemented"):
        minigrad.scatter(x.requires_grad_(), 1, minigrad.tensor([[0]]), 2.0, reduce="multiply")


def test_scatter_errors():
    x = minigrad.zeros(2, 3)
    idx = minigrad.tensor([[0, 1]])
    with pytest.raises(TypeError, match="scatter: expected exactly one of src and value"):
        minigrad.scatter(x, 1, idx)
    with pytest.raises(ValueError, match="scatter: reduce argument must be either 'add' or 'multiply', got 'max'"):
        minigrad.scatter(x, 1, idx, 1.0, reduce="max")
    with pytest.raises(TypeError, match="scatter: expected src to have the input's dtype float32, got float64"):
        minigrad.scatter(x, 1, idx, minigrad.zeros(1, 2, dtype=minigrad.float64))
    with pytest.raises(ValueError, match=r"scatter_add: size of index \[1, 2\] must not exceed src's \[1, 1\]"):
        minigrad.scatter_add(x, 1, idx, minigrad.zeros(1, 1))
    with pytest.raises(IndexError, match="scatter_add: index 5 is out of bounds for dimension 0 with size 2"):
        minigrad.scatter_add(x, 0, minigrad.tensor([[5]]), minigrad.zeros(1, 1))
    with pytest.raises(TypeError, match="scatter_add: src must be a Tensor, got float"):
        minigrad.scatter_add(x, 0, idx, 1.0)


def test_scatter_and_gather_on_zero_dimensional_tensors():
    x = minigrad.tensor(3.0)
    assert minigrad.gather(x, 0, minigrad.tensor(0)).item() == 3.0
    assert minigrad.scatter(x, 0, minigrad.tensor(0), value=7.0).item() == 7.0
    assert minigrad.scatter_add(x, 0, minigrad.tensor(0), minigrad.tensor(2.0)).item() == 5.0


def test_in_place_scatter_forms_write_into_the_tensor():
    x = minigrad.zeros(2, 3)
    out = x.scatter_(1, minigrad.tensor([[2], [0]]), minigrad.tensor([[5.0], [7.0]]))
    assert out is x and x.tolist() == [[0.0, 0.0, 5.0], [7.0, 0.0, 0.0]]
    x.scatter_add_(0, minigrad.tensor([[1, 1, 1]]), minigrad.ones(1, 3))
    assert x.tolist() == [[0.0, 0.0, 5.0], [8.0, 1.0, 1.0]]
    x.scatter_(1, minigrad.tensor([[0]]), value=-1.0)
    assert x.tolist()[0] == [-1.0, 0.0, 5.0]


def test_recorded_in_place_scatter_gradcheck():
    def fn(a, s):
        y = a * 2.0
        return y.scatter_(1, minigrad.tensor([[2, 0]]), s)

    a = minigrad.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    s = minigrad.tensor([[10.0, 20.0]], dtype=minigrad.float64, requires_grad=True)
    gradcheck(fn, [a.double().detach().requires_grad_(), s])


# ---------------------------------------------------------------- index_select, index_add, index_fill
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_index_select_matches_numpy_take_and_gradcheck(dim):
    index = np.array([2, 0, 2, 1])
    idx = minigrad.tensor(index)
    check_op([(3, 3, 3)], lambda a: minigrad.index_select(a, dim, idx), lambda a: np.take(a, index, axis=dim))
    check_op([(3, 3, 3)], lambda a: a.index_select(dim, minigrad.tensor(index.astype(np.int32))),
             lambda a: np.take(a, index, axis=dim), float32=False)


def test_index_select_errors():
    x = minigrad.ones(2, 3)
    with pytest.raises(IndexError, match="index_select: index 3 is out of bounds for dimension 1 with size 3"):
        minigrad.index_select(x, 1, minigrad.tensor([3]))
    with pytest.raises(ValueError, match="index_select: index should have at most 1 dimension, got 2"):
        minigrad.index_select(x, 1, minigrad.tensor([[0]]))
    with pytest.raises(TypeError, match="index_select: expected index of dtype int64 or int32, got bool"):
        minigrad.index_select(x, 1, minigrad.tensor([True]))


@pytest.mark.parametrize("dim", [0, 1])
def test_index_add_matches_a_loop_reference_and_gradcheck(dim):
    index = np.array([1, 0, 1])
    idx = minigrad.tensor(index)
    source_shape = (3, 2) if dim == 0 else (2, 3)

    def reference(a, s, alpha=1.0):
        out = a.copy()
        for i, target in enumerate(index):
            if dim == 0:
                out[target] += alpha * s[i]
            else:
                out[:, target] += alpha * s[:, i]
        return out

    check_op([(2, 2), source_shape], lambda a, s: minigrad.index_add(a, dim, idx, s), reference)
    check_op([(2, 2), source_shape], lambda a, s: a.index_add(dim, idx, s, alpha=-2.0),
             lambda a, s: reference(a, s, -2.0), float32=False)


def test_index_add_in_place_and_its_errors():
    x = minigrad.zeros(3, 2)
    x.index_add_(0, minigrad.tensor([0, 0]), minigrad.tensor([[1.0, 2.0], [3.0, 4.0]]))
    assert x.tolist() == [[4.0, 6.0], [0.0, 0.0], [0.0, 0.0]]
    with pytest.raises(ValueError, match=r"index_add: source should have shape \[2, 2\]"):
        minigrad.index_add(x, 0, minigrad.tensor([0, 1]), minigrad.ones(2, 3))
    with pytest.raises(TypeError, match="index_add: expected source to have the input's dtype float32"):
        minigrad.index_add(x, 0, minigrad.tensor([0]), minigrad.ones(1, 2, dtype=minigrad.int64))


def test_index_fill_fills_whole_slices_and_gradcheck():
    idx = minigrad.tensor([0, 2])

    def reference(a):
        out = a.copy()
        out[:, [0, 2]] = -1.0
        return out

    check_op([(2, 3)], lambda a: minigrad.index_fill(a, 1, idx, -1.0), reference)
    x = minigrad.ones(2, 3)
    assert x.index_fill_(0, minigrad.tensor([1]), 0.0) is x
    assert x.tolist() == [[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]


# ---------------------------------------------------------------- where, masked_fill, masked_select
def test_where_with_one_argument_is_nonzero_as_a_tuple():
    cond = minigrad.tensor([[True, False], [False, True]])
    rows, cols = minigrad.where(cond)
    assert rows.tolist() == [0, 1] and cols.tolist() == [0, 1]
    with pytest.raises(TypeError, match="where: expected both input and other, or neither"):
        minigrad.where(cond, minigrad.ones(2))


def test_where_with_scalars_keeps_the_tensor_dtype_and_the_method_form():
    x = minigrad.tensor([-1.0, 2.0])
    out = minigrad.where(x > 0, x, 0)
    assert out.dtype == np.float32 and out.tolist() == [0.0, 2.0]
    assert minigrad.where(x > 0, 1.0, 0.0).dtype == np.float32
    check_op([(3,), (3,)], lambda a, b: a.where(a > 0, b), lambda a, b: np.where(a > 0, a, b))


@pytest.mark.parametrize("mask_shape", [(3, 4), (4,), (3, 1)])
def test_masked_fill_matches_numpy_and_gradcheck(mask_shape, rng):
    mask = rng.random(mask_shape) > 0.5
    m = minigrad.tensor(mask)
    check_op([(3, 4)], lambda a: minigrad.masked_fill(a, m, -2.5), lambda a: np.where(mask, -2.5, a))
    check_op([(3, 4)], lambda a: a.masked_fill(m, float("-inf")).exp(),
             lambda a: np.exp(np.where(mask, -np.inf, a)), float32=False)


def test_masked_fill_with_a_tensor_value_sends_it_the_sum_of_the_filled_gradient():
    mask = minigrad.tensor([True, False, True])
    check_op([(3,), ()], lambda a, v: minigrad.masked_fill(a, mask, v) * minigrad.tensor([1.0, 2.0, 3.0]),
             lambda a, v: np.where([True, False, True], v, a) * [1.0, 2.0, 3.0])


def test_masked_fill_casts_the_value_to_the_input_dtype_and_checks_its_arguments():
    assert minigrad.masked_fill(minigrad.tensor([1, 2]), minigrad.tensor([True, False]), 7.9).tolist() == [7, 2]
    x = minigrad.ones(2)
    with pytest.raises(TypeError, match="masked_fill: expected a bool mask, got dtype int64"):
        minigrad.masked_fill(x, minigrad.tensor([1, 0]), 0.0)
    with pytest.raises(ValueError, match="masked_fill: only supports a 0-dimensional value tensor"):
        minigrad.masked_fill(x, x > 0, minigrad.ones(2))
    with pytest.raises(TypeError, match="masked_fill: value must be a number or a 0-d Tensor, got str"):
        minigrad.masked_fill(x, x > 0, "0")


def test_masked_fill_in_place_needs_a_mask_that_broadcasts_to_the_tensor():
    x = minigrad.ones(2, 3)
    assert x.masked_fill_(minigrad.tensor([True, False, True]), 0.0) is x
    assert x.tolist() == [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
    with pytest.raises(ValueError, match=r"masked_fill_: the result's shape \[2, 2, 3\] does not match"):
        x.masked_fill_(minigrad.ones(2, 1, 1) > 0, 2.0)


def test_recorded_in_place_masked_fill_gradcheck():
    mask = minigrad.tensor([[True, False], [False, False]])

    def fn(a):
        y = a * a
        return y.masked_fill_(mask, 0.0) * a

    gradcheck(fn, [minigrad.tensor([[0.1, 0.2], [0.3, 0.4]], dtype=minigrad.float64, requires_grad=True)])


@pytest.mark.parametrize("mask_shape", [(3, 4), (4,), (2, 3, 1)])
def test_masked_select_broadcasts_and_gradcheck(mask_shape, rng):
    mask = rng.random(mask_shape) > 0.4
    m = minigrad.tensor(mask)
    shape = np.broadcast_shapes((3, 4), mask_shape)
    check_op([(3, 4)], lambda a: minigrad.masked_select(a, m),
             lambda a: np.broadcast_to(a, shape)[np.broadcast_to(mask, shape)])
    with pytest.raises(ValueError, match=r"masked_select: shapes \[3, 4\] and \[2\] of input and mask"):
        minigrad.masked_select(minigrad.ones(3, 4), minigrad.tensor([True, False]))


# ---------------------------------------------------------------- take_along_dim
def test_take_along_dim_picks_with_argmax_and_argsort_like_indices(rng):
    a = rng.standard_normal((3, 5))
    order = np.argsort(a, axis=1)
    idx = minigrad.tensor(order)
    check_op(None, lambda x: minigrad.take_along_dim(x, idx, dim=1),
             lambda x: np.take_along_axis(x, order, 1), inputs=[a])
    best = minigrad.tensor(a).argmax(dim=1, keepdim=True)
    np.testing.assert_array_equal(minigrad.tensor(a).take_along_dim(best, 1).numpy(),
                                  a.max(axis=1, keepdims=True))


def test_take_along_dim_broadcasts_outside_dim_and_flattens_without_dim():
    index = np.array([[[1], [0], [3]]])  # (1, 3, 1) against an input of (2, 3, 4)
    idx = minigrad.tensor(index)
    check_op([(2, 3, 4)], lambda x: minigrad.take_along_dim(x, idx, dim=2),
             lambda x: np.take_along_axis(x, np.broadcast_to(index, (2, 3, 1)), 2))
    flat = minigrad.tensor([7, 0, 11])
    check_op([(3, 4)], lambda x: minigrad.take_along_dim(x, flat), lambda x: x.reshape(-1)[[7, 0, 11]])
    with pytest.raises(ValueError, match="take_along_dim: input and indices should have the same number"):
        minigrad.take_along_dim(minigrad.ones(2, 3), minigrad.tensor([0]), dim=1)
    with pytest.raises(IndexError, match="take_along_dim: index 12 is out of bounds"):
        minigrad.take_along_dim(minigrad.ones(3, 4), minigrad.tensor([12]))


def test_in_place_forms_refuse_a_leaf_that_requires_grad_and_a_read_only_view():
    leaf = minigrad.zeros(2, 3, requires_grad=True)
    with pytest.raises(RuntimeError, match="masked_fill_: a leaf tensor that requires grad"):
        leaf.masked_fill_(minigrad.ones(2, 3) > 0, 1.0)
    with minigrad.no_grad():
        leaf.index_fill_(1, minigrad.tensor([0]), 5.0)
    assert leaf.tolist() == [[5.0, 0.0, 0.0], [5.0, 0.0, 0.0]] and leaf.grad_fn is None
    expanded = minigrad.zeros(3).expand(2, 3)
    with pytest.raises(RuntimeError, match="scatter_: the tensor is read-only"):
        expanded.scatter_(1, minigrad.tensor([[0]]), 1.0)


def test_in_place_forms_bump_the_version_so_saved_values_are_checked():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1.0
    z = y * y
    y.masked_fill_(minigrad.tensor([True, False]), 0.0)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        z.sum().backward()


# ---------------------------------------------------------------- take
def test_take_reads_the_flattened_input_in_the_shape_of_index_and_gradchecks():
    index = np.array([[0, 11, -1], [5, 5, -12]])
    x = minigrad.tensor(np.arange(12.0).reshape(3, 4))
    np.testing.assert_array_equal(minigrad.take(x, minigrad.tensor(index)).numpy(),
                                  np.take(np.arange(12.0), index))
    check_op([(3, 4)], lambda a: a.take(minigrad.tensor(index)),
             lambda a: np.take(a, index))


def test_take_adds_the_gradient_of_repeated_positions():
    x = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    x.take(minigrad.tensor([2, 2, -1, 0])).sum().backward()
    assert x.grad.tolist() == [1.0, 0.0, 3.0]


@pytest.mark.parametrize("index, error, message", [
    (np.array([0, 6]), IndexError,
     r"take: index 6 is out of range for a tensor of 6 elements \(shape \[2, 3\]\)"),
    (np.array([-7]), IndexError, "take: index -7 is out of range"),
    (np.array([0.0]), TypeError, "take: expected index of dtype int64, got float64"),
])
def test_take_rejects_bad_indices(index, error, message):
    with pytest.raises(error, match=message):
        minigrad.take(minigrad.zeros(2, 3), minigrad.tensor(index))


# ---------------------------------------------------------------- fill_diagonal_
@pytest.mark.parametrize("shape, wrap", [((3, 3), False), ((7, 3), False), ((7, 3), True),
                                         ((3, 5), True), ((2, 2, 2), False)])
def test_fill_diagonal_matches_numpy_and_passes_the_gradient_off_the_diagonal(shape, wrap):
    values = np.random.default_rng(0).uniform(-1, 1, shape)
    expected = values.copy()
    np.fill_diagonal(expected, 9.0, wrap=wrap)
    x = minigrad.tensor(values, dtype=minigrad.float64, requires_grad=True)
    y = x * 1.0
    assert y.fill_diagonal_(9.0, wrap=wrap) is y
    np.testing.assert_array_equal(y.detach().numpy(), expected)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), (expected != 9.0).astype(np.float64))


def test_fill_diagonal_rejects_vectors_unequal_cubes_and_non_numbers():
    with pytest.raises(ValueError, match="fill_diagonal_: expected a tensor with at least 2 "
                                         "dimensions, got 1"):
        minigrad.zeros(3).fill_diagonal_(1.0)
    with pytest.raises(ValueError, match=r"fill_diagonal_: all dimensions of a tensor with more "
                                         r"than 2 must have one size, got shape \[2, 3, 2\]"):
        minigrad.zeros(2, 3, 2).fill_diagonal_(1.0)
    with pytest.raises(TypeError, match="fill_diagonal_: fill_value must be a number, got 'a'"):
        minigrad.zeros(2, 2).fill_diagonal_("a")
