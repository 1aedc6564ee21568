"""Gradient hooks and ``retain_grad``."""
import numpy as np
import pytest

import minigrad


def _f64(values, requires_grad=True):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


def test_a_hook_on_a_non_leaf_sees_its_gradient_and_can_replace_it():
    x = _f64([1.0, 2.0])
    y = x * 3
    seen = []

    def double(grad):
        seen.append(grad.numpy().copy())
        return grad * 2

    assert y.register_hook(double) is double
    (y * y).sum().backward()
    np.testing.assert_array_equal(seen[0], [6.0, 12.0])  # d(y*y)/dy
    np.testing.assert_array_equal(x.grad.numpy(), [36.0, 72.0])  # 2 * 3 * 2y


def test_a_hook_on_a_leaf_modifies_what_is_accumulated():
    x = _f64([1.0, 2.0])
    x.register_hook(lambda g: g + 1)
    (x * 5).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [6.0, 6.0])


def test_a_leaf_hook_sees_the_total_gradient_once():
    x = _f64([1.0])
    calls = []
    x.register_hook(lambda g: calls.append(g.item()))
    (x * 2 + x * 3).sum().backward()
    assert calls == [5.0] and x.grad.item() == 5.0


def test_hooks_returning_none_leave_the_gradient_and_run_in_registration_order():
    x = _f64([1.0])
    y = x * 1
    order = []
    y.register_hook(lambda g: order.append("first"))
    y.register_hook(lambda g: (order.append("second"), g * 10)[1])
    y.register_hook(lambda g: (order.append("third"), g + 1)[1])
    y.sum().backward()
    assert order == ["first", "second", "third"] and x.grad.item() == 11.0


def test_hooks_on_different_outputs_of_one_op():
    x = _f64([1.0, 2.0, 3.0, 4.0])
    a, b = x.split(2)
    a.register_hook(lambda g: g * 0)
    (a.sum() + b.sum()).backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, 1.0, 1.0])


def test_hook_zeroing_a_branch_cuts_its_contribution():
    x = _f64([2.0])
    branch = x * x
    branch.register_hook(lambda g: minigrad.zeros_like(g))
    (branch + x).sum().backward()
    assert x.grad.item() == 1.0


def test_register_hook_on_a_tensor_that_does_not_require_grad_raises():
    with pytest.raises(RuntimeError, match="register_hook: cannot register a hook on a tensor that "
                                           "doesn't require gradient"):
        minigrad.ones(2).register_hook(lambda g: g)


def test_a_hook_returning_a_wrong_type_or_shape_raises():
    x = _f64([1.0, 2.0])
    y = x * 2
    y.register_hook(lambda g: g.numpy())
    with pytest.raises(TypeError, match="hook <lambda>: expected a Tensor or None, got ndarray"):
        y.sum().backward()
    z = _f64([1.0, 2.0])
    z.register_hook(lambda g: g.sum())
    with pytest.raises(RuntimeError, match=r"hook <lambda>: returned a gradient of shape \[\], "
                                           r"expected \[2\]"):
        (z * 2).sum().backward()


# ---------------------------------------------------------------- retain_grad
def test_retain_grad_keeps_the_gradient_of_a_non_leaf():
    x = _f64([1.0, 2.0])
    y = x * 2
    y.retain_grad()
    z = y * 1
    (y * y).sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [4.0, 8.0])
    assert z.grad is None and not y.grad.requires_grad


def test_retained_grad_accumulates_across_backward_calls_like_a_leaf():
    x = _f64([1.0, 2.0])
    y = x * 2
    y.retain_grad()
    loss = (y * y).sum()
    loss.backward(retain_graph=True)
    loss.backward()
    np.testing.assert_array_equal(y.grad.numpy(), [8.0, 16.0])
    np.testing.assert_array_equal(x.grad.numpy(), [16.0, 32.0])


def test_retained_grad_sees_the_gradient_after_hooks():
    x = _f64([1.0])
    y = x * 2
    y.register_hook(lambda g: g * 10)
    y.retain_grad()
    y.sum().backward()
    assert y.grad.item() == 10.0 and x.grad.item() == 20.0


def test_retain_grad_on_a_leaf_is_a_no_op_and_on_a_constant_raises():
    x = _f64([1.0])
    x.retain_grad()
    (x * 2).sum().backward()
    assert x.grad.item() == 2.0
    with pytest.raises(RuntimeError, match="retain_grad: can't retain_grad on a tensor that has "
                                           "requires_grad=False"):
        minigrad.ones(1).retain_grad()


def test_post_accumulate_grad_hook_runs_as_soon_as_the_leaf_is_complete():
    # Backward reaches the second layer's leaves first; their hooks must run
    # before the first layer's node has produced its gradients.
    w1 = _f64([[1.0, -2.0], [0.5, 3.0]]).requires_grad_()
    w2 = _f64([[2.0, 1.0]]).requires_grad_()
    x = minigrad.tensor([[1.0, 2.0]], dtype=minigrad.float64)
    seen = []
    w2.register_post_accumulate_grad_hook(
        lambda t: seen.append(("w2", t.grad.tolist(), w1.grad is None)))
    w1.register_post_accumulate_grad_hook(lambda t: seen.append(("w1", t.grad.tolist(), None)))
    h = x @ w1.T
    (h @ w2.T).sum().backward()
    # d/dw2 = h = [-3, 6.5]; d/dw1 = w2^T x.
    assert seen == [("w2", [[-3.0, 6.5]], True), ("w1", [[2.0, 4.0], [1.0, 2.0]], None)]


def test_post_accumulate_grad_hook_sees_the_gradient_summed_over_every_use():
    w = _f64([3.0]).requires_grad_()
    grads = []
    w.register_post_accumulate_grad_hook(lambda t: grads.append(t.grad.item()))
    w.grad = minigrad.tensor([10.0], dtype=minigrad.float64)  # accumulates onto an existing grad
    (w * w + 2 * w).sum().backward()
    assert grads == [10.0 + 2 * 3.0 + 2.0]


def test_post_accumulate_grad_hook_is_for_leaves_that_require_grad():
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        minigrad.ones(1).register_post_accumulate_grad_hook(lambda t: None)
    y = _f64([1.0]) * 2
    with pytest.raises(RuntimeError, match="non-leaf tensors"):
        y.register_post_accumulate_grad_hook(lambda t: None)
