"""``export``: record one forward pass through ``Function.apply`` and write it as ONNX.

While the model runs, a watcher on :func:`Function.apply` sees every op with
its arguments, its ``ctx`` (what ``forward`` kept: the convolution's geometry,
the pooling plan) and its outputs, and hands them to the converter of that
Function class (``_converters.py``), which adds ONNX nodes. Tensors are
named on first sight: the model's inputs by ``input_names``, parameters and
buffers by their name in the model (``conv1.weight``), any other tensor as a
constant. Forward hooks keep the path of the running module, so that an op
ONNX cannot express is reported with the module it came from.
"""
from __future__ import annotations

import numpy as np

from minigrad.autograd import function as _function
from minigrad.autograd.grad_mode import no_grad
from minigrad.tensor import Tensor

__all__ = ["export", "UnsupportedOperatorError"]

MIN_OPSET = 17


class UnsupportedOperatorError(RuntimeError):
    """An op of the model has no ONNX equivalent (or none for these arguments).

    The message names the op and the module it ran in, as in ``cannot export
    MaxPool (from module 'pool' (MaxPool2d)): return_indices=True ...``.

    Examples
    --------
    >>> from minigrad.onnx import UnsupportedOperatorError
    >>> issubclass(UnsupportedOperatorError, RuntimeError)
    True
    """


def _import_onnx():
    try:
        import onnx
    except ImportError as error:
        raise ImportError(
            "minigrad.onnx.export needs the onnx package: pip install 'minigrad[onnx]'"
        ) from error
    return onnx


class Graph:
    """The ONNX graph being built: nodes, initializers, and a name for every traced tensor."""

    def __init__(self, onnx, known_names):
        self.onnx = onnx
        self.nodes = []
        self.initializers = []
        self._known = known_names  # id(parameter or buffer) -> its name in the model
        self._names = {}  # id(tensor) -> (tensor, name, version when named)
        self._used = set()

    def fresh(self, hint):
        """A value name not used before, built from ``hint``."""
        name, i = hint, 0
        while name in self._used:
            i += 1
            name = f"{hint}_{i}"
        self._used.add(name)
        return name

    def bind(self, tensor, name):
        self._names[id(tensor)] = (tensor, name, tensor._vc[0])

    def value(self, x, like=None):
        """The name of ``x``: a traced tensor, a parameter, or a constant (numbers in ``like``'s dtype)."""
        if isinstance(x, Tensor):
            entry = self._names.get(id(x))
            if entry is not None:
                if entry[2] != x._vc[0]:
                    raise UnsupportedOperatorError(
                        f"a tensor of shape {list(x.shape)} was changed in place during the "
                        f"forward pass (inplace=True or an in-place method); ONNX export needs "
                        f"the out-of-place form"
                    )
                return entry[1]
            name = self._known.get(id(x))
            if name is None:
                return self.const(x._data, "constant")
            name = self.const(x._data, name)
            self.bind(x, name)
            return name
        dtype = like._data.dtype if isinstance(like, Tensor) else np.float32
        return self.const(np.asarray(x, dtype=dtype), "constant")

    def const(self, array, hint):
        """Add ``array`` as an initializer and return its name."""
        name = self.fresh(hint)
        self.initializers.append(self.onnx.numpy_helper.from_array(np.asarray(array), name))
        return name

    def ints(self, values, hint="shape"):
        return self.const(np.asarray(values, dtype=np.int64), hint)

    def node(self, op_type, inputs, n_outputs=1, **attrs):
        """Add a node; returns its output name (or the list of them when ``n_outputs > 1``)."""
        outputs = [self.fresh(op_type.lower()) for _ in range(n_outputs)]
        self.nodes.append(self.onnx.helper.make_node(
            op_type, list(inputs), outputs, name=self.fresh(f"{op_type}_node"), **attrs))
        return outputs[0] if n_outputs == 1 else outputs


class _Tracer:
    """The watcher on ``Function.apply`` during an export."""

    def __init__(self, graph, converters):
        self.graph = graph
        self.converters = converters
        self.modules = []  # the path of the running module, outermost first
        self._alive = []  # every traced tensor, so that no id is reused during the export

    def enter(self, cls, args):
        return None

    def exit(self, token, cls, ctx, args, outputs):
        outs = list(outputs) if isinstance(outputs, tuple) else [outputs]
        self._alive.extend(outs)
        self._alive.extend(a for a in args if isinstance(a, Tensor))
        convert = self.converters.get(cls)
        try:
            if convert is None:
                raise UnsupportedOperatorError("ONNX export has no conversion for this op")
            names = convert(self.graph, ctx, args, outs)
        except UnsupportedOperatorError as error:
            raise UnsupportedOperatorError(
                f"minigrad.onnx.export: cannot export {cls.__name__} (from module "
                f"{self.where()}): {error}"
            ) from None
        names = names if isinstance(names, list) else [names]
        for out, name in zip(outs, names):
            if name is not None:
                self.graph.bind(out, name)

    def where(self):
        if not self.modules:
            return "<top level>"
        path, kind = self.modules[-1]
        return f"'{path}' ({kind})" if path else f"<model> ({kind})"

    def backward_enter(self, node):
        return None

    def backward_exit(self, token, node, grads):
        pass


def _entering(tracer, path):
    def hook(module, inputs):
        tracer.modules.append((path, type(module).__name__))
    return hook


def _leaving(tracer):
    def hook(module, inputs, output):
        tracer.modules.pop()
    return hook


def _as_tuple(x):
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _dynamic(dynamic_axes, name, rank):
    axes = (dynamic_axes or {}).get(name, {})
    if isinstance(axes, (list, tuple)):
        axes = {a: f"{name}_dynamic_axes_{a}" for a in axes}
    for axis in axes:
        if not -rank <= axis < rank:
            raise ValueError(f"export: dynamic axis {axis} of {name!r} is out of range for rank {rank}")
    return {a % rank: str(label) for a, label in axes.items()}


def _value_info(onnx, name, array, dynamic_axes):
    dynamic = _dynamic(dynamic_axes, name, array.ndim)
    shape = [dynamic.get(i, size) for i, size in enumerate(array.shape)]
    elem = onnx.helper.np_dtype_to_tensor_dtype(array.dtype)
    return onnx.helper.make_tensor_value_info(name, elem, shape)


def export(model, args, f, input_names=None, output_names=None, dynamic_axes=None,
           opset_version: int = MIN_OPSET):
    """Run ``model(*args)`` once and write the recorded computation as an ONNX model.

    As ``torch.onnx.export`` (the TorchScript exporter): the model runs in
    evaluation mode (its training flags are restored afterwards), parameters
    and buffers become initializers named as in ``model.named_parameters()``.

    Parameters
    ----------
    model : nn.Module or callable
    args : Tensor or tuple of Tensor
        The example inputs, passed as ``model(*args)``.
    f : str, path or binary file object
        Where to write the model.
    input_names, output_names : list of str, optional
        Names of the graph's inputs and outputs; default ``input_0``, ... and
        ``output_0``, ...
    dynamic_axes : dict, optional
        ``{name: {axis: label}}`` or ``{name: [axis, ...]}``: axes of inputs
        and outputs whose size may change from one run to the next (the batch).
    opset_version : int, default 17
        The ONNX operator set, 17 or later.

    Raises
    ------
    UnsupportedOperatorError
        For an op ONNX cannot express, naming the op and the module it came from.
    ImportError
        If the ``onnx`` package is missing.

    Examples
    --------
    >>> import io, minigrad, minigrad.onnx
    >>> from minigrad import nn
    >>> model = nn.Sequential(nn.Linear(4, 3), nn.ReLU())
    >>> buffer = io.BytesIO()
    >>> minigrad.onnx.export(model, minigrad.randn(2, 4), buffer, input_names=["x"],
    ...                      dynamic_axes={"x": {0: "batch"}})  # doctest: +SKIP
    """
    onnx = _import_onnx()
    from minigrad.onnx._converters import CONVERTERS

    if not isinstance(opset_version, int) or opset_version < MIN_OPSET:
        raise ValueError(f"export: opset_version must be at least {MIN_OPSET}, got {opset_version!r}")
    args = _as_tuple(args)
    if not all(isinstance(a, Tensor) for a in args):
        raise TypeError("export: args must be a Tensor or a tuple of Tensors")
    input_names = list(input_names or [f"input_{i}" for i in range(len(args))])
    if len(input_names) != len(args):
        raise ValueError(f"export: {len(input_names)} input_names for {len(args)} inputs")

    known = {}
    modules = list(model.named_modules()) if hasattr(model, "named_modules") else []
    if hasattr(model, "named_parameters"):
        known.update((id(p), n) for n, p in model.named_parameters())
        known.update((id(b), n) for n, b in model.named_buffers())
    graph = Graph(onnx, known)
    for a, name in zip(args, input_names):
        graph._used.add(name)
        graph.bind(a, name)
    tracer = _Tracer(graph, CONVERTERS)

    training = [(m, m.training) for _, m in modules]
    handles = []
    for path, m in modules:
        handles.append(m.register_forward_pre_hook(_entering(tracer, path)))
        handles.append(m.register_forward_hook(_leaving(tracer)))
    if hasattr(model, "eval"):
        model.eval()
    _function.watchers.append(tracer)
    try:
        with no_grad():
            outputs = _as_tuple(model(*args))
    finally:
        _function.watchers.remove(tracer)
        for h in handles:
            h.remove()
        for m, mode in training:
            m.training = mode

    output_names = list(output_names or [f"output_{i}" for i in range(len(outputs))])
    if len(output_names) != len(outputs):
        raise ValueError(f"export: {len(output_names)} output_names for {len(outputs)} outputs")
    for out, name in zip(outputs, output_names):
        graph._used.add(name)
        graph.nodes.append(onnx.helper.make_node(
            "Identity", [graph.value(out)], [name], name=graph.fresh("Identity_output")))
    onnx_graph = onnx.helper.make_graph(
        graph.nodes, type(model).__name__,
        [_value_info(onnx, n, a._data, dynamic_axes) for a, n in zip(args, input_names)],
        [_value_info(onnx, n, o._data, dynamic_axes) for o, n in zip(outputs, output_names)],
        initializer=graph.initializers,
    )
    proto = onnx.helper.make_model(
        onnx_graph, producer_name="minigrad",
        opset_imports=[onnx.helper.make_opsetid("", opset_version)])
    onnx.checker.check_model(proto)
    onnx.save(proto, f)
