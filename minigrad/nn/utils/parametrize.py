"""Parametrizations: a module's tensor computed from other tensors, as ``torch.nn.utils.parametrize``.

``register_parametrization(module, "weight", p)`` moves the parameter to
``module.parametrizations.weight.original`` and makes ``module.weight`` a
property that returns ``p(original)``, recomputed at every access (or once
per :func:`cached` block). A parametrization with a ``right_inverse``
stores ``right_inverse(weight)`` as the original instead (several tensors,
``original0``, ``original1``, ..., when it returns a tuple); assigning to
``module.weight`` goes through it too.

The module's class becomes a subclass made for it, ``ParametrizedLinear``
say, that holds the properties; removing the last parametrization restores
the class. The state-dict keys are PyTorch's.
"""
import contextlib

from minigrad.autograd.grad_mode import no_grad
from minigrad.nn.modules.container import ModuleDict, ModuleList
from minigrad.nn.modules.module import Module
from minigrad.nn.parameter import Parameter
from minigrad.tensor import Tensor

__all__ = ["register_parametrization", "remove_parametrizations", "is_parametrized", "cached",
           "ParametrizationList"]

_cache_depth = 0
_cache = {}


@contextlib.contextmanager
def cached():
    """Compute each parametrized tensor once inside the block, at its first access.

    Useful when a parametrized weight is used several times per forward
    (a recurrent layer, say) or by several modules.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.nn.utils import parametrize
    >>> class Symmetric(nn.Module):
    ...     def forward(self, x):
    ...         return (x + x.T) / 2
    >>> layer = nn.Linear(3, 3)
    >>> _ = parametrize.register_parametrization(layer, "weight", Symmetric())
    >>> with parametrize.cached():
    ...     layer.weight is layer.weight
    True
    """
    global _cache_depth
    _cache_depth += 1
    try:
        yield
    finally:
        _cache_depth -= 1
        if _cache_depth == 0:
            _cache.clear()


def _set_in_place(target, value):
    """Give the parameter ``target`` the values of ``value``, keeping the object."""
    with no_grad():
        target._data = value._data.copy() if value._data is not target._data else target._data
        target._vc[0] += 1


def _register(module, name, tensor):
    """A parameter stays a parameter, a buffer a buffer, as in PyTorch."""
    if isinstance(tensor, Parameter):
        module.register_parameter(name, tensor)
    else:
        module.register_buffer(name, tensor)


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, in order, and the original tensor(s) they act on.

    ``original`` (or ``original0``, ``original1``, ...) are its parameters;
    calling it returns the parametrized tensor. Made by
    :func:`register_parametrization`, not directly.

    Parameters
    ----------
    modules : sequence of Module
        The parametrizations, applied in order: the first maps the original
        tensor(s), each next one maps the previous result.
    original : Tensor
        The tensor being parametrized. When the parametrizations have a
        ``right_inverse``, it is applied (last parametrization first) and the
        result is stored as ``original`` (or as ``original0``, ``original1`` ...
        when it is a sequence of tensors).
    unsafe : bool, default False
        Skip the check that the parametrizations keep the shape and dtype.
    """

    def __init__(self, modules, original, unsafe=False):
        super().__init__(modules)
        self.unsafe = unsafe
        new = original
        with no_grad():
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    try:
                        new = module.right_inverse(new)
                    except NotImplementedError:
                        pass  # as in PyTorch: the original keeps its values
        if isinstance(new, Tensor):
            self.is_tensor = True
            self.ntensors = 1
            if new is not original:
                _set_in_place(original, new)
            _register(self, "original", original)
        else:
            self.is_tensor = False
            self.ntensors = len(new)
            for i, tensor in enumerate(new):
                self.register_parameter(f"original{i}",
                                        Parameter(tensor.detach(), original.requires_grad))

    def right_inverse(self, value) -> None:
        """Set the original(s) so that this parametrization gives ``value``."""
        with no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError(f"parametrization {type(module).__name__} does not "
                                       "implement right_inverse")
                value = module.right_inverse(value)
            if self.is_tensor:
                _set_in_place(self.original, value)
            else:
                for i, tensor in enumerate(value):
                    _set_in_place(getattr(self, f"original{i}"), tensor)

    def forward(self):
        first, *rest = list(self)
        if self.is_tensor:
            x = first(self.original)
        else:
            x = first(*(getattr(self, f"original{i}") for i in range(self.ntensors)))
        for module in rest:
            x = module(x)
        return x


def _parametrized_property(tensor_name):
    def get(self):
        parametrization = self.parametrizations[tensor_name]
        if _cache_depth == 0:
            return parametrization()
        key = (id(self), tensor_name)
        if key not in _cache:
            _cache[key] = parametrization()
        return _cache[key]

    def set_(self, value):
        self.parametrizations[tensor_name].right_inverse(value)

    return property(get, set_)


def register_parametrization(module: Module, tensor_name: str, parametrization: Module,
                             *, unsafe: bool = False) -> Module:
    """Make ``module.<tensor_name>`` the output of ``parametrization`` on the original tensor.

    Parameters
    ----------
    module : Module
        The module that owns the tensor; it is modified and returned.
    tensor_name : str
        A parameter or buffer of ``module`` (or an already parametrized name,
        to chain another parametrization after the existing ones).
    parametrization : Module
        Its ``forward`` maps the original tensor(s) to the tensor; an
        optional ``right_inverse`` maps a tensor back to the original(s).
    unsafe : bool, default False
        Skip the check that the parametrization keeps the shape and dtype.

    Returns
    -------
    Module
        ``module``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.nn.utils import parametrize
    >>> class Positive(nn.Module):
    ...     def forward(self, x):
    ...         return x.exp()
    ...     def right_inverse(self, y):
    ...         return y.log()
    >>> layer = nn.Linear(2, 2)
    >>> _ = nn.init.ones_(layer.weight)
    >>> _ = parametrize.register_parametrization(layer, "weight", Positive())
    >>> type(layer).__name__, list(layer.state_dict())
    ('ParametrizedLinear', ['bias', 'parametrizations.weight.original'])
    >>> layer.weight.tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    if not isinstance(parametrization, Module):
        raise TypeError(f"register_parametrization: expected a Module as parametrization, "
                        f"got {type(parametrization).__name__}")
    if is_parametrized(module, tensor_name):
        if not unsafe:
            current = getattr(module, tensor_name)
            out = parametrization(current)
            _check_same(out, current, "parametrization")
        module.parametrizations[tensor_name].append(parametrization)
        module.parametrizations[tensor_name].unsafe |= unsafe
        return module
    if tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        if original is None:
            raise ValueError(f"register_parametrization: {type(module).__name__}.{tensor_name} "
                             "is None")
        parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
        if not unsafe:
            _check_same(parametrizations(), original, "register_parametrization")
        delattr(module, tensor_name)
        if not is_parametrized(module):
            module.parametrizations = ModuleDict()
            cls = type(module)
            module.__class__ = type(f"Parametrized{cls.__name__}", (cls,), {})
        module.parametrizations[tensor_name] = parametrizations
        setattr(type(module), tensor_name, _parametrized_property(tensor_name))
        return module
    raise ValueError(f"register_parametrization: module '{type(module).__name__}' has no "
                     f"parameter or buffer with name '{tensor_name}'")


def _check_same(out, original, op):
    if not isinstance(out, Tensor):
        raise ValueError(f"{op}: a parametrization must return a tensor, got {type(out).__name__}")
    if out.dtype != original.dtype or tuple(out.shape) != tuple(original.shape):
        raise ValueError(
            f"{op}: registering a parametrization may not change the shape or dtype of the "
            f"tensor (unless unsafe=True): {list(original.shape)} {original.dtype} became "
            f"{list(out.shape)} {out.dtype}"
        )


def is_parametrized(module: Module, tensor_name: str | None = None) -> bool:
    """Whether ``module`` has a parametrization (on ``tensor_name``, if given).

    Parameters
    ----------
    module : Module
        The module to look at; only its own tensors count, not its children's.
    tensor_name : str, optional
        The name of a parameter or buffer; when omitted, whether any of
        ``module``'s tensors is parametrized.

    Returns
    -------
    bool

    Examples
    --------
    >>> from minigrad import nn
    >>> from minigrad.nn.utils import parametrize
    >>> parametrize.is_parametrized(nn.Linear(2, 2))
    False
    """
    parametrizations = module._modules.get("parametrizations")
    if not isinstance(parametrizations, ModuleDict):
        return False
    if tensor_name is None:
        return len(parametrizations) > 0
    return tensor_name in parametrizations


def remove_parametrizations(module: Module, tensor_name: str,
                            leave_parametrized: bool = True) -> Module:
    """Remove the parametrizations of ``tensor_name``; it becomes a parameter again.

    Parameters
    ----------
    module : Module
    tensor_name : str
    leave_parametrized : bool, default True
        Keep the current parametrized value (else the original's, which
        requires a single original tensor). The parameter object is the
        original, so an optimizer holding it keeps working.

    Returns
    -------
    Module
        ``module``, of its original class once no parametrization is left.

    Examples
    --------
    >>> from minigrad import nn
    >>> from minigrad.nn.utils import parametrize, parametrizations
    >>> layer = parametrizations.weight_norm(nn.Linear(3, 2))
    >>> _ = parametrize.remove_parametrizations(layer, "weight")
    >>> type(layer).__name__, list(layer.state_dict())
    ('Linear', ['bias', 'weight'])
    """
    if not is_parametrized(module, tensor_name):
        raise ValueError(f"remove_parametrizations: module {type(module).__name__} does not "
                         f"have a parametrization on {tensor_name}")
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                value = getattr(module, tensor_name)
            _set_in_place(original, value)
    else:
        if not leave_parametrized:
            raise ValueError("remove_parametrizations: cannot leave unparametrized "
                             "(leave_parametrized=False) a tensor that is parametrized in "
                             "terms of a sequence of tensors")
        with no_grad():
            value = getattr(module, tensor_name)
        original = Parameter(value.detach(), value.requires_grad or any(
            p.requires_grad for p in parametrizations.parameters(recurse=False)))
    delattr(type(module), tensor_name)
    del module.parametrizations[tensor_name]
    _register(module, tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = type(module).__bases__[0]
    return module
