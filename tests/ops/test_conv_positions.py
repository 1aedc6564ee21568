"""The weight gradient of kernels with few taps (``_ext/conv_positions.pxd``) against sums
over windows.

Convolutions with at most 32 taps per output channel (input channels per
group times the kernel's size: a first layer's 1x5x5 or 3x3x3 kernel) and
more than 64 output positions compute their weight gradient with the
positions along the vectors, in groups of 64 bytes, and add the positions
past the last group one by one.
"""
import itertools

import numpy as np
import pytest

import minigrad
from minigrad._ext import _cpu
from minigrad.autograd import gradcheck
from minigrad.ops import conv as C
from tests.ops.test_conv import conv2d_results_on_one_and_two_threads, float64_conv_leaves

CONV = {1: C.conv1d, 2: C.conv2d, 3: C.conv3d}


def _weight_gradient_reference(x, grad, kernel, stride, padding, dilation, groups):
    """``dW[o, c, k] = sum over samples and positions of grad[n, o, p] * x[n, c, p*s + k*d - pad]``,
    tap by tap, in float64."""
    nd = len(kernel)
    x = np.pad(x.astype(np.float64), [(0, 0), (0, 0)] + [(p, p) for p in padding])
    grad = grad.astype(np.float64)
    n, o = grad.shape[:2]
    c = x.shape[1] // groups
    og = o // groups
    out_size = grad.shape[2:]
    result = np.zeros((o, c) + tuple(kernel))
    for tap in itertools.product(*(range(k) for k in kernel)):
        window = tuple(slice(t * d, t * d + (size - 1) * s + 1, s)
                       for t, d, s, size in zip(tap, dilation, stride, out_size))
        under = x[(slice(None), slice(None)) + window]  # (N, C, *out)
        for g in range(groups):
            gy = grad[:, g * og:(g + 1) * og].reshape(n, og, -1)
            xs = under[:, g * c:(g + 1) * c].reshape(n, c, -1)
            result[(slice(g * og, (g + 1) * og), slice(None)) + tap] = np.einsum(
                "nop,ncp->oc", gy, xs)
    assert result.shape[2:] == tuple(kernel) and nd == len(out_size)
    return result


def _weight_gradient(x, w_shape, grad, stride, padding, dilation, groups):
    nd = x.ndim - 2
    weight = minigrad.tensor(np.zeros(w_shape, x.dtype), requires_grad=True)
    out = CONV[nd](minigrad.tensor(x), weight, None, stride, padding, dilation, groups)
    assert out.shape == grad.shape
    out.backward(minigrad.tensor(grad))
    return weight.grad.numpy()


def _out_size(x_shape, kernel, stride, padding, dilation):
    return tuple((s + 2 * p - d * (k - 1) - 1) // st + 1 for s, k, st, p, d
                 in zip(x_shape[2:], kernel, stride, padding, dilation))


# (N, C, *spatial), O, kernel, stride, padding, dilation, groups
CASES = {
    "lenet-conv1": ((3, 1, 28, 28), 20, (5, 5), (1, 1), (2, 2), (1, 1), 1),
    "rgb-3x3": ((2, 3, 32, 32), 64, (3, 3), (1, 1), (1, 1), (1, 1), 1),
    "positions-past-the-groups": ((2, 1, 13, 11), 7, (3, 3), (1, 1), (0, 0), (1, 1), 1),
    "stride-and-dilation": ((2, 2, 29, 27), 5, (3, 3), (2, 2), (1, 1), (2, 2), 1),
    "groups": ((2, 6, 9, 10), 6, (3, 3), (1, 1), (1, 1), (1, 1), 3),
    "one-channel-rows": ((3, 2, 50), 9, (7,), (1,), (3,), (1,), 1),
    "volumes": ((2, 1, 5, 6, 7), 4, (3, 3, 3), (1, 1, 1), (1, 1, 1), (1, 1, 1), 1),
    "several-tiles": ((1, 1, 40, 40), 512, (3, 3), (1, 1), (1, 1), (1, 1), 1),
    "32-taps": ((2, 2, 19, 17), 11, (4, 4), (1, 1), (1, 2), (1, 1), 1),
    "33-taps": ((2, 11, 19, 17), 5, (3, 1), (1, 1), (1, 0), (1, 1), 1),
}


def _case(name, dtype, seed=0):
    x_shape, o, kernel, stride, padding, dilation, groups = CASES[name]
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(x_shape).astype(dtype)
    out_size = _out_size(x_shape, kernel, stride, padding, dilation)
    grad = rng.standard_normal((x_shape[0], o) + out_size).astype(dtype)
    w_shape = (o, x_shape[1] // groups) + kernel
    return x, w_shape, grad, (stride, padding, dilation, groups)


def _at_level(level, run):
    if level not in _cpu.cpu_simd_levels():
        pytest.skip(f"this processor has no {level}")
    previous = _cpu.set_simd_level(level)
    try:
        return run()
    finally:
        _cpu.set_simd_level(previous)


@pytest.mark.parametrize("level", ["avx512", "avx2", "baseline"])
@pytest.mark.parametrize("name", list(CASES))
def test_float64_matches_the_sums_over_windows(name, level):
    x, w_shape, grad, args = _case(name, np.float64)
    got = _at_level(level, lambda: _weight_gradient(x, w_shape, grad, *args))
    expected = _weight_gradient_reference(x, grad, w_shape[2:], *args)
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())


@pytest.mark.parametrize("level", ["avx512", "avx2", "baseline"])
@pytest.mark.parametrize("name", ["lenet-conv1", "rgb-3x3", "positions-past-the-groups",
                                  "several-tiles"])
def test_float32_is_within_rounding_of_the_float64_sums(name, level):
    x, w_shape, grad, args = _case(name, np.float32)
    got = _at_level(level, lambda: _weight_gradient(x, w_shape, grad, *args))
    expected = _weight_gradient_reference(x, grad, w_shape[2:], *args)
    assert np.abs(got - expected).max() <= 2e-6 * np.abs(expected).max()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", list(CASES))
def test_avx512_and_avx2_copies_give_the_same_bits(name, dtype):
    # Two AVX2 vectors make the group an AVX-512 vector makes: every lane sums
    # the same positions in the same order, and the lanes are added by shared code.
    x, w_shape, grad, args = _case(name, dtype)
    avx2 = _at_level("avx2", lambda: _weight_gradient(x, w_shape, grad, *args))
    avx512 = _at_level("avx512", lambda: _weight_gradient(x, w_shape, grad, *args))
    np.testing.assert_array_equal(avx2, avx512)


@pytest.mark.parametrize("x_shape, out_channels, kernel_size", [((8, 3, 32, 32), 16, 3),
                                                                ((8, 1, 28, 28), 20, 5)])
def test_one_and_two_threads_give_the_same_bits(x_shape, out_channels, kernel_size):
    one, two = conv2d_results_on_one_and_two_threads(x_shape, out_channels,
                                                     kernel_size=kernel_size)
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("level", ["avx512", "avx2", "baseline"])
def test_non_finite_values_spread_as_in_the_sums(level):
    x, w_shape, grad, args = _case("stride-and-dilation", np.float64)  # 182 positions
    x[0, 0, 3, 4] = np.inf
    x[1, 0, 27, 21] = -np.inf  # under output position (13, 10), past the last group of 16
    grad[1, 2, 5, 5] = np.nan
    got = _at_level(level, lambda: _weight_gradient(x, w_shape, grad, *args))
    expected = _weight_gradient_reference(x, grad, w_shape[2:], *args)
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_array_equal(np.isinf(got), np.isinf(expected))
    finite = np.isfinite(expected)
    assert not finite.all() and finite.any()
    np.testing.assert_allclose(got[finite], expected[finite], rtol=1e-12, atol=1e-12)


def test_gradcheck_of_conv2d_through_the_path():
    x, w, b = float64_conv_leaves((2, 1, 9, 9), (3, 1, 3, 3), seed=3)
    assert gradcheck(lambda x, w, b: C.conv2d(x, w, b, padding=1), (x, w, b))
