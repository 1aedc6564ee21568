"""``matmul`` and ``@``: every rank combination of ``numpy.matmul``, batched and broadcast."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minigrad
from tests.reference.core import check_op


@pytest.mark.parametrize("a_shape, b_shape", [
    ((3, 4), (4, 5)),
    ((1, 1), (1, 1)),
    ((4,), (4,)),
    ((4,), (4, 5)),
    ((3, 4), (4,)),
    ((2, 3, 4), (2, 4, 5)),
    ((2, 3, 4), (4, 5)),
    ((3, 4), (2, 4, 5)),
    ((2, 1, 3, 4), (3, 4, 2)),
    ((4,), (2, 4, 5)),
    ((2, 3, 4), (4,)),
], ids=str)
def test_matmul_matches_numpy_for_every_rank_combination_and_gradcheck(a_shape, b_shape):
    check_op([a_shape, b_shape], lambda a, b: a @ b, np.matmul)
    check_op([a_shape, b_shape], minigrad.matmul, np.matmul)
    check_op([a_shape, b_shape], lambda a, b: a.matmul(b), np.matmul)


@given(st.integers(1, 3), st.integers(1, 3), st.integers(1, 3),
       st.lists(st.integers(1, 2), max_size=2), st.data())
@settings(max_examples=25, deadline=None)
def test_batched_matmul_broadcasts_batch_dims_like_numpy(n, k, m, batch, data):
    # Each operand keeps a random suffix of the batch dims, some of them set to 1.
    a_batch = [data.draw(st.sampled_from([1, s])) for s in batch][data.draw(st.integers(0, len(batch))):]
    b_batch = [data.draw(st.sampled_from([1, s])) for s in batch][data.draw(st.integers(0, len(batch))):]
    check_op([tuple(a_batch) + (n, k), tuple(b_batch) + (k, m)], lambda a, b: a @ b, np.matmul,
             float32=False)


def test_only_the_operands_that_require_grad_get_a_gradient():
    a = minigrad.randn(2, 3, dtype=minigrad.float64, requires_grad=True)
    b = minigrad.randn(3, 4, dtype=minigrad.float64)
    (a @ b).sum().backward()
    np.testing.assert_allclose(a.grad.numpy(), np.ones((2, 4)) @ b.numpy().T)
    assert b.grad is None


def test_matmul_with_array_like_operands():
    a = minigrad.tensor([[1.0, 2.0]])
    assert (a @ [[3.0], [4.0]]).tolist() == [[11.0]]
    assert (np.array([[1.0], [1.0]], dtype=np.float32) @ a).tolist() == [[1.0, 2.0], [1.0, 2.0]]


def test_matmul_of_integer_tensors_stays_integer():
    out = minigrad.tensor([[1, 2]]) @ minigrad.tensor([[3], [4]])
    assert out.dtype == np.int64 and out.tolist() == [[11]]


@pytest.mark.parametrize("a_shape, b_shape, error, message", [
    ((2, 3), (2, 3), ValueError, r"matmul: shapes \[2, 3\] and \[2, 3\] cannot be multiplied \(3 != 2\)"),
    ((3,), (4,), ValueError, r"matmul: shapes \[3\] and \[4\] cannot be multiplied \(3 != 4\)"),
    ((2, 3), (4,), ValueError, r"matmul: shapes \[2, 3\] and \[4\] cannot be multiplied"),
    ((2, 2, 3), (3, 3, 4), ValueError,
     r"matmul: batch dimensions of shapes \[2, 2, 3\] and \[3, 3, 4\] are not broadcastable"),
    ((), (3,), ValueError, r"matmul: both arguments need at least one dimension, got shapes \[\] and \[3\]"),
])
def test_bad_matmul_shapes_raise_naming_both_shapes(a_shape, b_shape, error, message):
    with pytest.raises(error, match=message):
        minigrad.ones(*a_shape) @ minigrad.ones(*b_shape)


def test_matmul_of_different_dtypes_raises_type_error():
    with pytest.raises(TypeError, match="matmul: expected both operands to have the same dtype, "
                                        "got float32 and float64"):
        minigrad.ones(2, 3) @ minigrad.ones(3, dtype=minigrad.float64)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_2d_products_split_over_threads_match_numpy_and_do_not_depend_on_threads(dtype):
    # 96x700 @ 700x300: large enough for the product to be cut into pieces;
    # the transposed operands are read as views.
    from minigrad.ops.matmul import matmul_2d

    rng = np.random.default_rng(3)
    a = rng.standard_normal((700, 96)).astype(dtype).T
    b = rng.standard_normal((700, 300)).astype(dtype)
    previous = minigrad.get_num_threads()
    try:
        results = []
        for threads in (1, 2):
            minigrad.set_num_threads(threads)
            results.append(matmul_2d(a, b))
            x = minigrad.tensor(a, requires_grad=True)
            y = minigrad.tensor(b, requires_grad=True)
            minigrad.matmul(x, y).sum().backward()
            results += [x.grad.numpy(), y.grad.numpy()]
    finally:
        minigrad.set_num_threads(previous)
    tol = {"rtol": 1e-4, "atol": 1e-3} if dtype == np.float32 else {"rtol": 1e-11}
    ones = np.ones((96, 300))
    for got, want in zip(results[:3], [a @ b, ones @ b.T, a.T @ ones]):
        np.testing.assert_allclose(got, want.astype(np.float64), **tol)
    for one, two in zip(results[:3], results[3:]):
        np.testing.assert_array_equal(one, two)


def test_2d_product_of_integers_or_mixed_dtypes_goes_to_numpy():
    from minigrad.ops.matmul import matmul_2d

    a = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(matmul_2d(a, a.T), a @ a.T)
    b = np.ones((3, 2), np.float32)
    assert matmul_2d(a.astype(np.float64), b).dtype == np.float64
