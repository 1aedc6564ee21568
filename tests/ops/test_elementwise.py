"""Elementwise arithmetic and math: forward against NumPy, backward against finite differences."""
import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis.extra.numpy import mutually_broadcastable_shapes

import minigrad
from minigrad.autograd import gradcheck
from tests.reference.core import check_op

FEW = settings(max_examples=25, deadline=None)


def _f64(values, requires_grad=False):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


# ---------------------------------------------------------------- binary arithmetic
@pytest.mark.parametrize("shapes", [
    [(3, 4), (3, 4)],
    [(3, 4), (4,)],
    [(2, 1, 4), (3, 1)],
    [(1,), (2, 3)],
    [(), (2, 3)],
    [(2, 3), ()],
])
@pytest.mark.parametrize("op, reference", [
    (lambda a, b: a + b, np.add),
    (lambda a, b: a - b, np.subtract),
    (lambda a, b: a * b, np.multiply),
    (minigrad.add, np.add),
    (minigrad.sub, np.subtract),
    (minigrad.mul, np.multiply),
], ids=["+", "-", "*", "add", "sub", "mul"])
def test_binary_arithmetic_matches_numpy_and_gradcheck_under_broadcasting(shapes, op, reference):
    check_op(shapes, op, reference)


@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4)], [(3, 4), (4,)], [(2, 1, 4), (3, 1)]])
def test_division_matches_numpy_and_gradcheck_under_broadcasting(shapes):
    # Divisors kept away from zero: the inputs are drawn from [0.5, 2).
    check_op(shapes, lambda a, b: a / b, np.divide, low=0.5)
    check_op(shapes, minigrad.div, np.divide, low=0.5)


@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4)], [(3, 4), (4,)], [(2, 1), (1, 3)]])
def test_power_of_two_tensors_differentiates_both_base_and_exponent(shapes):
    check_op(shapes, lambda a, b: a ** b, np.power, low=0.5)
    check_op(shapes, minigrad.pow, np.power, low=0.5)


@given(mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3))
@FEW
def test_arithmetic_broadcasts_any_compatible_shapes_like_numpy(shapes):
    a_shape, b_shape = shapes.input_shapes
    out = check_op([a_shape, b_shape], lambda a, b: a * b + a - b / 2, lambda a, b: a * b + a - b / 2,
                   float32=False)
    assert out.shape == shapes.result_shape


@given(mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3))
@FEW
def test_division_and_maximum_broadcast_any_compatible_shapes_like_numpy(shapes):
    a_shape, b_shape = shapes.input_shapes
    check_op([a_shape, b_shape], lambda a, b: minigrad.maximum(a, b) / b,
             lambda a, b: np.maximum(a, b) / b, low=0.5, float32=False)


@pytest.mark.parametrize("op, reference", [
    (lambda a: a + 2.5, lambda a: a + 2.5),
    (lambda a: 2.5 + a, lambda a: 2.5 + a),
    (lambda a: a - 3, lambda a: a - 3),
    (lambda a: 3 - a, lambda a: 3 - a),
    (lambda a: a * -1.5, lambda a: a * -1.5),
    (lambda a: -1.5 * a, lambda a: -1.5 * a),
    (lambda a: a / 4, lambda a: a / 4),
    (lambda a: 4 / a, lambda a: 4 / a),
    (lambda a: a ** 3, lambda a: a ** 3),
    (lambda a: a ** 2.5, lambda a: a ** 2.5),
    (lambda a: 2 ** a, lambda a: 2 ** a),
    (lambda a: -a, np.negative),
    (minigrad.neg, np.negative),
    (lambda a: +a, lambda a: a),
], ids=["t+s", "s+t", "t-s", "s-t", "t*s", "s*t", "t/s", "s/t", "t**3", "t**2.5", "2**t",
        "-t", "neg", "+t"])
def test_python_scalars_on_either_side_match_numpy_and_gradcheck(op, reference):
    check_op([(2, 3)], op, reference, low=0.5)


def test_numpy_array_operand_acts_as_a_constant_tensor():
    a = _f64([1.0, 2.0], requires_grad=True)
    out = a * np.array([3.0, 4.0])
    out.sum().backward()
    np.testing.assert_array_equal(out.detach().numpy(), [3.0, 8.0])
    np.testing.assert_array_equal(a.grad.numpy(), [3.0, 4.0])


def test_a_tensor_used_on_both_sides_of_an_op_accumulates_both_gradients():
    check_op([(3,)], lambda a: a * a, lambda a: a * a)
    check_op([(3,)], lambda a: a / a.exp(), lambda a: a / np.exp(a))


def test_power_gradient_with_respect_to_exponent_is_zero_where_the_base_is_zero():
    base = _f64([0.0, 2.0])
    exponent = _f64([2.0, 3.0], requires_grad=True)
    (base ** exponent).sum().backward()
    np.testing.assert_allclose(exponent.grad.numpy(), [0.0, 8.0 * np.log(2.0)])


# ---------------------------------------------------------------- unary math
@pytest.mark.parametrize("op, reference, low", [
    (minigrad.exp, np.exp, -2.0),
    (minigrad.log, np.log, 0.1),
    (minigrad.sqrt, np.sqrt, 0.1),
    (minigrad.abs, np.abs, -2.0),
    (minigrad.sin, np.sin, -3.0),
    (minigrad.cos, np.cos, -3.0),
    (lambda a: a.exp(), np.exp, -2.0),
    (lambda a: a.log(), np.log, 0.1),
    (lambda a: a.sqrt(), np.sqrt, 0.1),
    (lambda a: a.abs(), np.abs, -2.0),
    (lambda a: abs(a), np.abs, -2.0),
    (lambda a: a.sin(), np.sin, -3.0),
    (lambda a: a.cos(), np.cos, -3.0),
], ids=["exp", "log", "sqrt", "abs", "sin", "cos", "Tensor.exp", "Tensor.log", "Tensor.sqrt",
        "Tensor.abs", "builtin-abs", "Tensor.sin", "Tensor.cos"])
def test_unary_math_matches_numpy_and_gradcheck(op, reference, low):
    check_op([(3, 4)], op, reference, low=low)


def test_abs_has_zero_gradient_at_zero():
    x = _f64([-2.0, 0.0, 3.0], requires_grad=True)
    x.abs().sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [-1.0, 0.0, 1.0])


@pytest.mark.parametrize("op", [minigrad.exp, minigrad.log, minigrad.sqrt, minigrad.abs,
                                minigrad.sin, minigrad.cos])
def test_unary_math_rejects_integer_tensors(op):
    with pytest.raises(TypeError, match="expected a floating-point tensor, got dtype int64"):
        op(minigrad.tensor([1, 2]))


# ---------------------------------------------------------------- clamp
@pytest.mark.parametrize("low, high", [(-0.5, 0.5), (None, 0.3), (-0.3, None)])
def test_clamp_matches_numpy_and_passes_gradient_only_inside_the_range(low, high):
    check_op([(4, 5)], lambda a: a.clamp(low, high), lambda a: np.clip(a, low, high))
    check_op([(4, 5)], lambda a: minigrad.clamp(a, min=low, max=high),
             lambda a: np.clip(a, low, high))
    x = _f64([-1.0, 0.0, 1.0], requires_grad=True)
    x.clamp(low, high).sum().backward()
    inside = np.clip([-1.0, 0.0, 1.0], low, high) == [-1.0, 0.0, 1.0]
    np.testing.assert_array_equal(x.grad.numpy(), inside.astype(float))


def test_clamp_accepts_tensor_bounds_and_clip_is_an_alias():
    x = _f64([-2.0, 0.5, 2.0])
    low, high = _f64([-1.0, 0.0, 0.0]), _f64([1.0, 1.0, 1.5])
    np.testing.assert_array_equal(x.clamp(low, high).numpy(), [-1.0, 0.5, 1.5])
    np.testing.assert_array_equal(minigrad.clip(x, -1, 1).numpy(), [-1.0, 0.5, 1.0])
    np.testing.assert_array_equal(x.clip(max=0.0).numpy(), [-2.0, 0.0, 0.0])


def test_clamp_keeps_integer_dtype():
    out = minigrad.tensor([1, 5, -3]).clamp(0, 2)
    assert out.dtype == np.int64
    assert out.tolist() == [1, 2, 0]


def test_clamp_without_bounds_raises():
    with pytest.raises(ValueError, match="clamp: at least one of min and max must be given"):
        minigrad.ones(2).clamp()


# ---------------------------------------------------------------- maximum, minimum, where
@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4)], [(3, 4), (4,)], [(2, 1), (1, 3)]])
def test_maximum_and_minimum_match_numpy_and_gradcheck(shapes):
    check_op(shapes, minigrad.maximum, np.maximum)
    check_op(shapes, minigrad.minimum, np.minimum)
    check_op(shapes, lambda a, b: a.maximum(b) - a.minimum(b), lambda a, b: np.abs(a - b))


def test_maximum_splits_the_gradient_evenly_on_ties():
    a = _f64([1.0, 2.0, 3.0], requires_grad=True)
    b = _f64([1.0, 5.0, 0.0], requires_grad=True)
    minigrad.maximum(a, b).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [0.5, 0.0, 1.0])
    np.testing.assert_array_equal(b.grad.numpy(), [0.5, 1.0, 0.0])


def test_maximum_with_a_python_scalar_works_like_relu():
    x = _f64([-1.0, 2.0], requires_grad=True)
    out = minigrad.maximum(x, 0.0)
    out.sum().backward()
    np.testing.assert_array_equal(out.detach().numpy(), [0.0, 2.0])
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0])


@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4), (3, 4)], [(3, 4), (4,), (3, 1)],
                                    [(2, 1, 3), (3,), ()]])
def test_where_picks_like_numpy_and_routes_the_gradient_to_the_pick(shapes):
    rng = np.random.default_rng(1)
    condition = rng.random(shapes[0]) > 0.5
    check_op(shapes[1:], lambda a, b: minigrad.where(minigrad.tensor(condition), a, b),
             lambda a, b: np.where(condition, a, b))


def test_where_accepts_scalars_and_gives_the_default_float_dtype():
    condition = minigrad.tensor([True, False])
    out = minigrad.where(condition, 1, 0.0)
    assert out.dtype == np.float32
    assert out.tolist() == [1.0, 0.0]
    x = _f64([3.0, 4.0], requires_grad=True)
    y = minigrad.where(condition, x, 0.0)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 0.0])


def test_where_rejects_a_non_bool_condition():
    with pytest.raises(TypeError, match="where: expected a bool condition, got dtype float32"):
        minigrad.where(minigrad.ones(2), minigrad.ones(2), minigrad.zeros(2))


def test_where_rejects_shapes_that_do_not_broadcast():
    with pytest.raises(ValueError, match=r"where: shapes \[2\], \[3\] and \[2\] are not broadcastable"):
        minigrad.where(minigrad.ones(2) > 0, minigrad.ones(3), minigrad.ones(2))


# ---------------------------------------------------------------- comparisons
@pytest.mark.parametrize("op, reference", [
    (lambda a, b: a == b, np.equal), (lambda a, b: a != b, np.not_equal),
    (lambda a, b: a < b, np.less), (lambda a, b: a <= b, np.less_equal),
    (lambda a, b: a > b, np.greater), (lambda a, b: a >= b, np.greater_equal),
], ids=["==", "!=", "<", "<=", ">", ">="])
def test_comparisons_return_bool_tensors_without_grad(op, reference):
    a = minigrad.tensor([[1.0, 2.0, 3.0]], requires_grad=True)
    b = minigrad.tensor([[2.0], [2.0]])
    out = op(a, b)
    assert out.dtype == np.bool_
    assert not out.requires_grad and out.grad_fn is None
    np.testing.assert_array_equal(out.numpy(), reference(a.detach().numpy(), b.numpy()))
    np.testing.assert_array_equal(op(a, 2.0).numpy(), reference(a.detach().numpy(), 2.0))


def test_logical_operators_on_bool_tensors():
    p = minigrad.tensor([True, True, False, False])
    q = minigrad.tensor([True, False, True, False])
    assert (p & q).tolist() == [True, False, False, False]
    assert (p | q).tolist() == [True, True, True, False]
    assert (~p).tolist() == [False, False, True, True]


def test_comparison_of_shapes_that_do_not_broadcast_raises():
    with pytest.raises(ValueError, match=r"lt: shapes \[2\] and \[3\] are not broadcastable"):
        _ = minigrad.ones(2) < minigrad.ones(3)


# ---------------------------------------------------------------- dtypes
def test_integer_tensor_times_python_float_is_float32():
    out = minigrad.tensor([1, 2, 3]) * 1.5
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), [1.5, 3.0, 4.5])


def test_float32_plus_float64_tensor_is_float64():
    assert (minigrad.ones(2) + minigrad.ones(2, dtype=minigrad.float64)).dtype == np.float64
    assert (minigrad.ones(2, dtype=minigrad.float64) * minigrad.ones(2)).dtype == np.float64


@pytest.mark.parametrize("op, dtype", [
    (lambda x: x + 1, np.int64),
    (lambda x: x * 2, np.int64),
    (lambda x: x ** 2, np.int64),
    (lambda x: x / 2, np.float32),
    (lambda x: x ** 0.5, np.float32),
    (lambda x: x - 0.5, np.float32),
    (lambda x: x + minigrad.ones(3), np.float32),
    (lambda x: x.float() * 2.0, np.float32),
    (lambda x: x.double() * 2.0, np.float64),
    (lambda x: x.float() * np.float64(2.0), np.float32),
], ids=["int+int", "int*int", "int**int", "int/int", "int**float", "int-float", "int+f32",
        "f32*float", "f64*float", "f32*np.float64"])
def test_dtype_promotion_follows_pytorch(op, dtype):
    assert op(minigrad.tensor([1, 2, 3])).dtype == dtype


def test_python_float_operands_keep_float32_and_float64_tensors_in_their_dtype():
    assert (minigrad.ones(2) * 2.0).dtype == np.float32
    assert (2.0 - minigrad.ones(2)).dtype == np.float32
    assert (minigrad.ones(2, dtype=minigrad.float64) / 3).dtype == np.float64


def test_integer_to_a_negative_integer_power_raises_numpys_error():
    with pytest.raises(ValueError, match="Integers to negative integer powers are not allowed"):
        minigrad.tensor([1, 2]) ** -1


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("op, name", [
    (lambda a, b: a + b, "add"), (lambda a, b: a - b, "sub"), (lambda a, b: a * b, "mul"),
    (lambda a, b: a / b, "div"), (lambda a, b: a ** b, "pow"),
    (minigrad.maximum, "maximum"), (minigrad.minimum, "minimum"),
])
def test_shapes_that_do_not_broadcast_raise_naming_the_op_and_the_shapes(op, name):
    with pytest.raises(ValueError, match=rf"{name}: shapes \[2, 3\] and \[4\] are not broadcastable"):
        op(minigrad.ones(2, 3), minigrad.ones(4))


@pytest.mark.parametrize("other", ["a", [1.0, 2.0], None, object()])
def test_unsupported_operand_types_raise_type_error(other):
    with pytest.raises(TypeError, match="add: unsupported operand type"):
        minigrad.add(minigrad.ones(2), other)


# ---------------------------------------------------------------- conversions and clone
def test_astype_between_float_dtypes_is_differentiable():
    x = _f64([1.0, 2.0], requires_grad=True)
    y = x.float()
    assert y.dtype == np.float32 and y.grad_fn is not None
    (y * y).sum().backward()
    assert x.grad.dtype == np.float64
    np.testing.assert_allclose(x.grad.numpy(), [2.0, 4.0])
    gradcheck(lambda t: t.double() * 3, (x,))


def test_astype_to_integer_is_not_differentiable():
    x = minigrad.tensor([1.7, -2.2], requires_grad=True)
    y = x.long()
    assert y.dtype == np.int64 and not y.requires_grad
    assert y.tolist() == [1, -2]


def test_clone_copies_the_values_and_passes_the_gradient():
    x = _f64([1.0, 2.0], requires_grad=True)
    y = x.clone()
    assert not np.shares_memory(y.detach().numpy(), x.detach().numpy())
    gradcheck(lambda t: t.clone() * 2, (x,))


def test_clamp_min_and_clamp_max_are_one_sided_clamps():
    check_op([(3, 4)], lambda a: minigrad.clamp_min(a, 0.25), lambda a: np.maximum(a, 0.25))
    check_op([(3, 4)], lambda a: a.clamp_max(-0.5), lambda a: np.minimum(a, -0.5))
    x = minigrad.tensor([-1.0, 0.5, 2.0], requires_grad=True)
    x.clamp_min(0.0).sum().backward()
    assert x.grad.tolist() == [0.0, 1.0, 1.0]


# ---------------------------------------------------------------- alpha, rounding modes, modulo
@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4)], [(3, 4), (4,)], [(2, 1), ()]])
def test_add_and_sub_scale_other_by_alpha(shapes):
    check_op(shapes, lambda a, b: minigrad.add(a, b, alpha=2.5), lambda a, b: a + 2.5 * b)
    check_op(shapes, lambda a, b: a.sub(b, alpha=-3), lambda a, b: a - (-3) * b)
    check_op(shapes, lambda a, b: minigrad.rsub(a, b, alpha=0.5), lambda a, b: b - 0.5 * a)
    check_op(shapes, lambda a, b: a.add(b), np.add)


def test_alpha_must_be_an_int_for_integer_tensors():
    x = minigrad.tensor([1, 2])
    assert minigrad.add(x, x, alpha=3).tolist() == [4, 8]
    with pytest.raises(TypeError, match="add: for integral input tensors, alpha must not be a floating"):
        minigrad.add(x, x, alpha=0.5)
    with pytest.raises(TypeError, match="sub: alpha must be a number, got str"):
        minigrad.sub(x, x, alpha="2")
    with pytest.raises(TypeError, match="add_: for integral input tensors, alpha must not be a float"):
        x.add_(1, alpha=1.5)


def test_aliases_of_sub_mul_div_are_the_same_functions():
    assert minigrad.subtract is minigrad.sub and minigrad.multiply is minigrad.mul
    assert minigrad.divide is minigrad.div
    x = minigrad.tensor([6.0, 9.0])
    assert x.subtract(1.0).tolist() == [5.0, 8.0] and x.divide(3.0).tolist() == [2.0, 3.0]
    assert x.multiply(2.0).tolist() == [12.0, 18.0] and x.true_divide(2).tolist() == [3.0, 4.5]


@pytest.mark.parametrize("mode, reference", [
    ("trunc", lambda a, b: np.trunc(a / b)), ("floor", lambda a, b: np.floor(a / b)),
])
def test_div_rounding_modes_on_floats_match_numpy_with_a_zero_gradient(mode, reference):
    a = np.array([[-7.5, -3.0, 2.5, 7.0], [0.5, -0.5, 9.0, -9.0]])
    b = np.array([2.0, -2.0, 0.75, 4.0])
    check_op(None, lambda x, y: minigrad.div(x, y, rounding_mode=mode), reference,
             inputs=[a, b], grad=False)
    x = minigrad.tensor(a, requires_grad=True)
    y = minigrad.tensor(b, requires_grad=True)
    x.div(y, rounding_mode=mode).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros_like(a))
    np.testing.assert_array_equal(y.grad.numpy(), np.zeros_like(b))


def test_div_rounding_modes_on_integers_keep_the_dtype_and_round_as_c_and_python():
    a = minigrad.tensor([-7, -6, 7, 6, -1])
    out = minigrad.div(a, 4, rounding_mode="trunc")
    assert out.dtype == np.int64 and out.tolist() == [-1, -1, 1, 1, 0]
    assert minigrad.div(a, -4, rounding_mode="trunc").tolist() == [1, 1, -1, -1, 0]
    assert minigrad.div(a, 4, rounding_mode="floor").tolist() == [-7 // 4, -6 // 4, 1, 1, -1]
    assert minigrad.floor_divide(a, -4).tolist() == [v // -4 for v in [-7, -6, 7, 6, -1]]
    assert (a // 4).tolist() == [v // 4 for v in [-7, -6, 7, 6, -1]]
    assert (20 // minigrad.tensor([3, -3])).tolist() == [6, -7]


def test_div_rounding_mode_errors():
    with pytest.raises(ValueError, match="div: expected rounding_mode to be one of None, 'trunc', or 'floor', got 'round'"):
        minigrad.div(minigrad.ones(2), 2.0, rounding_mode="round")
    with pytest.raises(ZeroDivisionError, match="div: integer division by zero"):
        minigrad.div(minigrad.tensor([1, 2]), minigrad.tensor([1, 0]), rounding_mode="floor")
    with pytest.raises(ZeroDivisionError, match="remainder: integer division by zero"):
        minigrad.tensor([1, 2]) % 0


@pytest.mark.parametrize("name, reference, quotient", [
    ("remainder", np.mod, np.floor), ("fmod", np.fmod, np.trunc),
])
def test_remainder_and_fmod_match_numpy_and_their_gradients(name, reference, quotient):
    a = np.array([[-7.5, -3.2, 2.5, 7.1], [0.7, -0.6, 9.3, -9.4]])
    b = np.array([2.1, -2.3, 0.8, 4.2])
    check_op(None, getattr(minigrad, name), reference, inputs=[a, b])
    x, y = minigrad.tensor(a, requires_grad=True), minigrad.tensor(b, requires_grad=True)
    getattr(x, name)(y).sum().backward()
    np.testing.assert_allclose(y.grad.numpy(), (-quotient(a / b)).sum(axis=0))
    np.testing.assert_array_equal(x.grad.numpy(), np.ones_like(a))


def test_remainder_takes_the_sign_of_the_divisor_and_fmod_that_of_the_dividend():
    a = minigrad.tensor([-3, 3, -3, 3])
    b = minigrad.tensor([2, 2, -2, -2])
    assert (a % b).tolist() == [1, 1, -1, -1]
    assert minigrad.fmod(a, b).tolist() == [-1, 1, -1, 1]
    assert (7 % minigrad.tensor([3, -3])).tolist() == [1, -2]


# ---------------------------------------------------------------- lerp, addcmul, addcdiv
@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4), (3, 4)], [(3, 4), (4,), (3, 1)], [(2,), (2,), ()]])
def test_lerp_with_a_tensor_weight_is_differentiable_in_all_three(shapes):
    check_op(shapes, minigrad.lerp, lambda a, b, w: a + w * (b - a))


def test_lerp_with_a_scalar_weight_and_its_errors():
    check_op([(3,), (3,)], lambda a, b: a.lerp(b, 0.25), lambda a, b: a + 0.25 * (b - a))
    with pytest.raises(TypeError, match="lerp: expected floating-point tensors, got dtype int64"):
        minigrad.lerp(minigrad.tensor([1, 2]), minigrad.tensor([3, 4]), 0.5)


@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4), (3, 4)], [(3, 4), (4,), (3, 1)]])
def test_addcmul_and_addcdiv_match_their_formulas(shapes):
    check_op(shapes, lambda a, b, c: minigrad.addcmul(a, b, c, value=-0.5), lambda a, b, c: a - 0.5 * b * c)
    check_op(shapes, lambda a, b, c: a.addcmul(b, c), lambda a, b, c: a + b * c)
    check_op(shapes, lambda a, b, c: minigrad.addcdiv(a, b, c, value=3), lambda a, b, c: a + 3 * b / c,
             low=0.5)
    check_op(shapes, lambda a, b, c: a.addcdiv(b, c), lambda a, b, c: a + b / c, low=0.5)


def test_addcdiv_refuses_integer_division():
    i = minigrad.tensor([1, 2])
    with pytest.raises(TypeError, match="addcdiv: integer division with addcdiv is not supported"):
        minigrad.addcdiv(minigrad.ones(2), i, i)


def test_in_place_lerp_addcmul_addcdiv_as_an_adam_step_does():
    p = minigrad.tensor([1.0, 2.0, 3.0], requires_grad=True)
    grad = minigrad.tensor([0.5, -1.0, 2.0])
    m, v = minigrad.zeros(3), minigrad.zeros(3)
    with minigrad.no_grad():
        m.lerp_(grad, 0.1)
        v.mul_(0.999).addcmul_(grad, grad, value=0.001)
        out = p.addcdiv_(m, v.sqrt() + 1e-8, value=-0.01)
    assert out is p and p.grad_fn is None and p.requires_grad
    g = np.array([0.5, -1.0, 2.0])
    m_ref, v_ref = 0.1 * g, 0.001 * g * g
    np.testing.assert_allclose(p.detach().numpy(), [1.0, 2.0, 3.0] - 0.01 * m_ref / (np.sqrt(v_ref) + 1e-8),
                               rtol=1e-6)


def test_recorded_in_place_addcmul_reaches_every_input():
    a = minigrad.tensor([1.0, 2.0], dtype=minigrad.float64, requires_grad=True)
    b = minigrad.tensor([3.0, 4.0], dtype=minigrad.float64, requires_grad=True)

    def fn(a, b):
        y = a * 1.0
        return y.addcmul_(b, a, value=2.0)

    gradcheck(fn, [a, b])


def test_div_in_place_with_a_rounding_mode():
    x = minigrad.tensor([7, -7])
    x.div_(2, rounding_mode="trunc")
    assert x.tolist() == [3, -3]
    f = minigrad.tensor([7.0, -7.0])
    f.div_(2.0, rounding_mode="floor")
    assert f.tolist() == [3.0, -4.0]


# ---------------------------------------------------------------- xlogy, hypot, logaddexp, copysign
@pytest.mark.parametrize("shapes", [[(3, 4), (3, 4)], [(3, 4), (4,)], [(), (2, 3)],
                                    [(2, 1), (1, 3)]])
@pytest.mark.parametrize("name, reference, low", [
    ("xlogy", scipy.special.xlogy, 0.5), ("hypot", np.hypot, -2.0),
    ("logaddexp", np.logaddexp, -2.0), ("copysign", np.copysign, -2.0),
    ("float_power", np.float_power, 0.5),
], ids=["xlogy", "hypot", "logaddexp", "copysign", "float_power"])
def test_more_binary_math_matches_numpy_and_gradcheck(shapes, name, reference, low):
    # copysign's gradient is zero for other; finite differences see that away from 0.
    check_op(shapes, getattr(minigrad, name), reference, low=low, float32=name != "float_power")
    check_op(shapes, lambda a, b: getattr(a, name)(b), reference, low=low, float32=False)


def test_xlogy_is_zero_where_x_is_zero_unless_y_is_nan():
    x = _f64([0.0, 0.0, 0.0, 2.0], requires_grad=True)
    y = _f64([0.0, np.nan, 3.0, 3.0], requires_grad=True)
    out = minigrad.xlogy(x, y)
    np.testing.assert_array_equal(out.detach().numpy(),
                                  scipy.special.xlogy(x.detach().numpy(), y.detach().numpy()))
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, np.nan, 0.0, np.log(3.0)])
    np.testing.assert_array_equal(y.grad.numpy(), [np.nan, np.nan, 0.0, 2.0 / 3.0])


def test_xlogy_and_copysign_take_numbers_and_compute_integers_in_the_default_float_dtype():
    ints = minigrad.tensor([1, 2, 4])
    out = minigrad.xlogy(ints, 2)
    assert out.dtype == minigrad.float32
    np.testing.assert_allclose(out.numpy(), np.array([1, 2, 4]) * np.log(2.0), rtol=1e-6)
    np.testing.assert_allclose(minigrad.xlogy(3.0, _f64([1.0, np.e])).numpy(), [0.0, 3.0])
    assert minigrad.copysign(ints, -1).tolist() == [-1.0, -2.0, -4.0]
    assert minigrad.copysign(ints, -1).dtype == minigrad.float32
    np.testing.assert_array_equal(minigrad.copysign(_f64([1.0, -2.0]), -0.0).numpy(), [-1.0, -2.0])
    with pytest.raises(TypeError, match="xlogy: expected input or other to be a Tensor"):
        minigrad.xlogy(1.0, 2.0)
    with pytest.raises(TypeError, match="copysign: expected input to be a Tensor, got float"):
        minigrad.copysign(1.0, ints)
    with pytest.raises(ValueError, match=r"xlogy: shapes \[2\] and \[3\] are not broadcastable"):
        minigrad.xlogy(_f64([1.0, 2.0]), _f64([1.0, 2.0, 3.0]))


def test_copysign_passes_the_sign_ratio_to_input_and_zero_to_other():
    x = _f64([0.0, 3.0, -2.0], requires_grad=True)
    y = _f64([-1.0, 4.0, 0.0], requires_grad=True)
    minigrad.copysign(x, y).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, -1.0])
    np.testing.assert_array_equal(y.grad.numpy(), [0.0, 0.0, 0.0])


def test_hypot_and_logaddexp_do_not_overflow_and_want_float_tensors():
    big = minigrad.tensor([1e30, -1e30])
    np.testing.assert_allclose(minigrad.hypot(big, big).numpy(), np.sqrt(2) * 1e30, rtol=1e-6)
    np.testing.assert_allclose(minigrad.logaddexp(minigrad.tensor([1000.0]),
                                                  minigrad.tensor([1000.0])).numpy(),
                               [1000.0 + np.log(2.0)])
    with pytest.raises(TypeError, match="hypot: expected floating-point tensors, got input of "
                                        "dtype int64"):
        minigrad.hypot(minigrad.tensor([3]), minigrad.tensor([4.0]))
    with pytest.raises(TypeError, match="logaddexp: expected other to be a Tensor, got float"):
        minigrad.logaddexp(minigrad.tensor([1.0]), 2.0)


def test_float_power_computes_in_float64_and_returns_gradients_in_the_input_dtype():
    x = minigrad.tensor([1.5, 2.0], requires_grad=True)
    out = x.float_power(2)
    assert out.dtype == minigrad.float64
    np.testing.assert_allclose(out.detach().numpy(), [2.25, 4.0])
    out.sum().backward()
    assert x.grad.dtype == minigrad.float32
    np.testing.assert_allclose(x.grad.numpy(), [3.0, 4.0])
    assert minigrad.float_power(2, minigrad.tensor([3])).tolist() == [8.0]
