"""Reading the IDX format of the MNIST files, gzipped or not.

An IDX file is a 4-byte magic number -- two zero bytes, a type code and the
number of dimensions -- then each dimension as a big-endian uint32, then the
values in C order, big-endian. MNIST's images are type 0x08 (uint8) with 3
dimensions (magic 2051), its labels type 0x08 with 1 dimension (magic 2049).
"""
import gzip
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


def read_bytes(path) -> bytes:
    """The content of ``path``, decompressed if it is gzipped (detected from its first bytes).

    Raises
    ------
    IDXError
        If a gzipped file is truncated or corrupted; the message names the file.
    """
    path = os.fspath(path)
    with open(path, "rb") as f:
        return decompress(f.read(), path)


def decompress(raw: bytes, name: str = "<bytes>") -> bytes:
    """``raw`` gunzipped if it starts with the gzip magic bytes, else unchanged.

    Raises
    ------
    IDXError
        If the gzip stream is truncated or corrupted; the message names ``name``.
    """
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except EOFError:
        raise IDXError(f"{name}: the gzip stream is truncated (the file is incomplete; "
                       f"delete it and download or copy it again)") from None
    except (OSError, zlib.error) as error:
        raise IDXError(f"{name}: the gzip data is corrupted ({error}); delete the file and "
                       f"download or copy it again") from None


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
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(content) != expected:
        state = "truncated" if len(content) < expected else "longer than its header says"
        raise IDXError(f"{name}: file is {state}: dimensions {list(shape)} of {dtype.name} need "
                       f"{expected} bytes, found {len(content)}")
    data = np.frombuffer(content, dtype, offset=header).reshape(shape)
    return data.astype(dtype.newbyteorder("="), copy=True)


def read_idx(path) -> np.ndarray:
    """Read an IDX file, gzipped or not.

    Raises
    ------
    IDXError
        If the file is truncated, corrupted or not IDX; the message names it.

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    numpy.ndarray
        With the dtype and shape the file's header gives.

    Examples
    --------
    >>> from minigrad.data import read_idx
    >>> labels = read_idx("data/mnist/t10k-labels-idx1-ubyte.gz")
    >>> labels.shape, labels.dtype, labels[:5]
    ((10000,), dtype('uint8'), array([7, 2, 1, 0, 4], dtype=uint8))
    """
    return parse_idx(read_bytes(path), os.fspath(path))
