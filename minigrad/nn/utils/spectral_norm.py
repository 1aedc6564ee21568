"""Spectral normalization by a forward pre-hook (PyTorch's older API, kept for its checkpoints).

``spectral_norm(module)`` replaces the parameter ``weight`` by
``weight_orig`` and the buffers ``weight_u`` and ``weight_v`` (the power
iteration's singular vectors); before every forward a hook sets
``module.weight = weight_orig / sigma`` as a plain attribute, running the
power iteration first in training mode.
:mod:`minigrad.nn.utils.parametrizations` has the current API.
"""
from minigrad.nn.modules.conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from minigrad.nn.modules.module import Module
from minigrad.nn.parameter import Parameter
from minigrad.nn.utils import _norms
from minigrad.ops._args import check_int

__all__ = ["spectral_norm", "remove_spectral_norm"]


class SpectralNorm:
    """The pre-hook that recomputes the weight from ``<name>_orig``, ``_u`` and ``_v``."""

    def __init__(self, name, n_power_iterations, dim, eps):
        self.name, self.dim, self.eps = name, dim, eps
        self.n_power_iterations = check_int("spectral_norm", "n_power_iterations",
                                            n_power_iterations, 1)

    def compute_weight(self, module, do_power_iteration):
        weight = getattr(module, self.name + "_orig")
        u = getattr(module, self.name + "_u")
        v = getattr(module, self.name + "_v")
        matrix = _norms.weight_to_matrix(weight, self.dim)
        if do_power_iteration:
            _norms.power_iteration_(matrix, u, v, self.n_power_iterations, self.eps)
        return weight / _norms.sigma(matrix, u, v)

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module, module.training))


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """Divide ``module.<name>`` by its largest singular value before every forward.

    .. math:: \\mathbf{W}_{SN} = \\frac{\\mathbf{W}}{\\sigma(\\mathbf{W})}

    Parameters
    ----------
    module : Module
        The module whose parameter is normalized; it is modified and returned.
    name : str, default 'weight'
        The name of the parameter to normalize; it must be a parameter of ``module``.
    n_power_iterations : int, default 1
        Power-iteration steps per forward in training mode, refining the
        estimate of the largest singular value held in the buffers ``u`` and
        ``v``; in evaluation mode the stored estimate is used as it is.
    eps : float, default 1e-12
        Added to the norms in the power iteration's normalizations, so that a
        zero vector does not divide by zero.
    dim : int, optional
        The dimension of output channels, which becomes the rows of the matrix
        whose singular value is estimated: 1 for transposed convolutions, 0 for
        every other module (the default, None, picks between the two).

    Returns
    -------
    Module
        ``module``, with parameter ``<name>_orig`` and buffers ``<name>_u``, ``<name>_v``.

    Raises
    ------
    ValueError
        If ``name`` is not a parameter of ``module``.
    RuntimeError
        If spectral norm is already applied to ``name``.

    Examples
    --------
    >>> from minigrad import nn
    >>> layer = nn.utils.spectral_norm(nn.Linear(20, 40))
    >>> list(layer.state_dict())
    ['bias', 'weight_orig', 'weight_u', 'weight_v']
    >>> layer.weight_u.shape
    minigrad.Size([40])
    """
    for hook in module._forward_pre_hooks.values():
        if isinstance(hook, SpectralNorm) and hook.name == name:
            raise RuntimeError(f"spectral_norm: cannot register two spectral_norm hooks on the "
                               f"same parameter {name}")
    if dim is None:
        transposed = (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)
        dim = 1 if isinstance(module, transposed) else 0
    hook = SpectralNorm(name, n_power_iterations, dim, eps)
    weight = module._parameters.get(name)
    if weight is None:
        raise ValueError(f"spectral_norm: {type(module).__name__} has no parameter '{name}'")
    matrix = _norms.weight_to_matrix(weight.detach(), dim)
    h, w = matrix.shape
    del module._parameters[name]
    module.register_parameter(name + "_orig", weight)
    setattr(module, name, weight.detach())
    module.register_buffer(name + "_u", _norms.random_unit(h, weight.dtype, eps))
    module.register_buffer(name + "_v", _norms.random_unit(w, weight.dtype, eps))
    module.register_forward_pre_hook(hook)
    return module


def remove_spectral_norm(module: Module, name: str = "weight") -> Module:
    """Undo :func:`spectral_norm`: ``<name>`` is one parameter again, the normalized value.

    Parameters
    ----------
    module : Module
        A module that :func:`spectral_norm` was applied to; it is modified and returned.
    name : str, default 'weight'
        The name of the normalized parameter: ``<name>_orig`` and the buffers
        ``<name>_u`` and ``<name>_v`` are replaced by a parameter ``<name>``
        holding the normalized weight.

    Returns
    -------
    Module
        ``module``.

    Raises
    ------
    ValueError
        If spectral norm was not applied to ``name``.

    Examples
    --------
    >>> from minigrad import nn
    >>> layer = nn.utils.remove_spectral_norm(nn.utils.spectral_norm(nn.Linear(2, 2)))
    >>> list(layer.state_dict())
    ['bias', 'weight']
    """
    for hook_id, hook in list(module._forward_pre_hooks.items()):
        if isinstance(hook, SpectralNorm) and hook.name == name:
            break
    else:
        raise ValueError(f"remove_spectral_norm: spectral_norm of '{name}' not found in "
                         f"{module!r}")
    weight = hook.compute_weight(module, do_power_iteration=False).detach()
    del module._forward_pre_hooks[hook_id]
    delattr(module, name)
    del module._parameters[name + "_orig"]
    del module._buffers[name + "_u"]
    del module._buffers[name + "_v"]
    module.register_parameter(name, Parameter(weight))
    return module
