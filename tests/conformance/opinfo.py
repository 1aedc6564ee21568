"""The machinery of the conformance table: entries, sample inputs, and running one on a library.

Nothing here imports PyTorch: the table (``op_db.py``) names PyTorch's
callables by dotted string, and the coverage page of the documentation reads
the table without PyTorch installed. ``run`` is given the library module
(``minigrad`` or ``torch``) and returns what the test compares.

A sample holds NumPy arrays. ``run`` makes a fresh tensor of each float
array for each library, with the same memory layout: a transposed or strided
array becomes a non-contiguous tensor in minigrad (``from_numpy`` keeps the
strides) and in PyTorch alike.
"""
import dataclasses
import zlib
from typing import Any, Callable

import numpy as np


# --------------------------------------------------------------------------- markers
@dataclasses.dataclass(frozen=True)
class DType:
    """A dtype argument, resolved per library: ``DType("float64")`` is ``lib.float64``."""

    name: str

    def __repr__(self):
        return self.name


@dataclasses.dataclass(frozen=True)
class Const:
    """A float array passed as a tensor that does not require grad (a target, say)."""

    array: np.ndarray


# --------------------------------------------------------------------------- samples
@dataclasses.dataclass
class SampleInput:
    """The positional and keyword arguments of one call.

    Arrays anywhere in ``args`` and ``kwargs`` (also inside lists and tuples)
    become tensors; float arrays require grad unless wrapped in
    :class:`Const` or the entry has ``grad=False``. For a module entry,
    ``init`` holds the constructor's ``(args, kwargs)`` and ``train`` the
    mode the module runs in. ``skip`` and ``xfail`` give a reason for this
    sample alone.
    """

    args: tuple
    kwargs: dict
    init: tuple | None = None
    train: bool = True
    skip: str | None = None
    xfail: str | None = None

    def describe(self):
        """A short test id: the shapes (``nc`` marks a non-contiguous array) and the options."""
        parts = [_describe(a) for a in self.args]
        parts += [f"{k}={_describe(v)}" for k, v in self.kwargs.items()]
        text = ",".join(parts)
        if self.init is not None:
            init_args, init_kwargs = self.init
            ctor = [_describe(a) for a in init_args] + [f"{k}={_describe(v)}"
                                                        for k, v in init_kwargs.items()]
            text = f"[{','.join(ctor)}]{'' if self.train else 'eval'}({text})"
        return text.replace(" ", "")[:90]


def S(*args, **kwargs):
    """A sample calling the op with ``args`` and ``kwargs``."""
    return SampleInput(args, kwargs)


class M:
    """A module sample: ``M(*ctor_args, **ctor_kwargs)(*inputs)``, or ``.eval(*inputs)``."""

    def __init__(self, *args, **kwargs):
        self.init = (args, kwargs)

    def __call__(self, *inputs, **kwargs):
        return SampleInput(inputs, kwargs, init=self.init)

    def eval(self, *inputs, **kwargs):
        return SampleInput(inputs, kwargs, init=self.init, train=False)


def _describe(value):
    if isinstance(value, Const):
        return "c" + _describe(value.array)
    if isinstance(value, np.ndarray):
        shape = "x".join(map(str, value.shape)) or "0d"
        if value.dtype.kind != "f":
            shape = f"{value.dtype.kind}{shape}"
        return shape + ("nc" if value.ndim and not value.flags.c_contiguous else "")
    if isinstance(value, (list, tuple)) and any(isinstance(v, (np.ndarray, Const)) for v in value):
        return "[" + ";".join(_describe(v) for v in value) + "]"
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    return repr(value)


class Gen:
    """Random arrays for sample generators; seeded from the entry's name, so reproducible.

    ``g.t(2, 3)`` is a float64 array of shape (2, 3) with values in
    ``[low, high)``; ``nc=True`` makes it non-contiguous (transposed for two or
    more dimensions, strided for one). ``g.i(5, 4)`` is an int64 array of
    shape (4,) with values in ``[0, 5)``.
    """

    def __init__(self, name):
        self.rng = np.random.default_rng(zlib.crc32(name.encode()))

    def t(self, *shape, low=-2.0, high=2.0, nc=False):
        if nc and len(shape) >= 2:
            return self.rng.uniform(low, high, shape[::-1]).T
        if nc and len(shape) == 1:
            return self.rng.uniform(low, high, (shape[0] * 2,))[::2]
        return self.rng.uniform(low, high, shape)

    def pos(self, *shape, nc=False):
        """Values in [0.5, 2): away from the poles of log, sqrt and division."""
        return self.t(*shape, low=0.5, high=2.0, nc=nc)

    def prob(self, *shape, nc=False):
        """Values in [0.05, 0.95): probabilities away from 0 and 1."""
        return self.t(*shape, low=0.05, high=0.95, nc=nc)

    def i(self, high, *shape, low=0):
        return self.rng.integers(low, high, shape)

    def distinct(self, *shape, nc=False):
        """Distinct values 0.1 apart: a max, min, sort or pool has one clear winner."""
        n = int(np.prod(shape))
        values = (self.rng.permutation(n) * 0.1 - 0.05 * n).reshape(shape)
        return np.ascontiguousarray(values.T).T if nc and len(shape) >= 2 else values


# --------------------------------------------------------------------------- entries
@dataclasses.dataclass
class OpInfo:
    """One public op of minigrad, checked against the PyTorch op of the same dotted name.

    ``name`` is relative to the top-level package: ``"exp"``, ``"nn.functional.conv2d"``;
    ``"Tensor.sum"`` calls the method on the first argument. ``fn``, when
    given, is ``fn(lib, *args, **kwargs)`` and replaces the lookup (for
    in-place methods on a clone, say).
    """

    name: str
    samples: Callable[[Gen], Any]
    variant: str = ""           # tells apart two entries of one name in the test ids
    fn: Callable | None = None
    torch_name: str | None = None  # PyTorch's dotted name, where it differs
    grad: bool = True           # compare the gradients of float inputs
    values: bool = True         # compare values (False: random ops, shapes and dtypes only)
    exact_dtype: bool = True
    atol: float = 1e-10
    rtol: float = 1e-7
    atol32: float = 1e-4
    rtol32: float = 1e-4
    skip: str | None = None     # a documented difference: the entry is not compared
    xfail: str | None = None    # a known bug: the comparison fails (strict)
    notes: str | None = None    # a documented difference the comparison does not exercise

    @property
    def namespace(self):
        """The PyTorch namespace of the name: torch, torch.nn.functional or torch.Tensor."""
        head, _, _ = self.name.rpartition(".")
        return "torch" + ("." + head if head else "")

    @property
    def short_name(self):
        return self.name.rpartition(".")[2]

    def sample_inputs(self):
        return list(self.samples(Gen(self.name)))

    def callable(self, lib):
        if self.fn is not None:
            return lambda *args, **kwargs: self.fn(lib, *args, **kwargs)
        name = self.torch_name if self.torch_name and lib.__name__ == "torch" else self.name
        head, _, attr = name.rpartition(".")
        if head == "Tensor":
            return lambda self_, *args, **kwargs: getattr(self_, attr)(*args, **kwargs)
        return resolve(lib, name)


@dataclasses.dataclass
class ModuleInfo(OpInfo):
    """An ``nn`` layer (``"nn.Conv2d"``): built in both libraries from the samples' ``init``,
    PyTorch's weights copied into minigrad's; outputs, input and parameter gradients and
    buffers compared."""


def resolve(lib, dotted):
    obj = lib
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


# --------------------------------------------------------------------------- running
class Run:
    """What one call produced: outputs, leaf tensors (by input position) and module state."""

    def __init__(self, outputs, leaves, module=None):
        self.outputs = outputs
        self.leaves = leaves
        self.module = module


def to_lib(lib, value, dtype, grad, leaves):
    """``value`` with its arrays made tensors of ``lib`` (float ones cast to ``dtype``)."""
    if isinstance(value, DType):
        return getattr(lib, value.name)
    if isinstance(value, Const):
        return to_lib(lib, value.array, dtype, False, leaves)
    if isinstance(value, np.ndarray):
        array = fresh(value, dtype if value.dtype.kind == "f" else value.dtype)
        tensor = lib.from_numpy(array)
        if grad and array.dtype.kind == "f":
            tensor.requires_grad_(True)
            leaves.append(tensor)
        return tensor
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(to_lib(lib, v, dtype, grad, leaves) for v in value)
    return value


def fresh(array, dtype):
    """A copy of ``array`` as ``dtype`` with the same layout (contiguous, transposed or strided)."""
    if array.flags.c_contiguous:
        return np.array(array, dtype=dtype)
    if array.flags.f_contiguous:
        return np.array(array, dtype=dtype, order="F")
    # A strided view: every other element of a buffer twice as long.
    full = np.zeros(array.shape[:-1] + (2 * array.shape[-1],), dtype=dtype)
    view = full[..., ::2]
    view[...] = array
    return view


def flat_outputs(result):
    """A list of the tensors (and other values) an op returned, tuples flattened."""
    if isinstance(result, (tuple, list)):
        return [o for r in result for o in flat_outputs(r)]
    return [result]


def run(entry, sample, lib, dtype, module=None):
    """Call ``entry`` on ``sample`` with ``lib`` (minigrad or torch) in float ``dtype``.

    A module entry calls ``module``, built by :func:`build_module`.
    """
    leaves = []
    grad = entry.grad and dtype == np.float64
    args = to_lib(lib, sample.args, dtype, grad, leaves)
    kwargs = {k: to_lib(lib, v, dtype, grad, leaves) for k, v in sample.kwargs.items()}
    if module is not None:
        module.train(sample.train)
        result = module(*args, **kwargs)
    else:
        result = entry.callable(lib)(*args, **kwargs)
    return Run(flat_outputs(result), leaves, module)


def build_module(lib, name, init, dtype):
    args, kwargs = init
    kwargs = {k: to_lib(lib, v, dtype, False, []) for k, v in kwargs.items()}
    module = resolve(lib, name)(*args, **kwargs)
    return module.double() if dtype == np.float64 else module.float()
