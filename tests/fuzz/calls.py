"""Seeded random calls of minigrad's public API, and how each one ended.

Three families of targets: the public functions (``minigrad``,
``minigrad.nn.functional``, ``minigrad.nn.init``, ``minigrad.autograd``),
the ``nn`` modules (constructed, then called) and the ``Tensor`` methods.
Call ``i`` of a family goes to target ``i % n`` and is built from that
target's name, the seed and ``i // n`` alone, so a run can resume after call
``i`` in a fresh process, and a target's calls stay the same when other
targets are added.

Each call ends in one of:

* ``ok``: it returned;
* ``clean``: it raised an exception whose message (or note) names the op;
* ``unclear``: it raised one that does not, or an internal error
  (``AttributeError``, ``ZeroDivisionError``, ``RecursionError`` ...) that
  shows a missing check, unless its message starts with ``op:`` (then it
  was raised on purpose: ``fmod: integer division by zero``).

Crashes and hangs are seen by the runner (``tests/fuzz/runner.py``), which
runs this module as a worker process: ``python -m tests.fuzz.calls FAMILY
SEED START COUNT``. The worker prints ``start <i>`` before call ``i`` and a
JSON line after it.
"""
import inspect
import json
import re
import sys
import warnings
import zlib

import numpy as np

import minigrad
from minigrad import nn

#: Never called: they write files, print, or are fuzzed on their own
#: (``load`` with atheris in benchmarks/fuzz.py).
_SKIP = {"save", "load", "show_config", "build_info", "write_result"}

#: Exceptions that reveal a missing check, whatever their message says.
_INTERNAL = (AttributeError, ZeroDivisionError, OverflowError, RecursionError, AssertionError,
             NameError, UnboundLocalError, SystemError, FloatingPointError)

_TENSOR_NAMES = {"input", "x", "a", "b", "other", "tensor", "weight", "bias", "target",
                 "condition", "y", "running_mean", "running_var", "indices", "input1", "input2",
                 "mat", "exponent", "grad", "like", "pos_weight", "tensors", "self"}
_BOOL_NAMES = {"keepdim", "training", "inplace", "ceil_mode", "count_include_pad",
               "return_indices", "affine", "track_running_stats", "requires_grad",
               "unbiased", "log_input", "full", "elementwise_affine", "use_input_stats",
               "retain_graph", "create_graph", "allow_unused", "recurse", "keep_vars",
               "strict", "nesterov", "maximize", "amsgrad", "descending", "sorted",
               "non_blocking", "copy", "approximate_tanh", "align_corners", "batch_first"}
_DIM_NAMES = {"dim", "dim0", "dim1", "start_dim", "end_dim", "axis", "dims", "source",
              "destination"}
_SIZE_NAMES = {"kernel_size", "stride", "padding", "dilation", "output_size", "output_padding",
               "size", "groups", "num_groups", "chunks", "split_size_or_sections", "repeats",
               "sizes", "shape", "normalized_shape", "in_features", "out_features",
               "in_channels", "out_channels", "num_features", "num_channels", "n", "m",
               "steps", "low", "high", "end", "start", "step", "num_classes", "diagonal",
               "in1_features", "in2_features", "upscale_factor", "padding_idx", "norm_type",
               "embedding_dim", "num_embeddings", "max_norm"}
_FLOAT_NAMES = {"p", "eps", "lr", "momentum", "alpha", "beta", "negative_slope", "min", "max",
                "value", "threshold", "lambd", "margin", "delta", "label_smoothing", "gain",
                "mean", "std", "val", "fill_value", "scale", "k", "correction", "weight_decay",
                "dampening", "rho", "lr_decay", "initial_accumulator_value", "betas",
                "min_val", "max_val", "clip_value", "max_norm", "mode_value", "other_value"}
_STRINGS = ["mean", "sum", "none", "same", "valid", "zeros", "reflect", "replicate",
            "circular", "constant", "fan_in", "fan_out", "relu", "tanh", "bogus", "", "cpu"]
_FLOATS = [0.0, 0.5, 1.0, 2.0, -1.0, 1e-5, float("nan"), float("inf"), -0.0, 3]
_INTS = [0, 1, 2, 3, 1, 2, -1, -2, 4, 5]


class _Gen:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def chance(self, p):
        return self.rng.random() < p

    def shape(self):
        rank = self.pick([0, 1, 2, 2, 3, 3, 4, 4, 5])
        return tuple(self.pick([0, 1, 1, 2, 2, 3, 3, 4, 5, 8]) for _ in range(rank))

    def tensor(self):
        shape = self.shape()
        kind = self.pick(["f4"] * 6 + ["f8", "f8", "i8", "bool", "u1", "i4"])
        values = self.rng.standard_normal(shape) * self.pick([1, 1, 3, 100])
        if kind.startswith("f") and values.size and self.chance(0.1):
            values.reshape(-1)[int(self.rng.integers(values.size))] = self.pick(
                [np.nan, np.inf, -np.inf])
        array = values.astype(kind) if kind != "bool" else values > 0
        if array.ndim >= 2 and self.chance(0.15):
            array = array.swapaxes(0, -1)
        requires = kind.startswith("f") and self.chance(0.4)
        return minigrad.tensor(array, requires_grad=requires)

    def dims(self):
        return self.pick([0, 1, -1, 2, 3, -2, 5, None, (), (0, 1), [1, -1], 2**40, 1.5, "x"])

    def size(self):
        r = self.rng.random()
        if r < 0.55:
            return self.pick(_INTS)
        if r < 0.85:
            return tuple(self.pick(_INTS) for _ in range(self.pick([1, 2, 3])))
        return self.pick([None, 1.5, "same", "valid", "bogus", [2, 2], (), True, 10**6])

    def scalar(self):
        return self.pick(_FLOATS + [None, (0.9, 0.999), True])

    def any(self):
        r = self.rng.random()
        if r < 0.4:
            return self.tensor()
        if r < 0.6:
            return self.pick(_INTS)
        if r < 0.75:
            return self.pick(_FLOATS)
        if r < 0.85:
            return self.pick(_STRINGS)
        return self.pick([None, (), (1, 2), [0.5], {"a": 1}, minigrad.float32, b"x"])

    def value(self, name):
        if self.chance(0.05):
            return self.any()
        if name in _TENSOR_NAMES:
            if name == "tensors":
                return [self.tensor() for _ in range(self.pick([1, 2, 3]))]
            return self.tensor() if self.chance(0.9) else self.pick([None, 1.0, [1.0, 2.0]])
        if name in _BOOL_NAMES:
            return self.pick([True, False, True, False, None, 1])
        if name in _DIM_NAMES:
            return self.dims()
        if name in _SIZE_NAMES:
            return self.size()
        if name in _FLOAT_NAMES:
            return self.scalar()
        if name in ("reduction", "mode", "nonlinearity", "padding_mode", "approximate",
                    "device", "memory_format"):
            return self.pick(_STRINGS + ["tanh", "nearest", "fan_avg"])
        if name == "dtype":
            return self.pick([minigrad.float32, minigrad.float64, minigrad.int64, "float32",
                              "bogus", None, np.complex64, int])
        if name in ("generator",):
            return None
        return self.any()

    def arguments(self, signature, skip_first=False):
        args, kwargs = [], {}
        params = list(signature.parameters.values())
        if skip_first and params:
            params = params[1:]
        for p in params:
            if p.kind is p.VAR_POSITIONAL:
                for _ in range(self.pick([0, 1, 1, 2, 3])):
                    args.append(self.pick(_INTS) if self.chance(0.8) else self.size())
            elif p.kind is p.VAR_KEYWORD:
                continue
            elif p.default is p.empty:
                if self.chance(0.03):
                    continue  # a missing argument
                if p.kind is p.KEYWORD_ONLY:
                    kwargs[p.name] = self.value(p.name)
                else:
                    args.append(self.value(p.name))
            elif self.chance(0.3):
                kwargs[p.name] = self.value(p.name)
        return args, kwargs


# ---------------------------------------------------------------------- targets
def _public_functions():
    found = {}
    for prefix, module in (("minigrad", minigrad), ("F", nn.functional),
                           ("init", nn.init), ("autograd", minigrad.autograd)):
        # A module's __all__ when it has one: what it imports for itself is not its API.
        for name in sorted(getattr(module, "__all__", None) or dir(module)):
            obj = getattr(module, name)
            if (name.startswith("_") or name in _SKIP or inspect.isclass(obj)
                    or not callable(obj)
                    or not getattr(obj, "__module__", "").startswith("minigrad")):
                continue
            found[f"{prefix}.{name}"] = obj
    return found


def _modules():
    found = {}
    for name in sorted(dir(nn)):
        obj = getattr(nn, name)
        if (inspect.isclass(obj) and issubclass(obj, nn.Module) and obj is not nn.Module
                and not name.startswith("_")):
            found[f"nn.{name}"] = obj
    return found


_DUNDERS = ["__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__truediv__",
            "__rtruediv__", "__matmul__", "__pow__", "__rpow__", "__neg__", "__getitem__",
            "__setitem__", "__iadd__", "__imul__", "__lt__", "__eq__", "__abs__", "__len__",
            "__bool__", "__float__", "__int__", "__index__", "__repr__", "__iter__"]


def _methods():
    found = {}
    for name in sorted(dir(minigrad.Tensor)) + _DUNDERS:
        if name.startswith("_") and name not in _DUNDERS:
            continue
        obj = inspect.getattr_static(minigrad.Tensor, name, None)
        if obj is None or isinstance(obj, property) or not callable(obj):
            continue
        found[f"Tensor.{name}"] = name
    return found


def _selftest():
    """Targets that return, fail unclearly, crash and hang: the runner's own check."""
    import ctypes
    import time

    def fail():
        return 1 / 0

    return {"selftest.ok": lambda: None, "selftest.unclear": fail,
            "selftest.crash": lambda: ctypes.string_at(0), "selftest.hang": lambda: time.sleep(600)}


FAMILIES = {"functions": _public_functions, "modules": _modules, "methods": _methods}
#: Not part of the public API: checks that the runner sees crashes and hangs.
_HIDDEN = {"selftest": _selftest}


def _signature(obj):
    try:
        return inspect.signature(obj)
    except (TypeError, ValueError):
        return inspect.Signature([inspect.Parameter("input", inspect.Parameter.POSITIONAL_ONLY)])


# ---------------------------------------------------------------------- one call
def _snake(name):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def op_names(label):
    """The names a message may use for the target ``label`` (lower case)."""
    base = label.split(".", 1)[1]
    names = {base.lower(), base.strip("_").lower(), _snake(base)}
    if label.startswith("nn."):
        snake = _snake(base)
        names |= {re.sub(r"_?\d+d$", "", snake), re.sub(r"\d+d$", "", base.lower()),
                  base.lower().replace("_", "")}
    if base.startswith("__"):
        stem = base.strip("_")
        names |= {_COMPARISONS.get(stem, stem)}
        names |= {stem[1:] if stem.startswith(("r", "i")) and stem[1:] in _BINARY else stem,
                  "index" if stem in ("getitem", "setitem") else stem}
    return {n for n in names if n}


_BINARY = {"add", "sub", "mul", "truediv", "pow", "matmul"}
_COMPARISONS = {"lt": "less", "le": "less_equal", "gt": "greater", "ge": "greater_equal",
                "eq": "equal", "ne": "not_equal"}


def _public_op_names():
    names = set()
    for family in FAMILIES.values():
        for label in family():
            names |= op_names(label)
    # Names that a message can start with without saying which op failed.
    return names - {"bool", "tensor", "int", "float", "len", "repr", "iter", "index"}


_PUBLIC_OPS = None
_SIGNATURE_ERROR = re.compile(r"^[\w.]+\(\) (missing \d+ required|got an unexpected keyword|"
                              r"takes (from )?\d+|got multiple values)")


def _names_the_op(error, label):
    """Whether the message names ``label``, or starts with ``op:`` for a public op it runs.

    The second case accepts what PyTorch does as well: ``nn.MSELoss`` reporting
    as ``mse_loss:``, ``Tensor.clip`` as ``clamp:``, ``float(t)`` as ``item:``.
    """
    global _PUBLIC_OPS
    text = (str(error) + " " + " ".join(getattr(error, "__notes__", ()))).lower()
    text = text.replace("truediv", "div")
    if any(name in text for name in op_names(label)):
        return True
    if isinstance(error, TypeError) and _SIGNATURE_ERROR.search(text):
        return True  # Python's own, naming the function: "f() missing 1 required ..."
    if _PUBLIC_OPS is None:
        _PUBLIC_OPS = _public_op_names()
    head = re.match(r"\s*([a-z_0-9.]+)(?:\(\))?:", text)
    return head is not None and head.group(1).split(".")[-1] in _PUBLIC_OPS


def _starts_with_the_op(error, label):
    """Whether the message starts with ``op:``: raised on purpose, whatever its type.

    Such as ``fmod: integer division by zero`` (a ``ZeroDivisionError``, as
    Python's own ``%``; ``floor_divide`` says ``div:``, the public op it runs).
    """
    global _PUBLIC_OPS
    if _PUBLIC_OPS is None:
        _PUBLIC_OPS = _public_op_names()
    head = re.match(r"\s*([a-z_0-9.]+):", str(error).lower())
    return head is not None and (head.group(1) in op_names(label)
                                 or head.group(1).split(".")[-1] in _PUBLIC_OPS)


def build_call(family, label, target, seed):
    """A zero-argument function making call ``seed`` of ``label``, and its description."""
    gen = _Gen(seed)
    if family == "selftest":
        return target, ()
    if family == "functions":
        args, kwargs = gen.arguments(_signature(target))
        return (lambda: target(*args, **kwargs)), (args, kwargs)
    if family == "methods":
        self_tensor = gen.tensor()
        method = getattr(self_tensor, target)
        args, kwargs = gen.arguments(_signature(method))
        return (lambda: method(*args, **kwargs)), (self_tensor, args, kwargs)
    init_args, init_kwargs = gen.arguments(_signature(target.__init__), skip_first=True)
    forward_args, forward_kwargs = gen.arguments(_signature(target.forward), skip_first=True)

    def run():
        module = target(*init_args, **init_kwargs)
        if gen.chance(0.3):
            module.eval()
        return module(*forward_args, **forward_kwargs)

    return run, (init_args, init_kwargs, forward_args, forward_kwargs)


def outcome(run, label):
    """``("ok" | "clean" | "unclear", message)`` for one call."""
    try:
        result = run()
        if isinstance(result, minigrad.Tensor) and result.requires_grad and result.numel() < 10**5:
            result.sum().backward()
        return "ok", ""
    except MemoryError as error:
        return ("clean" if _names_the_op(error, label) else "unclear"), f"MemoryError: {error}"
    except Exception as error:  # classified, not handled
        message = f"{type(error).__name__}: {error}"[:300]
        if not _names_the_op(error, label) or (isinstance(error, _INTERNAL)
                                               and not _starts_with_the_op(error, label)):
            return "unclear", message
        return "clean", message
    finally:
        _reset_global_state()


_THREADS = minigrad.get_num_threads()


def _reset_global_state():
    minigrad.set_grad_enabled(True)
    minigrad.set_default_dtype(minigrad.float32)
    if minigrad.get_num_threads() != _THREADS:
        minigrad.set_num_threads(_THREADS)


def targets(family):
    return list({**FAMILIES, **_HIDDEN}[family]().items())


def call(family, seed, index):
    """Run call ``index`` of ``family``: (label, outcome, message)."""
    items = targets(family)
    label, target = items[index % len(items)]
    run, _ = build_call(family, label, target, call_seed(label, seed, index // len(items)))
    result, message = outcome(run, label)
    return label, result, message


def call_seed(label, seed, round_):
    """The seed of a target's ``round_``-th call: independent of the other targets."""
    return (zlib.crc32(label.encode()) * 1_000_003 + seed) * 100_003 + round_


def _limit_memory(gib=3):
    try:
        import resource

        limit = gib << 30
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def main(argv):
    family, seed, start, count = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    _limit_memory()
    warnings.simplefilter("ignore")
    items = targets(family)
    out = sys.stdout
    for index in range(start, start + count):
        out.write(f"start {index}\n")
        out.flush()
        label, target = items[index % len(items)]
        run, _ = build_call(family, label, target, call_seed(label, seed, index // len(items)))
        result, message = outcome(run, label)
        out.write(json.dumps({"i": index, "target": label, "outcome": result,
                              "message": message}) + "\n")
        out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
