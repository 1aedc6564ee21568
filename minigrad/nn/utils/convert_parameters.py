"""Flattening parameters into one vector and back."""
from collections.abc import Iterable

import numpy as np

from minigrad.autograd.grad_mode import no_grad
from minigrad.ops.shape import cat
from minigrad.tensor import Tensor

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def _params(parameters, op):
    if isinstance(parameters, Tensor):
        raise TypeError(f"{op}: expected an iterable of Tensors, but got a Tensor")
    items = list(parameters)
    for p in items:
        if not isinstance(p, Tensor):
            raise TypeError(f"{op}: expected Tensors, got {type(p).__name__}")
    return items


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """Concatenate the parameters, each flattened, into one 1-d tensor.

    The result is a new tensor; the operation is recorded, so gradients
    flow back to the parameters.

    Parameters
    ----------
    parameters : iterable of Tensor
        The tensors to concatenate, in order (``module.parameters()`` for
        instance); not a single Tensor.

    Returns
    -------
    Tensor
        1-d, of length the total number of elements.

    Raises
    ------
    TypeError
        If ``parameters`` is a Tensor or holds something else.

    Examples
    --------
    >>> from minigrad import nn
    >>> layer = nn.Linear(3, 2)
    >>> nn.utils.parameters_to_vector(layer.parameters()).shape
    minigrad.Size([8])
    """
    params = _params(parameters, "parameters_to_vector")
    if not params:
        raise ValueError("parameters_to_vector: expected at least one parameter")
    return cat([p.reshape(-1) for p in params])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-d ``vec`` into the parameters, in place.

    Unlike PyTorch, which points each parameter's data at a view of
    ``vec``, the values are copied: the parameters keep their own memory,
    so later changes to ``vec`` do not leak into the model.

    Parameters
    ----------
    vec : Tensor
        1-d, with exactly as many elements as the parameters have together;
        its values are cast to each parameter's dtype.
    parameters : iterable of Tensor
        The tensors to overwrite, in the order their slices come in ``vec``
        (``module.parameters()`` for instance); not a single Tensor. Nothing is
        recorded on the tape.

    Returns
    -------
    None

    Raises
    ------
    TypeError
        If ``vec`` is not a Tensor.
    ValueError
        If ``vec`` is not 1-d or its length differs from the parameters' total size.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> layer = nn.Linear(2, 1)
    >>> nn.utils.vector_to_parameters(minigrad.arange(3.0), layer.parameters())
    >>> layer.weight.tolist(), layer.bias.tolist()
    ([[0.0, 1.0]], [2.0])
    """
    op = "vector_to_parameters"
    if not isinstance(vec, Tensor):
        raise TypeError(f"{op}: expected vec to be a Tensor, but got {type(vec).__name__}")
    params = _params(parameters, op)
    total = sum(p._data.size for p in params)
    if vec.ndim != 1 or vec.shape[0] != total:
        raise ValueError(f"{op}: expected a 1-d vector of {total} elements (the parameters' "
                         f"total size), got shape {list(vec.shape)}")
    offset = 0
    with no_grad():
        for p in params:
            n = p._data.size
            np.copyto(p._data, vec._data[offset:offset + n].reshape(p.shape), casting="unsafe")
            p._vc[0] += 1
            offset += n
