"""The Parameter: a tensor that a Module registers as one of its trainable weights."""
import numpy as np

from minigrad import dtypes
from minigrad.tensor import Tensor

__all__ = ["Parameter"]


class Parameter(Tensor):
    """A tensor that is a learnable weight of a :class:`~minigrad.nn.Module`.

    Assigning a ``Parameter`` as a module attribute registers it, so that it
    appears in :meth:`Module.parameters` and in the ``state_dict``. A plain
    :class:`~minigrad.Tensor` assigned the same way stays an ordinary
    attribute (use :meth:`Module.register_buffer` for non-trainable state).

    Parameters
    ----------
    data : Tensor or array_like, optional
        The values. A tensor or a NumPy array of a supported dtype is wrapped
        without copying (the parameter shares its memory and, for a tensor,
        its version counter); anything else is converted as by
        :func:`minigrad.tensor`. ``None`` gives an empty float32 parameter.
    requires_grad : bool, default True
        Whether the parameter requires gradient.

    Notes
    -----
    A parameter is always a leaf: wrapping a tensor produced by recorded
    operations detaches it, as in PyTorch. Operations on a parameter return
    plain tensors.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.nn import Parameter
    >>> w = Parameter(minigrad.ones(2))
    >>> w
    Parameter containing:
    tensor([1., 1.], requires_grad=True)
    >>> w.is_leaf, w.requires_grad
    (True, True)
    """

    __slots__ = ()

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            array, version = np.empty(0, dtypes.get_default_dtype()), [0]
        elif isinstance(data, Tensor):
            array, version = data._data, data._vc
        elif isinstance(data, np.ndarray) and data.dtype in dtypes._SUPPORTED:
            array, version = data, [0]
        else:
            array, version = dtypes.as_array(data, None, "Parameter"), [0]
        # Let Tensor set up every slot (cheaply, on a scalar), then wrap the array itself.
        super().__init__(0.0)
        self._data = array
        self._vc = version
        self.requires_grad = requires_grad

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        copy = Parameter(self._data.copy(), self._requires_grad)
        if self.grad is not None:
            copy.grad = Tensor._make(self.grad._data.copy(), False)
        memo[id(self)] = copy
        return copy

    def __reduce_ex__(self, protocol):
        # Pickle as (data, requires_grad); the gradient is not saved, as in PyTorch.
        return (_rebuild_parameter, (self._data, self._requires_grad))


def _rebuild_parameter(data, requires_grad):
    return Parameter(data, requires_grad)
