"""Weight normalization and spectral normalization as parametrizations (the current PyTorch API).

Each registers a parametrization with :mod:`minigrad.nn.utils.parametrize`,
so the weight is recomputed from its originals at every access and the
state-dict keys are PyTorch's: ``parametrizations.weight.original0`` (the
magnitude ``g``) and ``original1`` (the direction ``v``) for weight norm;
``parametrizations.weight.original`` and the power iteration's vectors
``parametrizations.weight.0._u`` and ``._v`` for spectral norm.
"""
from minigrad.nn.modules.module import Module
from minigrad.nn.utils import _norms, parametrize
from minigrad.ops._args import check_int
from minigrad.ops.distance import normalize

__all__ = ["weight_norm", "spectral_norm"]


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return _norms.weight_norm_value(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        return _norms.norm_except_dim(weight, self.dim), weight


def weight_norm(module: Module, name: str = "weight", dim: int | None = 0) -> Module:
    """Reparametrize ``module.<name>`` as ``g * v / ||v||``: magnitude and direction apart.

    .. math:: \\mathbf{w} = g \\frac{\\mathbf{v}}{\\lVert \\mathbf{v} \\rVert}

    Parameters
    ----------
    module : Module
    name : str, default 'weight'
    dim : int or None, default 0
        The dimension that keeps its own magnitude (the output channels);
        ``None`` uses one magnitude for the whole tensor.

    Returns
    -------
    Module
        ``module``, with ``parametrizations.weight.original0`` (``g``) and
        ``original1`` (``v``).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.nn.utils.parametrizations import weight_norm
    >>> layer = weight_norm(nn.Linear(20, 40))
    >>> layer.parametrizations.weight.original0.shape, layer.parametrizations.weight.original1.shape
    (minigrad.Size([40, 1]), minigrad.Size([40, 20]))
    """
    if dim is not None:
        dim = check_int("weight_norm", "dim", dim)
        if dim < -1:
            dim += getattr(module, name).ndim
    parametrize.register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


class _SpectralNorm(Module):
    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if not -ndim <= dim < max(ndim, 1):
            raise ValueError(f"spectral_norm: dim must be in [-{ndim}, {ndim - 1}], got {dim}")
        if n_power_iterations <= 0:
            raise ValueError("spectral_norm: expected n_power_iterations to be positive, got "
                             f"n_power_iterations={n_power_iterations}")
        self.dim = dim % ndim if ndim else 0
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            matrix = _norms.weight_to_matrix(weight.detach(), self.dim)
            h, w = matrix.shape
            self.register_buffer("_u", _norms.random_unit(h, weight.dtype, eps))
            self.register_buffer("_v", _norms.random_unit(w, weight.dtype, eps))
            # Start from good estimates, as PyTorch does.
            _norms.power_iteration_(matrix, self._u, self._v, 15, eps, u_first=True)

    def forward(self, weight):
        if weight.ndim == 1:
            return normalize(weight, dim=0, eps=self.eps)
        matrix = _norms.weight_to_matrix(weight, self.dim)
        if self.training:
            _norms.power_iteration_(matrix, self._u, self._v, self.n_power_iterations, self.eps,
                                    u_first=True)
        return weight / _norms.sigma(matrix, self._u, self._v)

    def right_inverse(self, value):
        return value


def spectral_norm(module: Module, name: str = "weight", n_power_iterations: int = 1,
                  eps: float = 1e-12, dim: int | None = None) -> Module:
    """Divide ``module.<name>`` by its largest singular value, estimated by power iteration.

    .. math:: \\mathbf{W}_{SN} = \\frac{\\mathbf{W}}{\\sigma(\\mathbf{W})}

    In training mode every access runs ``n_power_iterations`` steps of the
    power iteration (updating the ``_u`` and ``_v`` buffers); in evaluation
    mode the stored vectors are used as they are.

    Parameters
    ----------
    module : Module
    name : str, default 'weight'
    n_power_iterations : int, default 1
    eps : float, default 1e-12
        Guards the normalizations of the power iteration.
    dim : int, optional
        The dimension of the output channels: 1 for transposed convolutions,
        0 otherwise.

    Returns
    -------
    Module
        ``module``.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.nn.utils.parametrizations import spectral_norm
    >>> layer = spectral_norm(nn.Linear(20, 40))
    >>> list(layer.state_dict())  # doctest: +NORMALIZE_WHITESPACE
    ['bias', 'parametrizations.weight.original', 'parametrizations.weight.0._u',
     'parametrizations.weight.0._v']
    """
    from minigrad.nn.modules.conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d

    weight = getattr(module, name, None)
    if weight is None:
        raise ValueError(f"spectral_norm: module '{type(module).__name__}' has no parameter or "
                         f"buffer with name '{name}'")
    if dim is None:
        transposed = (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)
        dim = 1 if isinstance(module, transposed) else 0
    parametrize.register_parametrization(
        module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
