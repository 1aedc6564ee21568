"""``Variable``: the name tensors had before PyTorch 0.4, kept so that old scripts run."""

from minigrad.tensor import Tensor

__all__ = ["Variable"]


class _VariableMeta(type):
    """Makes ``Variable(...)`` return a Tensor and ``isinstance(t, Variable)`` true for tensors."""

    def __call__(cls, data, requires_grad=False, volatile=False):
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable: data has to be a tensor, got {type(data).__name__}")
        out = data.detach()
        if requires_grad:
            out.requires_grad = True
        return out

    def __instancecheck__(cls, instance):
        return isinstance(instance, Tensor)


class Variable(metaclass=_VariableMeta):
    """Deprecated: a tensor, as in PyTorch since 0.4, where ``Variable`` and ``Tensor`` merged.

    ``Variable(t, requires_grad=...)`` returns a new leaf tensor that shares
    ``t``'s memory and is cut from ``t``'s graph (``t.detach()``), requiring
    grad if asked; ``isinstance(t, Variable)`` is true for every tensor.
    ``volatile`` is accepted and ignored, as in PyTorch; use
    :class:`minigrad.no_grad` instead. Write new code with tensors directly.

    Parameters
    ----------
    data : Tensor
        The tensor to wrap; the result shares its memory but not its graph.
    requires_grad : bool, default False
        Whether the new leaf tensor requires grad; only a floating-point
        tensor can.
    volatile : bool, default False
        Ignored.

    Returns
    -------
    Tensor

    Raises
    ------
    TypeError
        If ``data`` is not a tensor.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.autograd import Variable
    >>> x = minigrad.ones(2)
    >>> v = Variable(x, requires_grad=True)
    >>> v
    tensor([1., 1.], requires_grad=True)
    >>> isinstance(v, Variable), x.requires_grad
    (True, False)
    """
