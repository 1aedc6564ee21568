"""Pooling: forward against NumPy references, backward against finite differences,
kernel paths against each other, thread-count determinism and argument validation."""
import numpy as np
import pytest

import minigrad
from minigrad._ext import pool as kernels
from minigrad.autograd import gradcheck
from minigrad.ops import pool as F
from tests.reference import pool as ref
from tests.reference.core import check_op


def _f64(values, requires_grad=False):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


def _distinct(rng, shape):
    """Values with no ties (a permutation, shuffled and scaled) for max-pooling gradients."""
    size = int(np.prod(shape))
    return (rng.permutation(size).reshape(shape) + rng.uniform(0.1, 0.9, shape)) / size


def _draw_config(rng, n, dilation=True):
    """A random valid pooling configuration on an input of n spatial dimensions."""
    while True:
        kernel = tuple(int(k) for k in rng.integers(1, 5, n))
        stride = tuple(int(s) for s in rng.integers(1, 4, n))
        padding = tuple(int(rng.integers(0, k // 2 + 1)) for k in kernel)
        dil = tuple(int(d) for d in rng.integers(1, 3, n)) if dilation else (1,) * n
        ceil_mode = bool(rng.integers(2))
        spatial = tuple(int(s) for s in rng.integers(1, 9, n))
        out = [ref.pool_out_len(*a, ceil_mode) for a in zip(spatial, kernel, stride, padding, dil)]
        if min(out) >= 1:
            batch = (int(rng.integers(1, 3)),) if rng.integers(4) else ()
            shape = batch + (int(rng.integers(1, 4)),) + spatial
            return shape, kernel, stride, padding, dil, ceil_mode


# ---------------------------------------------------------------- the seed example
def test_max_pool2d_of_the_4x4_example_gives_6_8_3_4():
    x = minigrad.tensor([[1., 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]).reshape(1, 1, 4, 4)
    out = F.max_pool2d(x, 2, stride=2)
    np.testing.assert_array_equal(out.numpy(), [[[[6, 8], [3, 4]]]])


def test_max_pool2d_backward_of_the_4x4_example_routes_gradients_to_the_maxima():
    x = minigrad.tensor([[1., 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]],
                        requires_grad=True)
    F.max_pool2d(x.reshape(1, 1, 4, 4), 2).sum().backward()
    expected = np.zeros((4, 4))
    expected[1, 1] = expected[1, 3] = expected[2, 0] = expected[3, 3] = 1
    np.testing.assert_array_equal(x.grad.numpy(), expected)


# ---------------------------------------------------------------- forward against references
@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_max_pool_values_and_indices_match_reference_on_random_configs(n, dtype):
    rng = np.random.default_rng(n)
    pool = getattr(F, f"max_pool{n}d")
    for _ in range(25):
        shape, k, s, p, d, ceil_mode = _draw_config(rng, n)
        x = rng.standard_normal(shape)
        if rng.integers(2):
            x = np.round(x)  # many ties
        if rng.integers(4) == 0:
            x[rng.random(shape) < 0.1] = np.nan
        want, want_idx = ref.max_pool(x, k, s, p, d, ceil_mode)
        got, idx = pool(minigrad.tensor(x.astype(dtype)), k, s, p, d, ceil_mode, True)
        assert got.dtype == dtype and idx.dtype == np.int64
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-6, atol=0,
                                   err_msg=f"{shape} k={k} s={s} p={p} d={d} ceil={ceil_mode}")
        np.testing.assert_array_equal(idx.numpy(), want_idx)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_pool_without_indices_gives_the_reference_values(n, simd_level):
    # With no gradient wanted and no indices returned, the kernels skip the indices.
    rng = np.random.default_rng(10 + n)
    pool = getattr(F, f"max_pool{n}d")
    for _ in range(25):
        shape, k, s, p, d, ceil_mode = _draw_config(rng, n)
        x = np.round(rng.standard_normal(shape) * 2)
        x[rng.random(shape) < 0.05] = np.nan
        want, _ = ref.max_pool(x, k, s, p, d, ceil_mode)
        with minigrad.no_grad():
            got = pool(minigrad.tensor(x, requires_grad=True), k, s, p, d, ceil_mode)
        np.testing.assert_array_equal(got.numpy(), want,
                                      err_msg=f"{shape} k={k} s={s} p={p} d={d} ceil={ceil_mode}")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_2x2_max_pool_without_indices_gives_the_bits_of_the_training_forward(dtype, simd_level):
    # Rows of 20 outputs: the vector loop and its remainder; NaN of distinct payloads.
    x = np.round(np.random.default_rng(3).standard_normal((3, 4, 10, 40)) * 2).astype(dtype)
    bits = x.view(np.uint32 if dtype == np.float32 else np.uint64)
    for k, at in enumerate([(0, 0, 0, 0), (0, 0, 0, 1), (1, 2, 5, 13), (2, 3, 9, 39)]):
        bits[at] = np.array(np.nan, dtype).view(bits.dtype) + k
    x[0, 1] = 1.0  # all ties
    x[1, 1] = -np.inf
    training = F.max_pool2d(minigrad.tensor(x, requires_grad=True), 2)
    with minigrad.no_grad():
        inference = F.max_pool2d(minigrad.tensor(x, requires_grad=True), 2)
    assert training.grad_fn is not None and inference.grad_fn is None
    np.testing.assert_array_equal(inference.numpy().view(bits.dtype),
                                  training.detach().numpy().view(bits.dtype))


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_avg_pool_matches_reference_with_padding_ceil_mode_and_count_include_pad(n, dtype):
    rng = np.random.default_rng(10 + n)
    pool = getattr(F, f"avg_pool{n}d")
    for _ in range(25):
        shape, k, s, p, _, ceil_mode = _draw_config(rng, n, dilation=False)
        include = bool(rng.integers(2))
        divisor = int(rng.integers(1, 6)) if n > 1 and rng.integers(3) == 0 else None
        extra = {} if n == 1 else {"divisor_override": divisor}
        x = rng.standard_normal(shape)
        want = ref.avg_pool(x, k, s, p, ceil_mode, include, divisor)
        got = pool(minigrad.tensor(x.astype(dtype)), k, s, p, ceil_mode, include, **extra)
        assert got.dtype == dtype
        tol = 1e-12 if dtype == np.float64 else 1e-5
        np.testing.assert_allclose(got.numpy(), want, rtol=tol, atol=tol,
                                   err_msg=f"{shape} k={k} s={s} p={p} ceil={ceil_mode} "
                                           f"include={include} divisor={divisor}")


def test_avg_pool_divisor_excludes_the_part_of_a_ceil_mode_window_beyond_the_padding():
    # Length 6, kernel 3, stride 2, ceil_mode: the last window [4, 7) covers 2
    # elements and sticks out 1 beyond the (zero) padding, so it divides by 2.
    x = _f64([[[1., 2., 3., 4., 5., 6.]]])
    out = F.avg_pool1d(x, 3, 2, ceil_mode=True)
    np.testing.assert_allclose(out.numpy(), [[[2., 4., 5.5]]])
    # With padding 1 the window [3, 6) of length 5 + 2 ends in the padding: divisor 3.
    out = F.avg_pool1d(_f64([[[1., 2., 3., 4., 5.]]]), 3, 2, padding=1, ceil_mode=True)
    np.testing.assert_allclose(out.numpy(), [[[1., 3., 9. / 3]]])


@pytest.mark.parametrize("n", [1, 2, 3])
def test_adaptive_pools_match_reference_for_smaller_equal_and_larger_outputs(n):
    rng = np.random.default_rng(20 + n)
    for _ in range(8):
        spatial = tuple(int(v) for v in rng.integers(1, 8, n))
        out_size = tuple(int(v) for v in rng.integers(1, 10, n))
        x = rng.standard_normal((2, 3) + spatial)
        got = getattr(F, f"adaptive_avg_pool{n}d")(_f64(x), out_size)
        np.testing.assert_allclose(got.numpy(), ref.adaptive_avg_pool(x, out_size), rtol=1e-12)
        got, idx = getattr(F, f"adaptive_max_pool{n}d")(_f64(x), out_size, return_indices=True)
        want, want_idx = ref.adaptive_max_pool(x, out_size)
        np.testing.assert_array_equal(got.numpy(), want)
        np.testing.assert_array_equal(idx.numpy(), want_idx)


def test_adaptive_pool_output_size_none_keeps_that_dimension():
    x = _f64(np.arange(24.).reshape(1, 2, 3, 4))
    assert F.adaptive_avg_pool2d(x, (None, 2)).shape == (1, 2, 3, 2)
    assert F.adaptive_max_pool2d(x, (1, None)).shape == (1, 2, 1, 4)
    np.testing.assert_allclose(F.adaptive_avg_pool2d(x, (None, 1)).numpy()[0, 0, :, 0],
                               [1.5, 5.5, 9.5])


def test_adaptive_avg_pool_to_one_is_the_global_mean():
    x = np.random.default_rng(0).standard_normal((3, 4, 5, 6))
    np.testing.assert_allclose(F.adaptive_avg_pool2d(_f64(x), 1).numpy(),
                               x.mean(axis=(2, 3), keepdims=True), rtol=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_puts_pooled_values_back_at_their_indices(n):
    rng = np.random.default_rng(30 + n)
    x = rng.standard_normal((2, 2) + (4,) * n)
    out, idx = getattr(F, f"max_pool{n}d")(_f64(x), 2, return_indices=True)
    un = getattr(F, f"max_unpool{n}d")(out, idx, 2)
    assert un.shape == x.shape
    np.testing.assert_array_equal(un.numpy(), ref.max_unpool(out.numpy(), idx.numpy(), (4,) * n))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_output_size_restores_the_size_pooling_dropped(n):
    x = np.random.default_rng(40 + n).standard_normal((2, 2) + (5,) * n)
    out, idx = getattr(F, f"max_pool{n}d")(_f64(x), 2, return_indices=True)
    un = getattr(F, f"max_unpool{n}d")(out, idx, 2, output_size=(5,) * n).numpy()
    assert un.shape == x.shape
    kept = un != 0
    assert kept.sum() == out.numel()
    np.testing.assert_array_equal(un[kept], x[kept])


def test_max_unpool_accepts_output_size_with_batch_and_channel():
    out, idx = F.max_pool2d(_f64(np.arange(50.).reshape(1, 2, 5, 5)), 2, return_indices=True)
    assert F.max_unpool2d(out, idx, 2, output_size=[1, 2, 5, 5]).shape == (1, 2, 5, 5)


@pytest.mark.parametrize("n", [1, 2])
def test_lp_pool_matches_reference(n):
    rng = np.random.default_rng(40 + n)
    pool = getattr(F, f"lp_pool{n}d")
    for norm_type in (1, 2, 3.5):
        for ceil_mode in (False, True):
            x = rng.uniform(0.1, 2, (2, 3) + (7,) * n)
            k, s = (3,) * n, (2,) * n
            got = pool(_f64(x), norm_type, k[0], s[0], ceil_mode)
            np.testing.assert_allclose(got.numpy(), ref.lp_pool(x, norm_type, k, s, ceil_mode),
                                       rtol=1e-12)


def test_lp_pool_with_p_1_is_sum_pooling_and_large_p_approaches_max():
    x = _f64([[[1., 4., 2., 3.]]])
    np.testing.assert_allclose(F.lp_pool1d(x, 1, 2).numpy(), [[[5., 5.]]])
    np.testing.assert_allclose(F.lp_pool1d(x, 60, 2).numpy(), [[[4., 3.]]], rtol=1e-2)


# ---------------------------------------------------------------- ties, NaN, empty windows
def test_max_pool_ties_go_to_the_first_element_in_forward_and_backward():
    x = minigrad.tensor(np.full((1, 1, 4, 4), 2.0), requires_grad=True)
    out, idx = F.max_pool2d(x, 3, stride=1, padding=1, return_indices=True)
    np.testing.assert_array_equal(idx.numpy()[0, 0], [[0, 0, 1, 2], [0, 0, 1, 2],
                                                      [4, 4, 5, 6], [8, 8, 9, 10]])
    out.sum().backward()
    counts = np.bincount(idx.numpy().ravel(), minlength=16).reshape(4, 4)
    np.testing.assert_array_equal(x.grad.numpy()[0, 0], counts)


def test_max_pool_propagates_nan_and_points_at_it():
    x = minigrad.tensor([[[1., np.nan, 3., 2.]]])
    out, idx = F.max_pool1d(x, 4, return_indices=True)
    assert np.isnan(out.item()) and idx.item() == 1
    out, idx = F.adaptive_max_pool1d(x, 2, return_indices=True)
    assert np.isnan(out.numpy()[0, 0, 0]) and idx.numpy()[0, 0, 0] == 1
    assert out.numpy()[0, 0, 1] == 3
    # Of several NaN the last one wins, as in PyTorch; on the 2x2 fast path too.
    out, idx = F.max_pool1d(minigrad.tensor([[[np.nan, 1., np.nan, 0.]]]), 4, return_indices=True)
    assert np.isnan(out.item()) and idx.item() == 2
    x = minigrad.tensor([[[[np.nan, np.nan], [5., np.nan]]]])
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    assert np.isnan(out.item()) and idx.item() == 3


def test_max_pool_all_minus_inf_window_points_at_its_first_element():
    out, idx = F.max_pool1d(minigrad.tensor([[[-np.inf] * 4]]), 2, return_indices=True)
    np.testing.assert_array_equal(out.numpy(), [[[-np.inf, -np.inf]]])
    np.testing.assert_array_equal(idx.numpy(), [[[0, 2]]])


def test_max_pool_window_wholly_in_padding_gives_minus_inf_index_minus_1_and_no_gradient():
    # Kernel 2 dilated by 3 with padding 1 over a length-2 input: the one
    # window's taps are -1 and 2, both outside.
    x = _f64([[[1., 2.]]], requires_grad=True)
    out, idx = F.max_pool1d(x, 2, 1, padding=1, dilation=3, return_indices=True)
    assert out.item() == -np.inf and idx.item() == -1
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[[0., 0.]]])


# ---------------------------------------------------------------- odd shapes, unbatched, dtypes
@pytest.mark.parametrize("shape, kernel, stride", [
    ((1, 1, 1, 1), 1, 1),  # 1x1
    ((2, 3, 5, 4), (5, 4), None),  # kernel equal to the input
    ((1, 2, 9, 9), 2, 4),  # stride larger than the kernel
    ((1, 1, 27, 27), 2, 2),  # odd size on the 2x2 fast path: the last row and column are dropped
    ((3, 1, 8, 6), (2, 3), (2, 3)),
])
def test_max_and_avg_pool2d_match_reference_on_odd_shapes(shape, kernel, stride):
    x = np.random.default_rng(0).standard_normal(shape)
    k = (kernel,) * 2 if isinstance(kernel, int) else kernel
    s = k if stride is None else (stride,) * 2 if isinstance(stride, int) else stride
    out, idx = F.max_pool2d(_f64(x), kernel, stride, return_indices=True)
    want, want_idx = ref.max_pool(x, k, s, (0, 0), (1, 1))
    np.testing.assert_array_equal(out.numpy(), want)
    np.testing.assert_array_equal(idx.numpy(), want_idx)
    np.testing.assert_allclose(F.avg_pool2d(_f64(x), kernel, stride).numpy(),
                               ref.avg_pool(x, k, s, (0, 0)), rtol=1e-12)


@pytest.mark.parametrize("name, args", [
    ("max_pool1d", (3, 2, 1)), ("avg_pool1d", (3, 2, 1)), ("adaptive_avg_pool1d", (3,)),
    ("adaptive_max_pool1d", (3,)), ("lp_pool1d", (2, 2)),
    ("max_pool2d", (3, 2, 1)), ("avg_pool2d", (3, 2, 1)), ("adaptive_avg_pool2d", (3,)),
    ("adaptive_max_pool2d", (3,)), ("lp_pool2d", (2, 2)),
    ("max_pool3d", (3, 2, 1)), ("avg_pool3d", (3, 2, 1)), ("adaptive_avg_pool3d", (3,)),
    ("adaptive_max_pool3d", (3,)),
])
def test_unbatched_input_gives_the_batched_result_without_the_batch_axis(name, args):
    n = int(name[-2])
    x = np.random.default_rng(1).uniform(0.5, 1.5, (3,) + (6,) * n)
    unbatched = getattr(F, name)(_f64(x), *args)
    batched = getattr(F, name)(_f64(x[None]), *args)
    assert unbatched.shape == batched.shape[1:]
    np.testing.assert_array_equal(unbatched.numpy(), batched.numpy()[0])


def test_max_unpool_of_unbatched_input():
    out, idx = F.max_pool2d(_f64(np.arange(16.).reshape(1, 4, 4)), 2, return_indices=True)
    un = F.max_unpool2d(out, idx, 2)
    assert un.shape == (1, 4, 4)
    np.testing.assert_array_equal(un.numpy()[0], [[0, 0, 0, 0], [0, 5, 0, 7],
                                                  [0, 0, 0, 0], [0, 13, 0, 15]])


def test_pooling_an_empty_batch_gives_an_empty_batch():
    x = minigrad.zeros(0, 3, 4, 4, requires_grad=True)
    out = F.max_pool2d(x, 2)
    assert out.shape == (0, 3, 2, 2)
    assert F.avg_pool2d(x, 2).shape == (0, 3, 2, 2)
    out.sum().backward()
    assert x.grad.shape == (0, 3, 4, 4)


def test_float32_input_stays_float32_through_forward_and_backward():
    x = minigrad.randn(2, 3, 8, 8, requires_grad=True)
    for out in (F.max_pool2d(x, 2), F.avg_pool2d(x, 3, 2, 1), F.adaptive_avg_pool2d(x, 3)):
        assert out.dtype == np.float32
        x.grad = None
        out.sum().backward()
        assert x.grad.dtype == np.float32


def test_input_without_requires_grad_records_no_graph():
    out = F.max_pool2d(minigrad.randn(1, 1, 4, 4), 2)
    assert not out.requires_grad and out.grad_fn is None


def test_returned_indices_changed_in_place_make_backward_raise():
    x = minigrad.randn(1, 1, 4, 4, requires_grad=True)
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    idx.add_(1)
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        out.sum().backward()


# ---------------------------------------------------------------- gradients (float64)
@pytest.mark.parametrize("n, kwargs", [
    (1, {"kernel_size": 3, "stride": 2, "padding": 1}),
    (1, {"kernel_size": 2, "stride": 1, "dilation": 2, "ceil_mode": True}),
    (2, {"kernel_size": 2}),
    (2, {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}),
    (2, {"kernel_size": (2, 3), "stride": 1, "dilation": (2, 1)}),
    (3, {"kernel_size": 2, "stride": 1, "padding": 1}),
])
def test_max_pool_gradcheck(n, kwargs):
    rng = np.random.default_rng(n)
    x = _f64(_distinct(rng, (2, 2) + (5,) * n if n < 3 else (1, 2, 4, 4, 4)), requires_grad=True)
    assert gradcheck(lambda t: getattr(F, f"max_pool{n}d")(t, **kwargs), (x,))


@pytest.mark.parametrize("n, kwargs", [
    (1, {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False}),
    (1, {"kernel_size": 3, "stride": 2, "ceil_mode": True}),
    (2, {"kernel_size": 2}),
    (2, {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}),
    (2, {"kernel_size": (3, 2), "stride": 1, "divisor_override": 5}),
    (3, {"kernel_size": 2, "stride": 1, "padding": 1}),
])
def test_avg_pool_gradcheck(n, kwargs):
    check_op([(2, 2) + (5,) * n if n < 3 else (1, 2, 4, 4, 4)],
             lambda t: getattr(F, f"avg_pool{n}d")(t, **kwargs))


@pytest.mark.parametrize("n, size", [(1, 3), (2, (3, 2)), (2, (6, 7)), (3, 2)])
def test_adaptive_pools_gradcheck(n, size):
    rng = np.random.default_rng(n)
    shape = (2, 2) + (5,) * n if n < 3 else (1, 2, 3, 4, 4)
    check_op([shape], lambda t: getattr(F, f"adaptive_avg_pool{n}d")(t, size))
    x = _f64(_distinct(rng, shape), requires_grad=True)
    assert gradcheck(lambda t: getattr(F, f"adaptive_max_pool{n}d")(t, size), (x,))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_max_unpool_gradcheck(n):
    rng = np.random.default_rng(n)
    pooled, idx = getattr(F, f"max_pool{n}d")(_f64(_distinct(rng, (2, 2) + (4,) * n)), 2,
                                              return_indices=True)
    x = _f64(pooled.numpy(), requires_grad=True)
    assert gradcheck(lambda t: getattr(F, f"max_unpool{n}d")(t, idx, 2), (x,))


@pytest.mark.parametrize("n, norm_type, ceil_mode", [(1, 2, False), (1, 3, True), (2, 1.5, True)])
def test_lp_pool_gradcheck(n, norm_type, ceil_mode):
    check_op([(2, 2) + (5,) * n], lambda t: getattr(F, f"lp_pool{n}d")(t, norm_type, 2,
                                                                       ceil_mode=ceil_mode),
             low=0.5, float32=False)


# ---------------------------------------------------------------- kernel paths and threads
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("H, W", [
    (10, 40),  # rows of 20 outputs: the vector loop runs (8 or 4 lanes), then a remainder
    (14, 14),  # rows of 7, pooled several rows at a time
    (15, 15),  # the same with an odd row and column left out
    (6, 6),  # rows of 3: the whole plane in one go
    (20, 2),  # rows of 1
    (34, 14),  # 17 rows of 7: batches of 9 and then 8
])
def test_2x2_fast_kernel_equals_the_general_kernel_with_ties_and_nan(dtype, H, W, simd_level):
    rng = np.random.default_rng(5)
    x = np.round(rng.standard_normal((7, H * W)) * 2).astype(dtype)
    x[0, :5] = np.nan
    x[1, [0, W // 2, W + 1, 2 * W - 1, 3 * W - 1]] = np.nan
    x[2, :] = 1.0  # all ties
    x[3, :] = -np.inf
    x[4, :][rng.random(H * W) < 0.05] = np.nan
    x[5, :] = np.where(rng.random(H * W) < 0.5, 0.0, -0.0)  # ties of signed zeros
    OH, OW = H // 2, W // 2
    window = np.array([[2 * o, 2, 1] for o in range(OH)], dtype=np.intp)
    window_w = np.array([[2 * o, 2, 1] for o in range(OW)], dtype=np.intp)
    unit = np.array([[0, 1, 1]], dtype=np.intp)
    outs = [np.empty((7, OH * OW), dtype) for _ in range(3)]
    idxs = [np.empty((7, OH * OW), np.int64) for _ in range(2)]
    kernels.max_pool_forward(x, outs[0], idxs[0], H, W, unit, window, window_w, 1, 1, 1, 1)
    kernels.max_pool_2x2_forward(x, outs[1], idxs[1], H, W, 1)
    kernels.max_pool_2x2_forward(x, outs[2], None, H, W, 1)
    bits = np.uint32 if dtype == np.float32 else np.uint64
    for out in outs[1:]:
        np.testing.assert_array_equal(out.view(bits), outs[0].view(bits))
    np.testing.assert_array_equal(idxs[1], idxs[0])


@pytest.mark.parametrize("call", [
    lambda x: F.max_pool2d(x, 2),
    lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
    lambda x: F.avg_pool2d(x, 3, 1, 1, count_include_pad=False),
    lambda x: F.adaptive_avg_pool2d(x, 5),
    lambda x: F.adaptive_max_pool2d(x, 5),
    lambda x: F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2),
], ids=["max2x2", "max3x3", "avg", "adaptive_avg", "adaptive_max", "unpool"])
def test_results_are_bit_identical_at_one_and_two_threads(call):
    data = np.random.default_rng(0).standard_normal((8, 16, 24, 24)).astype(np.float32)
    grad = None
    results = []
    previous = minigrad.get_num_threads()
    try:
        for threads in (1, 2):
            minigrad.set_num_threads(threads)
            x = minigrad.tensor(data, requires_grad=True)
            out = call(x)
            if grad is None:
                grad = np.random.default_rng(1).standard_normal(out.shape).astype(np.float32)
            out.backward(minigrad.tensor(grad))
            results.append((out.detach().numpy(), x.grad.numpy()))
    finally:
        minigrad.set_num_threads(previous)
    assert np.array_equal(results[0][0], results[1][0])
    assert np.array_equal(results[0][1], results[1][1])


# ---------------------------------------------------------------- argument validation
X2 = minigrad.randn(1, 2, 6, 6)


@pytest.mark.parametrize("call, error, match", [
    (lambda: F.max_pool2d(np.zeros((1, 1, 4, 4)), 2), TypeError, "expected input to be a Tensor"),
    (lambda: F.max_pool2d(minigrad.zeros(1, 1, 4, 4, dtype=minigrad.int64), 2), TypeError,
     "float32 or float64 input"),
    (lambda: F.max_pool2d(minigrad.zeros(4, 4), 2), ValueError, r"3-d \(C, H, W\) or 4-d"),
    (lambda: F.max_pool1d(minigrad.zeros(1, 1, 1, 4), 2), ValueError, r"2-d \(C, L\) or 3-d"),
    (lambda: F.avg_pool3d(minigrad.zeros(4, 4, 4), 2), ValueError, r"4-d \(C, D, H, W\)"),
    (lambda: F.max_pool2d(minigrad.zeros(1, 0, 4, 4), 2), ValueError, "non-zero channel"),
    (lambda: F.max_pool2d(X2, 0), ValueError, "kernel_size must be positive"),
    (lambda: F.max_pool2d(X2, (2, 2, 2)), ValueError, "kernel_size must be an int or a tuple of 2"),
    (lambda: F.max_pool2d(X2, 2.0), TypeError, "kernel_size must be an int"),
    (lambda: F.max_pool2d(X2, True), TypeError, "kernel_size must be an int"),
    (lambda: F.max_pool2d(X2, 2, stride=0), ValueError, "stride must be positive"),
    (lambda: F.max_pool2d(X2, 2, padding=-1), ValueError, "padding must be non-negative"),
    (lambda: F.max_pool2d(X2, 2, dilation=0), ValueError, "dilation must be positive"),
    (lambda: F.max_pool2d(X2, 3, padding=2), ValueError, "padding should be at most half"),
    (lambda: F.avg_pool1d(minigrad.zeros(1, 1, 5), 2, padding=(2,)), ValueError,
     "padding should be at most half"),
    (lambda: F.max_pool2d(X2, 7), ValueError, r"spatial size \(6, 6\) is too small"),
    (lambda: F.max_pool2d(X2, 3, dilation=3), ValueError, "output size would be"),
    (lambda: F.avg_pool2d(X2, 9, padding=1), ValueError, "too small"),
    (lambda: F.avg_pool2d(X2, 2, divisor_override=0), ValueError, "must be a non-zero int"),
    (lambda: F.avg_pool2d(X2, 2, divisor_override=1.5), TypeError, "divisor_override must be"),
    (lambda: F.adaptive_avg_pool2d(X2, (2, 2, 2)), ValueError, "output_size must be"),
    (lambda: F.adaptive_max_pool2d(X2, -1), ValueError, "output_size must be non-negative"),
    (lambda: F.adaptive_avg_pool2d(X2, None), TypeError, "output_size must be"),
    (lambda: F.lp_pool2d(X2, 0, 2), ValueError, "norm_type must be positive and finite"),
    (lambda: F.lp_pool2d(X2, float("inf"), 2), ValueError, "positive and finite"),
    (lambda: F.lp_pool2d(X2, "2", 2), TypeError, "norm_type must be a real number"),
])
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.fixture
def pooled():
    x = minigrad.randn(1, 2, 4, 4)
    return F.max_pool2d(x, 2, return_indices=True)


def test_max_unpool_rejects_non_int64_indices(pooled):
    out, idx = pooled
    with pytest.raises(TypeError, match="expected int64 indices"):
        F.max_unpool2d(out, idx.float(), 2)
    with pytest.raises(TypeError, match="indices to be a Tensor"):
        F.max_unpool2d(out, idx.numpy(), 2)


def test_max_unpool_rejects_indices_of_another_shape(pooled):
    out, idx = pooled
    with pytest.raises(ValueError, match=r"indices of the input's shape \[1, 2, 2, 2\]"):
        F.max_unpool2d(out, idx.reshape(2, 1, 2, 2), 2)


def test_max_unpool_rejects_indices_outside_the_output_plane(pooled):
    out, _idx = pooled
    with pytest.raises(ValueError, match="invalid max index 16"):
        F.max_unpool2d(out, minigrad.full(out.shape, 16, dtype=minigrad.int64), 2)
    with pytest.raises(ValueError, match="invalid max index -1"):
        F.max_unpool2d(out, minigrad.full(out.shape, -1, dtype=minigrad.int64), 2)


def test_max_unpool_rejects_output_size_not_within_a_stride_of_the_default(pooled):
    out, idx = pooled
    with pytest.raises(ValueError, match="dimension 0 must be between 3 and 5, got 6"):
        F.max_unpool2d(out, idx, 2, output_size=(6, 4))
    with pytest.raises(TypeError, match="output_size must be a tuple of 2 ints"):
        F.max_unpool2d(out, idx, 2, output_size=(4, 4, 4))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # lp_pool of odd values
def test_random_invalid_arguments_raise_value_or_type_errors_and_never_crash():
    # Every call either fails cleanly before any kernel runs or gives a well-formed result.
    rng = np.random.default_rng(7)
    values = [-3, -1, 0, 1, 2, 3, 5, 50, 2 ** 40, 1.5, None, (1,), (2, 2), (0, 1), (-1, 2),
              (1, 2, 3), "2", True, [3, 1]]

    def pick():
        return values[int(rng.integers(len(values)))]

    names = ["max_pool", "avg_pool", "adaptive_avg_pool", "adaptive_max_pool", "lp_pool",
             "max_unpool"]
    accepted = 0
    for _ in range(300):
        n = int(rng.integers(1, 4))
        name = names[int(rng.integers(len(names)))]
        rank = int(rng.integers(n, n + 4))
        shape = tuple(int(s) for s in rng.integers(0, 5, rank))
        if rng.integers(5):
            x = minigrad.randn(*shape, dtype=minigrad.float64, requires_grad=True)
        else:
            x = minigrad.zeros(*shape, dtype=minigrad.int64)
        fn = getattr(F, f"{name}{n}d")
        try:
            if name in ("max_pool", "avg_pool"):
                out = fn(x, pick(), pick(), pick(), *([pick()] if name == "max_pool" else []),
                         ceil_mode=bool(rng.integers(2)))
            elif name.startswith("adaptive"):
                out = fn(x, pick())
            elif name == "lp_pool":
                out = fn(x, pick(), pick(), pick())
            else:
                idx = minigrad.randint(-2, 40, x.shape)
                out = fn(x, idx, pick(), pick(), pick())
        except (ValueError, TypeError):
            continue
        except MemoryError:
            # A valid but astronomically large output (output_size=2**40), as in PyTorch.
            continue
        accepted += 1
        assert out.ndim == x.ndim and out.dtype == x.dtype
        out.sum().backward()
        assert x.grad.shape == x.shape
    assert accepted >= 10


@pytest.mark.parametrize("refused", [True, (2, True), 2.0, (2, 2.0)])
def test_max_pool_refuses_an_argument_equal_to_one_it_accepted(refused):
    # The plans of plain-int arguments are kept between calls; a bool or a
    # float equal to an accepted int must still be refused.
    x = minigrad.ones(1, 1, 4, 4)
    F.max_pool2d(x, 1)
    F.max_pool2d(x, (2, 1))
    F.max_pool2d(x, 2)
    with pytest.raises(TypeError, match="max_pool2d: kernel_size"):
        F.max_pool2d(x, refused)


def test_max_pool_plans_follow_the_map_size():
    x = minigrad.tensor(np.arange(16.0).reshape(1, 1, 4, 4))
    y = minigrad.tensor(np.arange(36.0).reshape(1, 1, 6, 6))
    np.testing.assert_array_equal(F.max_pool2d(x, 2).numpy(), [[[[5, 7], [13, 15]]]])
    np.testing.assert_array_equal(F.max_pool2d(y, 2).numpy()[0, 0, 0], [7, 9, 11])
