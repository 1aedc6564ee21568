"""Weight normalization by a forward pre-hook (PyTorch's older API, kept for its checkpoints).

``weight_norm(module)`` replaces the parameter ``weight`` by ``weight_g``
(magnitude) and ``weight_v`` (direction); before every forward a hook sets
``module.weight = weight_v * weight_g / ||weight_v||`` as a plain attribute.
:mod:`minigrad.nn.utils.parametrizations` has the current API.
"""
from minigrad.nn.modules.module import Module
from minigrad.nn.parameter import Parameter
from minigrad.nn.utils import _norms

__all__ = ["weight_norm", "remove_weight_norm"]


class WeightNorm:
    """The pre-hook that recomputes the weight from ``<name>_g`` and ``<name>_v``."""

    def __init__(self, name, dim):
        self.name = name
        self.dim = -1 if dim is None else dim

    def compute_weight(self, module):
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _norms.weight_norm_value(v, g, self.dim)

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def _find_hook(module, name, kind):
    for hook_id, hook in module._forward_pre_hooks.items():
        if isinstance(hook, kind) and hook.name == name:
            return hook_id, hook
    return None, None


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """Replace ``module.<name>`` by a magnitude ``<name>_g`` and a direction ``<name>_v``.

    .. math:: \\mathbf{w} = g \\frac{\\mathbf{v}}{\\lVert \\mathbf{v} \\rVert}

    Parameters
    ----------
    module : Module
        The module whose parameter is reparametrized; it is modified and returned.
    name : str, default 'weight'
        The name of the parameter to split; it must be a parameter of ``module``.
    dim : int or None, default 0
        The dimension that keeps its own magnitude: ``g`` has size 1 in every
        other dimension, so each output channel (dimension 0 of a ``Linear`` or
        ``Conv`` weight) gets its own scale. ``None`` uses one magnitude for the
        whole tensor.

    Returns
    -------
    Module
        ``module``, with parameters ``<name>_g`` and ``<name>_v``.

    Raises
    ------
    ValueError
        If ``name`` is not a parameter of ``module``.
    RuntimeError
        If weight norm is already applied to ``name``.

    Examples
    --------
    >>> from minigrad import nn
    >>> layer = nn.utils.weight_norm(nn.Linear(20, 40), name="weight")
    >>> layer.weight_g.shape, layer.weight_v.shape
    (minigrad.Size([40, 1]), minigrad.Size([40, 20]))
    >>> list(layer.state_dict())
    ['bias', 'weight_g', 'weight_v']
    """
    if _find_hook(module, name, WeightNorm)[1] is not None:
        raise RuntimeError(f"weight_norm: cannot register two weight_norm hooks on the same "
                           f"parameter {name}")
    if dim is not None and dim < -1:
        dim += getattr(module, name).ndim
    hook = WeightNorm(name, dim)
    weight = getattr(module, name)
    if not isinstance(weight, Parameter):
        raise ValueError(f"weight_norm: {type(module).__name__}.{name} is not a parameter")
    del module._parameters[name]
    module.register_parameter(name + "_g", Parameter(_norms.norm_except_dim(weight, hook.dim)
                                                     .detach()))
    module.register_parameter(name + "_v", Parameter(weight.detach()))
    setattr(module, name, hook.compute_weight(module))
    module.register_forward_pre_hook(hook)
    return module


def remove_weight_norm(module: Module, name: str = "weight") -> Module:
    """Undo :func:`weight_norm`: ``<name>`` is one parameter again, with the current value.

    Parameters
    ----------
    module : Module
        A module that :func:`weight_norm` was applied to; it is modified and returned.
    name : str, default 'weight'
        The name of the reparametrized parameter: ``<name>_g`` and ``<name>_v``
        are replaced by a parameter ``<name>`` holding ``g * v / ||v||``.

    Returns
    -------
    Module
        ``module``.

    Raises
    ------
    ValueError
        If weight norm was not applied to ``name``.

    Examples
    --------
    >>> from minigrad import nn
    >>> layer = nn.utils.remove_weight_norm(nn.utils.weight_norm(nn.Linear(2, 2)))
    >>> list(layer.state_dict())
    ['bias', 'weight']
    """
    hook_id, hook = _find_hook(module, name, WeightNorm)
    if hook is None:
        raise ValueError(f"remove_weight_norm: weight_norm of '{name}' not found in {module!r}")
    weight = hook.compute_weight(module).detach()
    del module._forward_pre_hooks[hook_id]
    delattr(module, name)
    del module._parameters[name + "_g"]
    del module._parameters[name + "_v"]
    module.register_parameter(name, Parameter(weight))
    return module
