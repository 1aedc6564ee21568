"""Lazy modules: layers whose input size is read from the first input instead of given.

``nn.LazyLinear(10)`` is a ``Linear`` whose ``in_features`` is not known
yet: its weight and bias are :class:`~minigrad.nn.UninitializedParameter`
objects. A forward pre-hook runs once, on the first call: it reads the size
from the input, materializes the parameters in place (same objects, so an
optimizer built before the call updates them afterwards), initializes them
as the eager layer does, removes itself, and turns the module into the
eager class (``LazyLinear`` becomes ``Linear``), as PyTorch does.

Loading a state dict into a lazy module materializes the parameters it
holds at the checkpoint's shapes; the module becomes eager on its first call.
"""
from minigrad.nn.parameter import is_lazy
from minigrad.ops._args import check_tensor

__all__ = ["LazyModuleMixin"]


def _infer_parameters(module, args, kwargs):
    # Every lazy layer reads its sizes from a first input that must be a tensor.
    check_tensor(type(module).__name__, "input", args[0] if args else kwargs.get("input"))
    module.initialize_parameters(*args, **kwargs)
    if module.has_uninitialized_params():
        raise RuntimeError(f"{type(module).__name__}: module has not been fully initialized")
    module._initialize_hook.remove()
    del module._initialize_hook
    if module.cls_to_become is not None:
        module.__class__ = module.cls_to_become


class LazyModuleMixin:
    """The shared machinery of the lazy layers; put it first among the bases.

    A subclass sets ``cls_to_become`` (the eager class) and defines
    ``initialize_parameters(input)``, which materializes the uninitialized
    parameters and buffers from the input's shape and initializes them.

    Parameters
    ----------
    *args, **kwargs
        Passed on unchanged to the next class in the method resolution order,
        the eager layer's constructor.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> layer = nn.LazyLinear(3)
    >>> layer
    LazyLinear(in_features=0, out_features=3, bias=True)
    >>> layer.weight
    <UninitializedParameter>
    >>> layer(minigrad.ones(2, 5)).shape
    minigrad.Size([2, 3])
    >>> layer
    Linear(in_features=5, out_features=3, bias=True)
    """

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(_infer_parameters,
                                                               with_kwargs=True)

    def has_uninitialized_params(self) -> bool:
        """Whether a parameter or buffer of this module (not its children) is still lazy."""
        tensors = list(self._parameters.values()) + list(self._buffers.values())
        return any(is_lazy(t) for t in tensors)

    def initialize_parameters(self, *args, **kwargs) -> None:
        """Materialize and initialize the parameters from the first input."""
        raise NotImplementedError(f"{type(self).__name__} must define initialize_parameters")
