"""Winograd's F(2x2, 3x3), F(4x4, 3x3) and F(2x2, 5x5) paths of conv2d against a plain sum
over the windows.

F(2x2, 3x3) takes 3x3 convolutions of unit stride with 128 channels or more
on 4x4 to 8x8 maps, F(4x4, 3x3) the forward and input gradient of those on
larger maps up to 56x56; F(2x2, 5x5) takes all three passes
of 5x5 ones of 20 channels or more (1000 channel pairs) on maps up to
14x14, 16 samples or more (LeNet-5's second layer). Most tests
lower the thresholds so that small, float64 cases (checked to 1e-12) run
through them.
"""
import numpy as np
import pytest

import minigrad
from minigrad._ext import matmul as matmul_kernels
from minigrad.autograd import gradcheck
from minigrad.ops import conv as C
from minigrad.ops import winograd as W
from tests.ops.test_conv import conv2d_results_on_one_and_two_threads, float64_conv_leaves


def _windows(x, padding, out_size, size):
    """``(N, C, size, size, OH, OW)``: the input under each tap at each output position."""
    x = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    return np.stack([np.stack([x[:, :, i:i + out_size[0], j:j + out_size[1]]
                               for j in range(size)], axis=2) for i in range(size)], axis=2)


def _reference_forward(x, weight, padding):
    size = weight.shape[2]
    out_size = tuple(s + 2 * p - size + 1 for s, p in zip(x.shape[2:], padding))
    return np.einsum("ocij,ncijhw->nohw", weight, _windows(x, padding, out_size, size))


def _reference_weight_grad(x, grad, padding):
    size = x.shape[2] + 2 * padding[0] - grad.shape[2] + 1
    return np.einsum("nohw,ncijhw->ocij", grad, _windows(x, padding, grad.shape[2:], size))


# (N, C, H, W), O, padding, scheme: odd and even sizes, non-square maps,
# padding 0 to size - 1, maps that are not whole tiles; for 5x5, batches of
# fewer and more than the 16 samples its transforms take at a time.
_CASES_3X3 = [
    ((3, 5, 6, 6), 4, (1, 1)),
    ((2, 3, 7, 5), 6, (1, 1)),
    ((2, 4, 5, 8), 3, (0, 2)),
    ((1, 2, 2, 3), 5, (2, 1)),
    ((2, 3, 3, 3), 2, (0, 0)),
    ((4, 2, 1, 1), 3, (1, 1)),
    ((2, 3, 9, 13), 4, (1, 2)),
    ((1, 2, 16, 11), 3, (0, 1)),
    # Rows of 2 and 4 tiles, which the 4x4 and 6x6 transforms unroll.
    ((2, 3, 4, 4), 3, (1, 1)),
    ((2, 3, 8, 7), 4, (1, 1)),
    ((1, 2, 13, 16), 2, (1, 1)),
]
CASES = [case + (scheme,) for scheme in (W.F2_3, W.F4_3) for case in _CASES_3X3] + [
    ((3, 4, 9, 7), 5, (2, 2), W.F2_5),
    ((2, 3, 14, 14), 6, (2, 1), W.F2_5),
    ((17, 2, 6, 6), 3, (0, 4), W.F2_5),
    ((2, 3, 5, 4), 2, (3, 4), W.F2_5),
    ((1, 2, 1, 2), 3, (2, 2), W.F2_5),
]


def _case(shape, out_channels, padding, size, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    weight = rng.standard_normal((out_channels, shape[1], size, size))
    out_size = tuple(s + 2 * p - size + 1 for s, p in zip(shape[2:], padding))
    grad = rng.standard_normal((shape[0], out_channels) + out_size)
    return x, weight, grad


@pytest.mark.parametrize("shape, out_channels, padding, scheme", CASES, ids=repr)
def test_forward_matches_the_sum_over_windows(shape, out_channels, padding, scheme):
    x, weight, _ = _case(shape, out_channels, padding, scheme.size)
    bias = np.linspace(-1, 1, out_channels)
    expected = _reference_forward(x, weight, padding) + bias[:, None, None]
    np.testing.assert_allclose(W.forward(x, weight, bias, padding, scheme), expected,
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape, out_channels, padding, scheme", CASES, ids=repr)
def test_input_gradient_is_the_adjoint_of_the_forward(shape, out_channels, padding, scheme):
    x, weight, grad = _case(shape, out_channels, padding, scheme.size)
    grad_x = W.backward_input(grad, weight, padding, scheme)
    assert grad_x.shape == x.shape
    # <conv(x), grad> == <x, input gradient> for every x: check it on the unit vectors.
    columns = np.eye(x.size).reshape((x.size,) + x.shape)
    jacobian_t = np.stack([np.vdot(W.forward(e, weight, None, padding, scheme), grad)
                           for e in columns])
    np.testing.assert_allclose(grad_x.ravel(), jacobian_t, rtol=1e-12, atol=1e-12)


# F(2x2, 5x5)'s weight gradient: more than 16 output channels and channels that
# are not whole blocks of 5 (O = 70 fills one AVX-512 block of 64 and one vector
# past it), rows of 4, 6 and 7 tiles (its items take up to 4 of a row).
_WEIGHT_CASES_5X5 = [case for case in CASES if case[3] is W.F2_5] + [
    ((18, 7, 8, 14), 70, (2, 2), W.F2_5),
    ((3, 11, 10, 13), 17, (1, 2), W.F2_5),
]
WEIGHT_CASES = [case for case in CASES if case[3] is W.F2_3] + _WEIGHT_CASES_5X5


@pytest.mark.parametrize("shape, out_channels, padding, scheme", WEIGHT_CASES, ids=repr)
def test_weight_gradient_matches_the_sum_over_windows(shape, out_channels, padding, scheme):
    x, weight, grad = _case(shape, out_channels, padding, scheme.size)
    expected = _reference_weight_grad(x, grad, padding)
    np.testing.assert_allclose(W.backward_weight(x, grad, padding, scheme), expected,
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape, out_channels, padding, scheme", _WEIGHT_CASES_5X5, ids=repr)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_5x5_weight_gradient_at_every_simd_level(shape, out_channels, padding, scheme, dtype,
                                                 simd_level):
    x, weight, grad = _case(shape, out_channels, padding, 5, seed=16)
    expected = _reference_weight_grad(x, grad, padding)
    got = W.backward_weight(x.astype(dtype), grad.astype(dtype), padding, scheme)
    assert got.dtype == dtype
    if dtype == np.float64:
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    else:
        # The transforms scale by up to 5/2 and 16/15: measured, 2e-6 to 5e-6 of
        # the largest value on these and on LeNet-5's second layer.
        assert np.abs(got - expected).max() < 2e-5 * np.abs(expected).max()


def test_5x5_weight_gradient_takes_channels_padded_for_either_level(monkeypatch):
    # The output channels are padded to 16 for AVX-512 and to 8 for AVX2. Padded
    # to 8 while the level is AVX-512 (another thread switched it between the
    # padding and the kernel), the kernel runs the AVX2 copy: the same bits.
    from minigrad._ext import _cpu

    if "avx512" not in _cpu.cpu_simd_levels():
        pytest.skip("this processor has no avx512")
    x, weight, grad = (a.astype(np.float32) for a in _case((18, 7, 8, 14), 70, (2, 2), 5,
                                                           seed=19))
    previous = _cpu.set_simd_level("avx512")
    try:
        assert W._weight_vector(np.float32) == 16
        whole = W.backward_weight(x, grad, (2, 2), W.F2_5)
        monkeypatch.setattr(W, "_weight_vector", lambda dtype: 8)
        np.testing.assert_array_equal(W.backward_weight(x, grad, (2, 2), W.F2_5), whole)
    finally:
        _cpu.set_simd_level(previous)


def test_weight_lanes_refuses_shapes_that_do_not_match():
    x = np.zeros((3, 10, 10, 16), np.float32)
    grad = np.zeros((6, 6, 16, 8), np.float32)
    sums = np.zeros((2, 36, 5, 8))
    W._kernels.weight_lanes(x, grad, sums, False, 2)
    for bad_x, bad_grad, bad_sums in [
            (x, np.zeros((6, 6, 16, 12), np.float32), np.zeros((2, 36, 5, 12))),
            (x, np.zeros((6, 6, 32, 8), np.float32), sums),
            (x, grad, np.zeros((2, 36, 5, 16))),
            (x, grad, np.zeros((2, 36, 4, 8))),
            (np.zeros((6, 10, 10, 16), np.float32), grad, sums),
            (np.zeros((3, 9, 10, 16), np.float32), grad, sums)]:
        with pytest.raises(ValueError, match="weight_lanes"):
            W._kernels.weight_lanes(bad_x, bad_grad, bad_sums, False, 2)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("groups, c, o, cp, op", [(8, 20, 50, 20, 56), (1, 3, 5, 5, 8),
                                                  (3, 7, 16, 10, 16)])
def test_weight_finish_adds_the_groups_and_applies_g_on_both_sides(dtype, groups, c, o, cp, op):
    sums = np.random.default_rng(23).standard_normal((groups, 36, cp, op))
    sums[:, :, c:] = np.nan  # padding: never read
    sums[:, :, :, o:] = np.nan
    out = np.full((o, c, 5, 5), 7, dtype)
    W._kernels.weight_finish(sums, W.F2_5.g, out, 2)
    m = sums.sum(axis=0)[:, :c, :o].reshape(6, 6, c, o)
    expected = np.einsum("ai,abco,bj->ocij", W.F2_5.g, m, W.F2_5.g)
    np.testing.assert_allclose(out, expected.astype(dtype), rtol=1e-6 if dtype == np.float32
                               else 1e-12, atol=1e-12)


def test_weight_finish_refuses_shapes_that_do_not_match():
    sums, g, out = np.zeros((2, 36, 5, 8)), W.F2_5.g, np.zeros((8, 5, 5, 5))
    W._kernels.weight_finish(sums, g, out, 2)
    for bad_sums, bad_g, bad_out in [
            (np.zeros((0, 36, 5, 8)), g, out), (np.zeros((2, 25, 5, 8)), g, out),
            (sums, np.zeros((5, 5)), out), (sums, g, np.zeros((8, 6, 5, 5))),
            (sums, g, np.zeros((9, 5, 5, 5))), (sums, g, np.zeros((8, 5, 3, 3)))]:
        with pytest.raises(ValueError, match="weight_finish"):
            W._kernels.weight_finish(bad_sums, bad_g, bad_out, 2)


def test_5x5_weight_gradient_of_no_samples_is_zero():
    x, weight, grad = _case((0, 3, 6, 6), 4, (2, 2), 5)
    got = W.backward_weight(x, grad, (2, 2), W.F2_5)
    np.testing.assert_array_equal(got, np.zeros((4, 3, 5, 5)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_5x5_weight_gradient_gives_the_same_bits_at_avx2_and_avx512(dtype):
    from minigrad._ext import _cpu

    if "avx512" not in _cpu.cpu_simd_levels():
        pytest.skip("this processor has no avx512")
    x, weight, grad = (a.astype(dtype) for a in _case((18, 7, 8, 14), 70, (2, 2), 5, seed=17))
    results = []
    for level in ("avx512", "avx2"):
        previous = _cpu.set_simd_level(level)
        try:
            results.append(W.backward_weight(x, grad, (2, 2), W.F2_5))
        finally:
            _cpu.set_simd_level(previous)
    np.testing.assert_array_equal(results[0], results[1])


def test_many_chunks_give_the_results_of_one(monkeypatch):
    x, weight, grad = _case((9, 5, 6, 6), 4, (1, 1), 3)

    def results():
        return [W.forward(x, weight, None, (1, 1), W.F2_3),
                W.backward_input(grad, weight, (1, 1), W.F2_3),
                W.backward_weight(x, grad, (1, 1), W.F2_3),
                W.forward(x, weight, None, (1, 1), W.F4_3),
                W.backward_input(grad, weight, (1, 1), W.F4_3)]

    whole = results()
    # Two samples' tiles per chunk: five chunks, the last one short (F(2x2, 3x3):
    # 16 elements, 5 channels, 9 tiles, 8 bytes; F(4x4, 3x3): 36 and 4 tiles).
    monkeypatch.setattr(W, "_TILES_MAX_BYTES", 2 * 16 * 5 * 9 * 8)
    assert len(W._chunks(9, 16 * 5 * 9 * 8)) == 5
    assert len(W._chunks(9, 36 * 5 * 4 * 8)) == 5
    chunked = results()
    for i in (0, 1, 3, 4):
        np.testing.assert_array_equal(chunked[i], whole[i])
    np.testing.assert_allclose(chunked[2], whole[2], rtol=1e-13, atol=1e-13)


def test_many_chunks_of_sixteen_samples_give_the_results_of_one(monkeypatch):
    # 5x5: chunks of 16 samples (the lanes), the last one of a single sample.
    x, weight, grad = _case((33, 3, 7, 6), 4, (2, 2), 5)

    def results():
        return [W.forward(x, weight, None, (2, 2), W.F2_5),
                W.backward_input(grad, weight, (2, 2), W.F2_5),
                W.backward_weight(x, grad, (2, 2), W.F2_5)]

    whole = results()
    monkeypatch.setattr(W, "_TILES_MAX_BYTES", 1)
    assert W._lane_chunks(33, 100) == [(0, 16), (16, 32), (32, 33)]
    chunked = results()
    np.testing.assert_array_equal(chunked[0], whole[0])
    np.testing.assert_array_equal(chunked[1], whole[1])
    # The weight gradient's groups then sum other items: the same to rounding.
    expected = _reference_weight_grad(x, grad, (2, 2))
    for got in (whole[2], chunked[2]):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-13 * np.abs(expected).max())


def test_which_passes_each_scheme_runs(small_channels):
    # F(2x2, 3x3) runs all three passes on maps of up to 8x8, and the weight gradient
    # on larger maps, where F(4x4, 3x3) runs the other two. F(2x2, 5x5) runs all
    # three on maps of up to 14x14.
    cases = [((16, 20, 14, 14), (50, 20, 5, 5), (2, 2), W.F2_5, W.F2_5),
             ((16, 20, 15, 14), (50, 20, 5, 5), (2, 2), None, None),
             ((16, 20, 8, 8), (50, 20, 3, 3), (1, 1), W.F2_3, W.F2_3),
             ((16, 20, 16, 16), (50, 20, 3, 3), (1, 1), W.F4_3, W.F2_3),
             ((2, 20, 56, 56), (50, 20, 3, 3), (1, 1), W.F4_3, W.F2_3),
             ((2, 20, 57, 56), (50, 20, 3, 3), (1, 1), None, None)]
    for x_shape, w_shape, padding, forward, weight in cases:
        g = _geometry(x_shape[2:], x_shape[2:], padding)
        x, grad = np.ones(x_shape), np.ones(x_shape[:1] + w_shape[:1] + x_shape[2:])
        x5, w5 = x_shape[:2] + (1,) + x_shape[2:], w_shape[:2] + (1,) + w_shape[2:]
        assert W.usable(x5, w5, g, x, grad) is forward
        assert W.usable_for_weight(x5, w5, g, x, grad) is weight


@pytest.fixture
def small_channels(monkeypatch):
    """Let convolutions of a few channels and samples take the paths."""
    for scheme in W.SCHEMES:
        monkeypatch.setattr(scheme, "min_channels", 2)
        monkeypatch.setattr(scheme, "min_samples", 1)
        monkeypatch.setattr(scheme, "min_channel_pairs", 0)


@pytest.fixture(params=[W.F2_3, W.F4_3, W.F2_5], ids=repr)
def only(request, small_channels, monkeypatch):
    """One scheme alone, for maps of any size."""
    monkeypatch.setattr(W, "SCHEMES", (request.param,))
    monkeypatch.setattr(request.param, "min_positions", 0)
    monkeypatch.setattr(request.param, "max_positions", 10**6)
    return request.param


def test_conv2d_gradcheck_through_the_path(only):
    size = only.size
    x, w, b = float64_conv_leaves((2, 3, 5, 4), (4, 3, size, size), seed=4)
    p = size // 2
    g = _geometry((5, 4), (5, 4), (p, p))
    assert W.scheme_for((2, 3, 1, 5, 4), (4, 3, 1, size, size), g) is only
    assert gradcheck(lambda x, w, b: C.conv2d(x, w, b, padding=p), (x, w, b))


def test_conv_transpose2d_gradcheck_through_the_path(only):
    # A transposed convolution of unit stride is the input gradient of a convolution
    # with padding size - 1 - p: both its passes and its weight gradient take the path.
    size = only.size
    x, w, b = float64_conv_leaves((2, 3, 4, 4), (3, 2, size, size), seed=5,
                                  out_channels=2)
    p = size // 2
    assert gradcheck(lambda x, w, b: C.conv_transpose2d(x, w, b, padding=p), (x, w, b))


def _by_direct_kernels(x, w, grad, g):
    """Output, input gradient and weight gradient of the direct kernels, 4-d, in float64."""
    x5, w5, grad5 = x[:, :, None], w[:, :, None], grad[:, :, None]
    out = np.empty(grad5.shape)
    C._kernels.conv_forward(x5, w5, np.empty(0), out, g.stride, g.padding, g.dilation, 1, 2)
    grad_x = np.empty(x5.shape)
    C._kernels.conv_backward_input(grad5, w5, np.empty(0), grad_x, g.stride, g.padding,
                                   g.dilation, 1, 2)
    grad_w = np.empty(w5.shape)
    C._kernels.conv_backward_weight(x5, grad5, grad_w, g.stride, g.padding, g.dilation, 1, 2)
    return out[:, :, 0], grad_x[:, :, 0], grad_w[:, :, 0]


def _assert_float32_near_the_kernels_in_float64(x, w, padding, bound):
    """conv2d's output and gradients in float32 against the direct kernels' in float64."""
    g = _geometry(x.shape[2:], x.shape[2:], padding)
    assert W.applies((x.shape[0], x.shape[1], 1) + x.shape[2:], w.shape[:2] + (1,) + w.shape[2:],
                     g)
    xt = minigrad.tensor(x.astype(np.float32), requires_grad=True)
    wt = minigrad.tensor(w.astype(np.float32), requires_grad=True)
    out = C.conv2d(xt, wt, padding=padding)
    seed = np.random.default_rng(13).standard_normal(out.shape)
    out.backward(minigrad.tensor(seed.astype(np.float32)))
    expected = _by_direct_kernels(x, w, seed, g)
    for got, expected in zip([out, xt.grad, wt.grad], expected):
        scale = np.abs(expected).max()
        assert np.abs(got.detach().numpy() - expected).max() < bound * scale


def test_conv2d_layer_of_resnet_size_agrees_with_the_kernels_in_float32():
    # 128 channels on a 4x4 map: the path at its real threshold. The transforms
    # add a few terms to each sum; measured, float32 is off by 5e-7 of the
    # largest value, as the direct sum is.
    rng = np.random.default_rng(6)
    _assert_float32_near_the_kernels_in_float64(
        rng.standard_normal((4, 128, 4, 4)), rng.standard_normal((128, 128, 3, 3)) / 30, (1, 1),
        2e-6)


def test_a_16x16_layer_agrees_with_the_kernels_in_float32():
    # 128 channels on 16x16 maps: F(4x4, 3x3) at its real threshold for the forward
    # and the input gradient. Its transforms scale by up to 8 and 16/15: measured,
    # float32 is off by 2.6e-6 to 3.9e-6 of the largest value here and on 28x28
    # maps of 256 channels (the direct sum: 2e-7 to 4e-7).
    rng = np.random.default_rng(15)
    _assert_float32_near_the_kernels_in_float64(
        rng.standard_normal((4, 128, 16, 16)), rng.standard_normal((128, 128, 3, 3)) / 34,
        (1, 1), 1e-5)


def test_lenet5_second_layer_agrees_with_the_kernels_in_float32():
    # 20 -> 50 channels, 5x5 on 14x14, batch 16: the F(2x2, 5x5) path at its real
    # thresholds. Its transforms scale by up to 5/2 and 16/15, so float32 loses
    # more than the direct sum: measured, 1.0e-6 of the largest output (the
    # direct sum 3.9e-7) and up to 2e-6 of the largest gradient.
    rng = np.random.default_rng(11)
    _assert_float32_near_the_kernels_in_float64(
        np.maximum(rng.standard_normal((16, 20, 14, 14)), 0),
        rng.standard_normal((50, 20, 5, 5)) / 20, (2, 2), 5e-6)


def _geometry(in_size, out_size, padding, stride=(1, 1), dilation=(1, 1), groups=1):
    return C._Geometry(stride=(1,) + stride, padding=(0,) + padding, dilation=(1,) + dilation,
                       groups=groups, in_size=(1,) + in_size, out_size=(1,) + out_size)


@pytest.mark.parametrize("x_shape, w_shape, g, taken", [
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), W.F2_3),
    ((64, 512, 1, 4, 4), (512, 512, 1, 3, 3), _geometry((4, 4), (4, 4), (1, 1)), W.F2_3),
    ((64, 128, 1, 8, 8), (256, 128, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), W.F2_3),
    # Larger maps of 128 channels or more: F(4x4, 3x3), up to 56x56.
    ((64, 128, 1, 16, 16), (128, 128, 1, 3, 3), _geometry((16, 16), (16, 16), (1, 1)), W.F4_3),
    ((32, 128, 1, 28, 28), (128, 128, 1, 3, 3), _geometry((28, 28), (28, 28), (1, 1)), W.F4_3),
    ((8, 256, 1, 9, 8), (128, 256, 1, 3, 3), _geometry((9, 8), (9, 8), (1, 1)), W.F4_3),
    ((8, 128, 1, 56, 56), (128, 128, 1, 3, 3), _geometry((56, 56), (56, 56), (1, 1)), W.F4_3),
    ((8, 128, 1, 57, 56), (128, 128, 1, 3, 3), _geometry((57, 56), (57, 56), (1, 1)), None),
    # 2x2 maps (one tile a sample) and 64 channels: the other paths are faster.
    ((64, 512, 1, 2, 2), (512, 512, 1, 3, 3), _geometry((2, 2), (2, 2), (1, 1)), None),
    ((64, 64, 1, 8, 8), (64, 64, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), None),
    ((64, 64, 1, 32, 32), (64, 64, 1, 3, 3), _geometry((32, 32), (32, 32), (1, 1)), None),
    ((64, 256, 1, 4, 16), (256, 256, 1, 3, 3), _geometry((4, 16), (4, 16), (1, 1)), W.F2_3),
    ((64, 256, 1, 1, 16), (256, 256, 1, 3, 3), _geometry((1, 16), (1, 16), (1, 1)), None),
    # What the 3x3 schemes cannot compute.
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (4, 4), (1, 1), (2, 2)), None),
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3),
     _geometry((8, 8), (4, 4), (0, 0), dilation=(2, 2)), None),
    ((64, 256, 1, 8, 8), (128, 128, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1), groups=2), None),
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (12, 12), (3, 3)), None),
    ((0, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), None),
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 5), _geometry((8, 8), (8, 8), (1, 2)), None),
    # F(2x2, 5x5): LeNet-5's second layer at batch 16 and more; not with fewer
    # samples (the transforms take 16 at a time), channels or on larger maps.
    ((64, 20, 1, 14, 14), (50, 20, 1, 5, 5), _geometry((14, 14), (14, 14), (2, 2)), W.F2_5),
    ((16, 20, 1, 14, 14), (50, 20, 1, 5, 5), _geometry((14, 14), (14, 14), (2, 2)), W.F2_5),
    ((64, 64, 1, 8, 8), (64, 64, 1, 5, 5), _geometry((8, 8), (8, 8), (2, 2)), W.F2_5),
    ((8, 20, 1, 14, 14), (50, 20, 1, 5, 5), _geometry((14, 14), (14, 14), (2, 2)), None),
    ((64, 16, 1, 14, 14), (16, 16, 1, 5, 5), _geometry((14, 14), (14, 14), (2, 2)), None),
    ((64, 20, 1, 14, 14), (20, 20, 1, 5, 5), _geometry((14, 14), (14, 14), (2, 2)), None),
    ((64, 1, 1, 28, 28), (20, 1, 1, 5, 5), _geometry((28, 28), (28, 28), (2, 2)), None),
    ((64, 32, 1, 28, 28), (64, 32, 1, 5, 5), _geometry((28, 28), (28, 28), (2, 2)), None),
    ((64, 20, 1, 14, 14), (50, 20, 1, 5, 5), _geometry((14, 14), (10, 10), (0, 0)), W.F2_5),
    ((64, 20, 1, 14, 14), (50, 20, 1, 5, 5), _geometry((14, 14), (7, 7), (2, 2), (2, 2)), None),
    ((64, 20, 1, 14, 14), (50, 20, 1, 5, 5), _geometry((14, 14), (20, 20), (5, 5)), None),
])
def test_which_convolutions_take_the_path(x_shape, w_shape, g, taken):
    assert W.scheme_for(x_shape, w_shape, g) is taken
    assert W.applies(x_shape, w_shape, g) is (taken is not None)


@pytest.mark.parametrize("x_shape, out_channels, size", [((8, 128, 6, 6), 128, 3),
                                                        ((4, 128, 12, 12), 128, 3),
                                                        ((20, 20, 14, 14), 50, 5)])
def test_the_path_is_bit_identical_at_one_and_two_threads(x_shape, out_channels, size):
    one, two = conv2d_results_on_one_and_two_threads(x_shape, out_channels, seed=7,
                                                     kernel_size=size)
    for a, b in zip(one, two):
        assert np.array_equal(a, b)


def _lenet5_second_layer_at(level):
    from minigrad._ext import _cpu

    rng = np.random.default_rng(12)
    x = minigrad.tensor(rng.standard_normal((18, 20, 14, 14)).astype(np.float32),
                        requires_grad=True)
    w = minigrad.tensor(rng.standard_normal((50, 20, 5, 5)).astype(np.float32),
                        requires_grad=True)
    previous = _cpu.set_simd_level(level)
    try:
        out = C.conv2d(x, w, padding=2)
        out.backward(minigrad.tensor(np.cos(np.arange(out.numel(), dtype=np.float32))
                                     .reshape(out.shape)))
    finally:
        _cpu.set_simd_level(previous)
    return out.detach().numpy(), x.grad.numpy(), w.grad.numpy()


def test_the_6x6_transforms_give_the_same_bits_at_avx2_and_avx512():
    # The copies differ in vector width only; the baseline one rounds each
    # product apart (no FMA), so it is only close.
    from minigrad._ext import _cpu

    if "avx512" not in _cpu.cpu_simd_levels():
        pytest.skip("this processor has no avx512")
    avx512, avx2, baseline = (_lenet5_second_layer_at(level)
                              for level in ("avx512", "avx2", "baseline"))
    for a, b, c in zip(avx512, avx2, baseline):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(c, a, rtol=1e-4, atol=1e-4 * np.abs(a).max())


@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
@pytest.mark.parametrize("where", ["input", "weight", "grad"])
def test_non_finite_values_give_what_the_direct_kernels_give(only, value, where):
    # The transforms subtract: inf - inf would make NaN where the direct sum gives
    # inf, and a NaN would spread over its block. Such inputs leave the path.
    # (A 9x8 map: more positions than the GEMMs over the batch take, so the
    # direct kernels are the other path.)
    size = only.size
    rng = np.random.default_rng(9)
    x = rng.standard_normal((2, 3, 9, 8))
    w = rng.standard_normal((4, 3, size, size))
    grad = rng.standard_normal((2, 4, 9, 8))
    {"input": x, "weight": w, "grad": grad}[where][0, 1, 2, 3 if where != "weight" else 1] = value
    p = size // 2
    g = _geometry((9, 8), (9, 8), (p, p))
    assert W.applies((2, 3, 1, 9, 8), (4, 3, 1, size, size), g)
    assert C._batch_gemm_blocks((2, 3, 1, 9, 8), (1, size, size), g) is None
    xt = minigrad.tensor(x, requires_grad=True)
    wt = minigrad.tensor(w, requires_grad=True)
    out = C.conv2d(xt, wt, padding=p)
    out.backward(minigrad.tensor(grad))
    expected = _by_direct_kernels(x, w, grad, g)
    for got, expected in zip([out.detach(), xt.grad, wt.grad], expected):
        np.testing.assert_allclose(got.numpy(), expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("position", [0, 4095, 4096, 10000 - 1])
@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_all_finite_finds_one_non_finite_value_anywhere(dtype, position, value):
    a = np.random.default_rng(10).standard_normal(10000).astype(dtype)
    assert W._kernels.all_finite(a, 2)
    a[position] = value
    assert not W._kernels.all_finite(a, 2)
    assert not W._kernels.all_finite(a, 1)


def test_all_finite_of_nothing_and_of_the_largest_values_is_true():
    assert W._kernels.all_finite(np.zeros(0), 2)
    assert W._kernels.all_finite(np.full(5, np.finfo(np.float32).max, np.float32), 2)


@pytest.mark.parametrize("trans_a, trans_b", [(False, False), (True, False), (False, True),
                                              (True, True)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_matmul_batched_matches_numpy(trans_a, trans_b, dtype):
    rng = np.random.default_rng(8)
    a = rng.standard_normal((5, 7, 3)).astype(dtype)
    b = rng.standard_normal((5, 3, 4)).astype(dtype)
    a_in = np.ascontiguousarray(a.transpose(0, 2, 1)) if trans_a else a
    b_in = np.ascontiguousarray(b.transpose(0, 2, 1)) if trans_b else b
    out = np.full((5, 7, 4), np.nan, dtype)
    matmul_kernels.matmul_batched(a_in, trans_a, b_in, trans_b, out, False, 2)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out, a @ b, rtol=rtol)
    matmul_kernels.matmul_batched(a_in, trans_a, b_in, trans_b, out, True, 2)
    np.testing.assert_allclose(out, 2 * (a @ b), rtol=rtol)


def test_matmul_batched_takes_matrices_further_apart_than_their_size():
    # As the tile buffers: each (rows, cols) matrix the first part of a longer row.
    rng = np.random.default_rng(9)
    a = rng.standard_normal((4, 5 * 7 + 3))[:, :35].reshape(4, 5, 7)
    b = rng.standard_normal((4, 7 * 6 + 1))[:, :42].reshape(4, 7, 6)
    out = np.full((4, 5 * 6 + 4), np.nan)
    matmul_kernels.matmul_batched(a, False, b, False, out[:, :30].reshape(4, 5, 6), False, 2)
    np.testing.assert_allclose(out[:, :30].reshape(4, 5, 6), a @ b, rtol=1e-12)
    assert np.isnan(out[:, 30:]).all()  # nothing written between the matrices


def test_matmul_batched_refuses_matrices_that_are_not_c_contiguous():
    a = np.ones((2, 4, 3)).transpose(0, 2, 1)  # (2, 3, 4), its rows strided
    with pytest.raises(ValueError, match="each matrix of a must be C-contiguous"):
        matmul_kernels.matmul_batched(a, False, np.ones((2, 4, 5)), False,
                                      np.empty((2, 3, 5)), False, 2)
    overlapping = np.lib.stride_tricks.as_strided(np.empty(20), (2, 3, 5), (8, 40, 8))
    with pytest.raises(ValueError, match="each matrix of out must be C-contiguous"):
        matmul_kernels.matmul_batched(np.ones((2, 3, 4)), False, np.ones((2, 4, 5)), False,
                                      overlapping, False, 2)


@pytest.mark.parametrize("kernel, args", [
    ("input_tiles", lambda tiles: (np.ones((2, 3, 4, 4)), tiles, 1, 1, 2, 1)),
    ("output_tiles", lambda tiles: (tiles, np.empty((2, 3, 4, 4)), np.empty(0), 2, 1)),
    ("grad_output_tiles", lambda tiles: (np.ones((2, 3, 4, 4)), tiles, 2, 1)),
])
def test_tile_kernels_refuse_blocks_that_are_not_c_contiguous(kernel, args):
    tiles = np.empty((16, 2, 3, 4)).transpose(0, 2, 1, 3)  # (16, 3, 2, 4), channels strided
    with pytest.raises(ValueError, match=f"{kernel}: each tile element's block"):
        getattr(W._kernels, kernel)(*args(tiles))


def test_layout_checks_take_any_stride_along_axes_of_one_element():
    # NumPy gives such axes whatever stride; nothing steps along them.
    x = np.random.default_rng(3).standard_normal((1, 1, 2, 2))
    want = np.empty((16, 1, 1, 1))
    W._kernels.input_tiles(x, want, 1, 1, 1, 1)
    tiles = np.lib.stride_tricks.as_strided(np.empty(16 * 9), (16, 1, 1, 1), (72, 8, 40, 24))
    W._kernels.input_tiles(x, tiles, 1, 1, 1, 1)
    np.testing.assert_array_equal(tiles, want)
    a = np.lib.stride_tricks.as_strided(np.ones(12), (1, 3, 4), (8, 32, 8))
    out = np.empty((1, 3, 2))
    matmul_kernels.matmul_batched(a, False, np.ones((1, 4, 2)), False, out, False, 1)
    np.testing.assert_array_equal(out, 4.0)


def test_layout_checks_refuse_blocks_apart_by_part_of_an_element():
    base = np.empty(16 * 40, np.float32)
    tiles = np.lib.stride_tricks.as_strided(base, (16, 2, 1, 4), (4 * 8 + 2, 16, 16, 4))
    with pytest.raises(ValueError, match="input_tiles: each tile element's block"):
        W._kernels.input_tiles(np.ones((1, 2, 4, 4), np.float32), tiles, 1, 1, 2, 1)
    a = np.lib.stride_tricks.as_strided(np.ones(40), (2, 3, 4), (12 * 8 + 4, 32, 8))
    with pytest.raises(ValueError, match="each matrix of a must be C-contiguous"):
        matmul_kernels.matmul_batched(a, False, np.ones((2, 4, 2)), False, np.empty((2, 3, 2)),
                                      False, 1)


def test_a_whole_chunk_of_tiles_keeps_its_buffers_from_call_to_call():
    # 512 channels, 32 samples, 4 tiles fill a chunk: with the gaps between the
    # tile elements' blocks the buffers are a little larger, and still kept.
    rng = np.random.default_rng(4)
    x = rng.standard_normal((32, 512, 4, 4)).astype(np.float32)
    weight = rng.standard_normal((512, 512, 3, 3)).astype(np.float32)
    W.forward(x, weight, None, (1, 1), W.F2_3)
    kept = W._scratch.arrays[("input tiles", np.dtype(np.float32))]
    W.forward(x, weight, None, (1, 1), W.F2_3)
    assert W._scratch.arrays[("input tiles", np.dtype(np.float32))] is kept
    assert kept.nbytes > W._TILES_MAX_BYTES


def test_matmul_batched_refuses_mismatched_shapes_and_handles_empty_sums():
    with pytest.raises(ValueError, match="matmul_batched"):
        matmul_kernels.matmul_batched(np.ones((2, 3, 4)), False, np.ones((2, 5, 6)), False,
                                      np.empty((2, 3, 6)), False, 2)
    out = np.full((2, 3, 6), np.nan)
    matmul_kernels.matmul_batched(np.ones((2, 3, 0)), False, np.ones((2, 0, 6)), False, out,
                                  False, 2)
    assert (out == 0).all()
    # Accumulating an empty sum leaves the output as it was.
    matmul_kernels.matmul_batched(np.ones((2, 3, 0)), False, np.ones((2, 0, 6)), False, out,
                                  True, 2)
    assert (out == 0).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape, rows, cols, offset, lanes", [
    ((3, 2, 5, 4), 9, 8, (2, 3), 16),
    ((16, 1, 1, 1), 1, 1, (0, 0), 16),
    ((17, 3, 4, 6), 6, 10, (1, 4), 32),
    # Enough blocks of 16 lanes for each thread's share of them.
    ((64, 20, 14, 14), 18, 18, (2, 2), 64),
    ((50, 3, 30, 30), 34, 34, (2, 2), 64),
    ((33, 2, 40, 40), 44, 43, (2, 1), 96),
])
@pytest.mark.parametrize("threads", [1, 2, 3])
def test_samples_last_puts_each_sample_in_its_lane_in_zeros(dtype, shape, rows, cols, offset,
                                                           lanes, threads):
    x = np.random.default_rng(14).standard_normal(shape).astype(dtype)
    out = np.full((shape[1], rows, cols, lanes), 7, dtype)
    W._kernels.samples_last(x, out, offset[0], offset[1], threads)
    expected = np.zeros_like(out)
    expected[:, offset[0]:offset[0] + shape[2], offset[1]:offset[1] + shape[3],
             :shape[0]] = x.transpose(1, 2, 3, 0)
    np.testing.assert_array_equal(out, expected)


def test_channels_last_refuses_an_output_that_is_too_small():
    grad = np.zeros((3, 5, 4, 6))
    W._kernels.channels_last(grad, np.zeros((4, 6, 16, 8)), 2)
    for shape in [(3, 6, 16, 8), (4, 5, 16, 8), (4, 6, 2, 8), (4, 6, 16, 4)]:
        with pytest.raises(ValueError, match="channels_last"):
            W._kernels.channels_last(grad, np.zeros(shape), 2)


def test_samples_last_refuses_an_input_that_does_not_fit():
    x = np.zeros((3, 2, 5, 4))
    W._kernels.samples_last(x, np.zeros((2, 9, 8, 16)), 4, 4, 2)
    for out, top, left in [(np.zeros((2, 9, 8, 16)), 5, 4), (np.zeros((2, 9, 8, 16)), 4, 5),
                           (np.zeros((2, 9, 8, 16)), -1, 0), (np.zeros((3, 9, 8, 16)), 0, 0),
                           (np.zeros((2, 9, 8, 2)), 0, 0)]:
        with pytest.raises(ValueError, match="samples_last"):
            W._kernels.samples_last(x, out, top, left, 2)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape, out_shape", [
    ((3, 5, 4, 6), (4, 6, 16, 16)),
    ((17, 20, 3, 2), (4, 2, 32, 32)),
    ((1, 1, 1, 1), (2, 2, 16, 16)),
])
def test_channels_last_puts_the_channels_innermost_in_zeros(dtype, shape, out_shape):
    grad = np.random.default_rng(18).standard_normal(shape).astype(dtype)
    out = np.full(out_shape, 7, dtype)
    W._kernels.channels_last(grad, out, 2)
    expected = np.zeros(out_shape, dtype)
    s, o, h, w = shape
    expected[:h, :w, :s, :o] = grad.transpose(2, 3, 0, 1)
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("size", [1, 1000, 1 << 20])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_aligned_empty_starts_on_a_cache_line(size, dtype):
    a = W._kernels.aligned_empty(size, dtype)
    assert a.shape == (size,) and a.dtype == dtype and a.flags.c_contiguous
    assert a.ctypes.data % 64 == 0
    a[:] = 1  # the whole array is writable memory of its own
    assert a.sum() == size
    assert W._kernels.aligned_empty(0, dtype).shape == (0,)
