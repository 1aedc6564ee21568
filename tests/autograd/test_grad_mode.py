"""``no_grad``, ``enable_grad`` and ``set_grad_enabled`` as context managers and decorators."""
import pytest

import minigrad


@pytest.fixture(autouse=True)
def _grad_mode_restored():
    yield
    assert minigrad.is_grad_enabled(), "a test left recording switched off"


def test_recording_is_on_by_default():
    assert minigrad.is_grad_enabled()
    assert (minigrad.ones(2, requires_grad=True) * 2).requires_grad


def test_no_grad_stops_recording_inside_the_block_only():
    x = minigrad.ones(2, requires_grad=True)
    with minigrad.no_grad():
        assert not minigrad.is_grad_enabled()
        y = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert (x * 2).requires_grad


def test_enable_grad_records_inside_no_grad():
    x = minigrad.ones(2, requires_grad=True)
    with minigrad.no_grad():
        with minigrad.enable_grad():
            y = x * 2
        z = x * 2
    assert y.requires_grad and not z.requires_grad


def test_contexts_nest_and_restore_the_previous_mode():
    with minigrad.no_grad():
        with minigrad.no_grad():
            pass
        assert not minigrad.is_grad_enabled()
        with minigrad.set_grad_enabled(True):
            assert minigrad.is_grad_enabled()
        assert not minigrad.is_grad_enabled()
    assert minigrad.is_grad_enabled()


def test_the_mode_is_restored_when_the_block_raises():
    with pytest.raises(KeyError), minigrad.no_grad():
        raise KeyError("boom")
    assert minigrad.is_grad_enabled()


# Decorators are made inside the test: set_grad_enabled(mode) switches the
# mode as soon as it is constructed (as in PyTorch) and restores it when it decorates.
@pytest.mark.parametrize("make", [lambda: minigrad.no_grad(), lambda: minigrad.no_grad,
                                  lambda: minigrad.set_grad_enabled(False)],
                         ids=["no_grad()", "no_grad", "set_grad_enabled(False)"])
def test_decorators_switch_recording_off_for_the_call_only(make):
    x = minigrad.ones(2, requires_grad=True)

    @make()
    def double(t):
        """Doubles."""
        return t * 2, minigrad.is_grad_enabled()

    assert minigrad.is_grad_enabled()  # decorating does not change the mode
    y, recording = double(x)
    assert not recording and not y.requires_grad
    assert minigrad.is_grad_enabled()
    assert double.__name__ == "double" and double.__doc__ == "Doubles."


@pytest.mark.parametrize("make", [lambda: minigrad.enable_grad(), lambda: minigrad.enable_grad,
                                  lambda: minigrad.set_grad_enabled(True)],
                         ids=["enable_grad()", "enable_grad", "set_grad_enabled(True)"])
def test_enabling_decorators_record_inside_no_grad(make):
    x = minigrad.ones(2, requires_grad=True)

    @make()
    def double(t):
        return t * 2

    with minigrad.no_grad():
        assert double(x).requires_grad


def test_set_grad_enabled_as_a_plain_call_holds_until_changed():
    try:
        minigrad.set_grad_enabled(False)
        assert not minigrad.is_grad_enabled()
        assert not (minigrad.ones(1, requires_grad=True) * 2).requires_grad
    finally:
        minigrad.set_grad_enabled(True)
    assert minigrad.is_grad_enabled()


def test_set_grad_enabled_requires_a_bool():
    with pytest.raises(TypeError, match="set_grad_enabled: expected a bool, got int"):
        minigrad.set_grad_enabled(1)


def test_no_grad_is_exported_from_autograd_too():
    assert minigrad.autograd.no_grad is minigrad.no_grad
    assert minigrad.autograd.is_grad_enabled is minigrad.is_grad_enabled
