"""Reading the IDX format of the MNIST files, gzipped or not.

An IDX file is a 4-byte magic number -- two zero bytes, a type code and the
number of dimensions -- then each dimension as a big-endian uint32, then the
values in C order, big-endian. MNIST's images are type 0x08 (uint8) with 3
dimensions (magic 2051), its labels type 0x08 with 1 dimension (magic 2049).

A gzipped file is inflated only up to a limit tied to its size (see
``max_bytes``), so a small file cannot expand to gigabytes, and the size its
header declares is computed exactly, so dimensions whose product overflows
64 bits cannot pass the length check.
"""
import math
import os
import zlib

import numpy as np

__all__ = ["IDXError", "decompress", "parse_idx", "read_bytes", "read_idx"]

#: The element type of each IDX type code, big-endian as stored.
IDX_TYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

_GZIP_MAGIC = b"\x1f\x8b"

#: By default a gzipped file may inflate to this many times its size (plus
#: ``_SLACK`` bytes). MNIST's files inflate 2 to 5 times; gzip's best is
#: about 1,000 times (a 1 MiB file of zeros becomes 1 GiB).
_EXPANSION = 64
_SLACK = 1 << 20


class IDXError(ValueError):
    """A file is not valid IDX: bad magic number, dimensions or length.

    Examples
    --------
    >>> import os, tempfile
    >>> from minigrad.data import IDXError, read_idx
    >>> path = os.path.join(tempfile.mkdtemp(), "bad.idx")
    >>> _ = open(path, "wb").write(b"not an idx file")
    >>> try:
    ...     read_idx(path)
    ... except IDXError as error:
    ...     print(str(error).split(": ", 1)[1])
    bad magic number 0x6e6f7420 (an IDX file starts with two zero bytes)
    """


def read_bytes(path, *, max_bytes: int | None = None) -> bytes:
    """The content of ``path``, decompressed if it is gzipped (detected from its first bytes).

    Parameters
    ----------
    path : str or os.PathLike
    max_bytes : int, optional
        See :func:`decompress`.

    Raises
    ------
    IDXError
        If a gzipped file is truncated or corrupted, or inflates beyond
        ``max_bytes``; the message names the file.
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        return decompress(f.read(), path, max_bytes=max_bytes)


def decompress(raw: bytes, name: str = "<bytes>", *, max_bytes: int | None = None) -> bytes:
    """``raw`` gunzipped if it starts with the gzip magic bytes, else unchanged.

    Parameters
    ----------
    raw : bytes
    name : str
        The file name used in error messages.
    max_bytes : int, optional
        The most bytes the content may inflate to; by default 64 times the
        size of ``raw`` plus 1 MiB. Inflating stops there, so a small file
        built to inflate to gigabytes is refused without taking the memory.

    Raises
    ------
    IDXError
        If the gzip stream is truncated or corrupted, or inflates beyond
        ``max_bytes``; the message names ``name``.
    """
    if max_bytes is not None and (isinstance(max_bytes, bool) or not isinstance(max_bytes, int)
                                  or max_bytes < 0):
        raise ValueError(f"decompress: max_bytes must be a non-negative int or None, got "
                         f"{max_bytes!r}")
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    if max_bytes is None:
        max_bytes = _EXPANSION * len(raw) + _SLACK
    parts, total, rest = [], 0, raw
    try:
        # One gzip member after another, as gzip.decompress reads them.
        while rest:
            inflater = zlib.decompressobj(wbits=31)
            part = inflater.decompress(rest, max_bytes - total + 1)
            total += len(part)
            if total > max_bytes:
                raise IDXError(f"{name}: the gzip data inflates to more than {max_bytes} bytes "
                               f"from {len(raw)}; pass max_bytes to read it anyway")
            if not inflater.eof:
                raise EOFError
            parts.append(part)
            rest = inflater.unused_data.lstrip(b"\0")
    except EOFError:
        raise IDXError(f"{name}: the gzip stream is truncated (the file is incomplete; "
                       f"delete it and download or copy it again)") from None
    except zlib.error as error:
        raise IDXError(f"{name}: the gzip data is corrupted ({error}); delete the file and "
                       f"download or copy it again") from None
    return b"".join(parts)


def parse_idx(content: bytes, name: str = "<bytes>") -> np.ndarray:
    """Decode IDX bytes into an array.

    Parameters
    ----------
    content : bytes
        The uncompressed file content.
    name : str
        The file name used in error messages.

    Returns
    -------
    numpy.ndarray
        A writable array in native byte order with the file's dimensions.

    Raises
    ------
    IDXError
        For a bad magic number, an unknown type code, zero dimensions, or a
        length that does not match the dimensions (truncated or padded file).

    Examples
    --------
    >>> from minigrad.data.idx import parse_idx
    >>> parse_idx(bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]))
    array([[1, 2, 3],
           [4, 5, 6]], dtype=uint8)
    """
    if len(content) < 4:
        raise IDXError(f"{name}: too short to be an IDX file ({len(content)} bytes)")
    zero0, zero1, code, ndim = content[0], content[1], content[2], content[3]
    if zero0 != 0 or zero1 != 0:
        raise IDXError(f"{name}: bad magic number 0x{content[:4].hex()} (an IDX file starts "
                       f"with two zero bytes)")
    if code not in IDX_TYPES:
        raise IDXError(f"{name}: unknown IDX type code 0x{code:02x} in the magic number "
                       f"0x{content[:4].hex()}")
    if ndim == 0:
        raise IDXError(f"{name}: the magic number 0x{content[:4].hex()} declares 0 dimensions")
    header = 4 + 4 * ndim
    if len(content) < header:
        raise IDXError(f"{name}: truncated header: {ndim} dimensions need {header} bytes, "
                       f"the file has {len(content)}")
    shape = tuple(int(d) for d in np.frombuffer(content, ">u4", count=ndim, offset=4))
    dtype = IDX_TYPES[code]
    # Python integers: NumPy's int64 product of (2**31, 2**31, 4) wraps to 0.
    expected = header + math.prod(shape) * dtype.itemsize
    if len(content) != expected:
        state = "truncated" if len(content) < expected else "longer than its header says"
        raise IDXError(f"{name}: file is {state}: dimensions {list(shape)} of {dtype.name} need "
                       f"{expected} bytes, found {len(content)}")
    try:
        data = np.frombuffer(content, dtype, offset=header).reshape(shape)
    except ValueError as error:
        # An empty array whose other dimensions multiply past NumPy's limit.
        raise IDXError(f"{name}: dimensions {list(shape)} cannot make an array ({error})") \
            from None
    return data.astype(dtype.newbyteorder("="), copy=True)


def read_idx(path, *, max_bytes: int | None = None) -> np.ndarray:
    """Read an IDX file, gzipped or not.

    Parameters
    ----------
    path : str or os.PathLike
        The file; one that starts with gzip's magic bytes is decompressed,
        whatever its name.
    max_bytes : int, optional
        The most bytes a gzipped file may inflate to (keyword only), a guard
        against decompression bombs; by default 64 times its compressed size
        plus 1 MiB.

    Returns
    -------
    numpy.ndarray
        With the dtype and shape the file's header gives.

    Raises
    ------
    IDXError
        If the file is truncated, corrupted or not IDX, or inflates beyond
        ``max_bytes``; the message names it.

    Examples
    --------
    >>> from minigrad.data import read_idx
    >>> labels = read_idx("data/mnist/t10k-labels-idx1-ubyte.gz")
    >>> labels.shape, labels.dtype, labels[:5]
    ((10000,), dtype('uint8'), array([7, 2, 1, 0, 4], dtype=uint8))
    """
    return parse_idx(read_bytes(path, max_bytes=max_bytes), os.fspath(path))
