"""Flatten and Unflatten."""
import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.autograd import gradcheck


def test_flatten_merges_all_but_the_batch_by_default(rng):
    x = rng.standard_normal((2, 3, 4, 5))
    out = nn.Flatten()(minigrad.tensor(x))
    np.testing.assert_array_equal(out.numpy(), x.reshape(2, 60))


@pytest.mark.parametrize("start, end, shape", [(0, -1, (120,)), (1, 2, (2, 12, 5)),
                                               (-2, -1, (2, 3, 20)), (2, 2, (2, 3, 4, 5))])
def test_flatten_ranges(start, end, shape):
    assert nn.Flatten(start, end)(minigrad.zeros(2, 3, 4, 5)).shape == shape


def test_flatten_gradient(rng):
    x = minigrad.tensor(rng.standard_normal((2, 3, 2)), requires_grad=True)
    assert gradcheck(nn.Flatten(), (x,))


def test_unflatten_splits_one_dimension(rng):
    x = rng.standard_normal((2, 12, 3))
    out = nn.Unflatten(1, (3, 4))(minigrad.tensor(x))
    np.testing.assert_array_equal(out.numpy(), x.reshape(2, 3, 4, 3))
    assert nn.Unflatten(-1, (1, -1))(minigrad.zeros(2, 6)).shape == (2, 1, 6)


def test_unflatten_inverts_flatten(rng):
    x = minigrad.tensor(rng.standard_normal((2, 3, 4)))
    back = nn.Unflatten(1, (3, 4))(nn.Flatten()(x))
    np.testing.assert_array_equal(back.numpy(), x.numpy())


def test_unflatten_rejects_sizes_that_do_not_multiply_out():
    with pytest.raises(ValueError, match=r"Unflatten: unflattened_size \(3, 5\) does not fit"):
        nn.Unflatten(1, (3, 5))(minigrad.zeros(2, 12))


def test_unflatten_rejects_non_tuple_sizes():
    with pytest.raises(TypeError, match="unflattened_size must be a tuple of ints"):
        nn.Unflatten(1, 12)
    with pytest.raises(TypeError, match="named dimensions are not supported"):
        nn.Unflatten("features", (("C", 2), ("H", 2)))


def test_flatten_and_unflatten_repr():
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
    assert repr(nn.Unflatten(1, (2, 5))) == "Unflatten(dim=1, unflattened_size=(2, 5))"
