"""Saving and loading checkpoints without pickle.

A checkpoint is a zip archive, readable as an ``.npz`` by NumPy: one
``<n>.npy`` member per array (written with ``allow_pickle=False``) and a
``minigrad.json`` member describing the nested structure that holds them.
Loading therefore never runs code from the file, and the zip's CRC-32
checksums catch damaged content.

The JSON structure maps Python values as follows: ``None``, bools, ints,
floats (including ``inf`` and ``nan``), strings and lists are themselves;
everything else is an object with a ``"$"`` tag: ``{"$": "dict", "items":
[[key, value], ...]}`` (keys are str or int; ``"ordered": true`` marks an
``OrderedDict``), ``{"$": "tuple", "items": [...]}``, ``{"$": "tensor",
"array": n, "requires_grad": bool, "parameter": bool}``, ``{"$": "ndarray",
"array": n}`` and ``{"$": "scalar", "array": n}`` for NumPy scalars.

A checkpoint comes from outside, so ``load`` checks everything before it
allocates: each array's dtype (bool, integer, floating, complex, str and
bytes, nothing with an item size of 0), that its declared shape and dtype
fill its member exactly (sizes computed in Python integers, which cannot
wrap), and that the arrays together stay within a byte budget tied to the
file's size (see ``max_bytes``). An array referenced several times is read
once.

``load`` also reads the zip archives ``torch.save`` writes and ``save(...,
format="torch")`` writes them (:mod:`minigrad._torch_reader` and
:mod:`minigrad._torch_writer`), under the same checks and byte budget.
"""
import collections
import math
import json
import os
import re
import tempfile
import tokenize
import zipfile
import zlib

import numpy as np

from minigrad import _torch_reader, _torch_writer
from minigrad._device import check_device
from minigrad._torch_unpickler import UnsafePickleError
from minigrad.tensor import Tensor

__all__ = ["CheckpointError", "load", "save"]

_FORMAT = "minigrad-checkpoint"
_VERSION = 1
_META = "minigrad.json"


class CheckpointError(RuntimeError):
    """A file is not a minigrad checkpoint, or is damaged or truncated."""


#: The dtype kinds an array in a checkpoint may have: bool, signed and
#: unsigned integers, floating point, complex, str and bytes.
_KINDS = "biufcUS"

#: By default the arrays may take this many times the file's size (plus
#: ``_SLACK`` bytes). ``save`` stores members uncompressed, so a genuine
#: checkpoint's arrays take about the file's size; far more means members
#: compressed to inflate (a 1 MiB file declaring a 1 GiB array).
_EXPANSION = 16
_SLACK = 1 << 20


def _check_dtype(dtype, where):
    if (dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None
            or dtype.kind not in _KINDS or dtype.itemsize == 0):
        raise TypeError(f"{where}: arrays of dtype {dtype} cannot be stored in a checkpoint; "
                        f"allowed are bool, integer, floating, complex, str and bytes dtypes "
                        f"with a non-zero item size")


# ---------------------------------------------------------------------- encoding
def _encode(obj, arrays, path, active):
    """The JSON description of ``obj``; its arrays are appended to ``arrays``."""
    if obj is None or isinstance(obj, (bool, str)):
        return obj
    if isinstance(obj, Tensor):
        arrays.append(obj._data)
        return {"$": "tensor", "array": len(arrays) - 1, "requires_grad": obj.requires_grad,
                "parameter": _is_parameter(obj)}
    if isinstance(obj, np.ndarray):
        arrays.append(obj)
        return {"$": "ndarray", "array": len(arrays) - 1}
    if isinstance(obj, np.generic):
        arrays.append(np.asarray(obj))
        return {"$": "scalar", "array": len(arrays) - 1}
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return float(obj)
    if isinstance(obj, (dict, list, tuple)):
        if id(obj) in active:
            raise ValueError(f"save: the object contains itself at {path}; cannot save a cycle")
        active.add(id(obj))
        try:
            if isinstance(obj, dict):
                items = []
                for key, value in obj.items():
                    if isinstance(key, bool) or not isinstance(key, (str, int)):
                        raise TypeError(f"save: dict keys must be str or int, got "
                                        f"{type(key).__name__} key {key!r} at {path}")
                    items.append([key if isinstance(key, str) else int(key),
                                  _encode(value, arrays, f"{path}[{key!r}]", active)])
                encoded = {"$": "dict", "items": items}
                if isinstance(obj, collections.OrderedDict):
                    encoded["ordered"] = True
                return encoded
            items = [_encode(v, arrays, f"{path}[{i}]", active) for i, v in enumerate(obj)]
            return items if isinstance(obj, list) else {"$": "tuple", "items": items}
        finally:
            active.discard(id(obj))
    raise TypeError(f"save: cannot save an object of type {type(obj).__name__} at {path}; "
                    f"supported are dicts, lists, tuples, Tensors, NumPy arrays and scalars, "
                    f"int, float, str, bool and None")


def _is_parameter(tensor):
    return any(cls.__name__ == "Parameter" and cls.__module__ == "minigrad.nn.parameter"
               for cls in type(tensor).__mro__)


def _write_archive(stream, meta, arrays):
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        zf.writestr(_META, json.dumps(meta, allow_nan=True))
        for i, array in enumerate(arrays):
            with zf.open(f"{i}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.asanyarray(array), allow_pickle=False)


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(obj, f, *, format: str = "minigrad") -> None:
    """Save ``obj`` (typically a ``state_dict``) to a checkpoint file.

    The file is written to a temporary file in the same directory, flushed
    to disk, then renamed over ``f``, so an interrupted save leaves any
    previous checkpoint at ``f`` intact.

    Parameters
    ----------
    obj : object
        Nested dicts (str or int keys), lists and tuples of Tensors, NumPy
        arrays and scalars, ints, floats, strings, bools and None.
    f : str, os.PathLike or binary file object
        Where to write. A file object is written in place (not atomically).
    format : {'minigrad', 'torch'}, default 'minigrad'
        ``'minigrad'`` writes minigrad's own format (below). ``'torch'``
        writes the zip archive ``torch.save`` writes, which
        ``torch.load(f, weights_only=True)`` reads and :func:`load` reads
        back; it holds nested dicts, lists and tuples of Tensors, numbers,
        strings and None (NumPy scalars are stored as Python numbers; NumPy
        arrays are refused: wrap them in a Tensor).

    Raises
    ------
    TypeError
        If ``obj`` holds something else (the message gives its position),
        or an array of object dtype.
    ValueError
        If ``obj`` contains itself, or ``format`` is not one of the above.

    Notes
    -----
    Unlike ``torch.save``, this stores data, not arbitrary Python objects:
    a tensor stored twice is loaded as two tensors, and a tensor's graph is
    not kept (``requires_grad`` and whether it is an ``nn.Parameter`` are).

    Examples
    --------
    >>> import io, minigrad
    >>> buffer = io.BytesIO()
    >>> minigrad.save({"w": minigrad.ones(2), "step": 3}, buffer)
    >>> _ = buffer.seek(0)
    >>> minigrad.load(buffer)
    {'w': tensor([1., 1.]), 'step': 3}
    """
    if format == "torch":
        pickle_bytes, arrays = _torch_writer.encode_torch_pickle(obj)

        def write(stream):
            _torch_writer.write_torch_archive(stream, pickle_bytes, arrays)
    elif format == "minigrad":
        arrays = []
        meta = {"format": _FORMAT, "version": _VERSION,
                "root": _encode(obj, arrays, "obj", set())}
        for array in arrays:
            _check_dtype(array.dtype, "save")

        def write(stream):
            _write_archive(stream, meta, arrays)
    else:
        raise ValueError(f"save: format must be 'minigrad' or 'torch', got {format!r:.80}")
    if hasattr(f, "write"):
        write(f)
        return
    if not isinstance(f, (str, os.PathLike)):
        raise TypeError(f"save: f must be a path or a binary file object, got {type(f).__name__}")
    _write_atomically(os.fspath(f), write)


def _write_atomically(path, write):
    """Run ``write(stream)`` on a temporary file, then rename it over ``path``."""
    directory = os.path.dirname(os.path.abspath(path))
    _remove_stale_temporaries(directory, os.path.basename(path))
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp",
                               prefix=f".{os.path.basename(path)}.{os.getpid()}.")
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_directory(directory)


def _remove_stale_temporaries(directory, base):
    """Delete temporaries of ``base`` left by saves whose process died (kill -9, power cut).

    A temporary is named ``.<base>.<pid>.<random>.tmp``; one whose process
    is alive may be being written (by another thread or process) and is
    kept, as is anything not named that way.
    """
    if os.name != "posix":
        return  # no cheap, harmless liveness check
    pattern = re.compile(re.escape(f".{base}.") + r"(\d+)\.[^.]+\.tmp\Z")
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        match = pattern.match(name)
        if match is None or _process_alive(int(match.group(1))):
            continue
        try:
            os.unlink(os.path.join(directory, name))
        except OSError:
            pass


def _process_alive(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # someone else's process, or not a pid: leave it alone
    return True


def _fsync_directory(directory):
    """Make the rename durable (POSIX); a no-op where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- decoding
def _decode(node, arrays):
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_decode(v, arrays) for v in node]
    if not isinstance(node, dict) or "$" not in node:
        raise ValueError(f"unexpected JSON value {node!r:.80}")
    tag = node["$"]
    if tag == "dict":
        cls = collections.OrderedDict if node.get("ordered") else dict
        return cls((key, _decode(value, arrays)) for key, value in node["items"])
    if tag == "tuple":
        return tuple(_decode(v, arrays) for v in node["items"])
    if tag == "tensor":
        array = _tensor_array(arrays(node["array"]))
        if node.get("parameter"):
            from minigrad.nn.parameter import Parameter

            if array.dtype.kind != "f":
                raise ValueError(f"a Parameter of dtype {array.dtype}")
            return Parameter(array, requires_grad=bool(node["requires_grad"]))
        tensor = Tensor._make(array, False)
        if node["requires_grad"]:
            if array.dtype.kind != "f":
                raise ValueError(f"a tensor of dtype {array.dtype} that requires grad")
            tensor.requires_grad = True
        return tensor
    if tag == "ndarray":
        return arrays(node["array"])
    if tag == "scalar":
        array = arrays(node["array"])
        if array.ndim != 0:
            raise ValueError(f"a scalar of shape {array.shape}")
        return array[()]
    raise ValueError(f"unknown tag {tag!r:.80}")


def _tensor_array(array):
    from minigrad.dtypes import _SUPPORTED

    native = array.dtype.newbyteorder("=")
    if native not in _SUPPORTED:
        raise ValueError(f"a tensor of dtype {array.dtype}, which tensors cannot have")
    return array if array.dtype == native else array.astype(native)


def _file_size(f):
    if isinstance(f, (str, os.PathLike)):
        return os.stat(f).st_size
    try:
        here = f.tell()
        end = f.seek(0, os.SEEK_END)
        f.seek(here)
        return end - here
    except (AttributeError, OSError, ValueError):
        return None


class _ArchiveReader:
    """Reads the members of an open checkpoint within a byte budget, each array once."""

    def __init__(self, zf, name, budget):
        self.zf, self.name, self.budget = zf, name, budget
        self.arrays = {}

    def _spend(self, nbytes, what):
        if nbytes > self.budget:
            raise CheckpointError(
                f"load: {self.name}: {what} would take {nbytes} bytes, more than the "
                f"{self.budget} bytes left of the limit (by default {_EXPANSION} times the "
                f"file's size; a checkpoint written by save takes about its own size). Pass "
                f"max_bytes to load it anyway")
        self.budget -= nbytes

    spend = _spend

    def member_info(self, member, missing):
        try:
            info = self.zf.getinfo(member)
        except KeyError:
            raise CheckpointError(f"load: {self.name} {missing}") from None
        if info.compress_type not in _COMPRESSIONS:
            # save stores entries as they are; LZMA and bzip2 decoders raise
            # errors of their own on damaged data (found by fuzzing).
            raise CheckpointError(
                f"load: {self.name} is damaged: {member} uses zip compression method "
                f"{info.compress_type}; a checkpoint's entries are stored or deflated")
        return info

    def read_meta(self):
        info = self.member_info(_META, f"is a zip archive but not a minigrad checkpoint (it "
                                       f"has no {_META})")
        self._spend(info.file_size, _META)
        return self.zf.read(info)

    def __call__(self, index):
        if isinstance(index, bool) or not isinstance(index, int):
            raise ValueError(f"array index {index!r:.40} is not an int")
        array = self.arrays.get(index)
        if array is None:
            member = f"{index}.npy"
            info = self.member_info(member, f"is damaged: array member {member} is missing")
            try:
                array = self._read_array(info, member)
            except CheckpointError:
                raise
            except _DAMAGE as error:
                raise CheckpointError(f"load: {self.name} is damaged: {member}: "
                                      f"{error}") from None
            self.arrays[index] = array
        return array

    def _read_array(self, info, member):
        fmt = np.lib.format
        with self.zf.open(info) as stream:
            version = fmt.read_magic(stream)
            if version == (1, 0):
                shape, fortran, dtype = fmt.read_array_header_1_0(stream)
            elif version == (2, 0):
                shape, fortran, dtype = fmt.read_array_header_2_0(stream)
            else:
                raise ValueError(f"unsupported .npy format version {version}")
            try:
                _check_dtype(dtype, member)
            except TypeError as error:
                raise CheckpointError(f"load: {self.name} is damaged: {error}") from None
            if any(d < 0 for d in shape):
                raise ValueError(f"negative dimension in shape {shape}")
            count = math.prod(shape)
            nbytes = count * dtype.itemsize
            held = info.file_size - stream.tell()
            if nbytes != held:
                raise CheckpointError(
                    f"load: {self.name} is damaged: {member} declares shape {list(shape)} of "
                    f"{dtype}, {nbytes} bytes, but holds {held}")
            self._spend(nbytes, f"{member} (shape {list(shape)} of {dtype})")
            array = np.empty(count, dtype)
            view = array.view(np.uint8)
            filled = 0
            while filled < nbytes:
                n = stream.readinto(view[filled:])
                if not n:
                    raise EOFError(f"{member} ends after {filled} of {nbytes} bytes")
                filled += n
        if fortran:
            return array.reshape(shape[::-1]).transpose()
        return array.reshape(shape)


#: The zip compression methods an entry may use.
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

#: What reading a damaged archive raises, from zipfile, zlib, NumPy's header
#: parser and the JSON decoder, besides CheckpointError.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, TypeError,
           IndexError, NotImplementedError, OverflowError, RuntimeError, RecursionError,
           UnicodeDecodeError, SyntaxError, tokenize.TokenError)


def load(f, map_location=None, weights_only: bool = True, *, max_bytes: int | None = None):
    """Load an object saved by :func:`save`, or by ``torch.save``.

    The file is checked before anything is allocated for it, so a damaged or
    malicious file raises :class:`CheckpointError` instead of hanging or
    exhausting memory. Nothing in the file is ever run: a PyTorch checkpoint
    is read by minigrad's own pickle reader, which builds only tensors and
    plain data (see Notes).

    Parameters
    ----------
    f : str, os.PathLike or binary file object
        The checkpoint: a path, or a file opened for reading in binary mode
        and positioned at its start. minigrad's format, or the zip archive
        ``torch.save`` writes (PyTorch 1.6 and later; the format is
        recognised from the archive's members, not from the file name).
    map_location : None, 'cpu', minigrad.device('cpu') or dict
        Accepted for compatibility with ``torch.load``; minigrad runs on the
        CPU, so any other device, a dict mapping to one, or a function raises
        ``ValueError``.
    weights_only : bool, default True
        Accepted for compatibility. Whatever the value, nothing from the file
        is run: PyTorch checkpoints are always read as ``torch.load`` reads
        them with ``weights_only=True``, with an even shorter allowlist.
    max_bytes : int, optional
        The most bytes the loaded arrays (and the structure description) may
        take. By default 16 times the file's size plus 1 MiB: a checkpoint
        written by :func:`save` is stored uncompressed and takes about its own
        size, so more means compressed members that inflate far beyond the
        file. Pass a larger number to load such a file knowingly.

    Returns
    -------
    object
        The saved object, with Tensors (``nn.Parameter`` where one was saved).

    Raises
    ------
    CheckpointError
        If the file is not a minigrad or PyTorch checkpoint, is truncated or
        damaged, exceeds ``max_bytes``, or (a PyTorch checkpoint) refers to
        anything not on the allowlist; the message names the file and the
        problem.
    FileNotFoundError
        If ``f`` does not exist.

    Notes
    -----
    :func:`save` writes each array once per occurrence. An array that a
    (hand-made) file references several times is read once, and the objects
    referencing it share its memory.

    A PyTorch checkpoint's pickle may use only the opcodes that build data
    (no ``INST``, ``OBJ``, ``NEWOBJ``, ``EXT``, out-of-band buffers or the
    text opcodes of protocols 0 and 1) and refer only to these globals:
    ``collections.OrderedDict`` (called without arguments; its ``_metadata``
    attribute is kept), ``torch._utils._rebuild_tensor_v2``,
    ``torch._utils._rebuild_parameter`` (without backward hooks) and the
    storage types ``torch.FloatStorage``, ``DoubleStorage``, ``HalfStorage``,
    ``BFloat16Storage``, ``LongStorage``, ``IntStorage``, ``ShortStorage``,
    ``CharStorage``, ``ByteStorage`` and ``BoolStorage``. So state dicts of
    models and optimizers load, with the same keys; tensor subclasses,
    complex and unsigned 16 to 64-bit tensors, NumPy arrays and any other
    object are refused. bfloat16 tensors, which have no NumPy dtype, load as
    float32 (exactly). Each storage is read once: a tensor spanning its
    whole storage shares it (tied weights stay tied); other views (slices,
    transposes) are copied out of it. Storages saved from any device load
    onto the CPU. Containers may nest at most 100 deep.

    Examples
    --------
    >>> import io, minigrad
    >>> from minigrad import nn
    >>> buffer = io.BytesIO()
    >>> minigrad.save(nn.Linear(3, 2).state_dict(), buffer)
    >>> _ = buffer.seek(0)
    >>> state = minigrad.load(buffer)
    >>> {name: value.shape for name, value in state.items()}
    {'weight': minigrad.Size([2, 3]), 'bias': minigrad.Size([2])}
    """
    try:
        # A dict maps saved locations to new ones; minigrad saves only CPU
        # tensors, so it is fine when every target is the CPU.
        for where in map_location.values() if isinstance(map_location, dict) else [map_location]:
            check_device(where, "load")
    except (TypeError, ValueError):
        raise ValueError(f"load: minigrad runs on the CPU only; map_location must be None or "
                         f"'cpu' (as a string or a minigrad.device), got {map_location!r}") from None
    if not hasattr(f, "read") and not isinstance(f, (str, os.PathLike)):
        raise TypeError(f"load: f must be a path or a binary file object, got {type(f).__name__}")
    if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int)
                                  or max_bytes < 0):
        raise ValueError(f"load: max_bytes must be a non-negative int or None, got "
                         f"{max_bytes!r}")
    name = os.fspath(f) if isinstance(f, (str, os.PathLike)) else getattr(f, "name", repr(f))
    if max_bytes is None:
        size = _file_size(f)
        max_bytes = math.inf if size is None else _EXPANSION * size + _SLACK
    try:
        zf = zipfile.ZipFile(f)
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        raise
    except _DAMAGE:
        raise CheckpointError(f"load: {name} is not a minigrad checkpoint, or it is truncated "
                              f"or damaged (not a readable zip archive{_pickle_hint(f)})") from None
    with zf:
        reader = _ArchiveReader(zf, name, max_bytes)
        prefix = None if _META in zf.NameToInfo else _torch_reader.find_prefix(zf.namelist())
        if prefix is not None:
            return _load_torch(reader, prefix)
        try:
            meta = json.loads(reader.read_meta().decode("utf-8"))
        except CheckpointError:
            raise
        except RecursionError:
            raise CheckpointError(f"load: {name} is damaged: {_META} is nested too "
                                  f"deeply") from None
        except _DAMAGE as error:
            raise CheckpointError(f"load: {name} is damaged: {_META}: {error}") from None
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
            raise CheckpointError(f"load: {name} is not a minigrad checkpoint (unknown format "
                                  f"{meta.get('format') if isinstance(meta, dict) else None!r:.80})")
        if meta.get("version") != _VERSION:
            raise CheckpointError(f"load: {name} has checkpoint format version "
                                  f"{meta.get('version')!r:.80}; this minigrad reads version "
                                  f"{_VERSION}")
        try:
            return _decode(meta.get("root"), reader)
        except CheckpointError:
            raise
        except RecursionError:
            raise CheckpointError(f"load: {name} is damaged: the structure is nested too "
                                  f"deeply") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
                RuntimeError) as error:
            raise CheckpointError(f"load: {name} is damaged: {error}") from None
        except _DAMAGE as error:
            raise CheckpointError(f"load: {name} is damaged: bad structure description "
                                  f"({error})") from None


def _pickle_hint(f):
    """A note for files that start like a pickle: PyTorch's legacy format, or ``pickle.dump``."""
    try:
        if isinstance(f, (str, os.PathLike)):
            with open(f, "rb") as stream:
                start = stream.read(1)
        else:
            here = f.seek(0)
            start = f.read(1)
            f.seek(here)
    except (AttributeError, OSError, ValueError):
        return ""
    if start == b"\x80":
        return ("; it is a pickle, perhaps PyTorch's legacy format (torch.save with "
                "_use_new_zipfile_serialization=False), which minigrad does not read")
    return ""


def _load_torch(reader, prefix):
    """The object in a ``torch.save`` archive, with every error a CheckpointError."""
    name = reader.name
    try:
        return _torch_reader.read_torch_archive(reader.zf, prefix, reader.spend)
    except CheckpointError:
        raise
    except UnsafePickleError as error:
        raise CheckpointError(f"load: {name} is refused as a PyTorch checkpoint: "
                              f"{error}") from None
    except RecursionError:
        raise CheckpointError(f"load: {name} is damaged: the object is nested too "
                              f"deeply") from None
    except _DAMAGE as error:
        raise CheckpointError(f"load: {name} is a damaged PyTorch checkpoint: "
                              f"{error}") from None
