"""minigrad.Size: what Tensor.shape and Tensor.size() return, a tuple as torch.Size."""
import pickle

import numpy as np
import pytest

import minigrad
from minigrad import Size


def test_shape_and_size_are_a_size_equal_to_the_tuple():
    t = minigrad.zeros(2, 3)
    for s in (t.shape, t.size()):
        assert type(s) is Size and isinstance(s, tuple)
        assert s == (2, 3) and (2, 3) == s and s != (3, 2)
        assert hash(s) == hash((2, 3))
    assert type(t.size(1)) is int and t.size(-1) == 3


def test_repr_and_str_name_minigrad():
    assert repr(minigrad.zeros(2, 3).shape) == "minigrad.Size([2, 3])"
    assert str(minigrad.zeros(4).shape) == "minigrad.Size([4])"
    assert repr(minigrad.tensor(1.0).shape) == "minigrad.Size([])"


def test_numel_is_the_product_of_the_sizes():
    assert Size([2, 3, 4]).numel() == 24
    assert Size([]).numel() == 1
    assert Size([5, 0]).numel() == 0
    t = minigrad.zeros(3, 5)
    assert t.shape.numel() == t.numel()


def test_slicing_and_concatenation_keep_size_indexing_gives_ints():
    s = Size([2, 3, 4])
    assert type(s[1:]) is Size and s[1:] == (3, 4)
    assert type(s[::-1]) is Size and s[::-1] == (4, 3, 2)
    assert type(s[0]) is int and s[-1] == 4
    assert type(s + (5,)) is Size and s + (5,) == (2, 3, 4, 5)
    assert type((1,) + s) is Size and (1,) + s == (1, 2, 3, 4)
    assert type(s * 2) is Size and len(2 * s) == 6


def test_unpacking_and_use_as_a_shape_argument():
    x = minigrad.randn(4, 3)
    n, d = x.shape
    assert (n, d) == (4, 3)
    assert minigrad.zeros(x.shape).shape == x.shape
    assert minigrad.zeros(*x.shape).shape == x.shape
    assert np.zeros(x.shape).shape == (4, 3)
    assert x.reshape(x.shape[::-1]).shape == (3, 4)


def test_size_from_any_iterable_of_ints_and_refuses_others():
    assert Size(range(3)) == (0, 1, 2)
    assert Size(np.array([2, 3])) == (2, 3) and all(type(v) is int for v in Size(np.array([2])))
    assert Size() == ()
    with pytest.raises(TypeError, match="Size: sizes must be ints, got float"):
        Size([2.0])
    with pytest.raises(TypeError, match="Size: sizes must be ints, got bool"):
        Size([True])


def test_size_pickles_as_a_size():
    s = Size([2, 3])
    back = pickle.loads(pickle.dumps(s))
    assert type(back) is Size and back == s


def test_size_behaves_as_torch_size():
    torch = pytest.importorskip("torch")
    for dims in ([], [0], [2, 3], [1, 2, 3, 4]):
        ours, theirs = Size(dims), torch.Size(dims)
        assert repr(ours).replace("minigrad.", "torch.") == repr(theirs)
        assert ours.numel() == theirs.numel()
        assert tuple(ours[1:]) == tuple(theirs[1:])
        assert type(theirs[1:]).__name__ == type(ours[1:]).__name__ == "Size"
        assert type(theirs + (7,)).__name__ == type(ours + (7,)).__name__ == "Size"
        assert type((7,) + theirs).__name__ == type((7,) + ours).__name__ == "Size"
