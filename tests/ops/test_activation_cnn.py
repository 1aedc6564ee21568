"""Hardsigmoid, Mish, PReLU, GLU and Softmin: forward against NumPy, backward by gradcheck."""
import numpy as np
import pytest

import minigrad
import minigrad.nn.functional as F
from minigrad import nn
from tests.reference import core
from tests.reference import nn as ref
from tests.reference.core import check_op


@pytest.mark.parametrize("op, reference", [(F.hardsigmoid, ref.hardsigmoid), (F.mish, ref.mish)],
                         ids=["hardsigmoid", "mish"])
def test_elementwise_activation_matches_numpy_and_gradcheck(op, reference):
    # 0.37 steps from -5.1: no element on hardsigmoid's corners at -3 and 3.
    x = np.arange(-5.1, 5.2, 0.37).reshape(4, 7)
    check_op([], op, reference, inputs=[x])
    check_op([], lambda t: op(t.T), lambda a: reference(a.T), inputs=[x])
    check_op([], op, reference, inputs=[np.array(0.7)])


def test_hardsigmoid_gradient_is_zero_at_and_beyond_the_corners():
    x = minigrad.tensor([-4.0, -3.0, 0.0, 3.0, 4.0], dtype=minigrad.float64, requires_grad=True)
    F.hardsigmoid(x).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0, 0, 1 / 6, 0, 0])


def test_mish_does_not_overflow_for_large_inputs():
    out = F.mish(minigrad.tensor([-1000.0, 1000.0]))
    np.testing.assert_allclose(out.numpy(), [0.0, 1000.0])


@pytest.mark.parametrize("x_shape, a_shape", [((4, 3), (3,)), ((2, 3, 4, 2), (3,)),
                                              ((2, 3, 4), (1,)), ((5,), (1,)), ((), (1,))])
def test_prelu_matches_numpy_and_gradcheck_for_input_and_slopes(x_shape, a_shape):
    check_op([x_shape, a_shape], F.prelu, ref.prelu)


def test_prelu_rejects_slopes_that_do_not_match_the_channels():
    with pytest.raises(ValueError, match="prelu: mismatch .* found 2 parameters and channel size 3"):
        F.prelu(minigrad.zeros(4, 3), minigrad.zeros(2))
    with pytest.raises(ValueError, match="prelu: expected weight to be a scalar or 1-d"):
        F.prelu(minigrad.zeros(4, 3), minigrad.zeros(1, 3))


def test_prelu_layer_learns_one_slope_per_channel():
    layer = nn.PReLU(3, init=0.1)
    assert layer.weight.shape == (3,) and np.all(layer.weight._data == np.float32(0.1))
    x = minigrad.tensor([[-1.0, -2.0, 3.0]])
    layer(x).sum().backward()
    np.testing.assert_allclose(layer.weight.grad.numpy(), [-1.0, -2.0, 0.0])
    with pytest.raises(ValueError, match="PReLU: num_parameters must be a positive"):
        nn.PReLU(0)


@pytest.mark.parametrize("shape, dim", [((3, 4), -1), ((4, 3), 0), ((2, 6, 3), 1)])
def test_glu_matches_numpy_and_gradcheck(shape, dim):
    check_op([shape], lambda x: F.glu(x, dim), lambda a: ref.glu(a, dim))


def test_glu_rejects_an_odd_dimension():
    with pytest.raises(ValueError, match="glu: halving dimension must be even, but dimension 1 "
                                         "is size 3"):
        F.glu(minigrad.zeros(2, 3))


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmin_is_softmax_of_the_negated_input(dim):
    check_op([(3, 4)], lambda x: F.softmin(x, dim), lambda a: core.softmax(-a, dim))


def test_softmax2d_normalizes_over_channels_and_rejects_other_ranks():
    x = np.random.default_rng(0).normal(size=(2, 3, 4, 5))
    check_op([], nn.Softmax2d(), lambda a: core.softmax(a, 1), inputs=[x])
    check_op([], nn.Softmax2d(), lambda a: core.softmax(a, 0), inputs=[x[0]])
    with pytest.raises(ValueError, match="Softmax2d: expected input to be 3D or 4D, got 2D"):
        nn.Softmax2d()(minigrad.zeros(2, 3))
