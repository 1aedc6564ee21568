"""Activations and (log-)softmax: forward against NumPy, backward by gradcheck, numerical stability."""
import numpy as np
import pytest

import minigrad
from minigrad.ops import activation as A
from tests.reference import core as ref
from tests.reference import nn as nn_ref
from tests.reference.core import check_op

ACTIVATIONS = [
    ("relu", minigrad.relu, ref.relu),
    ("Tensor.relu", lambda x: x.relu(), ref.relu),
    ("sigmoid", minigrad.sigmoid, ref.sigmoid),
    ("Tensor.sigmoid", lambda x: x.sigmoid(), ref.sigmoid),
    ("tanh", minigrad.tanh, np.tanh),
    ("Tensor.tanh", lambda x: x.tanh(), np.tanh),
    ("gelu", minigrad.gelu, ref.gelu),
    ("gelu-tanh", lambda x: A.gelu(x, approximate="tanh"), ref.gelu_tanh),
    ("leaky_relu", A.leaky_relu, ref.leaky_relu),
    ("leaky_relu-0.2", lambda x: A.leaky_relu(x, 0.2), lambda x: ref.leaky_relu(x, 0.2)),
    ("elu", A.elu, ref.elu),
    ("elu-0.5", lambda x: A.elu(x, alpha=0.5), lambda x: ref.elu(x, 0.5)),
    ("softplus", A.softplus, ref.softplus),
    ("softplus-beta2-threshold1", lambda x: A.softplus(x, beta=2.0, threshold=1.0),
     lambda x: ref.softplus(x, 2.0, 1.0)),
    ("selu", A.selu, nn_ref.selu),
    ("celu", A.celu, nn_ref.celu),
    ("celu-0.5", lambda x: A.celu(x, alpha=0.5), lambda x: nn_ref.celu(x, 0.5)),
    ("celu-negative", lambda x: A.celu(x, -2.0), lambda x: nn_ref.celu(x, -2.0)),
    ("hardtanh", A.hardtanh, nn_ref.hardtanh),
    ("hardtanh-bounds", lambda x: A.hardtanh(x, -2.5, 0.5),
     lambda x: nn_ref.hardtanh(x, -2.5, 0.5)),
    ("softsign", A.softsign, nn_ref.softsign),
    ("logsigmoid", A.logsigmoid, nn_ref.logsigmoid),
]


@pytest.mark.parametrize("name, op, reference", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_matches_numpy_and_gradcheck(name, op, reference):
    check_op([(3, 5)], op, reference, low=-3.0, high=3.0)


@pytest.mark.parametrize("name, op, reference", ACTIVATIONS, ids=[a[0] for a in ACTIVATIONS])
def test_activation_handles_non_contiguous_and_zero_dim_inputs(name, op, reference):
    x = 0.9 * np.arange(-5.5, 6.0).reshape(3, 4)  # no element at a kink or threshold
    check_op([], lambda t: op(t.T), lambda a: reference(a.T), inputs=[x])
    check_op([], op, reference, inputs=[np.array(0.7)])


def test_relu_gradient_is_zero_at_zero_and_below():
    x = minigrad.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    x.relu().sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 1.0]


def test_relu_kernel_gives_identical_results_on_one_and_two_threads():
    x = minigrad.randn(1001, 7)
    grad = minigrad.randn(1001, 7)
    previous = minigrad.get_num_threads()
    results = []
    try:
        for threads in (1, 2):
            minigrad.set_num_threads(threads)
            t = x.detach().requires_grad_()
            out = t.relu()
            out.backward(grad)
            results.append((out.detach().numpy().copy(), t.grad.numpy().copy()))
    finally:
        minigrad.set_num_threads(previous)
    assert np.array_equal(results[0][0], results[1][0])
    assert np.array_equal(results[0][1], results[1][1])


def test_activations_keep_float64():
    x = minigrad.randn(4, dtype=minigrad.float64)
    for _, op, _ in ACTIVATIONS:
        assert op(x).dtype == np.float64


def test_saturating_activations_do_not_overflow():
    x = minigrad.tensor([-1000.0, 0.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_array_equal(x.sigmoid().numpy(), [0.0, 0.5, 1.0])
        np.testing.assert_array_equal(x.tanh().numpy(), [-1.0, 0.0, 1.0])
        np.testing.assert_allclose(A.softplus(x).numpy(), [0.0, np.log(2.0), 1000.0])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logsigmoid_is_exact_and_finite_for_huge_inputs(dtype):
    x = minigrad.tensor(np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0], dtype), requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = A.logsigmoid(x)
        out.sum().backward()
    assert out.dtype == dtype and x.grad.dtype == dtype
    # log(sigmoid(x)) computed naively is -inf at -1000 and loses all digits at 40.
    expected = [-1000.0, -40.0, -np.log(2), -np.exp(-40.0), 0]
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-6)
    assert out.detach().numpy()[-1] == 0 and not np.signbit(out.detach().numpy()[-1])
    np.testing.assert_allclose(x.grad.numpy(), [1, 1, 0.5, np.exp(-40.0), 0], rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_exponential_units_saturate_without_overflow(dtype):
    x = minigrad.tensor(np.array([-1000.0, 1000.0], dtype), requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        selu = A.selu(x)
        celu = A.celu(x, alpha=0.5)
        (selu + celu).sum().backward()
    np.testing.assert_allclose(selu.detach().numpy(), [-1.7580993408473766, 1050.7009873554805],
                               rtol=1e-6)
    np.testing.assert_allclose(celu.detach().numpy(), [-0.5, 1000.0], rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), [0.0, 1.0507009873554805 + 1], rtol=1e-6)


def test_softsign_tends_to_plus_minus_one_and_is_nan_at_infinity_as_in_pytorch():
    x = minigrad.tensor([-1e300, 1e300, -np.inf, np.inf], dtype=minigrad.float64,
                        requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = A.softsign(x)
        out.sum().backward()
    values = out.detach().numpy()
    np.testing.assert_array_equal(values[:2], [-1.0, 1.0])
    assert np.isnan(values[2:]).all()
    np.testing.assert_array_equal(x.grad.numpy()[:2], [0.0, 0.0])
    assert np.isnan(x.grad.numpy()[2:]).all()  # PyTorch's: NaN where the output is NaN


# ---------------------------------------------------------------- gradients at the kinks
@pytest.mark.parametrize("min_val, max_val", [(-1.0, 1.0), (-2.5, 0.5), (0.5, 0.5)])
def test_hardtanh_gradient_is_one_strictly_inside_and_zero_at_and_beyond_the_bounds(min_val,
                                                                                     max_val):
    values = [min_val - 1, min_val, (min_val + max_val) / 2, max_val, max_val + 1]
    x = minigrad.tensor(values, dtype=minigrad.float64, requires_grad=True)
    out = A.hardtanh(x, min_val, max_val)
    out.sum().backward()
    np.testing.assert_array_equal(out.detach().numpy(),
                                  [min_val, min_val, (min_val + max_val) / 2, max_val, max_val])
    inside = 1.0 if min_val < max_val else 0.0
    np.testing.assert_array_equal(x.grad.numpy(), [0, 0, inside, 0, 0])


def test_hardtanh_compares_float32_inputs_with_the_bounds_in_float32():
    # float32(0.1) > 0.1; PyTorch casts the bound to the input's dtype, so it is on the bound.
    x = minigrad.tensor([0.1], requires_grad=True)
    A.hardtanh(x, -1.0, 0.1).sum().backward()
    assert x.grad.tolist() == [0.0]


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0, -2.0])
def test_celu_slope_at_zero_is_one_for_every_alpha(alpha):
    x = minigrad.tensor([-0.0, 0.0], dtype=minigrad.float64, requires_grad=True)
    A.celu(x, alpha).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0])


def test_selu_takes_the_negative_sides_slope_at_zero_as_pytorch():
    x = minigrad.tensor([-1e-9, 0.0, 1e-9], dtype=minigrad.float64, requires_grad=True)
    A.selu(x).sum().backward()
    negative = nn_ref.SELU_SCALE * nn_ref.SELU_ALPHA
    np.testing.assert_allclose(x.grad.numpy(), [negative, negative, nn_ref.SELU_SCALE],
                               rtol=1e-8)


# ---------------------------------------------------------------- softmax and log_softmax
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_and_log_softmax_match_numpy_and_gradcheck(dim):
    check_op([(2, 3, 4)], lambda a: a.softmax(dim), lambda a: ref.softmax(a, dim))
    check_op([(2, 3, 4)], lambda a: minigrad.softmax(a, dim), lambda a: ref.softmax(a, dim))
    check_op([(2, 3, 4)], lambda a: a.log_softmax(dim), lambda a: ref.log_softmax(a, dim))
    check_op([(2, 3, 4)], lambda a: minigrad.log_softmax(a, dim=dim),
             lambda a: ref.log_softmax(a, dim))


def test_softmax_rows_sum_to_one_and_log_softmax_is_its_log():
    x = minigrad.randn(5, 7)
    np.testing.assert_allclose(x.softmax(1).sum(1).numpy(), np.ones(5), rtol=1e-6)
    np.testing.assert_allclose(x.log_softmax(1).exp().numpy(), x.softmax(1).numpy(), rtol=1e-5)


def test_softmax_and_log_softmax_are_stable_for_huge_inputs():
    x = minigrad.tensor([[1000.0, -1000.0, 0.0], [-1e30, -1e30, -1e30]], requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = x.softmax(1)
        ls = x.log_softmax(1)
    np.testing.assert_allclose(s.detach().numpy(), [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]],
                               rtol=1e-6)
    np.testing.assert_allclose(ls.detach().numpy(),
                               [[0.0, -2000.0, -1000.0], [-np.log(3)] * 3], rtol=1e-6)
    ls.sum().backward()
    assert np.isfinite(x.grad.numpy()).all()


def test_log_softmax_of_large_differences_is_exact_where_log_of_softmax_is_not():
    x = minigrad.tensor([0.0, 200.0])
    assert x.log_softmax(0).numpy()[0] == pytest.approx(-200.0)
    with np.errstate(divide="ignore"):
        assert np.isinf(x.softmax(0).log().numpy()[0])  # exp(-200) underflows in float32


def test_softmax_of_a_zero_dim_tensor_is_one():
    assert minigrad.tensor(3.0).softmax(0).item() == 1.0


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("name, op", [
    ("relu", minigrad.relu), ("sigmoid", minigrad.sigmoid), ("tanh", minigrad.tanh),
    ("gelu", minigrad.gelu), ("leaky_relu", A.leaky_relu), ("elu", A.elu),
    ("softplus", A.softplus), ("softmax", lambda x: minigrad.softmax(x, 0)),
    ("log_softmax", lambda x: minigrad.log_softmax(x, 0)),
    ("selu", A.selu), ("celu", A.celu), ("hardtanh", A.hardtanh), ("softsign", A.softsign),
    ("logsigmoid", A.logsigmoid),
])
def test_activations_reject_integer_tensors(name, op):
    with pytest.raises(TypeError, match=rf"{name}: expected a floating-point tensor, got dtype int64"):
        op(minigrad.tensor([1, 2]))


def test_relu_kernel_rejects_half_precision_before_running():
    with pytest.raises(TypeError, match="relu: expected a float32 or float64 tensor, got dtype float16"):
        minigrad.relu(minigrad.tensor([1.0], dtype=np.float16))


def test_gelu_rejects_an_unknown_approximation():
    with pytest.raises(ValueError, match="gelu: approximate must be 'none' or 'tanh', got 'erf'"):
        minigrad.gelu(minigrad.ones(2), approximate="erf")


@pytest.mark.parametrize("op", [minigrad.softmax, minigrad.log_softmax])
def test_softmax_with_an_out_of_range_dim_raises(op):
    with pytest.raises(IndexError, match=r"softmax: dimension out of range .*\[-2, 1\], but got 2"):
        op(minigrad.ones(2, 3), 2)


@pytest.mark.parametrize("fn", [minigrad.softmax, minigrad.log_softmax])
@pytest.mark.parametrize("dim", [0, 1])
def test_softmax_of_an_empty_tensor_is_empty_as_in_pytorch(fn, dim, recwarn):
    # Along the empty dimension it raised NumPy's "zero-size array to reduction
    # operation maximum", which names no op.
    x = minigrad.zeros(0, 3, requires_grad=True)
    out = fn(x, dim)
    assert out.shape == (0, 3)
    out.sum().backward()
    assert x.grad.shape == (0, 3)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


@pytest.mark.parametrize("alpha", [0, 0.0, -0.0])
def test_celu_rejects_alpha_zero(alpha):
    with pytest.raises(ValueError, match="celu: alpha must not be 0"):
        A.celu(minigrad.ones(2), alpha)


def test_celu_and_hardtanh_reject_arguments_that_are_not_numbers():
    with pytest.raises(TypeError, match="celu: alpha must be a real number"):
        A.celu(minigrad.ones(2), "1")
    with pytest.raises(TypeError, match="hardtanh: max_val must be a real number"):
        A.hardtanh(minigrad.ones(2), -1.0, None)


def test_hardtanh_rejects_a_lower_bound_above_the_upper_one():
    with pytest.raises(ValueError, match="hardtanh: min_val cannot be greater than max_val"):
        A.hardtanh(minigrad.ones(2), 1.0, -1.0)
