"""Writing checkpoints that ``torch.load(path, weights_only=True)`` reads.

The archive has the layout ``torch.save`` gives it (see
:mod:`minigrad._torch_reader`): ``archive/data.pkl``, a protocol-2 pickle
that refers only to ``collections.OrderedDict``,
``torch._utils._rebuild_tensor_v2``, ``torch._utils._rebuild_parameter``
and ``torch.<Type>Storage``; then ``.format_version``,
``.storage_alignment``, ``byteorder``, one ``data/<key>`` member per tensor
(little-endian, its data aligned to 64 bytes in the file as PyTorch aligns
it), ``version`` and ``.data/serialization_id``.

The pickle is emitted opcode by opcode rather than by :mod:`pickle`, which
would import ``torch`` to check that the globals exist.
"""
import collections
import os
import struct
import zipfile

import numpy as np

from minigrad._torch_reader import STORAGE_DTYPES
from minigrad.tensor import Tensor

__all__ = ["encode_torch_pickle", "write_torch_archive"]

_FOLDER = "archive"
_ALIGNMENT = 64
_DATE = (1980, 1, 1, 0, 0, 0)
#: The ID of the zip "extra field" that pads a local header; readers skip IDs they do not know.
_PADDING_ID = 0x6D67
#: The storage class of each dtype. bfloat16 never occurs: minigrad has no such dtype.
_STORAGE_NAMES = {dtype: name for name, dtype in STORAGE_DTYPES.items()
                  if name != "BFloat16Storage"}


def _is_parameter(tensor):
    from minigrad.nn.parameter import Parameter

    return isinstance(tensor, Parameter)


class _Pickler:
    """Emits a protocol-2 pickle of plain data and tensors; collects the tensors' arrays."""

    def __init__(self):
        self.out = bytearray(b"\x80\x02")  # PROTO 2
        self.arrays = []
        self.globals = {}
        self.active = set()

    def _global(self, module, name):
        index = self.globals.get((module, name))
        if index is not None:
            self.out += b"h" + bytes([index]) if index < 256 else b"j" + struct.pack("<I", index)
            return
        index = self.globals[(module, name)] = len(self.globals)
        self.out += f"c{module}\n{name}\n".encode("ascii")
        self.out += b"q" + bytes([index]) if index < 256 else b"r" + struct.pack("<I", index)

    def _int(self, value):
        if 0 <= value < 256:
            self.out += b"K" + bytes([value])
        elif 0 <= value < 65536:
            self.out += b"M" + struct.pack("<H", value)
        elif -(2 ** 31) <= value < 2 ** 31:
            self.out += b"J" + struct.pack("<i", value)
        else:
            data = value.to_bytes((value.bit_length() + 8) // 8, "little", signed=True)
            if len(data) < 256:
                self.out += b"\x8a" + bytes([len(data)]) + data  # LONG1
            else:
                self.out += b"\x8b" + struct.pack("<I", len(data)) + data  # LONG4

    def _str(self, value):
        data = value.encode("utf-8", "surrogatepass")
        self.out += b"X" + struct.pack("<I", len(data)) + data

    def _tuple(self, items, path):
        if len(items) > 3:
            self.out += b"("
        for i, item in enumerate(items):
            self.save(item, f"{path}[{i}]")
        self.out += {0: b")", 1: b"\x85", 2: b"\x86", 3: b"\x87"}.get(len(items), b"t")

    def _ordered_dict(self):
        self._global("collections", "OrderedDict")
        self.out += b")R"  # called without arguments

    def _dict(self, obj, path):
        if isinstance(obj, collections.OrderedDict):
            self._ordered_dict()
        else:
            self.out += b"}"
        if obj:
            self.out += b"("
            for key, value in obj.items():
                self.save(key, f"{path} key {key!r:.40}")
                self.save(value, f"{path}[{key!r:.40}]")
            self.out += b"u"  # SETITEMS
        metadata = getattr(obj, "_metadata", None)
        if isinstance(obj, collections.OrderedDict) and isinstance(metadata, dict):
            # A state dict's per-module versions, which PyTorch keeps as an attribute.
            self.out += b"}"
            self._str("_metadata")
            self.save(metadata, f"{path}._metadata")
            self.out += b"sb"  # SETITEM, BUILD

    def _tensor(self, tensor, path):
        from minigrad.nn.parameter import is_lazy

        if is_lazy(tensor):
            raise TypeError(f"save: cannot save the uninitialized parameter at {path} in "
                            f"format='torch'")
        array = tensor._data
        name = _STORAGE_NAMES.get(array.dtype.newbyteorder("="))
        if name is None:
            raise TypeError(f"save: a tensor of dtype {array.dtype} at {path} has no PyTorch "
                            f"storage type")
        parameter = _is_parameter(tensor)
        if parameter:
            self._global("torch._utils", "_rebuild_parameter")
        self._global("torch._utils", "_rebuild_tensor_v2")
        self.out += b"(("  # the arguments, starting with the storage record
        self._str("storage")
        self._global("torch", name)
        self._str(str(len(self.arrays)))
        self._str("cpu")
        self._int(array.size)
        self.out += b"tQ"  # TUPLE, BINPERSID
        self._int(0)
        shape = tuple(int(n) for n in array.shape)
        self._tuple(shape, path)
        self._tuple(_contiguous_strides(shape), path)
        self.out += b"\x88" if tensor.requires_grad and not parameter else b"\x89"
        self._ordered_dict()  # no backward hooks
        self.out += b"tR"  # TUPLE, REDUCE
        if parameter:
            self.out += b"\x88" if tensor.requires_grad else b"\x89"
            self._ordered_dict()
            self.out += b"\x87R"  # TUPLE3, REDUCE
        self.arrays.append(np.ascontiguousarray(array, array.dtype.newbyteorder("<")))

    def save(self, obj, path):
        if obj is None:
            self.out += b"N"
        elif isinstance(obj, (bool, np.bool_)):
            self.out += b"\x88" if obj else b"\x89"
        elif isinstance(obj, Tensor):
            self._tensor(obj, path)
        elif isinstance(obj, (int, np.integer)):
            self._int(int(obj))
        elif isinstance(obj, (float, np.floating)):
            self.out += b"G" + struct.pack(">d", float(obj))
        elif isinstance(obj, str):
            self._str(obj)
        elif isinstance(obj, (dict, list, tuple)):
            if id(obj) in self.active:
                raise ValueError(f"save: the object contains itself at {path}; cannot save a "
                                 f"cycle")
            self.active.add(id(obj))
            try:
                if isinstance(obj, dict):
                    self._dict(obj, path)
                elif isinstance(obj, list):
                    self.out += b"]"
                    if obj:
                        self.out += b"("
                        for i, item in enumerate(obj):
                            self.save(item, f"{path}[{i}]")
                        self.out += b"e"  # APPENDS
                else:
                    self._tuple(obj, path)
            finally:
                self.active.discard(id(obj))
        else:
            raise TypeError(
                f"save: cannot save an object of type {type(obj).__name__} at {path} in "
                f"format='torch'; supported are dicts, lists, tuples, Tensors, int, float, "
                f"str, bool, None and NumPy bool, integer and floating scalars")


def _contiguous_strides(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


def encode_torch_pickle(obj):
    """The ``data.pkl`` bytes for ``obj`` and the arrays of its storages, in key order.

    Parameters
    ----------
    obj : object
        Nested dicts, lists and tuples of Tensors, numbers, strings and None.

    Returns
    -------
    tuple of (bytes, list of numpy.ndarray)

    Raises
    ------
    TypeError
        For anything else, naming where it is in ``obj``.
    ValueError
        If ``obj`` contains itself.
    """
    pickler = _Pickler()
    pickler.save(obj, "obj")
    pickler.out += b"."  # STOP
    return bytes(pickler.out), pickler.arrays


def _add_member(zf, stream, name, data, align):
    info = zipfile.ZipInfo(f"{_FOLDER}/{name}", date_time=_DATE)
    if align:
        try:
            position = stream.tell()
        except (AttributeError, OSError):
            position = None  # a stream that cannot tell: leave the data unaligned
        if position is not None:
            zip64 = len(data) * 1.05 > zipfile.ZIP64_LIMIT  # zipfile's own rule
            header = 30 + len(info.filename.encode()) + (20 if zip64 else 0)
            padding = -(position + header) % _ALIGNMENT
            if padding:
                padding += _ALIGNMENT if padding < 4 else 0
                info.extra = struct.pack("<HH", _PADDING_ID, padding - 4) + bytes(padding - 4)
    zf.writestr(info, data)


def write_torch_archive(stream, pickle_bytes, arrays):
    """Write a ``torch.save``-style zip archive to a binary stream.

    Parameters
    ----------
    stream : binary file object
        Where to write; data is aligned only if it supports ``tell``.
    pickle_bytes : bytes
        ``data.pkl``, from :func:`encode_torch_pickle`.
    arrays : list of numpy.ndarray
        The storages, C-contiguous and little-endian, written as ``data/0``, ``data/1`` ...
    """
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        _add_member(zf, stream, "data.pkl", pickle_bytes, False)
        _add_member(zf, stream, ".format_version", b"1", False)
        _add_member(zf, stream, ".storage_alignment", str(_ALIGNMENT).encode(), False)
        _add_member(zf, stream, "byteorder", b"little", False)
        for key, array in enumerate(arrays):
            data = memoryview(array.reshape(-1).view(np.uint8))
            _add_member(zf, stream, f"data/{key}", data, True)
        _add_member(zf, stream, "version", b"3\n", False)
        serialization_id = str(int.from_bytes(os.urandom(16), "big")).zfill(40)
        _add_member(zf, stream, ".data/serialization_id", serialization_id.encode(), False)
