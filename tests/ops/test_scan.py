"""cumsum, cumprod, cummax, cummin, logcumsumexp, diff: NumPy references, gradients, edge cases."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

import minigrad
from minigrad.autograd import gradcheck
from tests.reference.core import check_op, numerical_grad


def _t(a, **kwargs):
    return minigrad.tensor(np.asarray(a), **kwargs)


def _f64(a):
    return minigrad.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


# ---------------------------------------------------------------- cumsum
@pytest.mark.parametrize("dim", [0, 1, 2, -1, -2])
def test_cumsum_matches_numpy_and_gradcheck(dim):
    check_op([(2, 3, 4)], lambda a: minigrad.cumsum(a, dim), lambda a: np.cumsum(a, axis=dim))
    check_op([(2, 3, 4)], lambda a: a.cumsum(dim), lambda a: np.cumsum(a, axis=dim))


def test_cumsum_gradient_is_a_reversed_cumulative_sum():
    x = _f64([1.0, 2.0, 3.0])
    (minigrad.cumsum(x, 0) * _t([1.0, 10.0, 100.0], dtype=minigrad.float64)).sum().backward()
    assert x.grad.tolist() == [111.0, 110.0, 100.0]


def test_cumsum_of_bools_and_integers_is_int64_and_dtype_converts():
    assert minigrad.cumsum(_t([True, True, False]), 0).tolist() == [1, 2, 2]
    assert minigrad.cumsum(_t([True, True]), 0).dtype == np.int64
    assert minigrad.cumsum(_t(np.array([1, 2], np.int32)), 0).dtype == np.int64
    out = minigrad.cumsum(_t([1, 2, 3]), 0, dtype=minigrad.float64)
    assert out.dtype == np.float64 and out.tolist() == [1.0, 3.0, 6.0]


def test_cumsum_of_empty_zero_dim_and_non_contiguous_tensors():
    assert minigrad.cumsum(minigrad.zeros(0, 3), 0).shape == (0, 3)
    assert minigrad.cumsum(_t(2.5), 0).item() == 2.5
    base = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(minigrad.cumsum(_t(base).T, 1).numpy(), np.cumsum(base.T, 1))


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "logcumsumexp", "cummax", "cummin"])
def test_scans_require_a_valid_dim(name):
    fn = getattr(minigrad, name)
    with pytest.raises(IndexError, match=rf"{name}: dimension out of range"):
        fn(minigrad.zeros(2, 3), 2)
    with pytest.raises(TypeError, match=rf"{name}: dim is required \(an int\), got None"):
        fn(minigrad.zeros(2, 3), None)
    with pytest.raises(TypeError, match=rf"{name}: expected a Tensor, got list"):
        fn([1.0], 0)


# ---------------------------------------------------------------- cumprod
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cumprod_matches_numpy_and_gradcheck(dim):
    check_op([(3, 4)], lambda a: minigrad.cumprod(a, dim), lambda a: np.cumprod(a, axis=dim),
             low=0.5, high=1.5)
    check_op([(3, 4)], lambda a: a.cumprod(dim), lambda a: np.cumprod(a, axis=dim))


@pytest.mark.parametrize("values", [
    [0.0, 2.0, 3.0, 4.0],
    [2.0, 0.0, 3.0, 4.0],
    [2.0, 3.0, 4.0, 0.0],
    [2.0, 0.0, 3.0, 0.0],
    [0.0, 0.0, 0.0, 0.0],
    [-1.5, 2.0, 0.0, 0.5],
])
def test_cumprod_gradient_is_exact_with_zeros(values):
    weights = np.array([1.0, -2.0, 3.0, 0.5])

    def loss(v):
        return float((np.cumprod(v) * weights).sum())

    x = _f64(values)
    (minigrad.cumprod(x, 0) * _t(weights)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), numerical_grad(loss, values), atol=1e-6)


def test_cumprod_gradient_with_zeros_in_some_rows_of_a_batch():
    x = _f64([[1.0, 0.0, 2.0], [3.0, 0.5, 2.0], [0.0, 0.0, 4.0]])
    assert gradcheck(lambda a: minigrad.cumprod(a, 1), (x,))
    assert gradcheck(lambda a: minigrad.cumprod(a, 0), (x,))


def test_cumprod_of_integers_is_int64():
    out = minigrad.cumprod(_t(np.array([2, 3, 4], np.int32)), 0)
    assert out.dtype == np.int64 and out.tolist() == [2, 6, 24]


# ---------------------------------------------------------------- logcumsumexp
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_logcumsumexp_matches_scipy_and_gradcheck(dim):
    def reference(a):
        moved = np.moveaxis(a, dim, -1)
        out = np.stack([special.logsumexp(moved[..., :i + 1], axis=-1)
                        for i in range(moved.shape[-1])], axis=-1)
        return np.moveaxis(out, -1, dim)

    check_op([(3, 4)], lambda a: minigrad.logcumsumexp(a, dim), reference)
    check_op([(3, 4)], lambda a: a.logcumsumexp(dim), reference)


def test_logcumsumexp_does_not_overflow_forward_or_backward():
    x = _f64([1000.0, 1000.0, -1000.0])
    out = minigrad.logcumsumexp(x, 0)
    np.testing.assert_allclose(out.detach().numpy(), [1000.0, 1000.0 + np.log(2), 1000.0 + np.log(2)])
    (out * _t([1.0, -2.0, 3.0], dtype=minigrad.float64)).sum().backward()
    # d/dx0 = 1 - 2 * 0.5 + 3 * 0.5, and x2 = -1000 gets exp(-2000 - ...) = 0.
    np.testing.assert_allclose(x.grad.numpy(), [1.5, 0.5, 0.0], atol=1e-12)
    assert np.isfinite(x.grad.numpy()).all()


def test_logcumsumexp_rejects_integers():
    with pytest.raises(TypeError, match="logcumsumexp: expected a floating-point tensor, got dtype int64"):
        minigrad.logcumsumexp(_t([1, 2]), 0)


# ---------------------------------------------------------------- cummax / cummin
def _running(x, axis, ufunc):
    values = ufunc.accumulate(x, axis=axis)
    n = x.shape[axis]
    moved_x, moved_v = np.moveaxis(x, axis, -1), np.moveaxis(values, axis, -1)
    indices = np.empty(moved_x.shape, np.int64)
    for j in range(n):  # the last i <= j where x_i equals the running value
        hits = moved_x[..., :j + 1] == moved_v[..., j:j + 1]
        indices[..., j] = j - np.argmax(hits[..., ::-1], axis=-1)
    return values, np.moveaxis(indices, -1, axis)


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("name, ufunc", [("cummax", np.maximum), ("cummin", np.minimum)])
def test_cummax_and_cummin_match_numpy_and_gradcheck(name, ufunc, dim):
    check_op([(3, 5)], lambda a: getattr(minigrad, name)(a, dim), lambda a: _running(a, dim, ufunc))
    check_op([(3, 5)], lambda a: getattr(a, name)(dim), lambda a: _running(a, dim, ufunc))


def test_cummax_and_cummin_ties_point_to_the_last_occurrence():
    x = _t([1.0, 3.0, 3.0, 2.0, 3.0, 1.0])
    result = minigrad.cummax(x, 0)
    assert result.values.tolist() == [1.0, 3.0, 3.0, 3.0, 3.0, 3.0]
    assert result.indices.tolist() == [0, 1, 2, 2, 4, 4]
    assert type(result).__name__ == "cummax"
    assert minigrad.cummin(x, 0).indices.tolist() == [0, 0, 0, 0, 0, 5]


def test_cummax_gradient_sums_over_outputs_pointing_to_one_element():
    x = _f64([2.0, 1.0, 0.5, 3.0])
    minigrad.cummax(x, 0).values.sum().backward()
    assert x.grad.tolist() == [3.0, 0.0, 0.0, 1.0]


def test_cummax_of_integers_and_nan():
    assert minigrad.cummax(_t([1, 3, 2]), 0).values.tolist() == [1, 3, 3]
    result = minigrad.cummax(_t([1.0, np.nan, 2.0]), 0)
    assert np.isnan(result.values.numpy()[1:]).all() and result.indices.tolist()[:2] == [0, 1]


# ---------------------------------------------------------------- diff
@pytest.mark.parametrize("n, dim", [(1, -1), (2, -1), (1, 0), (3, 1), (0, 0)])
def test_diff_matches_numpy_and_gradcheck(n, dim):
    check_op([(4, 5)], lambda a: minigrad.diff(a, n, dim), lambda a: np.diff(a, n, axis=dim))
    check_op([(4, 5)], lambda a: a.diff(n=n, dim=dim), lambda a: np.diff(a, n, axis=dim))


def test_diff_with_prepend_and_append_matches_numpy_and_gradcheck():
    check_op([(2, 3), (2, 1), (2, 2)],
             lambda a, p, q: minigrad.diff(a, 2, 1, prepend=p, append=q),
             lambda a, p, q: np.diff(a, 2, axis=1, prepend=p, append=q))


def test_diff_of_integers_and_bools():
    assert minigrad.diff(_t([1, 4, 9, 16]), n=2).tolist() == [2, 2]
    assert minigrad.diff(_t([True, False, False, True])).tolist() == [True, False, True]


def test_diff_rejects_bad_arguments():
    with pytest.raises(ValueError, match="diff: expected a tensor with at least one dimension"):
        minigrad.diff(_t(1.0))
    with pytest.raises(ValueError, match="diff: n must be a non-negative integer, got n=-1"):
        minigrad.diff(minigrad.zeros(3), n=-1)
    with pytest.raises(TypeError, match="diff: n must be an int, got 1.5"):
        minigrad.diff(minigrad.zeros(3), n=1.5)
    with pytest.raises(TypeError, match="diff: expected prepend and append to be Tensors, got list"):
        minigrad.diff(minigrad.zeros(3), prepend=[1.0])


@given(st.lists(st.sampled_from([0.0, 0.5, -1.5, 2.0, 1.0]), min_size=1, max_size=6),
       st.integers(0, 1000))
@settings(max_examples=40, deadline=None)
def test_cumprod_gradient_matches_finite_differences_wherever_the_zeros_are(values, seed):
    weights = np.random.default_rng(seed).normal(size=len(values))

    def loss(v):
        return float((np.cumprod(v) * weights).sum())

    x = _f64(values)
    (minigrad.cumprod(x, 0) * _t(weights)).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), numerical_grad(loss, values), atol=1e-6)
