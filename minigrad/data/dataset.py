"""Datasets: indexable collections of samples, and ways to split and combine them."""
import math
import numbers
from collections.abc import Sequence

import numpy as np

from minigrad import random as _random
from minigrad.data.dataloader import default_collate
from minigrad.data.sampler import _fast_path
from minigrad.tensor import Tensor

__all__ = ["ConcatDataset", "Dataset", "Subset", "TensorDataset", "random_split"]


class Dataset:
    """Base class of map-style datasets: ``dataset[i]`` is the ``i``-th sample.

    Subclasses implement ``__getitem__`` and ``__len__``. They may override
    :meth:`get_batch` to fetch a whole batch at once; the DataLoader uses it
    with its default collation.

    Examples
    --------
    >>> from minigrad.data import DataLoader, Dataset
    >>> class Squares(Dataset):
    ...     def __len__(self):
    ...         return 5
    ...     def __getitem__(self, i):
    ...         return float(i), float(i * i)
    >>> for x, y in DataLoader(Squares(), batch_size=3):
    ...     print(x, y)
    tensor([0., 1., 2.], dtype=minigrad.float64) tensor([0., 1., 4.], dtype=minigrad.float64)
    tensor([3., 4.], dtype=minigrad.float64) tensor([ 9., 16.], dtype=minigrad.float64)
    """

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__")

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __len__")

    def get_batch(self, indices: np.ndarray):
        """The samples at ``indices``, collated.

        Parameters
        ----------
        indices : numpy.ndarray of int64
            Dataset indices.

        Returns
        -------
        The same as ``default_collate([self[i] for i in indices])``, which is
        what this default implementation does.
        """
        return default_collate([self[i] for i in indices.tolist()])

    def __add__(self, other):
        return ConcatDataset([self, other])


def _as_tensor(value, i):
    if isinstance(value, Tensor):
        return value
    if isinstance(value, np.ndarray):
        return Tensor._make(value, False)
    raise TypeError(f"TensorDataset: argument {i} must be a Tensor or a NumPy array, got "
                    f"{type(value).__name__}")


class TensorDataset(Dataset):
    """Samples made of the rows of tensors of equal first dimension.

    ``dataset[i]`` is ``(t0[i], t1[i], ...)``; batches index every tensor with
    the whole batch of indices at once.

    Parameters
    ----------
    *tensors : Tensor or numpy.ndarray
        Arrays are wrapped without copying.

    Raises
    ------
    ValueError
        If the tensors differ in their first dimension, or one is 0-d.

    Examples
    --------
    >>> import minigrad
    >>> from minigrad.data import TensorDataset
    >>> ds = TensorDataset(minigrad.ones(3, 2), minigrad.tensor([0, 1, 2]))
    >>> len(ds), ds[1][1]
    (3, tensor(1))
    """

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset: expected at least one tensor")
        tensors = tuple(_as_tensor(t, i) for i, t in enumerate(tensors))
        for i, t in enumerate(tensors):
            if t.ndim == 0:
                raise ValueError(f"TensorDataset: tensor {i} is 0-d; every tensor needs a first "
                                 f"dimension to index")
        sizes = [t.shape[0] for t in tensors]
        if len(set(sizes)) != 1:
            raise ValueError(f"TensorDataset: size mismatch between tensors: first dimensions "
                             f"are {sizes}")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def get_batch(self, indices):
        return [Tensor._make(t._data[indices], False) for t in self.tensors]

    def __len__(self):
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``, in that order.

    Parameters
    ----------
    dataset : Dataset
        The dataset to take samples from; it is not copied.
    indices : sequence of int
        The indices into ``dataset`` that form the subset, in order; they may
        repeat. ``subset[i]`` is ``dataset[indices[i]]``.

    Examples
    --------
    >>> from minigrad.data import Subset
    >>> s = Subset(list("abcde"), [4, 0])
    >>> len(s), s[0], s[1]
    (2, 'e', 'a')
    """

    def __init__(self, dataset, indices: Sequence[int]):
        self.dataset = dataset
        self.indices = indices
        self._index_array = np.asarray(indices, dtype=np.int64).reshape(-1)

    def __getitem__(self, index):
        if isinstance(index, list):
            return [self.dataset[self.indices[i]] for i in index]
        return self.dataset[self.indices[index]]

    def get_batch(self, indices):
        mapped = self._index_array[indices]
        get_batch = _fast_path(self.dataset, "get_batch", "__getitem__")
        if get_batch is not None:
            return get_batch(mapped)
        return default_collate([self.dataset[i] for i in mapped.tolist()])

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """The samples of several datasets one after the other.

    Parameters
    ----------
    datasets : iterable of Dataset
        The datasets to chain, in order, at least one; each must have a length.
        Index ``i`` reaches the first dataset, then the second once the first
        is exhausted, and so on.

    Examples
    --------
    >>> from minigrad.data import ConcatDataset
    >>> ds = ConcatDataset([[1, 2], [3]])
    >>> len(ds), ds[2], ds[-1]
    (3, 3, 3)
    """

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if not self.datasets:
            raise ValueError("ConcatDataset: datasets should not be an empty iterable")
        self.cumulative_sizes = np.cumsum([len(d) for d in self.datasets]).tolist()

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, index):
        n = len(self)
        if index < 0:
            if -index > n:
                raise IndexError(f"ConcatDataset: index {index} out of range for length {n}")
            index += n
        if index >= n:
            raise IndexError(f"ConcatDataset: index {index} out of range for length {n}")
        which = int(np.searchsorted(self.cumulative_sizes, index, side="right"))
        start = self.cumulative_sizes[which - 1] if which > 0 else 0
        return self.datasets[which][index - start]


def random_split(dataset, lengths: Sequence, generator: np.random.Generator | None = None):
    """Split a dataset into non-overlapping random subsets.

    Parameters
    ----------
    dataset : Dataset
        The dataset to split, any object with ``__getitem__`` and ``__len__``;
        it is not copied (each subset is a :class:`Subset` of it).
    lengths : sequence of int or of float
        The subsets' lengths, summing to ``len(dataset)``; or fractions summing
        to 1, turned into lengths by flooring and then handing out the
        remaining samples one by one to the subsets in order.
    generator : numpy.random.Generator, optional
        The source of the permutation; by default minigrad's generator.

    Returns
    -------
    list of Subset

    Raises
    ------
    ValueError
        If the lengths do not add up.

    Examples
    --------
    >>> import numpy as np
    >>> from minigrad.data import random_split
    >>> a, b = random_split(range(10), [0.7, 0.3], generator=np.random.default_rng(0))
    >>> len(a), len(b), sorted(list(a) + list(b)) == list(range(10))
    (7, 3, True)
    """
    if generator is not None and not isinstance(generator, np.random.Generator):
        raise TypeError(f"random_split: generator must be a numpy.random.Generator or None, "
                        f"got {type(generator).__name__}")
    lengths = list(lengths)
    n = len(dataset)
    for length in lengths:
        if not isinstance(length, numbers.Real) or isinstance(length, bool) or length < 0:
            raise ValueError(f"random_split: lengths must be non-negative numbers, got {lengths}")
    fractions = any(not isinstance(x, numbers.Integral) for x in lengths)
    if fractions and math.isclose(sum(lengths), 1):
        sizes = [math.floor(n * frac) for frac in lengths]
        for i in range(n - sum(sizes)):
            sizes[i % len(sizes)] += 1
        lengths = sizes
    elif fractions:
        raise ValueError(f"random_split: fractional lengths must sum to 1, got {lengths}")
    if sum(lengths) != n:
        raise ValueError(f"random_split: sum of input lengths ({sum(lengths)}) does not equal "
                         f"the length of the input dataset ({n})")
    gen = generator if generator is not None else _random.generator()
    order = gen.permutation(n).tolist()
    subsets, start = [], 0
    for length in lengths:
        subsets.append(Subset(dataset, order[start:start + length]))
        start += length
    return subsets
