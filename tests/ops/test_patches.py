"""unfold, fold, pixel_shuffle, pixel_unshuffle: forward against plain-loop NumPy references,
backward against finite differences, odd geometries, thread-count determinism, validation."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import gradcheck
from minigrad.ops import patches as P
from tests.reference import patches as ref


def _f64(values, requires_grad=False):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


def _pair(value):
    return tuple(value) if isinstance(value, tuple) else (value, value)


def _draw_geometry(rng):
    """A random valid (shape, kernel, dilation, padding, stride) with at least one block."""
    while True:
        kernel = tuple(int(k) for k in rng.integers(1, 4, 2))
        dilation = tuple(int(d) for d in rng.integers(1, 3, 2))
        padding = tuple(int(p) for p in rng.integers(0, 3, 2))
        stride = tuple(int(s) for s in rng.integers(1, 4, 2))
        size = tuple(int(s) for s in rng.integers(1, 8, 2))
        if min(ref.blocks_along(*a) for a in zip(size, kernel, dilation, padding, stride)) >= 1:
            batch = (int(rng.integers(1, 3)),) if rng.integers(3) else ()
            return batch + (int(rng.integers(1, 4)),) + size, kernel, dilation, padding, stride


# ---------------------------------------------------------------- hand-computed values
def test_unfold_of_a_3x3_image_by_2x2_blocks_lists_the_four_windows_as_columns():
    x = minigrad.arange(9.0).reshape(1, 1, 3, 3)
    np.testing.assert_array_equal(P.unfold(x, 2).numpy()[0], [[0, 1, 3, 4], [1, 2, 4, 5],
                                                              [3, 4, 6, 7], [4, 5, 7, 8]])


def test_fold_of_ones_counts_the_blocks_covering_each_pixel():
    counts = P.fold(minigrad.ones(1, 9, 9), (5, 5), 3, padding=1, stride=2).numpy()[0, 0]
    np.testing.assert_array_equal(counts, [[1, 2, 1, 2, 1], [2, 4, 2, 4, 2], [1, 2, 1, 2, 1],
                                           [2, 4, 2, 4, 2], [1, 2, 1, 2, 1]])


def test_pixel_shuffle_of_four_channels_tiles_them_into_a_2x2_cell():
    x = minigrad.arange(8.0).reshape(1, 4, 1, 2)
    np.testing.assert_array_equal(P.pixel_shuffle(x, 2).numpy()[0, 0],
                                  [[0, 2, 1, 3], [4, 6, 5, 7]])


# ---------------------------------------------------------------- forward against references
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_unfold_matches_the_loop_reference_on_random_geometries(dtype):
    rng = np.random.default_rng(1)
    for _ in range(40):
        shape, k, d, p, s = _draw_geometry(rng)
        x = rng.standard_normal(shape)
        got = P.unfold(minigrad.tensor(x.astype(dtype)), k, d, p, s)
        assert got.dtype == dtype
        np.testing.assert_array_equal(got.numpy(), ref.im2col(x.astype(dtype), k, d, p, s),
                                      err_msg=f"{shape} k={k} d={d} p={p} s={s}")


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fold_matches_the_loop_reference_on_random_geometries(dtype):
    rng = np.random.default_rng(2)
    for _ in range(40):
        shape, k, d, p, s = _draw_geometry(rng)
        cols = rng.standard_normal(ref.im2col(np.zeros(shape), k, d, p, s).shape)
        got = P.fold(minigrad.tensor(cols.astype(dtype)), shape[-2:], k, d, p, s)
        assert got.dtype == dtype and got.shape == shape
        np.testing.assert_allclose(got.numpy(), ref.col2im(cols, shape[-2:], k, d, p, s),
                                   rtol=1e-5 if dtype == np.float32 else 1e-12, atol=1e-6,
                                   err_msg=f"{shape} k={k} d={d} p={p} s={s}")


@pytest.mark.parametrize("shape, kwargs", [
    ((2, 3, 1, 1), {"kernel_size": 1}),                        # 1x1 image and kernel
    ((1, 2, 4, 5), {"kernel_size": (4, 5)}),                    # kernel equal to the image
    ((1, 2, 7, 7), {"kernel_size": 2, "stride": 5}),               # stride larger than the kernel
    ((1, 1, 3, 3), {"kernel_size": 3, "padding": 4, "stride": 1}),    # padding larger than the image
    ((1, 1, 2, 9), {"kernel_size": (1, 2), "dilation": (1, 8)}),   # taps at both ends of a row
    ((3, 5, 6), {"kernel_size": 3, "padding": (0, 2), "stride": (1, 3)}),  # unbatched
])
def test_odd_geometries_match_the_references_both_ways(shape, kwargs):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(shape)
    k, d, p, s = (_pair(kwargs.get(name, default)) for name, default in (
        ("kernel_size", 1), ("dilation", 1), ("padding", 0), ("stride", 1)))
    cols = P.unfold(_f64(x), **kwargs)
    np.testing.assert_array_equal(cols.numpy(), ref.im2col(x, k, d, p, s))
    back = P.fold(cols, shape[-2:], **kwargs)
    np.testing.assert_allclose(back.numpy(), ref.col2im(cols.numpy(), shape[-2:], k, d, p, s),
                               rtol=1e-12)


def test_an_empty_batch_gives_empty_outputs_of_the_right_shape():
    assert P.unfold(minigrad.zeros(0, 3, 5, 5), 2).shape == (0, 12, 16)
    assert P.fold(minigrad.zeros(0, 12, 16), 5, 2).shape == (0, 3, 5, 5)


def test_non_contiguous_input_is_unfolded_as_its_values():
    x = np.random.default_rng(4).standard_normal((5, 2, 6, 4)).transpose(1, 0, 3, 2)
    np.testing.assert_array_equal(P.unfold(_f64(x), 3, padding=1).numpy(),
                                  ref.im2col(x, (3, 3), (1, 1), (1, 1), (1, 1)))


@pytest.mark.parametrize("shape, r", [((1, 4, 2, 3), 2), ((2, 3, 18, 2, 1), 3), ((8, 1, 1), 2),
                                      ((2, 5, 3, 3), 1), ((0, 4, 2, 2), 2), ((1, 4, 0, 2), 2)])
def test_pixel_shuffle_and_unshuffle_match_the_references(shape, r):
    x = np.random.default_rng(5).standard_normal(shape)
    shuffled = P.pixel_shuffle(_f64(x), r)
    np.testing.assert_array_equal(shuffled.numpy(), ref.pixel_shuffle(x, r))
    np.testing.assert_array_equal(P.pixel_unshuffle(shuffled, r).numpy(), x)
    np.testing.assert_array_equal(P.pixel_unshuffle(shuffled, r).numpy(),
                                  ref.pixel_unshuffle(shuffled.numpy(), r))


def test_pixel_shuffle_keeps_integer_dtypes():
    x = minigrad.arange(16).reshape(1, 4, 2, 2)
    out = P.pixel_shuffle(x, 2)
    assert out.dtype == minigrad.int64
    np.testing.assert_array_equal(out.numpy(), ref.pixel_shuffle(x.numpy(), 2))


# ---------------------------------------------------------------- gradients
def test_unfold_and_fold_gradients_match_finite_differences_on_random_geometries():
    rng = np.random.default_rng(6)
    for _ in range(8):
        shape, k, d, p, s = _draw_geometry(rng)
        x = _f64(rng.standard_normal(shape), requires_grad=True)
        gradcheck(lambda t, g=(k, d, p, s): P.unfold(t, *g), (x,))
        cols = _f64(rng.standard_normal(P.unfold(x, k, d, p, s).shape), requires_grad=True)
        gradcheck(lambda t, g=(shape[-2:], k, d, p, s): P.fold(t, *g), (cols,))


def test_pixel_shuffle_and_unshuffle_gradients_match_finite_differences():
    x = _f64(np.random.default_rng(7).standard_normal((2, 8, 3, 2)), requires_grad=True)
    gradcheck(lambda t: P.pixel_shuffle(t, 2), (x,))
    gradcheck(lambda t: P.pixel_unshuffle(t, 2).sin(), (
        _f64(np.random.default_rng(8).standard_normal((3, 4, 6)), requires_grad=True),))


def test_fold_is_the_adjoint_of_unfold():
    # <unfold(x), y> == <x, fold(y)> for every x and y: the defining property of col2im.
    rng = np.random.default_rng(9)
    for _ in range(10):
        shape, k, d, p, s = _draw_geometry(rng)
        x = rng.standard_normal(shape)
        cols = P.unfold(_f64(x), k, d, p, s).numpy()
        y = rng.standard_normal(cols.shape)
        folded = P.fold(_f64(y), shape[-2:], k, d, p, s).numpy()
        np.testing.assert_allclose(np.vdot(cols, y), np.vdot(x, folded), rtol=1e-12)


# ---------------------------------------------------------------- threads
@pytest.mark.parametrize("call", [
    lambda x: P.unfold(x, 3, padding=1),
    lambda x: P.unfold(x, (2, 3), dilation=2, padding=(1, 2), stride=(2, 1)),
    lambda x: P.fold(P.unfold(x, 3, padding=1), 24, 3, padding=1),
    lambda x: P.fold(P.unfold(x, 4, stride=3, padding=2), 24, 4, stride=3, padding=2),
], ids=["unfold", "unfold-strided", "fold", "fold-strided"])
def test_results_are_bit_identical_at_one_and_two_threads(call):
    data = np.random.default_rng(10).standard_normal((4, 16, 24, 24)).astype(np.float32)
    grad = None
    results = []
    previous = minigrad.get_num_threads()
    try:
        for threads in (1, 2):
            minigrad.set_num_threads(threads)
            x = minigrad.tensor(data, requires_grad=True)
            out = call(x)
            if grad is None:
                grad = np.random.default_rng(11).standard_normal(out.shape).astype(np.float32)
            out.backward(minigrad.tensor(grad))
            results.append((out.detach().numpy(), x.grad.numpy()))
    finally:
        minigrad.set_num_threads(previous)
    assert np.array_equal(results[0][0], results[1][0])
    assert np.array_equal(results[0][1], results[1][1])


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize("call, error, match", [
    (lambda: P.unfold(minigrad.zeros(5, 5), 2), ValueError, r"unfold: expected a 3-d .* got shape \[5, 5\]"),
    (lambda: P.unfold(minigrad.zeros(2, 0, 5, 5), 2), ValueError, r"unfold: .*non-zero sizes"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5, dtype=minigrad.int64), 2), TypeError,
     "unfold: expected a float32 or float64 input, got dtype int64"),
    (lambda: P.unfold([[[1.0]]], 1), TypeError, "unfold: expected input to be a Tensor"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5), 6), ValueError,
     r"unfold: an image of spatial size \(5, 5\) .* has \(0, 0\) sliding blocks"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5), 2, stride=0), ValueError,
     "unfold: stride must be positive"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5), 2, padding=-1), ValueError,
     "unfold: padding must be non-negative"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5), (2, 3, 4)), ValueError,
     "unfold: kernel_size must be an int or a tuple of 2 ints, got 3 values"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5), 2.0), TypeError, "unfold: kernel_size must be"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5), 1, dilation=2**62), ValueError,
     "unfold: sizes too large"),
    (lambda: P.unfold(minigrad.zeros(1, 1, 5, 5), 1, padding=2**31 - 2), ValueError,
     "unfold: the output of shape .* would be too large"),
    (lambda: P.unfold(minigrad.zeros(0, 1, 5, 5), 1, padding=2**31 - 2), ValueError,
     "unfold: the output of shape .* would be too large"),
    (lambda: P.fold(minigrad.zeros(2, 13, 16), 5, 2), ValueError,
     r"fold: expected input.shape\[-2\] to be divisible by the product of kernel_size \(2, 2\), 4"),
    (lambda: P.fold(minigrad.zeros(2, 12, 16), (6, 5), 2), ValueError,
     r"fold: output_size=\(6, 5\) .* gives 5 \* 4 = 20 sliding blocks, but input.shape\[-1\] is 16"),
    (lambda: P.fold(minigrad.zeros(2, 3, 4, 16), 5, 2), ValueError, r"fold: expected a 2-d"),
    (lambda: P.fold(minigrad.zeros(2, 0, 16), 5, 2), ValueError, r"fold: .*non-zero sizes"),
    (lambda: P.fold(minigrad.zeros(2, 4, 16), 0, 2), ValueError,
     "fold: output_size must be positive"),
    (lambda: P.fold(minigrad.zeros(4, 1), 2**40, 2**40 - 1), ValueError, "fold: sizes too large"),
    (lambda: P.pixel_shuffle(minigrad.zeros(2, 5, 3, 3), 2), ValueError,
     r"pixel_shuffle: expected the channel dimension \(input.shape\[-3\] = 5\) to be divisible"),
    (lambda: P.pixel_shuffle(minigrad.zeros(4, 3), 2), ValueError,
     "pixel_shuffle: expected an input of at least 3 dimensions"),
    (lambda: P.pixel_shuffle(minigrad.zeros(1, 4, 3, 3), 0), ValueError,
     "pixel_shuffle: upscale_factor must be a positive integer"),
    (lambda: P.pixel_shuffle(minigrad.zeros(1, 4, 3, 3), 2.0), TypeError,
     "pixel_shuffle: upscale_factor must be an int, got float"),
    (lambda: P.pixel_unshuffle(minigrad.zeros(1, 4, 4), minigrad.ones(2)), TypeError,
     "pixel_unshuffle: downscale_factor must be an int, got Tensor"),
    (lambda: P.pixel_unshuffle(minigrad.zeros(2, 5, 3, 4), 2), ValueError,
     r"pixel_unshuffle: expected the height \(3\) to be divisible by downscale_factor = 2"),
    (lambda: P.pixel_unshuffle(minigrad.zeros(2, 5, 4, 5), 2), ValueError,
     r"pixel_unshuffle: expected the width \(5\) to be divisible"),
    (lambda: P.pixel_shuffle(minigrad.zeros(1, 0, 2, 2), 2**62), ValueError,
     r"pixel_shuffle: upscale_factor=4611686018427387904 is too large for an input of shape"),
    (lambda: P.pixel_unshuffle(minigrad.zeros(1, 1, 0, 0), 2**40), ValueError,
     r"pixel_unshuffle: downscale_factor=1099511627776 is too large"),
    (lambda: P.pixel_unshuffle(minigrad.zeros(1, 4, 4), -1), ValueError,
     "pixel_unshuffle: downscale_factor must be a positive integer"),
])
def test_bad_arguments_raise_a_clear_error_naming_the_op(call, error, match):
    with pytest.raises(error, match=match):
        call()
