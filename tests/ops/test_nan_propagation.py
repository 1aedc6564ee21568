"""NaN (and signed zero) through activations, extremum ops and max pooling, as in PyTorch.

The expected values are PyTorch's rules written out: ``relu(NaN)`` is NaN and
its gradient passes through (PyTorch zeroes the gradient only where the output
is ``<= 0``); the piecewise activations zero their gradient only where the
input is on a flat side, so NaN passes its gradient too; ``amax``/``amin``
give a NaN-valued slice a NaN gradient; ``maximum``/``minimum`` give both
inputs the gradient where either is NaN; ``sign(NaN)`` is 0. The last test
compares with PyTorch itself when it is installed.
"""
import numpy as np
import pytest

import minigrad
import minigrad.nn as nn
import minigrad.nn.functional as F
from minigrad._ext import _cpu

NAN = np.nan
RELU_INPUT = [NAN, -1.5, -0.0, 0.0, 2.5, np.inf, -np.inf]
RELU_OUTPUT = [NAN, 0.0, -0.0, 0.0, 2.5, np.inf, 0.0]
RELU_GRAD = [1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0]

RELU_CALLS = {
    "F.relu": F.relu,
    "minigrad.relu": minigrad.relu,
    "Tensor.relu": lambda x: x.relu(),
    "nn.ReLU": nn.ReLU(),
    "F.relu-inplace": lambda x: F.relu(x * 1, inplace=True),
    "nn.ReLU-inplace": lambda x: nn.ReLU(inplace=True)(x * 1),
}


def _same(actual, expected):
    """Equal values, NaN where expected, and the same sign of every zero."""
    actual, expected = np.asarray(actual), np.asarray(expected, actual.dtype)
    np.testing.assert_array_equal(actual, expected)
    numbers = ~np.isnan(expected)
    np.testing.assert_array_equal(np.signbit(actual[numbers]), np.signbit(expected[numbers]))


def _value_and_grad(call, values, dtype=np.float64):
    x = minigrad.tensor(np.array(values, dtype), requires_grad=True)
    out = call(x)
    out.sum().backward()
    return out.detach().numpy(), x.grad.numpy()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(RELU_CALLS))
def test_relu_propagates_nan_and_passes_its_gradient(name, dtype, simd_level):
    out, grad = _value_and_grad(RELU_CALLS[name], RELU_INPUT, dtype)
    _same(out, RELU_OUTPUT)
    _same(grad, RELU_GRAD)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_kernel_agrees_across_simd_levels_and_threads_on_large_inputs(dtype):
    # Past the kernel's parallel threshold, with NaN, infinities and signed zeros sprinkled.
    rng = np.random.default_rng(3)
    data = rng.standard_normal(100_003).astype(dtype)
    for value, every in ((NAN, 7), (-0.0, 11), (0.0, 13), (np.inf, 17), (-np.inf, 19)):
        data[::every] = value
    expected_out = np.where(data < 0, dtype(0), data)
    expected_grad = np.where(expected_out <= 0, dtype(0), dtype(1))
    previous_level, previous_threads = _cpu.get_simd_level(), minigrad.get_num_threads()
    results = []
    try:
        for level in _cpu.cpu_simd_levels():
            _cpu.set_simd_level(level)
            for threads in (1, 2):
                minigrad.set_num_threads(threads)
                results.append(_value_and_grad(F.relu, data, dtype))
    finally:
        _cpu.set_simd_level(previous_level)
        minigrad.set_num_threads(previous_threads)
    for out, grad in results:
        assert out.tobytes() == expected_out.tobytes()
        assert grad.tobytes() == expected_grad.tobytes()


def test_linear_and_conv_followed_by_relu_keep_nan():
    rows = minigrad.tensor(np.array([[NAN, 1.0], [-2.0, 3.0]], np.float32), requires_grad=True)
    layer = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    out = layer(rows)
    values = out.detach().numpy()
    assert np.isnan(values[0]).all() and not np.isnan(values[1]).any()

    image = np.ones((1, 1, 4, 4))
    image[0, 0, 1, 1] = NAN
    x = minigrad.tensor(image, requires_grad=True)
    weight = minigrad.tensor(np.ones((1, 1, 2, 2)), requires_grad=True)
    y = F.relu(F.conv2d(x, weight, minigrad.tensor(np.array([-10.0]))))
    y.sum().backward()
    # The four windows that hold the NaN are NaN and pass their gradient back
    # (1 per window); the others are relu(4 - 10) = 0 and pass none.
    nan_windows = np.zeros((3, 3), bool)
    nan_windows[:2, :2] = True
    np.testing.assert_array_equal(np.isnan(y.detach().numpy()[0, 0]), nan_windows)
    assert np.isnan(weight.grad.numpy()).all()  # the NaN input reaches every tap's gradient
    grad = x.grad.numpy()[0, 0]
    assert grad[0, 0] == 1.0 and grad[1, 1] == 4.0 and grad[3, 3] == 0.0


@pytest.mark.parametrize("call, values, grads", [
    # relu6: flat at and below 0 and at and above 6.
    (F.relu6, [NAN, -1.0, 0.0, 3.0, 6.0, 7.0, NAN], [1, 0, 0, 1, 0, 0, 1]),
    (F.elu, [NAN, 0.0, 2.0], [1, 1, 1]),
    # hardswish: 0 at and below -3, 1 at and above 3.
    (F.hardswish, [NAN, -4.0, -3.0, 0.0, 3.0, 4.0], [1, 0, 0, 0.5, 1, 1]),
    (F.hardsigmoid, [NAN, -3.0, 0.0, 3.0], [0, 0, 1 / 6, 0]),
    (F.leaky_relu, [NAN, -1.0, 1.0], [0.01, 0.01, 1]),
    (lambda x: minigrad.abs(x), [NAN, -2.0, 0.0, 3.0], [0, -1, 0, 1]),
    # hardtanh: flat at and beyond -1 and 1.
    (F.hardtanh, [NAN, -2.0, -1.0, 0.0, 1.0, 2.0], [1, 0, 0, 1, 0, 0]),
    (lambda x: F.hardtanh(x, 0.5, 0.5), [NAN, 0.5], [1, 0]),
    (F.selu, [NAN, 1.0], [1.0507009873554805, 1.0507009873554805]),
    (F.celu, [NAN, 0.0, 2.0], [1, 1, 1]),
    # Smooth, no flat side: NaN gives a NaN gradient, as PyTorch's formulas do.
    (F.softsign, [NAN, 1.0], [NAN, 0.25]),
    (F.logsigmoid, [NAN, 0.0], [NAN, 0.5]),
], ids=["relu6", "elu", "hardswish", "hardsigmoid", "leaky_relu", "abs", "hardtanh",
        "hardtanh-equal-bounds", "selu", "celu", "softsign", "logsigmoid"])
def test_piecewise_activations_propagate_nan_with_pytorchs_gradient(call, values, grads):
    out, grad = _value_and_grad(call, values)
    assert np.isnan(out[0])
    np.testing.assert_allclose(grad, grads, rtol=1e-12)


def test_elu_keeps_the_sign_of_negative_zero():
    _same(F.elu(minigrad.tensor([-0.0, 0.0])).numpy(), [-0.0, 0.0])


def test_sign_of_nan_is_zero():
    _same(minigrad.sign(minigrad.tensor([NAN, -2.0, -0.0, 3.0])).numpy(), [0.0, -1.0, 0.0, 1.0])


@pytest.mark.parametrize("op", [minigrad.maximum, minigrad.minimum])
def test_maximum_and_minimum_give_both_inputs_the_gradient_at_nan(op):
    a = minigrad.tensor([NAN, 1.0, 2.0, 5.0], requires_grad=True)
    b = minigrad.tensor([1.0, NAN, 2.0, 0.0], requires_grad=True)
    out = op(a, b)
    out.sum().backward()
    assert np.isnan(out.detach().numpy()[:2]).all()
    winner_is_a = op is minigrad.maximum
    assert a.grad.tolist() == [1.0, 1.0, 0.5, 1.0 if winner_is_a else 0.0]
    assert b.grad.tolist() == [1.0, 1.0, 0.5, 0.0 if winner_is_a else 1.0]


@pytest.mark.parametrize("op", [minigrad.amax, minigrad.amin])
def test_amax_and_amin_give_a_nan_slice_a_nan_gradient(op):
    x = minigrad.tensor([[NAN, 1.0, 2.0], [1.0, 5.0, 5.0]], requires_grad=True)
    out = op(x, 1)
    out.sum().backward()
    values = out.detach().numpy()
    assert np.isnan(values[0]) and not np.isnan(values[1])
    grad = x.grad.numpy()
    assert np.isnan(grad[0]).all()
    expected_row = [0.0, 0.5, 0.5] if op is minigrad.amax else [1.0, 0.0, 0.0]
    assert grad[1].tolist() == expected_row


def test_aminmax_gives_a_nan_slice_a_nan_gradient():
    x = minigrad.tensor([[NAN, 1.0], [1.0, 5.0]], requires_grad=True)
    low, high = minigrad.aminmax(x, dim=1)
    (low.sum() + high.sum()).backward()
    assert np.isnan(x.grad.numpy()[0]).all()
    assert x.grad.numpy()[1].tolist() == [1.0, 1.0]


def test_max_of_all_elements_shares_the_gradient_among_nans():
    x = minigrad.tensor([NAN, 1.0, NAN], requires_grad=True)
    minigrad.max(x).backward()
    assert x.grad.tolist() == [0.5, 0.0, 0.5]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_max_pool_propagates_nan_at_every_simd_level(dtype, simd_level):
    x = np.arange(48, dtype=dtype).reshape(1, 3, 4, 4)
    x[0, 0, 0, 1] = NAN
    x[0, 1, 3, 3] = NAN
    t = minigrad.tensor(x, requires_grad=True)
    for call in (lambda t: F.max_pool2d(t, 2), lambda t: F.max_pool2d(t, 3, 1, 1),
                 lambda t: F.adaptive_max_pool2d(t, 3)):
        t.grad = None
        out = call(t)
        out.sum().backward()
        values = out.detach().numpy()
        assert np.isnan(values[0, 0, 0, 0]) and np.isnan(values[0, 1, -1, -1])
        assert not np.isnan(values[0, 2]).any()
        # Every window that holds the NaN picked it, so it got their gradients.
        grad = t.grad.numpy()
        assert grad[0, 0, 0, 1] == np.isnan(values[0, 0]).sum()
        assert grad[0, 1, 3, 3] == np.isnan(values[0, 1]).sum()


SMALL = [NAN, -1.5, -0.0, 0.0, 2.5, 6.0, np.inf, -np.inf, 7.0, NAN]
ELEMENTWISE = ["relu", "relu6", "elu", "hardswish", "hardsigmoid", "leaky_relu", "abs",
               "hardtanh", "selu", "celu", "softsign", "logsigmoid"]


@pytest.mark.parametrize("name", ELEMENTWISE + ["amax", "amin", "maximum", "max_pool1d"])
def test_nan_results_match_pytorch(name):
    torch = pytest.importorskip("torch")
    TF = torch.nn.functional
    calls = {
        "relu": (F.relu, torch.relu), "relu6": (F.relu6, TF.relu6), "elu": (F.elu, TF.elu),
        "hardswish": (F.hardswish, TF.hardswish), "hardsigmoid": (F.hardsigmoid, TF.hardsigmoid),
        "leaky_relu": (F.leaky_relu, TF.leaky_relu), "abs": (minigrad.abs, torch.abs),
        "hardtanh": (F.hardtanh, TF.hardtanh), "selu": (F.selu, TF.selu),
        "celu": (lambda x: F.celu(x, 0.5), lambda x: TF.celu(x, 0.5)),
        "softsign": (F.softsign, TF.softsign), "logsigmoid": (F.logsigmoid, TF.logsigmoid),
        "amax": (lambda x: minigrad.amax(x.reshape(2, 5), 1),
                 lambda x: torch.amax(x.reshape(2, 5), 1)),
        "amin": (lambda x: minigrad.amin(x.reshape(5, 2), 0),
                 lambda x: torch.amin(x.reshape(5, 2), 0)),
        "maximum": (lambda x: minigrad.maximum(x, x.flip(0)),
                    lambda x: torch.maximum(x, x.flip(0))),
        "max_pool1d": (lambda x: F.max_pool1d(x.reshape(1, 1, 10), 3, 1, 1),
                       lambda x: TF.max_pool1d(x.reshape(1, 1, 10), 3, 1, 1)),
    }
    ours, theirs = calls[name]
    out, grad = _value_and_grad(ours, SMALL)
    # The elementwise ops one element at a time: PyTorch's scalar loop, whose
    # rule at NaN its derivative formulas state. (Its vectorised loops give 0
    # or NaN for the gradient of relu6, elu and hardswish at NaN instead.)
    pieces = [[v] for v in SMALL] if name in ELEMENTWISE else [SMALL]
    expected, expected_grad = [], []
    for piece in pieces:
        x = torch.tensor(piece, dtype=torch.float64, requires_grad=True)
        y = theirs(x)
        y.sum().backward()
        expected.append(y.detach().numpy().reshape(-1))
        expected_grad.append(x.grad.numpy())
    _same(out.reshape(-1), np.concatenate(expected))
    # PyTorch's hardsigmoid slope is the float32 1/6 even in float64.
    np.testing.assert_allclose(grad, np.concatenate(expected_grad), rtol=1e-7)
