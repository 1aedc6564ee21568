"""The graph frees itself: no growth over thousands of training iterations."""
import gc
import resource
import sys

import numpy as np
import pytest

import minigrad
from minigrad.autograd.function import FunctionCtx


def _resident_bytes():
    """The process's current resident set size."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * resource.getpagesize()
    except OSError:
        pytest.skip("needs /proc to read the resident set size")


def _train_step(w1, w2, x, y):
    hidden = (x @ w1).relu()
    loss = ((hidden @ w2 - y) ** 2).mean()
    loss.backward()
    with minigrad.no_grad():
        w1 -= 0.01 * w1.grad
        w2 -= 0.01 * w2.grad
    w1.grad = None
    w2.grad = None
    return loss.item()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_two_thousand_training_steps_do_not_grow_memory():
    w1 = minigrad.randn(32, 64, requires_grad=True)
    w2 = minigrad.randn(64, 8, requires_grad=True)
    x = minigrad.randn(16, 32)
    y = minigrad.randn(16, 8)
    for _ in range(200):
        _train_step(w1, w2, x, y)
    gc.collect()
    baseline = _resident_bytes()
    for _ in range(2000):
        _train_step(w1, w2, x, y)
    gc.collect()
    growth = _resident_bytes() - baseline
    # One step allocates about 60 KB; a leak of one graph per step would add
    # over 100 MB. A few hundred KB of allocator noise is allowed.
    assert growth < 2 * 1024 * 1024, f"resident memory grew by {growth / 1024:.0f} KB"


def test_no_graph_node_outlives_its_step_without_the_cycle_collector():
    w = minigrad.randn(8, 8, requires_grad=True)
    x = minigrad.randn(4, 8)
    gc.collect()
    gc.disable()
    try:
        before = sum(isinstance(o, FunctionCtx) for o in gc.get_objects())
        for _ in range(50):
            loss = ((x @ w).tanh() * 2).sum()
            loss.backward()
            del loss
        after = sum(isinstance(o, FunctionCtx) for o in gc.get_objects())
    finally:
        gc.enable()
    assert after == before


def test_leaf_gradient_does_not_keep_the_graph_alive():
    import weakref

    w = minigrad.randn(3, requires_grad=True)
    hidden = w * 2
    node = weakref.ref(hidden.grad_fn)
    hidden.sum().backward()
    del hidden
    assert node() is None
    np.testing.assert_allclose(w.grad.numpy(), np.full(3, 2.0))
