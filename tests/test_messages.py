"""Errors found by the fuzz sample (tests/test_fuzz.py): each names the function the user called."""
import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.nn import functional as F


@pytest.mark.parametrize("call, op", [
    (lambda: minigrad.relu(None), "relu"),
    (lambda: minigrad.sigmoid([1.0]), "sigmoid"),
    (lambda: F.silu(1.5), "silu"),
    (lambda: nn.Tanh()(3), "tanh"),
    (lambda: minigrad.logsumexp([1.0], 0), "logsumexp"),
    (lambda: minigrad.std(2.0), "std"),
    (lambda: F.softmax([1.0, 2.0], 0), "softmax"),
    (lambda: nn.ZeroPad2d(1)((1, 2)), "ZeroPad2d"),
])
def test_a_non_tensor_input_is_a_type_error_naming_the_op(call, op):
    # These raised AttributeError: 'NoneType' object has no attribute '_data'.
    with pytest.raises(TypeError, match=f"^{op}: expected input to be a Tensor, got "):
        call()


def test_a_container_names_itself_when_given_a_non_module():
    with pytest.raises(TypeError, match="^Sequential: int is not a Module subclass"):
        nn.Sequential(3)


@pytest.mark.parametrize("state, error", [("x", TypeError), ({"bit_generator": "nope"},
                                                            ValueError)])
def test_set_rng_state_names_itself(state, error):
    # NumPy's "state must be a dict" came through.
    with pytest.raises(error, match="^set_rng_state: "):
        minigrad.set_rng_state(state)


@pytest.mark.parametrize("name", ["xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
                                  "kaiming_normal_"])
def test_fan_based_initializers_name_themselves_for_a_1d_tensor(name):
    with pytest.raises(ValueError, match=f"^{name}: fan in and fan out can not be computed"):
        getattr(nn.init, name)(minigrad.zeros(3))


def test_kaiming_names_itself_for_an_unknown_mode():
    with pytest.raises(ValueError, match="^kaiming_normal_: mode 'fan_avg' not supported"):
        nn.init.kaiming_normal_(minigrad.zeros(3, 3), mode="fan_avg")
    assert np.isfinite(nn.init.kaiming_normal_(minigrad.zeros(3, 3))._data).all()


@pytest.mark.parametrize("reduction", [minigrad.ones(3), 1, None])
def test_a_reduction_that_is_not_a_string_is_a_value_error_naming_the_loss(reduction):
    # A tensor raised "bool: the truth value of a tensor with 3 elements is ambiguous".
    x = minigrad.zeros(3)
    with pytest.raises(ValueError, match="^mse_loss: reduction must be 'none', 'mean' or 'sum'"):
        F.mse_loss(x, x, reduction=reduction)


@pytest.mark.parametrize("call, op", [
    (lambda: minigrad.reshape(minigrad.zeros(4), 4), "reshape"),
    (lambda: minigrad.zeros(4).reshape((2, "2")), "reshape"),
    (lambda: minigrad.zeros(4).view(2, 2.0), "view"),
])
def test_a_shape_that_is_not_ints_is_a_type_error_naming_the_op(call, op):
    # "'int' object is not iterable" and int()'s messages came through.
    with pytest.raises(TypeError, match=f"^{op}: shape must be a sequence of ints"):
        call()


@pytest.mark.parametrize("name, args", [("reshape", ((2,),)), ("flatten", ()),
                                        ("squeeze", ()), ("unsqueeze", (0,)),
                                        ("permute", ((0,),)), ("transpose", (0, 1)),
                                        ("split", (1,)), ("chunk", (1,))])
def test_shape_functions_name_themselves_for_a_non_tensor(name, args):
    with pytest.raises(TypeError, match=f"^{name}: expected input to be a Tensor, got list"):
        getattr(minigrad, name)([1.0, 2.0], *args)


def test_permute_wants_a_sequence_of_dims():
    with pytest.raises(TypeError, match="^permute: dims must be a sequence of ints, got int"):
        minigrad.permute(minigrad.zeros(2, 3), 1)


@pytest.mark.parametrize("low, high", [((1, 2), None), (0, "5"), (0.5, 3)])
def test_randint_wants_int_bounds(low, high):
    # A tuple gave "'<=' not supported between instances of 'tuple' and 'int'".
    with pytest.raises(TypeError, match="^randint: (low|high) must be an int"):
        minigrad.randint(low, high, size=(2,))


def test_diff_with_n_far_past_the_dimension_returns_at_once_as_in_pytorch():
    # Found by the long fuzz: n=10**6 looped a million times (a hang past 10 s).
    x = minigrad.arange(4.0)
    assert minigrad.diff(x, n=10**6).shape == (0,)
    assert x.diff(n=4).shape == (0,) and x.diff(n=3).tolist() == [0.0]
