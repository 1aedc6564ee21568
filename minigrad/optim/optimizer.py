"""The optimizer base class: parameter groups, state, and saving both.

An optimizer holds a list of *parameter groups*, each a dict of the tensors it
updates (``"params"``) and the hyper-parameters for them (``"lr"`` ...), and
a per-parameter *state* (momentum buffers, running averages, step counts).
A subclass gives its update rule, ``_update_group``; the ``step()`` loop and
everything else live here.

Updates are in place on ``p._data`` with NumPy ``out=`` arguments, under
``no_grad``, and bump each parameter's version counter so a graph that saved
the old values refuses to run backward. Temporary arrays come from one scratch
buffer per dtype that the optimizer keeps and reuses, so a step allocates
nothing once the first step has run.
"""
import copy
import math
import numbers
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import numpy as np

from minigrad.autograd.grad_mode import enable_grad, no_grad
from minigrad.tensor import Tensor

__all__ = ["Optimizer", "required"]


class _Required:
    """Marks a hyper-parameter that has no default and must be given."""

    def __repr__(self):
        return "<required parameter>"


required = _Required()


class Optimizer:
    """Base class of all optimizers.

    Parameters
    ----------
    params : iterable of Tensor, of (name, Tensor) pairs, or of dict
        The tensors to optimize, or parameter groups: dicts with a
        ``"params"`` entry and per-group hyper-parameters that override
        ``defaults``.
    defaults : dict
        The hyper-parameters of groups that do not set them.

    Attributes
    ----------
    param_groups : list of dict
        The groups; schedulers change ``group["lr"]`` here.
    state : dict
        Per-parameter state, keyed by the parameter tensor.
    defaults : dict

    Notes
    -----
    Differences from PyTorch: the ``foreach``, ``fused``, ``capturable`` and
    ``differentiable`` options do not exist (updates always run in place with
    NumPy), step counts in the state are Python ints rather than tensors, and
    a parameter listed twice raises ``ValueError`` instead of warning.

    Examples
    --------
    A subclass passes its defaults to ``__init__`` and implements ``step``;
    plain gradient descent:

    >>> import minigrad
    >>> from minigrad import optim
    >>> class PlainSGD(optim.Optimizer):
    ...     def __init__(self, params, lr=0.1):
    ...         super().__init__(params, {"lr": lr})
    ...     @minigrad.no_grad()
    ...     def step(self):
    ...         for group in self.param_groups:
    ...             for p in group["params"]:
    ...                 if p.grad is not None:
    ...                     p.add_(p.grad, alpha=-group["lr"])
    >>> w = minigrad.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = PlainSGD([w], lr=0.25)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.5000, -1.0000], requires_grad=True)
    """

    def __init__(self, params, defaults: dict):
        if isinstance(params, Tensor):
            raise TypeError(
                f"{type(self).__name__}: params argument given to the optimizer should be an "
                f"iterable of Tensors or dicts, but got a Tensor"
            )
        if isinstance(params, (set, frozenset)):
            raise TypeError(
                f"{type(self).__name__}: params must be an ordered iterable (a list), not a set; "
                f"the order of a set changes between runs"
            )
        self.defaults = dict(defaults)
        self.state = defaultdict(dict)
        self.param_groups = []
        self._scratch = {}
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError(f"{type(self).__name__}: optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    # ------------------------------------------------------------------ groups
    def add_param_group(self, param_group: dict) -> None:
        """Add a group of parameters with their own hyper-parameters.

        Useful to start training new layers (fine-tuning) with a different
        learning rate. Hyper-parameters missing from ``param_group`` take the
        optimizer's defaults.

        Raises
        ------
        TypeError
            If ``param_group`` is not a dict or holds something else than tensors.
        ValueError
            If a parameter is already optimized, is not a leaf tensor or is not
            floating point, or a required hyper-parameter is missing.
        """
        name = type(self).__name__
        if not isinstance(param_group, dict):
            raise TypeError(f"{name}: a param group must be a dict, got "
                            f"{type(param_group).__name__}")
        group = dict(param_group)
        params = group.get("params")
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise TypeError(f"{name}: optimizer parameters must be an ordered iterable (a list), "
                            f"not a set")
        elif params is None:
            raise ValueError(f"{name}: a param group needs a 'params' entry")
        params = list(params)
        names = None
        if params and all(isinstance(p, tuple) and len(p) == 2 for p in params):
            names = [n for n, _ in params]
            params = [p for _, p in params]
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{name}: optimizer can only optimize Tensors, but parameter {i} "
                                f"of the group is a {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError(f"{name}: can't optimize a non-leaf Tensor (parameter {i} of the "
                                 f"group was produced by an operation; detach it first)")
            if p._data.dtype.kind != "f":
                raise ValueError(f"{name}: can only optimize floating-point tensors, parameter "
                                 f"{i} has dtype {p._data.dtype}")
        if len({id(p) for p in params}) != len(params):
            raise ValueError(f"{name}: a parameter appears twice in the same parameter group")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError(f"{name}: some parameters appear in more than one parameter group")
        group["params"] = params
        if names is not None:
            group["param_names"] = names
        for key, default in self.defaults.items():
            if default is required and key not in group:
                raise ValueError(f"{name}: parameter group didn't specify a value of required "
                                 f"optimization parameter {key}")
            group.setdefault(key, default)
        self.param_groups.append(group)

    # ------------------------------------------------------------------ stepping
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all optimized tensors.

        Parameters
        ----------
        set_to_none : bool, default True
            Set ``.grad`` to None (cheapest; the next backward allocates a fresh
            gradient) instead of filling it with zeros.
        """
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    if p.grad.grad_fn is not None:
                        p.grad = p.grad.detach()
                    p.grad._data.fill(0)

    def step(self, closure: Callable[[], Any] | None = None):
        """Update the parameters once from their ``.grad``.

        Parameters
        ----------
        closure : callable, optional
            Re-evaluates the model and returns the loss (run with gradients on).

        Returns
        -------
        The closure's loss, or None.

        Notes
        -----
        The loop is the same for every optimizer: evaluate the closure, then
        update each parameter group under ``no_grad`` with the optimizer's
        rule, ``_update_group(group)``. A subclass defines that rule, or
        overrides ``step`` itself as the class example does.
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with no_grad():
            for group in self.param_groups:
                self._update_group(group)
        return loss

    def _update_group(self, group: dict) -> None:
        """Update the parameters of ``group`` from their gradients: the optimizer's rule."""
        raise NotImplementedError(f"{type(self).__name__} defines neither step nor _update_group")

    def _params_with_grad(self, group):
        """The parameters of ``group`` that have a gradient, with the gradient arrays."""
        name = type(self).__name__
        for p in group["params"]:
            if p.grad is None:
                continue
            g = p.grad._data
            if g.shape != p._data.shape:
                raise ValueError(f"{name}: a parameter of shape {list(p._data.shape)} has a "
                                 f"gradient of shape {list(g.shape)}")
            if g.dtype != p._data.dtype:
                g = g.astype(p._data.dtype)
            yield p, g

    def _buffers(self, like: np.ndarray, count: int):
        """``count`` scratch arrays shaped like ``like``, reused across steps.

        They are views into one flat buffer per dtype that grows to the largest
        parameter, so steps do not allocate. Their content is undefined.
        """
        size = like.size
        flat = self._scratch.get(like.dtype)
        if flat is None or flat.size < size * count:
            flat = np.empty(size * count, like.dtype)
            self._scratch[like.dtype] = flat
        return [flat[i * size:(i + 1) * size].reshape(like.shape) for i in range(count)]

    def _effective_grad(self, p, g, weight_decay, maximize, out):
        """``-g if maximize else g``, plus ``weight_decay * p``: into ``out`` if that takes work."""
        if weight_decay != 0:
            np.multiply(p._data, weight_decay, out=out)
            if maximize:
                np.subtract(out, g, out=out)
            else:
                np.add(out, g, out=out)
            return out
        if maximize:
            return np.negative(g, out=out)
        return g

    # ------------------------------------------------------------------ state dicts
    def state_dict(self) -> dict:
        """The optimizer's state and hyper-parameters, with parameters replaced by indices.

        Returns
        -------
        dict
            ``{"state": {index: {name: value}}, "param_groups": [{..., "params":
            [index, ...]}]}``, where parameters are numbered in the order of the
            groups. State tensors are shared with the optimizer, not copied.
        """
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            ids = []
            for p in group["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            packed["params"] = ids
            groups.append(packed)
        state = {}
        for group in self.param_groups:
            for p in group["params"]:
                if self.state.get(p):
                    state[index[id(p)]] = dict(self.state[p])
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict) -> None:
        """Restore state and hyper-parameters saved by :meth:`state_dict`.

        The optimizer must have been built with the same parameter groups
        (the same number of groups and of parameters in each). The loaded values
        are copied; floating-point state is cast to the parameter's dtype.

        Raises
        ------
        ValueError
            If the groups do not match or a state array has the wrong shape.
        """
        name = type(self).__name__
        if not isinstance(state_dict, dict) or "state" not in state_dict \
                or "param_groups" not in state_dict:
            raise ValueError(f"{name}.load_state_dict: expected a dict with 'state' and "
                             f"'param_groups' entries")
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"{name}.load_state_dict: loaded state dict has {len(saved_groups)} "
                             f"parameter groups, the optimizer has {len(self.param_groups)}")
        for i, (group, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(group["params"]) != len(saved["params"]):
                raise ValueError(
                    f"{name}.load_state_dict: loaded parameter group {i} has "
                    f"{len(saved['params'])} parameters, the optimizer's has "
                    f"{len(group['params'])}"
                )
        by_index = {}
        for group, saved in zip(self.param_groups, saved_groups):
            for p, idx in zip(group["params"], saved["params"]):
                by_index[int(idx)] = p
        new_state = defaultdict(dict)
        for idx, values in state_dict["state"].items():
            p = by_index.get(int(idx))
            if p is None:
                continue
            new_state[p] = {key: self._cast_state(p, key, value, idx)
                            for key, value in values.items()}
        new_groups = []
        for group, saved in zip(self.param_groups, saved_groups):
            restored = copy.deepcopy({k: v for k, v in saved.items() if k != "params"})
            restored["params"] = group["params"]
            new_groups.append(restored)
        self.state = new_state
        self.param_groups = new_groups

    def _cast_state(self, p, key, value, idx):
        if key == "step":
            return int(value.item() if isinstance(value, (Tensor, np.ndarray)) else value)
        if isinstance(value, (Tensor, np.ndarray)):
            array = value._data if isinstance(value, Tensor) else value
            if array.shape != p._data.shape:
                raise ValueError(
                    f"{type(self).__name__}.load_state_dict: state {key!r} of parameter {idx} "
                    f"has shape {list(array.shape)}, but the parameter has shape "
                    f"{list(p._data.shape)}"
                )
            dtype = p._data.dtype if array.dtype.kind == "f" else array.dtype
            return Tensor._make(np.array(array, dtype=dtype, copy=True), False)
        return copy.deepcopy(value)

    # ------------------------------------------------------------------ display
    def __repr__(self):
        lines = [type(self).__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for key in sorted(group):
                if key not in ("params", "param_names"):
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)


def _new_state(p: Tensor, fill: float = 0.0) -> Tensor:
    """A state tensor shaped like ``p``, filled with ``fill``."""
    return Tensor._make(np.full(p._data.shape, fill, p._data.dtype), False)


def _check_nonnegative(name: str, value, what: str) -> None:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or math.isnan(value):
        raise TypeError(f"{name}: {what} must be a number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name}: invalid {what}: {value} (expected >= 0)")


def _check_unit(name: str, value, what: str) -> None:
    """``0 <= value < 1``, for decay rates such as betas."""
    _check_nonnegative(name, value, what)
    if not value < 1:
        raise ValueError(f"{name}: invalid {what}: {value} (expected 0 <= {what} < 1)")


def _bump_version(p: Tensor) -> None:
    p._vc[0] += 1

