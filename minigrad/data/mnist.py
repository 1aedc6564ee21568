"""The MNIST handwritten digits: finding, checking, parsing and downloading the files.

The dataset is four IDX files (see :mod:`minigrad.data.idx`), gzipped or
not. Each file's *uncompressed* content is checked against an MD5 digest,
taken from a ``MD5SUMS`` file next to it when there is one (``md5  name``
lines, as written by ``md5sum``) and otherwise from the digests of the
published files. A file is checked once per process, unless it changes.
"""
import functools
import hashlib
import http.client
import os
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from typing import ClassVar

import numpy as np

from minigrad.data.dataset import Dataset
from minigrad.data.idx import IDXError, decompress, parse_idx, read_bytes
from minigrad.tensor import Tensor

__all__ = ["MNIST", "ChecksumError"]

_TRAIN = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte")
_TEST = ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")

#: MD5 of the uncompressed content of the published files.
_PUBLISHED_MD5 = {
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}

_IMAGES_MAGIC = 2051
_LABELS_MAGIC = 2049


def _to_unit(pixels):
    """uint8 pixels as float32 in [0, 1], as ``ToTensor`` computes them (x / 255)."""
    out = pixels.astype(np.float32)
    out /= np.float32(255)
    return out


# Files whose checksum matched in this process: (path, size, mtime, md5).
_verified = set()


class ChecksumError(ValueError):
    """A data file's content does not have the expected MD5 digest.

    Examples
    --------
    >>> import gzip, os, shutil, tempfile
    >>> from minigrad.data import MNIST, ChecksumError
    >>> root = tempfile.mkdtemp()
    >>> _ = shutil.copy("data/mnist/t10k-images-idx3-ubyte.gz", root)
    >>> labels = bytearray(gzip.open("data/mnist/t10k-labels-idx1-ubyte.gz").read())
    >>> labels[8] = (labels[8] + 1) % 10          # change the first label
    >>> _ = open(os.path.join(root, "t10k-labels-idx1-ubyte"), "wb").write(labels)
    >>> try:
    ...     MNIST(root, train=False)
    ... except ChecksumError as error:
    ...     print("MD5 of the uncompressed content" in str(error))
    True
    """


class MNIST(Dataset):
    """The MNIST handwritten digits: 60,000 training and 10,000 test images of 28x28 pixels.

    The files are looked up in ``root`` itself, then in ``root/MNIST/raw``
    (torchvision's layout): ``train-images-idx3-ubyte``,
    ``train-labels-idx1-ubyte``, ``t10k-images-idx3-ubyte`` and
    ``t10k-labels-idx1-ubyte``, each gzipped (``.gz``) or not. The repository
    ships them gzipped in ``data/mnist``. Their format and checksums are
    verified when they are read.

    Parameters
    ----------
    root : str or os.PathLike
        The directory holding the files (or where to download them).
    train : bool, default True
        The training set (60,000 images) or the test set (10,000).
    download : bool, default False
        Fetch missing files from the public mirrors in :attr:`mirrors`, trying
        each in turn, into ``root``. Files already present are not fetched.
    transform : callable, optional
        Applied to each image (a float32 tensor of shape (1, 28, 28) with
        values in [0, 1]) by ``__getitem__``. Unlike torchvision, it receives
        a tensor, not a PIL image.
    target_transform : callable, optional
        Applied to each label (an int).

    Attributes
    ----------
    data : numpy.ndarray
        The images, uint8 of shape (N, 28, 28). Unlike torchvision's, a NumPy
        array (``minigrad.from_numpy`` wraps it without copying).
    targets : numpy.ndarray
        The labels 0-9, int64 of shape (N,).
    classes : list of str
    mirrors : list of str
        The base URLs tried in order by ``download``.

    Raises
    ------
    FileNotFoundError
        If a file is missing and ``download`` is False.
    minigrad.data.IDXError
        If a file is truncated, corrupted or not an MNIST IDX file.
    ChecksumError
        If a file's content does not match its MD5 digest.
    RuntimeError
        If ``download`` is True and no mirror could provide a missing file.

    Notes
    -----
    For training loops over the whole set, :meth:`as_tensors` converts all
    images at once, and a :class:`~minigrad.data.DataLoader` over this
    dataset fetches each batch with one array operation (when no transform
    is set).

    Examples
    --------
    >>> from minigrad.data import MNIST
    >>> test = MNIST("data/mnist", train=False)
    >>> len(test)
    10000
    >>> image, label = test[0]
    >>> image.shape, image.dtype, label
    (minigrad.Size([1, 28, 28]), dtype('float32'), 7)
    """

    mirrors: ClassVar[list] = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]

    classes: ClassVar[list] = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
                               "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine"]

    #: The mean and standard deviation of the training pixels scaled to [0, 1].
    mean = 0.1307
    std = 0.3081

    def __init__(self, root, train: bool = True, download: bool = False,
                 transform: Callable | None = None,
                 target_transform: Callable | None = None):
        if not isinstance(root, (str, os.PathLike)):
            raise TypeError(f"MNIST: root must be a path, got {type(root).__name__}")
        if not isinstance(train, bool):
            raise TypeError(f"MNIST: train must be a bool, got {type(train).__name__}")
        for name, fn in (("transform", transform), ("target_transform", target_transform)):
            if fn is not None and not callable(fn):
                raise TypeError(f"MNIST: {name} must be callable, got {type(fn).__name__}")
        self.root = os.fspath(root)
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        if download:
            self.download()
        images_name, labels_name = _TRAIN if train else _TEST
        images = _load(self._locate(images_name), images_name, _IMAGES_MAGIC)
        labels = _load(self._locate(labels_name), labels_name, _LABELS_MAGIC)
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise IDXError(f"{self._locate(images_name)}: expected images of shape (N, 28, 28), "
                           f"got {list(images.shape)}")
        if labels.ndim != 1:
            raise IDXError(f"{self._locate(labels_name)}: expected a 1-d array of labels, got "
                           f"shape {list(labels.shape)}")
        if len(images) != len(labels):
            raise IDXError(f"MNIST: {images_name} has {len(images)} images but {labels_name} has "
                           f"{len(labels)} labels")
        if labels.size and labels.max() > 9:
            raise IDXError(f"{self._locate(labels_name)}: labels must be digits 0-9, found "
                           f"{int(labels.max())}")
        self.data = images
        self.targets = labels.astype(np.int64)

    # ------------------------------------------------------------------ files
    def _search_dirs(self):
        return [self.root, os.path.join(self.root, "MNIST", "raw")]

    def _find(self, name):
        for directory in self._search_dirs():
            for candidate in (name, name + ".gz"):
                path = os.path.join(directory, candidate)
                if os.path.isfile(path):
                    return path
        return None

    def _locate(self, name):
        path = self._find(name)
        if path is None:
            dirs = " or ".join(self._search_dirs())
            raise FileNotFoundError(
                f"MNIST: {name}(.gz) not found in {dirs}. Pass download=True to fetch the "
                f"files, or copy the four MNIST files ({', '.join(_TRAIN + _TEST)}, gzipped "
                f"or not) into {self.root}; a clone of the minigrad repository has them in "
                f"data/mnist."
            )
        return path

    def download(self) -> None:
        """Fetch the files missing from ``root`` (all four, train and test) from :attr:`mirrors`.

        Each file is written to a temporary file in ``root``, checked (IDX
        format and MD5 of the content), then renamed; a failed or interrupted
        download leaves nothing behind.

        Raises
        ------
        RuntimeError
            If no mirror could provide a file (offline, for instance); the
            message lists the errors and where to put the files by hand.
        """
        missing = [name for name in _TRAIN + _TEST if self._find(name) is None]
        if not missing:
            return
        os.makedirs(self.root, exist_ok=True)
        for name in missing:
            _download(self.mirrors, name, self.root)

    # ------------------------------------------------------------------ samples
    def __len__(self) -> int:
        return len(self.targets)

    def __getitem__(self, index):
        """The image (a float32 (1, 28, 28) tensor in [0, 1], transformed) and its label (int)."""
        image = Tensor._make(_to_unit(self.data[index]).reshape(1, 28, 28), False)
        label = int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            label = self.target_transform(label)
        return image, label

    def get_batch(self, indices):
        """Images (B, 1, 28, 28) float32 and labels (B,) int64 at ``indices``, in one lookup."""
        if self.transform is not None or self.target_transform is not None:
            return super().get_batch(indices)
        images = _to_unit(self.data[indices]).reshape(len(indices), 1, 28, 28)
        return [Tensor._make(images, False), Tensor._make(self.targets[indices], False)]

    def as_tensors(self, normalize=False):
        """The whole set as two tensors, ignoring the transforms.

        Parameters
        ----------
        normalize : bool or (float, float), default False
            False: pixels scaled to [0, 1]. True: then standardised with
            MNIST's training mean and standard deviation (0.1307, 0.3081),
            as the usual ``Normalize((0.1307,), (0.3081,))`` does. A pair:
            standardised with that mean and standard deviation.

        Returns
        -------
        images : Tensor
            float32 of shape (N, 1, 28, 28).
        labels : Tensor
            int64 of shape (N,).

        Examples
        --------
        >>> from minigrad.data import MNIST
        >>> x, y = MNIST("data/mnist", train=False).as_tensors(normalize=True)
        >>> x.shape, y.shape, round(float(x.mean()), 2)
        (minigrad.Size([10000, 1, 28, 28]), minigrad.Size([10000]), 0.01)
        """
        mean = std = None
        if normalize is True:
            mean, std = self.mean, self.std
        elif normalize is not False and normalize is not None:
            try:
                mean, std = (float(v) for v in normalize)
            except (TypeError, ValueError):
                raise TypeError(f"MNIST.as_tensors: normalize must be a bool or a (mean, std) "
                                f"pair, got {normalize!r}") from None
            if not std > 0:
                raise ValueError(f"MNIST.as_tensors: std must be positive, got {std}")
        images = _to_unit(self.data).reshape(len(self), 1, 28, 28)
        if mean is not None:
            images -= np.float32(mean)
            images /= np.float32(std)
        return Tensor._make(images, False), Tensor._make(self.targets.copy(), False)

    def __repr__(self):
        lines = [
            "Dataset MNIST",
            f"    Number of datapoints: {len(self)}",
            f"    Root location: {self.root}",
            f"    Split: {'Train' if self.train else 'Test'}",
        ]
        if self.transform is not None:
            lines.append(f"    Transform: {self.transform!r}")
        if self.target_transform is not None:
            lines.append(f"    Target transform: {self.target_transform!r}")
        return "\n".join(lines)


# ---------------------------------------------------------------------- checking
def _read_md5sums(directory):
    """``{name: md5}`` from ``directory/MD5SUMS``, or None when there is no such file."""
    path = os.path.join(directory, "MD5SUMS")
    if not os.path.isfile(path):
        return None
    sums = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) != 2 or len(parts[0]) != 32 \
                    or any(c not in "0123456789abcdefABCDEF" for c in parts[0]):
                raise ValueError(f"{path}, line {number}: expected '<md5 hex digest>  <file "
                                 f"name>', got {line!r}")
            sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


def _expected_md5(directory, name):
    """The digest for ``name`` and where it comes from."""
    sums = _read_md5sums(directory)
    if sums is not None and name in sums:
        return sums[name], os.path.join(directory, "MD5SUMS")
    return _PUBLISHED_MD5[name], "the published MNIST files"


def _check_content(content, label, name, magic, expected, source):
    """Validate the IDX structure, the magic number and the MD5 digest of ``content``."""
    array = parse_idx(content, label)
    found = int.from_bytes(content[:4], "big")
    if found != magic:
        raise IDXError(f"{label}: magic number {found} where {name} should have {magic} "
                       f"({'uint8 images' if magic == _IMAGES_MAGIC else 'uint8 labels'})")
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
    if digest != expected:
        raise ChecksumError(f"{label}: MD5 of the uncompressed content is {digest}, expected "
                            f"{expected} (from {source}); the file is corrupted or not "
                            f"{name}: delete it and download or copy it again")
    return array


def _load(path, name, magic):
    """Read, check (once per process while the file is unchanged) and parse a data file."""
    expected, source = _expected_md5(os.path.dirname(path), name)
    stat = os.stat(path)
    key = (os.path.realpath(path), stat.st_size, stat.st_mtime_ns, expected)
    content = read_bytes(path)
    if key in _verified:
        return parse_idx(content, path)
    array = _check_content(content, path, name, magic, expected, source)
    _verified.add(key)
    return array


# ---------------------------------------------------------------------- download
def _download(mirrors, name, directory):
    expected, source = _expected_md5(directory, name)
    magic = _IMAGES_MAGIC if "images" in name else _LABELS_MAGIC
    target = os.path.join(directory, name + ".gz")
    errors = []
    for mirror in mirrors:
        url = mirror if mirror.endswith("/") else mirror + "/"
        url += name + ".gz"
        try:
            _fetch(url, target, functools.partial(_check_content, label=url, name=name,
                                                  magic=magic, expected=expected, source=source))
            return
        except (OSError, ValueError, http.client.HTTPException) as error:
            errors.append(f"  {url}: {error}")
    raise RuntimeError(
        f"MNIST: could not download {name}.gz from any mirror:\n" + "\n".join(errors)
        + "\nIf this machine is offline, copy the four MNIST files ("
        + ", ".join(_TRAIN + _TEST) + f", gzipped or not) into {directory}; a clone of the "
        f"minigrad repository has them in data/mnist."
    )


def _fetch(url, target, check):
    """Download ``url`` to a temporary file, ``check`` its content, and rename it to ``target``."""
    directory, filename = os.path.split(target)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + filename + ".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            request = urllib.request.Request(url, headers={"User-Agent": "minigrad"})
            with urllib.request.urlopen(request, timeout=60) as response:
                length = response.headers.get("Content-Length")
                with _progress(int(length) if length else None, filename) as advance:
                    while True:
                        chunk = response.read(1 << 16)
                        if not chunk:
                            break
                        out.write(chunk)
                        advance(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        with open(tmp, "rb") as f:
            check(decompress(f.read(), url))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class _progress:
    """A download progress bar: tqdm's when installed, else a line on stderr."""

    def __init__(self, total, name):
        self.total, self.name, self.done = total, name, 0
        self._bar = None
        try:
            from tqdm import tqdm
        except ImportError:
            return
        self._bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024,
                         desc=name, leave=False)

    def __enter__(self):
        return self.advance

    def advance(self, n):
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.total:
            sys.stderr.write(f"\r{self.name}: {100 * self.done // self.total:3d}% "
                             f"of {self.total / 1e6:.1f} MB")
        else:
            sys.stderr.write(f"\r{self.name}: {self.done / 1e6:.1f} MB")

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.close()
        else:
            sys.stderr.write("\n")
        return False
