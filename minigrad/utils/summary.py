"""A layer-by-layer summary of a model: shapes, parameters, multiply-adds, memory, receptive fields.

:func:`summary` runs one forward pass on zeros with a hook on every module
and collects, per module call, the numbers the course notes compute by hand
for a convolutional network. The rules that turn a layer into numbers are
the small functions ``_macs``, ``_receptive_field`` and ``_describe`` below,
one ``isinstance`` branch per layer family.
"""
import math
import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from minigrad import dtypes
from minigrad.autograd.grad_mode import no_grad
from minigrad.tensor import Tensor

__all__ = ["ModelSummary", "summary"]

# Column names as torchinfo spells them, plus minigrad's weight size, memory
# and receptive field. The layer column always comes first.
_COLUMNS = {
    "input_size": "Input size",
    "output_size": "Output size",
    "weight_size": "Weight size",
    "num_params": "Params",
    "mult_adds": "Mult-adds",
    "memory": "Memory (KB)",
    "receptive_field": "Receptive field",
}
# Fits 100 columns for LeNet-5 and models of its kind.
DEFAULT_COLUMNS = ("output_size", "weight_size", "num_params", "mult_adds")
# Window layers whose input rank shows whether a batch dimension is there.
_WINDOW_LAYER = re.compile(r"^(Conv|ConvTranspose|MaxPool|AvgPool|LPPool|Adaptive\w+Pool)([123])d$")


def summary(model, input_size: Sequence[int] | list[Sequence[int]], dtype=None, *,
            depth: int = 3, col_names: Sequence[str] | None = None) -> "ModelSummary":
    """Summarize ``model`` layer by layer from one forward pass, as torchinfo does.

    The model runs once, in evaluation mode and without recording gradients,
    on zeros of shape ``input_size``, batch dimension included (torchinfo's
    convention: ``(1, 1, 28, 28)`` for one MNIST digit); a hook on every
    module records each call. The mode of every module is restored afterwards, so
    the summary changes nothing (no running statistics are updated, no
    random numbers are drawn).

    Each module call gives one row: its dotted name and type, its output
    size, its weight size, its parameter count, its multiply-adds, the memory
    of its output and the receptive field of its outputs in input pixels.
    Containers (modules with children) get a row too, before their children,
    but the totals count only the leaves.

    Parameters
    ----------
    model : Module
        The model; it is called as ``model(*inputs)``.
    input_size : tuple of int, or list of tuple of int
        The shape of the input batch, batch dimension first (``(1, 1, 28, 28)``
        for one MNIST digit); a list of shapes for a model with several
        inputs. Multiply-adds and memory are for the whole batch; the table
        and the rows show shapes without the batch dimension.
    dtype : dtype, optional
        The inputs' dtype (default: the default float dtype, float32).
    depth : int, default 3
        Show rows nested at most this deep (the model's children are at
        depth 1, as in torchinfo); the totals always count every layer.
    col_names : sequence of str, optional
        The table's columns after the layer column, among ``"input_size"``,
        ``"output_size"``, ``"weight_size"``, ``"num_params"``,
        ``"mult_adds"``, ``"memory"`` and ``"receptive_field"``. The default,
        ``("output_size", "weight_size", "num_params", "mult_adds")``, fits
        100 columns for a network like LeNet-5.

    Returns
    -------
    ModelSummary
        ``str()`` gives the table; ``.rows`` the rows as dicts; ``.totals``
        the totals.

    Raises
    ------
    TypeError
        If ``model`` is not a Module or ``input_size`` is not made of ints.
    ValueError
        If a size is not positive, ``input_size`` has no batch dimension (a
        convolution or pooling layer then sees an unbatched input), ``depth``
        is negative, or a column name is unknown.

    Notes
    -----
    Multiply-adds (MACs), for the whole batch:

    - Convolution: ``N * C_out * H' * W' * (C_in / groups) * K_H * K_W``
      (each output is the inner product of a ``C_in/groups x K_H x K_W``
      window with a filter; the bias adds are not counted). 1-d and 3-d
      convolutions likewise. Transposed convolution:
      ``N * C_in * H * W * (C_out / groups) * K_H * K_W`` (every input
      element is multiplied by a whole filter).
    - Linear: ``rows * in_features * out_features``; Bilinear:
      ``rows * out_features * in1_features * (in2_features + 1)``.
    - Batch, instance, layer and group normalization: one multiply-add per
      output element (``x * scale + shift`` with per-channel constants; in
      evaluation mode batch normalization is exactly that, and for the others
      computing the statistics is not counted). Local response normalization:
      ``size`` per element.
    - Pooling, activations, dropout, flatten, padding and ``Identity``: 0.
      They are listed, but pooling and activations do comparisons and
      elementwise functions, not multiply-adds.
    - Any other leaf module: unknown, shown as ``?`` and left out of the total.

    Receptive field, per spatial dimension, as the number of input pixels
    one output element depends on. Each input starts at size 1 and jump
    (distance in input pixels between neighbouring elements) 1. A
    convolution or pooling with kernel ``K``, stride ``S`` and dilation
    ``D`` makes it ``size + (K - 1) * D * jump`` and the jump ``jump * S``,
    so ``L`` stacked ``K x K`` stride-1 convolutions see ``1 + L * (K - 1)``
    pixels. Adaptive pooling uses its largest window and stride. A
    transposed convolution adds ``floor((K - 1) * D / S) * jump`` and divides
    the jump by ``S`` (an upper bound, rounded up). Layers that keep the
    number of dimensions (activations, normalization, dropout, padding)
    leave it unchanged (normalization statistics count as constants, as
    in evaluation). Linear, Flatten and any layer that changes the number
    of dimensions mix every position: their rows show ``-``.
    A layer's input is matched to the module output that produced it; an
    input computed by plain functions between modules (``F.relu(x)`` in a
    custom ``forward``) is matched to the latest module output, which is
    right when those functions work position by position.

    Memory is the size of each output (``elements * itemsize / 1024`` KB; 4
    bytes per float32 element), for the whole batch.

    Examples
    --------
    The notes' worked layer: ten 5x5 filters on a 3x32x32 input.

    >>> from minigrad import nn
    >>> from minigrad.utils import summary
    >>> s = summary(nn.Conv2d(3, 10, kernel_size=5, padding=2), (1, 3, 32, 32))
    >>> row = s.rows[0]
    >>> row["output_shape"], row["params"], row["macs"], row["receptive_field"]
    ((10, 32, 32), 760, 768000, (5, 5))

    A small convolutional network for 1x8x8 images:

    >>> model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    ...                       nn.Linear(36, 2))
    >>> print(summary(model, (1, 1, 8, 8)))
    Layer                              Output size  Weight size    Params  Mult-adds
    --------------------------------------------------------------------------------
    Input                              1 x 8 x 8
    0 Conv2d (C_out=4, K=3, P=0, S=1)  4 x 6 x 6    4 x 1 x 3 x 3      40      1,296
    1 ReLU                             4 x 6 x 6                        0          0
    2 MaxPool2d (K=2, S=2)             4 x 3 x 3                        0          0
    3 Flatten                          36                               0          0
    4 Linear (36 -> 2)                 2            36 x 2             74         72
    --------------------------------------------------------------------------------
    Total params: 114 (trainable: 114, non-trainable: 0)
    Multiply-adds: 1,368
    Input: 0.25 KB, forward outputs: 1.41 KB, parameters: 0.45 KB
    >>> print(summary(model, (1, 1, 8, 8), col_names=["memory", "receptive_field"]))
    Layer                              Memory (KB)  Receptive field
    ---------------------------------------------------------------
    Input                                     0.25  1 x 1
    0 Conv2d (C_out=4, K=3, P=0, S=1)         0.56  3 x 3
    1 ReLU                                    0.56  3 x 3
    2 MaxPool2d (K=2, S=2)                    0.14  4 x 4
    3 Flatten                                 0.14  -
    4 Linear (36 -> 2)                        0.01  -
    ---------------------------------------------------------------
    Total params: 114 (trainable: 114, non-trainable: 0)
    Multiply-adds: 1,368
    Input: 0.25 KB, forward outputs: 1.41 KB, parameters: 0.45 KB
    >>> summary(model, (1, 1, 8, 8)).totals["macs"]
    1368
    """
    from minigrad.nn.modules.module import Module

    if not isinstance(model, Module):
        raise TypeError(f"summary: expected a minigrad.nn.Module, got {type(model).__name__}")
    sizes = _check_sizes(input_size)
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 0:
        raise ValueError(f"summary: depth must be a non-negative integer, got {depth!r}")
    columns = _check_columns("summary", col_names)
    dtype = dtypes.get_default_dtype() if dtype is None else dtypes.resolve(dtype, "summary")
    inputs = [Tensor._make(np.zeros(size, dtype), False) for size in sizes]
    recorder = _Recorder(model, inputs)
    modes = [(module, module.training) for module in model.modules()]
    handles = []
    try:
        model.eval()
        for name, module in model.named_modules():
            if module is model and next(model.children(), None) is not None:
                continue  # the model itself is the table's total, not a row
            handles.append(module.register_forward_pre_hook(recorder.pre_hook(name)))
            handles.append(module.register_forward_hook(recorder.post_hook))
        with no_grad():
            try:
                model(*inputs)
            except Exception as error:
                if hasattr(error, "add_note"):
                    error.add_note(f"summary ran the model on zeros of shape {list(sizes[0])}: "
                                   f"input_size includes the batch dimension, as in torchinfo")
                raise
    finally:
        for handle in handles:
            handle.remove()
        for module, training in modes:
            module.training = training
    _check_batched(recorder.rows, sizes)
    return ModelSummary(model, inputs, recorder.rows, depth=int(depth), columns=columns)


def _check_batched(rows, sizes):
    """The old form, ``input_size`` without the batch dimension, ran a window layer unbatched."""
    for row in rows:
        match = _WINDOW_LAYER.match(row["type"])
        if row["leaf"] and match and row["input_shape"] is not None:
            if len(row["input_shape"]) == int(match.group(2)):  # (C, *spatial) minus one
                example = tuple(sizes[0])
                raise ValueError(
                    f"summary: input_size {example} has no batch dimension ({row['type']} "
                    f"{row['name']!r} got an unbatched input); input_size includes the batch "
                    f"dimension, as in torchinfo: use {(1,) + example} for one example"
                )
            return


def _check_columns(op, col_names):
    columns = list(DEFAULT_COLUMNS if col_names is None else col_names)
    for key in columns:
        if key not in _COLUMNS:
            raise ValueError(f"{op}: unknown column {key!r}, expected some of {list(_COLUMNS)}")
    return columns


def _check_sizes(input_size):
    """``input_size`` as a list of tuples of positive ints."""
    if isinstance(input_size, (tuple, list)) and input_size and \
            all(isinstance(s, (tuple, list)) for s in input_size):
        sizes = [tuple(s) for s in input_size]
    elif isinstance(input_size, (tuple, list)):
        sizes = [tuple(input_size)]
    else:
        raise TypeError(f"summary: input_size must be a tuple of ints (one example's shape) or a "
                        f"list of such tuples, got {type(input_size).__name__}")
    for size in sizes:
        for s in size:
            if isinstance(s, bool) or not isinstance(s, (int, np.integer)):
                raise TypeError(f"summary: input_size must contain ints, got {list(size)}")
            if s < 1:
                raise ValueError(f"summary: every input size must be positive, got {list(size)}")
        if len(size) < 2:
            raise ValueError(f"summary: input_size {tuple(size)} has no batch dimension; it "
                             f"includes the batch dimension, as in torchinfo: use "
                             f"{(1,) + tuple(size)} for one example")
    return [tuple(int(s) for s in size) for size in sizes]


class _Recorder:
    """The hooks' shared state: rows in call order and the receptive field of each tensor."""

    def __init__(self, model, inputs):
        self.rows = []
        self._stack = []  # rows of the modules whose forward is running
        self._seen_params = set()
        self._fields = {}  # id(tensor) -> (tensor, field); the tensor keeps the id valid
        for x in inputs:
            self._remember(x, _start_field(x))
        self._latest = _start_field(inputs[0])

    def _remember(self, tensor, field):
        self._fields[id(tensor)] = (tensor, field)

    def _field_of(self, tensor):
        entry = self._fields.get(id(tensor))
        return self._latest if entry is None else entry[1]

    def pre_hook(self, name):
        def hook(module, args):
            row = {"name": name, "type": type(module).__name__, "depth": len(self._stack),
                   "leaf": next(module.children(), None) is None,
                   "description": _describe(module)}
            row.update(_count_params(module, self._seen_params))
            self._stack.append((row, args))
            self.rows.append(row)
        return hook

    def post_hook(self, module, args, output):
        row, args = self._stack.pop()
        first_in = next((a for a in args if isinstance(a, Tensor)), None)
        outs = _tensors(output)
        first_out = outs[0] if outs else None
        row["input_shape"] = None if first_in is None else tuple(first_in.shape[1:])
        row["output_shape"] = None if first_out is None else tuple(first_out.shape[1:])
        weight = module._parameters.get("weight")
        row["weight_shape"] = None if weight is None else tuple(weight.shape)
        row["output_bytes"] = sum(t._data.nbytes for t in outs)
        if row["leaf"]:
            row["macs"] = _macs(module, first_in, first_out)
            field = None
            if first_in is not None and first_out is not None:
                field = _receptive_field(module, self._field_of(first_in), first_in.shape,
                                         first_out.shape)
        else:
            row["macs"] = 0
            entry = self._fields.get(id(first_out)) if first_out is not None else None
            field = self._latest if entry is None else entry[1]
        for t in outs:
            if id(t) not in self._fields:
                self._remember(t, field)
        self._latest = field
        row["receptive_field"], row["jump"] = _field_columns(field)


def _tensors(output):
    """The tensors of a module's output (a tensor, or a tuple or list of them)."""
    if isinstance(output, Tensor):
        return [output]
    if isinstance(output, (tuple, list)):
        return [t for t in output if isinstance(t, Tensor)]
    return []


def _count_params(module, seen):
    """The module's own parameters not counted on an earlier row (shared ones count once)."""
    total = trainable = 0
    for param in module._parameters.values():
        if param is None or id(param) in seen:
            continue
        seen.add(id(param))
        total += param._data.size
        trainable += param._data.size if param.requires_grad else 0
    return {"params": total, "trainable_params": trainable}


# ---------------------------------------------------------------- multiply-adds
def _macs(module, x, y):
    """The multiply-adds of one call (see :func:`summary` for the conventions), or None."""
    from minigrad import nn
    from minigrad.nn.modules import activation, dropout, flatten, padding, pooling
    from minigrad.nn.modules.conv import _ConvNd
    from minigrad.nn.modules.normalization import _NormBase

    if x is None or y is None:
        return None
    if isinstance(module, _ConvNd):
        window = math.prod(module.kernel_size) * (
            module.out_channels if module._transposed else module.in_channels) // module.groups
        return int((x._data.size if module._transposed else y._data.size) * window)
    if isinstance(module, nn.Linear):
        return int(y._data.size * module.in_features)
    if isinstance(module, nn.Bilinear):
        return int(y._data.size * module.in1_features * (module.in2_features + 1))
    if isinstance(module, (_NormBase, nn.LayerNorm, nn.GroupNorm)):
        return int(y._data.size)
    if isinstance(module, nn.LocalResponseNorm):
        return int(y._data.size * module.size)
    family = (activation, dropout, flatten, padding, pooling)
    if isinstance(module, nn.Identity) or any(type(module).__module__ == f.__name__
                                              for f in family):
        return 0
    return None


# ---------------------------------------------------------------- receptive field
def _start_field(x):
    """An input's receptive field: size 1 and jump 1 along each spatial dimension."""
    n = x.ndim - 2
    return ((1,) * n, (Fraction(1),) * n) if n > 0 else None


def _as_tuple(value, n):
    return tuple(value) if isinstance(value, (tuple, list)) else (value,) * n


def _window(module, in_shape, out_shape):
    """``(kernel, stride, dilation)`` tuples of a windowed layer, or None for other layers."""
    from minigrad.nn.modules import pooling
    from minigrad.nn.modules.conv import _ConvNd

    n = len(in_shape) - 2
    if isinstance(module, _ConvNd):
        return module.kernel_size, module.stride, module.dilation
    if isinstance(module, (pooling._MaxPoolNd, pooling._AvgPoolNd, pooling.AvgPool1d,
                           pooling._LPPoolNd)):
        kernel = _as_tuple(module.kernel_size, n)
        stride = _as_tuple(module.stride if module.stride is not None else module.kernel_size, n)
        return kernel, stride, _as_tuple(getattr(module, "dilation", 1), n)
    if isinstance(module, (pooling._AdaptiveAvgPoolNd, pooling._AdaptiveMaxPoolNd)):
        # Bin o covers [floor(o L / O), ceil((o + 1) L / O)): take the widest bin and step.
        kernel = tuple(max(-((-(o + 1) * size) // out) - (o * size) // out for o in range(out))
                       for size, out in zip(in_shape[2:], out_shape[2:]))
        stride = tuple(-(-size // out) for size, out in zip(in_shape[2:], out_shape[2:]))
        return kernel, stride, (1,) * n
    return None


def _receptive_field(module, field, in_shape, out_shape):
    """The receptive field ``(sizes, jumps)`` of a leaf module's output, or None if mixed."""
    from minigrad.nn.modules.conv import _ConvNd

    if field is None or len(in_shape) != len(out_shape) or len(field[0]) != len(in_shape) - 2:
        return None
    window = _window(module, in_shape, out_shape)
    if window is None:
        return field
    sizes, jumps = [], []
    for size, jump, k, s, d in zip(*field, *window):
        if isinstance(module, _ConvNd) and module._transposed:
            sizes.append(size + ((k - 1) * d // s) * jump)
            jumps.append(jump / s)
        else:
            sizes.append(size + (k - 1) * d * jump)
            jumps.append(jump * s)
    return tuple(sizes), tuple(jumps)


def _field_columns(field):
    """The row's ``receptive_field`` (ints, rounded up) and ``jump`` (floats or ints)."""
    if field is None:
        return None, None
    sizes = tuple(math.ceil(s) for s in field[0])
    jumps = tuple(int(j) if j.denominator == 1 else float(j) for j in field[1])
    return sizes, jumps


# ---------------------------------------------------------------- descriptions
def _dims(values):
    """``5`` for (5, 5), ``3x5`` for (3, 5)."""
    values = tuple(values) if isinstance(values, (tuple, list)) else (values,)
    return str(values[0]) if len(set(values)) == 1 else "x".join(map(str, values))


def _describe(module):
    """The layer in the notes' words: ``Conv2d (C_out=20, K=5, P=2, S=1)``."""
    from minigrad import nn
    from minigrad.nn.modules import pooling
    from minigrad.nn.modules.conv import _ConvNd
    from minigrad.nn.modules.normalization import _NormBase

    name = type(module).__name__
    if isinstance(module, _ConvNd):
        parts = [f"C_out={module.out_channels}", f"K={_dims(module.kernel_size)}",
                 f"P={module.padding if isinstance(module.padding, str) else _dims(module.padding)}",
                 f"S={_dims(module.stride)}"]
        if any(d != 1 for d in module.dilation):
            parts.append(f"D={_dims(module.dilation)}")
        if module.groups != 1:
            parts.append(f"G={module.groups}")
        return f"{name} ({', '.join(parts)})"
    if isinstance(module, (pooling._MaxPoolNd, pooling._AvgPoolNd, pooling.AvgPool1d,
                           pooling._LPPoolNd)):
        stride = module.stride if module.stride is not None else module.kernel_size
        parts = [f"K={_dims(module.kernel_size)}", f"S={_dims(stride)}"]
        if any(p != 0 for p in _as_tuple(getattr(module, "padding", 0), 1)):
            parts.append(f"P={_dims(module.padding)}")
        return f"{name} ({', '.join(parts)})"
    if isinstance(module, (pooling._AdaptiveAvgPoolNd, pooling._AdaptiveMaxPoolNd)):
        return f"{name} (out={_dims(module.output_size)})"
    if isinstance(module, nn.Linear):
        return f"{name} ({module.in_features} -> {module.out_features})"
    if isinstance(module, _NormBase):
        return f"{name} (C={module.num_features})"
    return name


# ---------------------------------------------------------------- the result
class ModelSummary:
    """What :func:`summary` returns: the rows, the totals and the table.

    :func:`summary` builds it after running the model; there is seldom a
    reason to build one directly.

    Parameters
    ----------
    model : Module
        The summarized model; its parameters and buffers give the totals.
    inputs : list of Tensor
        The input batch the model ran on, batch dimension first; gives
        ``input_shapes``, ``batch_size`` and the input memory.
    rows : list of dict
        One dict per module call, with the keys listed under ``rows`` below;
        :func:`summary` records them with forward hooks.
    depth : int, default 3
        The deepest rows ``str()`` shows; the totals count every row whatever
        the depth.
    columns : sequence of str, optional
        The columns ``str()`` shows after the layer column, among
        ``"input_size"``, ``"output_size"``, ``"weight_size"``, ``"num_params"``,
        ``"mult_adds"``, ``"memory"`` and ``"receptive_field"``; by default
        ``("output_size", "weight_size", "num_params", "mult_adds")``.

    Attributes
    ----------
    rows : list of dict
        One dict per module call, in call order (a container before its
        children), with the keys

        - ``name`` (dotted, as in ``named_modules``), ``type`` (class name),
          ``description`` (the type with its hyper-parameters), ``depth``
          (nesting level, 0 for the model's children), ``leaf`` (no children);
        - ``input_shape``, ``output_shape``: the first input's and output's
          shape without the batch dimension;
        - ``weight_shape``: the ``weight`` parameter's shape as stored
          (``(out, in)`` for Linear), or None;
        - ``params``, ``trainable_params``: the module's own parameters
          (a parameter shared by several modules, or a module called twice,
          counts on its first row only);
        - ``macs``: multiply-adds for the batch (None when unknown; 0 on
          containers, whose children carry the counts);
        - ``output_bytes``: bytes of the output tensors;
        - ``receptive_field``, ``jump``: per spatial dimension, in input
          pixels, or None where the layer mixes all positions.
    totals : dict
        ``params``, ``trainable_params``, ``non_trainable_params``, ``macs``
        (sum over rows with a known count), ``unknown_macs`` (names of rows
        without one), ``input_bytes``, ``activation_bytes`` (outputs of the
        leaf rows), ``param_bytes``, ``buffer_bytes``.
    input_shapes : list of tuple
        The input shapes without the batch dimension.
    batch_size : int
        The first dimension of ``input_size``.
    depth : int
        The deepest rows ``str()`` shows.
    columns : list of str
        The columns ``str()`` shows after the layer column.

    Examples
    --------
    >>> from minigrad import nn
    >>> from minigrad.utils import summary
    >>> result = summary(nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU()), (1, 1, 8, 8))
    >>> [(row["name"], row["output_shape"], row["params"]) for row in result.rows]
    [('0', (4, 6, 6), 40), ('1', (4, 6, 6), 0)]
    >>> result.totals["macs"]
    1296
    """

    def __init__(self, model, inputs, rows, depth=3, columns=None):
        self.rows: list[dict[str, Any]] = rows
        self.depth = depth
        self.columns = list(DEFAULT_COLUMNS if columns is None else columns)
        self.input_shapes = [tuple(x.shape[1:]) for x in inputs]
        self.batch_size = inputs[0].shape[0]
        self._input_fields = [_field_columns(_start_field(x))[0] for x in inputs]
        self._input_nbytes = [x._data.nbytes for x in inputs]
        params = list(model.parameters())
        leaves = [row for row in rows if row["leaf"]]
        total = sum(p._data.size for p in params)
        trainable = sum(p._data.size for p in params if p.requires_grad)
        self.totals: dict[str, Any] = {
            "params": total,
            "trainable_params": trainable,
            "non_trainable_params": total - trainable,
            "macs": sum(row["macs"] for row in leaves if row["macs"] is not None),
            "unknown_macs": [row["name"] for row in leaves if row["macs"] is None],
            "input_bytes": sum(x._data.nbytes for x in inputs),
            "activation_bytes": sum(row["output_bytes"] for row in leaves),
            "param_bytes": sum(p._data.nbytes for p in params),
            "buffer_bytes": sum(b._data.nbytes for b in model.buffers()),
        }
        self._unlisted = total - sum(row["params"] for row in rows)

    def format(self, columns: Sequence[str] | None = None, depth: int | None = None) -> str:
        """The table as text, with other columns or another depth than ``summary`` was given.

        Parameters
        ----------
        columns : sequence of str, optional
            Column names after the layer column, among ``"input_size"``,
            ``"output_size"``, ``"weight_size"``, ``"num_params"``,
            ``"mult_adds"``, ``"memory"``, ``"receptive_field"`` (default:
            the ``col_names`` given to :func:`summary`).
            ``("output_size", "weight_size")`` gives the notes' three-column
            layer table.
        depth : int, optional
            Show rows nested at most this deep (default: the ``depth`` given
            to :func:`summary`).

        Notes
        -----
        The weight size of a Linear layer is written ``in x out``, the shape
        of the matrix that multiplies a row vector, as the course notes do
        (minigrad stores ``out x in``, as PyTorch does; the ``weight_shape``
        of :attr:`rows` is the stored shape). Containers show only their
        name and output size.

        Raises
        ------
        ValueError
            For an unknown column name.
        """
        columns = ["layer"] + (self.columns if columns is None
                               else _check_columns("ModelSummary.format", columns))
        depth = self.depth if depth is None else depth
        titles = dict(_COLUMNS, layer="Layer")
        lines = [[titles[key] for key in columns]]
        for shape, field, nbytes in zip(self.input_shapes, self._input_fields,
                                        self._input_nbytes):
            cells = {"layer": "Input", "input_size": "", "output_size": _shape_text(shape),
                     "weight_size": "", "num_params": "", "mult_adds": "",
                     "memory": f"{nbytes / 1024:,.2f}", "receptive_field": _field_text(field)}
            lines.append([cells[key] for key in columns])
        for row in self.rows:
            if row["depth"] < depth:  # the model's children are at torchinfo's depth 1
                cells = _row_cells(row)
                lines.append([cells[key] for key in columns])
        widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
        right = {"num_params", "mult_adds", "memory"}
        text = []
        for line in lines:
            cells = [c.rjust(w) if key in right else c.ljust(w)
                     for c, w, key in zip(line, widths, columns)]
            text.append("  ".join(cells).rstrip())
        rule = "-" * max(len(t) for t in text)
        text.insert(1, rule)
        return "\n".join(text + [rule] + self._footer())

    def _footer(self):
        t = self.totals
        macs = f"Multiply-adds: {t['macs']:,}"
        if t["macs"] >= 10 ** 6:
            macs += f" ({t['macs'] / 1e6:.2f} M)"
        if self.batch_size != 1:
            macs += f" for a batch of {self.batch_size}"
        if t["unknown_macs"]:
            macs += f"; not counted: {', '.join(t['unknown_macs'])} (unknown layer type)"
        memory = (f"Input: {t['input_bytes'] / 1024:,.2f} KB, forward outputs: "
                  f"{t['activation_bytes'] / 1024:,.2f} KB, parameters: "
                  f"{t['param_bytes'] / 1024:,.2f} KB")
        if t["buffer_bytes"]:
            memory += f", buffers: {t['buffer_bytes'] / 1024:,.2f} KB"
        params = (f"Total params: {t['params']:,} (trainable: {t['trainable_params']:,}, "
                  f"non-trainable: {t['non_trainable_params']:,})")
        if self._unlisted:
            params += (f"; {self._unlisted:,} on no row (the model's own, or of modules the "
                       f"forward pass did not call)")
        return [params, macs, memory]

    def __str__(self):
        return self.format()

    __repr__ = __str__


def _shape_text(shape):
    return "" if shape is None else " x ".join(map(str, shape))


def _field_text(field):
    return "-" if field is None else " x ".join(map(str, field))


def _weight_text(row):
    shape = row["weight_shape"]
    if shape is None:
        return ""
    if row["type"] == "Linear":
        shape = shape[::-1]
    return _shape_text(shape)


def _row_cells(row):
    layer = "  " * row["depth"] + (f"{row['name']} " if row["name"] else "") + row["description"]
    cells = {"layer": layer, "input_size": _shape_text(row["input_shape"]),
             "output_size": _shape_text(row["output_shape"]), "weight_size": _weight_text(row),
             "receptive_field": _field_text(row["receptive_field"])}
    if not row["leaf"]:
        cells.update(num_params=f"{row['params']:,}" if row["params"] else "", mult_adds="",
                     memory="")
    else:
        cells.update(num_params=f"{row['params']:,}",
                     mult_adds="?" if row["macs"] is None else f"{row['macs']:,}",
                     memory=f"{row['output_bytes'] / 1024:,.2f}")
    return cells
