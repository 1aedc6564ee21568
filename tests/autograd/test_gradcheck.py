"""``gradcheck`` passes correct gradients and catches wrong ones, naming the input and index."""
import numpy as np
import pytest

import minigrad
from minigrad.autograd import Function, GradcheckError, gradcheck


def _f64(shape, requires_grad=True):
    return minigrad.randn(*shape, dtype=minigrad.float64, requires_grad=requires_grad)


class WrongAtOneElement(Function):
    """``x * y`` whose backward for ``y`` is wrong at flat index 4 only."""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        grad_y = (grad * x)._data.copy()
        grad_y.reshape(-1)[4] += 1.0
        return grad * y, grad_y


class WrongScale(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad):
        return grad * 3


def test_gradcheck_passes_correct_gradients_of_several_inputs_and_outputs():
    a, b = _f64((2, 3)), _f64((3,))
    assert gradcheck(lambda x, y: (x * y, (x - y).exp().sum(0)), (a, b))


def test_gradcheck_catches_a_wrong_backward_naming_the_input_and_the_index():
    x, y = _f64((2, 3)), _f64((2, 3))
    with pytest.raises(GradcheckError, match=r"gradcheck: the gradient of input 1 \(shape \[2, 3\]\) "
                                             r"is wrong at index \(1, 1\): analytical .*, numerical "
                                             r".* \(1 of 6 elements differ\)"):
        gradcheck(WrongAtOneElement.apply, (x, y))


def test_gradcheck_catches_a_wrong_scale_at_the_first_element():
    with pytest.raises(GradcheckError, match=r"input 0 \(shape \[4\]\) is wrong at index \(0,\): "
                                             r"analytical .* \(4 of 4 elements differ\)"):
        gradcheck(WrongScale.apply, (_f64((4,)),))


def test_gradcheck_error_is_a_runtime_error_and_can_return_false_instead():
    assert issubclass(GradcheckError, RuntimeError)
    assert gradcheck(WrongScale.apply, (_f64((3,)),), raise_exception=False) is False


def test_gradcheck_skips_inputs_that_do_not_require_grad():
    # WrongAtOneElement is only wrong for its second input.
    x, y = _f64((2, 3)), _f64((2, 3), requires_grad=False)
    assert gradcheck(WrongAtOneElement.apply, (x, y))


def test_gradcheck_accepts_non_tensor_arguments():
    x = _f64((3,))
    assert gradcheck(lambda t, k: t * k, (x, 2.5))


def test_gradcheck_leaves_the_inputs_unchanged_and_their_grad_empty():
    x = _f64((2, 2))
    before = x.detach().numpy().copy()
    gradcheck(lambda t: (t ** 2).sum(), (x,))
    assert np.array_equal(x.detach().numpy(), before) and x.grad is None


def test_gradcheck_warns_about_float32_inputs():
    x = minigrad.randn(3, requires_grad=True)
    with pytest.warns(UserWarning, match="gradcheck: input 0 is float32, not float64"):
        gradcheck(lambda t: t * 2, (x,), atol=1e-2, rtol=1e-2)


def test_gradcheck_of_a_function_of_zero_dim_inputs():
    x = minigrad.tensor(0.3, dtype=minigrad.float64, requires_grad=True)
    assert gradcheck(lambda t: t.sin() * t, (x,))
    with pytest.raises(GradcheckError, match=r"input 0 \(shape \[\]\) is wrong at index \(\)"):
        gradcheck(WrongScale.apply, (x,))
