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


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("trans_a, trans_b", [(False, True), (False, False), (True, True)])
@pytest.mark.parametrize("m, k, n", [(64, 300, 500), (17, 257, 130), (64, 256, 128)])
def test_short_wide_products_match_numpy_on_any_thread_count(dtype, trans_a, trans_b, m, k, n):
    # x @ W^T (trans_b only) with at most 64 rows, twice as many columns and a
    # depth of 256 or more: the kernel computes the product column-major and
    # copies it into the output; the other flags take the row-major path.
    from minigrad._ext import matmul as kernels

    rng = np.random.default_rng(4)
    a = rng.standard_normal((k, m) if trans_a else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if trans_b else (k, n)).astype(dtype)
    want = (a.T if trans_a else a).astype(np.float64) @ (b.T if trans_b else b).astype(np.float64)
    results = []
    for threads in (1, 2):
        out = np.full((m, n), np.nan, dtype)
        kernels.matmul(a, trans_a, b, trans_b, out, threads)
        results.append(out)
    tol = {"rtol": 1e-4, "atol": 1e-3} if dtype == np.float32 else {"rtol": 1e-11, "atol": 1e-11}
    np.testing.assert_allclose(results[0], want, **tol)
    np.testing.assert_array_equal(results[0], results[1])


def test_2d_product_of_integers_or_mixed_dtypes_goes_to_numpy():
    from minigrad.ops.matmul import matmul_2d

    a = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(matmul_2d(a, a.T), a @ a.T)
    b = np.ones((3, 2), np.float32)
    assert matmul_2d(a.astype(np.float64), b).dtype == np.float64


# ---------------------------------------------------------------- mm, bmm, mv, dot, outer, addmm
@pytest.mark.parametrize("name, a_shape, b_shape", [
    ("mm", (3, 4), (4, 5)),
    ("bmm", (2, 3, 4), (2, 4, 5)),
    ("mv", (3, 4), (4,)),
    ("dot", (4,), (4,)),
])
def test_fixed_rank_products_match_numpy_and_gradcheck(name, a_shape, b_shape):
    check_op([a_shape, b_shape], getattr(minigrad, name), np.matmul)
    check_op([a_shape, b_shape], lambda a, b: getattr(a, name)(b), np.matmul)


@pytest.mark.parametrize("name, a_shape, b_shape, message", [
    ("mm", (3,), (3, 4), r"mm: expected argument 1 to be a 2-d tensor, got shape \[3\]"),
    ("mm", (2, 3), (2, 3, 4), r"mm: expected argument 2 to be a 2-d tensor, got shape \[2, 3, 4\]"),
    ("mm", (2, 3), (4, 5), r"mm: shapes \[2, 3\] and \[4, 5\] cannot be multiplied \(3 != 4\)"),
    ("bmm", (2, 3, 4), (3, 4, 5), r"bmm: expected the same batch size, got shapes \[2, 3, 4\] and "
                                  r"\[3, 4, 5\] \(2 != 3\)"),
    ("bmm", (2, 3, 4), (2, 5, 5), r"bmm: shapes \[2, 3, 4\] and \[2, 5, 5\] cannot be multiplied"),
    ("mv", (3, 4), (3,), r"mv: shapes \[3, 4\] and \[3\] cannot be multiplied \(4 != 3\)"),
    ("dot", (3,), (4,), "dot: expected vectors of the same size, got 3 and 4"),
    ("dot", (3, 1), (3,), r"dot: expected argument 1 to be a 1-d tensor, got shape \[3, 1\]"),
], ids=str)
def test_fixed_rank_products_name_the_op_and_the_shapes(name, a_shape, b_shape, message):
    with pytest.raises(ValueError, match=message):
        getattr(minigrad, name)(minigrad.zeros(*a_shape), minigrad.zeros(*b_shape))


def test_products_reject_mixed_dtypes_and_non_tensors():
    with pytest.raises(TypeError, match="mm: expected both operands to have the same dtype, got "
                                        "float32 and float64"):
        minigrad.mm(minigrad.zeros(2, 2), minigrad.zeros(2, 2, dtype=minigrad.float64))
    with pytest.raises(TypeError, match="dot: expected Tensors, got list"):
        minigrad.dot(minigrad.zeros(2), [1.0, 2.0])


def test_outer_matches_numpy_and_gradcheck():
    check_op([(3,), (4,)], minigrad.outer, np.outer)
    check_op([(3,), (4,)], lambda a, b: a.outer(b), np.outer)
    with pytest.raises(ValueError, match=r"outer: expected argument 2 to be a 1-d tensor"):
        minigrad.outer(minigrad.zeros(2), minigrad.zeros(2, 2))


@pytest.mark.parametrize("beta, alpha", [(1, 1), (0.5, 2.0), (0, 3.0)])
@pytest.mark.parametrize("input_shape", [(3, 5), (5,), (1, 1)])
def test_addmm_matches_numpy_and_gradcheck(input_shape, beta, alpha):
    check_op([input_shape, (3, 4), (4, 5)],
             lambda c, a, b: minigrad.addmm(c, a, b, beta=beta, alpha=alpha),
             lambda c, a, b: beta * c + alpha * (a @ b))
    check_op([input_shape, (3, 4), (4, 5)],
             lambda c, a, b: c.addmm(a, b, beta=beta, alpha=alpha),
             lambda c, a, b: beta * c + alpha * (a @ b))


def test_addmm_with_beta_zero_ignores_nan_in_the_input():
    out = minigrad.addmm(minigrad.full((2, 2), float("nan")), minigrad.ones(2, 3),
                         minigrad.ones(3, 2), beta=0)
    assert out.tolist() == [[3.0, 3.0], [3.0, 3.0]]


def test_addmm_rejects_an_input_that_does_not_broadcast_to_the_product():
    with pytest.raises(ValueError, match=r"addmm: input of shape \[4\] does not broadcast to the "
                                         r"product's shape \[3, 5\]"):
        minigrad.addmm(minigrad.zeros(4), minigrad.zeros(3, 4), minigrad.zeros(4, 5))
    with pytest.raises(ValueError, match=r"addmm: input of shape \[2, 3, 5\]"):
        minigrad.addmm(minigrad.zeros(2, 3, 5), minigrad.zeros(3, 4), minigrad.zeros(4, 5))


def test_baddbmm_matches_numpy_and_gradcheck():
    check_op([(2, 3, 5), (2, 3, 4), (2, 4, 5)],
             lambda c, a, b: minigrad.baddbmm(c, a, b, beta=0.5, alpha=-1.0),
             lambda c, a, b: 0.5 * c - np.matmul(a, b))
    check_op([(5,), (2, 3, 4), (2, 4, 5)], lambda c, a, b: c.baddbmm(a, b),
             lambda c, a, b: c + np.matmul(a, b))


# ---------------------------------------------------------------- einsum
@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("ij,jk", [(3, 4), (4, 5)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),
    ("i,i->", [(4,), (4,)]),
    ("i,j->ij", [(3,), (4,)]),
    ("ij->ji", [(3, 4)]),
    ("ij->", [(3, 4)]),
    ("ij->j", [(3, 4)]),
    ("ii->i", [(4, 4)]),
    ("ii", [(4, 4)]),
    ("iji->j", [(3, 2, 3)]),
    ("ba", [(3, 4)]),
    ("Ab,ab", [(2, 3), (2, 3)]),
    ("...ij,jk->...ik", [(2, 3, 4), (4, 5)]),
    ("...ij,...jk", [(1, 3, 4), (2, 4, 5)]),
    ("bi,bj,bk->ijk", [(2, 3), (2, 4), (2, 2)]),
    ("ij,ij->i", [(3, 1), (3, 4)]),
    (" i j , j k -> i k ", [(3, 4), (4, 5)]),
], ids=str)
def test_einsum_matches_numpy_and_gradcheck(equation, shapes):
    check_op(shapes, lambda *ops: minigrad.einsum(equation, *ops),
             lambda *arrays: np.einsum(equation.replace(" ", ""), *arrays))


def test_einsum_takes_operands_as_a_list():
    a, b = minigrad.ones(2, 3), minigrad.ones(3, 4)
    np.testing.assert_array_equal(minigrad.einsum("ij,jk->ik", [a, b]).numpy(), np.full((2, 4), 3.0))
    np.testing.assert_array_equal(minigrad.einsum("ij,jk->ik", (a, b)).numpy(), np.full((2, 4), 3.0))


def test_einsum_gradient_of_a_label_summed_in_one_operand_broadcasts():
    a = minigrad.tensor(np.ones((2, 3)), requires_grad=True)
    b = minigrad.tensor(np.arange(2.0), requires_grad=True)
    minigrad.einsum("ij,i->", a, b).backward()
    assert a.grad.tolist() == [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    assert b.grad.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("equation, shapes, message", [
    ("ij,jk->ik", [(2, 3)], r"einsum: the equation 'ij,jk->ik' has 2 operand\(s\), got 1"),
    ("ij,jk->ik", [(2, 3), (2, 3)], "einsum: subscript 'j' has size 2 for operand 1, which does "
                                    "not broadcast with the size 3"),
    ("ijk->i", [(2, 3)], r"einsum: subscripts 'ijk' of operand 0 do not match its shape \[2, 3\]"),
    ("ij->ii", [(2, 3)], "einsum: output subscript 'i' of 'ij->ii' must appear once"),
    ("ij->k", [(2, 3)], "einsum: output subscript 'k'"),
    ("i1->i", [(2, 3)], r"einsum: invalid subscripts 'i1'"),
], ids=str)
def test_einsum_errors_name_the_problem(equation, shapes, message):
    with pytest.raises(ValueError, match=message):
        minigrad.einsum(equation, *[minigrad.zeros(*s) for s in shapes])


def test_einsum_rejects_mixed_dtypes_and_a_non_string_equation():
    with pytest.raises(TypeError, match="einsum: expected operands of one dtype, got float32, float64"):
        minigrad.einsum("i,i", minigrad.zeros(2), minigrad.zeros(2, dtype=minigrad.float64))
    with pytest.raises(TypeError, match="einsum: expected the equation as a str, got int"):
        minigrad.einsum(1, minigrad.zeros(2))


# ---------------------------------------------------------------- tensordot, kron
@pytest.mark.parametrize("a_shape, b_shape, dims", [
    ((3, 4, 5), (4, 5, 2), 2),
    ((3, 4), (4, 5), 1),
    ((3, 4), (5, 2), 0),
    ((3, 4, 5), (4, 3), ([1, 0], [0, 1])),
    ((3, 4, 5), (5, 2), ([2], [0])),
    ((3, 4), (2, 4), (1, 1)),
], ids=str)
def test_tensordot_matches_numpy_and_gradcheck(a_shape, b_shape, dims):
    check_op([a_shape, b_shape], lambda a, b: minigrad.tensordot(a, b, dims),
             lambda a, b: np.tensordot(a, b, axes=dims))


def test_tensordot_errors():
    with pytest.raises(ValueError, match=r"tensordot: contracted dimension 1 of a \(size 4\) does not "
                                         r"match dimension 0 of b \(size 5\)"):
        minigrad.tensordot(minigrad.zeros(3, 4), minigrad.zeros(5, 2), 1)
    with pytest.raises(ValueError, match=r"tensordot: dims \(3\) must be between 0 and"):
        minigrad.tensordot(minigrad.zeros(3, 4), minigrad.zeros(4, 2), 3)
    with pytest.raises(ValueError, match="tensordot: both lists of dims must have the same length"):
        minigrad.tensordot(minigrad.zeros(3, 4), minigrad.zeros(4, 2), ([0, 1], [0]))
    with pytest.raises(TypeError, match="tensordot: dims must be an int or a pair of lists"):
        minigrad.tensordot(minigrad.zeros(3, 4), minigrad.zeros(4, 2), "x")


@pytest.mark.parametrize("a_shape, b_shape", [
    ((2, 3), (4, 5)), ((3,), (4,)), ((2, 2), (3,)), ((2,), (2, 3, 1)), ((1, 1), (1, 1)),
], ids=str)
def test_kron_matches_numpy_and_gradcheck(a_shape, b_shape):
    check_op([a_shape, b_shape], minigrad.kron, np.kron)
    check_op([a_shape, b_shape], lambda a, b: a.kron(b), np.kron)


@given(st.permutations("ijk"), st.permutations("jkl"), st.data())
@settings(max_examples=25, deadline=None)
def test_einsum_of_any_label_order_matches_numpy_and_gradcheck(first, second, data):
    sizes = {"i": 2, "j": 3, "k": 2, "l": 4}
    kept = "".join(sorted(set(first) | set(second)))
    output = "".join(data.draw(st.permutations(kept))[:data.draw(st.integers(0, len(kept)))])
    equation = "".join(first) + "," + "".join(second) + "->" + output
    check_op([[sizes[c] for c in first], [sizes[c] for c in second]],
             lambda a, b: minigrad.einsum(equation, a, b),
             lambda a, b: np.einsum(equation, a, b), float32=False)


def test_products_of_non_contiguous_and_empty_operands():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(4, 3)), rng.normal(size=(5, 4))
    at, bt = minigrad.tensor(a).T, minigrad.tensor(b).T  # transposed views
    np.testing.assert_allclose(minigrad.mm(at, bt).numpy(), a.T @ b.T)
    np.testing.assert_allclose(minigrad.einsum("ij,jk->ik", at, bt).numpy(), a.T @ b.T)
    np.testing.assert_allclose(minigrad.tensordot(at, bt, 1).numpy(), a.T @ b.T)
    assert minigrad.mm(minigrad.zeros(0, 3), minigrad.zeros(3, 2)).shape == (0, 2)
    assert minigrad.mm(minigrad.ones(2, 0), minigrad.ones(0, 3)).tolist() == [[0.0] * 3] * 2
    assert minigrad.einsum("ij,jk->ik", minigrad.ones(2, 0), minigrad.ones(0, 3)).shape == (2, 3)
    assert minigrad.kron(minigrad.zeros(0, 2), minigrad.ones(2, 2)).shape == (0, 4)


# ---------------------------------------------------------------- inner
@pytest.mark.parametrize("shapes", [[(4,), (4,)], [(2, 4), (3, 4)], [(2, 3, 4), (4,)],
                                    [(), (2, 3)], [(2, 3), ()]])
def test_inner_matches_numpy_and_gradchecks(shapes):
    check_op(shapes, minigrad.inner, np.inner)
    check_op(shapes, lambda a, b: a.inner(b), np.inner, float32=False)


def test_inner_rejects_last_dimensions_of_different_sizes():
    with pytest.raises(ValueError, match=r"inner: the last dimensions of input \[2, 3\] and "
                                         r"other \[4\] differ \(3 vs 4\)"):
        minigrad.inner(minigrad.ones(2, 3), minigrad.ones(4))
    with pytest.raises(TypeError, match="inner: expected other to be a Tensor, got list"):
        minigrad.inner(minigrad.ones(2), [1.0, 2.0])
