"""The arithmetic both weight-norm and both spectral-norm APIs share."""
from minigrad import creation
from minigrad.autograd.grad_mode import no_grad
from minigrad.ops.distance import normalize


def norm_except_dim(v, dim):
    """The 2-norm of ``v`` over every dimension but ``dim``, kept broadcastable to ``v``.

    ``dim=-1`` (PyTorch's spelling of ``dim=None``) is the norm of the whole tensor.
    """
    if dim == -1:
        return (v * v).sum().sqrt()
    axes = tuple(i for i in range(v.ndim) if i != dim)
    return (v * v).sum(dim=axes, keepdim=True).sqrt()


def weight_norm_value(v, g, dim):
    """``v * g / ||v||``: the weight from its direction ``v`` and magnitude ``g``."""
    return v * (g / norm_except_dim(v, dim))


def weight_to_matrix(weight, dim):
    """``weight`` as a matrix whose rows run along ``dim``."""
    if dim != 0:
        order = [dim] + [d for d in range(weight.ndim) if d != dim]
        weight = weight.permute(order)
    return weight.reshape(weight.shape[0], -1)


def power_iteration_(matrix, u, v, iterations, eps, u_first=False):
    """Refine, in place and unrecorded, the singular vectors ``u`` and ``v`` of ``matrix``.

    PyTorch's hook API updates ``v`` then ``u`` in each step; its
    parametrization updates ``u`` then ``v`` (``u_first``).
    """
    with no_grad():
        m = matrix.detach()
        for _ in range(iterations):
            if u_first:
                u._data[...] = normalize(m @ v, dim=0, eps=eps)._data
            v._data[...] = normalize(m.T @ u, dim=0, eps=eps)._data
            if not u_first:
                u._data[...] = normalize(m @ v, dim=0, eps=eps)._data
        u._vc[0] += 1
        v._vc[0] += 1


def sigma(matrix, u, v):
    """The largest singular value estimate ``u . (W v)``, differentiable in ``W``."""
    return (u.detach().clone() * (matrix @ v.detach().clone())).sum()


def random_unit(n, dtype, eps):
    """A random vector of norm 1: where the power iteration starts."""
    return normalize(creation.randn(n, dtype=dtype), dim=0, eps=eps)
