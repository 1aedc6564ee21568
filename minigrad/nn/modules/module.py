"""The Module: the base class of every layer and model.

A module holds state — parameters, buffers and submodules, registered by
plain attribute assignment into insertion-ordered dicts — and computes in
``forward``. Everything else here (traversal, train/eval, state_dict, hooks,
dtype conversion, the nested repr) walks those three dicts.
"""
import itertools
import warnings
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator
from typing import Any, Optional

import numpy as np

from minigrad import dtypes
from minigrad._device import parse_to_arguments
from minigrad.autograd.grad_mode import no_grad
from minigrad.nn.parameter import Parameter, is_lazy
from minigrad.tensor import Tensor

__all__ = ["Module", "RemovableHandle"]


class _IncompatibleKeys(namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What :meth:`Module.load_state_dict` returns: the keys it could not match."""

    __slots__ = ()

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class RemovableHandle:
    """Returned by the ``register_*_hook`` methods; ``remove()`` unregisters the hook.

    Also a context manager: the hook is removed when the ``with`` block ends.

    Parameters
    ----------
    *hook_dicts : dict or set
        The registries the hook was added to, keyed by the handle's ``id``;
        ``remove()`` deletes that key from each. Users do not build handles:
        the ``register_*_hook`` methods do.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> layer = nn.Linear(2, 3)
    >>> shapes = []
    >>> handle = layer.register_forward_hook(lambda module, args, out: shapes.append(out.shape))
    >>> _ = layer(minigrad.ones(1, 2))
    >>> handle.remove()
    >>> _ = layer(minigrad.ones(1, 2))
    >>> shapes
    [minigrad.Size([1, 3])]
    """

    _ids = itertools.count()

    def __init__(self, *hook_dicts):
        self.id = next(RemovableHandle._ids)
        self._dicts = hook_dicts

    def remove(self) -> None:
        """Unregister the hook (a second call does nothing)."""
        for hooks in self._dicts:
            if isinstance(hooks, dict):
                hooks.pop(self.id, None)
            else:
                hooks.discard(self.id)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _addindent(text, spaces):
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    pad = " " * spaces
    return lines[0] + "\n" + "\n".join(pad + line for line in lines[1:])


def _check_name(kind, name, module):
    """Validate the name of a parameter, buffer or submodule about to be registered."""
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string, got {type(name).__name__}")
    if name == "":
        raise KeyError(f"{kind} name must not be empty")
    if "." in name:
        raise KeyError(f'{kind} name must not contain ".", got "{name}"')


class Module:
    """Base class of every layer and model.

    Subclasses create their parameters and submodules in ``__init__`` (after
    calling ``super().__init__()``) by assigning them as attributes, and
    define ``forward``. Calling the module runs the forward pre-hooks,
    ``forward`` and the forward hooks.

    Attributes
    ----------
    training : bool
        Whether the module is in training mode (see :meth:`train`, :meth:`eval`).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> class Net(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.fc1 = nn.Linear(4, 3)
    ...         self.fc2 = nn.Linear(3, 2)
    ...     def forward(self, x):
    ...         return self.fc2(nn.functional.relu(self.fc1(x)))
    >>> net = Net()
    >>> net
    Net(
      (fc1): Linear(in_features=4, out_features=3, bias=True)
      (fc2): Linear(in_features=3, out_features=2, bias=True)
    )
    >>> [name for name, _ in net.named_parameters()]
    ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    >>> net(minigrad.ones(5, 4)).shape
    minigrad.Size([5, 2])
    """

    training: bool

    def __init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "training", True)
        set_(self, "_parameters", OrderedDict())
        set_(self, "_buffers", OrderedDict())
        set_(self, "_non_persistent_buffers_set", set())
        set_(self, "_modules", OrderedDict())
        set_(self, "_forward_pre_hooks", OrderedDict())
        set_(self, "_forward_pre_hooks_with_kwargs", set())
        set_(self, "_forward_hooks", OrderedDict())
        set_(self, "_forward_hooks_with_kwargs", set())

    # ------------------------------------------------------------------ forward
    def forward(self, *args, **kwargs):
        """The computation; every subclass defines it."""
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args, **kwargs):
        if not (self._forward_pre_hooks or self._forward_hooks):
            return self.forward(*args, **kwargs)
        return self._call_with_hooks(args, kwargs)

    def _call_with_hooks(self, args, kwargs):
        for hook_id, hook in list(self._forward_pre_hooks.items()):
            if hook_id in self._forward_pre_hooks_with_kwargs:
                result = hook(self, args, kwargs)
                if result is not None:
                    if not (isinstance(result, tuple) and len(result) == 2):
                        raise RuntimeError(
                            "forward pre-hook must return None or a tuple of (new_args, "
                            f"new_kwargs), but got {result!r}"
                        )
                    args, kwargs = result
            else:
                result = hook(self, args)
                if result is not None:
                    args = result if isinstance(result, tuple) else (result,)
        try:
            output = self.forward(*args, **kwargs)
        except Exception:
            self._call_always_hooks(args, kwargs)
            raise
        for hook_id, hook in list(self._forward_hooks.items()):
            if hook_id in self._forward_hooks_with_kwargs:
                result = hook(self, args, kwargs, output)
            else:
                result = hook(self, args, output)
            if result is not None:
                output = result
        return output

    def _call_always_hooks(self, args, kwargs):
        """After ``forward`` raised: the ``always_call`` hooks, with ``None`` as the output.

        An error of theirs is turned into a warning, so the caller sees the
        error of ``forward``, as in PyTorch.
        """
        always = self.__dict__.get("_forward_hooks_always_called", ())
        for hook_id, hook in list(self._forward_hooks.items()):
            if hook_id not in always:
                continue
            try:
                if hook_id in self._forward_hooks_with_kwargs:
                    hook(self, args, kwargs, None)
                else:
                    hook(self, args, None)
            except Exception as error:  # noqa: BLE001 (any error: forward's wins)
                warnings.warn(f"module forward hook with always_call=True raised an exception "
                              f"that was silenced as forward raised another one: {error!r}",
                              stacklevel=3)

    def register_forward_pre_hook(self, hook: Callable, *, prepend: bool = False,
                                  with_kwargs: bool = False) -> RemovableHandle:
        """Call ``hook(module, args)`` before every ``forward``.

        The hook may return a new input (a tuple, or a single value that is
        wrapped in one). With ``with_kwargs=True`` it is called as
        ``hook(module, args, kwargs)`` and may return ``(args, kwargs)``.
        ``prepend=True`` runs it before the hooks already registered.
        """
        handle = RemovableHandle(self._forward_pre_hooks, self._forward_pre_hooks_with_kwargs)
        self._forward_pre_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_pre_hooks_with_kwargs.add(handle.id)
        if prepend:
            self._forward_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_forward_hook(self, hook: Callable, *, prepend: bool = False,
                              with_kwargs: bool = False,
                              always_call: bool = False) -> RemovableHandle:
        """Call ``hook(module, args, output)`` after every ``forward``.

        The hook may return a new output. With ``with_kwargs=True`` it is
        called as ``hook(module, args, kwargs, output)``. ``prepend=True``
        runs it before the hooks already registered. With
        ``always_call=True`` it also runs when ``forward`` raises, with
        ``None`` as the output, before the error propagates.
        """
        always = self.__dict__.setdefault("_forward_hooks_always_called", set())
        handle = RemovableHandle(self._forward_hooks, self._forward_hooks_with_kwargs, always)
        self._forward_hooks[handle.id] = hook
        if with_kwargs:
            self._forward_hooks_with_kwargs.add(handle.id)
        if always_call:
            always.add(handle.id)
        if prepend:
            self._forward_hooks.move_to_end(handle.id, last=False)
        return handle

    # ------------------------------------------------------------------ registration
    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        params = d.get("_parameters")
        if isinstance(value, Parameter):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._forget(name)
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                    f"(minigrad.nn.Parameter or None expected)"
                )
            params[name] = None
            return
        modules = d.get("_modules")
        if isinstance(value, Module):
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._forget(name)
            modules[name] = value
            return
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as child module '{name}' "
                    f"(minigrad.nn.Module or None expected)"
                )
            modules[name] = None
            return
        buffers = d.get("_buffers")
        if buffers is not None and name in buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                    f"(minigrad.Tensor or None expected)"
                )
            buffers[name] = value
            return
        object.__setattr__(self, name, value)

    def _forget(self, name):
        """Remove ``name`` from wherever it is registered (before re-registering it)."""
        self.__dict__.pop(name, None)
        self._parameters.pop(name, None)
        self._buffers.pop(name, None)
        self._non_persistent_buffers_set.discard(name)
        self._modules.pop(name, None)

    def __getattr__(self, name: str) -> Any:
        # Called only when normal lookup fails: look in the registries.
        d = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            items = d.get(registry)
            if items is not None and name in items:
                return items[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for registry in (self._parameters, self._buffers, self._modules):
            if name in registry:
                del registry[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self):
        names = list(super().__dir__())
        names += list(self._parameters) + list(self._buffers) + list(self._modules)
        return sorted({n for n in names if not n[:1].isdigit()})

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register ``param`` (a :class:`Parameter` or ``None``) under ``name``.

        Raises
        ------
        KeyError
            If ``name`` is empty, contains ``"."`` or is already a non-parameter attribute.
        TypeError
            If ``param`` is neither a Parameter nor None.
        """
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name("parameter", name, self)
        if hasattr(self, name) and name not in self._parameters:
            raise KeyError(f'attribute "{name}" already exists')
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                f"(minigrad.nn.Parameter or None required)"
            )
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Register ``tensor`` as a buffer: state that is not trained (running statistics ...).

        Buffers appear in :meth:`buffers` and follow :meth:`to`; persistent
        buffers are also saved in the ``state_dict``. Assigning to the
        attribute later replaces the buffer.

        Raises
        ------
        KeyError
            If ``name`` is empty, contains ``"."`` or is already another attribute.
        TypeError
            If ``tensor`` is neither a Tensor nor None.
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name("buffer", name, self)
        if hasattr(self, name) and name not in self._buffers:
            raise KeyError(f'attribute "{name}" already exists')
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' "
                f"(minigrad.Tensor or None required)"
            )
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: Optional["Module"]) -> None:
        """Register ``module`` (or ``None``) as a child under ``name``."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(self).__name__}: {type(module).__name__} is not a Module "
                            f"subclass")
        _check_name("module", name, self)
        if hasattr(self, name) and name not in self._modules:
            raise KeyError(f'attribute "{name}" already exists')
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target: str) -> "Module":
        """The submodule at dotted path ``target`` (``""`` is the module itself)."""
        module = self
        if target == "":
            return module
        for item in target.split("."):
            child = module._modules.get(item)
            if child is None:
                if item in module._modules or hasattr(module, item):
                    raise AttributeError(f"`{item}` is not an nn.Module")
                raise AttributeError(f"{type(module).__name__} has no attribute `{item}`")
            module = child
        return module

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at dotted path ``target`` (``"fc.weight"``)."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if name not in module._parameters or module._parameters[name] is None:
            raise AttributeError(f"{type(module).__name__} has no parameter `{name}`")
        return module._parameters[name]

    def get_buffer(self, target: str) -> Tensor:
        """The buffer at dotted path ``target`` (``"bn.running_mean"``)."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if name not in module._buffers or module._buffers[name] is None:
            raise AttributeError(f"{type(module).__name__} has no buffer `{name}`")
        return module._buffers[name]

    # ------------------------------------------------------------------ traversal
    def named_modules(self, memo: set | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, "Module"]]:
        """``(name, module)`` for this module and every descendant, depth first.

        Parameters
        ----------
        memo : set of Module, optional
            Modules to leave out, with their descendants; the modules
            yielded are added to it (unless ``remove_duplicate=False``).
        prefix : str, default ""
            Put in front of every name, joined by a dot.
        remove_duplicate : bool, default True
            Yield a module reachable by several paths once, under its first
            name; ``False`` yields it under every path.

        Examples
        --------
        >>> from minigrad import nn
        >>> shared = nn.Linear(2, 2)
        >>> net = nn.Sequential(shared, nn.ReLU(), shared)
        >>> [name for name, _ in net.named_modules(prefix="net")]
        ['net', 'net.0', 'net.1']
        >>> [name for name, _ in net.named_modules(remove_duplicate=False)]
        ['', '0', '1', '2']
        """
        if memo is None:
            memo = set()
        if self in memo:
            return
        if remove_duplicate:
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            path = prefix + "." + name if prefix else name
            yield from module.named_modules(memo, path, remove_duplicate)

    def modules(self) -> Iterator["Module"]:
        """This module and every descendant, each once."""
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        """``(name, module)`` for the direct children, each once."""
        seen = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator["Module"]:
        """The direct children, each once."""
        for _, module in self.named_children():
            yield module

    def _named_members(self, registry, prefix, recurse, remove_duplicate):
        seen = set()
        owners = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                  if recurse else [(prefix, self)])
        for owner_prefix, owner in owners:
            for name, value in owner.__dict__[registry].items():
                if value is None or id(value) in seen:
                    continue
                if remove_duplicate:
                    seen.add(id(value))
                yield (owner_prefix + "." + name if owner_prefix else name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Parameter]]:
        """``(dotted name, parameter)`` pairs; a shared parameter appears once."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter of this module (and of its descendants when ``recurse``), each once.

        Examples
        --------
        >>> from minigrad import nn
        >>> net = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
        >>> [tuple(p.shape) for p in net.parameters()]
        [(2, 3), (2,), (1, 2), (1,)]
        """
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        """``(dotted name, buffer)`` pairs, persistent or not; a shared buffer appears once."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Every buffer of this module (and of its descendants when ``recurse``), each once."""
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    # ------------------------------------------------------------------ modes and gradients
    def train(self, mode: bool = True) -> "Module":
        """Set training mode (``mode=True``) or evaluation mode on this module and its descendants.

        Dropout and batch normalization behave differently in the two modes.
        Returns the module.
        """
        if not isinstance(mode, bool):
            raise ValueError(f"training mode is expected to be boolean, got {type(mode).__name__}")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> "Module":
        """Set evaluation mode; the same as ``train(False)``. Returns the module."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> "Module":
        """Set ``requires_grad`` on every parameter; returns the module."""
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of every parameter: to ``None`` (default) or to zeros in place."""
        for param in self.parameters():
            if param.grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                param.grad.detach_()
                param.grad._data[...] = 0

    def apply(self, fn: Callable[["Module"], None]) -> "Module":
        """Call ``fn`` on every descendant (children first) and then on this module.

        Examples
        --------
        >>> from minigrad import nn
        >>> def init_weights(m):
        ...     if isinstance(m, nn.Linear):
        ...         nn.init.ones_(m.weight)
        >>> net = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2)).apply(init_weights)
        >>> net[1].weight.tolist()
        [[1.0, 1.0], [1.0, 1.0]]
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ------------------------------------------------------------------ dtype
    def to(self, *args, **kwargs) -> "Module":
        """Convert floating-point parameters and buffers to a dtype, in place.

        Accepts ``to(dtype)``, ``to(tensor)`` (its dtype), ``to(device)`` and
        ``to(device, dtype)`` as PyTorch does, and the keyword
        ``non_blocking`` (ignored). A device is a :class:`minigrad.device` or
        its string; the only one is the CPU.
        Parameters keep their identity (their ``data`` and ``grad`` are
        converted), so an optimizer built before the call still updates them.
        Integer buffers such as ``num_batches_tracked`` are left alone.

        Returns the module.

        Raises
        ------
        TypeError
            For a non-floating dtype.
        ValueError
            For a device other than the CPU.

        Examples
        --------
        >>> import minigrad
        >>> from minigrad import nn
        >>> layer = nn.Linear(2, 2).to(minigrad.float64)
        >>> layer.weight.dtype
        dtype('float64')
        >>> layer.to(minigrad.device("cpu")) is layer
        True
        """
        dtype, _ = parse_to_arguments(args, kwargs, "Module.to")
        if dtype is None:
            return self
        dtype = dtypes.resolve(dtype, "Module.to")
        if dtype.kind != "f":
            raise TypeError(
                f"Module.to only accepts floating point dtypes, but got desired dtype={dtype}"
            )
        return self._convert_floats(dtype)

    def _convert_floats(self, dtype):
        with no_grad():
            for tensor in itertools.chain(self.parameters(), self.buffers()):
                if tensor._data.dtype.kind != "f" or tensor._data.dtype == dtype:
                    continue
                tensor._data = tensor._data.astype(dtype)
                tensor._vc[0] += 1
                if tensor.grad is not None:
                    tensor.grad._data = tensor.grad._data.astype(dtype)
        return self

    def float(self) -> "Module":
        """Convert floating-point parameters and buffers to float32. Returns the module."""
        return self._convert_floats(dtypes.float32)

    def double(self) -> "Module":
        """Convert floating-point parameters and buffers to float64. Returns the module."""
        return self._convert_floats(dtypes.float64)

    def cpu(self) -> "Module":
        """Return the module unchanged (minigrad runs on the CPU only)."""
        return self

    def cuda(self, device=None) -> "Module":
        """Always raises ``RuntimeError``: minigrad runs on the CPU only.

        Move a model with ``model.to(device)``, which accepts the CPU, so that
        code choosing its device with :func:`minigrad.cuda.is_available` runs.
        """
        raise RuntimeError("Module.cuda: minigrad runs on the CPU only; there is no GPU backend")

    # ------------------------------------------------------------------ state dict
    def _local_state(self):
        """``(name, tensor)`` for this module's own parameters and persistent buffers."""
        for name, param in self._parameters.items():
            if param is not None:
                yield name, param
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers_set:
                yield name, buffer

    def _state_entries(self, prefix=""):
        """``(key, owner, name, tensor)`` for the whole tree, in state_dict order.

        A module reachable by several paths repeats under each of them.
        """
        for name, tensor in self._local_state():
            yield prefix + name, self, name, tensor
        for name, module in self._modules.items():
            if module is not None:
                yield from module._state_entries(prefix + name + ".")

    def state_dict(self, *, destination: dict | None = None, prefix: str = "",
                   keep_vars: bool = False) -> "OrderedDict[str, Tensor]":
        """The parameters and persistent buffers by dotted name.

        Values are tensors detached from the graph that share memory with
        the module's (``keep_vars=True`` returns the parameters themselves).
        Keys follow PyTorch: ``"0.weight"``, ``"bn.running_mean"``,
        ``"bn.num_batches_tracked"``. A module reachable by several paths
        appears under each of them.

        Examples
        --------
        >>> from minigrad import nn
        >>> net = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
        >>> list(net.state_dict())  # doctest: +NORMALIZE_WHITESPACE
        ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var',
         '1.num_batches_tracked']
        """
        if destination is None:
            destination = OrderedDict()
        for key, _, _, tensor in self._state_entries(prefix):
            # A lazy module's uninitialized parameters are saved as themselves, as in PyTorch.
            destination[key] = tensor if keep_vars or is_lazy(tensor) else tensor.detach()
        return destination

    def load_state_dict(self, state_dict: dict[str, Any], strict: bool = True,
                        assign: bool = False) -> _IncompatibleKeys:
        """Copy values from ``state_dict`` into this module's parameters and buffers.

        Every shape is checked before anything is copied, so a failed load
        leaves the module unchanged. Values are copied into the existing
        arrays (converted to their dtype), so optimizers holding the
        parameters keep working. Values may be tensors or NumPy arrays.

        Parameters
        ----------
        state_dict : dict
            Maps dotted names to tensors, as returned by :meth:`state_dict`.
        strict : bool, default True
            Require the keys to match this module's keys exactly.
        assign : bool, default False
            Instead of copying, make each parameter and buffer hold the
            checkpoint's array itself (with its dtype). Parameters become new
            :class:`Parameter` objects that keep ``requires_grad``: an
            optimizer built before the load no longer sees them.

        Returns
        -------
        namedtuple of (missing_keys, unexpected_keys)
            The keys of the module absent from ``state_dict`` and the keys of
            ``state_dict`` the module does not have.

        Raises
        ------
        RuntimeError
            Listing every problem at once: each shape mismatch (name, shape in
            the checkpoint, shape in the model), and with ``strict=True`` the
            missing and unexpected keys. (PyTorch raises ``RuntimeError`` too.)

        Examples
        --------
        >>> from minigrad import nn
        >>> a, b = nn.Linear(2, 2), nn.Linear(2, 2)
        >>> b.load_state_dict(a.state_dict())
        <All keys matched successfully>
        >>> bool((a.weight == b.weight).all())
        True
        """
        if not isinstance(state_dict, dict):
            raise TypeError(f"load_state_dict: expected a dict, got {type(state_dict).__name__}")
        missing, errors, copies, expected = [], [], [], set()
        for key, owner, name, target in self._state_entries():
            expected.add(key)
            if key not in state_dict:
                missing.append(key)
                continue
            value = _state_value(state_dict[key])
            if is_lazy(state_dict[key]):
                # An uninitialized value loads only into an uninitialized tensor, as a no-op.
                if not is_lazy(target):
                    errors.append(f"size mismatch for {key}: copying an uninitialized parameter "
                                  f"from checkpoint, the shape in current model is "
                                  f"{list(target._data.shape)}.")
            elif value is None:
                errors.append(
                    f'While copying the parameter named "{key}", expected a Tensor or NumPy '
                    f"array from checkpoint but received {type(state_dict[key])}"
                )
            elif value.shape != target._data.shape and not is_lazy(target):
                errors.append(
                    f"size mismatch for {key}: copying a param with shape {list(value.shape)} "
                    f"from checkpoint, the shape in current model is {list(target._data.shape)}."
                )
            else:
                copies.append((owner, name, target, value))
        unexpected = [key for key in state_dict if key not in expected]
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in unexpected) + ".")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in missing) + ".")
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(errors)
            )
        with no_grad():
            for owner, name, target, value in copies:
                if is_lazy(target):
                    # Loading into a lazy module gives its parameters the checkpoint's shapes.
                    target.materialize(value.shape)
                if not assign:
                    np.copyto(target._data, value, casting="unsafe")
                    target._vc[0] += 1
                elif isinstance(target, Parameter):
                    owner._parameters[name] = Parameter(value, target.requires_grad)
                else:
                    owner._buffers[name] = Tensor._make(value, False)
        return _IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------ repr
    def extra_repr(self) -> str:
        """The hyper-parameters shown inside the module's repr; subclasses override it."""
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        extra = self.extra_repr()
        lines = extra.split("\n") if extra else []
        children = [f"({name}): {_addindent(repr(module), 2)}"
                    for name, module in self._modules.items()]
        body = lines + children
        if not body:
            return self._get_name() + "()"
        if len(lines) == 1 and not children:
            return f"{self._get_name()}({extra})"
        return self._get_name() + "(\n  " + "\n  ".join(body) + "\n)"


def _state_value(value):
    """A state_dict value as an ndarray, or None if it is not array-like."""
    if isinstance(value, Tensor):
        return value._data
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return np.asarray(value)
    return None
