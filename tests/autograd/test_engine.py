"""The tape: recording in execution order and replaying backwards."""
import sys

import numpy as np
import pytest

import minigrad
from minigrad.autograd import Function


def _f64(values, requires_grad=True):
    return minigrad.tensor(values, dtype=minigrad.float64, requires_grad=requires_grad)


class Logged(Function):
    """Identity that appends its label to ``log`` when its backward runs."""

    @staticmethod
    def forward(ctx, x, label, log):
        ctx.label, ctx.log = label, log
        return x * 1

    @staticmethod
    def backward(ctx, grad):
        ctx.log.append(ctx.label)
        return grad, None, None


# ---------------------------------------------------------------- accumulation on leaves
def test_backward_fills_grad_of_leaves_that_require_grad_only():
    x = _f64([1.0, 2.0])
    c = _f64([3.0, 4.0], requires_grad=False)
    hidden = x * c
    hidden.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [3.0, 4.0])
    assert c.grad is None and hidden.grad is None
    assert x.grad.dtype == np.float64 and not x.grad.requires_grad


def test_gradients_accumulate_across_backward_calls():
    x = _f64([1.0, 2.0])
    (x * 3).sum().backward()
    (x * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [5.0, 7.0])
    x.grad = None
    (x * 2).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0])


def test_leaf_grad_never_aliases_a_gradient_array_of_the_graph():
    # An add hands the same gradient array to both inputs; each leaf needs its own.
    a, b = _f64([1.0]), _f64([2.0])
    (a + b).sum().backward()
    a.grad.add_(10)
    assert b.grad.tolist() == [1.0]


def test_float32_leaf_gets_a_float32_grad_through_float64_ops():
    x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    (x.double() * 3).sum().backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [3.0, 3.0]


# ---------------------------------------------------------------- define-by-run
def test_the_graph_is_whatever_python_control_flow_ran():
    def f(x):
        y = x
        while y.detach().abs().sum().item() < 100:
            y = y * 2 if y.sum().item() > 0 else y * -3
        return y.sum()

    x = _f64([1.0, 1.5])
    f(x).backward()
    np.testing.assert_array_equal(x.grad.numpy(), [64.0, 64.0])  # six doublings: 2.5 * 64 > 100
    z = _f64([-1.0, -1.5])
    f(z).backward()
    # -3 (positive), then doubles: 7.5 * 2**4 = 120.
    np.testing.assert_array_equal(z.grad.numpy(), [-48.0, -48.0])


def test_nodes_take_increasing_sequence_numbers_in_execution_order():
    x = _f64([1.0])
    a = x * 2
    b = x + 1
    c = a * b
    assert a.grad_fn._seq < b.grad_fn._seq < c.grad_fn._seq


def test_backward_replays_nodes_in_reverse_order_of_execution():
    log = []
    x = _f64([1.0, 2.0])
    a = Logged.apply(x, "a", log)
    b = Logged.apply(a, "b", log)
    c = Logged.apply(x, "c", log)
    d = Logged.apply(b * c, "d", log)
    Logged.apply(x, "unused", log)
    d.sum().backward()
    assert log == ["d", "c", "b", "a"]


def test_a_node_runs_once_after_all_its_consumers_even_when_it_feeds_many():
    log = []
    x = _f64([2.0])
    shared = Logged.apply(x, "shared", log)
    total = shared * 1
    for i in range(5):
        total = total + Logged.apply(shared, f"use{i}", log) * (i + 1)
    total.sum().backward()
    assert log == ["use4", "use3", "use2", "use1", "use0", "shared"]
    assert x.grad.item() == 16.0


def test_a_chain_of_five_thousand_ops_backpropagates_without_recursion():
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # far below the depth of the graph
    try:
        x = _f64([1.0])
        y = x
        for _ in range(5000):
            y = y * 1.0001
        y.sum().backward()
    finally:
        sys.setrecursionlimit(limit)
    np.testing.assert_allclose(x.grad.numpy(), [1.0001 ** 5000], rtol=1e-9)


def test_diamond_graph_accumulates_both_paths():
    x = _f64([2.0])
    y = x * 3
    z = y * y + y.exp() + y
    z.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [3 * (2 * 6.0 + np.exp(6.0) + 1)])


def test_a_tensor_used_many_times_in_one_op_chain_accumulates():
    x = _f64([1.5])
    (x * x * x + x).backward()
    np.testing.assert_allclose(x.grad.numpy(), [3 * 1.5 ** 2 + 1])


# ---------------------------------------------------------------- multi-output ops
def test_split_outputs_used_partly_give_zero_gradient_to_the_unused_part():
    x = _f64(np.arange(6.0))
    pieces = x.split(2)
    (pieces[2] * 3).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0, 0, 0, 0, 3, 3])


def test_chunk_outputs_used_in_reverse_order():
    x = _f64(np.arange(4.0))
    a, b = x.chunk(2)
    (b * 2 - a).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [-1, -1, 2, 2])


def test_max_with_indices_where_only_the_values_are_used():
    x = _f64([[1.0, 5.0], [7.0, 2.0]])
    values, indices = x.max(1)
    assert not indices.requires_grad and indices.grad_fn is None
    values.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[0.0, 1.0], [1.0, 0.0]])


def test_max_with_indices_where_the_indices_select_another_tensor():
    x = _f64([[1.0, 5.0], [7.0, 2.0]])
    w = _f64([10.0, 20.0])
    _, indices = x.max(1)
    w[indices].sum().backward()
    assert x.grad is None
    np.testing.assert_array_equal(w.grad.numpy(), [1.0, 1.0])


# ---------------------------------------------------------------- retain_graph and freeing
def test_retain_graph_twice_doubles_the_gradient():
    x = _f64([1.0, 2.0])
    loss = (x.exp() * x).sum()
    loss.backward(retain_graph=True)
    first = x.grad.numpy().copy()
    loss.backward(retain_graph=True)
    np.testing.assert_allclose(x.grad.numpy(), 2 * first)
    loss.backward()
    np.testing.assert_allclose(x.grad.numpy(), 3 * first)


def test_second_backward_through_a_freed_graph_raises():
    x = _f64([1.0, 2.0])
    loss = (x * x).sum()
    loss.backward()
    with pytest.raises(RuntimeError, match="SumBackward: trying to backward through the graph a "
                                           "second time .* Specify retain_graph=True"):
        loss.backward()


def test_a_freed_intermediate_reused_in_a_new_graph_raises_on_backward():
    x = _f64([1.0, 2.0])
    hidden = x * 2
    hidden.sum().backward()
    with pytest.raises(RuntimeError, match="MulBackward: trying to backward through the graph a "
                                           "second time"):
        (hidden * 3).sum().backward()


def test_independent_graphs_do_not_share_nodes_or_free_each_other():
    x = _f64([1.0])
    first = (x * 2).sum()
    second = (x * 5).sum()
    first.backward()
    second.backward()
    assert x.grad.item() == 7.0


def test_a_subgraph_shared_by_two_losses_is_freed_by_the_first_backward():
    x = _f64([1.0])
    shared = x * 2
    loss1 = (shared * 3).sum()
    loss2 = (shared * 4).sum()
    loss1.backward()
    with pytest.raises(RuntimeError, match="MulBackward: trying to backward through the graph"):
        loss2.backward()  # ``shared`` was freed by the first backward, as in PyTorch


# ---------------------------------------------------------------- backward arguments
def test_non_scalar_root_without_a_gradient_raises():
    y = _f64([1.0, 2.0]) * 2
    with pytest.raises(RuntimeError, match=r"backward: grad can be implicitly created only for "
                                           r"scalar outputs; element 0 of tensors has shape \[2\]"):
        y.backward()


def test_non_scalar_root_with_a_gradient_computes_the_vector_jacobian_product():
    x = _f64([1.0, 2.0, 3.0])
    y = x * x
    y.backward(minigrad.tensor([1.0, 0.5, -1.0]))
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0, -6.0])
    z = _f64([[1.0]])
    (z * 2).backward()  # one element: implicit gradient of ones
    assert z.grad.item() == 2.0


def test_backward_gradient_of_the_wrong_shape_raises():
    y = _f64([1.0, 2.0]) * 2
    with pytest.raises(ValueError, match=r"backward: the gradient of element 0 of tensors has "
                                         r"shape \[3\], expected \[2\]"):
        y.backward(minigrad.ones(3))


def test_backward_on_a_tensor_that_does_not_require_grad_raises():
    with pytest.raises(RuntimeError, match="backward: element 0 of tensors does not require grad"):
        minigrad.ones(2).sum().backward()


def test_backward_of_a_leaf_fills_its_own_grad():
    x = _f64([3.0])
    x.backward()
    assert x.grad.item() == 1.0


def test_autograd_backward_accepts_several_roots():
    x = _f64([1.0, 2.0])
    minigrad.autograd.backward([(x * 2).sum(), x * x], [None, minigrad.ones(2)])
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 6.0])
    with pytest.raises(RuntimeError, match=r"backward: grad can be implicitly created only for "
                                           r"scalar outputs; element 0 of tensors has shape \[2\]"):
        minigrad.autograd.backward(x * 2)
    with pytest.raises(RuntimeError, match="backward: element 1 of tensors does not require grad"):
        minigrad.autograd.backward([x.sum(), minigrad.ones(1).sum()])


# ---------------------------------------------------------------- autograd.grad
def test_grad_returns_gradients_without_touching_dot_grad():
    x = _f64([1.0, 2.0])
    w = _f64([3.0, 4.0])
    gx, gw = minigrad.autograd.grad((x * w).sum(), [x, w])
    np.testing.assert_array_equal(gx.numpy(), [3.0, 4.0])
    np.testing.assert_array_equal(gw.numpy(), [1.0, 2.0])
    assert x.grad is None and w.grad is None


def test_grad_with_respect_to_an_intermediate_tensor():
    x = _f64([1.0, 2.0])
    hidden = x * 2
    (g,) = minigrad.autograd.grad((hidden ** 3).sum(), hidden)
    np.testing.assert_array_equal(g.numpy(), [12.0, 48.0])


def test_grad_with_grad_outputs_and_retain_graph():
    x = _f64([1.0, 2.0])
    y = x * x
    (g,) = minigrad.autograd.grad(y, x, grad_outputs=[minigrad.tensor([1.0, -1.0])],
                                  retain_graph=True)
    np.testing.assert_array_equal(g.numpy(), [2.0, -4.0])
    (g,) = minigrad.autograd.grad(y.sum(), x)
    np.testing.assert_array_equal(g.numpy(), [2.0, 4.0])


def test_grad_of_an_unused_input_raises_unless_allowed():
    x, unused = _f64([1.0]), _f64([1.0])
    with pytest.raises(RuntimeError, match="grad: input 1 was not used in the graph; pass "
                                           "allow_unused=True"):
        minigrad.autograd.grad((x * 2).sum(), [x, unused], retain_graph=True)
    gx, gu = minigrad.autograd.grad((x * 2).sum(), [x, unused], allow_unused=True)
    assert gx.item() == 2.0 and gu is None


def test_grad_argument_errors():
    x = _f64([1.0])
    with pytest.raises(RuntimeError, match="grad: input 0 does not require grad"):
        minigrad.autograd.grad((x * 2).sum(), minigrad.ones(1))
    with pytest.raises(RuntimeError, match="grad: element 0 of outputs does not require grad"):
        minigrad.autograd.grad(minigrad.ones(1).sum(), x)
    with pytest.raises(ValueError, match=r"grad: the gradient of element 0 of outputs has "
                                         r"shape \[3\], expected \[2\]"):
        minigrad.autograd.grad(x * minigrad.ones(2, dtype=minigrad.float64), x,
                               grad_outputs=[minigrad.ones(3)])


# ---------------------------------------------------------------- graph introspection
def test_grad_fn_is_leaf_and_next_functions_describe_the_graph():
    x = _f64([1.0])
    c = minigrad.tensor([2.0], dtype=minigrad.float64)
    y = x * c
    z = y.exp()
    assert x.is_leaf and x.grad_fn is None and c.is_leaf
    assert not z.is_leaf and z.grad_fn.name() == "ExpBackward" and repr(z.grad_fn) == "<ExpBackward>"
    (edge,) = z.grad_fn.next_functions
    assert edge == (y.grad_fn, 0)
    assert y.grad_fn.next_functions == ((x, 0), None)


def test_tensors_made_from_tensors_that_do_not_require_grad_are_not_recorded():
    a = minigrad.ones(2)
    b = (a * 2).exp().sum()
    assert not b.requires_grad and b.grad_fn is None


def test_repeated_backward_into_a_zero_dimensional_leaf_accumulates():
    x = minigrad.tensor(2.0, dtype=minigrad.float64, requires_grad=True)
    y = x.exp()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad.shape == ()
    assert abs(x.grad.item() - 2 * np.exp(2.0)) < 1e-12
