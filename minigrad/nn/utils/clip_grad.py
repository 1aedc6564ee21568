"""Gradient clipping, by total norm or by value, in place."""
import math
from collections.abc import Iterable

import numpy as np

from minigrad.tensor import Tensor

__all__ = ["clip_grad_norm_", "clip_grad_value_", "get_total_norm", "clip_grads_with_norm_"]

_TensorOrTensors = Tensor | Iterable[Tensor]


def _as_list(tensors, op):
    if isinstance(tensors, Tensor):
        return [tensors]
    try:
        items = list(tensors)
    except TypeError:
        raise TypeError(f"{op}: expected a Tensor or an iterable of Tensors, got "
                        f"{type(tensors).__name__}") from None
    for t in items:
        if not isinstance(t, Tensor):
            raise TypeError(f"{op}: expected Tensors, got {type(t).__name__}")
    return items


def _norm_type(op, norm_type):
    value = float(norm_type)
    if math.isnan(value) or value <= 0:
        raise ValueError(f"{op}: norm_type must be positive (or inf), got {norm_type!r}")
    return value


def get_total_norm(tensors: _TensorOrTensors, norm_type: float = 2.0,
                   error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """The ``norm_type``-norm of all the given tensors together, as if concatenated.

    Computed in float64 and returned as a scalar tensor of the first
    tensor's dtype (``tensor(0.)`` when the list is empty). ``foreach`` is
    accepted for PyTorch compatibility and ignored.

    Parameters
    ----------
    tensors : Tensor or iterable of Tensor
        The tensors (usually gradients) whose norm is taken together; an
        iterator is consumed once.
    norm_type : float, default 2.0
        The order ``p`` of the norm, ``(sum |x|^p)^(1/p)`` over every element of
        every tensor; positive, or ``float('inf')`` for the largest absolute value.
    error_if_nonfinite : bool, default False
        Raise ``RuntimeError`` when the norm is ``nan`` or ``inf``, instead of
        returning it.
    foreach : bool, optional
        Ignored; accepted for PyTorch compatibility.

    Returns
    -------
    Tensor
        0-d, of the first tensor's dtype; never requires grad.

    Raises
    ------
    RuntimeError
        With ``error_if_nonfinite=True``, if the norm is ``nan`` or ``inf``.
    ValueError
        If ``norm_type`` is not positive.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.nn.utils import get_total_norm
    >>> get_total_norm([minigrad.tensor([3.0]), minigrad.tensor([4.0])])
    tensor(5.)
    """
    op = "get_total_norm"
    tensors = _as_list(tensors, op)
    p = _norm_type(op, norm_type)
    if not tensors:
        return Tensor._make(np.array(0.0, np.float32), False)
    arrays = [np.abs(t._data.astype(np.float64, copy=False)) for t in tensors]
    if math.isinf(p):
        total = max(float(a.max()) if a.size else 0.0 for a in arrays)
    else:
        total = sum(float((a**p).sum()) for a in arrays) ** (1.0 / p)
    if error_if_nonfinite and not math.isfinite(total):
        raise RuntimeError(
            f"{op}: the total norm of order {norm_type} of the gradients is non-finite, so it "
            f"cannot be clipped. To disable this error and scale the gradients by the "
            f"non-finite norm anyway, set error_if_nonfinite=False"
        )
    return Tensor._make(np.array(total, tensors[0]._data.dtype), False)


def clip_grads_with_norm_(parameters: _TensorOrTensors, max_norm: float, total_norm: Tensor,
                          foreach: bool | None = None) -> None:
    """Scale the gradients by ``max_norm / (total_norm + 1e-6)`` when that is below 1.

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
        The tensors whose ``.grad`` is scaled in place; those without a gradient
        are skipped.
    max_norm : float
        The largest total norm allowed.
    total_norm : Tensor or float
        The total norm of the gradients, usually from :func:`get_total_norm`;
        splitting the two steps lets the norm be logged or reduced across
        processes before clipping.
    foreach : bool, optional
        Ignored; accepted for PyTorch compatibility.

    Returns
    -------
    None

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.nn import Parameter
    >>> from minigrad.nn.utils import clip_grads_with_norm_
    >>> p = Parameter(minigrad.zeros(2)); p.grad = minigrad.tensor([3.0, 4.0])
    >>> clip_grads_with_norm_([p], 1.0, minigrad.tensor(5.0))
    >>> [round(v, 4) for v in p.grad.tolist()]
    [0.6, 0.8]
    """
    params = _as_list(parameters, "clip_grads_with_norm_")
    norm = float(total_norm.item() if isinstance(total_norm, Tensor) else total_norm)
    coef = float(max_norm) / (norm + 1e-6)
    if coef >= 1.0:
        return
    for p in params:
        if p.grad is not None:
            np.multiply(p.grad._data, coef, out=p.grad._data, casting="unsafe")
            p.grad._vc[0] += 1


def clip_grad_norm_(parameters: _TensorOrTensors, max_norm: float, norm_type: float = 2.0,
                    error_if_nonfinite: bool = False, foreach: bool | None = None) -> Tensor:
    """Rescale the gradients in place so that their total norm is at most ``max_norm``.

    The norm is taken over all the gradients together, as if concatenated
    into one vector; gradients that are ``None`` are skipped. When the norm
    exceeds ``max_norm`` every gradient is multiplied by
    ``max_norm / (total_norm + 1e-6)``.

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
        Tensors whose ``.grad`` is clipped (an iterator is consumed once).
    max_norm : float
        The largest total norm allowed.
    norm_type : float, default 2.0
        The order of the norm; ``float('inf')`` for the largest absolute value.
    error_if_nonfinite : bool, default False
        Raise ``RuntimeError`` instead of scaling when the norm is ``nan`` or ``inf``.
    foreach : bool, optional
        Ignored (PyTorch compatibility).

    Returns
    -------
    Tensor
        The total norm before clipping.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad import nn
    >>> layer = nn.Linear(2, 1)
    >>> layer(minigrad.tensor([[30.0, 40.0]])).sum().backward()
    >>> norm = nn.utils.clip_grad_norm_(layer.parameters(), max_norm=1.0)
    >>> round(norm.item(), 3)
    50.01
    >>> total = sum((p.grad ** 2).sum().item() for p in layer.parameters()) ** 0.5
    >>> round(total, 4)
    1.0
    """
    params = [p for p in _as_list(parameters, "clip_grad_norm_") if p.grad is not None]
    total = get_total_norm([p.grad for p in params], norm_type, error_if_nonfinite, foreach)
    clip_grads_with_norm_(params, max_norm, total, foreach)
    return total


def clip_grad_value_(parameters: _TensorOrTensors, clip_value: float,
                     foreach: bool | None = None) -> None:
    """Clamp every gradient element into ``[-clip_value, clip_value]``, in place.

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
        The tensors whose ``.grad`` is clamped in place; those without a gradient
        are skipped.
    clip_value : float
        The largest absolute value a gradient element may keep; non-negative.
    foreach : bool, optional
        Ignored; accepted for PyTorch compatibility.

    Returns
    -------
    None

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.nn import Parameter
    >>> from minigrad.nn.utils import clip_grad_value_
    >>> p = Parameter(minigrad.zeros(3)); p.grad = minigrad.tensor([-5.0, 0.5, 5.0])
    >>> clip_grad_value_([p], 1.0)
    >>> p.grad
    tensor([-1.0000,  0.5000,  1.0000])
    """
    clip = float(clip_value)
    for p in _as_list(parameters, "clip_grad_value_"):
        if p.grad is not None:
            np.clip(p.grad._data, -clip, clip, out=p.grad._data)
            p.grad._vc[0] += 1
