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
