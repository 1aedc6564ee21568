"""Replaying the tape backwards.

Every node carries the sequence number it took when its op ran. A node's
inputs were all produced before it, so running nodes from the highest sequence
number down visits each node after every node that feeds it a gradient: by
the time a node leaves the heap its output gradients are complete. The heap
holds only nodes reachable from the roots, found as gradients flow, so
independent graphs never mix and no global list of nodes exists.

Gradients travel as NumPy arrays, or as tensors when ``create_graph=True`` so
that the backward pass is itself recorded.
"""
from heapq import heappop, heappush

import numpy as np

from minigrad.autograd.function import (
    FunctionCtx, _add_context, _check_history, _freed_message, watchers,
)
from minigrad.autograd.grad_mode import _state
from minigrad.tensor import Tensor

__all__ = ["root_grads", "run_backward"]


def root_grads(op, roots, grads, create_graph, what="tensors"):
    """Check the roots of a backward pass and the gradients given for them.

    The one copy of these checks, for ``Tensor.backward``,
    ``autograd.backward`` and ``autograd.grad``: every root must require
    grad, a missing gradient is ones and only for a one-element root, a given
    one must have its root's shape. Returns one gradient per root in the
    root's dtype, as arrays, or as tensors when ``create_graph``.
    """
    result = []
    for i, root in enumerate(roots):
        if not root.requires_grad:
            raise RuntimeError(
                f"{op}: element {i} of {what} does not require grad and does not have a grad_fn"
            )
        g = None if grads is None else grads[i]
        if g is None:
            if root._data.size != 1:
                raise RuntimeError(
                    f"{op}: grad can be implicitly created only for scalar outputs; element {i} "
                    f"of {what} has shape {list(root.shape)}, pass its gradient"
                )
            value = np.ones(root._data.shape, root._data.dtype)
        else:
            value = g._data if isinstance(g, Tensor) else np.asarray(g)
            if value.shape != root._data.shape:
                raise ValueError(
                    f"{op}: the gradient of element {i} of {what} has shape "
                    f"{list(value.shape)}, expected {list(root.shape)}"
                )
            value = np.asarray(value, dtype=root._data.dtype)
        result.append(Tensor._make(value, False) if create_graph else value)
    return result


def run_backward(roots, root_grads, retain_graph=False, create_graph=False, inputs=None):
    """Propagate ``root_grads`` from ``roots`` back through the graph.

    Parameters
    ----------
    roots : sequence of Tensor
    root_grads : sequence of ndarray or Tensor
        One gradient per root, of the root's shape.
    retain_graph : bool
        Keep what the nodes saved so that the graph can be replayed again.
    create_graph : bool
        Record the backward pass so that its result can be differentiated.
    inputs : sequence of Tensor, optional
        When given, return the gradients of these tensors instead of
        accumulating into the ``.grad`` of every leaf (``autograd.grad``).
    """
    captured = None
    if inputs is not None:
        captured = {}
        wanted = {}
        for i, t in enumerate(inputs):
            key = (t.grad_fn, t._output_nr) if t.grad_fn is not None else (t, 0)
            wanted[_edge_key(key)] = i
    pending = {}
    heap = []
    leaf_grads = {}
    # Root gradients belong to the caller: a leaf must never keep one (or a
    # view of one) as its .grad, so they count as already stored.
    stored = {id(g) for g in root_grads}

    def send(edge, grad):
        target, index = edge
        if isinstance(target, Tensor):
            entry = leaf_grads.get(id(target))
            if entry is None:
                leaf_grads[id(target)] = [target, grad]
            else:
                entry[1] = entry[1] + grad
            return
        _to_node(pending, heap, target, index, grad)

    for i, (root, grad) in enumerate(zip(roots, root_grads)):
        _check_history(root, "backward", f"root {i}")
        if root.grad_fn is not None:
            send((root.grad_fn, root._output_nr), grad)
        else:
            send((root, 0), grad)

    # A leaf with post-accumulate-grad hooks gets its .grad as soon as the last
    # node feeding it has run, so that its hooks overlap the rest of backward.
    feeds = None
    if captured is None and Tensor._post_hooks_seen:
        feeds = _count_hooked_feeds(roots)

    previous = _state.enabled
    _state.enabled = create_graph
    try:
        while heap:
            _, _, node = heappop(heap)
            grads = pending.pop(node)
            if node._freed:
                raise RuntimeError(_freed_message(node))
            if node._hooks is not None or node._retained is not None:
                _call_output_hooks(node, grads)
            if captured is not None:
                for index, grad in enumerate(grads):
                    position = wanted.get(_edge_key((node, index)))
                    if position is not None and grad is not None:
                        captured[position] = grad
            if watchers:  # the profiler or anomaly mode
                input_grads = _watched_backward(node, grads, create_graph)
            else:
                input_grads = _call_backward(node, grads, create_graph)
            if not retain_graph:
                _release(node)
            for edge, grad in zip(node._next, input_grads):
                if edge is None or grad is None:
                    continue
                if type(edge[0]) is FunctionCtx:
                    _to_node(pending, heap, edge[0], edge[1], grad)
                else:
                    send(edge, grad)
            if feeds:
                _settle_hooked_leaves(node, feeds, leaf_grads, stored)

        for leaf, grad in leaf_grads.values():
            if captured is not None:
                grad = _call_leaf_hooks(leaf, grad)
                position = wanted.get(_edge_key((leaf, 0)))
                if position is not None:
                    captured[position] = grad
            else:
                _finish_leaf(leaf, grad, stored)
    finally:
        _state.enabled = previous
    if captured is not None:
        return [captured.get(i) for i in range(len(inputs))]
    return None


def _count_hooked_feeds(roots):
    """For each leaf with post-accumulate-grad hooks, how many edges of the graph feed it."""
    feeds = {}
    seen = set()
    stack = [root.grad_fn for root in roots if root.grad_fn is not None]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for edge in node._next or ():
            if edge is None:
                continue
            if isinstance(edge[0], Tensor):
                if edge[0]._post_hooks:
                    feeds[id(edge[0])] = feeds.get(id(edge[0]), 0) + 1
            else:
                stack.append(edge[0])
    return feeds


def _settle_hooked_leaves(node, feeds, leaf_grads, stored):
    """Finish the hooked leaves whose last feeding node was ``node``."""
    for edge in node._next:
        if edge is None or id(edge[0]) not in feeds:
            continue
        key = id(edge[0])
        feeds[key] -= 1
        if feeds[key] == 0:
            del feeds[key]
            entry = leaf_grads.pop(key, None)
            if entry is not None:
                _finish_leaf(entry[0], entry[1], stored)


def _finish_leaf(leaf, grad, stored):
    _accumulate(leaf, _call_leaf_hooks(leaf, grad), stored)
    if leaf._post_hooks:
        for hook in leaf._post_hooks:
            hook(leaf)


def _to_node(pending, heap, node, index, grad):
    """Add ``grad`` to output ``index`` of ``node``, queueing the node on its first gradient."""
    slots = pending.get(node)
    if slots is None:
        slots = [None] * len(node._outputs_meta)
        pending[node] = slots
        heappush(heap, (-node._seq, id(node), node))
    slots[index] = grad if slots[index] is None else slots[index] + grad


def _edge_key(edge):
    return (id(edge[0]), edge[1])


def _call_backward(node, grads, create_graph):
    fn = node._fn
    for g in grads:
        if g is None:
            grads = [
                g if g is not None else np.zeros(shape, dtype)
                for g, (shape, dtype) in zip(grads, node._outputs_meta)
            ]
            break
    if fn.ndarray_io:
        if create_graph:
            raise RuntimeError(
                f"{node.name()}: this built-in op does not support differentiating its "
                f"backward (create_graph=True)"
            )
        call_grads = grads
    else:
        call_grads = [g if isinstance(g, Tensor) else Tensor._make(g, False) for g in grads]
    try:
        result = fn.backward(node, *call_grads)
    except Exception as error:
        _add_context(error, fn, "backward", call_grads)
        raise
    if type(result) is not tuple:
        result = (result,)
    if len(result) < len(node._next):
        raise RuntimeError(
            f"{node.name()}: backward returned {len(result)} gradients, "
            f"but forward had {len(node._next)} inputs"
        )
    if fn.ndarray_io:
        return result
    return [_check_user_grad(node, i, g, edge, create_graph)
            for i, (g, edge) in enumerate(zip(result, node._next))]


def _watched_backward(node, grads, create_graph):
    active = tuple(watchers)
    tokens = [w.backward_enter(node) for w in active]
    input_grads = _call_backward(node, grads, create_graph)
    for w, token in zip(reversed(active), reversed(tokens)):
        w.backward_exit(token, node, input_grads)
    return input_grads


def _check_user_grad(node, index, grad, edge, create_graph):
    if grad is None or edge is None:
        return None
    target, output_nr = edge
    shape = target.shape if isinstance(target, Tensor) else target._outputs_meta[output_nr][0]
    value = grad._data if isinstance(grad, Tensor) else np.asarray(grad)
    if value.shape != tuple(shape):
        raise RuntimeError(
            f"{node.name()}: backward returned a gradient of shape {list(value.shape)} "
            f"for input {index}, expected {list(shape)}"
        )
    if create_graph:
        return grad if isinstance(grad, Tensor) else Tensor._make(value, False)
    return value


def _call_output_hooks(node, grads):
    if node._hooks is not None:
        for index, hooks in node._hooks.items():
            if grads[index] is None:
                continue
            grads[index] = _run_hooks(hooks, grads[index])
    if node._retained is not None:
        for index, ref in node._retained.items():
            tensor = ref()
            if tensor is not None and grads[index] is not None:
                value = grads[index]
                value = value.detach() if isinstance(value, Tensor) else np.array(value)
                value = value if isinstance(value, Tensor) else Tensor._make(value, False)
                # Accumulates across backward calls, as a leaf's .grad does.
                tensor.grad = value if tensor.grad is None else tensor.grad + value


def _call_leaf_hooks(leaf, grad):
    return _run_hooks(leaf._hooks, grad) if leaf._hooks else grad


def _run_hooks(hooks, grad):
    """Call each hook on the gradient; a hook may return a tensor of the same shape to use instead."""
    for hook in hooks:
        new = hook(_as_tensor(grad))
        if new is None:
            continue
        name = getattr(hook, "__name__", repr(hook))
        if not isinstance(new, Tensor):
            raise TypeError(f"hook {name}: expected a Tensor or None, got {type(new).__name__}")
        if new.shape != np.shape(grad):
            raise RuntimeError(
                f"hook {name}: returned a gradient of shape {list(new.shape)}, expected "
                f"{list(np.shape(grad))}"
            )
        grad = new if isinstance(grad, Tensor) else new._data
    return grad


def _as_tensor(grad):
    return grad if isinstance(grad, Tensor) else Tensor._make(grad, False)


def _accumulate(leaf, grad, stored):
    if isinstance(grad, Tensor):
        leaf.grad = grad if leaf.grad is None else leaf.grad + grad
        return
    if type(grad) is not np.ndarray:
        # NumPy turns 0-d results into scalars; .grad must hold an array.
        grad = np.asarray(grad)
    if grad.dtype != leaf._data.dtype:
        grad = grad.astype(leaf._data.dtype)
    if leaf.grad is None:
        # A gradient array may be shared (an add hands the same array to both
        # of its inputs, a reshape hands out a view); own it before storing.
        if not grad.flags.owndata or not grad.flags.writeable or id(grad) in stored:
            grad = grad.copy()
        stored.add(id(grad))
        leaf.grad = Tensor._make(grad, False)
    else:
        np.add(leaf.grad._data, grad, out=leaf.grad._data)


def _release(node: FunctionCtx):
    node._saved = None
    node._to_save = None
    node.__dict__.clear()
    node._freed = True
