"""Devices: the :class:`device` class PyTorch code passes around, on a CPU-only library.

PyTorch code names devices everywhere (``torch.device("cuda" if
torch.cuda.is_available() else "cpu")``, ``x.to(device)``, ``nn.Linear(...,
device=d)``, ``torch.zeros(3, device=d)``). minigrad computes on the CPU
only: a ``device`` can describe any device PyTorch knows, so such lines
run, but every place that would put data on a device accepts the CPU only
and refuses any other with a clear error, instead of failing later in an
unrelated way.

This module is exported as ``minigrad.device`` (the class), so it must not be
named ``device.py``: importing a submodule of that name would replace the
class on the package.
"""
import numpy as np

__all__ = ["device", "check_device", "parse_to_arguments", "CPU", "get_default_device",
           "set_default_device"]

# The device types PyTorch's parser knows; only "cpu" can hold minigrad's data.
_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip",
                 "ve", "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                 "privateuseone")

_NO_GPU = "minigrad runs on CPUs only; there is no GPU or other accelerator backend"


def _check_index(index):
    if index is None:
        return None
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
        raise TypeError(f"device: index must be an int, got {type(index).__name__}")
    if index < 0:
        raise ValueError(f"device: index must not be negative, got {index}")
    return int(index)


def _parse(text):
    """``(type, index)`` of a device string such as ``"cpu"`` or ``"cuda:1"``."""
    kind, sep, index = text.partition(":")
    if kind not in _DEVICE_TYPES:
        raise ValueError(f"device: expected one of {', '.join(_DEVICE_TYPES)} at the start of "
                         f"the device string, got {text!r}")
    if not sep:
        return kind, None
    # PyTorch's grammar: digits only, no sign, no leading zero, no second colon.
    if not index.isdigit() or not index.isascii() or (len(index) > 1 and index[0] == "0"):
        raise ValueError(f"device: invalid device string {text!r}")
    return kind, int(index)


class device:
    """A device on which a tensor may live, as ``torch.device``.

    minigrad stores every tensor on the CPU. A ``device`` can name any device
    type PyTorch knows (``"cuda"``, ``"mps"`` ...) so that code which chooses
    a device runs unchanged, but only the CPU is accepted where data would be
    placed: creation functions, :meth:`Tensor.to <minigrad.Tensor.to>`,
    :meth:`Module.to <minigrad.nn.Module.to>` and layer constructors raise
    ``ValueError`` for any other.

    Parameters
    ----------
    type : str or device
        ``"cpu"``, ``"cuda"``, ... optionally with an index (``"cuda:1"``),
        or a ``device`` (returned as an equal device). An int means the
        current accelerator, as in PyTorch; minigrad has none, so an int
        raises ``RuntimeError``.
    index : int, optional
        The device ordinal, when ``type`` does not contain one. The
        properties :attr:`type` and :attr:`index` give both back.

    Raises
    ------
    TypeError
        If ``type`` is not a string, device or int, or ``index`` not an int.
    ValueError
        For an unknown device type, a malformed string, a negative index, or an
        index given twice.
    RuntimeError
        For an int: there is no accelerator.

    Notes
    -----
    Two devices are equal when their type and index are; as in PyTorch, a
    device never equals a string (``device("cpu") == "cpu"`` is False), and
    ``device("cpu:0") != device("cpu")``. Compare ``d.type == "cpu"`` instead.

    Used as a context manager, PyTorch's device makes itself the default of
    the creation functions; minigrad's default is always the CPU, so
    ``with minigrad.device("cpu"):`` does nothing and entering any other
    device raises ``RuntimeError``.

    Examples
    --------
    >>> import minigrad
    >>> d = minigrad.device("cuda" if minigrad.cuda.is_available() else "cpu")
    >>> d
    device(type='cpu')
    >>> str(minigrad.device("cuda", 1)), minigrad.device("cuda:1").index
    ('cuda:1', 1)
    >>> minigrad.zeros(2, device=d).device == d
    True
    >>> minigrad.zeros(2, device="cuda")
    Traceback (most recent call last):
        ...
    ValueError: zeros: minigrad runs on the CPU only, got device 'cuda'
    """

    __slots__ = ("_type", "_index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            if index is not None:
                raise ValueError("device: an index cannot be given with a device object")
            kind, parsed = type._type, type._index
        elif isinstance(type, str):
            kind, parsed = _parse(type)
            if parsed is not None and index is not None:
                raise ValueError(f"device: the string {type!r} must not include an index "
                                 f"because index was passed explicitly")
        elif isinstance(type, (int, np.integer)) and not isinstance(type, bool):
            _check_index(type)
            raise RuntimeError(f"device: an int names an accelerator device ({int(type)}); "
                               f"{_NO_GPU}")
        else:
            raise TypeError(f"device: expected a device string such as 'cpu' or a device, "
                            f"got {type.__class__.__name__}")
        object.__setattr__(self, "_type", kind)
        object.__setattr__(self, "_index", _check_index(index) if parsed is None else parsed)

    @property
    def type(self):
        """The kind of device, such as ``"cpu"`` or ``"cuda"``."""
        return self._type

    @property
    def index(self):
        """The device ordinal, or ``None``."""
        return self._index

    def __setattr__(self, name, value):
        raise AttributeError(f"device: devices are immutable, cannot set {name!r}")

    def __eq__(self, other):
        if not isinstance(other, device):
            return NotImplemented
        return self._type == other._type and self._index == other._index

    def __hash__(self):
        return hash((self._type, self._index))

    def __repr__(self):
        if self._index is None:
            return f"device(type={self._type!r})"
        return f"device(type={self._type!r}, index={self._index})"

    def __str__(self):
        return self._type if self._index is None else f"{self._type}:{self._index}"

    def __reduce__(self):
        return device, (self._type, self._index)

    def __enter__(self):
        if self._type != "cpu":
            raise RuntimeError(f"device: cannot make {str(self)!r} the default device; {_NO_GPU}")
        return self

    def __exit__(self, *exc):
        return False


CPU = device("cpu")
"""The device of every tensor."""


def get_default_device():
    """The device of new tensors: always ``device(type='cpu')``.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.get_default_device()
    device(type='cpu')
    """
    return CPU


def set_default_device(where):
    """Make ``where`` the device of new tensors; only the CPU (or None) is accepted.

    Parameters
    ----------
    where : str, device or None
        ``"cpu"``, ``device("cpu")`` or ``None`` (PyTorch's way to reset it).

    Raises
    ------
    ValueError
        For any other device: minigrad runs on the CPU only.

    Examples
    --------
    >>> import minigrad
    >>> minigrad.set_default_device("cpu")
    >>> minigrad.set_default_device("cuda")
    Traceback (most recent call last):
        ...
    ValueError: set_default_device: minigrad runs on the CPU only, got device 'cuda'
    """
    check_device(where, "set_default_device")


def check_device(where, op):
    """Raise unless ``where`` (None, a string, a device) names the CPU.

    Raises ``ValueError`` for another device or a malformed string, and
    ``TypeError`` for something that is not a device at all.

    Examples
    --------
    >>> from minigrad._device import check_device
    >>> check_device("cpu", "to")
    >>> check_device("cuda", "to")
    Traceback (most recent call last):
        ...
    ValueError: to: minigrad runs on the CPU only, got device 'cuda'
    """
    if where is None or where is CPU:
        return
    try:
        kind = device(where).type
    except RuntimeError:  # an int: an accelerator ordinal
        kind = None
    except (TypeError, ValueError) as error:
        raise type(error)(f"{op}: {error}") from None
    if kind != "cpu":
        raise ValueError(f"{op}: minigrad runs on the CPU only, got device {str(where)!r}")


def _is_device(arg):
    if isinstance(arg, device):
        return True
    if isinstance(arg, (int, np.integer)) and not isinstance(arg, bool):
        return True
    if not isinstance(arg, str):
        return False
    try:
        np.dtype(arg)
    except TypeError:
        return True
    return False


def parse_to_arguments(args, kwargs, op):
    """The dtype (or None) and ``copy`` flag of a PyTorch-style ``to(...)`` call.

    Accepts ``to(dtype)``, ``to(device)``, ``to(device, dtype)``,
    ``to(tensor)`` (its dtype) and the keywords ``device``, ``dtype``,
    ``copy`` and ``non_blocking`` (ignored: there is nothing to overlap).
    A device is a :class:`device`, a string or an int; it is checked with
    :func:`check_device`.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad._device import parse_to_arguments
    >>> parse_to_arguments((minigrad.device("cpu"), minigrad.float64), {}, "to")
    (dtype('float64'), False)
    >>> parse_to_arguments((), {"device": "cpu", "copy": True}, "to")
    (None, True)
    """
    kwargs = dict(kwargs)
    where = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    copy = bool(kwargs.pop("copy", False))
    kwargs.pop("non_blocking", None)
    if kwargs:
        raise TypeError(f"{op}: unexpected keyword arguments {sorted(kwargs)}")
    if len(args) > 2:
        raise TypeError(f"{op}: expected at most a device and a dtype, got {len(args)} arguments")
    for arg in args:
        # A tensor (anything with a dtype, not a dtype or a NumPy scalar type)
        # lends its dtype; this module does not import Tensor, which imports it.
        if isinstance(getattr(arg, "dtype", None), np.dtype):
            dtype = arg.dtype
        elif _is_device(arg):
            where = arg
        else:
            dtype = arg
    check_device(where, op)
    return dtype, copy
