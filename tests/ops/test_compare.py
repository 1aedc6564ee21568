"""Comparisons, logical and bitwise ops, tests on values: forward against NumPy, error paths."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import minigrad

FEW = settings(max_examples=25, deadline=None)

COMPARISONS = [
    ("eq", np.equal, lambda a, b: a == b), ("ne", np.not_equal, lambda a, b: a != b),
    ("lt", np.less, lambda a, b: a < b), ("le", np.less_equal, lambda a, b: a <= b),
    ("gt", np.greater, lambda a, b: a > b), ("ge", np.greater_equal, lambda a, b: a >= b),
]


# ---------------------------------------------------------------- comparisons
@pytest.mark.parametrize("name, reference, operator", COMPARISONS, ids=[c[0] for c in COMPARISONS])
def test_comparison_function_method_and_operator_agree_with_numpy(name, reference, operator, rng):
    a = rng.integers(-2, 3, size=(3, 4)).astype(np.float32)
    b = rng.integers(-2, 3, size=(4,)).astype(np.float32)
    x, y = minigrad.tensor(a), minigrad.tensor(b)
    expected = reference(a, b)
    for out in (getattr(minigrad, name)(x, y), getattr(x, name)(y), operator(x, y)):
        assert out.dtype == np.bool_ and not out.requires_grad
        np.testing.assert_array_equal(out.numpy(), expected)


@pytest.mark.parametrize("name, reference, operator", COMPARISONS, ids=[c[0] for c in COMPARISONS])
def test_comparison_with_a_python_scalar_and_reflected_operators(name, reference, operator):
    x = minigrad.tensor([1, 2, 3])
    np.testing.assert_array_equal(getattr(minigrad, name)(x, 2).numpy(), reference([1, 2, 3], 2))
    np.testing.assert_array_equal(operator(2, x).numpy(), reference(2, np.array([1, 2, 3])))


def test_long_names_are_the_same_functions_as_the_short_ones():
    assert minigrad.greater is minigrad.gt and minigrad.greater_equal is minigrad.ge
    assert minigrad.less is minigrad.lt and minigrad.less_equal is minigrad.le
    assert minigrad.not_equal is minigrad.ne
    x = minigrad.tensor([1.0, 3.0])
    np.testing.assert_array_equal(x.greater(2.0).numpy(), [False, True])


def test_comparison_does_not_record_even_when_inputs_require_grad():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    out = x > 1.5
    assert out.grad_fn is None and not out.requires_grad


@given(mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3))
@FEW
def test_comparisons_broadcast_like_numpy(shapes):
    rng = np.random.default_rng(1)
    a = rng.integers(0, 2, size=shapes.input_shapes[0])
    b = rng.integers(0, 2, size=shapes.input_shapes[1])
    out = minigrad.le(minigrad.tensor(a), minigrad.tensor(b))
    assert out.shape == shapes.result_shape
    np.testing.assert_array_equal(out.numpy(), a <= b)


def test_eq_with_an_unsupported_object_falls_back_to_python_identity():
    x = minigrad.tensor([1.0])
    assert (x == None) is False  # noqa: E711
    assert (x != "text") is True
    assert x in [x]
    assert hash(x) == id(x)


def test_comparison_errors_name_the_op():
    with pytest.raises(ValueError, match=r"ge: shapes \[2\] and \[3\] are not broadcastable"):
        minigrad.ge(minigrad.ones(2), minigrad.ones(3))
    with pytest.raises(TypeError, match="eq: expected input to be a Tensor, got list"):
        minigrad.eq([1.0], minigrad.ones(1))
    with pytest.raises(TypeError, match="lt: expected a Tensor or a number, got str"):
        minigrad.lt(minigrad.ones(1), "1")


# ---------------------------------------------------------------- logical and bitwise
@pytest.mark.parametrize("name, reference", [
    ("logical_and", np.logical_and), ("logical_or", np.logical_or), ("logical_xor", np.logical_xor),
])
def test_logical_ops_treat_nonzero_as_true_for_any_dtype(name, reference):
    a = np.array([[0.0, 1.5, -2.0], [0.0, 0.0, 3.0]])
    b = np.array([0, 1, 0])
    out = getattr(minigrad, name)(minigrad.tensor(a), minigrad.tensor(b))
    assert out.dtype == np.bool_
    np.testing.assert_array_equal(out.numpy(), reference(a, b))
    np.testing.assert_array_equal(getattr(minigrad.tensor(a), name)(minigrad.tensor(b)).numpy(),
                                  reference(a, b))


def test_logical_not_of_numbers_and_bools():
    np.testing.assert_array_equal(minigrad.logical_not(minigrad.tensor([0.0, 2.0])).numpy(),
                                  [True, False])
    np.testing.assert_array_equal(minigrad.tensor([True, False]).logical_not().numpy(), [False, True])


def test_operators_on_bool_tensors_are_logical():
    a = minigrad.tensor([True, True, False, False])
    b = minigrad.tensor([True, False, True, False])
    np.testing.assert_array_equal((a & b).numpy(), [True, False, False, False])
    np.testing.assert_array_equal((a | b).numpy(), [True, True, True, False])
    np.testing.assert_array_equal((a ^ b).numpy(), [False, True, True, False])
    np.testing.assert_array_equal((~a).numpy(), [False, False, True, True])
    np.testing.assert_array_equal((True & b).numpy(), [True, False, True, False])
    np.testing.assert_array_equal((False | b).numpy(), [True, False, True, False])
    np.testing.assert_array_equal((True ^ b).numpy(), [False, True, False, True])


def test_operators_on_integer_tensors_are_bitwise():
    a = minigrad.tensor([12, 10, -1])
    b = minigrad.tensor([10, 6, 5])
    np.testing.assert_array_equal((a & b).numpy(), [8, 2, 5])
    np.testing.assert_array_equal((a | b).numpy(), [14, 14, -1])
    np.testing.assert_array_equal((a ^ b).numpy(), [6, 12, -6])
    np.testing.assert_array_equal((~a).numpy(), [-13, -11, 0])
    assert (a & b).dtype == np.int64


def test_bitwise_ops_refuse_floating_point_tensors():
    x = minigrad.tensor([1.0])
    with pytest.raises(TypeError, match="bitwise_and: expected bool or integer tensors, got dtype float32"):
        _ = x & x
    with pytest.raises(TypeError, match="bitwise_not: expected bool or integer tensors"):
        _ = ~x
    with pytest.raises(TypeError, match="bitwise_or: expected bool or integer tensors, got dtype float64"):
        minigrad.bitwise_or(minigrad.tensor([1]), 1.5)


# ---------------------------------------------------------------- any and all
@pytest.mark.parametrize("dim", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("keepdim", [False, True])
def test_any_and_all_reduce_like_numpy(dim, keepdim, rng):
    a = rng.integers(0, 3, size=(2, 3, 4)) > 0
    x = minigrad.tensor(a)
    axis = dim if dim is None or isinstance(dim, tuple) else dim
    for fn, ref in ((minigrad.all, np.all), (minigrad.any, np.any)):
        out = fn(x, dim, keepdim)
        assert out.dtype == np.bool_
        np.testing.assert_array_equal(out.numpy(), ref(a, axis=axis, keepdims=keepdim))
    np.testing.assert_array_equal(x.all(dim=dim, keepdim=keepdim).numpy(),
                                  np.all(a, axis=axis, keepdims=keepdim))


def test_any_and_all_take_numpys_axis_keyword_and_reject_a_bad_dim():
    x = minigrad.tensor([[0.0, 1.0], [2.0, 3.0]])
    np.testing.assert_array_equal(x.all(axis=1).numpy(), [False, True])
    np.testing.assert_array_equal(minigrad.any(x, axis=0, keepdims=True).numpy(), [[True, True]])
    with pytest.raises(IndexError, match="all: dimension out of range"):
        x.all(dim=2)
    with pytest.raises(TypeError, match="any: got both dim and its alias axis"):
        x.any(dim=0, axis=0)


def test_any_and_all_of_an_empty_tensor_are_the_identities():
    empty = minigrad.zeros(0, 3)
    assert bool(minigrad.all(empty)) is True and bool(minigrad.any(empty)) is False
    np.testing.assert_array_equal(minigrad.all(empty, dim=0).numpy(), [True, True, True])


# ---------------------------------------------------------------- tests on values
def test_isnan_isinf_isfinite_classify_special_values():
    values = np.array([1.0, np.nan, np.inf, -np.inf, 0.0], dtype=np.float32)
    x = minigrad.tensor(values)
    np.testing.assert_array_equal(minigrad.isnan(x).numpy(), [False, True, False, False, False])
    np.testing.assert_array_equal(x.isinf().numpy(), [False, False, True, True, False])
    np.testing.assert_array_equal(x.isfinite().numpy(), [True, False, False, False, True])
    ints = minigrad.tensor([1, 2])
    np.testing.assert_array_equal(ints.isnan().numpy(), [False, False])
    np.testing.assert_array_equal(ints.isfinite().numpy(), [True, True])


def test_isclose_uses_the_asymmetric_tolerance_of_the_second_operand():
    # |a - b| <= atol + rtol * |b|: the tolerance scales with b only.
    a = minigrad.tensor([100.0, 1.0, 0.0], dtype=minigrad.float64)
    b = minigrad.tensor([101.0, 1.0 + 2e-5, 1e-9], dtype=minigrad.float64)
    np.testing.assert_array_equal(minigrad.isclose(a, b, rtol=0.01).numpy(), [True, True, True])
    np.testing.assert_array_equal(minigrad.isclose(a, b).numpy(), [False, False, True])
    # 1 <= 0.00995 * 101 but 1 > 0.00995 * 100: close one way round only.
    np.testing.assert_array_equal(a.isclose(b, rtol=0.00995, atol=0).numpy(), [True, True, False])
    np.testing.assert_array_equal(b.isclose(a, rtol=0.00995, atol=0).numpy(), [False, True, False])


def test_isclose_treats_infinities_and_nans_as_pytorch_does():
    inf, nan = float("inf"), float("nan")
    a = minigrad.tensor([inf, inf, nan, 1.0])
    b = minigrad.tensor([inf, -inf, nan, nan])
    np.testing.assert_array_equal(minigrad.isclose(a, b).numpy(), [True, False, False, False])
    np.testing.assert_array_equal(minigrad.isclose(a, b, equal_nan=True).numpy(),
                                  [True, False, True, False])


def test_allclose_and_equal_return_python_bools():
    a = minigrad.tensor([1.0, 2.0])
    assert minigrad.allclose(a, a + 1e-7) is True
    assert a.allclose(a + 1e-3) is False
    assert minigrad.equal(a, minigrad.tensor([1.0, 2.0])) is True
    assert a.equal(minigrad.tensor([1.0, 2.5])) is False
    assert minigrad.equal(a, minigrad.tensor([[1.0, 2.0]])) is False  # shapes differ


def test_isclose_rejects_negative_tolerances_and_bad_shapes():
    a = minigrad.ones(2)
    with pytest.raises(ValueError, match="isclose: rtol must be non-negative, got -1"):
        minigrad.isclose(a, a, rtol=-1)
    with pytest.raises(TypeError, match="isclose: atol must be a number, got str"):
        minigrad.isclose(a, a, atol="0")
    with pytest.raises(ValueError, match=r"isclose: shapes \[2\] and \[3\] are not broadcastable"):
        minigrad.isclose(a, minigrad.ones(3))
    with pytest.raises(TypeError, match="equal: expected other to be a Tensor, got float"):
        minigrad.equal(a, 1.0)


# ---------------------------------------------------------------- nonzero and count_nonzero
def test_nonzero_lists_indices_in_row_major_order(rng):
    a = rng.integers(-1, 2, size=(3, 4, 2)) * (rng.random((3, 4, 2)) > 0.5)
    x = minigrad.tensor(a)
    out = minigrad.nonzero(x)
    assert out.dtype == np.int64 and out.shape == (np.count_nonzero(a), 3)
    np.testing.assert_array_equal(out.numpy(), np.argwhere(a))
    parts = x.nonzero(as_tuple=True)
    assert len(parts) == 3
    for got, want in zip(parts, np.nonzero(a)):
        np.testing.assert_array_equal(got.numpy(), want)
    np.testing.assert_array_equal(x[parts].numpy(), a[np.nonzero(a)])


def test_nonzero_of_empty_and_zero_dimensional_tensors():
    assert minigrad.nonzero(minigrad.zeros(0, 3)).shape == (0, 2)
    assert minigrad.nonzero(minigrad.zeros(2, 3)).shape == (0, 2)
    assert minigrad.nonzero(minigrad.tensor(5.0)).shape == (1, 0)
    assert minigrad.nonzero(minigrad.tensor(0.0)).shape == (0, 0)
    (only,) = minigrad.nonzero(minigrad.tensor(5.0), as_tuple=True)
    np.testing.assert_array_equal(only.numpy(), [0])


@pytest.mark.parametrize("dim", [None, 0, -1, (0, 1)])
def test_count_nonzero_matches_numpy(dim, rng):
    a = rng.integers(0, 2, size=(3, 4))
    out = minigrad.count_nonzero(minigrad.tensor(a), dim=dim)
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out.numpy(), np.count_nonzero(a, axis=dim))
    np.testing.assert_array_equal(minigrad.tensor(a).count_nonzero(axis=dim).numpy(),
                                  np.count_nonzero(a, axis=dim))


# ---------------------------------------------------------------- signs and infinities
SPECIAL = np.array([1.0, -0.0, 0.0, np.nan, -np.nan, np.inf, -np.inf, -2.5])


@pytest.mark.parametrize("name, reference", [
    ("signbit", np.signbit), ("isposinf", np.isposinf), ("isneginf", np.isneginf),
    ("isreal", np.isreal),
])
@pytest.mark.parametrize("values", [SPECIAL, SPECIAL.astype(np.float32).reshape(2, 4),
                                    np.array([-3, 0, 4]), np.array(-1.0)],
                         ids=["float64", "float32", "int64", "0-d"])
def test_sign_and_infinity_tests_match_numpy_and_never_require_grad(name, reference, values):
    x = minigrad.tensor(values, requires_grad=values.dtype.kind == "f")
    for out in (getattr(minigrad, name)(x), getattr(x, name)()):
        assert out.dtype == minigrad.bool_ and not out.requires_grad
        np.testing.assert_array_equal(out.numpy(), reference(values))


def test_signbit_of_a_bool_tensor_is_false_and_the_tests_want_a_tensor():
    assert minigrad.signbit(minigrad.tensor([True, False])).tolist() == [False, False]
    with pytest.raises(TypeError, match="isposinf: expected input to be a Tensor, got float"):
        minigrad.isposinf(1.0)
