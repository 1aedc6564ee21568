"""Writing IDX files (the MNIST format) for the parser's tests, and small fake MNIST sets."""
import gzip
import hashlib

import numpy as np

TYPE_CODES = {"u1": 0x08, "i1": 0x09, "i2": 0x0B, "i4": 0x0C, "f4": 0x0D, "f8": 0x0E}


def idx_bytes(array):
    """The IDX encoding of ``array``: magic number, big-endian dimensions, big-endian data."""
    array = np.asarray(array)
    kind = array.dtype.kind + str(array.dtype.itemsize)
    header = bytes([0, 0, TYPE_CODES[kind], array.ndim])
    header += b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx(path, array, gz=True):
    """Write ``array`` as IDX to ``path`` (gzipped if ``gz``); returns the uncompressed bytes."""
    content = idx_bytes(array)
    with open(path, "wb") as f:
        f.write(gzip.compress(content) if gz else content)
    return content


def fake_mnist(directory, n_train=12, n_test=5, gz=True, seed=0, md5sums=True):
    """Write four small MNIST-like files (and MD5SUMS) into ``directory``; returns the arrays."""
    rng = np.random.default_rng(seed)
    arrays = {
        "train-images-idx3-ubyte": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "train-labels-idx1-ubyte": rng.integers(0, 10, n_train, dtype=np.uint8),
        "t10k-images-idx3-ubyte": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "t10k-labels-idx1-ubyte": rng.integers(0, 10, n_test, dtype=np.uint8),
    }
    directory.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, array in arrays.items():
        content = write_idx(directory / (name + (".gz" if gz else "")), array, gz)
        lines.append(f"{hashlib.md5(content).hexdigest()}  {name}\n")
    if md5sums:
        (directory / "MD5SUMS").write_text("".join(lines))
    return arrays
