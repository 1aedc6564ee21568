"""Reductions with ``dim``/``keepdim``: forward against NumPy, backward against finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minigrad
from tests.reference import core as ref
from minigrad.autograd import gradcheck
from tests.reference.core import check_op

DIMS = [None, 0, 1, -1, (0, 2), (1, -1), (0, 1, 2)]


def _axis(dim):
    return tuple(dim) if isinstance(dim, tuple) else dim


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", DIMS)
def test_sum_matches_numpy_and_gradcheck(dim, keepdim):
    check_op([(2, 3, 4)], lambda a: a.sum(dim, keepdim),
             lambda a: np.sum(a, axis=_axis(dim), keepdims=keepdim))
    check_op([(2, 3, 4)], lambda a: minigrad.sum(a, dim=dim, keepdim=keepdim),
             lambda a: np.sum(a, axis=_axis(dim), keepdims=keepdim))


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", DIMS)
def test_mean_matches_numpy_and_gradcheck(dim, keepdim):
    check_op([(2, 3, 4)], lambda a: a.mean(dim, keepdim),
             lambda a: np.mean(a, axis=_axis(dim), keepdims=keepdim))


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", DIMS)
@pytest.mark.parametrize("unbiased", [True, False])
def test_var_and_std_match_numpy_and_gradcheck(dim, keepdim, unbiased):
    correction = 1 if unbiased else 0
    check_op([(2, 3, 4)], lambda a: a.var(dim, unbiased=unbiased, keepdim=keepdim),
             lambda a: ref.var(a, _axis(dim), correction, keepdim))
    check_op([(2, 3, 4)], lambda a: a.std(dim, unbiased=unbiased, keepdim=keepdim),
             lambda a: np.sqrt(ref.var(a, _axis(dim), correction, keepdim)))


def test_var_correction_overrides_unbiased():
    check_op([(3, 5)], lambda a: minigrad.var(a, 1, correction=2),
             lambda a: ref.var(a, 1, 2))
    check_op([(3, 5)], lambda a: minigrad.std(a, 0, correction=0, keepdim=True),
             lambda a: np.std(a, axis=0, keepdims=True))


def test_variance_defaults_to_the_unbiased_estimate_like_pytorch():
    x = minigrad.tensor([1.0, 2.0, 3.0, 4.0])
    assert x.var().item() == pytest.approx(5.0 / 3.0)
    assert x.std().item() == pytest.approx(np.sqrt(5.0 / 3.0))


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", DIMS)
def test_logsumexp_matches_scipy_and_gradcheck(dim, keepdim):
    check_op([(2, 3, 4)], lambda a: a.logsumexp(dim, keepdim),
             lambda a: ref.logsumexp(a, _axis(dim), keepdim))


def test_logsumexp_does_not_overflow_and_handles_infinities():
    x = minigrad.tensor([[1000.0, 1000.0], [-1000.0, -1000.0]], dtype=minigrad.float64)
    np.testing.assert_allclose(x.logsumexp(1).numpy(), [1000.0 + np.log(2), -1000.0 + np.log(2)])
    with np.errstate(divide="raise", invalid="raise"):
        assert minigrad.logsumexp(minigrad.tensor([np.inf, 1.0]), 0).item() == np.inf
        assert minigrad.tensor([-np.inf, -np.inf]).logsumexp(0).item() == -np.inf


def test_logsumexp_gradient_is_the_softmax():
    x = minigrad.tensor([[1.0, 2.0, 3.0]], dtype=minigrad.float64, requires_grad=True)
    x.logsumexp(1).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), ref.softmax(np.array([[1.0, 2.0, 3.0]]), 1))


@given(st.lists(st.integers(1, 3), min_size=1, max_size=3), st.data())
@settings(max_examples=25, deadline=None)
def test_sum_and_mean_over_any_dims_of_any_shape_match_numpy(shape, data):
    dims = data.draw(st.lists(st.integers(0, len(shape) - 1), unique=True, max_size=len(shape)))
    keepdim = data.draw(st.booleans())
    dim = tuple(dims) if dims else None
    check_op([tuple(shape)], lambda a: a.sum(dim, keepdim) + a.mean(dim, keepdim),
             lambda a: a.sum(axis=dim, keepdims=keepdim) + a.mean(axis=dim, keepdims=keepdim),
             float32=False)


def test_sum_of_a_bool_tensor_counts_true_values():
    out = (minigrad.tensor([1.0, -1.0, 2.0]) > 0).sum()
    assert out.dtype == np.int64 and out.item() == 2


def test_sum_of_integers_stays_integer():
    out = minigrad.tensor([[1, 2], [3, 4]]).sum(0)
    assert out.dtype == np.int64 and out.tolist() == [4, 6]


def test_reductions_of_a_zero_dim_tensor():
    x = minigrad.tensor(2.0, requires_grad=True)
    assert x.sum().item() == 2.0 and x.sum(0).item() == 2.0 and x.mean(-1).item() == 2.0
    (x.sum() * 3).backward()
    assert x.grad.item() == 3.0


# ---------------------------------------------------------------- max and min
@pytest.mark.parametrize("name, reference", [("max", np.max), ("min", np.min)])
def test_max_and_min_of_all_elements_match_numpy_and_gradcheck(name, reference):
    check_op([(3, 4)], lambda a: getattr(a, name)(), reference)
    check_op([(3, 4)], lambda a: getattr(minigrad, name)(a), reference)


@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("name, values, indices", [("max", np.max, np.argmax),
                                                   ("min", np.min, np.argmin)])
def test_max_and_min_along_a_dim_return_values_and_indices(name, values, indices, dim, keepdim):
    def reference(a):
        return (values(a, axis=dim, keepdims=keepdim), indices(a, axis=dim, keepdims=keepdim))

    out = check_op([(2, 3, 4)], lambda a: tuple(getattr(a, name)(dim, keepdim)), reference)
    assert out[1].dtype == np.int64 and not out[1].requires_grad
    named = getattr(minigrad, name)(minigrad.randn(2, 3), dim=1)
    assert named.values.shape == (2,) and named.indices.shape == (2,)
    assert type(named).__name__ == name  # as torch.return_types.max / min


def test_max_of_all_elements_shares_the_gradient_between_ties():
    x = minigrad.tensor([1.0, 3.0, 3.0, 2.0], requires_grad=True)
    x.max().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.5, 0.5, 0.0])


def test_max_along_a_dim_gives_the_gradient_to_the_returned_index_on_ties():
    x = minigrad.tensor([[3.0, 1.0, 3.0]], requires_grad=True)
    values, indices = x.max(1)
    values.sum().backward()
    assert indices.tolist() == [0]
    np.testing.assert_array_equal(x.grad.numpy(), [[1.0, 0.0, 0.0]])


def test_max_along_a_dim_of_an_integer_tensor():
    values, indices = minigrad.tensor([[1, 5], [3, 2]]).max(1)
    assert values.tolist() == [5, 3] and indices.tolist() == [1, 0]


def test_max_of_an_empty_tensor_raises():
    with pytest.raises(ValueError, match="max: cannot reduce an empty tensor"):
        minigrad.zeros(0).max()
    with pytest.raises(ValueError, match="min: cannot reduce an empty tensor"):
        minigrad.zeros(2, 0).min(1)


@pytest.mark.parametrize("name, reference", [("max", np.maximum), ("min", np.minimum)])
def test_max_and_min_of_two_tensors_are_elementwise_and_broadcast(name, reference):
    # PyTorch's max(input, other) and min(input, other) overloads.
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 3)), rng.standard_normal((4, 1, 3))
    x, y = minigrad.tensor(a, requires_grad=True), minigrad.tensor(b, requires_grad=True)
    np.testing.assert_array_equal(getattr(minigrad, name)(x, y).detach().numpy(), reference(a, b))
    np.testing.assert_array_equal(getattr(x, name)(y).detach().numpy(), reference(a, b))
    assert gradcheck(lambda x, y: getattr(minigrad, name)(x, y), (x, y))
    # Unlike the reduction, an empty operand is fine.
    assert getattr(minigrad, name)(minigrad.zeros(0), minigrad.zeros(0)).shape == (0,)


def test_max_of_two_tensors_takes_no_keepdim():
    with pytest.raises(TypeError, match=r"max: max\(input, other\) takes no keepdim"):
        minigrad.max(minigrad.ones(2), minigrad.ones(2), keepdim=True)


# ---------------------------------------------------------------- argmax and argmin
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [None, 0, 1, -1])
def test_argmax_and_argmin_match_numpy_and_are_int64(dim, keepdim):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4, 2))
    t = minigrad.tensor(a, requires_grad=True)
    for name, fn in (("argmax", np.argmax), ("argmin", np.argmin)):
        out = getattr(t, name)(dim, keepdim)
        assert out.dtype == np.int64 and not out.requires_grad
        np.testing.assert_array_equal(out.numpy(), fn(a, axis=dim, keepdims=keepdim))
        np.testing.assert_array_equal(getattr(minigrad, name)(t, dim).numpy(), fn(a, axis=dim))


def test_argmax_picks_the_first_of_ties():
    assert minigrad.tensor([1.0, 3.0, 3.0]).argmax().item() == 1
    assert minigrad.tensor([2.0, 0.0, 0.0]).argmin().item() == 1


def test_all_and_any():
    x = minigrad.tensor([[1.0, 0.0], [2.0, 3.0]])
    assert not x.all().item() and x.any().item()
    assert x.all(1).tolist() == [False, True]
    assert x.any(0, keepdim=True).tolist() == [[True, True]]


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name", ["sum", "mean", "var", "std", "logsumexp", "argmax", "argmin"])
def test_out_of_range_dim_raises_index_error_naming_the_op(name):
    with pytest.raises(IndexError, match=rf"{name}: dimension out of range .*\[-2, 1\], but got 2"):
        getattr(minigrad, name)(minigrad.ones(2, 3), 2)


def test_repeated_dims_raise():
    with pytest.raises(ValueError, match=r"sum: dim \(0, -2\) appears multiple times"):
        minigrad.ones(2, 3).sum((0, -2))


def test_non_integer_dim_raises_type_error():
    with pytest.raises(TypeError, match="sum: dim must be an int, got float"):
        minigrad.ones(2, 3).sum(1.0)


@pytest.mark.parametrize("name", ["mean", "var", "std", "logsumexp"])
def test_float_only_reductions_reject_integer_tensors(name):
    with pytest.raises(TypeError, match=rf"{name}: expected a floating-point tensor, got dtype int64"):
        getattr(minigrad, name)(minigrad.tensor([1, 2]), 0)


# ---------------------------------------------------------------- dim=() and the variance's corner cases
@pytest.mark.parametrize("name, reference", [
    ("sum", np.sum), ("mean", np.mean), ("amax", np.max), ("amin", np.min), ("nansum", np.sum),
    ("var", lambda a, keepdims: ref.var(a, None, 1, keepdims)),
])
def test_an_empty_dim_tuple_reduces_every_dimension_as_pytorch(name, reference):
    check_op([(2, 3)], lambda a: getattr(minigrad, name)(a, dim=()), lambda a: reference(a, keepdims=False))
    out = getattr(minigrad, name)(minigrad.ones(2, 3), dim=(), keepdim=True)
    assert out.shape == (1, 1)


def test_variance_over_one_element_is_nan_with_a_nan_gradient_not_an_error():
    for fn in (minigrad.var, minigrad.std):
        x = minigrad.tensor([[1.0], [2.0]], dtype=minigrad.float64, requires_grad=True)
        with np.errstate(all="raise"):
            out = fn(x, 1)
            out.sum().backward()
        assert np.isnan(out.detach().numpy()).all() and np.isnan(x.grad.numpy()).all()
    # With correction=0 one element is fine: variance 0.
    assert minigrad.var(minigrad.tensor([[1.0]]), 1, correction=0).tolist() == [0.0]


def test_variance_takes_the_legacy_unbiased_flag_positionally_or_without_dim():
    x = minigrad.tensor([1.0, 2.0, 3.0, 4.0])
    assert x.var(False).item() == pytest.approx(1.25)
    assert minigrad.std(x, 0, False).item() == pytest.approx(np.sqrt(1.25))
    assert x.var(unbiased=True).item() == pytest.approx(5.0 / 3.0)
    with pytest.raises(ValueError, match="var: pass correction= or unbiased=, not both"):
        x.var(0, unbiased=True, correction=0)
    with pytest.raises(TypeError, match="std: correction must be a real number, got '1'"):
        x.std(correction="1")


@pytest.mark.parametrize("dim, correction", [(None, 1), (1, 0), ((0, 1), 2)])
def test_var_mean_and_std_mean_match_numpy_and_gradcheck(dim, correction):
    axis = _axis(dim)
    check_op([(3, 4)], lambda a: minigrad.var_mean(a, dim, correction=correction),
             lambda a: (ref.var(a, axis, correction), np.mean(a, axis=axis)))
    check_op([(3, 4)], lambda a: minigrad.std_mean(a, dim, correction=correction, keepdim=True),
             lambda a: (np.sqrt(ref.var(a, axis, correction, True)), np.mean(a, axis=axis, keepdims=True)))
    assert type(minigrad.std_mean(minigrad.ones(2))) is tuple


# ---------------------------------------------------------------- prod
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [None, 0, 1, -1])
def test_prod_matches_numpy_and_gradcheck(dim, keepdim):
    check_op([(3, 4)], lambda a: minigrad.prod(a, dim, keepdim) if dim is not None else a.prod(),
             lambda a: np.prod(a, axis=dim, keepdims=keepdim and dim is not None))


@pytest.mark.parametrize("row", [
    [0.0, 2.0, 3.0], [2.0, 0.0, 3.0], [2.0, 3.0, 0.0], [0.0, 0.0, 3.0], [0.0, 0.0, 0.0],
])
def test_prod_gradient_is_the_product_of_the_others_even_with_zeros(row):
    x = minigrad.tensor([row], dtype=minigrad.float64, requires_grad=True)
    x.prod(1).sum().backward()
    expected = [np.prod(row[:i] + row[i + 1:]) for i in range(3)]
    assert x.grad.tolist() == [expected]
    assert gradcheck(lambda a: a.prod(), (x,))


def test_prod_of_integers_bools_empty_and_with_dtype():
    assert minigrad.tensor([2, 3, 4]).prod().item() == 24
    assert minigrad.tensor([2, 3, 4]).prod().dtype == np.int64
    assert minigrad.tensor([True, True]).prod().dtype == np.int64
    assert minigrad.zeros(0).prod().item() == 1.0
    assert minigrad.zeros(2, 0).prod(1).tolist() == [1.0, 1.0]
    assert minigrad.prod(minigrad.tensor([1, 2]), dtype=minigrad.float64).dtype == np.float64
    with pytest.raises(TypeError, match="prod: dim must be an int, got tuple"):
        minigrad.prod(minigrad.ones(2, 2), (0, 1))


# ---------------------------------------------------------------- amax, amin, aminmax
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dim", [0, -1, (0, 2), (0, 1, 2)])
@pytest.mark.parametrize("name, reference", [("amax", np.max), ("amin", np.min)])
def test_amax_and_amin_match_numpy_and_gradcheck(name, reference, dim, keepdim):
    check_op([(2, 3, 4)], lambda a: getattr(minigrad, name)(a, dim, keepdim),
             lambda a: reference(a, axis=_axis(dim), keepdims=keepdim))
    check_op([(2, 3, 4)], lambda a: getattr(a, name)(dim, keepdim),
             lambda a: reference(a, axis=_axis(dim), keepdims=keepdim))


def test_amax_shares_the_gradient_between_ties_over_several_dims():
    x = minigrad.tensor([[1.0, 5.0], [5.0, 5.0]], requires_grad=True)
    x.amax(dim=(0, 1)).backward()
    np.testing.assert_allclose(x.grad.numpy(), [[0.0, 1 / 3], [1 / 3, 1 / 3]])


def test_amax_propagates_nan_and_rejects_empty_dims():
    assert np.isnan(minigrad.amax(minigrad.tensor([1.0, np.nan])).item())
    with pytest.raises(ValueError, match=r"amax: cannot reduce over a dimension of size 0 \(input shape \[2, 0\]\)"):
        minigrad.amax(minigrad.zeros(2, 0), 1)
    assert minigrad.amin(minigrad.zeros(2, 0), 0).shape == (0,)


def test_aminmax_returns_a_named_tuple_with_gradients():
    x = minigrad.tensor([[1.0, 2.0], [3.0, 0.0]], requires_grad=True)
    result = minigrad.aminmax(x, dim=1)
    assert result.min.tolist() == [1.0, 0.0] and result.max.tolist() == [2.0, 3.0]
    low, high = x.aminmax()
    assert low.item() == 0.0 and high.item() == 3.0
    (low + 2 * high).backward()
    assert x.grad.tolist() == [[0.0, 0.0], [2.0, 1.0]]
    assert x.aminmax(dim=0, keepdim=True).max.shape == (1, 2)
    with pytest.raises(TypeError, match="aminmax: dim must be an int, got tuple"):
        minigrad.aminmax(x, dim=(0, 1))


# ---------------------------------------------------------------- nansum, nanmean
def test_nansum_and_nanmean_skip_nan_and_match_numpy():
    a = np.array([[1.0, np.nan, 2.0], [np.nan, np.nan, np.nan], [0.5, 4.0, -1.0]])
    x = minigrad.tensor(a, dtype=minigrad.float64, requires_grad=True)
    np.testing.assert_allclose(minigrad.nansum(x, 1).detach().numpy(), np.nansum(a, axis=1))
    assert x.nansum().item() == pytest.approx(np.nansum(a))
    with np.errstate(invalid="ignore"):
        expected = np.array([1.5, np.nan, 3.5 / 3])
    np.testing.assert_allclose(x.nanmean(1).detach().numpy(), expected)
    x.nansum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.where(np.isnan(a), 0.0, 1.0))
    clean = minigrad.tensor(np.where(np.isnan(a), 1.0, a), requires_grad=True)
    assert gradcheck(lambda t: t.nanmean(0), (clean,))


def test_nansum_of_integers_is_the_sum():
    assert minigrad.nansum(minigrad.tensor([1, 2])).item() == 3
    with pytest.raises(TypeError, match="nanmean: expected a floating-point tensor"):
        minigrad.nanmean(minigrad.tensor([1, 2]))


def test_std_of_a_constant_slice_has_a_zero_gradient_as_pytorch():
    x = minigrad.tensor([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]], dtype=minigrad.float64,
                        requires_grad=True)
    with np.errstate(all="raise"):
        x.std(1).sum().backward()
    assert x.grad.tolist()[0] == [0.0, 0.0, 0.0]
    row = np.array([1.0, 2.0, 4.0])
    # d std / dx_i = (x_i - mean) / ((n - 1) std)
    expected = (row - row.mean()) / ((row.size - 1) * np.sqrt(ref.var(row)))
    np.testing.assert_allclose(x.grad.numpy()[1], expected)


@pytest.mark.parametrize("name", ["sum", "mean", "var", "std", "logsumexp"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_an_empty_dim_tuple_reduces_every_dimension_as_pytorch_sum_does(name, keepdim):
    x = minigrad.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    got = getattr(x, name)(dim=(), keepdim=keepdim)
    want = getattr(x, name)(dim=(0, 1), keepdim=keepdim)
    assert got.shape == want.shape == ((1, 1) if keepdim else ())
    np.testing.assert_allclose(got._data, want._data)
    got.sum().backward()
    assert x.grad.shape == (3, 4)


@pytest.mark.parametrize("name", ["any", "all"])
@pytest.mark.parametrize("keepdim", [False, True])
def test_any_and_all_with_an_empty_dim_tuple_reduce_nothing_as_pytorch(name, keepdim):
    # PyTorch 2.13: x.any(dim=()) is each element's truth value, where
    # x.sum(dim=()) sums everything; NaN is true.
    data = np.array([[0.0, 1.0, -2.0], [np.nan, 0.0, -0.0]])
    for dim in ((), []):
        got = getattr(minigrad, name)(minigrad.tensor(data), dim=dim, keepdim=keepdim)
        assert got.dtype == minigrad.bool_
        np.testing.assert_array_equal(got._data, data != 0)
    assert getattr(minigrad.tensor(0.0), name)(dim=()).shape == ()


@pytest.mark.parametrize("dim, expected", [(0, [-np.inf] * 3), (1, [])])
def test_logsumexp_over_an_empty_dimension_is_minus_infinity_as_in_pytorch(dim, expected):
    # It raised NumPy's "zero-size array to reduction operation maximum".
    x = minigrad.zeros(0, 3, requires_grad=True)
    out = minigrad.logsumexp(x, dim)
    np.testing.assert_array_equal(out._data, expected)
    out.sum().backward()
    assert x.grad.shape == (0, 3)
