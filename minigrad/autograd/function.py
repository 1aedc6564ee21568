"""Differentiable operations and the nodes they leave on the tape.

A :class:`Function` subclass defines ``forward(ctx, *args)`` and
``backward(ctx, *grad_outputs)``; :meth:`Function.apply` is the only way to run
it. When recording is on and some input requires grad, ``apply`` turns the
``ctx`` object into a node of the graph:

* it takes the next number of a global counter, its *sequence number*; an op
  is always created after the ops that produced its inputs, so sequence order
  is a topological order and the engine needs no sort;
* it holds one *edge* per positional argument: the node that produced that
  input (and which of its outputs), or the leaf tensor itself, or ``None``;
* it holds what ``forward`` saved, never its own outputs, so no reference
  cycle keeps a graph alive.

Built-in ops set ``ndarray_io = True``: their ``forward`` and ``backward`` see
NumPy arrays where user functions see tensors. That is the only difference.
"""
import itertools

import numpy as np

from minigrad._ext import buffers
from minigrad.autograd.grad_mode import _state
from minigrad.tensor import Tensor

__all__ = ["Function", "FunctionCtx"]

_sequence = itertools.count()

class FunctionCtx:
    """The ``ctx`` passed to ``forward`` and ``backward``; once recorded, a node of the graph.

    ``forward`` stores on it what ``backward`` needs: tensors that alias inputs
    or outputs with :meth:`save_for_backward` (checked against later in-place
    changes), anything else as a plain attribute. The node is the ``grad_fn``
    of the outputs.

    Attributes
    ----------
    needs_input_grad : tuple of bool
        One entry per positional input of ``forward``: whether a gradient for
        that input is wanted. ``backward`` may return ``None`` where it is False.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd import Function
    >>> class Scale(Function):
    ...     @staticmethod
    ...     def forward(ctx, x, factor):
    ...         ctx.factor = factor            # not a tensor: a plain attribute
    ...         return x * factor
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         return grad * ctx.factor, None  # no gradient for ``factor``
    >>> x = minigrad.tensor([1.0, 2.0], requires_grad=True)
    >>> y = Scale.apply(x, 3.0)
    >>> y.grad_fn, y.grad_fn.needs_input_grad
    (<ScaleBackward>, (True, False))
    >>> y.sum().backward()
    >>> x.grad
    tensor([3., 3.])
    """

    __slots__ = (
        "_fn", "_seq", "_next", "needs_input_grad", "_to_save", "_saved", "_freed",
        "_outputs_meta", "_versions", "_hooks", "_retained", "_non_differentiable", "__dict__",
        "__weakref__",
    )

    def __init__(self):
        self._to_save = None
        self._saved = None
        self._freed = False
        self._hooks = None
        self._retained = None
        self._non_differentiable = None

    def save_for_backward(self, *items):
        """Keep tensors (arrays, in built-in ops) for ``backward``.

        Saved inputs and outputs are checked when they are read back: if an
        in-place operation changed one in between, reading raises
        ``RuntimeError`` instead of producing a wrong gradient.
        """
        self._to_save = items

    def mark_non_differentiable(self, *outputs):
        """Declare outputs (such as indices) that never get a gradient."""
        self._non_differentiable = {id(o) for o in outputs}

    @property
    def saved_tensors(self):
        """What ``save_for_backward`` kept, checked against in-place changes."""
        if self._freed:
            raise RuntimeError(_freed_message(self))
        if self._saved is None:
            return self._to_save if self._to_save is not None else ()
        for item, counter, version in self._saved:
            if counter is not None and counter[0] != version:
                shape = "x".join(map(str, np.shape(item._data if hasattr(item, "_data") else item)))
                raise RuntimeError(
                    f"{self.name()}: one of the tensors needed for the gradient computation "
                    f"has been modified by an in-place operation: a tensor of shape [{shape}] "
                    f"is at version {counter[0]}; expected version {version}. Use an "
                    f"out-of-place operation (x = x + y instead of x += y) before backward."
                )
        return tuple(item for item, _, _ in self._saved)

    def name(self):
        """The node's name as shown in ``grad_fn``: the Function's name plus ``Backward``."""
        fn = getattr(self, "_fn", None)
        return (fn.__name__ if fn is not None else "Function") + "Backward"

    @property
    def next_functions(self):
        """The edges to the nodes (or leaf tensors) that produced this node's inputs."""
        return self._next

    def register_hook(self, output_index, hook):
        """Call ``hook(grad)`` on the gradient of output ``output_index`` before ``backward``."""
        if self._hooks is None:
            self._hooks = {}
        self._hooks.setdefault(output_index, []).append(hook)

    def __repr__(self):
        return f"<{self.name()}>"


def _freed_message(node):
    return (
        f"{node.name()}: trying to backward through the graph a second time (or directly "
        f"access saved tensors after they have already been freed). Saved intermediate "
        f"values of the graph are freed when you call .backward() or autograd.grad(). "
        f"Specify retain_graph=True if you need to backward through the graph a second time."
    )


class Function:
    """Base class of every differentiable operation, built-in or user-defined.

    Subclasses write two static methods and call ``apply``:

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd import Function
    >>> class Cube(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 3 * x * x * grad
    >>> x = minigrad.tensor([2.0], requires_grad=True)
    >>> Cube.apply(x).backward(minigrad.ones(1))
    >>> x.grad
    tensor([12.])
    """

    ndarray_io = False

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError

    @classmethod
    def apply(cls, *args, **kwargs):
        """Run ``forward`` and, when gradients are wanted, record the op on the tape."""
        ctx = FunctionCtx()
        watching = _enter(cls, args) if watchers else None  # the profiler, ONNX export...
        previous = _state.enabled
        # One plain loop instead of comprehensions: this runs for every op.
        record = False
        needs = []
        forward_args = [] if cls.ndarray_io else args
        for a in args:
            if isinstance(a, Tensor):
                needed = previous and a._requires_grad
                record = record or needed
                needs.append(needed)
                if cls.ndarray_io:
                    forward_args.append(a._data)
            else:
                needs.append(False)
                if cls.ndarray_io:
                    forward_args.append(a)
        ctx.needs_input_grad = tuple(needs)
        # Unrecorded (inference), the op's arrays die soon: large ones reuse memory.
        handler = None if record or not _has_large_input(args) else buffers.begin_reuse()
        _state.enabled = False
        try:
            raw = cls.forward(ctx, *forward_args, **kwargs)
        except Exception as error:
            _add_context(error, cls, "forward", args)
            raise
        finally:
            _state.enabled = previous
            if handler is not None:
                buffers.end_reuse(handler)
        if type(raw) is np.ndarray:
            # The common case, one fresh array, without the general bookkeeping.
            out = Tensor._make(raw, False)
            if raw.base is not None or _is_one_of(raw, forward_args):
                _share_version_with_inputs([out], args)
            if record:
                _record(cls, ctx, args, [out])
            if watching is not None:
                _exit(watching, cls, ctx, args, out)
            return out
        outputs = _wrap_outputs(raw, args)
        _share_version_with_inputs(outputs, args)
        if record:
            _record(cls, ctx, args, outputs)
        result = outputs[0] if type(raw) is not tuple else tuple(outputs)
        if watching is not None:
            _exit(watching, cls, ctx, args, result)
        return result


# An op with an input this large may allocate arrays of buffers.MIN_BLOCK bytes.
_LARGE_INPUT = 1 << 20


def _has_large_input(args):
    for a in args:
        if isinstance(a, Tensor) and a._data.nbytes >= _LARGE_INPUT:
            return True
    return False


# Tools that observe every op: objects with ``enter(cls, args)``, which returns
# a token, and ``exit(token, cls, ctx, args, outputs)``; the engine calls their
# ``backward_enter(node)`` and ``backward_exit(token, node, grads)`` around each
# node's backward. Almost always empty, so an op pays one truth test for them.
watchers = []


def _enter(cls, args):
    return [(w, w.enter(cls, args)) for w in tuple(watchers)]


def _exit(watching, cls, ctx, args, outputs):
    for w, token in reversed(watching):
        w.exit(token, cls, ctx, args, outputs)


def _is_one_of(array, values):
    for value in values:
        if value is array:
            return True
    return False


def _share_version_with_inputs(outputs, args):
    for a in args:
        if isinstance(a, Tensor):
            _share_version_if_view(outputs, a)


def _wrap_outputs(raw, args):
    items = raw if type(raw) is tuple else (raw,)
    outputs = []
    for item in items:
        if not isinstance(item, Tensor):
            item = Tensor._make(np.asarray(item), False)
        elif any(item is a for a in args):
            # A forward that returns an input unchanged must not turn that
            # input into the op's output: return an alias (shared data and
            # version counter) instead.
            item = item.detach()
        outputs.append(item)
    return outputs


def _record(cls, ctx, args, outputs):
    ctx._fn = cls
    ctx._seq = next(_sequence)
    edges = []
    for i, (a, needed) in enumerate(zip(args, ctx.needs_input_grad)):
        if not needed:
            edges.append(None)
        elif a.grad_fn is not None:
            _check_history(a, cls.__name__, i)
            edges.append((a.grad_fn, a._output_nr))
        else:
            edges.append((a, 0))
    ctx._next = tuple(edges)
    skip = ctx._non_differentiable
    meta = []
    # Which version of each output's memory the node describes (see _check_history).
    versions = []
    for i, out in enumerate(outputs):
        data = out._data
        meta.append((data.shape, data.dtype))
        versions.append((out._vc, out._vc[0]))
        if data.dtype.kind == "f" and (skip is None or id(out) not in skip):
            out._requires_grad = True
            out.grad_fn = ctx
            out._output_nr = i
    ctx._outputs_meta = meta
    ctx._versions = versions
    if ctx._to_save is not None:
        ctx._saved = _snapshot_saved(ctx, args, outputs)
        ctx._to_save = None


def _check_history(tensor, op, what):
    """Refuse a tensor whose memory changed, through another tensor, after it was computed.

    A view and the tensor it views share memory and a version counter. An
    in-place op through one of them records a node for that tensor only: the
    other keeps a history (``grad_fn``) that no longer produces its values,
    and differentiating through it would give a wrong gradient.
    """
    node = tensor.grad_fn
    if node is None:
        return
    counter, version = node._versions[tensor._output_nr]
    # A tensor moved onto a node recorded for another counter cannot be judged.
    if counter is tensor._vc and counter[0] != version:
        raise RuntimeError(
            f"{op}: {f'input {what}' if isinstance(what, int) else what} (a tensor of shape [{'x'.join(map(str, tensor.shape))}] made by "
            f"{node.name()}) was modified by an in-place operation on a tensor sharing its "
            f"memory (a view of it, or the tensor it views) after it was computed, so its "
            f"recorded history no longer matches its values. Use clone() before the in-place "
            f"operation, or an out-of-place operation."
        )


def _share_version_if_view(outputs, source):
    # An output that is a NumPy view of an input shares its memory, so an
    # in-place change through either must bump the same version counter.
    # NumPy points a view's base at the array that owns the memory.
    data = source._data
    owner = data if data.base is None else data.base
    for out in outputs:
        if out._data is data or out._data.base is owner:
            out._vc = source._vc


def _snapshot_saved(ctx, args, outputs):
    owners = {}
    for t in itertools.chain(args, outputs):
        if isinstance(t, Tensor):
            owners[id(t._data)] = t
            owners[id(t)] = t
    output_ids = {id(o) for o in outputs}
    saved = []
    for item in ctx._to_save:
        owner = owners.get(id(item))
        if owner is None:
            saved.append((item, None, 0))
            continue
        if isinstance(item, Tensor) and id(item) in output_ids:
            # Saving an output must not make the node own it (a cycle):
            # keep a detached alias that shares data and version counter.
            item = owner.detach()
        saved.append((item, owner._vc, owner._vc[0]))
    return tuple(saved)


def _add_context(error, cls, phase, values):
    described = []
    for v in values:
        if isinstance(v, Tensor):
            v = v._data
        if isinstance(v, np.ndarray):
            described.append(f"{v.dtype}[{', '.join(map(str, v.shape))}]")
    if described and hasattr(error, "add_note"):
        error.add_note(f"while running {cls.__name__} {phase} on ({', '.join(described)})")
