"""The graph frees itself by reference counting alone: no cycles, nothing kept after backward.

Every test runs with the cycle collector disabled, so an object that is only
freed by ``gc.collect()`` (a reference cycle) shows up as a live weakref.
"""
import gc
import weakref

import numpy as np
import pytest

import minigrad
from minigrad.autograd import Function


@pytest.fixture(autouse=True)
def _no_cycle_collector():
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def _alive(refs):
    return [name for name, ref in refs.items() if ref() is not None]


def _graph(x):
    """A small graph with a diamond, a saved output and a saved input; returns its parts."""
    hidden = x * 2
    activated = hidden.exp()
    loss = (activated * hidden).sum()
    return hidden, activated, loss


def _refs(**objects):
    return {name: weakref.ref(obj) for name, obj in objects.items()}


def test_intermediate_tensors_and_nodes_die_after_backward_and_del():
    x = minigrad.randn(3, requires_grad=True)
    hidden, activated, loss = _graph(x)
    refs = _refs(hidden=hidden, activated=activated, loss=loss, loss_node=loss.grad_fn,
                 mul_node=activated.grad_fn.next_functions[0][0], exp_node=activated.grad_fn)
    loss.backward()
    del hidden, activated, loss
    assert _alive(refs) == []
    assert x.grad is not None


def test_a_graph_that_never_ran_backward_dies_with_its_last_tensor():
    x = minigrad.randn(3, requires_grad=True)
    hidden, activated, loss = _graph(x)
    refs = _refs(hidden=hidden, activated=activated, loss=loss, loss_node=loss.grad_fn,
                 exp_node=activated.grad_fn)
    del hidden, activated, loss
    assert _alive(refs) == []


def test_backward_frees_saved_arrays_while_the_root_is_still_alive():
    x = minigrad.randn(1000, requires_grad=True)
    hidden = x * 2
    activated = hidden.exp()
    loss = (activated * hidden).sum()
    saved = {"hidden": weakref.ref(hidden._data), "activated": weakref.ref(activated._data)}
    del hidden, activated
    assert _alive(saved) == ["hidden", "activated"]  # the graph keeps what backward needs
    loss.backward()
    assert _alive(saved) == []
    assert loss.grad_fn is not None  # the structure stays, its contents are gone


def test_retain_graph_keeps_saved_arrays_until_the_last_backward():
    x = minigrad.randn(5, requires_grad=True)
    hidden = x.exp()
    loss = (hidden * hidden).sum()
    saved = weakref.ref(hidden._data)
    del hidden
    loss.backward(retain_graph=True)
    assert saved() is not None
    loss.backward()
    assert saved() is None


def test_hooks_and_retain_grad_do_not_create_cycles():
    x = minigrad.randn(3, requires_grad=True)
    hidden = x * 2
    hidden.retain_grad()
    hidden.register_hook(lambda g: g * 1)
    loss = (hidden * hidden).sum()
    refs = _refs(hidden=hidden, loss=loss, node=hidden.grad_fn)
    loss.backward()
    assert hidden.grad is not None
    del hidden, loss
    assert _alive(refs) == []


def test_a_custom_function_saving_its_output_does_not_create_a_cycle():
    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            out = x.exp()
            ctx.save_for_backward(x, out)
            return out

        @staticmethod
        def backward(ctx, grad):
            _, out = ctx.saved_tensors
            return grad * out

    x = minigrad.randn(3, requires_grad=True)
    y = Exp.apply(x)
    loss = y.sum()
    refs = _refs(y=y, loss=loss, node=y.grad_fn)
    del y, loss
    assert _alive(refs) == []
    y = Exp.apply(x)
    refs = _refs(y=y, node=y.grad_fn)
    y.sum().backward()
    del y
    assert _alive(refs) == []


def test_multi_output_and_in_place_graphs_are_freed():
    x = minigrad.randn(4, 3, requires_grad=True)
    a, b = x.split(2)
    values, indices = (a * b).max(1)
    hidden = values * 1
    hidden.mul_(2)
    refs = _refs(a=a, b=b, values=values, indices=indices, hidden=hidden, node=hidden.grad_fn)
    hidden.sum().backward()
    del a, b, values, indices, hidden
    assert _alive(refs) == []


def test_create_graph_results_are_freed():
    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 3 * x * x * grad

    x = minigrad.tensor([2.0], requires_grad=True)
    y = Cube.apply(x)
    (first,) = minigrad.autograd.grad(y, x, create_graph=True)
    refs = _refs(y=y, first=first, first_node=first.grad_fn)
    first.backward()
    del y, first
    assert _alive(refs) == []


def test_the_leaf_gradient_holds_no_reference_to_the_graph():
    x = minigrad.randn(3, requires_grad=True)
    hidden, activated, loss = _graph(x)
    refs = _refs(hidden=hidden, node=hidden.grad_fn)
    loss.backward()
    grad = x.grad
    del hidden, activated, loss
    assert _alive(refs) == [] and grad.grad_fn is None


def test_a_deep_graph_is_freed_without_recursion_errors():
    x = minigrad.randn(2, requires_grad=True)
    y = x
    nodes = []
    for i in range(20000):
        y = y + 1
        if i % 5000 == 0:
            nodes.append(weakref.ref(y.grad_fn))
    del y
    assert all(node() is None for node in nodes)


def test_many_training_steps_leave_no_live_tensors_or_nodes_behind():
    w = minigrad.randn(4, 4, requires_grad=True)
    x = minigrad.randn(8, 4)
    refs = []
    for _ in range(50):
        hidden = (x @ w).relu()
        loss = (hidden.log_softmax(1) * hidden).mean()
        refs += [weakref.ref(hidden), weakref.ref(hidden.grad_fn), weakref.ref(loss)]
        loss.backward()
        with minigrad.no_grad():
            w -= 0.01 * w.grad
        w.grad = None
    del hidden, loss
    assert all(r() is None for r in refs)
    assert np.isfinite(w.detach().numpy()).all()


def test_index_tensor_ops_and_their_in_place_forms_are_freed():
    x = minigrad.randn(3, 4, requires_grad=True)
    index = minigrad.tensor([[0, 3, 1, 2]])
    picked = minigrad.gather(x, 1, index.expand(3, 4))
    scattered = (x * 1.0).scatter_add_(0, minigrad.tensor([[0, 2, 1, 2]]), picked[:1])
    masked = scattered.masked_fill(scattered > 0, 0.0).tril()
    loss = (masked.index_select(1, minigrad.tensor([2, 2])) * masked.roll(1, 0)[:, 1:3]).sum()
    refs = _refs(picked=picked, scattered=scattered, masked=masked, loss=loss,
                 gather_node=picked.grad_fn, scatter_node=scattered.grad_fn,
                 where_node=masked.grad_fn)
    loss.backward()
    del picked, scattered, masked, loss
    assert _alive(refs) == []
    assert x.grad is not None
