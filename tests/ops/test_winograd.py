"""Winograd's F(2x2, 3x3) path of conv2d against a plain sum over the windows.

The path takes 3x3 convolutions of unit stride with 128 channels or more on
4x4 to 8x8 maps. Most tests lower the channel threshold so that small,
float64 cases (checked to 1e-12) run through it.
"""
import numpy as np
import pytest

import minigrad
from minigrad._ext import matmul as matmul_kernels
from minigrad.autograd import gradcheck
from minigrad.ops import conv as C
from minigrad.ops import winograd as W
from tests.ops.test_conv import conv2d_results_on_one_and_two_threads


def _windows(x, padding, out_size):
    """``(N, C, 3, 3, OH, OW)``: the input under each tap at each output position."""
    x = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    return np.stack([np.stack([x[:, :, i:i + out_size[0], j:j + out_size[1]] for j in range(3)],
                              axis=2) for i in range(3)], axis=2)


def _reference_forward(x, weight, padding):
    out_size = tuple(s + 2 * p - 2 for s, p in zip(x.shape[2:], padding))
    return np.einsum("ocij,ncijhw->nohw", weight, _windows(x, padding, out_size))


def _reference_weight_grad(x, grad, padding):
    return np.einsum("nohw,ncijhw->ocij", grad, _windows(x, padding, grad.shape[2:]))


# (N, C, H, W), O, padding: odd and even sizes, non-square maps, padding 0 to 2.
CASES = [
    ((3, 5, 6, 6), 4, (1, 1)),
    ((2, 3, 7, 5), 6, (1, 1)),
    ((2, 4, 5, 8), 3, (0, 2)),
    ((1, 2, 2, 3), 5, (2, 1)),
    ((2, 3, 3, 3), 2, (0, 0)),
    ((4, 2, 1, 1), 3, (1, 1)),
]


def _case(shape, out_channels, padding, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)
    weight = rng.standard_normal((out_channels, shape[1], 3, 3))
    out_size = tuple(s + 2 * p - 2 for s, p in zip(shape[2:], padding))
    grad = rng.standard_normal((shape[0], out_channels) + out_size)
    return x, weight, grad


@pytest.mark.parametrize("shape, out_channels, padding", CASES)
def test_forward_matches_the_sum_over_windows(shape, out_channels, padding):
    x, weight, _ = _case(shape, out_channels, padding)
    bias = np.linspace(-1, 1, out_channels)
    expected = _reference_forward(x, weight, padding) + bias[:, None, None]
    np.testing.assert_allclose(W.forward(x, weight, bias, padding), expected, rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("shape, out_channels, padding", CASES)
def test_input_gradient_is_the_adjoint_of_the_forward(shape, out_channels, padding):
    x, weight, grad = _case(shape, out_channels, padding)
    grad_x = W.backward_input(grad, weight, padding)
    assert grad_x.shape == x.shape
    # <conv(x), grad> == <x, input gradient> for every x: check it on the unit vectors.
    columns = np.eye(x.size).reshape((x.size,) + x.shape)
    jacobian_t = np.stack([np.vdot(W.forward(e, weight, None, padding), grad) for e in columns])
    np.testing.assert_allclose(grad_x.ravel(), jacobian_t, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape, out_channels, padding", CASES)
def test_weight_gradient_matches_the_sum_over_windows(shape, out_channels, padding):
    x, weight, grad = _case(shape, out_channels, padding)
    expected = _reference_weight_grad(x, grad, padding)
    np.testing.assert_allclose(W.backward_weight(x, grad, padding), expected, rtol=1e-12,
                               atol=1e-12)


def test_many_chunks_give_the_results_of_one(monkeypatch):
    x, weight, grad = _case((9, 5, 6, 6), 4, (1, 1))
    whole = [W.forward(x, weight, None, (1, 1)), W.backward_input(grad, weight, (1, 1)),
             W.backward_weight(x, grad, (1, 1))]
    # Two samples' tiles per chunk: five chunks, the last one short.
    monkeypatch.setattr(W, "_TILES_MAX_BYTES", 2 * 16 * 5 * 9 * 8)
    assert len(W._chunks(9, 16 * 5 * 9 * 8)) == 5
    chunked = [W.forward(x, weight, None, (1, 1)), W.backward_input(grad, weight, (1, 1)),
               W.backward_weight(x, grad, (1, 1))]
    np.testing.assert_array_equal(chunked[0], whole[0])
    np.testing.assert_array_equal(chunked[1], whole[1])
    np.testing.assert_allclose(chunked[2], whole[2], rtol=1e-13, atol=1e-13)


@pytest.fixture
def small_channels(monkeypatch):
    """Let convolutions of a few channels take the path."""
    monkeypatch.setattr(W, "MIN_CHANNELS", 2)


def test_conv2d_gradcheck_through_the_path(small_channels):
    rng = np.random.default_rng(4)
    x = minigrad.tensor(rng.standard_normal((2, 3, 5, 4)), requires_grad=True)
    w = minigrad.tensor(rng.standard_normal((4, 3, 3, 3)), requires_grad=True)
    b = minigrad.tensor(rng.standard_normal(4), requires_grad=True)
    assert W.applies((2, 3, 1, 5, 4), (4, 3, 1, 3, 3), _geometry((5, 4), (5, 4), (1, 1)))
    assert gradcheck(lambda x, w, b: C.conv2d(x, w, b, padding=1), (x, w, b))


def test_conv_transpose2d_gradcheck_through_the_path(small_channels):
    # A transposed convolution of unit stride is the input gradient of a convolution
    # with padding 2 - p: both its passes and its weight gradient take the path.
    rng = np.random.default_rng(5)
    x = minigrad.tensor(rng.standard_normal((2, 3, 4, 4)), requires_grad=True)
    w = minigrad.tensor(rng.standard_normal((3, 2, 3, 3)), requires_grad=True)
    b = minigrad.tensor(rng.standard_normal(2), requires_grad=True)
    assert gradcheck(lambda x, w, b: C.conv_transpose2d(x, w, b, padding=1), (x, w, b))


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


def test_conv2d_layer_of_resnet_size_agrees_with_the_kernels_in_float32():
    # 128 channels on a 4x4 map: the path at its real threshold, against the
    # direct kernels in float64. The transforms add a few terms to each sum;
    # measured, float32 is off by 5e-7 of the largest value, as the direct sum is.
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, 128, 4, 4))
    w = rng.standard_normal((128, 128, 3, 3)) / 30
    g = _geometry((4, 4), (4, 4), (1, 1))
    assert W.applies((4, 128, 1, 4, 4), (128, 128, 1, 3, 3), g)
    xt = minigrad.tensor(x.astype(np.float32), requires_grad=True)
    wt = minigrad.tensor(w.astype(np.float32), requires_grad=True)
    out = C.conv2d(xt, wt, padding=1)
    seed = rng.standard_normal(out.shape)
    out.backward(minigrad.tensor(seed.astype(np.float32)))
    expected = _by_direct_kernels(x, w, seed, g)
    for got, expected in zip([out, xt.grad, wt.grad], expected):
        scale = np.abs(expected).max()
        assert np.abs(got.detach().numpy() - expected).max() < 2e-6 * scale


def _geometry(in_size, out_size, padding, stride=(1, 1), dilation=(1, 1), groups=1):
    return C._Geometry(stride=(1,) + stride, padding=(0,) + padding, dilation=(1,) + dilation,
                       groups=groups, in_size=(1,) + in_size, out_size=(1,) + out_size)


@pytest.mark.parametrize("x_shape, w_shape, g, taken", [
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), True),
    ((64, 512, 1, 4, 4), (512, 512, 1, 3, 3), _geometry((4, 4), (4, 4), (1, 1)), True),
    ((64, 128, 1, 8, 8), (256, 128, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), True),
    # 2x2 maps (one tile a sample), 16x16 maps and 64 channels: the other paths are faster.
    ((64, 512, 1, 2, 2), (512, 512, 1, 3, 3), _geometry((2, 2), (2, 2), (1, 1)), False),
    ((64, 128, 1, 16, 16), (128, 128, 1, 3, 3), _geometry((16, 16), (16, 16), (1, 1)), False),
    ((64, 64, 1, 8, 8), (64, 64, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), False),
    ((64, 256, 1, 4, 16), (256, 256, 1, 3, 3), _geometry((4, 16), (4, 16), (1, 1)), True),
    ((64, 256, 1, 1, 16), (256, 256, 1, 3, 3), _geometry((1, 16), (1, 16), (1, 1)), False),
    # What F(2x2, 3x3) cannot compute.
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (4, 4), (1, 1), (2, 2)), False),
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3),
     _geometry((8, 8), (4, 4), (0, 0), dilation=(2, 2)), False),
    ((64, 256, 1, 8, 8), (128, 128, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1), groups=2), False),
    ((64, 256, 1, 8, 8), (256, 256, 1, 5, 5), _geometry((8, 8), (8, 8), (2, 2)), False),
    ((64, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (12, 12), (3, 3)), False),
    ((0, 256, 1, 8, 8), (256, 256, 1, 3, 3), _geometry((8, 8), (8, 8), (1, 1)), False),
])
def test_which_convolutions_take_the_path(x_shape, w_shape, g, taken):
    assert W.applies(x_shape, w_shape, g) is taken


def test_the_path_is_bit_identical_at_one_and_two_threads():
    one, two = conv2d_results_on_one_and_two_threads((8, 128, 6, 6), 128, seed=7)
    for a, b in zip(one, two):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
@pytest.mark.parametrize("where", ["input", "weight", "grad"])
def test_non_finite_values_give_what_the_direct_kernels_give(small_channels, monkeypatch, value,
                                                            where):
    # The transforms subtract: inf - inf would make NaN where the direct sum gives
    # inf, and a NaN would spread over its 2x2 block. Such inputs leave the path.
    # (A 9x8 map: more positions than the GEMMs over the batch take, so the
    # direct kernels are the other path.)
    monkeypatch.setattr(W, "MAX_POSITIONS", 10**6)
    rng = np.random.default_rng(9)
    x = rng.standard_normal((2, 3, 9, 8))
    w = rng.standard_normal((4, 3, 3, 3))
    grad = rng.standard_normal((2, 4, 9, 8))
    {"input": x, "weight": w, "grad": grad}[where][0, 1, 2, 3 if where != "weight" else 1] = value
    g = _geometry((9, 8), (9, 8), (1, 1))
    assert W.applies((2, 3, 1, 9, 8), (4, 3, 1, 3, 3), g)
    assert C._batch_gemm_blocks((2, 3, 1, 9, 8), (1, 3, 3), g) is None
    xt = minigrad.tensor(x, requires_grad=True)
    wt = minigrad.tensor(w, requires_grad=True)
    out = C.conv2d(xt, wt, padding=1)
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
