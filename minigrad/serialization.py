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
"""
import collections
import io
import json
import os
import tempfile
import zipfile
import zlib

import numpy as np

from minigrad._device import check_device
from minigrad.tensor import Tensor

__all__ = ["CheckpointError", "load", "save"]

_FORMAT = "minigrad-checkpoint"
_VERSION = 1
_META = "minigrad.json"


class CheckpointError(RuntimeError):
    """A file is not a minigrad checkpoint, or is damaged or truncated."""


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


def save(obj, f) -> None:
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

    Raises
    ------
    TypeError
        If ``obj`` holds something else (the message gives its position),
        or an array of object dtype.
    ValueError
        If ``obj`` contains itself.

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
    arrays = []
    meta = {"format": _FORMAT, "version": _VERSION, "root": _encode(obj, arrays, "obj", set())}
    for array in arrays:
        if array.dtype.hasobject:
            raise TypeError(f"save: cannot save arrays of dtype {array.dtype} without pickle")
    if hasattr(f, "write"):
        _write_archive(f, meta, arrays)
        return
    if not isinstance(f, (str, os.PathLike)):
        raise TypeError(f"save: f must be a path or a binary file object, got {type(f).__name__}")
    path = os.fspath(f)
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            _write_archive(stream, meta, arrays)
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
        raise ValueError(f"unexpected JSON value {node!r}")
    tag = node["$"]
    if tag == "dict":
        cls = collections.OrderedDict if node.get("ordered") else dict
        return cls((key, _decode(value, arrays)) for key, value in node["items"])
    if tag == "tuple":
        return tuple(_decode(v, arrays) for v in node["items"])
    if tag == "tensor":
        array = arrays(node["array"])
        if node.get("parameter"):
            from minigrad.nn.parameter import Parameter

            return Parameter(array, requires_grad=bool(node["requires_grad"]))
        tensor = Tensor._make(array, False)
        if node["requires_grad"]:
            tensor.requires_grad = True
        return tensor
    if tag == "ndarray":
        return arrays(node["array"])
    if tag == "scalar":
        return arrays(node["array"])[()]
    raise ValueError(f"unknown tag {tag!r}")


def load(f, map_location=None, weights_only: bool = True):
    """Load an object saved by :func:`save`.

    Parameters
    ----------
    f : str, os.PathLike or binary file object
    map_location : None, 'cpu', minigrad.device('cpu') or dict
        Accepted for compatibility with ``torch.load``; minigrad runs on the
        CPU, so any other device, a dict mapping to one, or a function raises
        ``ValueError``.
    weights_only : bool, default True
        Accepted for compatibility; loading never unpickles, whatever the value.

    Returns
    -------
    object
        The saved object, with Tensors (``nn.Parameter`` where one was saved).

    Raises
    ------
    CheckpointError
        If the file is not a minigrad checkpoint, or is truncated or damaged;
        the message names the file.
    FileNotFoundError
        If ``f`` does not exist.

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
    name = os.fspath(f) if isinstance(f, (str, os.PathLike)) else getattr(f, "name", repr(f))
    try:
        zf = zipfile.ZipFile(f)
    except zipfile.BadZipFile:
        raise CheckpointError(f"load: {name} is not a minigrad checkpoint, or it is truncated "
                              f"or damaged (not a readable zip archive)") from None
    with zf:
        try:
            meta = json.loads(zf.read(_META).decode("utf-8"))
        except KeyError:
            raise CheckpointError(f"load: {name} is a zip archive but not a minigrad "
                                  f"checkpoint (it has no {_META})") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
            raise CheckpointError(f"load: {name} is damaged: {error}") from None
        if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
            raise CheckpointError(f"load: {name} is not a minigrad checkpoint (unknown format "
                                  f"{meta.get('format') if isinstance(meta, dict) else None!r})")
        if meta.get("version") != _VERSION:
            raise CheckpointError(f"load: {name} has checkpoint format version "
                                  f"{meta.get('version')!r}; this minigrad reads version "
                                  f"{_VERSION}")

        def read_array(index):
            member = f"{int(index)}.npy"
            try:
                raw = zf.read(member)
                return np.lib.format.read_array(io.BytesIO(raw), allow_pickle=False)
            except KeyError:
                raise CheckpointError(f"load: {name} is damaged: array member {member} is "
                                      f"missing") from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
                raise CheckpointError(f"load: {name} is damaged: {member}: {error}") from None

        try:
            return _decode(meta.get("root"), read_array)
        except (KeyError, TypeError, ValueError) as error:
            raise CheckpointError(f"load: {name} is damaged: bad structure description "
                                  f"({error})") from None

