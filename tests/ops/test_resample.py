"""interpolate: forward against a NumPy reference and hand-computed values, backward against
finite differences and the transposed reference, thread-count determinism, SIMD levels and
argument validation."""
import warnings
import zlib

import numpy as np
import pytest

import minigrad
from minigrad._ext import _cpu
from minigrad.autograd import gradcheck
from minigrad.ops import pool
from minigrad.ops.resample import interpolate, upsample, upsample_bilinear, upsample_nearest
from tests.reference import resample as ref

LINEAR = {1: "linear", 2: "bilinear", 3: "trilinear"}


def _modes(n):
    """(mode, align_corners) pairs for an input of n spatial dimensions."""
    out = [("nearest", None), ("nearest-exact", None), (LINEAR[n], False), (LINEAR[n], True)]
    if n == 2:
        out += [("bicubic", False), ("bicubic", True)]
    return out


CASES = [(n, mode, align) for n in (1, 2, 3) for mode, align in _modes(n)]


def _draw(rng, n):
    """Spatial input size, and either an output size or a scale factor, at random."""
    spatial = tuple(int(s) for s in rng.integers(1, 7, n))
    if rng.integers(2):
        return spatial, dict(size=tuple(int(s) for s in rng.integers(1, 10, n)))
    scale = tuple(float(s) for s in rng.choice([0.5, 0.75, 1.5, 2.0, 2.5, 3.0], n))
    if min(int(s * f) for s, f in zip(spatial, scale)) < 1:
        scale = (2.0,) * n
    return spatial, dict(scale_factor=scale)


def _expected_size(spatial, kwargs):
    if "size" in kwargs:
        return kwargs["size"], None
    scale = kwargs["scale_factor"]
    scale = scale if isinstance(scale, tuple) else (scale,) * len(spatial)
    out = tuple(int(s * f) for s, f in zip(spatial, scale))
    return out, (None if kwargs.get("recompute_scale_factor") else scale)


# ---------------------------------------------------------------- hand-computed values
def test_nearest_doubles_each_element():
    x = minigrad.tensor([[[1., 2., 4.]]])
    np.testing.assert_array_equal(interpolate(x, scale_factor=2).numpy(), [[[1, 1, 2, 2, 4, 4]]])


def test_nearest_and_nearest_exact_downsample_by_two_pick_different_neighbours():
    x = minigrad.tensor([[[0., 1., 2., 3., 4.]]])
    # nearest: floor(2.5 * o) -> 0, 2; nearest-exact: floor(2.5 * (o + 0.5)) -> 1, 3
    np.testing.assert_array_equal(interpolate(x, size=2).numpy(), [[[0, 2]]])
    np.testing.assert_array_equal(interpolate(x, size=2, mode="nearest-exact").numpy(),
                                  [[[1, 3]]])


def test_nearest_takes_its_step_in_float32_as_pytorch_does():
    # 2 / 82 rounds down in float32, so output 41 sits just below input 1: PyTorch
    # (and OpenCV) take input 0 there, where exact arithmetic would take input 1.
    out = interpolate(minigrad.arange(2.).reshape(1, 1, 2), size=82).numpy()[0, 0]
    np.testing.assert_array_equal(out[40:43], [0, 0, 1])


def test_linear_with_and_without_aligned_corners():
    x = minigrad.tensor([[[0., 3.]]])
    np.testing.assert_allclose(interpolate(x, size=4, mode="linear", align_corners=True).numpy(),
                               [[[0, 1, 2, 3]]])
    # Centres at (o + 0.5) / 2 - 0.5: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to 1).
    np.testing.assert_allclose(interpolate(x, size=4, mode="linear").numpy(),
                               [[[0, 0.75, 2.25, 3]]])


def test_given_scale_factor_sets_the_step_unless_recomputed():
    x = minigrad.arange(5.).reshape(1, 1, 5)
    # step 1 / 1.5: output 1 sits at 1.5 / 1.5 - 0.5 = 0.5; recomputed, 5 / 7 * 1.5 - 0.5.
    given = interpolate(x, scale_factor=1.5, mode="linear").numpy()[0, 0]
    recomputed = interpolate(x, scale_factor=1.5, mode="linear",
                             recompute_scale_factor=True).numpy()[0, 0]
    assert given.shape == recomputed.shape == (7,)
    np.testing.assert_allclose(given[1], 0.5)
    np.testing.assert_allclose(recomputed[1], 5 / 7 * 1.5 - 0.5)


def test_output_size_is_the_floor_of_size_times_scale():
    x = minigrad.ones(1, 1, 5, 7)
    assert interpolate(x, scale_factor=(1.3, 0.45)).shape == (1, 1, 6, 3)


def test_bicubic_weights_at_a_half_are_keys_kernel_with_a_minus_three_quarters():
    # One 1 among zeros, upsampled x2 with aligned corners onto positions k/2 (size 7 -> 13):
    # the weights of the two halves are W(0.5) = 0.59375 and W(1.5) = -0.09375.
    x = np.zeros((1, 1, 1, 7))
    x[..., 3] = 1
    out = interpolate(minigrad.tensor(x), size=(1, 13), mode="bicubic",
                      align_corners=True).numpy()[0, 0, 0]
    np.testing.assert_allclose(out, [0, 0, 0, -0.09375, 0, 0.59375, 1, 0.59375, 0, -0.09375,
                                     0, 0, 0], atol=1e-15)


def test_bicubic_clamps_its_taps_at_the_border():
    # A constant row stays constant: the clamped taps repeat the edge, and weights sum to 1.
    x = minigrad.full((1, 1, 3, 4), 2.5, dtype=minigrad.float64)
    out = interpolate(x, size=(7, 9), mode="bicubic")
    np.testing.assert_allclose(out.numpy(), 2.5, rtol=1e-14)


def test_align_corners_with_one_output_takes_the_first_input_else_the_middle():
    x = minigrad.tensor([[[0., 1., 2., 3., 4.]]])
    assert interpolate(x, size=1, mode="linear", align_corners=True).item() == 0
    assert interpolate(x, size=1, mode="linear").item() == 2


def test_an_input_of_size_one_is_repeated():
    x = minigrad.tensor([[[3.]]])
    for mode, align in _modes(1):
        np.testing.assert_array_equal(interpolate(x, size=4, mode=mode,
                                                  align_corners=align).numpy(), [[[3] * 4]])


def test_nearest_keeps_negative_zero():
    out = interpolate(minigrad.tensor([[[-0.0, 1.0]]]), size=4).numpy()
    assert np.signbit(out[0, 0, 0]) and np.signbit(out[0, 0, 1])


def test_area_mode_is_adaptive_average_pooling():
    x = minigrad.randn(2, 3, 7, 5)
    np.testing.assert_array_equal(interpolate(x, size=(3, 4), mode="area").numpy(),
                                  pool.adaptive_avg_pool2d(x, (3, 4)).numpy())
    np.testing.assert_array_equal(interpolate(x, scale_factor=0.5, mode="area").numpy(),
                                  pool.adaptive_avg_pool2d(x, (3, 2)).numpy())


# ---------------------------------------------------------------- against the reference
@pytest.mark.parametrize("n, mode, align", CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_forward_and_backward_match_the_reference_on_random_configs(n, mode, align, dtype):
    rng = np.random.default_rng(zlib.crc32(repr((n, mode, align)).encode()))
    for _ in range(12):
        spatial, kwargs = _draw(rng, n)
        if rng.integers(3) == 0 and "scale_factor" in kwargs:
            kwargs["recompute_scale_factor"] = True
        x = rng.standard_normal((2, 3) + spatial)
        t = minigrad.tensor(x.astype(dtype), requires_grad=True)
        out = interpolate(t, mode=mode, align_corners=align, **kwargs)
        size, scales = _expected_size(spatial, kwargs)
        want = ref.interpolate(x, size, mode, scales, bool(align))
        grad = rng.standard_normal(want.shape)
        out.backward(minigrad.tensor(grad.astype(dtype)))
        want_grad = ref.interpolate_backward(grad, spatial, mode, scales, bool(align))
        tol = dict(rtol=1e-12, atol=1e-12) if dtype == np.float64 else dict(rtol=1e-5, atol=1e-5)
        assert out.dtype == t.dtype and out.shape == want.shape, (spatial, kwargs)
        np.testing.assert_allclose(out.detach().numpy(), want, **tol, err_msg=str(kwargs))
        np.testing.assert_allclose(t.grad.numpy(), want_grad, **tol, err_msg=str(kwargs))


@pytest.mark.parametrize("n, mode, align", CASES)
def test_gradient_matches_finite_differences(n, mode, align):
    rng = np.random.default_rng(n)
    for spatial, kwargs in [((3, 4, 2)[:n], dict(scale_factor=2)),
                            ((5, 3, 4)[:n], dict(size=(3, 5, 2)[:n])),
                            ((4, 5, 3)[:n], dict(scale_factor=1.5))]:
        x = minigrad.tensor(rng.standard_normal((2, 2) + spatial), requires_grad=True)
        assert gradcheck(lambda t, kw=kwargs: interpolate(t, mode=mode, align_corners=align,
                                                              **kw), (x,))


def test_non_contiguous_input_gives_the_contiguous_result():
    data = np.random.default_rng(3).standard_normal((5, 6, 3, 2))
    strided = minigrad.tensor(data).permute(3, 2, 1, 0)
    dense = minigrad.tensor(np.ascontiguousarray(data.transpose(3, 2, 1, 0)))
    for mode in ("nearest", "bilinear", "bicubic"):
        np.testing.assert_array_equal(interpolate(strided, (7, 4), mode=mode).numpy(),
                                      interpolate(dense, (7, 4), mode=mode).numpy())


def test_empty_batch_gives_an_empty_output_and_gradient():
    x = minigrad.zeros(0, 3, 4, 5, requires_grad=True)
    out = interpolate(x, scale_factor=2, mode="bilinear")
    assert out.shape == (0, 3, 8, 10)
    out.sum().backward()
    assert x.grad.shape == (0, 3, 4, 5)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
@pytest.mark.parametrize("align", [False, True])
def test_antialias_matches_the_reference_forward_and_backward(mode, align):
    rng = np.random.default_rng(7)
    for spatial, kwargs in [((9, 13), dict(size=(3, 4))), ((31, 17), dict(scale_factor=0.37)),
                            ((8, 8), dict(scale_factor=(0.5, 0.77))), ((5, 6), dict(size=(9, 2))),
                            ((7, 5), dict(size=(1, 1)))]:
        x = rng.standard_normal((2, 3) + spatial)
        t = minigrad.tensor(x, requires_grad=True)
        out = interpolate(t, mode=mode, align_corners=align, antialias=True, **kwargs)
        size, scales = _expected_size(spatial, kwargs)
        want = ref.interpolate(x, size, mode, scales, align, antialias=True)
        grad = rng.standard_normal(want.shape)
        out.backward(minigrad.tensor(grad))
        np.testing.assert_allclose(out.detach().numpy(), want, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(
            t.grad.numpy(), ref.interpolate_backward(grad, spatial, mode, scales, align, True),
            rtol=1e-12, atol=1e-12)


def test_antialiased_halving_averages_pairs_with_a_triangle_of_width_four():
    # Downsampling by 2: the triangle stretched to reach 2 inputs on each side of the
    # centre (weights 1/8, 3/8, 3/8, 1/8), renormalized where the border cuts it off.
    x = minigrad.tensor([[[[0., 8., 16., 24.]]]])
    out = interpolate(x, size=(1, 2), mode="bilinear", antialias=True).numpy()[0, 0, 0]
    np.testing.assert_allclose(out, [(0 * 3 + 8 * 3 + 16) / 7, (8 + 16 * 3 + 24 * 3) / 7])


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
def test_antialias_gradient_matches_finite_differences(mode):
    x = minigrad.tensor(np.random.default_rng(2).standard_normal((1, 2, 9, 7)),
                        requires_grad=True)
    assert gradcheck(lambda t: interpolate(t, size=(4, 3), mode=mode, antialias=True), (x,))


# ---------------------------------------------------------------- threads and SIMD levels
@pytest.mark.parametrize("shape, kwargs", [
    ((4, 16, 24, 24), dict(scale_factor=2, mode="bilinear")),
    ((4, 16, 24, 24), dict(scale_factor=2, mode="bilinear", align_corners=True)),
    ((4, 16, 24, 24), dict(size=(17, 50), mode="bicubic")),
    ((4, 16, 24, 24), dict(scale_factor=2)),
    ((2, 4, 10, 12, 14), dict(scale_factor=(2, 1.5, 0.5), mode="trilinear")),
    # A single plane: each pass runs in parallel over its rows instead of over planes.
    ((1, 1, 30, 40, 50), dict(size=(45, 20, 70), mode="trilinear")),
    ((1, 1, 200, 300), dict(scale_factor=2, mode="nearest-exact")),
])
def test_results_are_bit_identical_at_one_and_two_threads_and_run_to_run(shape, kwargs):
    data = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    grad = None
    results = []
    previous = minigrad.get_num_threads()
    try:
        for threads in (1, 2, 2):
            minigrad.set_num_threads(threads)
            x = minigrad.tensor(data, requires_grad=True)
            out = interpolate(x, **kwargs)
            if grad is None:
                grad = np.random.default_rng(1).standard_normal(out.shape).astype(np.float32)
            out.backward(minigrad.tensor(grad))
            results.append((out.detach().numpy(), x.grad.numpy()))
    finally:
        minigrad.set_num_threads(previous)
    for out, grad_in in results[1:]:
        assert np.array_equal(results[0][0], out)
        assert np.array_equal(results[0][1], grad_in)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_simd_level_agrees_with_the_reference(dtype):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 9, 11))
    grad = rng.standard_normal((2, 3, 20, 16))
    want = ref.interpolate(x, (20, 16), "bicubic")
    want_grad = ref.interpolate_backward(grad, (9, 11), "bicubic")
    tol = 1e-12 if dtype == np.float64 else 1e-5
    for level in _cpu.cpu_simd_levels():
        previous = _cpu.set_simd_level(level)
        try:
            t = minigrad.tensor(x.astype(dtype), requires_grad=True)
            out = interpolate(t, size=(20, 16), mode="bicubic")
            out.backward(minigrad.tensor(grad.astype(dtype)))
        finally:
            _cpu.set_simd_level(previous)
        np.testing.assert_allclose(out.detach().numpy(), want, rtol=tol, atol=tol, err_msg=level)
        np.testing.assert_allclose(t.grad.numpy(), want_grad, rtol=tol, atol=tol, err_msg=level)


# ---------------------------------------------------------------- the deprecated aliases
def test_upsample_aliases_warn_and_call_interpolate():
    x = minigrad.randn(1, 2, 3, 4)
    with pytest.warns(UserWarning, match="deprecated"):
        got = upsample(x, scale_factor=2, mode="bilinear")
    np.testing.assert_array_equal(got.numpy(), interpolate(x, scale_factor=2,
                                                           mode="bilinear").numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        np.testing.assert_array_equal(upsample_nearest(x, size=5).numpy(),
                                      interpolate(x, size=5).numpy())
        np.testing.assert_array_equal(
            upsample_bilinear(x, size=(5, 2)).numpy(),
            interpolate(x, size=(5, 2), mode="bilinear", align_corners=True).numpy())


# ---------------------------------------------------------------- argument validation
X3 = minigrad.randn(1, 2, 4)
X4 = minigrad.randn(1, 2, 4, 4)


@pytest.mark.parametrize("call, error, match", [
    (lambda: interpolate(np.zeros((1, 1, 4)), 2), TypeError, "expected input to be a Tensor"),
    (lambda: interpolate(minigrad.zeros(1, 1, 4, dtype=minigrad.int64), 2), TypeError,
     "float32 or float64 input, got dtype int64"),
    (lambda: interpolate(X3, 2, mode="cubic"), ValueError, "mode must be one of"),
    (lambda: interpolate(X3, 2, mode="bilinear"), ValueError,
     r"mode 'bilinear' expects a 4-d \(N, C, H, W\) input, got shape \[1, 2, 4\]"),
    (lambda: interpolate(X4, 2, mode="linear"), ValueError, "mode 'linear' expects a 3-d"),
    (lambda: interpolate(X4, 2, mode="trilinear"), ValueError, "mode 'trilinear' expects a 5-d"),
    (lambda: interpolate(minigrad.zeros(1, 1, 2, 2, 2), 2, mode="bicubic"), ValueError,
     "expects a 4-d"),
    (lambda: interpolate(minigrad.zeros(2, 4), 2), ValueError, "3-d, 4-d or 5-d"),
    (lambda: interpolate(minigrad.zeros(1, 0, 4), 2), ValueError, "non-zero channel"),
    (lambda: interpolate(X3), ValueError, "exactly one of size and scale_factor"),
    (lambda: interpolate(X3, 2, 2.0), ValueError, "exactly one of size and scale_factor"),
    (lambda: interpolate(X3, (2, 3)), ValueError, "tuple of 1 ints"),
    (lambda: interpolate(X3, 2.0), TypeError, "size must be an int"),
    (lambda: interpolate(X3, scale_factor=(2, 3)), ValueError, "scale_factor must be a number"),
    (lambda: interpolate(X3, scale_factor="2"), TypeError, "scale_factor must be a number"),
    (lambda: interpolate(X3, scale_factor=float("inf")), ValueError, "finite"),
    (lambda: interpolate(X3, scale_factor=float("nan")), ValueError, "finite"),
    (lambda: interpolate(X3, 0), ValueError, "greater than 0"),
    (lambda: interpolate(X3, scale_factor=0.2), ValueError, "greater than 0"),
    (lambda: interpolate(X3, scale_factor=-2), ValueError, "greater than 0"),
    (lambda: interpolate(X3, 2, recompute_scale_factor=True), ValueError,
     "recompute_scale_factor is not meaningful"),
    (lambda: interpolate(X3, 2, align_corners=True), ValueError,
     "align_corners can only be set with the interpolating modes"),
    (lambda: interpolate(X3, 2, mode="area", align_corners=False), ValueError,
     "align_corners can only be set"),
    (lambda: interpolate(X3, 2, mode="linear", align_corners=1), TypeError, "must be a bool"),
    (lambda: interpolate(X3, 2, antialias=True), ValueError, "bilinear and bicubic modes only"),
    (lambda: interpolate(X4, 2, mode="bilinear", antialias=1), TypeError,
     "antialias must be a bool"),
    (lambda: interpolate(X3, scale_factor=2, recompute_scale_factor=X3), TypeError,
     "recompute_scale_factor must be a bool or None"),
    (lambda: interpolate(X3, 2, mode=X3), TypeError, "mode must be a string"),
    (lambda: interpolate(X3, 2**62), ValueError, "more than this platform can address"),
    (lambda: interpolate(X3, 2**63), ValueError, "more than this platform can address"),
    (lambda: interpolate(X3, scale_factor=1e300), ValueError, "more than this platform"),
])
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_a_size_too_large_to_allocate_raises_memory_error_not_a_crash():
    x = minigrad.zeros(1, 1, 2)
    with pytest.raises(MemoryError):
        interpolate(x, size=2**51)  # addressable, but 8 PiB


def test_huge_size_with_an_empty_batch_is_just_a_shape():
    out = interpolate(minigrad.zeros(0, 1, 3), size=2**40)
    assert out.shape == (0, 1, 2**40)
