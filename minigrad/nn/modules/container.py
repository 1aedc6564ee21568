"""Containers: Sequential, ModuleList, ModuleDict, ParameterList and ParameterDict."""
import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

from minigrad.nn.modules.module import Module, _addindent
from minigrad.nn.parameter import Parameter
from minigrad.tensor import Tensor

__all__ = ["Sequential", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"]


def _index(op, idx, size):
    """A non-negative position for an int index (negative counts from the end)."""
    try:
        idx = operator.index(idx)
    except TypeError:
        raise TypeError(
            f"{op} indices must be integers or slices, not {type(idx).__name__}"
        ) from None
    if not -size <= idx < size:
        raise IndexError(f"{op}: index {idx} is out of range for {size} modules")
    return idx % size


class Sequential(Module):
    """A chain of modules, each fed the previous one's output.

    Built from modules in order (named ``"0"``, ``"1"``, ...) or from an
    ``OrderedDict`` of named modules. Supports indexing, slicing (a new
    ``Sequential`` sharing the modules), ``len``, iteration, ``append``,
    ``extend``, ``insert`` and ``pop``.

    Parameters
    ----------
    *args : Module or OrderedDict
        The modules, in the order the input passes through them; each is
        registered under its position (``"0"``, ``"1"``, ...). A single
        ``OrderedDict`` of ``name: module`` pairs registers them under those
        names instead. With no argument the chain is empty and returns its
        input.

    Examples
    --------
    >>> from collections import OrderedDict
    >>> import minigrad
    >>> from minigrad import nn
    >>> net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
    >>> net(minigrad.ones(3, 4)).shape
    minigrad.Size([3, 2])
    >>> net[:2]
    Sequential(
      (0): Linear(in_features=4, out_features=8, bias=True)
      (1): ReLU()
    )
    >>> named = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.Tanh())]))
    >>> named.fc
    Linear(in_features=2, out_features=2, bias=True)
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(OrderedDict(list(self._modules.items())[idx]))
        position = _index("Sequential", idx, len(self._modules))
        return next(islice(self._modules.values(), position, None))

    def __setitem__(self, idx, module):
        position = _index("Sequential", idx, len(self._modules))
        key = list(self._modules)[position]
        self.add_module(key, module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for key in list(self._modules)[idx]:
                del self._modules[key]
        else:
            position = _index("Sequential", idx, len(self._modules))
            del self._modules[list(self._modules)[position]]
        # Renumber, so that indices stay 0..len-1 (as PyTorch does).
        self._renumber()

    def _renumber(self):
        items = list(self._modules.values())
        self._modules.clear()
        for i, module in enumerate(items):
            self._modules[str(i)] = module

    def __len__(self):
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> "Sequential":
        """Add ``module`` at the end; returns the Sequential."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> "Sequential":
        """Append every module of ``modules``; returns the Sequential."""
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> "Sequential":
        """Insert ``module`` before position ``index``; returns the Sequential."""
        if not isinstance(module, Module):
            raise TypeError(f"Sequential.insert: expected a Module, got {type(module).__name__}")
        n = len(self._modules)
        if not -n <= index <= n:
            raise IndexError(f"Sequential.insert: index {index} is out of range for {n} modules")
        index = index + n if index < 0 else index
        items = list(self._modules.values())
        items.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(items):
            self._modules[str(i)] = m
        return self

    def pop(self, key: int = -1) -> Module:
        """Remove and return the module at position ``key`` (the last by default)."""
        module = self[key]
        del self[key]
        return module

    def forward(self, input):
        for module in self._modules.values():
            input = module(input)
        return input


class ModuleList(Module):
    """A list of modules, registered so that their parameters belong to the owner.

    It has no ``forward``: the owner decides how to call the modules.

    Parameters
    ----------
    modules : iterable of Module, optional
        The modules to hold, registered under their positions (``"0"``,
        ``"1"``, ...); default none. More can be added with ``append``,
        ``extend`` and ``insert``.

    Examples
    --------
    >>> from minigrad import nn
    >>> layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(2)])
    >>> layers.append(nn.ReLU())
    ModuleList(
      (0-1): 2 x Linear(in_features=3, out_features=3, bias=True)
      (2): ReLU()
    )
    >>> len(list(layers.parameters()))
    4
    """

    def __init__(self, modules: Iterable[Module] | None = None):
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)(list(self._modules.values())[idx])
        return self._modules[str(_index("ModuleList", idx, len(self._modules)))]

    def __setitem__(self, idx, module):
        self.add_module(str(_index("ModuleList", idx, len(self._modules))), module)

    def __delitem__(self, idx):
        if isinstance(idx, slice):
            for key in list(self._modules)[idx]:
                del self._modules[key]
        else:
            del self._modules[str(_index("ModuleList", idx, len(self._modules)))]
        items = list(self._modules.values())
        self._modules.clear()
        for i, module in enumerate(items):
            self._modules[str(i)] = module

    def __len__(self):
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __iadd__(self, modules: Iterable[Module]) -> "ModuleList":
        return self.extend(modules)

    def __add__(self, other: Iterable[Module]) -> "ModuleList":
        return type(self)(list(self) + list(other))

    def append(self, module: Module) -> "ModuleList":
        """Add ``module`` at the end; returns the list."""
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> "ModuleList":
        """Append every module of ``modules``; returns the list."""
        if not hasattr(modules, "__iter__"):
            raise TypeError("ModuleList.extend should be called with an iterable of modules, "
                            f"got {type(modules).__name__}")
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert ``module`` before position ``index``."""
        items = list(self._modules.values())
        items.insert(index, module)
        self._modules.clear()
        for i, m in enumerate(items):
            self.add_module(str(i), m)

    def pop(self, key: int = -1) -> Module:
        """Remove and return the module at position ``key`` (the last by default)."""
        module = self[key]
        del self[key]
        return module

    def __repr__(self):
        # Consecutive modules with the same repr print once, as "(0-2): 3 x Linear(...)".
        if not self._modules:
            return "ModuleList()"
        lines, names, reprs = [], list(self._modules), [repr(m) for m in self._modules.values()]
        start = 0
        for end in range(1, len(reprs) + 1):
            if end < len(reprs) and reprs[end] == reprs[start]:
                continue
            body = _addindent(reprs[start], 2)
            if end - start == 1:
                lines.append(f"({names[start]}): {body}")
            else:
                lines.append(f"({names[start]}-{names[end - 1]}): {end - start} x {body}")
            start = end
        return "ModuleList(\n  " + "\n  ".join(lines) + "\n)"


class ModuleDict(Module):
    """A dict of modules by name, registered so that their parameters belong to the owner.

    Keeps insertion order; supports ``[]``, ``in``, ``len``, iteration over
    the keys, ``keys``, ``values``, ``items``, ``update``, ``pop`` and ``clear``.

    Parameters
    ----------
    modules : mapping or iterable of (str, Module) pairs, optional
        The modules to hold by name, in the mapping's order; default none.
        Each name must be a valid module name (a string without dots).

    Examples
    --------
    >>> from minigrad import nn
    >>> heads = nn.ModuleDict({"cls": nn.Linear(4, 3), "box": nn.Linear(4, 4)})
    >>> list(heads)
    ['cls', 'box']
    >>> heads["cls"]
    Linear(in_features=4, out_features=3, bias=True)
    """

    def __init__(self, modules: Mapping[str, Module] | None = None):
        super().__init__()
        if modules is not None:
            self.update(modules)

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        self.add_module(key, module)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def __len__(self):
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __contains__(self, key: str) -> bool:
        return key in self._modules

    def clear(self) -> None:
        """Remove every module."""
        self._modules.clear()

    def pop(self, key: str) -> Module:
        """Remove the module ``key`` and return it."""
        module = self[key]
        del self[key]
        return module

    def keys(self):
        """The names."""
        return self._modules.keys()

    def items(self):
        """``(name, module)`` pairs."""
        return self._modules.items()

    def values(self):
        """The modules."""
        return self._modules.values()

    def update(self, modules) -> None:
        """Add modules from a mapping or from an iterable of ``(name, module)`` pairs."""
        if isinstance(modules, (Mapping, ModuleDict)):
            for key, module in modules.items():
                self[key] = module
            return
        if not isinstance(modules, Iterable):
            raise TypeError("ModuleDict.update should be called with an iterable of "
                            f"key/module pairs, but got {type(modules).__name__}")
        for j, pair in enumerate(modules):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise ValueError(
                    f"ModuleDict.update: element #{j} should be a (name, module) pair, got {pair!r}"
                )
            self[pair[0]] = pair[1]


def _as_parameter(value):
    """A tensor that is not yet a Parameter becomes one (sharing memory), as in PyTorch."""
    if isinstance(value, Tensor) and not isinstance(value, Parameter):
        return Parameter(value)
    return value


def _parameter_repr(value):
    if isinstance(value, Tensor):
        kind = "Parameter containing" if isinstance(value, Parameter) else "Tensor"
        size = "x".join(map(str, value.shape))
        return f"{kind}: [minigrad.{value.dtype} of size {size}]"
    return repr(value)


class ParameterList(Module):
    """A list of parameters, registered so that they belong to the owner.

    Tensors appended are wrapped in :class:`~minigrad.nn.Parameter` (sharing
    their memory); the ``state_dict`` keys are the positions, ``"0"``,
    ``"1"``, ... Supports indexing, ``len``, iteration, ``append`` and
    ``extend``.

    Parameters
    ----------
    values : iterable of Tensor, optional
        The parameters to hold, in order; a plain tensor is wrapped in a
        :class:`~minigrad.nn.Parameter` that shares its memory. Default none.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> params = nn.ParameterList([nn.Parameter(minigrad.ones(2)), minigrad.zeros(3)])
    >>> params
    ParameterList(
        (0): Parameter containing: [minigrad.float32 of size 2]
        (1): Parameter containing: [minigrad.float32 of size 3]
    )
    >>> list(params.state_dict())
    ['0', '1']
    """

    def __init__(self, values=None):
        super().__init__()
        self._size = 0
        if values is not None:
            self += values

    def _key(self, idx):
        return str(_index("ParameterList", idx, self._size))

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return type(self)([self[i] for i in range(self._size)[idx]])
        return getattr(self, self._key(idx))

    def __setitem__(self, idx, param):
        setattr(self, self._key(idx), _as_parameter(param))

    def __setattr__(self, name, value):
        if name.isdigit():
            value = _as_parameter(value)
            if not isinstance(value, Parameter) and name in self._parameters:
                self._parameters.pop(name)
        super().__setattr__(name, value)

    def __len__(self):
        return self._size

    def __iter__(self):
        return (self[i] for i in range(self._size))

    def __iadd__(self, parameters):
        return self.extend(parameters)

    def __dir__(self):
        return [key for key in super().__dir__() if not key.isdigit()]

    def append(self, value) -> "ParameterList":
        """Add ``value`` at the end; returns the list."""
        self._size += 1
        self[self._size - 1] = value
        return self

    def extend(self, values) -> "ParameterList":
        """Append every value of ``values``; returns the list."""
        if not isinstance(values, Iterable) or isinstance(values, Tensor):
            raise TypeError("ParameterList.extend should be called with an iterable, but got "
                            f"{type(values).__name__}")
        for value in values:
            self.append(value)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"({i}): {_parameter_repr(p)}" for i, p in enumerate(self))

    def __repr__(self):
        body = self.extra_repr()
        if not body:
            return "ParameterList()"
        return "ParameterList(\n" + "\n".join("    " + line for line in body.split("\n")) + "\n)"


class ParameterDict(Module):
    """A dict of parameters by name, registered so that they belong to the owner.

    Keeps insertion order; tensors are wrapped in
    :class:`~minigrad.nn.Parameter`. Supports ``[]``, ``in``, ``len``,
    iteration over the keys, ``keys``, ``values``, ``items``, ``get``,
    ``update``, ``pop``, ``popitem``, ``setdefault``, ``copy`` and ``clear``.

    Parameters
    ----------
    parameters : mapping or iterable of (str, Tensor) pairs, optional
        The parameters to hold by name, in order; a plain tensor is wrapped
        in a :class:`~minigrad.nn.Parameter` that shares its memory. Default
        none.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> params = nn.ParameterDict({"scale": minigrad.ones(3), "shift": minigrad.zeros(3)})
    >>> list(params)
    ['scale', 'shift']
    >>> list(dict(params.named_parameters()))
    ['scale', 'shift']
    """

    def __init__(self, parameters=None):
        super().__init__()
        self._keys = {}
        if parameters is not None:
            self.update(parameters)

    def __getitem__(self, key: str):
        return getattr(self, key)

    def __setitem__(self, key: str, value) -> None:
        if not isinstance(key, str):
            raise TypeError(f"ParameterDict keys must be strings, got {type(key).__name__}")
        self._keys[key] = None
        setattr(self, key, _as_parameter(value))

    def __delitem__(self, key: str) -> None:
        del self._keys[key]
        delattr(self, key)

    def __len__(self):
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __reversed__(self):
        return reversed(list(self._keys))

    def __contains__(self, key) -> bool:
        return key in self._keys

    def copy(self) -> "ParameterDict":
        """A new ParameterDict holding the same parameters."""
        return ParameterDict(OrderedDict((k, self[k]) for k in self._keys))

    def setdefault(self, key: str, default=None):
        """The value of ``key``, inserting ``default`` first if it is absent."""
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self) -> None:
        """Remove every parameter."""
        for key in list(self._keys):
            del self[key]

    def pop(self, key: str):
        """Remove ``key`` and return its parameter."""
        value = self[key]
        del self[key]
        return value

    def popitem(self):
        """Remove and return the last inserted ``(key, parameter)`` pair."""
        key = next(reversed(self._keys))
        return key, self.pop(key)

    def get(self, key: str, default=None):
        """The parameter of ``key``, or ``default``."""
        return self[key] if key in self else default

    def fromkeys(self, keys, default=None) -> "ParameterDict":
        """A new ParameterDict mapping each of ``keys`` to ``default``."""
        return ParameterDict((k, default) for k in keys)

    def keys(self):
        """The names."""
        return self._keys.keys()

    def items(self):
        """``(name, parameter)`` pairs."""
        return ((k, self[k]) for k in self._keys)

    def values(self):
        """The parameters."""
        return (self[k] for k in self._keys)

    def update(self, parameters) -> None:
        """Add parameters from a mapping or from an iterable of ``(name, value)`` pairs."""
        if isinstance(parameters, (Mapping, ParameterDict)):
            for key, value in parameters.items():
                self[key] = value
            return
        if not isinstance(parameters, Iterable):
            raise TypeError("ParameterDict.update should be called with an iterable of "
                            f"key/value pairs, but got {type(parameters).__name__}")
        for j, pair in enumerate(parameters):
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise ValueError(f"ParameterDict.update: element #{j} should be a (name, value) "
                                 f"pair, got {pair!r}")
            self[pair[0]] = pair[1]

    def __or__(self, other) -> "ParameterDict":
        copy = self.copy()
        copy.update(other)
        return copy

    def __ior__(self, other) -> "ParameterDict":
        self.update(other)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"({k}): {_parameter_repr(v)}" for k, v in self.items())

    def __repr__(self):
        body = self.extra_repr()
        if not body:
            return "ParameterDict()"
        return "ParameterDict(\n" + "\n".join("    " + line for line in body.split("\n")) + "\n)"
