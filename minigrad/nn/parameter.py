"""The Parameter: a tensor that a Module registers as one of its trainable weights."""
import numpy as np

from minigrad import dtypes
from minigrad._device import check_device
from minigrad.tensor import Tensor

__all__ = ["Parameter", "UninitializedParameter", "UninitializedBuffer", "is_lazy"]


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
        # Let Tensor set up every slot (cheaply, on an empty array), then wrap the array itself.
        super().__init__()
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


class _UninitializedTensorMixin:
    """A tensor whose shape is not known yet: it holds no values until :meth:`materialize`.

    Lazy modules create their parameters and buffers this way and
    materialize them on the first call, once the input's shape is known.
    Materializing changes the object's class in place (to ``cls_to_become``),
    so whoever holds the object (an optimizer built before the first call)
    holds the real tensor afterwards.
    """

    __slots__ = ()
    cls_to_become = None

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Give the tensor ``shape`` (uninitialized values) and its final class.

        ``dtype`` defaults to the tensor's own, which :meth:`Module.to`
        converts before materialization too.
        """
        check_device(device, "materialize")
        dtype = self._data.dtype if dtype is None else dtypes.resolve(dtype, "materialize")
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        self._data = np.empty(shape, dtype)
        self._vc[0] += 1
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. Call forward "
            "to initialize the parameters before accessing their attributes."
        )

    def __repr__(self):
        return f"<{type(self).__name__}>"

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        copy = type(self)(self._requires_grad, dtype=self._data.dtype)
        memo[id(self)] = copy
        return copy

    def __reduce_ex__(self, protocol):
        return (_rebuild_uninitialized, (type(self), self._requires_grad, self._data.dtype))


class UninitializedParameter(_UninitializedTensorMixin, Parameter):
    """A :class:`Parameter` whose shape is not known yet (the weight of a lazy module).

    It becomes a :class:`Parameter`, the same object, when materialized.

    Parameters
    ----------
    requires_grad : bool, default True
        Whether the parameter, once materialized, records operations for
        autograd.
    device : str or device, optional
        Where it will live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The dtype it will have; default :func:`minigrad.get_default_dtype`.

    Examples
    --------
    >>> from minigrad import nn
    >>> weight = nn.UninitializedParameter()
    >>> weight
    <UninitializedParameter>
    >>> weight.materialize((2, 3))
    >>> type(weight).__name__, weight.shape
    ('Parameter', minigrad.Size([2, 3]))
    """

    __slots__ = ()
    cls_to_become = Parameter

    def __init__(self, requires_grad: bool = True, device=None, dtype=None):
        check_device(device, "UninitializedParameter")
        dtype = dtypes.get_default_dtype() if dtype is None else dtypes.resolve(
            dtype, "UninitializedParameter")
        super().__init__(np.empty(0, dtype), requires_grad)


class UninitializedBuffer(_UninitializedTensorMixin, Tensor):
    """A buffer whose shape is not known yet (the running statistics of a lazy batch norm).

    It becomes a :class:`~minigrad.Tensor`, the same object, when materialized.

    Parameters
    ----------
    requires_grad : bool, default False
        Whether the tensor, once materialized, records operations for
        autograd (buffers usually do not).
    device : str or device, optional
        Where it will live. minigrad runs on the CPU only: ``None`` or
        ``'cpu'`` (another device is a ``ValueError``).
    dtype : dtype, optional
        The dtype it will have; default :func:`minigrad.get_default_dtype`.

    Examples
    --------
    >>> from minigrad import nn
    >>> running_mean = nn.UninitializedBuffer()
    >>> running_mean.materialize(3)
    >>> type(running_mean).__name__, running_mean.shape
    ('Tensor', minigrad.Size([3]))
    """

    __slots__ = ()
    cls_to_become = Tensor

    def __init__(self, requires_grad: bool = False, device=None, dtype=None):
        check_device(device, "UninitializedBuffer")
        dtype = dtypes.get_default_dtype() if dtype is None else dtypes.resolve(
            dtype, "UninitializedBuffer")
        super().__init__()
        self._data = np.empty(0, dtype)
        self.requires_grad = requires_grad


def is_lazy(tensor) -> bool:
    """Whether ``tensor`` is an uninitialized parameter or buffer (not materialized yet)."""
    return isinstance(tensor, _UninitializedTensorMixin)


def _rebuild_uninitialized(cls, requires_grad, dtype):
    return cls(requires_grad, dtype=dtype)
