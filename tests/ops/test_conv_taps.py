"""The tiny-maps path of conv2d (``minigrad/ops/conv_taps.py``) against plain sums over windows.

Convolutions of at most 64 output positions where at most 65% of the
(position, tap) pairs meet the input (3x3 kernels with padding 1 on 1x1 to
3x3 maps) run as one GEMM per (output position, input position, tap) triple.
"""
import numpy as np
import pytest

from minigrad._ext import matmul as matmul_kernels
from minigrad.autograd import gradcheck
from minigrad.ops import conv as C
from minigrad.ops import conv_taps as T
from tests.ops.test_conv import conv2d_results_on_one_and_two_threads, float64_conv_leaves


def _reference(x, weight, grad, stride, padding, dilation):
    """Output, input gradient and weight gradient of conv2d, by loops over the taps."""
    n, _, h, w = x.shape
    o, _, kh, kw = weight.shape
    out_size = grad.shape[2:]
    out = np.zeros((n, o) + out_size)
    grad_x = np.zeros_like(x)
    grad_w = np.zeros_like(weight)
    for oh in range(out_size[0]):
        for ow in range(out_size[1]):
            for i in range(kh):
                for j in range(kw):
                    ih = oh * stride[0] - padding[0] + i * dilation[0]
                    iw = ow * stride[1] - padding[1] + j * dilation[1]
                    if 0 <= ih < h and 0 <= iw < w:
                        out[:, :, oh, ow] += x[:, :, ih, iw] @ weight[:, :, i, j].T
                        grad_x[:, :, ih, iw] += grad[:, :, oh, ow] @ weight[:, :, i, j]
                        grad_w[:, :, i, j] += grad[:, :, oh, ow].T @ x[:, :, ih, iw]
    return out, grad_x, grad_w


def _geometry(x_shape, kernel, stride, padding, dilation):
    out_size = tuple((s + 2 * p - d * (k - 1) - 1) // st + 1 for s, k, st, p, d
                     in zip(x_shape[2:], kernel, stride, padding, dilation))
    return C._Geometry(stride=(1,) + stride, padding=(0,) + padding, dilation=(1,) + dilation,
                       groups=1, in_size=(1,) + x_shape[2:], out_size=(1,) + out_size)


# (N, C, H, W), O, kernel, stride, padding, dilation
CASES = [
    ((3, 4, 2, 2), 5, (3, 3), (1, 1), (1, 1), (1, 1)),
    ((2, 3, 1, 1), 4, (3, 3), (1, 1), (1, 1), (1, 1)),
    ((2, 3, 3, 3), 2, (3, 3), (1, 1), (1, 1), (1, 1)),
    ((2, 3, 2, 3), 4, (5, 5), (1, 1), (2, 2), (1, 1)),
    ((1, 2, 3, 3), 3, (3, 3), (2, 2), (1, 1), (1, 1)),
    ((2, 2, 3, 2), 3, (3, 2), (1, 1), (2, 1), (2, 1)),
    ((2, 3, 1, 2), 2, (1, 3), (1, 1), (0, 2), (1, 1)),
]


@pytest.mark.parametrize("x_shape, out_channels, kernel, stride, padding, dilation", CASES)
def test_all_three_passes_match_the_sums_over_windows(x_shape, out_channels, kernel, stride,
                                                       padding, dilation):
    rng = np.random.default_rng(0)
    x = rng.standard_normal(x_shape)
    weight = rng.standard_normal((out_channels, x_shape[1]) + kernel)
    bias = rng.standard_normal(out_channels)
    g = _geometry(x_shape, kernel, stride, padding, dilation)
    taps = C._tiny_map_taps(x_shape[:2] + (1,) + x_shape[2:], (1,) + kernel, g)
    assert taps is not None
    grad = rng.standard_normal((x_shape[0], out_channels) + g.out_size[1:])
    expected = _reference(x, weight, grad, stride, padding, dilation)
    got = [T.forward(x, weight, bias, taps, g.out_size[1:]),
           T.backward_input(grad, weight, taps, x_shape[2:]),
           T.backward_weight(x, grad, taps, weight.shape)]
    np.testing.assert_allclose(got[0], expected[0] + bias[:, None, None], rtol=1e-12,
                               atol=1e-12)
    for have, want in zip(got[1:], expected[1:]):
        np.testing.assert_allclose(have, want, rtol=1e-12, atol=1e-12)


def test_the_taps_of_a_3x3_kernel_on_a_2x2_map():
    # Padding 1: each output position meets the input with the 2x2 taps on its side.
    taps = T.Taps((2, 2), (2, 2), (3, 3), (1, 1), (1, 1), (1, 1))
    assert len(taps.triples) == 16 and taps.share() == 16 / 36
    by_output = {p: sorted(taps.triples[taps.triples[:, 0] == p, 2].tolist()) for p in range(4)}
    assert by_output == {0: [4, 5, 7, 8], 1: [3, 4, 6, 7], 2: [1, 2, 4, 5], 3: [0, 1, 3, 4]}
    starts, pairs = taps.by_tap
    assert starts.tolist() == [0, 1, 3, 4, 6, 10, 12, 13, 15, 16]
    # The centre tap joins each position to itself.
    assert pairs[starts[4]:starts[5]].tolist() == [[0, 0], [1, 1], [2, 2], [3, 3]]


@pytest.mark.parametrize("x_shape, kernel, padding, taken", [
    ((64, 512, 1, 2, 2), (1, 3, 3), (0, 1, 1), True),  # VGG-11's last layers: 16 of 36
    ((64, 512, 1, 1, 1), (1, 3, 3), (0, 1, 1), True),
    ((64, 256, 1, 3, 3), (1, 3, 3), (0, 1, 1), True),  # 49 of 81
    ((64, 64, 1, 4, 4), (1, 3, 3), (0, 1, 1), False),  # 100 of 144
    ((64, 64, 1, 2, 2), (1, 1, 1), (0, 0, 0), False),  # every pair meets the input
    ((64, 64, 1, 9, 9), (1, 3, 3), (0, 1, 1), False),  # 81 positions: not a tiny map
    ((64, 64, 2, 2, 2), (2, 3, 3), (1, 1, 1), False),  # 3-d
])
def test_which_convolutions_take_the_path(x_shape, kernel, padding, taken):
    g = C._Geometry(stride=(1, 1, 1), padding=padding, dilation=(1, 1, 1), groups=1,
                    in_size=x_shape[2:], out_size=x_shape[2:])
    assert (C._tiny_map_taps(x_shape, kernel, g) is not None) is taken


def test_conv2d_gradcheck_through_the_path():
    x, w, b = float64_conv_leaves((2, 3, 2, 2), (4, 3, 3, 3), seed=1)
    assert gradcheck(lambda x, w, b: C.conv2d(x, w, b, padding=1), (x, w, b))
    # A transposed convolution of unit stride is the input gradient of a convolution.
    assert gradcheck(lambda x, w, b: C.conv_transpose2d(x, w.transpose(0, 1), b, padding=1),
                     (x, w, b))


def test_the_path_is_bit_identical_at_one_and_two_threads():
    one, two = conv2d_results_on_one_and_two_threads((16, 64, 2, 2), 96, seed=3)
    for a, b in zip(one, two):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_pair_products_sums_each_group_in_order_and_zeroes_empty_groups(dtype):
    rng = np.random.default_rng(2)
    a = rng.standard_normal((5, 3, 4)).astype(dtype)  # a[:, i, :] is (5, 4)
    b = rng.standard_normal((2, 6, 4)).astype(dtype)  # b[j] is (6, 4), used transposed
    out = np.full((5, 3, 6), np.nan, dtype)  # out[:, g, :] is (5, 6)
    starts = np.array([0, 2, 2, 3], np.intp)
    pairs = np.array([[0, 1], [2, 0], [1, 1]], np.intp)
    matmul_kernels.pair_products(a, 1, False, b, 0, True, out, 1, starts, pairs, 2)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(out[:, 0], a[:, 0] @ b[1].T + a[:, 2] @ b[0].T, rtol=rtol)
    assert (out[:, 1] == 0).all()
    np.testing.assert_allclose(out[:, 2], a[:, 1] @ b[1].T, rtol=rtol)
