"""Reading checkpoints written by ``torch.save``, without PyTorch and without running code.

``torch.save`` writes a zip archive whose members all sit in one folder
(``archive/`` or the file's stem): ``data.pkl``, a pickle of the saved
object in which each tensor is a call to ``torch._utils._rebuild_tensor_v2``
on a storage, ``data/<key>`` holding each storage's raw bytes, ``byteorder``
(``little`` or ``big``), and the ``version``, ``.format_version`` and
``.storage_alignment`` records. A storage appears in the pickle as the
persistent id ``('storage', torch.<Type>Storage, key, location, numel)``.

The pickle is read by :mod:`minigrad._torch_unpickler`, whose only globals
are the stand-ins in ``_ALLOWED`` below, and every number the file declares
is checked before memory is allocated for it: each storage's size against
its member's size and the caller's byte budget, each tensor's offset,
shape and strides against its storage.
"""
import collections
import re
import sys

import numpy as np

from minigrad._torch_unpickler import SafeCall, UnsafePickleError, unpickle
from minigrad.tensor import Tensor

__all__ = ["STORAGE_DTYPES", "find_prefix", "read_torch_archive"]

#: The storage classes a checkpoint may name, with the NumPy dtype of their
#: bytes. bfloat16 has no NumPy dtype: its storages are read as uint16 and
#: widened to float32, which holds every bfloat16 value exactly.
STORAGE_DTYPES = {
    "FloatStorage": np.dtype(np.float32),
    "DoubleStorage": np.dtype(np.float64),
    "HalfStorage": np.dtype(np.float16),
    "BFloat16Storage": np.dtype(np.uint16),
    "LongStorage": np.dtype(np.int64),
    "IntStorage": np.dtype(np.int32),
    "ShortStorage": np.dtype(np.int16),
    "CharStorage": np.dtype(np.int8),
    "ByteStorage": np.dtype(np.uint8),
    "BoolStorage": np.dtype(np.bool_),
}

#: The dimensions a tensor may have (NumPy's limit on older versions).
_MAX_NDIM = 32

_KEY = re.compile(r"[0-9A-Za-z_]{1,64}")


class TorchArchiveError(ValueError):
    """The archive's members contradict each other or the pickle (a damaged file)."""


class _StorageType:
    """The stand-in for ``torch.<name>``; it cannot be called."""

    def __init__(self, name):
        self.name = name
        self.dtype = STORAGE_DTYPES[name]

    def __repr__(self):
        return f"torch.{self.name}"


class _Storage:
    def __init__(self, storage_type, numel, array):
        self.type, self.numel, self.array = storage_type, numel, array


def find_prefix(names):
    """The folder of a ``torch.save`` archive with these member names, or None."""
    folders = [name[:-len("/data.pkl")] for name in names
               if name.endswith("/data.pkl") and name.count("/") == 1]
    return folders[0] if len(folders) == 1 and folders[0] else None


def _is_int(value):
    return type(value) is int


def _contiguous_strides(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


class _TorchArchive:
    def __init__(self, zf, prefix, spend):
        self.zf, self.prefix, self.spend = zf, prefix, spend
        self.storages = {}
        self.swap = self._byteorder() != sys.byteorder
        self.allowed = {
            ("collections", "OrderedDict"): SafeCall("collections.OrderedDict", _ordered_dict, (0,)),
            ("torch._utils", "_rebuild_tensor_v2"): SafeCall(
                "torch._utils._rebuild_tensor_v2", self._rebuild_tensor, (6, 7)),
            ("torch._utils", "_rebuild_parameter"): SafeCall(
                "torch._utils._rebuild_parameter", _rebuild_parameter, (3,)),
            **{("torch", name): _StorageType(name) for name in STORAGE_DTYPES},
        }

    # ------------------------------------------------------------------ members
    def _info(self, member, what):
        try:
            return self.zf.getinfo(f"{self.prefix}/{member}")
        except KeyError:
            raise TorchArchiveError(f"{what} {self.prefix}/{member} is missing") from None

    def _byteorder(self):
        try:
            info = self.zf.getinfo(f"{self.prefix}/byteorder")
        except KeyError:
            return "little"  # what PyTorch assumes for files without the record
        if info.file_size > 16:
            raise TorchArchiveError(f"the byteorder record has {info.file_size} bytes")
        order = self.zf.read(info)
        if order not in (b"little", b"big"):
            raise TorchArchiveError(f"unknown byte order {order!r:.40}")
        return order.decode()

    def _read_into(self, info, array):
        view = array.reshape(-1).view(np.uint8)
        with self.zf.open(info) as stream:
            filled = 0
            while filled < view.size:
                n = stream.readinto(view[filled:])
                if not n:
                    raise EOFError(f"{info.filename} ends after {filled} of {view.size} bytes")
                filled += n
            if stream.read(1):
                raise TorchArchiveError(f"{info.filename} holds more than {view.size} bytes")

    # ------------------------------------------------------------------ the pickle
    def read(self):
        if f"{self.prefix}/constants.pkl" in self.zf.NameToInfo:
            raise UnsafePickleError("it is a TorchScript archive (torch.jit.save); minigrad "
                                    "reads objects saved with torch.save")
        info = self._info("data.pkl", "the pickle")
        self.spend(info.file_size, f"{info.filename}")
        data = self.zf.read(info)
        return unpickle(data, self._find_global, self._persistent_load,
                        lambda n: self.spend(n, "the objects the pickle builds"))

    def _find_global(self, module, name):
        stand_in = self.allowed.get((module, name))
        if stand_in is not None:
            return stand_in
        hint = ""
        if module == "torch" and (name.endswith("Storage") or name.islower()):
            hint = " (a tensor type minigrad does not have)"
        raise UnsafePickleError(
            f"the pickle refers to {module:.80}.{name:.80}{hint}, which is not allowed in a "
            f"checkpoint; allowed are collections.OrderedDict, "
            f"torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and the "
            f"storage types torch.{', torch.'.join(STORAGE_DTYPES)}")

    def _persistent_load(self, pid):
        if type(pid) is not tuple or len(pid) != 5 or pid[0] not in ("storage", b"storage"):
            raise UnsafePickleError(f"persistent id {pid!r:.80} is not a storage record "
                                    f"('storage', type, key, location, numel)")
        _, storage_type, key, location, numel = pid
        if not isinstance(storage_type, _StorageType):
            raise UnsafePickleError(f"storage record {pid!r:.80} does not name a storage type")
        if type(key) is not str or not _KEY.fullmatch(key):
            raise UnsafePickleError(f"storage key {key!r:.80} does not name a member of the "
                                    f"archive's data folder")
        if type(location) is not str or len(location) > 64:
            raise UnsafePickleError(f"storage location {location!r:.80} is not a device name")
        if not _is_int(numel) or numel < 0:
            raise UnsafePickleError(f"storage {key} has size {numel!r:.40}")
        storage = self.storages.get(key)
        if storage is None:
            storage = self.storages[key] = self._load_storage(storage_type, key, numel)
        elif storage.type is not storage_type or storage.numel != numel:
            raise TorchArchiveError(f"storage {key} is declared as both {storage.numel} "
                                    f"elements of {storage.type} and {numel} of {storage_type}")
        return storage

    def _load_storage(self, storage_type, key, numel):
        info = self._info(f"data/{key}", "the storage member")
        dtype = storage_type.dtype
        nbytes = numel * dtype.itemsize
        if info.file_size != nbytes:
            raise TorchArchiveError(f"{info.filename} holds {info.file_size} bytes, but the "
                                    f"pickle declares {numel} elements of {storage_type} "
                                    f"({nbytes} bytes)")
        bfloat16 = storage_type.name == "BFloat16Storage"
        self.spend(nbytes * (3 if bfloat16 else 1),
                   f"storage {info.filename} ({numel} elements of {storage_type})")
        array = np.empty(numel, dtype)
        self._read_into(info, array)
        if self.swap:
            array.byteswap(inplace=True)
        if bfloat16:
            array = (array.astype(np.uint32) << 16).view(np.float32)
        elif dtype == np.bool_ and array.view(np.uint8).max(initial=0) > 1:
            raise TorchArchiveError(f"{info.filename} is a bool storage with bytes other than "
                                    f"0 and 1")
        return _Storage(storage_type, numel, array)

    # ------------------------------------------------------------------ tensors
    def _rebuild_tensor(self, storage, offset, size, stride, requires_grad, hooks,
                        metadata=None):
        where = "torch._utils._rebuild_tensor_v2"
        if not isinstance(storage, _Storage):
            raise UnsafePickleError(f"{where} got {type(storage).__name__} instead of a storage")
        if (type(size) is not tuple or type(stride) is not tuple or len(size) != len(stride)
                or len(size) > _MAX_NDIM or not all(_is_int(n) and n >= 0 for n in size)
                or not all(_is_int(s) and s >= 0 for s in stride)):
            raise UnsafePickleError(f"{where}: size {size!r:.80} and stride {stride!r:.80} "
                                    f"must be tuples of as many non-negative ints (at most "
                                    f"{_MAX_NDIM})")
        if not _is_int(offset) or offset < 0:
            raise UnsafePickleError(f"{where}: storage offset {offset!r:.40} is not a "
                                    f"non-negative int")
        if type(requires_grad) is not bool:
            raise UnsafePickleError(f"{where}: requires_grad is {requires_grad!r:.40}")
        _check_no_hooks(hooks, where)
        if metadata is not None and (type(metadata) is not dict or metadata):
            raise UnsafePickleError(f"{where}: tensor metadata {metadata!r:.80} is not "
                                    f"supported")
        array = self._tensor_array(storage, offset, size, stride)
        tensor = Tensor._make(array, False)
        if requires_grad:
            if array.dtype.kind != "f":
                raise UnsafePickleError(f"{where}: a tensor of dtype {array.dtype} cannot "
                                        f"require grad")
            tensor.requires_grad = True
        return tensor

    def _tensor_array(self, storage, offset, size, stride):
        numel = 1
        for n in size:
            numel *= n
        if numel:
            last = offset + sum((n - 1) * s for n, s in zip(size, stride))
            outside = last >= storage.numel
        else:
            outside = offset > storage.numel
        if outside:
            raise TorchArchiveError(
                f"a tensor of size {list(size)}, stride {list(stride)} and offset {offset} "
                f"reads past the end of its storage of {storage.numel} elements")
        array = storage.array
        if numel == 0:
            return np.empty(size, array.dtype)
        contiguous = all(s == c for n, s, c in zip(size, stride, _contiguous_strides(size))
                         if n > 1)
        if offset == 0 and numel == storage.numel and contiguous:
            return array.reshape(size)  # the whole storage: shared, as tied weights are
        self.spend(numel * array.itemsize, f"a tensor of size {list(size)}")
        byte_strides = [s * array.itemsize if n > 1 else 0 for n, s in zip(size, stride)]
        view = np.lib.stride_tricks.as_strided(array[offset:], size, byte_strides,
                                               writeable=False)
        return view.copy()


def _ordered_dict():
    return collections.OrderedDict()


def _check_no_hooks(hooks, where):
    if not isinstance(hooks, dict) or hooks:
        raise UnsafePickleError(f"{where}: backward hooks {hooks!r:.80} are not supported")


def _rebuild_parameter(data, requires_grad, hooks):
    from minigrad.nn.parameter import Parameter

    where = "torch._utils._rebuild_parameter"
    if type(data) is not Tensor or data.dtype.kind != "f":
        raise UnsafePickleError(f"{where} needs a floating-point tensor, got "
                                f"{getattr(data, 'dtype', type(data).__name__)}")
    if type(requires_grad) is not bool:
        raise UnsafePickleError(f"{where}: requires_grad is {requires_grad!r:.40}")
    _check_no_hooks(hooks, where)
    return Parameter(data._data, requires_grad=requires_grad)


def read_torch_archive(zf, prefix, spend):
    """The object a ``torch.save`` archive holds, with minigrad Tensors for its tensors.

    Parameters
    ----------
    zf : zipfile.ZipFile
        The open archive.
    prefix : str
        Its folder, from :func:`find_prefix`.
    spend : callable
        ``spend(nbytes, what)`` charges the byte budget and raises when it is spent.

    Returns
    -------
    object
        Dicts (``OrderedDict`` where saved so, with ``_metadata`` kept),
        lists, tuples, numbers, strings, Tensors and ``nn.Parameter``.

    Raises
    ------
    UnsafePickleError
        If the pickle asks for anything but the allowed data.
    TorchArchiveError
        If the members contradict the pickle.
    """
    return _TorchArchive(zf, prefix, spend).read()
