"""autograd.Variable: PyTorch's deprecated alias, which returns a tensor."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import Variable


def test_variable_returns_a_leaf_tensor_sharing_memory():
    x = minigrad.ones(3)
    v = Variable(x)
    assert type(v) is minigrad.Tensor and v is not x
    assert not v.requires_grad and v.is_leaf
    v.numpy()[0] = 5.0
    assert x.numpy()[0] == 5.0


def test_variable_with_requires_grad_records_and_leaves_its_source_alone():
    x = minigrad.tensor([1.0, 2.0])
    v = Variable(x, requires_grad=True)
    assert v.requires_grad and not x.requires_grad
    (v * v).sum().backward()
    np.testing.assert_array_equal(v.grad.numpy(), [2.0, 4.0])


def test_variable_of_a_recorded_tensor_is_cut_from_the_graph():
    w = minigrad.ones(2, requires_grad=True)
    y = w * 2
    v = Variable(y)
    assert v.grad_fn is None and not v.requires_grad
    np.testing.assert_array_equal(v.numpy(), [2.0, 2.0])


def test_volatile_is_accepted_and_ignored():
    assert Variable(minigrad.ones(1), volatile=True).shape == (1,)


def test_every_tensor_is_an_instance_of_variable():
    assert isinstance(minigrad.zeros(1), Variable)
    assert not isinstance([1.0], Variable)


def test_variable_of_a_non_tensor_raises():
    with pytest.raises(TypeError, match="Variable: data has to be a tensor, got list"):
        Variable([1.0, 2.0])
