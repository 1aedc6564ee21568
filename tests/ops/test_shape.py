"""Reshaping, reordering, joining, splitting and padding: forward against NumPy, backward by gradcheck."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minigrad
from minigrad.ops.shape import pad
from tests.reference.core import check_op, torch_pad_widths

FEW = settings(max_examples=25, deadline=None)


# ---------------------------------------------------------------- reshape family
@pytest.mark.parametrize("op, reference", [
    (lambda a: a.reshape(4, 6), lambda a: a.reshape(4, 6)),
    (lambda a: a.reshape((3, -1)), lambda a: a.reshape(3, -1)),
    (lambda a: a.reshape(-1), lambda a: a.reshape(-1)),
    (lambda a: minigrad.reshape(a, (2, 2, 6)), lambda a: a.reshape(2, 2, 6)),
    (lambda a: a.view(24), lambda a: a.reshape(24)),
    (lambda a: a.view(-1, 4), lambda a: a.reshape(-1, 4)),
    (lambda a: a.flatten(), lambda a: a.reshape(-1)),
    (lambda a: a.flatten(1), lambda a: a.reshape(2, 12)),
    (lambda a: minigrad.flatten(a, 0, 1), lambda a: a.reshape(6, 4)),
    (lambda a: a.flatten(-2, -1), lambda a: a.reshape(2, 12)),
], ids=["reshape", "reshape-1", "reshape-flat", "minigrad.reshape", "view", "view-1", "flatten",
        "flatten1", "flatten01", "flatten-neg"])
def test_reshape_family_matches_numpy_and_gradcheck(op, reference):
    check_op([(2, 3, 4)], op, reference)


def test_view_shares_memory_and_version_with_its_source():
    x = minigrad.arange(6.0)
    v = x.view(2, 3)
    assert np.shares_memory(v.numpy(), x.numpy())
    v.add_(1)
    assert x.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert x._version == v._version == 1


def test_view_of_a_non_contiguous_tensor_raises_and_reshape_copies():
    t = minigrad.ones(2, 3).T
    assert not t.is_contiguous()
    with pytest.raises(RuntimeError, match=r"view: the tensor is not contiguous; use .reshape"):
        t.view(6)
    assert t.reshape(6).shape == (6,)
    assert t.contiguous().is_contiguous() and t.contiguous().view(6).shape == (6,)


@pytest.mark.parametrize("op, reference", [
    (lambda a: a.squeeze(), lambda a: a.squeeze()),
    (lambda a: a.squeeze(1), lambda a: a.squeeze(1)),
    (lambda a: a.squeeze(0), lambda a: a),
    (lambda a: minigrad.squeeze(a, (1, 3)), lambda a: a.squeeze((1, 3))),
    (lambda a: a.squeeze(-1), lambda a: a.squeeze(-1)),
    (lambda a: a.unsqueeze(0), lambda a: a[None]),
    (lambda a: a.unsqueeze(-1), lambda a: a[..., None]),
    (lambda a: minigrad.unsqueeze(a, 2), lambda a: np.expand_dims(a, 2)),
], ids=["squeeze", "squeeze1", "squeeze-not-1", "squeeze-tuple", "squeeze-1", "unsqueeze0",
        "unsqueeze-1", "unsqueeze2"])
def test_squeeze_and_unsqueeze_match_numpy_and_gradcheck(op, reference):
    check_op([(2, 1, 3, 1)], op, reference)


# ---------------------------------------------------------------- reorder
@pytest.mark.parametrize("op, reference", [
    (lambda a: a.transpose(0, 2), lambda a: a.transpose(2, 1, 0)),
    (lambda a: minigrad.transpose(a, -1, 1), lambda a: a.transpose(0, 2, 1)),
    (lambda a: a.permute(1, 2, 0), lambda a: a.transpose(1, 2, 0)),
    (lambda a: a.permute((2, 0, 1)), lambda a: a.transpose(2, 0, 1)),
    (lambda a: minigrad.permute(a, (0, -1, 1)), lambda a: a.transpose(0, 2, 1)),
    (lambda a: a.T, lambda a: a.T),
], ids=["transpose", "minigrad.transpose", "permute", "permute-tuple", "minigrad.permute", "T"])
def test_transpose_and_permute_match_numpy_and_gradcheck(op, reference):
    check_op([(2, 3, 4)], op, reference)


def test_t_transposes_matrices_and_rejects_higher_ranks():
    check_op([(2, 3)], lambda a: a.t(), lambda a: a.T)
    check_op([(2, 3)], minigrad.t, lambda a: a.T)
    check_op([(3,)], minigrad.t, lambda a: a)
    check_op([()], minigrad.t, lambda a: a)
    with pytest.raises(ValueError, match="t: expected a tensor with at most 2 dimensions, got 3"):
        minigrad.ones(2, 3, 4).t()
    with pytest.raises(ValueError, match="t: expected a tensor with at most 2 dimensions, got 3"):
        minigrad.t(minigrad.ones(2, 3, 4))
    with pytest.raises(TypeError, match="t: expected input to be a Tensor, got list"):
        minigrad.t([[1.0]])


# ---------------------------------------------------------------- expand and repeat
@pytest.mark.parametrize("op, reference", [
    (lambda a: a.expand(3, 4, 2), lambda a: np.broadcast_to(a, (3, 4, 2))),
    (lambda a: a.expand(5, -1, 4, -1), lambda a: np.broadcast_to(a, (5, 3, 4, 2))),
    (lambda a: a.expand((2, 3, 4, 2)), lambda a: np.broadcast_to(a, (2, 3, 4, 2))),
    (lambda a: a.expand_as(minigrad.ones(3, 4, 2)), lambda a: np.broadcast_to(a, (3, 4, 2))),
], ids=["expand", "expand-1", "expand-tuple", "expand_as"])
def test_expand_matches_numpy_broadcast_to_and_sums_the_gradient_back(op, reference):
    check_op([(3, 1, 2)], op, reference)


@pytest.mark.parametrize("size", [(3, 4, 2), (5, -1, 4, -1), [2, 3, 1, 2]])
def test_broadcast_to_matches_numpy_and_sums_the_gradient_back(size):
    shape = tuple(n if n != -1 else (3, 1, 2)[i - len(size) + 3] for i, n in enumerate(size))
    check_op([(3, 1, 2)], lambda a: minigrad.broadcast_to(a, size),
             lambda a: np.broadcast_to(a, shape))
    check_op([(3, 1, 2)], lambda a: a.broadcast_to(size), lambda a: np.broadcast_to(a, shape),
             float32=False)


def test_broadcast_to_errors_name_the_function():
    x = minigrad.ones(2, 3)
    with pytest.raises(ValueError, match=r"broadcast_to: the size of dimension 0 \(2\) must match"):
        minigrad.broadcast_to(x, (3, 3))
    with pytest.raises(ValueError, match=r"broadcast_to: the number of sizes \(1\)"):
        minigrad.broadcast_to(x, (3,))
    with pytest.raises(ValueError, match="broadcast_to: -1 is not allowed in a new leading"):
        minigrad.broadcast_to(x, (-1, 2, 3))
    with pytest.raises(TypeError, match="broadcast_to: sizes must be an int or a sequence"):
        minigrad.broadcast_to(x, "23")
    with pytest.raises(ValueError, match=r"^broadcast_to: a view of shape \[2147483648, "
                                         r"2147483648\] spans more than 2\*\*63 bytes"):
        minigrad.broadcast_to(minigrad.ones(1), (2**31, 2**31))
    with pytest.raises(ValueError, match="^expand: a view of shape"):
        minigrad.ones(1).expand(2**62, 2**62)


def test_an_expanded_tensor_is_read_only():
    e = minigrad.ones(1, 3).expand(2, 3)
    with pytest.raises(RuntimeError, match=r"add_: the tensor is read-only \(an expanded view"):
        e.add_(1)


@pytest.mark.parametrize("repeats", [(2, 1), (1, 3), (2, 2, 3), (4, 1, 1, 2)])
def test_repeat_tiles_like_numpy_and_sums_the_gradient_over_copies(repeats):
    check_op([(2, 3)], lambda a: a.repeat(*repeats), lambda a: np.tile(a, repeats))


@pytest.mark.parametrize("shape, dims", [
    ((2, 3), (2,)), ((2, 3), (2, 2)), ((2, 3), (3, 1, 2)), ((3,), (2, 2)), ((), (3,)),
    ((2, 3), ()), ((2, 3), [0]), ((2, 1, 3), (2, 1)),
])
def test_tile_matches_numpy_tile_and_sums_the_gradient_over_copies(shape, dims):
    check_op([shape], lambda a: minigrad.tile(a, dims), lambda a: np.tile(a, dims))
    check_op([shape], lambda a: a.tile(dims), lambda a: np.tile(a, dims), float32=False)


def test_tile_method_takes_varargs_and_tile_differs_from_repeat_for_short_dims():
    x = minigrad.tensor([[1, 2], [3, 4]])
    assert x.tile(2).tolist() == [[1, 2, 1, 2], [3, 4, 3, 4]]
    assert x.tile(2, 1).tolist() == [[1, 2], [3, 4], [1, 2], [3, 4]]
    with pytest.raises(ValueError, match="repeat: the number of repeats"):
        x.repeat(2)


def test_tile_errors_name_the_function():
    x = minigrad.ones(2, 3)
    with pytest.raises(TypeError, match="tile: dims must be a tuple of ints, got 2"):
        minigrad.tile(x, 2)
    with pytest.raises(TypeError, match="tile: dims must be a tuple of ints"):
        minigrad.tile(x, (2.0,))
    with pytest.raises(ValueError, match=r"tile: dims must be non-negative, got \[-1\]"):
        minigrad.tile(x, (-1,))
    with pytest.raises(MemoryError, match=r"^tile: the result of shape \[2, 3298534883328\]"):
        minigrad.tile(x, (2**40,))
    with pytest.raises(MemoryError, match="^tile: the result of shape"):
        minigrad.tile(x, (2**62, 2**62))


# ---------------------------------------------------------------- join
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_cat_joins_like_numpy_concatenate_and_splits_the_gradient(dim):
    shapes = [(2, 3, 2), (2, 3, 2), (2, 3, 2)]
    shapes = [tuple(s if i != dim % 3 else s + k for i, s in enumerate(shape))
              for k, shape in enumerate(shapes)]
    check_op(shapes, lambda *t: minigrad.cat(list(t), dim),
             lambda *a: np.concatenate(a, axis=dim))


def test_concat_is_cat():
    check_op([(2, 3), (1, 3)], lambda a, b: minigrad.concat([a, b]),
             lambda a, b: np.concatenate([a, b]))
    check_op([(2, 3), (2, 1)], lambda a, b: minigrad.concat((a, b), dim=1),
             lambda a, b: np.concatenate([a, b], axis=1))
    with pytest.raises(ValueError, match="cat: sizes of tensors must match except in dimension 0"):
        minigrad.concat([minigrad.ones(2, 3), minigrad.ones(2, 2)])


def test_cat_of_the_same_tensor_twice_accumulates_its_gradient():
    check_op([(2, 2)], lambda a: minigrad.cat((a, a * 2), 0), lambda a: np.concatenate([a, 2 * a]))


@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_stack_joins_along_a_new_dim_like_numpy(dim):
    check_op([(2, 3), (2, 3)], lambda a, b: minigrad.stack([a, b], dim),
             lambda a, b: np.stack([a, b], axis=dim))


def test_cat_and_stack_mix_tensors_that_do_and_do_not_require_grad():
    a = minigrad.ones(2, requires_grad=True)
    b = minigrad.zeros(2)
    minigrad.stack([a, b]).sum().backward()
    assert a.grad.tolist() == [1.0, 1.0] and b.grad is None


# ---------------------------------------------------------------- split
@pytest.mark.parametrize("size, dim, expected", [
    (2, 0, [2, 2, 1]), (5, 0, [5]), (1, 1, [1, 1, 1]), ([1, 4], 0, [1, 4]), ((2, 0, 1), 1, [2, 0, 1]),
])
def test_split_by_size_or_sections_matches_numpy_and_gradcheck(size, dim, expected):
    bounds = np.cumsum(expected)[:-1]
    out = check_op([(5, 3)], lambda a: a.split(size, dim), lambda a: tuple(np.split(a, bounds, dim)))
    assert [o.shape[dim] for o in out] == expected
    check_op([(5, 3)], lambda a: minigrad.split(a, size, dim=dim),
             lambda a: tuple(np.split(a, bounds, dim)))


@pytest.mark.parametrize("chunks, expected", [(1, [6]), (2, [3, 3]), (4, [2, 2, 2]), (5, [2, 2, 2]),
                                              (6, [1] * 6), (7, [1] * 6)])
def test_chunk_gives_pieces_of_ceil_size_like_pytorch(chunks, expected):
    out = check_op([(2, 6)], lambda a: a.chunk(chunks, 1),
                   lambda a: tuple(np.split(a, np.cumsum(expected)[:-1], 1)))
    assert [o.shape[1] for o in out] == expected
    assert [o.shape[0] for o in minigrad.chunk(minigrad.ones(5), 2)] == [3, 2]


def test_using_only_some_outputs_of_split_gives_zero_gradient_to_the_rest():
    x = minigrad.arange(12.0).reshape(4, 3).detach().requires_grad_()
    first, _, third = x.split([1, 2, 1])
    (first * 2 + third.sum()).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[2, 2, 2], [0, 0, 0], [0, 0, 0], [3, 3, 3]])


def test_chunk_pieces_used_twice_accumulate():
    x = minigrad.ones(4, requires_grad=True)
    a, b = x.chunk(2)
    (a * b + a).sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 1.0, 1.0]


# ---------------------------------------------------------------- pad
@pytest.mark.parametrize("mode, np_mode", [("constant", "constant"), ("reflect", "reflect"),
                                           ("replicate", "edge"), ("circular", "wrap")])
@pytest.mark.parametrize("widths", [(1, 2), (2, 1, 0, 2), (1, 1, 1, 1, 1, 0)])
def test_pad_matches_numpy_pad_in_every_mode_and_gradcheck(mode, np_mode, widths):
    shape = (2, 3, 4)
    np_widths = torch_pad_widths(len(shape), widths)
    check_op([shape], lambda a: pad(a, widths, mode),
             lambda a: np.pad(a, np_widths, mode=np_mode))


def test_constant_pad_uses_the_value_and_negative_widths_crop():
    x = minigrad.tensor([[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(pad(x, (1, 0), value=9.0).numpy(), [[9, 1, 2, 3]])
    check_op([(2, 5)], lambda a: pad(a, (-1, 2, 1, -1)),
             lambda a: np.pad(a[:1, 1:], [(1, 0), (0, 2)]))


@pytest.mark.parametrize("widths", [(-1, 2), (2, -1), (1, -2, -1, 1), (-1, -1, 0, 0, 1, -1)])
def test_negative_circular_padding_crops_then_wraps_what_remains(widths):
    shape = (3, 4, 5)
    np_widths = torch_pad_widths(len(shape), widths)

    def reference(a):
        crop = tuple(slice(max(-lo, 0), size - max(-hi, 0))
                     for size, (lo, hi) in zip(a.shape, np_widths))
        return np.pad(a[crop], [(max(lo, 0), max(hi, 0)) for lo, hi in np_widths], mode="wrap")
    check_op([shape], lambda a: pad(a, widths, "circular"), reference)


def test_constant_crop_to_an_empty_dimension_is_allowed():
    assert pad(minigrad.ones(2, 4), (-2, -2)).shape == (2, 0)


@given(st.lists(st.integers(2, 4), min_size=1, max_size=3), st.data())
@FEW
def test_pad_of_random_shapes_and_widths_matches_numpy(shape, data):
    mode, np_mode = data.draw(st.sampled_from([("constant", "constant"), ("reflect", "reflect"),
                                               ("replicate", "edge"), ("circular", "wrap")]))
    n = data.draw(st.integers(1, len(shape)))
    widths = data.draw(st.lists(st.integers(0, 1), min_size=2 * n, max_size=2 * n))
    np_widths = torch_pad_widths(len(shape), widths)
    check_op([tuple(shape)], lambda a: pad(a, widths, mode),
             lambda a: np.pad(a, np_widths, mode=np_mode), float32=False)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("op, error, message", [
    (lambda: minigrad.ones(2, 3).reshape(4, 2), ValueError,
     r"reshape: shape \[4, 2\] is invalid for input of size 6 \(shape \[2, 3\]\)"),
    (lambda: minigrad.ones(2, 3).reshape(-1, -1), ValueError,
     r"reshape: only one dimension can be inferred, got shape \[-1, -1\]"),
    (lambda: minigrad.ones(2, 3).reshape(4, -1), ValueError, r"reshape: shape \[4, -1\] is invalid"),
    (lambda: minigrad.ones(2, 3).reshape(-2, 3), ValueError, r"reshape: invalid shape dimension"),
    (lambda: minigrad.ones(2, 3).flatten(1, 0), ValueError,
     r"flatten: start_dim 1 cannot come after end_dim 0"),
    (lambda: minigrad.ones(2, 3).squeeze(3), IndexError, r"squeeze: dimension out of range"),
    (lambda: minigrad.ones(2, 3).unsqueeze(4), IndexError, r"unsqueeze: dimension out of range"),
    (lambda: minigrad.ones(2, 3).transpose(0, 2), IndexError, r"transpose: dimension out of range"),
    (lambda: minigrad.ones(2, 3).permute(0, 0), ValueError,
     r"permute: dims \[0, 0\] are not a permutation of the 2 dimensions of a tensor of shape \[2, 3\]"),
    (lambda: minigrad.ones(2, 3).permute(0), ValueError, r"permute: dims \[0\] are not a permutation"),
    (lambda: minigrad.ones(2, 3).expand(4, 3), ValueError,
     r"expand: the size of dimension 0 \(2\) must match the expanded size \(4\)"),
    (lambda: minigrad.ones(2, 3).expand(3), ValueError,
     r"expand: the number of sizes \(1\) must be at least the number of dimensions"),
    (lambda: minigrad.ones(3).expand(-1, 3), ValueError,
     r"expand: -1 is not allowed in a new leading dimension"),
    (lambda: minigrad.ones(2, 3).repeat(2), ValueError,
     r"repeat: the number of repeats \(1\) can not be smaller than the number of dimensions"),
    (lambda: minigrad.ones(2).repeat(-1), ValueError, r"repeat: repeats must be non-negative"),
    (lambda: minigrad.cat([minigrad.ones(2, 3), minigrad.ones(3, 2)]), ValueError,
     (r"cat: sizes of tensors must match except in dimension 0; tensor 0 has shape \[2, 3\], "
      r"tensor 1 has \[3, 2\]")),
    (lambda: minigrad.cat([minigrad.ones(2, 3), minigrad.ones(3)]), ValueError,
     r"cat: sizes of tensors must match"),
    (lambda: minigrad.cat([]), ValueError, r"cat: expected a non-empty list of tensors"),
    (lambda: minigrad.cat(minigrad.ones(2)), TypeError,
     r"cat: expected a list or tuple of tensors, got Tensor"),
    (lambda: minigrad.cat([minigrad.ones(2), np.ones(2)]), TypeError,
     r"cat: expected tensors, got ndarray"),
    (lambda: minigrad.cat([minigrad.ones(2), minigrad.ones(2, dtype=minigrad.float64)]), TypeError,
     r"cat: expected tensors of one dtype, got \['float32', 'float64'\]"),
    (lambda: minigrad.cat([minigrad.ones(2)], 1), IndexError, r"cat: dimension out of range"),
    (lambda: minigrad.stack([minigrad.ones(2), minigrad.ones(3)]), ValueError,
     r"stack: expects each tensor to be equal size, but got \[2\] at entry 0 and \[3\] at entry 1"),
    (lambda: minigrad.ones(4).split([1, 2]), ValueError,
     r"split: split_sizes \[1, 2\] do not add up to 4, the size of dimension 0"),
    (lambda: minigrad.ones(4).split(0), ValueError, r"split: split_size must be positive, got 0"),
    (lambda: minigrad.ones(4).chunk(0), ValueError, r"chunk: chunks must be positive, got 0"),
    (lambda: pad(minigrad.ones(2, 3), (1, 1), "edge"), ValueError,
     r"pad: mode must be one of 'constant', 'reflect', 'replicate', 'circular', got 'edge'"),
    (lambda: pad(minigrad.ones(2, 3), (1,)), ValueError, r"pad: padding length must be even"),
    (lambda: pad([1.0, 2.0], (1, 1)), TypeError, r"pad: expected input to be a Tensor, got list"),
    (lambda: pad(minigrad.ones(0, 2), (2**62, 2**62)), ValueError,
     r"pad: the output of shape \[0, 9223372036854775810\] would be too large to allocate"),
    (lambda: pad(minigrad.ones(2), (1, 1), value="0"), TypeError,
     r"pad: value must be a real number, got '0'"),
    (lambda: pad(minigrad.ones(3), (1, 1, 1, 1)), ValueError, r"pad: padding length must be even"),
    (lambda: pad(minigrad.ones(2, 3), (3, 0), "reflect"), ValueError,
     r"pad: padding \(3, 0\) must be smaller than the size 3 of dimension 1 in reflect mode"),
    (lambda: pad(minigrad.ones(2, 3), (4, 0), "circular"), ValueError,
     r"pad: padding \(4, 0\) must be at most the size 3 of dimension 1 in circular mode"),
    (lambda: pad(minigrad.ones(2, 3), (-1, 0), "replicate"), ValueError,
     r"pad: negative padding is supported only in constant and circular modes"),
    (lambda: pad(minigrad.ones(2, 3), (-2, -2)), ValueError,
     r"pad: padding \(-2, -2\) crops more than the size 3 of dimension 1"),
    (lambda: pad(minigrad.ones(2, 5), (3, -3), "circular"), ValueError,
     r"pad: padding \(3, 0\) must be at most the size 2 of dimension 1 in circular mode"),
    (lambda: pad(minigrad.ones(2, 0), (1, 0), "circular"), ValueError,
     r"pad: padding \(1, 0\) must be at most the size 0 of dimension 1 in circular mode"),
    (lambda: pad(minigrad.ones(2, 0), (1, 0), "replicate"), ValueError,
     r"pad: cannot pad an empty dimension 1 in replicate mode"),
])
def test_bad_shape_arguments_raise_naming_the_op(op, error, message):
    with pytest.raises(error, match=message):
        op()


# ---------------------------------------------------------------- flip, roll, triangles, repeats
@pytest.mark.parametrize("dims", [0, (1,), (0, 2), [-1, 0], (0, 1, 2)])
def test_flip_matches_numpy_and_gradcheck(dims):
    check_op([(2, 3, 4)], lambda a: minigrad.flip(a, dims), lambda a: np.flip(a, dims))
    varargs = dims if isinstance(dims, (tuple, list)) else (dims,)
    check_op([(2, 3, 4)], lambda a: a.flip(*varargs), lambda a: np.flip(a, dims), float32=False)


def test_fliplr_and_flipud_and_their_rank_checks():
    check_op([(3, 4, 2)], minigrad.fliplr, lambda a: a[:, ::-1])
    check_op([(3,)], minigrad.flipud, lambda a: a[::-1])
    with pytest.raises(ValueError, match="fliplr: input must be at least 2-d, got 1 dimension"):
        minigrad.fliplr(minigrad.ones(3))
    with pytest.raises(ValueError, match="flipud: input must be at least 1-d"):
        minigrad.flipud(minigrad.tensor(1.0))
    with pytest.raises(ValueError, match=r"flip: dims \[0, -2\] has a dimension more than once"):
        minigrad.flip(minigrad.ones(2, 3), [0, -2])


@pytest.mark.parametrize("shifts, dims", [(1, 0), (-2, 1), (5, -1), ((1, 2), (0, 1)), ((3, -1), (2, 2))])
def test_roll_matches_numpy_and_gradcheck(shifts, dims):
    check_op([(2, 3, 4)], lambda a: minigrad.roll(a, shifts, dims), lambda a: np.roll(a, shifts, dims))


def test_roll_without_dims_rolls_the_flattened_tensor():
    check_op([(3, 4)], lambda a: a.roll(5), lambda a: np.roll(a, 5))
    assert minigrad.roll(minigrad.arange(4), -1).tolist() == [1, 2, 3, 0]
    with pytest.raises(ValueError, match="roll: shifts and dimensions must align, got 2 shifts and 1 dims"):
        minigrad.roll(minigrad.ones(2, 3), (1, 1), 0)
    with pytest.raises(ValueError, match=r"roll: without dims, shifts must be one int, got \[1, 2\]"):
        minigrad.roll(minigrad.ones(2, 3), (1, 2))
    with pytest.raises(TypeError, match="roll: shifts must be ints, got float"):
        minigrad.roll(minigrad.ones(2), 1.5, 0)


@pytest.mark.parametrize("diagonal", [0, 1, -1, 3, -4])
@pytest.mark.parametrize("shape", [(4, 4), (3, 5), (2, 5, 3)])
def test_tril_and_triu_match_numpy_and_gradcheck(diagonal, shape):
    check_op([shape], lambda a: minigrad.tril(a, diagonal), lambda a: np.tril(a, diagonal))
    check_op([shape], lambda a: a.triu(diagonal=diagonal), lambda a: np.triu(a, diagonal), float32=False)


def test_tril_keeps_integer_and_bool_dtypes_and_checks_its_arguments():
    ints = minigrad.tril(minigrad.ones(2, 2, dtype=minigrad.int64))
    assert ints.dtype == np.int64 and ints.tolist() == [[1, 0], [1, 1]]
    mask = minigrad.ones(3, 3, dtype=minigrad.bool_).triu(1)
    assert mask.dtype == np.bool_ and mask.tolist()[0] == [False, True, True]
    with pytest.raises(ValueError, match="tril: input tensor must have at least 2 dimensions, got 1"):
        minigrad.tril(minigrad.ones(3))
    with pytest.raises(TypeError, match="triu: diagonal must be an int, got float"):
        minigrad.triu(minigrad.ones(3, 3), 0.5)


def test_in_place_tril_and_triu_build_a_causal_mask():
    scores = minigrad.ones(3, 3)
    assert scores.triu_(1) is scores
    assert scores.tolist() == [[0.0, 1.0, 1.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]]
    ones = minigrad.ones(2, 2)
    ones.tril_(-1)
    assert ones.tolist() == [[0.0, 0.0], [1.0, 0.0]]


@pytest.mark.parametrize("repeats, dim", [(2, None), (3, 0), (2, -1), (0, 1)])
def test_repeat_interleave_with_an_int_matches_numpy_repeat_and_gradcheck(repeats, dim):
    check_op([(2, 3)], lambda a: minigrad.repeat_interleave(a, repeats, dim),
             lambda a: np.repeat(a, repeats, axis=dim))


def test_repeat_interleave_with_a_tensor_of_counts():
    counts = np.array([2, 0, 3])
    check_op([(3, 2)], lambda a: a.repeat_interleave(minigrad.tensor(counts), dim=0),
             lambda a: np.repeat(a, counts, axis=0))
    check_op([(2, 3)], lambda a: minigrad.repeat_interleave(a, minigrad.tensor([2]), dim=1),
             lambda a: np.repeat(a, 2, axis=1))
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (minigrad.repeat_interleave(x, minigrad.tensor([3, 1])) * minigrad.arange(4.0)).sum().backward()
    assert x.grad.tolist() == [0.0 + 1.0 + 2.0, 3.0]


def test_repeat_interleave_of_counts_alone_and_its_errors():
    assert minigrad.repeat_interleave(minigrad.tensor([1, 0, 2])).tolist() == [0, 2, 2]
    assert minigrad.repeat_interleave(minigrad.ones(2), 2, output_size=4).shape == (4,)
    x = minigrad.ones(2, 3)
    with pytest.raises(ValueError, match="repeat_interleave: repeats must have the same size as input along dim"):
        minigrad.repeat_interleave(x, minigrad.tensor([1, 2]), dim=1)
    with pytest.raises(ValueError, match=r"repeat_interleave: repeats can not be negative, got \[-1\]"):
        minigrad.repeat_interleave(x, -1)
    with pytest.raises(TypeError, match="repeat_interleave: repeats must be an integer tensor, got dtype float32"):
        minigrad.repeat_interleave(x, minigrad.tensor([1.0]))
    with pytest.raises(ValueError, match="repeat_interleave: output_size 5 does not match the 4 elements"):
        minigrad.repeat_interleave(minigrad.ones(2), 2, output_size=5)


def test_flip_roll_and_triangles_of_non_contiguous_and_empty_inputs():
    base = np.arange(12.0).reshape(3, 4)
    check_op(None, lambda a: minigrad.roll(a.T, 1, 0) + minigrad.tril(a.T),
             lambda a: np.roll(a.T, 1, 0) + np.tril(a.T), inputs=[base])
    assert minigrad.flip(minigrad.zeros(0, 3), 0).shape == (0, 3)
    assert minigrad.tril(minigrad.zeros(0, 3)).shape == (0, 3)
    assert minigrad.repeat_interleave(minigrad.zeros(0), 3).shape == (0,)


def test_view_errors_name_view_not_reshape():
    with pytest.raises(ValueError, match=r"^view: shape \[5\] is invalid for input of size 12"):
        minigrad.zeros(4, 3).view(5)


@pytest.mark.parametrize("op", ["split", "chunk"])
def test_split_and_chunk_of_a_0d_tensor_name_the_op(op):
    # They raised IndexError: tuple index out of range.
    with pytest.raises(ValueError, match=f"^{op}: expected a tensor with at least 1 dimension"):
        getattr(minigrad.tensor(3.0), op)(1)


@pytest.mark.parametrize("call, count", [
    (lambda t: t.split(2), 1), (lambda t: t.split(0), 1), (lambda t: t.split([0]), 1),
    (lambda t: t.chunk(1), 1), (lambda t: t.chunk(3), 3),
])
def test_split_and_chunk_of_an_empty_dimension_match_pytorch(call, count):
    x = minigrad.zeros(0, 3, requires_grad=True)
    pieces = call(x)
    assert len(pieces) == count and all(p.shape == (0, 3) for p in pieces)
    minigrad.cat(list(pieces)).sum().backward()
    assert x.grad.shape == (0, 3)


def test_split_size_zero_of_a_non_empty_dimension_is_refused():
    with pytest.raises(ValueError, match="split: split_size must be positive, got 0"):
        minigrad.zeros(2).split(0)


def test_chunk_requires_an_int():
    with pytest.raises(TypeError, match="chunk: chunks must be an int, got float"):
        minigrad.zeros(4).chunk(2.0)


# ---------------------------------------------------------------- moving, narrowing, selecting
@pytest.mark.parametrize("op, reference", [
    (lambda a: a.ravel(), lambda a: a.ravel()),
    (lambda a: minigrad.ravel(a.transpose(0, 2)), lambda a: a.transpose(2, 1, 0).ravel()),
    (lambda a: a.unflatten(2, (2, 2)), lambda a: a.reshape(2, 3, 2, 2)),
    (lambda a: minigrad.unflatten(a, -3, (1, -1)), lambda a: a.reshape(1, 2, 3, 4)),
    (lambda a: a.movedim(0, -1), lambda a: np.moveaxis(a, 0, -1)),
    (lambda a: minigrad.movedim(a, (0, 1), (2, 0)), lambda a: np.moveaxis(a, (0, 1), (2, 0))),
    (lambda a: a.moveaxis([-1], [1]), lambda a: np.moveaxis(a, -1, 1)),
    (lambda a: minigrad.moveaxis(a, 2, 0), lambda a: np.moveaxis(a, 2, 0)),
    (lambda a: a.swapaxes(0, 2), lambda a: np.swapaxes(a, 0, 2)),
    (lambda a: minigrad.swapdims(a, -1, 1), lambda a: np.swapaxes(a, -1, 1)),
    (lambda a: a.narrow(2, 1, 2), lambda a: a[:, :, 1:3]),
    (lambda a: minigrad.narrow(a, -2, -2, 2), lambda a: a[:, 1:]),
    (lambda a: a.narrow(0, minigrad.tensor(1), 0), lambda a: a[1:1]),
    (lambda a: a.select(1, 2), lambda a: a[:, 2]),
    (lambda a: minigrad.select(a, -1, -4), lambda a: a[..., 0]),
], ids=["ravel", "ravel-nc", "unflatten", "unflatten-infer", "movedim", "movedim-seq",
        "moveaxis", "minigrad.moveaxis", "swapaxes", "swapdims", "narrow", "narrow-neg",
        "narrow-empty", "select", "select-neg"])
def test_moving_narrowing_and_selecting_match_numpy_and_gradcheck(op, reference):
    check_op([(2, 3, 4)], op, reference)


def test_moving_and_narrowing_return_views():
    x = minigrad.arange(24.0).reshape(2, 3, 4)
    for view in (x.movedim(0, 2), x.swapaxes(0, 1), x.narrow(1, 1, 2), x.select(2, 3),
                 x.ravel(), x.unflatten(0, (1, 2))):
        assert np.shares_memory(view.numpy(), x.numpy())


def test_zero_dim_tensors_move_and_ravel():
    x = minigrad.tensor(3.0)
    assert x.ravel().shape == (1,)
    assert x.movedim(0, -1).shape == () and x.swapaxes(0, -1).shape == ()


@pytest.mark.parametrize("call, error, message", [
    (lambda x: x.narrow(1, 5, 3), ValueError,
     r"narrow: start \(5\) \+ length \(3\) exceeds dimension 1 of size 6"),
    (lambda x: x.narrow(1, 7, 0), IndexError,
     r"narrow: start \(7\) is out of range for dimension 1 of size 6"),
    (lambda x: x.narrow(0, 0, -1), ValueError, "narrow: length must be non-negative, got -1"),
    (lambda x: x.narrow(2, 0, 1), IndexError, "narrow: dimension out of range"),
    (lambda x: x.narrow(0, 0.5, 1), TypeError, "narrow: start must be an int, got 0.5"),
    (lambda x: x.select(1, 6), IndexError,
     r"select: index 6 is out of range for dimension 1 of size 6 \(tensor of shape \[2, 6\]\)"),
    (lambda x: x.select(0, -3), IndexError, "select: index -3 is out of range"),
    (lambda x: x.movedim((0, 1), 0), ValueError,
     r"movedim: source \(2 dims\) and destination \(1 dims\) must hold the same number"),
    (lambda x: x.movedim((0, 0), (0, 1)), ValueError, r"movedim: repeated dim in source \[0, 0\]"),
    (lambda x: x.movedim(0, 2), IndexError, "movedim: dimension out of range"),
    (lambda x: x.unflatten(1, (4, -1)), ValueError,
     r"unflatten: sizes \[4, -1\] do not multiply to the size 6 of dimension 1 of input \[2, 6\]"),
    (lambda x: x.unflatten(1, ()), ValueError, "unflatten: sizes must be non-empty"),
    (lambda x: x.unflatten(1, 6), TypeError, "unflatten: sizes must be a tuple or list of ints"),
    (lambda x: x.swapaxes(0, 2), IndexError, "swapaxes: dimension out of range"),
    (lambda x: x.swapdims(-3, 0), IndexError, "swapdims: dimension out of range"),
])
def test_moving_narrowing_and_selecting_reject_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call(minigrad.zeros(2, 6))


# ---------------------------------------------------------------- rot90
@pytest.mark.parametrize("k, dims", [(1, (0, 1)), (2, (0, 1)), (3, (1, 2)), (-1, (2, 0)),
                                     (0, (0, 1)), (5, (-1, -2))])
def test_rot90_matches_numpy_and_gradchecks(k, dims):
    check_op([(2, 3, 4)], lambda a: a.rot90(k, dims), lambda a: np.rot90(a, k, dims))
    check_op([(2, 3, 4)], lambda a: minigrad.rot90(a, k=k, dims=dims),
             lambda a: np.rot90(a, k, dims), grad=False)


def test_rot90_without_a_turn_copies():
    x = minigrad.ones(2, 2)
    assert not np.shares_memory(minigrad.rot90(x, 4).numpy(), x.numpy())


@pytest.mark.parametrize("call, error, message", [
    (lambda x: x.rot90(1, (0,)), ValueError, r"rot90: expected 2 rotation dims, got dims=\[0\]"),
    (lambda x: x.rot90(1, (1, -1)), ValueError, "rot90: expected two different rotation dims"),
    (lambda x: x.rot90(1.0), TypeError, "rot90: k must be an int, got 1.0"),
    (lambda x: x.rot90(1, (0, 2)), IndexError, "rot90: dimension out of range"),
    (lambda x: x[0].rot90(), ValueError,
     "rot90: expected a tensor with at least 2 dimensions, got 1"),
])
def test_rot90_rejects_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call(minigrad.zeros(2, 3))


@pytest.mark.parametrize("op", ["expand", "broadcast_to"])
@pytest.mark.parametrize("sizes", [(-2, 3), (2, -3)])
def test_expand_refuses_negative_sizes_other_than_minus_one(op, sizes):
    # Found by the fuzz sample: NumPy's message named no op.
    with pytest.raises(ValueError, match=rf"{op}: sizes must be non-negative \(or -1"):
        getattr(minigrad.ones(1, 3), op)(sizes)
