"""Weight normalization, spectral normalization and orthogonality as parametrizations
(the current PyTorch API).

Each registers a parametrization with :mod:`minigrad.nn.utils.parametrize`,
so the weight is recomputed from its originals at every access and the
state-dict keys are PyTorch's: ``parametrizations.weight.original0`` (the
magnitude ``g``) and ``original1`` (the direction ``v``) for weight norm;
``parametrizations.weight.original`` and the power iteration's vectors
``parametrizations.weight.0._u`` and ``._v`` for spectral norm;
``parametrizations.weight.original`` and, by default, the orthogonal
``parametrizations.weight.0.base`` for orthogonal.
"""
import numpy as np

import minigrad
from minigrad.nn.modules.module import Module
from minigrad.nn.utils import _norms, _orthogonal, parametrize
from minigrad.ops._args import check_int
from minigrad.ops.distance import normalize
from minigrad.tensor import Tensor

__all__ = ["weight_norm", "spectral_norm", "orthogonal"]


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


class _Orthogonal(Module):
    """``weight = base @ map(original)``, transposed for a wide weight (see :func:`orthogonal`)."""

    def __init__(self, weight, orthogonal_map, use_trivialization=True):
        super().__init__()
        self.shape = tuple(weight.shape)
        self.orthogonal_map = orthogonal_map
        self.use_trivialization = use_trivialization
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, x):
        transposed = x.shape[-2] < x.shape[-1]
        if transposed:
            x = x.transpose(-2, -1)
        q = getattr(_orthogonal, self.orthogonal_map)(x)
        if self.use_trivialization and self.base is not None:
            q = self.base @ q
        return q.transpose(-2, -1) if transposed else q

    def right_inverse(self, value):
        if tuple(value.shape) != self.shape:
            raise ValueError(f"orthogonal: expected a matrix of shape {list(self.shape)} to "
                             f"assign, got {list(value.shape)}")
        q = value.detach().numpy()
        transposed = q.shape[-2] < q.shape[-1]
        if transposed:
            q = np.swapaxes(q, -1, -2)
        if not self.use_trivialization:
            if self.orthogonal_map != "householder":
                raise NotImplementedError(
                    f"orthogonal: a matrix can be assigned to the {self.orthogonal_map} map only "
                    f"with use_trivialization=True")
            packed = _orthogonal.householder_inverse(q)
            return minigrad.tensor(np.swapaxes(packed, -1, -2) if transposed else packed,
                                   dtype=value.dtype)
        n, k = q.shape[-2:]
        if n != k:  # complete the columns to a square orthogonal base at random
            extra = minigrad.randn(*q.shape[:-2], n, n - k, dtype=value.dtype).numpy()
            q = np.concatenate([q, extra], axis=-1)
        if n != k or not _orthogonal.is_orthonormal(q):
            q = _orthogonal.orthonormalize(q)
        self.base = minigrad.tensor(q.copy(), dtype=value.dtype)
        # The original becomes "-I": every map takes it to the identity's columns.
        minus_identity = np.zeros(self.shape, dtype=q.dtype)
        diagonal = np.arange(min(self.shape[-2:]))
        minus_identity[..., diagonal, diagonal] = -1
        return minigrad.tensor(minus_identity, dtype=value.dtype)


def orthogonal(module: Module, name: str = "weight", orthogonal_map: str | None = None, *,
               use_trivialization: bool = True) -> Module:
    r"""Constrain ``module.<name>`` to an orthogonal matrix (or a batch of them).

    A tall ``n x k`` weight (``n >= k``) gets orthonormal columns,
    ``W^T W = I``; a wide one orthonormal rows, ``W W^T = I``. The weight is
    recomputed at every access from an unconstrained ``original`` by one of
    three maps, all applied to the tall orientation: with ``A`` the
    skew-symmetric matrix made from the lower triangle of ``original``
    (zero-padded to ``n x n``),

    .. math::
        \text{matrix\_exp}: Q = e^{A}, \qquad
        \text{cayley}: Q = (I - \tfrac{1}{2}A)^{-1}(I + \tfrac{1}{2}A), \qquad
        \text{householder}: Q = H_1 H_2 \cdots H_k

    keeping the first ``k`` columns; the reflections ``H_i = I - \tau_i v_i
    v_i^T`` take their vectors from the columns below the diagonal. With
    ``use_trivialization=True`` the weight is ``base @ Q``: ``base``, a
    buffer, is the (orthonormalized) weight at registration or last
    assignment, and ``original`` starts from ``-I``, which every map takes
    to the identity, so the weight starts where it was and optimizers move
    it along the orthogonal group around ``base``.

    Parameters
    ----------
    module : Module
        The module whose tensor is constrained; it is changed in place.
    name : str, default 'weight'
        The name of a parameter or buffer of ``module`` with at least 2
        dimensions (a matrix, or a batch of matrices in the leading ones).
    orthogonal_map : {'matrix_exp', 'cayley', 'householder'}, optional
        The map from ``original`` to the orthogonal matrix. By default
        ``'matrix_exp'`` for a square weight and ``'householder'`` otherwise,
        as in PyTorch.
    use_trivialization : bool, default True
        Keep the ``base`` buffer and map around it (see above). Without it,
        ``original`` is the map's own coordinates; assigning to the weight
        then works only for the ``'householder'`` map (``NotImplementedError``
        for the others, as in PyTorch), and at registration the original
        keeps its values for them.

    Returns
    -------
    Module
        ``module``, with ``parametrizations.<name>.original`` and, with
        ``use_trivialization``, the buffer ``parametrizations.<name>.0.base``.

    Raises
    ------
    ValueError
        If ``module`` has no tensor ``name``, it has fewer than 2 dimensions,
        or ``orthogonal_map`` is not one of the three maps.

    Notes
    -----
    Real matrices only (minigrad has no complex dtype). Assigning a
    non-orthogonal matrix to the weight stores its orthonormalization (the
    ``Q`` of its QR factorization with a non-negative diagonal of ``R``); a
    tall non-square base is completed with random columns, drawn from
    minigrad's generator (:func:`minigrad.manual_seed` makes it repeatable).

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> from minigrad.nn.utils.parametrizations import orthogonal
    >>> layer = orthogonal(nn.Linear(3, 5))
    >>> list(layer.state_dict())  # doctest: +NORMALIZE_WHITESPACE
    ['bias', 'parametrizations.weight.original', 'parametrizations.weight.0.base']
    >>> w = layer.weight
    >>> minigrad.allclose(w.T @ w, minigrad.eye(3), atol=1e-6)
    True
    """
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError(f"orthogonal: module '{type(module).__name__}' has no parameter or "
                         f"buffer with name '{name}'")
    if weight.ndim < 2:
        raise ValueError(f"orthogonal: expected a matrix or a batch of matrices, got a tensor of "
                         f"shape {list(weight.shape)}")
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.shape[-2] == weight.shape[-1] else "householder"
    if orthogonal_map not in _orthogonal.MAPS:
        raise ValueError(f"orthogonal: orthogonal_map must be one of 'matrix_exp', 'cayley', "
                         f"'householder', got {orthogonal_map!r}")
    parametrize.register_parametrization(
        module, name, _Orthogonal(weight, orthogonal_map, bool(use_trivialization)), unsafe=True)
    return module
