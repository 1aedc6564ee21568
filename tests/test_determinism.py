"""The same seed trains to bit-identical losses and weights at any thread count and run to run.

Every kernel partitions its work statically and never lets threads
accumulate into a shared buffer, so the thread count decides who computes
each value but not how: the results must be equal to the last bit, not
merely close.
"""
import numpy as np
import pytest

import minigrad
from minigrad import nn, optim

STEPS = 100


def _small_convnet():
    # Sized so that every layer's kernel takes its multi-threaded path: the
    # activations exceed the elementwise kernels' parallel threshold and the
    # linear layer's GEMMs are large enough to be split.
    return nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Dropout(0.2),
        nn.Linear(16 * 10 * 10, 128), nn.ReLU(), nn.Linear(128, 10),
    )


def _train(threads):
    previous = minigrad.get_num_threads()
    minigrad.set_num_threads(threads)
    try:
        minigrad.manual_seed(0)
        model = _small_convnet()
        optimizer = optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
        rng = np.random.default_rng(0)
        images = minigrad.tensor(rng.standard_normal((32, 1, 20, 20)), dtype=minigrad.float32)
        labels = minigrad.tensor(rng.integers(0, 10, 32))
        losses = []
        for _ in range(STEPS):
            loss = nn.functional.cross_entropy(model(images), labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    finally:
        minigrad.set_num_threads(previous)
    return np.array(losses), {k: v.numpy().copy() for k, v in model.state_dict().items()}


@pytest.fixture(scope="module")
def two_thread_run():
    if not minigrad.build_info()["openmp"]:
        pytest.skip("serial build: there is only one thread count")
    return _train(2)


def _assert_identical(run, other):
    np.testing.assert_array_equal(run[0], other[0])
    assert run[1].keys() == other[1].keys()
    for name in run[1]:
        np.testing.assert_array_equal(run[1][name], other[1][name], err_msg=name)


def test_training_is_bit_identical_at_one_and_two_threads(two_thread_run):
    losses, _ = two_thread_run
    assert losses[-1] < 0.5 * losses[0]  # it did learn, so the comparison means something
    _assert_identical(_train(1), two_thread_run)


def test_training_is_bit_identical_from_run_to_run(two_thread_run):
    _assert_identical(_train(2), two_thread_run)
