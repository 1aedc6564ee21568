"""Anomaly detection names the op whose backward made NaN or inf, and the user line behind it."""
import threading

import numpy as np
import pytest

import minigrad
from minigrad import nn
from minigrad.autograd import (
    detect_anomaly, function, is_anomaly_check_nan_enabled, is_anomaly_enabled,
    set_detect_anomaly,
)


def _nan_in_backward():
    x = minigrad.tensor([[0.0, 4.0]], requires_grad=True)
    y = minigrad.tensor([[0.0, 1.0]], requires_grad=True)
    z = x.sqrt()  # THE LINE: at 0 the gradient is 0 * inf = nan
    return (z * y).sum(), x


def test_nan_names_the_op_its_input_shapes_and_the_forward_line():
    with detect_anomaly():
        loss, _ = _nan_in_backward()
        with pytest.raises(RuntimeError) as info:
            loss.backward()
    message = str(info.value)
    assert message.startswith("Function 'SqrtBackward' returned nan values in its 0th output")
    assert "(the op's tensor inputs had shapes [1, 2])" in message
    assert "test_anomaly_mode.py:" in message and "THE LINE" in message
    assert "in _nan_in_backward" in message
    assert "Traceback of the forward call" in message


def test_inf_in_a_model_backward_points_at_the_model_line():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)

        def forward(self, x):
            return self.fc(x).abs().log()  # LOG LINE

    model = Model()
    with minigrad.no_grad():
        model.fc.weight.zero_()
        model.fc.bias.zero_()
    with detect_anomaly():
        loss = model(minigrad.ones(3, 2)).sum()
        with pytest.raises(RuntimeError, match=r"'LogBackward' returned inf values.*LOG LINE"):
            loss.backward()


def test_without_detection_nan_gradients_pass_silently():
    loss, x = _nan_in_backward()
    loss.backward()
    assert np.isnan(x.grad._data[0, 0]) and x.grad._data[0, 1] == pytest.approx(0.25)
    assert function.watchers == []


def test_check_nan_false_keeps_the_gradients():
    with detect_anomaly(check_nan=False):
        assert is_anomaly_enabled() and not is_anomaly_check_nan_enabled()
        x = minigrad.tensor([-1.0], requires_grad=True)
        x.sqrt().sum().backward()
    assert np.isnan(x.grad._data).all()


def test_finite_gradients_are_unchanged_under_detection():
    x = minigrad.tensor([1.0, 4.0], requires_grad=True)
    with detect_anomaly():
        (x.sqrt() * 3).sum().backward()
    np.testing.assert_allclose(x.grad._data, 1.5 / np.sqrt([1.0, 4.0]))


def test_set_detect_anomaly_as_call_context_and_decorator():
    set_detect_anomaly(True)
    try:
        assert is_anomaly_enabled() and function.watchers
    finally:
        set_detect_anomaly(False)
    assert not is_anomaly_enabled() and function.watchers == []

    @set_detect_anomaly(True)
    def inside():
        return is_anomaly_enabled()

    assert not is_anomaly_enabled()
    assert inside() and not is_anomaly_enabled()
    with pytest.raises(TypeError, match="expected a bool"):
        set_detect_anomaly(1)


def test_the_mode_is_per_thread():
    seen = []
    with detect_anomaly():
        worker = threading.Thread(target=lambda: seen.append(is_anomaly_enabled()))
        worker.start()
        worker.join()
        assert is_anomaly_enabled()
    assert seen == [False]
    assert function.watchers == []


def test_forward_stacks_are_kept_only_while_detection_is_on():
    x = minigrad.tensor([1.0], requires_grad=True)
    y = x * 2
    assert "_anomaly" not in y.grad_fn.__dict__
    with detect_anomaly():
        z = x * 2
    assert "_anomaly" in z.grad_fn.__dict__
