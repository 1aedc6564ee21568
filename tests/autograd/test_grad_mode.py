"""``no_grad``, ``enable_grad`` and ``set_grad_enabled`` as context managers and decorators."""
import threading

import numpy as np
import pytest

import minigrad
from minigrad import nn


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


# ---------------------------------------------------------------------- inference_mode
def test_inference_mode_stops_recording_and_says_so():
    x = minigrad.ones(2, requires_grad=True)
    assert not minigrad.is_inference_mode_enabled()
    with minigrad.inference_mode():
        assert minigrad.is_inference_mode_enabled()
        assert not minigrad.is_grad_enabled()
        y = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert not minigrad.is_inference_mode_enabled() and minigrad.is_grad_enabled()


def test_inference_mode_false_turns_recording_back_on_as_in_pytorch():
    x = minigrad.ones(2, requires_grad=True)
    with minigrad.inference_mode():
        with minigrad.inference_mode(False):
            assert minigrad.is_grad_enabled() and not minigrad.is_inference_mode_enabled()
            assert (x * 2).requires_grad
        assert not minigrad.is_grad_enabled() and minigrad.is_inference_mode_enabled()
    with minigrad.no_grad(), minigrad.inference_mode(False):
        assert minigrad.is_grad_enabled()


def test_enable_grad_inside_inference_mode_records_and_keeps_the_flag():
    x = minigrad.ones(2, requires_grad=True)
    with minigrad.inference_mode(), minigrad.enable_grad():
        assert (x * 2).requires_grad
        assert minigrad.is_inference_mode_enabled()


@pytest.mark.parametrize("make", [lambda f: minigrad.inference_mode(f),
                                  lambda f: minigrad.inference_mode()(f),
                                  lambda f: minigrad.inference_mode(True)(f)],
                         ids=["bare", "called", "mode_true"])
def test_inference_mode_decorates_with_or_without_parentheses(make):
    @make
    def double(x):
        """Doubles."""
        assert minigrad.is_inference_mode_enabled()
        return x * 2

    assert double.__doc__ == "Doubles."
    assert not double(minigrad.ones(2, requires_grad=True)).requires_grad
    assert minigrad.is_grad_enabled() and not minigrad.is_inference_mode_enabled()


def test_inference_mode_restores_the_mode_when_the_block_raises():
    with pytest.raises(KeyError):
        with minigrad.inference_mode():
            raise KeyError("boom")
    assert minigrad.is_grad_enabled() and not minigrad.is_inference_mode_enabled()


def test_inference_mode_requires_a_bool():
    with pytest.raises(TypeError, match="inference_mode: mode must be a bool, got int"):
        minigrad.inference_mode(1)


def test_inference_mode_is_exported_from_autograd_too():
    assert minigrad.autograd.inference_mode is minigrad.inference_mode
    assert minigrad.autograd.is_inference_mode_enabled is minigrad.is_inference_mode_enabled


# ---------------------------------------------------------------------- threads
def _run_in_threads(*targets):
    errors = []

    def guarded(target):
        try:
            target()
        except BaseException as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread did not finish"
    assert not errors, errors


def test_a_new_thread_starts_with_recording_on_whatever_the_creating_thread_has():
    seen = []
    with minigrad.no_grad(), minigrad.inference_mode():
        _run_in_threads(lambda: seen.append((minigrad.is_grad_enabled(),
                                             minigrad.is_inference_mode_enabled())))
    assert seen == [(True, False)]


def test_no_grad_in_one_thread_does_not_stop_recording_in_another():
    inside, recorded = threading.Event(), []

    def inference():
        with minigrad.no_grad():
            inside.set()
            released.wait(30)

    def training():
        inside.wait(30)
        x = minigrad.ones(2, requires_grad=True)
        recorded.append((minigrad.is_grad_enabled(), (x * 2).requires_grad))
        released.set()

    released = threading.Event()
    _run_in_threads(inference, training)
    assert recorded == [(True, True)]


def _build_convnet(seed):
    minigrad.manual_seed(seed)
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(4 * 5 * 5, 3))
    rng = np.random.default_rng(seed)
    images = minigrad.tensor(rng.standard_normal((16, 1, 12, 12)).astype(np.float32))
    labels = minigrad.tensor(rng.integers(0, 3, 16))
    return model, images, labels


def _train(model, images, labels, steps=20):
    optimizer = minigrad.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, [p.detach().numpy().copy() for p in model.parameters()]


def test_two_threads_training_two_convnets_match_training_them_one_after_the_other():
    expected = {seed: _train(*_build_convnet(seed)) for seed in (1, 2)}
    # Building draws from the global generator, so the models are built one
    # after the other; only the training runs at the same time.
    built = {seed: _build_convnet(seed) for seed in (1, 2)}
    results = {}
    _run_in_threads(*[lambda seed=seed: results.__setitem__(seed, _train(*built[seed]))
                      for seed in (1, 2)])
    for seed in (1, 2):
        losses, params = expected[seed]
        assert results[seed][0] == losses
        for got, want in zip(results[seed][1], params):
            assert np.array_equal(got, want)


def test_inference_threads_leave_every_thread_recording():
    model = nn.Linear(4, 2)
    x = minigrad.ones(3, 4)

    def infer():
        for _ in range(200):
            with minigrad.no_grad():
                model(x)
            with minigrad.inference_mode():
                model(x)

    _run_in_threads(infer, infer, infer)
    assert minigrad.is_grad_enabled() and not minigrad.is_inference_mode_enabled()
    assert model(x).requires_grad
