"""Reciprocals, logs and exps in other bases, rounding: forward against NumPy, gradients."""
import numpy as np
import pytest
import scipy.special

import minigrad
from minigrad.autograd import gradcheck
from tests.reference.core import check_op


def _f64(values, requires_grad=True):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


SMOOTH = [
    # name, reference, low, high (the inputs stay inside the domain)
    ("reciprocal", lambda a: 1.0 / a, 0.5, 2.0),
    ("rsqrt", lambda a: 1.0 / np.sqrt(a), 0.5, 2.0),
    ("square", lambda a: a * a, -2.0, 2.0),
    ("log1p", lambda a: np.log(1.0 + a), -0.5, 2.0),
    ("expm1", lambda a: np.exp(a) - 1.0, -2.0, 2.0),
    ("log2", lambda a: np.log(a) / np.log(2.0), 0.5, 3.0),
    ("log10", lambda a: np.log(a) / np.log(10.0), 0.5, 3.0),
    ("exp2", lambda a: 2.0 ** a, -2.0, 2.0),
    ("tan", np.tan, -1.2, 1.2),
    ("erf", scipy.special.erf, -2.5, 2.5),
]
FLAT = [
    ("floor", np.floor), ("ceil", np.ceil), ("trunc", np.trunc), ("round", np.round),
    ("sign", np.sign),
]


@pytest.mark.parametrize("name, reference, low, high", SMOOTH, ids=[s[0] for s in SMOOTH])
@pytest.mark.parametrize("shape", [(3, 4), (), (0, 2)])
def test_smooth_unary_ops_match_numpy_and_gradcheck(name, reference, low, high, shape):
    check_op([shape], getattr(minigrad, name), reference, low=low, high=high)
    check_op([shape], lambda a: getattr(a, name)(), reference, low=low, high=high, float32=False)


@pytest.mark.parametrize("name, reference", FLAT, ids=[f[0] for f in FLAT])
def test_flat_ops_match_numpy_and_pass_a_zero_gradient(name, reference):
    # Inputs away from the jumps, where finite differences see the true zero slope.
    values = np.array([[-2.7, -1.2, -0.3, 0.4], [0.6, 1.3, 2.2, 3.8]])
    check_op(None, getattr(minigrad, name), reference, inputs=[values])
    x = minigrad.tensor(values, requires_grad=True)
    getattr(x, name)().sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros_like(values))


def test_frac_keeps_the_sign_and_passes_the_gradient_unchanged():
    values = np.array([-2.75, -0.5, 0.25, 3.5])
    check_op(None, minigrad.frac, lambda a: a - np.trunc(a), inputs=[values])
    x = minigrad.tensor(values, requires_grad=True)
    (x.frac() * minigrad.tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 2.0, 3.0, 4.0])


def test_round_sends_halves_to_the_even_neighbour_and_takes_decimals():
    x = minigrad.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])
    np.testing.assert_array_equal(minigrad.round(x).numpy(), [-2.0, -2.0, -0.0, 0.0, 2.0, 2.0])
    y = minigrad.tensor([1.2345, -9.8765, 1234.5], dtype=minigrad.float64)
    np.testing.assert_allclose(y.round(decimals=2).numpy(), [1.23, -9.88, 1234.5])
    np.testing.assert_allclose(minigrad.round(y, decimals=-2).numpy(), [0.0, -0.0, 1200.0])
    with pytest.raises(TypeError, match="round: decimals must be an int, got float"):
        minigrad.round(y, decimals=1.5)


def test_sign_of_zero_is_zero_and_integers_and_bools_keep_their_dtype():
    out = minigrad.sign(minigrad.tensor([-3, 0, 7]))
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out.numpy(), [-1, 0, 1])
    flags = minigrad.tensor([True, False]).sign()
    assert flags.dtype == np.bool_ and flags.tolist() == [True, False]


def test_round_with_decimals_needs_a_floating_point_tensor():
    with pytest.raises(TypeError, match="round: decimals needs a floating-point tensor, got dtype int64"):
        minigrad.round(minigrad.tensor([15, 24]), decimals=-1)


@pytest.mark.parametrize("name", ["floor", "ceil", "trunc", "round"])
def test_rounding_an_integer_tensor_returns_an_equal_copy(name):
    x = minigrad.tensor([-3, 0, 7])
    out = getattr(minigrad, name)(x)
    assert out.dtype == np.int64 and not np.shares_memory(out.numpy(), x.numpy())
    np.testing.assert_array_equal(out.numpy(), [-3, 0, 7])


@pytest.mark.parametrize("name, reference", [
    ("reciprocal", lambda a: 1.0 / a), ("rsqrt", lambda a: 1.0 / np.sqrt(a)),
    ("log1p", np.log1p), ("expm1", np.expm1), ("log2", np.log2), ("log10", np.log10),
    ("exp2", np.exp2), ("tan", np.tan), ("erf", scipy.special.erf),
])
def test_integer_inputs_compute_in_the_default_float_dtype(name, reference):
    values = np.array([1, 2, 4])
    out = getattr(minigrad, name)(minigrad.tensor(values))
    assert out.dtype == np.float32
    np.testing.assert_allclose(out.numpy(), reference(values.astype(np.float64)), rtol=1e-6)


def test_square_of_integers_and_bools_is_integer():
    assert minigrad.square(minigrad.tensor([3, -4])).tolist() == [9, 16]
    out = minigrad.tensor([True, False]).square()
    assert out.dtype == np.int64 and out.tolist() == [1, 0]


def test_frac_of_an_integer_tensor_raises():
    with pytest.raises(TypeError, match="frac: expected a floating-point tensor, got dtype int64"):
        minigrad.frac(minigrad.tensor([1, 2]))


def test_unary_ops_reject_non_tensors():
    with pytest.raises(TypeError, match="log2: expected a Tensor, got list"):
        minigrad.log2([1.0, 2.0])
    with pytest.raises(TypeError, match="floor: expected a Tensor, got float"):
        minigrad.floor(1.5)


def test_unary_ops_work_on_non_contiguous_inputs():
    base = np.arange(1.0, 13.0).reshape(3, 4)
    x = minigrad.tensor(base, dtype=minigrad.float64, requires_grad=True)
    gradcheck(lambda t: minigrad.rsqrt(t.T) * minigrad.log2(t.T[::-1]), [x])
    np.testing.assert_allclose(minigrad.log1p(x.T).detach().numpy(), np.log1p(base.T))


@pytest.mark.parametrize("name, reference", [
    ("sqrt", np.sqrt), ("exp", np.exp), ("log", np.log), ("abs", np.abs),
    ("reciprocal", lambda a: 1.0 / a), ("sign", np.sign), ("floor", np.floor), ("ceil", np.ceil),
    ("round", np.round), ("trunc", np.trunc), ("tan", np.tan), ("erf", scipy.special.erf),
])
def test_in_place_unary_methods_write_into_the_tensor_and_record(name, reference):
    values = np.array([0.3, 1.7, 2.4])  # away from the jumps of the rounding functions
    x = minigrad.tensor(values, dtype=minigrad.float64)
    assert getattr(x, name + "_")() is x
    np.testing.assert_allclose(x.numpy(), reference(values))
    leaf = minigrad.tensor(values, dtype=minigrad.float64, requires_grad=True)
    gradcheck(lambda a: getattr(a * 1.0, name + "_")() * a, [leaf])


def test_in_place_negation_and_a_result_that_cannot_be_cast_back():
    x = minigrad.tensor([1.0, -2.0])
    x.neg_()
    assert x.tolist() == [-1.0, 2.0]
    with pytest.raises(TypeError, match="reciprocal_: result type float32 can't be cast to the tensor's dtype int64"):
        minigrad.tensor([1, 2]).reciprocal_()
    with pytest.raises(RuntimeError, match="sqrt_: a leaf tensor that requires grad"):
        minigrad.ones(2, requires_grad=True).sqrt_()


# ---------------------------------------------------------------- angles, sinc, logit, sign, NaN
MORE_SMOOTH = [
    ("deg2rad", np.deg2rad, -360.0, 360.0),
    ("rad2deg", np.rad2deg, -7.0, 7.0),
    ("sinc", np.sinc, -3.0, 3.0),
    ("logit", scipy.special.logit, 0.05, 0.95),
    ("negative", np.negative, -2.0, 2.0),
]


@pytest.mark.parametrize("name, reference, low, high", MORE_SMOOTH, ids=[s[0] for s in MORE_SMOOTH])
@pytest.mark.parametrize("shape", [(3, 4), (), (0, 2)])
def test_more_smooth_unary_ops_match_numpy_and_gradcheck(name, reference, low, high, shape):
    check_op([shape], getattr(minigrad, name), reference, low=low, high=high)
    check_op([shape], lambda a: getattr(a, name)(), reference, low=low, high=high, float32=False)


def test_sinc_is_one_at_zero_with_a_zero_slope_there():
    x = minigrad.tensor([0.0, 0.5, -1.5], dtype=minigrad.float64, requires_grad=True)
    np.testing.assert_allclose(minigrad.sinc(x).detach().numpy(),
                               [1.0, 2 / np.pi, -2 / (3 * np.pi)])
    minigrad.sinc(x).sum().backward()
    # d/dx sin(pi x)/(pi x) = (cos(pi x) - sinc(x)) / x
    np.testing.assert_allclose(x.grad.numpy(), [0.0, -4 / np.pi, -4 / (9 * np.pi)])


def test_logit_with_eps_clamps_and_passes_no_gradient_where_it_clamped():
    values = np.array([0.0, 0.05, 0.3, 0.97, 1.0])
    x = minigrad.tensor(values, dtype=minigrad.float64, requires_grad=True)
    out = x.logit(eps=0.1)
    np.testing.assert_allclose(out.detach().numpy(), scipy.special.logit(np.clip(values, 0.1, 0.9)))
    out.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 0.0, 1 / (0.3 * 0.7), 0.0, 0.0])
    gradcheck(lambda a: minigrad.logit(a, eps=0.2), [_f64([[0.3, 0.5], [0.6, 0.75]])])


def test_logit_without_eps_gives_infinities_at_the_ends_and_nan_outside():
    x = minigrad.tensor([0.0, 1.0, -0.5, 1.5], dtype=minigrad.float64, requires_grad=True)
    out = minigrad.logit(x)
    np.testing.assert_array_equal(out.detach().numpy(), [-np.inf, np.inf, np.nan, np.nan])
    out.backward(minigrad.ones(4, dtype=minigrad.float64))
    np.testing.assert_array_equal(x.grad.numpy(), [np.inf, np.inf, np.nan, np.nan])
    with pytest.raises(TypeError, match="logit: eps must be a real number, got 'a'"):
        minigrad.logit(x, eps="a")


def test_angle_conversions_and_sinc_compute_integers_in_the_default_float_dtype():
    x = minigrad.tensor([180, -90, 0])
    for name, reference in (("deg2rad", np.deg2rad), ("rad2deg", np.rad2deg), ("sinc", np.sinc)):
        out = getattr(minigrad, name)(x)
        assert out.dtype == minigrad.float32
        np.testing.assert_allclose(out.detach().numpy(), reference(np.array([180.0, -90.0, 0.0])),
                                   rtol=1e-6, atol=1e-6)


def test_nan_to_num_replaces_nan_and_infinities_and_passes_gradient_at_finite_elements():
    values = np.array([np.nan, np.inf, -np.inf, 1.5, -2.0])
    x = minigrad.tensor(values, dtype=minigrad.float64, requires_grad=True)
    np.testing.assert_array_equal(x.nan_to_num().detach().numpy(), np.nan_to_num(values))
    out = minigrad.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-3.0)
    np.testing.assert_array_equal(out.detach().numpy(), [1.0, 2.0, -3.0, 1.5, -2.0])
    (out * minigrad.arange(1.0, 6.0, dtype=minigrad.float64)).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, 0.0, 4.0, 5.0])
    single = minigrad.nan_to_num(minigrad.tensor([np.inf, -np.inf]))
    np.testing.assert_array_equal(single.numpy(), [np.finfo(np.float32).max,
                                                   np.finfo(np.float32).min])
    ints = minigrad.tensor([1, -2])
    assert minigrad.nan_to_num(ints).tolist() == [1, -2]
    with pytest.raises(TypeError, match="nan_to_num: posinf must be a real number"):
        minigrad.nan_to_num(x, posinf="big")
    gradcheck(minigrad.nan_to_num, [_f64([[0.5, -1.0], [2.0, 3.0]])])


def test_sgn_is_sign_for_real_tensors_and_keeps_integer_dtypes():
    values = np.array([-2.5, 0.0, 3.0])
    np.testing.assert_array_equal(minigrad.sgn(minigrad.tensor(values)).numpy(), np.sign(values))
    assert minigrad.tensor([-3, 0, 4]).sgn().tolist() == [-1, 0, 1]
    assert minigrad.tensor([True, False]).sgn().tolist() == [True, False]
    x = minigrad.tensor(values, requires_grad=True)
    x.sgn().sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros(3))


def test_negative_and_positive_reject_bool_tensors():
    x = minigrad.tensor([1.0, -2.0])
    assert minigrad.positive(x) is x and x.positive() is x
    assert x.neg().tolist() == x.negative().tolist() == [-1.0, 2.0]
    mask = minigrad.tensor([True, False])
    for op in ("neg", "negative"):
        with pytest.raises(TypeError, match=f"{op}: negation of a bool tensor is not supported"):
            getattr(minigrad, op)(mask)
    with pytest.raises(TypeError, match=r"positive: unary \+ of a bool tensor"):
        minigrad.positive(mask)


def test_negative_and_square_in_place_modify_the_tensor_and_record():
    x = minigrad.tensor([1.5, -2.0], dtype=minigrad.float64, requires_grad=True)
    y = x * 1.0
    assert y.negative_() is y and y.tolist() == [-1.5, 2.0]
    z = x * 1.0
    assert z.square_() is z and z.tolist() == [2.25, 4.0]
    (y + z).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [-1.0 + 3.0, -1.0 - 4.0])


# ---------------------------------------------------------------- tan, erf
def test_erf_gradient_is_two_over_root_pi_times_the_gaussian():
    values = np.array([-1.5, 0.0, 0.3, 2.0])
    x = _f64(values)
    minigrad.erf(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 / np.sqrt(np.pi) * np.exp(-values ** 2))
    gradcheck(minigrad.erf, [_f64(values)])


def test_tan_gradient_is_one_plus_tan_squared():
    values = np.array([-1.0, 0.0, 0.5, 1.3])
    x = _f64(values)
    x.tan().sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), 1 / np.cos(values) ** 2)
    gradcheck(minigrad.tan, [_f64(values)])


def test_erf_saturates_and_keeps_nan():
    out = minigrad.erf(minigrad.tensor([-np.inf, np.inf, np.nan, 10.0]))
    np.testing.assert_array_equal(out.numpy(), [-1.0, 1.0, np.nan, 1.0])


@pytest.mark.parametrize("name, reference", [("tan", np.tan), ("erf", scipy.special.erf)])
def test_tan_and_erf_keep_float16_and_float64(name, reference):
    values = np.array([-0.5, 0.25, 1.0])
    for dtype, rtol in ((np.float16, 2e-3), (np.float64, 1e-12)):
        out = getattr(minigrad, name)(minigrad.tensor(values.astype(dtype)))
        assert out.dtype == dtype
        np.testing.assert_allclose(out.numpy(), reference(values), rtol=rtol)


def test_tan_and_erf_of_bools_and_their_errors():
    assert minigrad.erf(minigrad.tensor([True, False])).dtype == np.float32
    with pytest.raises(TypeError, match="tan: expected a Tensor, got list"):
        minigrad.tan([1.0])
    with pytest.raises(TypeError, match="erf: expected a Tensor, got float"):
        minigrad.erf(0.5)
    with pytest.raises(TypeError, match="tan_: result type float32 can't be cast to the "
                                        "tensor's dtype int64"):
        minigrad.tensor([1, 2]).tan_()
