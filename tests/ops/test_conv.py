"""Convolutions: forward against a NumPy reference, gradients by gradcheck, bad input, threads."""
import itertools
import os

import numpy as np
import pytest
from scipy import signal

import minigrad
from minigrad.autograd import gradcheck
from minigrad.ops import conv as C
from tests.reference import conv as ref

CONV = {1: C.conv1d, 2: C.conv2d, 3: C.conv3d}
CONV_T = {1: C.conv_transpose1d, 2: C.conv_transpose2d, 3: C.conv_transpose3d}
TOL = {np.float32: {"rtol": 1e-4, "atol": 1e-4}, np.float64: {"rtol": 1e-10, "atol": 1e-10}}


def _tensor(a, grad=False):
    return minigrad.tensor(a, requires_grad=grad)


# ----------------------------------------------------------------------------- random configs
def _random_conv_config(rng, nd):
    """A valid random convolution: every padding form, stride, dilation, groups, batch."""
    groups = int(rng.choice([1, 1, 2, 3]))
    cg = int(rng.integers(1, 4))
    og = int(rng.integers(1, 4))
    kernel = tuple(int(k) for k in rng.integers(1, 4, nd))
    dilation = tuple(int(d) for d in rng.integers(1, 3, nd))
    form = rng.choice(["int", "tuple", "valid", "same"])
    stride = tuple(int(s) for s in rng.integers(1, 4, nd)) if form != "same" else (1,) * nd
    if form == "int":
        padding = int(rng.integers(0, 3))
        pairs = [(padding, padding)] * nd
    elif form == "tuple":
        padding = tuple(int(p) for p in rng.integers(0, 3, nd))
        pairs = [(p, p) for p in padding]
    elif form == "valid":
        padding, pairs = "valid", [(0, 0)] * nd
    else:
        padding, pairs = "same", ref.same_padding(kernel, dilation)
    max_size = {1: 12, 2: 8, 3: 5}[nd]
    size = tuple(
        int(rng.integers(max(1, d * (k - 1) + 1 - sum(p)), max(2, d * (k - 1) + 1 - sum(p))
                         + max_size))
        for k, d, p in zip(kernel, dilation, pairs)
    )
    batch = int(rng.choice([0, 1, 1, 2, 3]))  # 0: unbatched
    dtype = rng.choice([np.float32, np.float64])
    shape = ((batch,) if batch else ()) + (cg * groups,) + size
    return {
        "x": rng.standard_normal(shape).astype(dtype),
        "w": rng.standard_normal((og * groups, cg) + kernel).astype(dtype),
        "b": rng.standard_normal(og * groups).astype(dtype) if rng.random() < 0.7 else None,
        "stride": stride, "padding": padding, "pairs": pairs, "dilation": dilation,
        "groups": groups,
    }


def _random_conv_transpose_config(rng, nd):
    groups = int(rng.choice([1, 1, 2, 3]))
    cg = int(rng.integers(1, 4))
    og = int(rng.integers(1, 4))
    kernel = tuple(int(k) for k in rng.integers(1, 4, nd))
    stride = tuple(int(s) for s in rng.integers(1, 4, nd))
    dilation = tuple(int(d) for d in rng.integers(1, 3, nd))
    output_padding = tuple(int(rng.integers(0, max(s, d))) for s, d in zip(stride, dilation))
    max_size = {1: 8, 2: 5, 3: 3}[nd]
    size = tuple(int(s) for s in rng.integers(1, max_size + 1, nd))
    # Padding may crop at most what leaves one output element.
    padding = tuple(
        int(rng.integers(0, max(1, ((n - 1) * s + d * (k - 1) + o) // 2 + 1)))
        for n, s, d, k, o in zip(size, stride, dilation, kernel, output_padding)
    )
    batch = int(rng.choice([0, 1, 2, 3]))
    dtype = rng.choice([np.float32, np.float64])
    shape = ((batch,) if batch else ()) + (cg * groups,) + size
    return {
        "x": rng.standard_normal(shape).astype(dtype),
        "w": rng.standard_normal((cg * groups, og) + kernel).astype(dtype),
        "b": rng.standard_normal(og * groups).astype(dtype) if rng.random() < 0.7 else None,
        "stride": stride, "padding": padding, "output_padding": output_padding,
        "dilation": dilation, "groups": groups,
    }


def _run_conv(nd, cfg, grad=False):
    x, w = _tensor(cfg["x"], grad), _tensor(cfg["w"], grad)
    b = None if cfg["b"] is None else _tensor(cfg["b"], grad)
    out = CONV[nd](x, w, b, cfg["stride"], cfg["padding"], cfg["dilation"], cfg["groups"])
    return out, (x, w, b)


def _run_conv_transpose(nd, cfg, grad=False):
    x, w = _tensor(cfg["x"], grad), _tensor(cfg["w"], grad)
    b = None if cfg["b"] is None else _tensor(cfg["b"], grad)
    out = CONV_T[nd](x, w, b, cfg["stride"], cfg["padding"], cfg["output_padding"],
                     cfg["groups"], cfg["dilation"])
    return out, (x, w, b)


def _reference(nd, cfg):
    x = cfg["x"]
    unbatched = x.ndim == nd + 1
    xb = x[None] if unbatched else x
    out = ref.conv_nd(xb, cfg["w"], cfg["b"], cfg["stride"], cfg["pairs"], cfg["dilation"],
                      cfg["groups"])
    return out[0] if unbatched else out


def _reference_transpose(nd, cfg):
    x = cfg["x"]
    unbatched = x.ndim == nd + 1
    xb = x[None] if unbatched else x
    out = ref.conv_transpose_nd(xb, cfg["w"], cfg["b"], cfg["stride"], cfg["padding"],
                                cfg["output_padding"], cfg["groups"], cfg["dilation"])
    return out[0] if unbatched else out


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_forward_matches_reference_on_random_configs(nd):
    rng = np.random.default_rng(100 + nd)
    for trial in range(40):
        cfg = _random_conv_config(rng, nd)
        out, _ = _run_conv(nd, cfg)
        expected = _reference(nd, cfg)
        assert out.dtype == cfg["x"].dtype, f"trial {trial}"
        assert out.shape == expected.shape, f"trial {trial}: {out.shape} != {expected.shape}"
        np.testing.assert_allclose(out._data, expected, **TOL[cfg["x"].dtype.type],
                                   err_msg=f"trial {trial}: {cfg | {'x': None, 'w': None} }")


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_transpose_forward_matches_reference_on_random_configs(nd):
    rng = np.random.default_rng(200 + nd)
    for trial in range(30):
        cfg = _random_conv_transpose_config(rng, nd)
        out, _ = _run_conv_transpose(nd, cfg)
        expected = _reference_transpose(nd, cfg)
        assert out.dtype == cfg["x"].dtype, f"trial {trial}"
        assert out.shape == expected.shape, f"trial {trial}: {out.shape} != {expected.shape}"
        np.testing.assert_allclose(out._data, expected, **TOL[cfg["x"].dtype.type],
                                   err_msg=f"trial {trial}: {cfg | {'x': None, 'w': None} }")


def _check_adjoint(out, inputs, bias_value, rng):
    """The gradients of a map linear in x and in w satisfy <f, gy> = <x, gx> = <w, gw>."""
    x, w, b = inputs
    gy = rng.standard_normal(out.shape)
    out.backward(_tensor(gy.astype(out.dtype)))
    y = out._data.astype(np.float64)
    if b is not None:
        y = y - bias_value
        channel_axis = 1 if x.ndim == w.ndim else 0  # batched or not
        axes = tuple(a for a in range(y.ndim) if a != channel_axis)
        np.testing.assert_allclose(b.grad._data, gy.sum(axis=axes), rtol=1e-9, atol=1e-9)
    inner = float((y * gy).sum())
    for t in (x, w):
        got = float((t._data * t.grad._data).sum())
        assert got == pytest.approx(inner, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_gradients_are_adjoint_to_forward_on_random_configs(nd):
    rng = np.random.default_rng(300 + nd)
    for _ in range(25):
        cfg = _random_conv_config(rng, nd)
        for key in ("x", "w", "b"):
            if cfg[key] is not None:
                cfg[key] = cfg[key].astype(np.float64)
        out, inputs = _run_conv(nd, cfg, grad=True)
        channel_shape = (-1,) + (1,) * nd
        bias = 0 if cfg["b"] is None else cfg["b"].reshape(channel_shape)
        _check_adjoint(out, inputs, bias, rng)


@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_transpose_gradients_are_adjoint_to_forward_on_random_configs(nd):
    rng = np.random.default_rng(400 + nd)
    for _ in range(25):
        cfg = _random_conv_transpose_config(rng, nd)
        for key in ("x", "w", "b"):
            if cfg[key] is not None:
                cfg[key] = cfg[key].astype(np.float64)
        out, inputs = _run_conv_transpose(nd, cfg, grad=True)
        bias = 0 if cfg["b"] is None else cfg["b"].reshape((-1,) + (1,) * nd)
        _check_adjoint(out, inputs, bias, rng)


def test_conv2d_matches_scipy_correlate():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 9, 11))
    w = rng.standard_normal((4, 3, 3, 5))
    out = C.conv2d(_tensor(x), _tensor(w))._data
    for n in range(2):
        for o in range(4):
            expected = sum(signal.correlate(x[n, c], w[o, c], mode="valid") for c in range(3))
            np.testing.assert_allclose(out[n, o], expected, rtol=1e-12, atol=1e-12)


# ----------------------------------------------------------------------------- large shapes
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv2d_with_several_row_sweeps_matches_reference(dtype):
    # Unit stride (the direct path): with 48 channels, a sweep of the
    # microkernels covers 14 of the 40 output rows.
    rng = np.random.default_rng(1)
    cfg = {"x": rng.standard_normal((2, 48, 40, 40)).astype(dtype),
           "w": rng.standard_normal((5, 48, 3, 3)).astype(dtype),
           "b": rng.standard_normal(5).astype(dtype),
           "stride": (1, 1), "padding": 1, "pairs": [(1, 1)] * 2, "dilation": (1, 1),
           "groups": 1}
    out, inputs = _run_conv(2, cfg, grad=True)
    np.testing.assert_allclose(out._data, _reference(2, cfg), rtol=1e-4, atol=1e-3)
    if dtype == np.float64:
        _check_adjoint(out, inputs, cfg["b"].reshape(-1, 1, 1), rng)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_strided_conv2d_with_several_column_tiles_matches_reference(dtype):
    # Stride 2 (the im2col path): 48 channels x 3x3 taps, the column buffer
    # holds 606 of the 1600 output positions, so every pass runs tile by tile.
    rng = np.random.default_rng(1)
    cfg = {"x": rng.standard_normal((2, 48, 80, 80)).astype(dtype),
           "w": rng.standard_normal((5, 48, 3, 3)).astype(dtype),
           "b": rng.standard_normal(5).astype(dtype),
           "stride": (2, 2), "padding": 1, "pairs": [(1, 1)] * 2, "dilation": (1, 1),
           "groups": 1}
    out, inputs = _run_conv(2, cfg, grad=True)
    np.testing.assert_allclose(out._data, _reference(2, cfg), rtol=1e-4, atol=1e-3)
    if dtype == np.float64:
        _check_adjoint(out, inputs, cfg["b"].reshape(-1, 1, 1), rng)


@pytest.mark.parametrize("stride", [1, 2])
def test_long_conv1d_matches_reference(stride):
    # One output row of 3000 (1500) positions and 320 taps: the direct path
    # sweeps it in pieces; the im2col path's tiles end inside the row.
    rng = np.random.default_rng(3)
    cfg = {"x": rng.standard_normal((2, 64, 3000)), "w": rng.standard_normal((3, 64, 5)),
           "b": rng.standard_normal(3), "stride": (stride,), "padding": 2, "pairs": [(2, 2)],
           "dilation": (1,), "groups": 1}
    out, inputs = _run_conv(1, cfg, grad=True)
    np.testing.assert_allclose(out._data, _reference(1, cfg), rtol=1e-10, atol=1e-10)
    _check_adjoint(out, inputs, cfg["b"].reshape(-1, 1), rng)


@pytest.mark.parametrize("stride", [1, 2])
def test_conv_transpose2d_on_large_shapes_is_adjoint_to_forward(stride):
    rng = np.random.default_rng(2)
    x = _tensor(rng.standard_normal((2, 48, 40, 40)), True)
    w = _tensor(rng.standard_normal((48, 4, 3, 3)), True)
    out = C.conv_transpose2d(x, w, stride=stride, padding=1, output_padding=stride - 1)
    assert out.shape == (2, 4, 40 * stride, 40 * stride)
    _check_adjoint(out, (x, w, None), 0, rng)


# ----------------------------------------------------------------------------- direct path
# Unit-stride convolutions run through register-blocked microkernels: blocks
# of 6, 5 or 4 output channels plus single ones, positions by padded row or
# by output row, weight-gradient blocks of two vectors, one vector, and
# left-over taps. These shapes reach each of those branches.
DIRECT_CASES = [
    # (name, input shape, weight shape, keyword arguments)
    ("blocks-of-8-avx512-and-single", (2, 3, 9, 9), (17, 3, 3, 3), {"padding": 1}),
    ("blocks-of-6", (2, 3, 9, 9), (12, 3, 3, 3), {"padding": 1}),
    ("blocks-of-5-lenet-like", (2, 4, 14, 14), (10, 4, 5, 5), {"padding": 2}),
    ("blocks-of-4-and-singles", (2, 5, 7, 6), (7, 5, 3, 2), {"padding": (1, 0)}),
    ("many-channels-odd-taps", (1, 7, 6, 6), (19, 7, 3, 3), {"padding": 1, "dilation": 2}),
    ("grouped", (2, 6, 8, 8), (10, 3, 3, 3), {"padding": 1, "groups": 2}),
    ("one-output-channel", (2, 4, 10, 10), (1, 4, 3, 3), {}),
    ("negative-grid-offset", (1, 3, 5, 5), (4, 3, 2, 2), {"padding": 3}),
]


def _direct_check(x_shape, w_shape, kwargs, dtype, rng):
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    b = rng.standard_normal(w_shape[0]).astype(dtype)
    nd = len(x_shape) - 2
    p = kwargs.get("padding", 0)
    p = p if isinstance(p, tuple) else (p,) * nd
    cfg = {"x": x, "w": w, "b": b, "stride": (1,) * nd, "padding": kwargs.get("padding", 0),
           "pairs": [(q, q) for q in p], "dilation": (kwargs.get("dilation", 1),) * nd,
           "groups": kwargs.get("groups", 1)}
    out, inputs = _run_conv(nd, cfg, grad=True)
    np.testing.assert_allclose(out._data, _reference(nd, cfg), **TOL[dtype])
    if dtype == np.float64:
        _check_adjoint(out, inputs, b.reshape((-1,) + (1,) * nd), rng)


@pytest.mark.parametrize("name, x_shape, w_shape, kwargs", DIRECT_CASES,
                         ids=[c[0] for c in DIRECT_CASES])
@pytest.mark.parametrize("simd", ["avx512", "avx2", "baseline"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_direct_path_blocks_match_reference(name, x_shape, w_shape, kwargs, simd, dtype):
    from minigrad._ext import _cpu

    if simd not in _cpu.cpu_simd_levels():
        pytest.skip(f"this processor has no {simd}")
    previous = _cpu.set_simd_level(simd)
    try:
        _direct_check(x_shape, w_shape, kwargs, dtype, np.random.default_rng(12))
    finally:
        _cpu.set_simd_level(previous)


def test_direct_path_3d_with_dilation_matches_reference():
    _direct_check((2, 3, 5, 6, 7), (8, 3, 2, 3, 2), {"padding": 1, "dilation": 2},
                  np.float64, np.random.default_rng(13))


# ----------------------------------------------------------------------------- gradcheck
GRADCHECK_CASES = [
    # (name, rank, input shape, weight shape, keyword arguments)
    ("conv1d", 1, (2, 4, 7), (6, 2, 3), {"stride": 2, "padding": 1, "dilation": 2, "groups": 2}),
    ("conv1d-same-even-kernel", 1, (2, 3, 6), (2, 3, 4), {"padding": "same"}),
    ("conv2d", 2, (2, 3, 6, 5), (4, 3, 3, 2), {"stride": (2, 1), "padding": (1, 0)}),
    ("conv2d-dilated-groups", 2, (1, 4, 6, 6), (4, 2, 2, 2), {"dilation": 2, "groups": 2,
                                                                   "padding": 1}),
    ("conv2d-depthwise", 2, (2, 3, 5, 5), (6, 1, 3, 3), {"groups": 3, "padding": 1, "stride": 2}),
    ("conv2d-pointwise", 2, (2, 4, 3, 3), (3, 4, 1, 1), {}),
    ("conv2d-same-asymmetric", 2, (1, 2, 5, 4), (2, 2, 2, 4), {"padding": "same",
                                                                    "dilation": (1, 1)}),
    ("conv2d-unbatched", 2, (3, 5, 5), (2, 3, 3, 3), {"padding": 1}),
    ("conv3d", 3, (2, 2, 4, 4, 3), (3, 2, 2, 3, 2), {"stride": (1, 2, 1), "padding": (1, 0, 1)}),
    ("conv3d-depthwise", 3, (1, 2, 4, 3, 3), (2, 1, 3, 2, 2), {"groups": 2, "padding": 1}),
]


@pytest.mark.parametrize("name, nd, x_shape, w_shape, kwargs", GRADCHECK_CASES,
                         ids=[c[0] for c in GRADCHECK_CASES])
def test_conv_gradcheck(name, nd, x_shape, w_shape, kwargs):
    rng = np.random.default_rng(5)
    x = _tensor(rng.standard_normal(x_shape), True)
    w = _tensor(rng.standard_normal(w_shape), True)
    b = _tensor(rng.standard_normal(w_shape[0]), True)
    assert gradcheck(lambda x, w, b: CONV[nd](x, w, b, **kwargs), (x, w, b))


GRADCHECK_TRANSPOSE_CASES = [
    ("conv_transpose1d", 1, (2, 4, 4), (4, 3, 3),
     {"stride": 2, "padding": 1, "output_padding": 1, "groups": 2}),
    ("conv_transpose1d-dilated", 1, (1, 2, 5), (2, 2, 2), {"dilation": 3, "output_padding": 2}),
    ("conv_transpose2d", 2, (2, 3, 3, 4), (3, 2, 3, 2),
     {"stride": (2, 3), "padding": (1, 0), "output_padding": (1, 2)}),
    ("conv_transpose2d-depthwise", 2, (1, 3, 3, 3), (3, 1, 2, 2), {"stride": 2, "groups": 3}),
    ("conv_transpose2d-pointwise", 2, (2, 3, 3, 3), (3, 2, 1, 1), {}),
    ("conv_transpose2d-unbatched", 2, (2, 3, 3), (2, 2, 3, 3), {"stride": 2, "padding": 1}),
    ("conv_transpose3d", 3, (1, 2, 2, 3, 2), (2, 2, 2, 2, 3),
     {"stride": 2, "padding": (0, 1, 1), "output_padding": (1, 0, 1)}),
]


@pytest.mark.parametrize("name, nd, x_shape, w_shape, kwargs", GRADCHECK_TRANSPOSE_CASES,
                         ids=[c[0] for c in GRADCHECK_TRANSPOSE_CASES])
def test_conv_transpose_gradcheck(name, nd, x_shape, w_shape, kwargs):
    rng = np.random.default_rng(6)
    x = _tensor(rng.standard_normal(x_shape), True)
    w = _tensor(rng.standard_normal(w_shape), True)
    groups = kwargs.get("groups", 1)
    b = _tensor(rng.standard_normal(w_shape[1] * groups), True)
    assert gradcheck(lambda x, w, b: CONV_T[nd](x, w, b, **kwargs), (x, w, b))


def test_conv_without_bias_or_input_grad_returns_only_the_wanted_gradients():
    x = minigrad.randn(2, 1, 6, 6)  # an image: no gradient wanted
    w = minigrad.randn(3, 1, 3, 3, requires_grad=True)
    C.conv2d(x, w).sum().backward()
    assert x.grad is None
    assert w.grad.shape == (3, 1, 3, 3)


def test_conv_backward_detects_in_place_change_of_saved_input():
    x = minigrad.randn(1, 2, 5, 5, requires_grad=True)
    w = minigrad.randn(3, 2, 3, 3, requires_grad=True)
    h = x * 1.0
    out = C.conv2d(h, w)
    h.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        out.sum().backward()


# ----------------------------------------------------------------------------- odd shapes
@pytest.mark.parametrize("name, x_shape, w_shape, kwargs", [
    ("1x1-input-1x1-kernel", (2, 3, 1, 1), (4, 3, 1, 1), {}),
    ("kernel-equals-input", (2, 2, 4, 3), (3, 2, 4, 3), {}),
    ("stride-larger-than-kernel", (1, 2, 9, 10), (2, 2, 2, 2), {"stride": 4}),
    ("pointwise-strided", (2, 3, 5, 5), (2, 3, 1, 1), {"stride": 2}),
    ("pointwise-padded", (2, 3, 3, 3), (2, 3, 1, 1), {"padding": 1}),
    ("batch-1", (1, 3, 6, 6), (2, 3, 3, 3), {"padding": 1}),
    ("unbatched", (3, 6, 6), (2, 3, 3, 3), {"padding": 1}),
    ("depthwise-multiplier", (2, 3, 6, 6), (9, 1, 3, 3), {"groups": 3, "stride": 2, "dilation": 2,
                                                               "padding": 2}),
    ("padding-larger-than-kernel", (1, 1, 3, 3), (1, 1, 2, 2), {"padding": 3}),
])
def test_conv2d_odd_shapes_match_reference(name, x_shape, w_shape, kwargs):
    rng = np.random.default_rng(7)
    x = rng.standard_normal(x_shape)
    w = rng.standard_normal(w_shape)
    out = C.conv2d(_tensor(x), _tensor(w), **kwargs)._data
    stride = kwargs.get("stride", 1)
    dilation = kwargs.get("dilation", 1)
    p = kwargs.get("padding", 0)
    xb = x[None] if x.ndim == 3 else x
    expected = ref.conv_nd(xb, w, None, (stride,) * 2, [(p, p)] * 2, (dilation,) * 2,
                           kwargs.get("groups", 1))
    np.testing.assert_allclose(out, expected[0] if x.ndim == 3 else expected, rtol=1e-12,
                               atol=1e-12)


def test_conv_accepts_non_contiguous_input_and_weight():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((2, 7, 7, 3)).transpose(0, 3, 1, 2)  # a strided NCHW view
    w = rng.standard_normal((3, 3, 3, 4)).transpose(3, 2, 0, 1)[:, :, ::1, :]
    assert not x.flags.c_contiguous and not w.flags.c_contiguous
    xt, wt = _tensor(x, True), _tensor(w, True)
    out = C.conv2d(xt, wt, padding=1)
    expected = ref.conv_nd(x, w, None, (1, 1), [(1, 1)] * 2, (1, 1), 1)
    np.testing.assert_allclose(out._data, expected, rtol=1e-12, atol=1e-12)
    out.sum().backward()
    assert xt.grad.shape == x.shape and wt.grad.shape == w.shape


def test_conv_on_empty_batch_gives_empty_output_and_zero_weight_gradient():
    x = minigrad.zeros(0, 3, 5, 5, requires_grad=True)
    w = minigrad.randn(2, 3, 3, 3, requires_grad=True)
    b = minigrad.randn(2, requires_grad=True)
    out = C.conv2d(x, w, b, padding=1)
    assert out.shape == (0, 2, 5, 5)
    out.sum().backward()
    assert x.grad.shape == (0, 3, 5, 5)
    assert not w.grad._data.any() and not b.grad._data.any()


def test_conv_keeps_float32_and_float64():
    for dtype in (minigrad.float32, minigrad.float64):
        x = minigrad.randn(1, 2, 4, 4, dtype=dtype)
        w = minigrad.randn(3, 2, 3, 3, dtype=dtype)
        assert C.conv2d(x, w).dtype == dtype
        assert C.conv_transpose2d(x, minigrad.randn(2, 3, 3, 3, dtype=dtype)).dtype == dtype


# ----------------------------------------------------------------------------- seeds' arithmetic
def test_3x32x32_input_with_ten_5x5_filters_and_padding_2_gives_10x32x32_and_760_parameters():
    x = minigrad.randn(3, 32, 32)
    w = minigrad.randn(10, 3, 5, 5)
    b = minigrad.randn(10)
    assert C.conv2d(x, w, b, stride=1, padding=2).shape == (10, 32, 32)
    assert w.numel() + b.numel() == 760
    assert C.conv_output_size(32, 5, stride=1, padding=2) == 32


def test_7x7_input_with_3x3_filter_and_stride_2_gives_3x3():
    out = C.conv2d(minigrad.randn(1, 1, 7, 7), minigrad.randn(1, 1, 3, 3), stride=2)
    assert out.shape == (1, 1, 3, 3)
    assert C.conv_output_size(7, 3, stride=2) == 3


def test_conv_transpose_inverts_the_size_change_of_a_strided_conv():
    x = minigrad.randn(1, 2, 9, 10)
    down = C.conv2d(x, minigrad.randn(4, 2, 3, 3), stride=2, padding=1)
    assert down.shape == (1, 4, 5, 5)
    up = C.conv_transpose2d(down, minigrad.randn(4, 2, 3, 3), stride=2, padding=1,
                            output_padding=(0, 1))
    assert up.shape == (1, 2, 9, 10)


# ----------------------------------------------------------------------------- threads
def _all_results(fn, arrays, threads):
    previous = minigrad.get_num_threads()
    try:
        minigrad.set_num_threads(threads)
        tensors = [_tensor(a, True) for a in arrays]
        out = fn(*tensors)
        out.backward(_tensor(np.linspace(-1, 1, out.numel()).reshape(out.shape)
                             .astype(out.dtype)))
        return [out._data.copy()] + [t.grad._data.copy() for t in tensors]
    finally:
        minigrad.set_num_threads(previous)


# Every case does at least 2^17 multiply-adds per kernel call, so that the
# kernels do run on two threads when asked to.
THREAD_CASES = [
    ("conv2d-direct-groups", (10, 6, 13, 12), (8, 3, 3, 3), lambda x, w, b: C.conv2d(
        x, w, b, padding=1, groups=2)),
    ("conv2d-lenet-like", (9, 20, 14, 14), (50, 20, 5, 5), lambda x, w, b: C.conv2d(
        x, w, b, padding=2)),
    ("conv2d-direct-sweeps", (3, 40, 40, 40), (6, 40, 3, 3), lambda x, w, b: C.conv2d(
        x, w, b, stride=1, padding=2, dilation=2)),
    ("conv2d-strided-tiled", (3, 40, 70, 70), (6, 40, 3, 3), lambda x, w, b: C.conv2d(
        x, w, b, stride=2, padding=1)),
    ("conv2d-pointwise", (9, 16, 20, 20), (8, 16, 1, 1), lambda x, w, b: C.conv2d(x, w, b)),
    ("conv2d-depthwise", (8, 16, 24, 24), (16, 1, 3, 3), lambda x, w, b: C.conv2d(
        x, w, b, padding=1, groups=16)),
    ("conv1d-strided", (16, 8, 200), (6, 8, 5), lambda x, w, b: C.conv1d(x, w, b, stride=2)),
    ("conv1d-long", (3, 64, 2000), (4, 64, 5), lambda x, w, b: C.conv1d(x, w, b, padding=2)),
    ("conv1d-long-strided", (3, 64, 4000), (4, 64, 5), lambda x, w, b: C.conv1d(
        x, w, b, stride=2)),
    ("conv_transpose2d-strided", (6, 16, 12, 12), (16, 6, 3, 3),
     lambda x, w, b: C.conv_transpose2d(x, w, b, stride=2)),
    ("conv_transpose2d", (6, 16, 12, 12), (16, 6, 3, 3), lambda x, w, b: C.conv_transpose2d(
        x, w, b, padding=1)),
]


@pytest.mark.parametrize("name, x_shape, w_shape, fn", THREAD_CASES,
                         ids=[c[0] for c in THREAD_CASES])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv_results_are_bit_identical_on_one_and_two_threads(name, x_shape, w_shape, fn,
                                                               dtype):
    rng = np.random.default_rng(9)
    bias_size = w_shape[0] if "transpose" not in name else w_shape[1]
    arrays = [rng.standard_normal(x_shape).astype(dtype),
              rng.standard_normal(w_shape).astype(dtype),
              rng.standard_normal(bias_size).astype(dtype)]
    one = _all_results(fn, arrays, 1)
    two = _all_results(fn, arrays, 2)
    for a, b in zip(one, two):
        assert np.array_equal(a, b)


# ----------------------------------------------------------------------------- bad input
def _conv2d_call(x_shape=(1, 3, 8, 8), w_shape=(4, 3, 3, 3), x_dtype=np.float32,
                 w_dtype=np.float32, bias_shape=None, **kwargs):
    x = minigrad.zeros(*x_shape, dtype=x_dtype)
    w = minigrad.zeros(*w_shape, dtype=w_dtype)
    b = None if bias_shape is None else minigrad.zeros(*bias_shape, dtype=w_dtype)
    return C.conv2d(x, w, b, **kwargs)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"x_shape": (3, 8)}, ValueError, r"expected a 3-d \(unbatched\) or 4-d \(batched\) input"),
    ({"x_shape": (1, 1, 3, 8, 8)}, ValueError, r"got input of shape \[1, 1, 3, 8, 8\]"),
    ({"w_shape": (4, 3, 3)}, ValueError, r"expected a 4-d weight, got weight of shape"),
    ({"x_shape": (1, 1, 8, 8)}, ValueError,
     r"expected input with 3 channels, got 1 \(input \[1, 1, 8, 8\], weight \[4, 3, 3, 3\]"),
    ({"w_shape": (4, 1, 3, 3), "groups": 2}, ValueError, "in_channels must be divisible by groups"),
    ({"x_shape": (1, 4, 8, 8), "w_shape": (3, 2, 3, 3), "groups": 2}, ValueError,
     "out_channels must be divisible by groups"),
    ({"stride": 0}, ValueError, "stride must be positive"),
    ({"stride": (1, -2)}, ValueError, "stride must be positive"),
    ({"dilation": 0}, ValueError, "dilation must be positive"),
    ({"groups": 0}, ValueError, "groups must be a positive integer"),
    ({"padding": -1}, ValueError, "padding must be non-negative"),
    ({"padding": (1, 2, 3)}, ValueError, "padding must be an int or a tuple of 2 ints, got 3 values"),
    ({"stride": 1.5}, TypeError, "stride must be an int or a tuple of 2 ints"),
    ({"padding": None}, TypeError, "padding must be an int"),
    ({"groups": 1.0}, TypeError, "groups must be an int"),
    ({"padding": "full"}, ValueError, r"invalid padding string 'full', expected one of"),
    ({"padding": "same", "stride": 2}, ValueError,
     "padding='same' is not supported for strided convolutions"),
    ({"x_shape": (1, 3, 3, 3), "w_shape": (4, 3, 5, 5)}, ValueError,
     (r"kernel is larger than the padded input.*floor\(\(W \+ 2P - D\*\(K-1\) - 1\)/S\) \+ 1 = "
      r"floor\(\(3 \+ 2\*0 - 1\*\(5-1\) - 1\)/1\) \+ 1 = -1")),
    ({"x_shape": (1, 3, 4, 4), "dilation": 3}, ValueError, "kernel is larger than the padded"),
    ({"w_dtype": np.float64}, TypeError,
     "input and weight must have the same dtype, got input float32 and weight float64"),
    ({"x_dtype": np.int64, "w_dtype": np.int64}, TypeError, "expected a float32 or float64 input"),
    ({"bias_shape": (3,)}, ValueError, r"expected bias of shape \[4\]"),
    ({"w_shape": (0, 3, 3, 3)}, ValueError, "expected a non-empty weight"),
    ({"x_shape": (1, 3, 0, 8)}, ValueError, "expected non-empty channel and spatial"),
    ({"stride": 2**40}, ValueError, "sizes too large"),
])
def test_conv2d_rejects_bad_arguments_with_a_clear_message(kwargs, error, match):
    with pytest.raises(error, match=match):
        _conv2d_call(**kwargs)


def test_conv_rejects_non_tensor_arguments():
    w = minigrad.zeros(2, 1, 3)
    with pytest.raises(TypeError, match="expected input to be a Tensor, got ndarray"):
        C.conv1d(np.zeros((1, 1, 5), np.float32), w)
    with pytest.raises(TypeError, match="expected weight to be a Tensor"):
        C.conv1d(minigrad.zeros(1, 1, 5), [[[1.0]]])
    with pytest.raises(TypeError, match="expected bias to be a Tensor or None"):
        C.conv1d(minigrad.zeros(1, 1, 5), w, 0.5)
    with pytest.raises(TypeError, match="input and bias must have the same dtype"):
        C.conv1d(minigrad.zeros(1, 1, 5), w, minigrad.zeros(2, dtype=minigrad.float64))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"output_padding": 2, "stride": 2}, ValueError,
     "output_padding must be non-negative and smaller than either stride or dilation"),
    ({"output_padding": -1}, ValueError, "output_padding must be non-negative"),
    ({"padding": "same"}, TypeError, "a transposed convolution has no 'same' or 'valid'"),
    ({"padding": -1}, ValueError, "padding must be non-negative"),
    ({"stride": 0}, ValueError, "stride must be positive"),
    ({"groups": 4}, ValueError, "in_channels must be divisible by groups"),
    ({"padding": 5}, ValueError,
     (r"output would be empty.*\(W-1\)\*S - 2P \+ D\*\(K-1\) \+ OP \+ 1 = "
      r"\(4-1\)\*1 - 2\*5 \+ 1\*\(3-1\) \+ 0 \+ 1 = -4")),
])
def test_conv_transpose2d_rejects_bad_arguments_with_a_clear_message(kwargs, error, match):
    x = minigrad.zeros(1, 6, 4, 4)
    w = minigrad.zeros(6, 2, 3, 3)
    with pytest.raises(error, match=match):
        C.conv_transpose2d(x, w, **kwargs)


def test_conv_transpose_rejects_channel_mismatch_naming_the_weight_layout():
    with pytest.raises(ValueError, match=r"expected input with 6 channels, got 3.*"
                                         r"\(in_channels, out_channels / groups"):
        C.conv_transpose2d(minigrad.zeros(1, 3, 4, 4), minigrad.zeros(6, 2, 3, 3))
    with pytest.raises(ValueError, match=r"expected bias of shape \[4\]"):
        C.conv_transpose2d(minigrad.zeros(1, 6, 4, 4), minigrad.zeros(6, 2, 3, 3),
                           minigrad.zeros(2), groups=2)


def _random_argument(rng, nd, bad=0.4, low=1):
    """A value for stride, padding, dilation or output_padding; bad with probability ``bad``."""
    if rng.random() < bad:
        kind = rng.integers(0, 3)
        if kind == 0:
            return int(rng.integers(-3, 1))
        if kind == 1:
            return tuple(int(v) for v in rng.integers(-2, 5, int(rng.integers(0, 5))))
        return [None, 1.5, "same", "valid", "full", True, (1.0,) * nd, 2**40, -(2**40)][
            int(rng.integers(0, 9))]
    return int(rng.integers(low, 3)) if rng.random() < 0.5 else tuple(
        int(v) for v in rng.integers(low, 3, nd))


def _random_tensor(rng, max_rank):
    rank = int(rng.integers(0, max_rank + 1))
    shape = tuple(int(s) for s in rng.integers(0, 5, rank))
    dtype = [np.float32, np.float64, np.float32, np.int64, np.float16][int(rng.integers(0, 5))]
    return minigrad.tensor(rng.standard_normal(shape).astype(dtype))


def test_random_invalid_arguments_raise_python_exceptions_only():
    rng = np.random.default_rng(10)
    outcomes = {"ok": 0, "ValueError": 0, "TypeError": 0}
    for _ in range(400):
        nd = int(rng.integers(1, 4))
        transposed = rng.random() < 0.4
        x = _random_tensor(rng, nd + 3)
        w = _random_tensor(rng, nd + 3)
        b = None if rng.random() < 0.5 else _random_tensor(rng, 2)
        groups = [1, 1, 2, 3, 0, -1, 1.0, None][int(rng.integers(0, 8))]
        args = [_random_argument(rng, nd) for _ in range(3)]
        try:
            if transposed:
                CONV_T[nd](x, w, b, args[0], args[1], _random_argument(rng, nd), groups,
                           args[2])
            else:
                CONV[nd](x, w, b, args[0], args[1], args[2], groups)
            outcomes["ok"] += 1
        except (ValueError, TypeError) as error:
            outcomes[type(error).__name__] += 1
    assert outcomes["ValueError"] > 30 and outcomes["TypeError"] > 30, outcomes


def test_random_argument_sets_on_valid_shapes_either_run_or_raise_python_exceptions():
    rng = np.random.default_rng(11)
    ran = 0
    for _ in range(300):
        nd = int(rng.integers(1, 4))
        transposed = rng.random() < 0.5
        channels, out_channels = int(rng.integers(1, 5)), int(rng.integers(1, 5))
        groups = int(rng.choice([-1, 0, 1, 1, 1, 2, 3]))
        size = tuple(int(s) for s in rng.integers(1, 7, nd))
        kernel = tuple(int(k) for k in rng.integers(1, 5, nd))
        x = minigrad.randn(*((int(rng.integers(1, 3)), channels) + size))
        w = minigrad.randn(*((channels if transposed else out_channels),
                             max(1, (out_channels if transposed else channels)
                                 // max(groups, 1))) + kernel)
        stride, dilation = (_random_argument(rng, nd, bad=0.1) for _ in range(2))
        padding, output_padding = (_random_argument(rng, nd, bad=0.1, low=0) for _ in range(2))
        try:
            if transposed:
                out = CONV_T[nd](x, w, None, stride, padding, output_padding, groups, dilation)
            else:
                out = CONV[nd](x, w, None, stride, padding, dilation, groups)
            assert np.isfinite(out._data).all()
            ran += 1
        except (ValueError, TypeError):
            pass
    assert ran > 50


@pytest.mark.parametrize("x_shape, w_shape", [((3, 20, 14, 14), (50, 20, 5, 5)),
                                              ((2, 3, 30, 33), (7, 3, 3, 3)),
                                              ((2, 16, 9, 10), (24, 16, 3, 3))])
def test_direct_path_avx512_and_avx2_copies_agree_bit_for_bit(x_shape, w_shape):
    # Both copies sum every output over the taps in the same order with FMAs;
    # only the vector width (and, for 24 channels, the 8 channels per call
    # AVX-512 takes against AVX2's 6) differs, so the results must be equal.
    from minigrad._ext import _cpu

    if "avx512" not in _cpu.cpu_simd_levels():
        pytest.skip("this processor has no avx512")
    rng = np.random.default_rng(21)
    x0 = rng.standard_normal(x_shape, dtype=np.float32)
    w0 = rng.standard_normal(w_shape, dtype=np.float32)
    results = []
    previous = _cpu.get_simd_level()
    try:
        for level in ("avx2", "avx512"):
            _cpu.set_simd_level(level)
            x = minigrad.tensor(x0, requires_grad=True)
            w = minigrad.tensor(w0, requires_grad=True)
            y = C.conv2d(x, w, padding=w_shape[-1] // 2)
            y.backward(minigrad.tensor(np.cos(np.arange(y.numel(), dtype=np.float32))
                                       .reshape(y.shape)))
            results.append((y.detach().numpy(), x.grad.numpy(), w.grad.numpy()))
    finally:
        _cpu.set_simd_level(previous)
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------------- every output written
@pytest.fixture
def nan_filled_empty(monkeypatch):
    """``np.empty`` fills float arrays with NaN, so that an element no kernel writes shows."""
    empty = np.empty

    def poisoned(shape, dtype=float, order="C", **kwargs):
        a = empty(shape, dtype, order, **kwargs)
        if a.dtype.kind == "f":
            a.fill(np.nan)
        return a

    monkeypatch.setattr(np, "empty", poisoned)


_SMALL = [(s, d, op) for s in (1, 2, 3) for d in (1, 2, 3) for op in range(max(s, d))]


@pytest.mark.parametrize("kernel", [1, 2, 3])
@pytest.mark.parametrize("nd", [1, 2, 3])
def test_conv_transpose_matches_reference_for_every_small_stride_dilation_and_output_padding(
        nd, kernel, nan_filled_empty):
    # The output_padding tail receives no input and reads 0, as in PyTorch:
    # conv_transpose1d(x(2, 1, 2), w(1, 1, 1), stride=1, output_padding=1,
    # dilation=2) once left it uninitialised (4.9e-324). Each spatial
    # dimension runs through every (stride, dilation, output_padding) with
    # stride and dilation up to 3, the dimensions of one call in the same
    # combination or in different ones, at padding 0 and 1, with one group
    # and with two (depthwise); forward and gradients against the NumPy
    # references.
    rng = np.random.default_rng(10 * nd + kernel)
    size = 2
    for i, shift, padding, groups in itertools.product(range(len(_SMALL)), (0, 7), (0, 1),
                                                       (1, 2)):
        if shift and nd == 1:
            continue
        combos = [_SMALL[(i + shift * axis) % len(_SMALL)] for axis in range(nd)]
        stride, dilation, output_padding = (tuple(c[j] for c in combos) for j in range(3))
        out_size = [C.conv_transpose_output_size(size, kernel, s, padding, op, d)
                    for s, op, d in zip(stride, output_padding, dilation)]
        if min(out_size) < 1:
            continue
        where = (f"stride={stride} dilation={dilation} output_padding={output_padding} "
                 f"padding={padding} groups={groups}")
        cfg = {"x": rng.standard_normal((2, 2) + (size,) * nd),
               "w": rng.standard_normal((2, 3 if groups == 1 else 1) + (kernel,) * nd),
               "b": rng.standard_normal(3 if groups == 1 else 2),
               "stride": stride, "padding": (padding,) * nd,
               "output_padding": output_padding, "dilation": dilation, "groups": groups}
        out, (x, w, b) = _run_conv_transpose(nd, cfg, grad=True)
        np.testing.assert_allclose(out._data, _reference_transpose(nd, cfg), rtol=1e-12,
                                   atol=1e-12, err_msg=where)
        gy = rng.standard_normal(out.shape)
        out.backward(_tensor(gy))
        # The input gradient is the convolution of gy, cut to the input's size.
        expected = ref.conv_nd(gy, cfg["w"], None, stride, [(padding, padding)] * nd,
                               dilation, groups)[(slice(None),) * 2 + (slice(0, size),) * nd]
        np.testing.assert_allclose(x.grad._data, expected, rtol=1e-12, atol=1e-12,
                                   err_msg=where)
        linear = out._data - cfg["b"].reshape((-1,) + (1,) * nd)
        assert float((cfg["w"] * w.grad._data).sum()) == pytest.approx(
            float((linear * gy).sum()), rel=1e-10, abs=1e-10), where
        np.testing.assert_allclose(b.grad._data, gy.sum(axis=(0,) + tuple(range(2, nd + 2))),
                                   rtol=1e-12, atol=1e-12, err_msg=where)


# ----------------------------------------------------------------------------- huge paddings
# Paddings and dilations up to 2**31 - 1 whose padded input would hold up to
# 2**64 elements around a tiny output. The kernels once computed those sizes
# with overflow and crashed (SIGSEGV); they now take the loop path, which
# needs no padded copy. Each case runs in a subprocess, so that a crash
# fails its test instead of killing pytest.
_HUGE = [
    # (name, nd, transposed, x shape, w shape, bias, keyword arguments)
    ("conv3d-as-reported", 3, False, (1, 1, 2, 2, 2), (1, 1, 2, 2, 2), False,
     {"padding": (2**30 - 1, 2**30 - 1, 1), "dilation": (2**31 - 1, 2**31 - 1, 3)}),
    ("conv1d-grid-of-2**32", 1, False, (2, 2, 3), (3, 2, 2), True,
     {"padding": 2**30, "dilation": 2**31 - 1}),
    ("conv2d-groups-center-tap", 2, False, (1, 4, 3, 3), (4, 2, 3, 3), True,
     {"padding": 2**29, "dilation": 2**29, "groups": 2}),
    ("conv2d-strided", 2, False, (2, 3, 4, 5), (4, 3, 2, 2), True,
     {"stride": 2**20, "padding": 2**20, "dilation": 2**20 + 1}),
    ("conv_transpose2d-groups-center-tap", 2, True, (1, 4, 3, 3), (4, 2, 3, 3), True,
     {"padding": 2**29, "dilation": 2**29, "groups": 2, "output_padding": (1, 0)}),
    ("conv_transpose3d-strided", 3, True, (1, 2, 2, 2, 2), (2, 3, 2, 2, 2), True,
     {"stride": 2**20, "padding": 2**20, "dilation": 2**20 + 1}),
]

_HUGE_RUN = """
import json, sys
import numpy as np
import minigrad
from minigrad.ops import conv as C

data = np.load(sys.argv[1])
nd, transposed, kwargs = json.loads(sys.argv[2])
x = minigrad.tensor(data["x"], requires_grad=True)
w = minigrad.tensor(data["w"], requires_grad=True)
b = minigrad.tensor(data["b"], requires_grad=True) if "b" in data.files else None
op = (C.conv_transpose1d, C.conv_transpose2d, C.conv_transpose3d) if transposed else \\
    (C.conv1d, C.conv2d, C.conv3d)
out = op[nd - 1](x, w, b, **kwargs)
out.backward(minigrad.tensor(data["gy"]))
results = {"out": out.detach().numpy(), "gx": x.grad.numpy(), "gw": w.grad.numpy()}
if b is not None:
    results["gb"] = b.grad.numpy()
np.savez(sys.argv[3], **results)
"""


def _per_dim(value, nd, fill):
    if value is None:
        return (fill,) * nd
    return tuple(value) if isinstance(value, tuple) else (value,) * nd


@pytest.mark.parametrize("name, nd, transposed, x_shape, w_shape, bias, kwargs", _HUGE,
                         ids=[c[0] for c in _HUGE])
def test_huge_padding_and_dilation_compute_what_the_reference_does(
        name, nd, transposed, x_shape, w_shape, bias, kwargs, tmp_path):
    import json
    import os
    import subprocess
    import sys

    rng = np.random.default_rng(5)
    stride = _per_dim(kwargs.get("stride"), nd, 1)
    padding = _per_dim(kwargs.get("padding"), nd, 0)
    dilation = _per_dim(kwargs.get("dilation"), nd, 1)
    output_padding = _per_dim(kwargs.get("output_padding"), nd, 0)
    groups = kwargs.get("groups", 1)
    kernel, size = w_shape[2:], x_shape[2:]
    if transposed:
        out_size = [C.conv_transpose_output_size(*a) for a in
                    zip(size, kernel, stride, padding, output_padding, dilation)]
        out_channels = w_shape[1] * groups
    else:
        out_size = [C.conv_output_size(*a) for a in zip(size, kernel, stride, padding, dilation)]
        out_channels = w_shape[0]
    as_reported = name == "conv3d-as-reported"  # the ones
    arrays = {"x": np.ones(x_shape) if as_reported else rng.standard_normal(x_shape),
              "w": np.ones(w_shape) if as_reported else rng.standard_normal(w_shape),
              "gy": rng.standard_normal((x_shape[0], out_channels, *out_size))}
    if bias:
        arrays["b"] = rng.standard_normal(out_channels)
    np.savez(tmp_path / "in.npz", **arrays)
    run = subprocess.run(
        [sys.executable, "-c", _HUGE_RUN, str(tmp_path / "in.npz"),
         json.dumps([nd, transposed, kwargs]), str(tmp_path / "out.npz")],
        capture_output=True, text=True, timeout=600, check=False,
        cwd=os.path.dirname(os.path.dirname(minigrad.__file__)))
    assert run.returncode == 0, f"{name}: exit status {run.returncode}\n{run.stderr[-3000:]}"
    got = np.load(tmp_path / "out.npz")
    x, w, gy, b = arrays["x"], arrays["w"], arrays["gy"], arrays.get("b")
    if transposed:
        out = ref.conv_transpose_nd_sparse(x, w, b, stride, padding, dilation, groups, out_size)
        gx = ref.conv_nd_sparse(gy, w, None, stride, padding, dilation, groups, size)
    else:
        out = ref.conv_nd_sparse(x, w, b, stride, padding, dilation, groups, out_size)
        gx = ref.conv_transpose_nd_sparse(gy, w, None, stride, padding, dilation, groups, size)
    np.testing.assert_allclose(got["out"], out, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got["gx"], gx, rtol=1e-12, atol=1e-12)
    linear = out - (0 if b is None else b.reshape((-1,) + (1,) * nd))
    assert float((w * got["gw"]).sum()) == pytest.approx(float((linear * gy).sum()), rel=1e-10,
                                                           abs=1e-10)
    if b is not None:
        np.testing.assert_allclose(got["gb"], gy.sum(axis=(0,) + tuple(range(2, nd + 2))),
                                   rtol=1e-12, atol=1e-12)
    if as_reported:  # PyTorch gives zeros: no tap reaches the input
        assert got["out"].shape == (1, 1, 1, 1, 1) and not got["out"].any()


# ----------------------------------------------------------------------------- memory
# The peak memory of a convolution whose padded input is mostly padding must
# follow the work, not the padded extent. Each case runs in a subprocess that
# resets its peak resident size (VmHWM, through /proc/self/clear_refs) right
# before the call, under a 2 GiB address-space limit. Before the padded copies
# were capped at 16 times the data plus 2**14 elements (the slack was 2**22),
# the first case took 64 MiB for six numbers; PyTorch takes under 1 MiB.
_MEMORY_RUN = """
import json, resource, sys
import numpy as np
import minigrad
import minigrad.nn.functional as F

resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
name, x_shape, w_shape, kwargs = json.loads(sys.argv[1])
rng = np.random.default_rng(0)
x = minigrad.tensor(rng.standard_normal(x_shape), requires_grad=True)
w = minigrad.tensor(rng.standard_normal(w_shape), requires_grad=True)

def peak_kib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))

with open("/proc/self/clear_refs", "w") as f:
    f.write("5")
before = peak_kib()
out = getattr(F, name)(x, w, **kwargs)
out.backward(minigrad.ones_like(out))
print(peak_kib() - before)
"""

_MEMORY_CASES = [
    ("conv1d", (2, 2, 3), (1, 2, 3), {"padding": 2**20, "dilation": 2**20}),
    ("conv1d", (1, 2, 3), (2, 2, 3), {"padding": 2**20 - 1, "dilation": 2**20}),
    ("conv_transpose1d", (1, 2, 5), (2, 2, 3), {"stride": 2, "padding": 2**20,
                                                "dilation": 2**20}),
    ("conv2d", (1, 3, 4, 4), (2, 3, 2, 2), {"padding": 2**27, "dilation": 2**28}),
    ("conv3d", (1, 2, 3, 3, 3), (2, 2, 3, 3, 3), {"padding": 2**28, "dilation": 2**28}),
    ("conv_transpose2d", (1, 2, 4, 4), (2, 1, 2, 2), {"padding": 2**27, "dilation": 2**28}),
]


@pytest.mark.skipif(not os.path.exists("/proc/self/clear_refs"), reason="needs Linux's /proc")
@pytest.mark.parametrize("name, x_shape, w_shape, kwargs", _MEMORY_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(_MEMORY_CASES)])
def test_huge_padding_peak_memory_follows_the_work(name, x_shape, w_shape, kwargs):
    import json
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", _MEMORY_RUN, json.dumps([name, x_shape, w_shape, kwargs])],
        capture_output=True, text=True, timeout=300, check=False,
        cwd=os.path.dirname(os.path.dirname(minigrad.__file__)))
    assert run.returncode == 0, run.stderr[-3000:]
    assert int(run.stdout.split()[-1]) < 4 * 1024  # KiB


@pytest.mark.parametrize("call", [
    lambda: C.conv3d(minigrad.ones(2, 2, 2, 2, 2), minigrad.ones(2, 2, 2, 2, 3),
                     stride=(1, 1, 3), padding=(2**27, 2**27, 2**17), dilation=(2, 2**16, 2**16)),
    lambda: C.conv_transpose3d(minigrad.ones(2, 2, 2, 1, 2), minigrad.ones(2, 1, 3, 3, 2),
                               stride=(3, 1, 2**20), padding=(0, 4, 128),
                               dilation=(2**29, 2**16, 256), output_padding=(0, 1, 0)),
], ids=["conv3d", "conv_transpose3d"])
def test_an_output_larger_than_memory_is_a_memory_error_naming_the_op(call):
    # Found by benchmarks/conv_geometry_sweep.py: NumPy's "array is too big".
    with pytest.raises(MemoryError, match=r"^conv(_transpose)?3d: the output of shape .* needs"):
        call()


# ----------------------------------------------------------------------------- few positions
# Up to C._FEW_POSITIONS output positions, a 1-d or 2-d convolution of one group runs as
# GEMMs over the unfolded batch; the kernels still serve the rest. Both must give the
# same results, and so must a plain einsum over the windows.
FEW_POSITION_CASES = [
    ((6, 5, 4, 4), (3, 3), (1, 1), (1, 1), (1, 1)),
    ((3, 4, 7, 6), (2, 3), (2, 1), (1, 0), (1, 2)),
    ((2, 3, 1, 9), (1, 3), (1, 2), (0, 1), (1, 1)),
    ((4, 8, 2, 2), (3, 3), (1, 1), (1, 1), (1, 1)),
    ((5, 3, 3, 5), (3, 2), (2, 3), (2, 1), (2, 1)),
]


def _few_positions_case(shape, kernel, stride, padding, dilation, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape)[:, :, None]
    out_size = tuple(C.conv_output_size(*a) for a in zip(shape[2:], kernel, stride, padding,
                                                           dilation))
    weight = rng.standard_normal((7, shape[1], 1) + kernel)
    grad = rng.standard_normal((shape[0], 7, 1) + out_size)
    g = C._Geometry(stride=(1,) + stride, padding=(0,) + padding, dilation=(1,) + dilation,
                    groups=1, in_size=(1,) + shape[2:], out_size=(1,) + out_size)
    assert C._batch_gemm_blocks(x.shape, weight.shape[2:], g) is not None
    windows = _windows(x[:, :, 0], kernel, stride, padding, dilation, out_size)
    return x, weight, grad, g, windows


@pytest.mark.parametrize("shape, kernel, stride, padding, dilation", FEW_POSITION_CASES)
def test_forward_over_few_positions_matches_the_kernels(shape, kernel, stride, padding,
                                                        dilation):
    x, weight, _, g, windows = _few_positions_case(shape, kernel, stride, padding, dilation)
    bias = np.linspace(-1, 1, 7)
    batched = C._forward(x, weight, bias, g)
    by_kernel = np.empty_like(batched)
    C._kernels.conv_forward(x, weight, bias, by_kernel, g.stride, g.padding, g.dilation, 1, 2)
    np.testing.assert_allclose(batched, by_kernel, rtol=1e-12, atol=1e-12)
    direct = np.einsum("ock,nckhw->nohw", weight[:, :, 0].reshape(7, shape[1], -1), windows)
    np.testing.assert_allclose(batched[:, :, 0], direct + bias[:, None, None], rtol=1e-12,
                               atol=1e-12)


@pytest.mark.parametrize("shape, kernel, stride, padding, dilation", FEW_POSITION_CASES)
def test_input_gradient_over_few_positions_matches_the_kernels(shape, kernel, stride, padding,
                                                               dilation):
    x, weight, grad, g, _ = _few_positions_case(shape, kernel, stride, padding, dilation)
    batched = C._backward_input(grad, weight, None, g)
    by_kernel = np.empty_like(batched)
    C._kernels.conv_backward_input(grad, weight, np.empty(0), by_kernel, g.stride, g.padding,
                                   g.dilation, 1, 2)
    np.testing.assert_allclose(batched, by_kernel, rtol=1e-12, atol=1e-12)
    # The adjoint of the forward: <conv(x), grad> == <x, input gradient>.
    forward = C._forward(x, weight, None, g)
    assert np.isclose(np.vdot(forward, grad), np.vdot(x, batched), rtol=1e-12)


@pytest.mark.parametrize("shape, kernel, stride, padding, dilation", FEW_POSITION_CASES)
def test_weight_gradient_over_few_positions_matches_the_kernels(shape, kernel, stride, padding,
                                                                dilation):
    x, weight, grad, g, windows = _few_positions_case(shape, kernel, stride, padding, dilation)
    batched = C._backward_weight(x, grad, (7, shape[1]) + kernel, g)
    by_kernel = np.empty((7, shape[1], 1) + kernel)
    C._kernels.conv_backward_weight(x, grad, by_kernel, g.stride, g.padding, g.dilation, 1, 2)
    np.testing.assert_allclose(batched, by_kernel[:, :, 0], rtol=1e-12, atol=1e-12)
    direct = np.einsum("nohw,nckhw->ock", grad[:, :, 0], windows)
    np.testing.assert_allclose(batched.reshape(direct.shape), direct, rtol=1e-12, atol=1e-12)


def test_few_positions_in_many_chunks_give_the_same_results(monkeypatch):
    x, weight, grad, g, _ = _few_positions_case((9, 5, 4, 4), (3, 3), (1, 1), (1, 1), (1, 1))
    bias = np.arange(7.0)
    whole = [C._forward(x, weight, bias, g), C._backward_input(grad, weight, None, g),
             C._backward_weight(x, grad, (7, 5, 3, 3), g)]
    # Two samples' rows per chunk: five chunks, the last one short.
    monkeypatch.setattr(C, "_ROWS_MAX_BYTES", 2 * 16 * 5 * 9 * 8)
    assert len(C._batch_chunks(9, 16 * 5 * 9 * 8)) == 5
    chunked = [C._forward(x, weight, bias, g), C._backward_input(grad, weight, None, g),
               C._backward_weight(x, grad, (7, 5, 3, 3), g)]
    np.testing.assert_array_equal(chunked[0], whole[0])
    np.testing.assert_array_equal(chunked[1], whole[1])
    np.testing.assert_allclose(chunked[2], whole[2], rtol=1e-13, atol=1e-13)


def test_backward_of_both_gradients_over_few_positions_matches_the_kernels(monkeypatch):
    # ConvNd.backward takes both gradients in one pass over the chunks.
    x, weight, grad, g, _ = _few_positions_case((9, 5, 4, 4), (3, 3), (1, 1), (1, 1), (1, 1))
    monkeypatch.setattr(C, "_ROWS_MAX_BYTES", 2 * 16 * 5 * 9 * 8)  # five chunks
    xt = minigrad.tensor(x[:, :, 0], requires_grad=True)
    wt = minigrad.tensor(weight[:, :, 0], requires_grad=True)
    C.conv2d(xt, wt, padding=1).backward(minigrad.tensor(grad[:, :, 0]))
    by_kernel_x, by_kernel_w = np.empty_like(x), np.empty_like(weight)
    C._kernels.conv_backward_input(grad, weight, np.empty(0), by_kernel_x, g.stride, g.padding,
                                   g.dilation, 1, 2)
    C._kernels.conv_backward_weight(x, grad, by_kernel_w, g.stride, g.padding, g.dilation, 1, 2)
    np.testing.assert_allclose(xt.grad.numpy(), by_kernel_x[:, :, 0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(wt.grad.numpy(), by_kernel_w[:, :, 0], rtol=1e-12, atol=1e-12)


def test_conv_transpose_over_few_positions_matches_gradcheck():
    rng = np.random.default_rng(3)
    x = minigrad.tensor(rng.standard_normal((3, 6, 3, 3)), requires_grad=True)
    w = minigrad.tensor(rng.standard_normal((6, 4, 3, 3)), requires_grad=True)
    b = minigrad.tensor(rng.standard_normal(4), requires_grad=True)
    # Its input gradient is a convolution of 3x3 outputs: the few-positions path.
    assert minigrad.autograd.gradcheck(
        lambda x, w, b: C.conv_transpose2d(x, w, b, stride=2, padding=1), (x, w, b))


def _windows(x, kernel, stride, padding, dilation, out_size):
    """``(N, C, KH*KW, OH, OW)``: the input under each tap at each output position."""
    x = np.pad(x, ((0, 0), (0, 0), (padding[0],) * 2, (padding[1],) * 2))
    taps = [x[:, :, i * dilation[0]: i * dilation[0] + stride[0] * out_size[0]: stride[0],
              j * dilation[1]: j * dilation[1] + stride[1] * out_size[1]: stride[1]]
            for i in range(kernel[0]) for j in range(kernel[1])]
    return np.stack(taps, axis=2)


def float64_conv_leaves(x_shape, w_shape, seed, out_channels=None):
    """Input, weight and bias of a convolution for gradcheck: float64 leaves that require grad.

    The bias has ``out_channels`` elements, by default the weight's first size
    (a transposed convolution's are its second).
    """
    rng = np.random.default_rng(seed)
    bias_shape = (w_shape[0] if out_channels is None else out_channels,)
    return tuple(minigrad.tensor(rng.standard_normal(shape), requires_grad=True)
                 for shape in (x_shape, w_shape, bias_shape))


def conv2d_results_on_one_and_two_threads(x_shape, out_channels, seed=1, kernel_size=3):
    """Output, input gradient and weight gradient of a float32 conv2d at 1 and 2 threads.

    The kernel is ``kernel_size`` square, padded to keep the map's size.
    """
    rng = np.random.default_rng(seed)
    k = kernel_size
    x = minigrad.tensor(rng.standard_normal(x_shape).astype(np.float32), requires_grad=True)
    w = minigrad.tensor(rng.standard_normal((out_channels, x_shape[1], k, k)).astype(np.float32),
                        requires_grad=True)
    weights = minigrad.tensor(
        rng.standard_normal((x_shape[0], out_channels) + x_shape[2:]).astype(np.float32))
    results = []
    previous = minigrad.get_num_threads()
    try:
        for threads in (1, 2):
            minigrad.set_num_threads(threads)
            x.grad = w.grad = None
            out = minigrad.nn.functional.conv2d(x, w, padding=k // 2)
            (out * weights).sum().backward()
            results.append([t.detach().numpy().copy() for t in (out, x.grad, w.grad)])
    finally:
        minigrad.set_num_threads(previous)
    return results


def test_few_positions_are_the_same_at_one_and_two_threads():
    one, two = conv2d_results_on_one_and_two_threads((16, 32, 4, 4), 64)
    for a, b in zip(one, two):
        assert np.array_equal(a, b)
